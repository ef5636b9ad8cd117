"""Every chapter runs once in the reader's environment and reproduces its outputs.

The reader's environment (``.venv-reader``, which ``make test`` refreshes) holds
msebook's wheel, built from the current source, a Jupyter kernel and nothing else; a
chapter whose first cell imports PyTorch, torchmetrics or Keras runs in
``.venv-reader-torch``, and one that imports Dask or distributed in
``.venv-reader-dask``, which add just those. Each chapter is executed there once; its
text outputs (every MIME type but images, streams and glued values) are compared
strictly with the stored ones after the substitutions of ``tests/sanitize.cfg``, and its
figures pixel for pixel. The execution times are reported at the end of the session.
"""

import base64
import configparser
import difflib
import io
import os
import re
import subprocess
import time
from pathlib import Path

import matplotlib.image
import nbformat
import numpy as np
import pytest
from conftest import ROOT
from nbclient.exceptions import CellExecutionError
from notebook_tools import execute, merge_streams

CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
READER = ROOT / os.environ.get("MSEBOOK_READER_ENV", ".venv-reader")
READER_TORCH = ROOT / os.environ.get("MSEBOOK_READER_TORCH_ENV", ".venv-reader-torch")
READER_DASK = ROOT / os.environ.get("MSEBOOK_READER_DASK_ENV", ".venv-reader-dask")
DEEP_LEARNING = {"torch", "torchmetrics", "keras"}
DISTRIBUTED = {"dask", "distributed"}
BUDGET = 90  # seconds a chapter may take on 2 cores
GLUE_PREFIX = "application/papermill.record/"
RUNS = {}  # chapter path -> (executed notebook or the error, seconds)


class _Timings:
    """Reports each chapter's execution time at the end of the session."""

    def pytest_terminal_summary(self, terminalreporter):
        if not RUNS:
            return
        terminalreporter.write_sep("=", "chapter execution times")
        for path, (_, seconds) in RUNS.items():
            over = "  OVER THE BUDGET" if seconds > BUDGET else ""
            terminalreporter.write_line(f"{seconds:6.1f} s  {path.name}{over}")
        terminalreporter.write_line(f"budget: {BUDGET} s a chapter on 2 cores")


@pytest.fixture(scope="module", autouse=True)
def _report_timings(request):
    manager = request.config.pluginmanager
    if not manager.has_plugin("chapter-timings"):
        manager.register(_Timings(), "chapter-timings")


def reader_environment(path):
    """The reader's environment the chapter at ``path`` needs, by its first cell's
    imports.
    """
    first = next(
        c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
    )
    imported = set(re.findall(r"^\s*(?:import|from)\s+(\w+)", first.source, re.M))
    if imported & DEEP_LEARNING:
        return READER_TORCH
    return READER_DASK if imported & DISTRIBUTED else READER


def run(path):
    """The chapter at ``path`` executed once in the reader's environment."""
    python = _python(reader_environment(path))
    if path not in RUNS:
        start = time.perf_counter()
        try:
            result = merge_streams(execute(path, python=python))
        except CellExecutionError as error:
            result = error
        RUNS[path] = (result, time.perf_counter() - start)
    result = RUNS[path][0]
    if isinstance(result, Exception):
        pytest.fail(f"{path.name} fails in the reader's environment:\n{result}"[:3000])
    return result


def _sanitizers():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tests" / "sanitize.cfg")
    return [
        (re.compile(section["regex"]), section["replace"])
        for section in parser.values()
        if "regex" in section
    ]


SANITIZERS = _sanitizers()


def _join(text):
    return text if isinstance(text, str) else "".join(text)


def text_outputs(cell):
    """A cell's outputs as lines of text: everything but images, sanitized."""
    lines = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            lines.append(f"--- stream {output['name']}")
            lines += _join(output["text"]).splitlines()
        elif kind == "error":
            lines.append(f"--- error {output['ename']}: {output['evalue']}")
        else:
            glue = output.get("metadata", {}).get("scrapbook", {}).get("name")
            lines.append(f"--- {kind}" + (f" glue {glue}" if glue else ""))
            for mime, data in sorted(output.get("data", {}).items()):
                if not mime.removeprefix(GLUE_PREFIX).startswith("image/"):
                    lines.append(f"[{mime}]")
                    lines += _join(data).splitlines()
    text = "\n".join(lines)
    for pattern, replacement in SANITIZERS:
        text = pattern.sub(replacement, text)
    return text.splitlines()


