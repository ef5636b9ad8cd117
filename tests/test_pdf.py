"""The whole book as one PDF: built through XeLaTeX, read back with poppler.

The PDF must hold every part and chapter, every figure, the exercises with their
solutions at the end of each chapter, numbered as on the web ("Exercise 3.2"),
and the bibliography in its own chapter, and show none of
the Markdown the web build interprets. The web book built beside it offers it
for download from the landing page.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ["xelatex", "latexmk", "pdftotext", "pdfimages"]
RAW_MARKUP = [
    "{glue",
    ":::",
    "{cite",
    "{numref",
    "{prf:",
    "{doc}",
    "{term}",
    "{ref}",
    "```",
    "{math}",
    "{eval-rst}",
]


def _run(*command, cwd=ROOT):
    jupyter_book = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{jupyter_book}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory):
    """Build the PDF, then the web book beside it; return the output folder."""
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        pytest.fail(
            f"{missing} not found: install TeX Live and poppler (make system-packages)"
        )
    out = tmp_path_factory.mktemp("pdf")
    jupyter_book = str(Path(sys.executable).parent / "jupyter-book")
    strict = ["--warningiserror", "--nitpick", "--keep-going"]
    result = _run(
        jupyter_book,
        "build",
        str(ROOT),
        "--path-output",
        str(out),
        "--builder",
        "pdflatex",
        *strict,
    )
    build = out / "_build"
    assert result.returncode == 0, f"the PDF build failed:\n{result.stdout[-5000:]}"
    assert "WARNING" not in result.stdout + result.stderr, result.stdout[-5000:]
    result = _run(jupyter_book, "build", str(ROOT), "--path-output", str(out), *strict)
    assert result.returncode == 0, f"the web build failed:\n{result.stdout[-5000:]}"
    return build


@pytest.fixture(scope="module")
def pdf_text(pdf_build):
    pdf = pdf_build / "latex" / "book.pdf"
    assert pdf.is_file()
    text = _run("pdftotext", "-layout", str(pdf), "-").stdout
    return " ".join(text.replace("\N{SOFT HYPHEN}", "").split())


def _notebooks():
    toc = (ROOT / "_toc.yml").read_text()
    names = re.findall(r"file:\s*(\S+)", toc)
    return [
        ROOT / f"{name}.ipynb" for name in names if (ROOT / f"{name}.ipynb").is_file()
    ]


def _cells(notebook):
    return json.loads(notebook.read_text())["cells"]


def _title(notebook):
    for cell in _cells(notebook):
        if cell["cell_type"] == "markdown":
            match = re.search(r"^# (.+)$", "".join(cell["source"]), re.M)
            if match:
                return match.group(1).strip()
    raise AssertionError(f"{notebook.name} has no title")


def test_every_part_and_chapter_is_in_the_pdf(pdf_text):
    notebooks = _notebooks()
    assert len(notebooks) >= 8
    for notebook in notebooks:
        title = _title(notebook).upper()
        assert title in pdf_text.upper(), f"no chapter {title!r}"
    captions = re.findall(r"caption:\s*(.+)", (ROOT / "_toc.yml").read_text())
    for caption in captions:
        part = rf"Part [IVX]+ {re.escape(caption.strip())}"
        assert re.search(part, pdf_text), f"no part {caption}"
    for page in ["Glossary", "Bibliography", "The msebook API"]:
        assert page in pdf_text


def test_every_figure_is_in_the_pdf(pdf_build):
    figures = sum(
        1
        for notebook in _notebooks()
        for cell in _cells(notebook)
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    )
    assert figures >= 20
    listing = _run("pdfimages", "-list", str(pdf_build / "latex" / "book.pdf")).stdout
    images = [
        line
        for line in listing.splitlines()[2:]
        if line.split() and line.split()[2] == "image"
    ]
    assert len(images) >= figures, f"{len(images)} images for {figures} figures"


def _plain(text):
    """Lower case, composed accents, no dashes or spaces: LaTeX breaks lines at both."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[-\u2010-\u2015\s\N{SOFT HYPHEN}]", "", text)


def test_the_bibliography_is_in_the_pdf(pdf_text):
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    entries = parse_file(str(ROOT / "book" / "references.bib")).entries
    assert len(entries) >= 30
    body = _plain(pdf_text)
    for key, entry in entries.items():
        title = Text.from_latex(entry.fields["title"]).render_as("text")
        words = " ".join(title.split()[:4])
        assert _plain(words) in body, f"{key}: {words!r} is not in the PDF"
    for label in ["[James et al., 2021]", "[Huber, 1964]", "[Legendre, 1805]"]:
        assert pdf_text.count(label) >= 2, f"{label} cited and listed"


