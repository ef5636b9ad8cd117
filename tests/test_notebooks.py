"""The chapters follow the book's conventions, read from the stored notebooks.

Clean storage, imports, hidden checks, line lengths, captions, citations, figure
sizes and the contents; tests/test_chapters_run.py runs each chapter and compares.
"""

import ast
import base64
import io
import json
import re
import sys

import numpy as np
import PIL.Image
import pytest
import tomllib
import yaml
from conftest import ROOT

from msebook import plotting

CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))


def _cells(notebook, kind):
    return [cell for cell in notebook["cells"] if cell["cell_type"] == kind]


def _source(cell):
    return "".join(cell["source"])


def _load(path):
    return json.loads(path.read_text())


def test_there_are_chapters():
    assert CHAPTERS, "no chapter notebooks under book/"


def test_table_of_contents_lists_every_page_and_nothing_else():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = {toc["root"]}
    for part in toc["parts"]:
        listed |= {chapter["file"] for chapter in part["chapters"]}
    pages = {
        str(p.relative_to(ROOT).with_suffix(""))
        for p in (ROOT / "book").glob("*")
        if p.suffix in {".md", ".ipynb"}
    }
    assert listed == pages


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_stored_as_one_clean_run(path):
    notebook = _load(path)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [cell for cell in _cells(notebook, "code") if _source(cell).strip()]
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1))
    for cell in code:
        for output in cell["outputs"]:
            assert output["output_type"] != "error", _source(cell)[:200]
            assert output.get("name") != "stderr", (
                f"a warning is stored in the chapter: {''.join(output['text'])[:300]}"
            )
            text = json.dumps(output)
            assert not re.search(r"/(work|home|root|tmp|Users)/", text), (
                "an output holds a path of the machine"
            )
            assert not re.search(r" at 0x[0-9a-f]{6,}", text), (
                "an output holds a memory address"
            )
            assert "np.float64(" not in text and "np.int64(" not in text, (
                "print numbers with explicit formatting"
            )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_cites_sources_and_has_exercises_with_folded_solutions(path):
    markdown = "\n".join(_source(cell) for cell in _cells(_load(path), "markdown"))
    assert "{cite}" in markdown
    exercises = re.findall(r"^:+\{exercise\}", markdown, flags=re.M)
    solutions = re.findall(
        r"^:+\{solution(?:-start)?\}[^\n]*\n:class: dropdown", markdown, flags=re.M
    )
    assert len(exercises) >= 3 and len(solutions) == len(exercises)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_figure_has_a_caption_and_alt_text(path):
    for cell in _cells(_load(path), "code"):
        if any("image/png" in output.get("data", {}) for output in cell["outputs"]):
            options = cell["metadata"].get("mystnb", {})
            assert options.get("figure", {}).get("caption"), (
                f"figure without caption: {_source(cell)[:120]}"
            )
            assert options.get("figure", {}).get("name"), (
                f"figure without a name to refer to: {_source(cell)[:120]}"
            )
            assert options.get("image", {}).get("alt"), (
                f"figure without alt text: {_source(cell)[:120]}"
            )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_glued_number_in_the_prose_is_computed(path):
    notebook = _load(path)
    used = set()
    for cell in _cells(notebook, "markdown"):
        used |= {
            key.split(":")[0]
            for key in re.findall(r"\{glue:[a-z]+\}`([^`]+)`", _source(cell))
        }
    glued = {
        output["metadata"]["scrapbook"]["name"]
        for cell in _cells(notebook, "code")
        for output in cell["outputs"]
        if "scrapbook" in output.get("metadata", {})
    }
    assert used and used <= glued, (
        f"glued in the prose but never computed: {used - glued}"
    )


# What a reader sees: conventions of the chapters' code cells and figures.

HIDING_TAGS = {"remove-cell", "hide-cell", "hide-input", "remove-input"}
MAX_LINE = 88
# CSS pixels of the content column on a 390-pixel phone and a 1280-pixel laptop
# (Chromium)
PHONE_COLUMN, LAPTOP_COLUMN = 342, 752
SMALLEST_TEXT = 9  # CSS pixels
LARGEST_PNG = 150_000  # bytes


def _code_cells(path):
    return [cell for cell in _cells(_load(path), "code") if _source(cell).strip()]