def differences(stored, fresh, name):
    """A message for every code cell whose text outputs changed, with a short diff."""
    messages = []
    for index, (old, new) in enumerate(zip(stored.cells, fresh.cells)):
        if old.cell_type != "code":
            continue
        before, after = text_outputs(old), text_outputs(new)
        if before != after:
            diff = difflib.unified_diff(before, after, "stored", "fresh", lineterm="")
            diff = list(diff)
            first = _join(old.source).splitlines()[:1]
            more = ["..."] if len(diff) > 24 else []
            messages.append(
                f"{name}, cell {index} ({first[0] if first else ''}):\n"
                + "\n".join(diff[:24] + more)
            )
    return messages


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_reproduces_its_stored_text_outputs(path):
    stored = nbformat.read(path, as_version=4)
    fresh = run(path)
    assert len(fresh.cells) == len(stored.cells)
    messages = differences(stored, fresh, path.name)
    assert not messages, (
        "outputs differ from the stored ones (run `make notebooks` if intended):\n\n"
        + "\n\n".join(messages[:3])
    )


def images(notebook):
    """Every PNG figure of a notebook: (cell index, pixels)."""
    return [
        (index, matplotlib.image.imread(io.BytesIO(base64.b64decode(data)), "png"))
        for index, cell in enumerate(notebook.cells)
        for output in cell.get("outputs", [])
        if (data := output.get("data", {}).get("image/png"))
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_stored_figures_are_current(path):
    stored = images(nbformat.read(path, as_version=4))
    fresh = images(run(path))
    assert len(fresh) == len(stored), (
        f"{path.name} draws {len(fresh)} figures, {len(stored)} are stored: "
        "run `make notebooks`"
    )
    for (index, old), (_, new) in zip(stored, fresh):
        same = old.shape == new.shape and np.array_equal(old, new)
        assert same, f"{path.name}, cell {index}: stale figure: run `make notebooks`"


def _pins(name):
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            package, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", package).lower()] = version.strip()
    return pins


ENVIRONMENTS = {
    READER: ["requirements-reader.txt"],
    READER_TORCH: ["requirements-reader.txt", "requirements-reader-torch.txt"],
    READER_DASK: ["requirements-reader.txt", "requirements-reader-dask.txt"],
}


def _python(environment):
    python = environment / "bin" / "python"
    if not python.exists():
        pytest.fail(f"no reader's environment at {environment.name}: run `make test`")
    return python


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda p: p.name)
def test_reader_environment_holds_only_the_wheel_and_the_kernel(environment):
    listed = subprocess.run(
        [
            _python(environment),
            "-m",
            "pip",
            "list",
            "--format=freeze",
            "--disable-pip-version-check",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = _pins_of(listed)
    expected = {}
    for name in ENVIRONMENTS[environment]:
        expected.update(_pins(name))
    installed.pop("pip", None)
    installed.pop("setuptools", None)  # part of every new virtual environment
    assert installed.pop("msebook", None), "the reader's environment lacks msebook"
    assert installed == expected


def _pins_of(text):
    return {
        # A local label (torch's "+cpu") is what an exact pin without one matches.
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line.split("==")[1].split(
            "+"
        )[0]
        for line in text.splitlines()
        if "==" in line
    }


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda p: p.name)
def test_reader_environment_has_the_current_source(environment, tmp_path):
    where = subprocess.run(
        [
            _python(environment),
            "-c",
            "import msebook, os; print(os.path.dirname(msebook.__file__))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    installed = Path(where)
    assert installed != ROOT / "msebook", "the kernel imports the source, not the wheel"
    for source in (ROOT / "msebook").rglob("*"):
        if source.is_file() and "__pycache__" not in source.parts:
            copy = installed / source.relative_to(ROOT / "msebook")
            assert copy.is_file() and copy.read_bytes() == source.read_bytes(), (
                f"{copy.name} in the reader's environment is not the current source: "
                "run `make test`"
            )


@pytest.mark.parametrize(
    "name",
    [
        "requirements-book.txt",
        "requirements-reader.txt",
        "requirements-reader-torch.txt",
        "requirements-reader-dask.txt",
        "requirements-lab.txt",
    ],
)
def test_every_pin_agrees_with_requirements_txt(name):
    full, pins = _pins("requirements.txt"), _pins(name)
    assert pins
    assert {p: v for p, v in pins.items() if full.get(p, v) != v} == {}
    if name != "requirements-lab.txt":
        assert set(pins) <= set(full), f"{name} names packages requirements.txt lacks"
