"""Shared fixtures: the repository root and one strict build of the book per test
session.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def book_build(tmp_path_factory):
    """Build the book strictly into a temporary folder; return (exit code, log, html
    folder).
    """
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [
        str(jupyter_book),
        "build",
        str(ROOT),
        "--path-output",
        str(out),
        "--warningiserror",
        "--nitpick",
        "--keep-going",
    ]
    env = {
        **os.environ,
        "PATH": f"{jupyter_book.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    return result.returncode, result.stdout + result.stderr, out / "_build" / "html"


class _TimeByFile:
    """Where the time of a session goes: seconds by test file (setup, call and
    teardown), the slowest first, printed at the end."""

    def __init__(self):
        self.seconds = {}

    def pytest_runtest_logreport(self, report):
        path = report.nodeid.split("::")[0]
        self.seconds[path] = self.seconds.get(path, 0.0) + report.duration

    def pytest_terminal_summary(self, terminalreporter):
        if not self.seconds:
            return
        terminalreporter.write_sep("=", "where the time goes: seconds by file")
        ranked = sorted(self.seconds.items(), key=lambda item: -item[1])
        for path, seconds in ranked[:20]:
            terminalreporter.write_line(f"{seconds:7.1f} s  {path}")
        rest = sum(seconds for _, seconds in ranked[20:])
        if rest:
            terminalreporter.write_line(
                f"{rest:7.1f} s  the {len(ranked) - 20} other files"
            )


def pytest_configure(config):
    # Registered as a plugin so that it sees every test, the package's doctests too.
    if not config.pluginmanager.has_plugin("time-by-file"):
        config.pluginmanager.register(_TimeByFile(), "time-by-file")