def test_no_markup_leaks_into_the_pdf(pdf_text):
    # The API chapters quote markup in the docstrings they document.
    reference = list(re.finditer(r"Part [IVX]+ Reference", pdf_text))[-1]
    chapters = pdf_text[: reference.start()]
    for markup in RAW_MARKUP:
        assert markup not in chapters, f"{markup!r} is shown in the PDF"
    assert "Click to show" not in pdf_text


def test_solutions_come_at_the_end_of_each_chapter(pdf_text):
    body = pdf_text[pdf_text.index("Part I Foundations", 2000) :]
    number = r"(\d+)\.[\d.]+ \("
    exercises = re.findall(rf"(?<!Solution to )Exercise {number}", body)
    assert len(exercises) >= 20
    for chapter in sorted(set(exercises)):
        questions = [
            m.start()
            for m in re.finditer(
                rf"(?<!Solution to )Exercise {chapter}\.[\d.]+ \(", body
            )
        ]
        answers = [
            m.start()
            for m in re.finditer(rf"Solution to Exercise {chapter}\.[\d.]+ \(", body)
        ]
        assert answers, f"chapter {chapter} prints no solutions"
        assert min(answers) > max(questions), (
            f"chapter {chapter}: a solution is printed before the last exercise"
        )
        heading = body.rfind("Solutions", 0, min(answers))
        assert heading > max(questions), f"chapter {chapter}: no Solutions section"


def test_numbered_equations_keep_their_numbers(pdf_text):
    sources = "\n".join(
        "".join(cell["source"])
        for notebook in _notebooks()
        for cell in _cells(notebook)
        if cell["cell_type"] == "markdown"
    )
    labelled = len(re.findall(r"\$\$\s*\([\w-]+\)", sources))
    labelled += len(re.findall(r"```\{math\}[^`]*?:label:", sources))
    numbers = re.findall(r"\((\d+)\.(\d+)\)", pdf_text)
    assert len(numbers) >= labelled


def test_the_web_book_offers_the_pdf(pdf_build):
    html = pdf_build / "html"
    offered = html / "downloads" / "mse-book.pdf"
    assert offered.read_bytes() == (pdf_build / "latex" / "book.pdf").read_bytes()
    landing = (html / "book" / "intro.html").read_text()
    assert 'href="../downloads/mse-book.pdf"' in landing
    chapter = (html / "book" / "what-is-mse.html").read_text()
    assert "mse-book.pdf" not in chapter


def _exercise_titles(notebook):
    """The titles of a chapter's exercises, in order, as MyST source."""
    source = "".join("".join(cell["source"]) for cell in _cells(notebook))
    return re.findall(r"\{exercise\}[ \t]*([^\n]*)", source)


def test_exercises_are_numbered_as_on_the_web(pdf_text):
    """Chapter and count, "Exercise 3.2", not by section, "Exercise 3.6.2"."""
    deep = re.search(
        r"(Exercise|Theorem|Proposition|Definition) \d+\.\d+\.\d+", pdf_text
    )
    assert deep is None, f"numbered by section: {deep.group(0)!r}"
    checked = 0
    for chapter, notebook in enumerate(_notebooks(), start=1):
        for count, title in enumerate(_exercise_titles(notebook), start=1):
            if re.search(r"[$`{\\]", title):
                continue  # mathematics and markup print differently
            heading = f"Exercise {chapter}.{count} ({' '.join(title.split())})"
            assert heading in pdf_text, f"{notebook.name}: no {heading!r}"
            assert f"Solution to {heading}" in pdf_text, f"no solution to {heading!r}"
            checked += 1
    assert checked >= 40


def test_the_bibliography_chapter_holds_the_list(pdf_text):
    """Sphinx puts the list at the very end of a PDF; the book keeps it in its
    chapter.
    """
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    start = pdf_text.index("Every work cited in the book")
    end = pdf_text.index("THE MSEBOOK API", start)
    chapter = _plain(pdf_text[start:end])
    for key, entry in parse_file(str(ROOT / "book" / "references.bib")).entries.items():
        title = Text.from_latex(entry.fields["title"]).render_as("text")
        words = " ".join(title.split()[:4])
        assert _plain(words) in chapter, f"{key} is not in the Bibliography chapter"
