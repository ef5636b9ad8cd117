"""Shared fixtures: the repository root and one strict build of the book per test session."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def book_build(tmp_path_factory):
    """Build the book strictly into a temporary folder; return (exit code, log, html folder)."""
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