def _imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def _msebook_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {
        re.split(r"[<>=!~ \[;]", spec)[0].lower() for spec in project["dependencies"]
    }


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_imports_only_what_a_reader_has(path):
    notebook = _load(path)
    code = _code_cells(path)
    opening = _source(_cells(notebook, "markdown")[0])
    always = set(sys.stdlib_module_names) | {"msebook", "IPython"}
    first = set(_imported_modules(ast.parse(_source(code[0]))))
    for module in first - always:
        assert module in _msebook_dependencies() or re.search(
            rf"\b{module}\b", opening
        ), (
            f"the first cell imports {module}, which msebook does not install "
            "and the chapter's opening does not name"
        )
    for cell in code[1:]:
        for module in _imported_modules(ast.parse(_source(cell))):
            assert module in always | first, (
                f"{module} is imported outside the first cell: {_source(cell)[:120]}"
            )


def _glues_hidden(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "glue":
            display = [k.value for k in node.keywords if k.arg == "display"]
            if (
                display
                and isinstance(display[0], ast.Constant)
                and display[0].value is False
            ):
                return True
    return False


def _mostly_asserts(tree):
    statements = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.stmt)
        and not isinstance(node, (ast.For, ast.If, ast.With))
    ]
    asserts = [node for node in statements if isinstance(node, ast.Assert)]
    return len(asserts) >= 2 and 2 * len(asserts) >= len(statements)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_checks_and_glue_are_hidden_from_the_reader(path):
    for cell in _code_cells(path):
        tree = ast.parse(_source(cell))
        hidden = HIDING_TAGS & set(cell["metadata"].get("tags", []))
        if _glues_hidden(tree):
            assert hidden, f"a visible cell glues a hidden value: {_source(cell)[:200]}"
        if _mostly_asserts(tree):
            assert hidden, f"a visible cell is mostly assertions: {_source(cell)[:200]}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_code_and_printed_output_fit_a_laptop(path):
    for cell in _code_cells(path):
        for line in _source(cell).splitlines():
            assert len(line) <= MAX_LINE, (
                f"a code line of {len(line)} characters: {line}"
            )
        for output in cell["outputs"]:
            if output["output_type"] == "stream":
                for line in "".join(output["text"]).splitlines():
                    assert len(line) <= MAX_LINE, (
                        f"printed {len(line)} characters: {line}"
                    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_figures_use_the_style_sizes(path):
    """Text and widths come from msebook.plotting, so the sizes checked below hold."""
    for cell in _code_cells(path):
        source = _source(cell)
        for size in re.findall(r"fontsize=([\d.]+)", source):
            assert float(size) >= plotting.SMALLEST_FONT, (
                f"fontsize={size} in {source[:120]}"
            )
        for width in re.findall(r"figsize=\(([^,]+),", source):
            assert width == "WIDTH" or float(width) <= plotting.WIDTH, (
                f"figsize=({width}, ...)"
            )
        if re.search(r"semilog|loglog|scale\(\"log\"", source):
            assert "plain_log_labels(" in source, (
                f"log axis with raised exponents: {source[:120]}"
            )


def _png_size(data):
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_figures_are_sharp_and_legible_on_a_phone_and_a_laptop(path):
    for cell in _code_cells(path):
        for output in cell["outputs"]:
            if "image/png" not in output.get("data", {}):
                continue
            data = base64.b64decode(output["data"]["image/png"])
            width, _ = _png_size(data)
            dpi = PIL.Image.open(io.BytesIO(data)).info["dpi"][0]
            shown = output.get("metadata", {}).get("image/png", {}).get("width")
            name = cell["metadata"]["mystnb"]["figure"]["name"]
            assert shown, f"{name}: no display width stored with the figure"
            assert len(data) <= LARGEST_PNG, f"{name}: {len(data):,} bytes"
            assert width / min(shown, LAPTOP_COLUMN) >= 2, (
                f"{name}: below 2x on a laptop"
            )
            text_pixels = plotting.SMALLEST_FONT / 72 * dpi
            on_phone = text_pixels * min(shown, PHONE_COLUMN) / width
            assert on_phone >= SMALLEST_TEXT, (
                f"{name}: text {on_phone:.1f} CSS px on a phone"
            )
            image = np.asarray(PIL.Image.open(io.BytesIO(data)).convert("RGB"))
            corners = image[[0, 0, -1, -1], [0, -1, 0, -1]]
            assert (corners == 255).all(), f"{name}: the background is not white"
