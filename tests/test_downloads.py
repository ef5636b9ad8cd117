"""The built site offers msebook's wheel and the chapters as reader copies.

A reader copy resolves the book-only markup (glue, citations, cross-references,
gated solutions) so that JupyterLab with jupyterlab-myst shows the chapter whole.
"""
import re
import subprocess
import sys
import zipfile

import nbformat
import pytest
from conftest import ROOT
from myst_nb.core.variables import format_plain_text

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import reader_copies  # noqa: E402

BOOK_MARKUP = ["{glue", "{cite", "{numref", "{ref}", "{prf:ref", "{doc}",
               "{solution-start}", "{solution-end}"]
CHAPTERS = [path for path, _ in reader_copies.chapters()]


@pytest.fixture(scope="module")
def downloads(book_build):
    folder = book_build[2] / "downloads"
    if not folder.is_dir():
        pytest.fail(f"the build wrote no downloads folder:\n{book_build[1][-3000:]}")
    return folder


def test_site_offers_the_wheel_and_the_notebooks(downloads):
    wheel = f"msebook-{reader_copies.version()}-py3-none-any.whl"
    names = {path.name for path in downloads.iterdir()}
    assert names == {wheel, reader_copies.ZIP_NAME}


def test_the_wheel_installs_and_imports(downloads, tmp_path):
    wheel = next(downloads.glob("msebook-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--disable-pip-version-check", "--target", str(target), str(wheel)],
        check=True,
    )
    data = list((target / "msebook" / "history").glob("*.csv"))
    assert data, "the wheel lacks the data files"
    code = "import msebook; print(msebook.__file__); print(msebook.mse([1, 2], [1, 4]))"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=tmp_path, env={"PYTHONPATH": str(target), "PYTHONNOUSERSITE": "1"},
    ).stdout.split()
    assert shown[0].startswith(str(target)) and float(shown[1]) == 2.0


def test_the_zip_holds_every_chapter_with_no_book_markup(downloads):
    with zipfile.ZipFile(downloads / reader_copies.ZIP_NAME) as archive:
        names = sorted(archive.namelist())
        readme = archive.read("mse-book-notebooks/README.txt").decode()
        notebooks = {name: archive.read(name).decode() for name in names
                     if name.endswith(".ipynb")}
    assert sorted(notebooks) == sorted(f"mse-book-notebooks/{p.name}" for p in CHAPTERS)
    assert "jupyterlab-myst" in readme
    assert f"msebook-{reader_copies.version()}-py3-none-any.whl" in readme
    for name, text in notebooks.items():
        nbformat.validate(nbformat.reads(text, as_version=4))
        left = [markup for markup in BOOK_MARKUP if markup in text]
        assert not left, f"{name} still holds {left}"


@pytest.fixture(scope="module")
def book():
    return reader_copies.Book()


@pytest.fixture(scope="module")
def copies(book):
    """Each chapter's reader copy, made once for the module."""
    return {path: reader_copies.reader_copy(path, book) for path in CHAPTERS}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_glued_values_are_formatted_as_the_book_shows_them(path, copies):
    stored = nbformat.read(path, as_version=4)
    values = reader_copies._glued(stored)
    markdown = "\n".join(c.source for c in stored.cells if c.cell_type == "markdown")
    uses = re.findall(r"\{glue:text\}`([^`:]+):?([^`]*)`", markdown)
    assert uses
    copy = "\n".join(cell.source for cell in copies[path].cells)
    for key, spec in uses:
        plain, spec = values[key]["text/plain"], spec or "s"
        expected = format_plain_text(plain, spec)
        assert reader_copies._format_plain(plain, spec) == expected
        assert expected in copy


def test_citations_read_author_and_year(book):
    assert book.cite("james2021", textual=False) == "[James et al., 2021]"
    assert book.cite("lehmann1998", textual=True) == "Lehmann and Casella [1998]"
    assert book.cite("legendre1805, gauss1809", textual=False) == (
        "[Legendre, 1805; Gauss, 1809]"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_exercise_keeps_a_folded_solution(path, copies):
    copy = copies[path]
    markdown = "\n".join(c.source for c in copy.cells if c.cell_type == "markdown")
    exercises = re.findall(r"^:+\{exercise\}", markdown, flags=re.M)
    solution = r"^:+\{solution\}[^\n]*\n:class: dropdown"
    solutions = re.findall(solution, markdown, flags=re.M)
    assert len(exercises) >= 3 and len(solutions) == len(exercises)
    stored = nbformat.read(path, as_version=4).cells
    gated = sum(1 for c in stored if "{solution-start}" in c.source)
    hidden = [c for c in copy.cells
              if c.metadata.get("jupyter", {}).get("source_hidden")]
    assert len(hidden) >= gated, "the code of a gated solution is not folded"
    assert "## References" in copy.cells[-1].source
