"""A chapter's reader copy in JupyterLab with jupyterlab-myst: it runs and renders.

JupyterLab comes from the lab environment (``.venv-lab``, which ``make test``
refreshes). The server listens on 127.0.0.1 with a token and its own temporary
settings, and reaches no outside server; Chromium opens one chapter, runs all
its cells and looks at the result.
"""
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse

import nbformat
import pytest
from conftest import ROOT
from playwright.sync_api import sync_playwright
from test_book import CHROMIUM, CHROMIUM_FLAGS

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import reader_copies  # noqa: E402

LAB = ROOT / os.environ.get("MSEBOOK_LAB_ENV", ".venv-lab")
CHAPTER = "what-is-mse.ipynb"
OFFLINE = [
    "--LabApp.news_url=None",
    "--LabApp.extension_manager=readonly",
    "--LabApp.check_for_updates_class="
    "jupyterlab.handlers.announcements.NeverCheckForUpdate",
]
RAW_MARKUP = ["{glue", "{cite", "{numref", "{ref}", "{prf:ref", "{doc}", ":::",
              "{exercise}"]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _settings(home):
    """Temporary Jupyter folders: no announcements, every cell kept in the page."""
    names = ("config", "data", "runtime", "settings", "work")
    folders = {name: home / name for name in names}
    for folder in folders.values():
        folder.mkdir()
    (folders["config"] / "labconfig").mkdir()
    announcements = "@jupyterlab/apputils-extension:announcements"
    page_config = {"disabledExtensions": {announcements: True}}
    (folders["config"] / "labconfig" / "page_config.json").write_text(
        json.dumps(page_config))
    tracker = folders["settings"] / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    return folders


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving the reader copies; yields (base URL, token, their folder)."""
    jupyter_lab = LAB / "bin" / "jupyter-lab"
    if not jupyter_lab.exists():
        pytest.fail(f"no JupyterLab environment at {LAB.name}: run `make test`")
    folders = _settings(tmp_path_factory.mktemp("lab"))
    notebooks = folders["work"] / "notebooks"
    reader_copies.write_notebooks(notebooks)
    token, port = secrets.token_hex(16), _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folders["config"]),
        "JUPYTER_DATA_DIR": str(folders["data"]),
        "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
        "JUPYTERLAB_SETTINGS_DIR": str(folders["settings"]),
        "JUPYTERLAB_WORKSPACES_DIR": str(folders["work"]),
        "PYTHONPATH": "",
    }
    command = [
        str(jupyter_lab), "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}",
        *OFFLINE,
    ]
    log = (folders["work"] / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                              cwd=notebooks, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(server, f"{base}/api/status?token={token}", folders["work"])
        yield base, token, notebooks
    finally:
        _stop(server)
        log.close()


def _wait_until_ready(server, url, work, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = (work / "lab.log").read_text()
            pytest.fail(f"JupyterLab stopped:\n{log[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer in {timeout} s")


def _stop(server):
    """Stop the server and the kernels it started (its own process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_chapter_runs_and_renders_in_jupyterlab(lab):
    base, token, notebooks = lab
    copy = nbformat.read(notebooks / CHAPTER, as_version=4)
    visible = sum(
        1 for cell in copy.cells
        if cell.cell_type == "code" and cell.source.strip()
        and not cell.metadata.get("jupyter", {}).get("source_hidden")
    )
    outside, errors = [], []
    with sync_playwright() as playwright:
        chromium = playwright.chromium
        browser = chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: _local_only(route, outside))
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{base}/lab/tree/{CHAPTER}?token={token}")
            page.wait_for_selector(".jp-MarkdownCell .myst aside", timeout=120_000)
            idle = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
            page.wait_for_selector(idle, timeout=120_000)
            _menu(page, "Edit", "editmenu:clear-all")
            _menu(page, "Run", "runmenu:run-all")
            page.wait_for_function(ALL_RUN, arg=visible, timeout=300_000, polling=500)
            result = page.evaluate(WHAT_IS_SHOWN)
        finally:
            browser.close()
    assert not outside, f"JupyterLab reached outside: {outside}"
    assert not errors, f"errors in the page: {errors}"
    assert not result["stderr"], f"cells wrote errors: {result['stderr'][:3]}"
    assert result["figures"] >= 4
    assert len(result["exercises"]) >= 3
    assert "MSE from scratch" in result["exercises"][0]
    assert result["solutions"] >= len(result["exercises"]), "solutions should be folded"
    left = [markup for markup in RAW_MARKUP if markup in result["text"]]
    assert not left, f"raw markup shown: {left}"
    expected = ["squared errors add up to 1100", "[James et al., 2021]", "Fig. 1.1"]
    missing = [text for text in expected if text not in result["text"]]
    assert not missing, f"glue, citations or figure numbers not shown: {missing}"


# True once every visible code cell has a number and the kernel is idle.
ALL_RUN = """(visible) => {
    const prompts = Array.from(
        document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'),
        e => e.innerText.trim());
    const done = prompts.filter(p => /^\\[\\d+\\]:$/.test(p)).length;
    const state = document.querySelector('.jp-Notebook-ExecutionIndicator');
    return done === visible && !prompts.some(p => p.includes('*'))
        && state && state.dataset.status === 'idle';
}"""
WHAT_IS_SHOWN = """() => {
    const all = selector => Array.from(document.querySelectorAll(selector));
    return {
        stderr: all('[data-mime-type="application/vnd.jupyter.stderr"]')
            .map(e => e.innerText),
        figures: all('.jp-OutputArea-output img').length,
        exercises: all('.jp-MarkdownCell .myst aside.myst-exercise')
            .map(e => e.innerText),
        solutions: all('.jp-MarkdownCell .myst details').length,
        text: all('.jp-MarkdownCell .myst').map(e => e.innerText).join('\\n'),
    };
}"""


def _menu(page, menu, command):
    page.click(f"li.lm-MenuBar-item:has-text('{menu}')")
    page.click(f"li.lm-Menu-item[data-command='{command}']")


def _local_only(route, outside):
    if urlparse(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        outside.append(route.request.url)
        route.abort()
