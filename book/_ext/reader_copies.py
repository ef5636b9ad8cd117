"""Reader copies of the chapters, and msebook's wheel, for readers outside the book.

A reader copy is a chapter whose book-only markup is resolved so that plain
JupyterLab with jupyterlab-myst shows it properly: glued values filled in,
citations and cross-references written out as text, figure captions shown,
gated solutions folded. ``python book/_ext/reader_copies.py notebooks OUT``
writes the copies into OUT; ``... wheel OUT`` builds msebook's wheel into OUT;
``... downloads OUT`` writes both downloads (the wheel and the zip of the copies).
"""

import copy
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[2]
GLUE_PREFIX = "application/papermill.record/"
ZIP_NAME = "mse-book-notebooks.zip"
README = """\
The MSE Book: the chapters as notebooks
=======================================

Each notebook is one chapter of The MSE Book, with its outputs stored. They need
Python 3.10 or newer and msebook, the book's package, which comes as a wheel from
the same downloads page as this zip.

1. Create and activate a virtual environment:
       python3 -m venv mse-book && . mse-book/bin/activate
2. Install msebook (this brings numpy, sympy and matplotlib):
       pip install msebook-{version}-py3-none-any.whl
3. Install JupyterLab and its MyST renderer, which shows the exercises, proofs
   and mathematics the way the book does:
       pip install jupyterlab jupyterlab-myst
4. Unzip this file and open the notebooks:
       jupyter lab mse-book-notebooks

A few chapters need more, and say so in their first lines. Install the versions
the book was run with:
- the chapters that train models with PyTorch (PyTorch's CPU build is enough;
  its installation page shows how to ask for it):
       pip install torch==2.13.0 torchmetrics==1.9.0 keras==3.15.1
- the chapter on data that do not fit in memory:
       pip install dask==2026.8.0 distributed==2026.8.0

Run a chapter top to bottom (Run > Run All Cells). The solutions of the
exercises are folded; open one only after trying the exercise.
"""

ROLES = "glue|glue:text|glue:md|cite|cite:p|cite:t|numref|ref|prf:ref|doc"
ROLE = re.compile(r"\{(" + ROLES + r")\}`([^`]*)`")
OPTIONS = r"((?::\w+:.*\n)*)"
GLUE_DIRECTIVE = re.compile(
    r"^```\{glue:(math|figure)\} *(\S+)\n" + OPTIONS + "```$", re.M
)
GATE_START = re.compile(
    r"^(:{3,})\{solution-start\} *(\S+)\n" + OPTIONS + r"\1\n?", re.M
)
GATE_END = re.compile(r"^(:{3,})\{solution-end\}[ \t]*\n\1[ \t]*\n?", re.M)
LABELLED = re.compile(
    r"^:{3,}\{(exercise|prf:\w+)\} *(.*)\n(?::\w+:.*\n)*?:label: *(\S+)", re.M
)
TARGET = re.compile(r"^\((\S+)\)=\s*\n#+ +(.+)$", re.M)
HIDE_INPUT = {"remove-cell", "remove-input", "hide-cell", "hide-input"}
HIDE_OUTPUT = {"remove-cell", "remove-output", "hide-cell", "hide-output"}


def version(root=ROOT):
    """msebook's version, as its package metadata states it."""
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]


def chapters(root=ROOT):
    """The chapter notebooks in table-of-contents order, with their numbers."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    found, number = [], 0
    for part in toc.get("parts", []):
        for entry in part["chapters"]:
            number += part.get("numbered", False)
            path = root / (entry["file"] + ".ipynb")
            if path.is_file():
                found.append((path, number if part.get("numbered") else None))
    return found


def _figure(cell):
    return cell.get("metadata", {}).get("mystnb", {}).get("figure", {})


class Book:
    """What the chapters refer to: labels, titles, figure numbers, the bibliography."""

    def __init__(self, root=ROOT):
        from pybtex.database import parse_file

        self.root = root
        self.bibliography = parse_file(str(root / "book" / "references.bib"))
        self.targets, self.titles = {}, {}
        for page in sorted((root / "book").glob("*.md")):
            self._index_text(page.read_text(), page.stem)
        for path, number in chapters(root):
            self._index(path, number)

    def _index_text(self, text, page):
        """Note the page's title and the labelled headings, exercises and theorems."""
        heading = re.search(r"^# +(.+)$", text, re.M)
        if heading and page not in self.titles:
            self.titles[page] = heading.group(1).strip()
        for label, title in TARGET.findall(text):
            self.targets[label] = ("section", title.strip(), page)
        for kind, title, label in LABELLED.findall(text):
            name = kind.split(":")[-1].capitalize()
            self.targets[label] = (name, title.strip(), page)

    def _index(self, path, number):
        notebook = nbformat.read(path, as_version=4)
        chapter = path.stem
        figures = 0
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                self._index_text(cell.source, chapter)
            name = _figure(cell).get("name")
            if name:
                figures += 1
                prefix = f"{number}." if number else ""
                self.targets[name] = ("Fig.", f"{prefix}{figures}", chapter)

    def cite(self, keys, textual):
        """Author–year text for a citation, as the web book shows it."""
        labels = [self._author_year(key.strip()) for key in keys.split(",")]
        if textual:
            return ", ".join(f"{authors} [{year}]" for authors, year in labels)
        return "[" + "; ".join(f"{authors}, {year}" for authors, year in labels) + "]"

    def _author_year(self, key):
        from pybtex.richtext import Text

        entry = self.bibliography.entries[key]
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.prelast_names + p.last_names) for p in people]
        names = [Text.from_latex(name).render_as("text") for name in names]
        authors = f"{names[0]} et al." if len(names) > 2 else " and ".join(names) or key
        return authors, entry.fields.get("year", "n.d.")

    def references(self, keys):
        """The full entries for ``keys``, as a Markdown list sorted by author."""
        from pybtex.plugin import find_plugin

        style = find_plugin("pybtex.style.formatting", "plain")()
        entries = [self.bibliography.entries[key] for key in keys]
        ordered = sorted(entries, key=lambda e: self._author_year(e.key))
        lines = []
        for entry in ordered:
            formatted = next(iter(style.format_entries([entry])))
            authors, year = self._author_year(entry.key)
            text = formatted.text.render_as("text")
            lines.append(f"- **{authors}, {year}.** {text}")
        return "\n".join(lines)

    def reference(self, role, content, chapter):
        """Readable text for a cross-reference: a figure number or a target's title."""
        explicit = re.match(r"^(.*?)\s*<([^>]+)>$", content, re.S)
        text, label = explicit.groups() if explicit else (None, content.strip())
        if role == "doc":
            page = Path(label).name
            return text or f"*{self.titles.get(page, page)}*"
        unknown = ("section", label.replace("-", " "), chapter)
        kind, title, where = self.targets.get(label, unknown)
        if kind == "Fig.":
            return text.replace("%s", title) if text else f"Fig. {title}"
        if text:
            return text
        shown = f"*{title}*" if kind == "section" else f"{kind} *{title}*"
        if where != chapter and kind != "section":
            shown += f" in the chapter *{self.titles.get(where, where)}*"
        return shown


def _glued(notebook):
    """Every value a notebook glues: name -> its MIME bundle, prefixes removed."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                values[name] = {
                    key.removeprefix(GLUE_PREFIX): value
                    for key, value in output["data"].items()
                }
    return values


def _format_plain(text, spec):
    """myst-nb's formatting of a glued text/plain value."""
    import ast

    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if spec == "":
        return str(value)
    kind = spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, spec)


def _strip_delimiters(latex):
    latex = latex.strip()
    for start, end in (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"), ("$", "$")):
        if latex.startswith(start) and latex.endswith(end):
            return latex[len(start) : -len(end)]
    return latex


def reader_copy(path, book):
    """The reader copy of the chapter at ``path``, as a notebook node."""
    notebook = nbformat.read(path, as_version=4)
    chapter = Path(path).stem
    values = _glued(notebook)
    cited = []

    def role(match):
        kind, content = match.groups()
        if kind.startswith("glue"):
            key, _, spec = content.partition(":")
            data = values[key.strip()]
            if kind == "glue:md":
                return data["text/markdown"]
            return _format_plain(str(data["text/plain"]), spec or "s")
        if kind.startswith("cite"):
            keys = [key.strip() for key in content.split(",")]
            cited.extend(key for key in keys if key not in cited)
            return book.cite(content, textual=kind == "cite:t")
        return book.reference(kind.split(":")[-1], content, chapter)

    def directive(match, attachments):
        kind, key, options = match.groups()
        data = values[key]
        if kind == "math":
            return "$$\n" + _strip_delimiters(str(data["text/latex"])) + "\n$$"
        attachments[f"{key}.png"] = {"image/png": data["image/png"]}
        return f"![{key}](attachment:{key}.png)"

    cells, gated = [], None
    for cell in notebook.cells:
        cell = copy.deepcopy(cell)
        opens_gate = False
        if cell.cell_type == "markdown":
            attachments = cell.get("attachments", {})
            text = GLUE_DIRECTIVE.sub(
                lambda m, attachments=attachments: directive(m, attachments),
                cell.source,
            )
            text = ROLE.sub(role, text)
            if attachments:
                cell["attachments"] = attachments
            start = GATE_START.search(text)
            if start:
                gated, opens_gate = start.group(2), True
                fence, intro = start.group(1), text[start.end() :].strip()
                text = text[: start.start()] + (
                    f"{fence}{{solution}} {gated}\n:class: dropdown\n\n{intro}\n\n"
                    "The rest of the solution is in the folded cells below: click the "
                    f"bar at the left of a cell to unfold it.\n{fence}\n"
                )
            end = GATE_END.search(text)
            if end:
                gated = None
                text = text[: end.start()] + text[end.end() :]
                if not text.strip():
                    continue
            cell.source = text
        if gated is not None and not opens_gate:
            folded = {"source_hidden": True}
            if cell.cell_type == "code":
                folded["outputs_hidden"] = True
            cell.metadata["jupyter"] = folded
        _fold_tagged(cell)
        cells.append(cell)
        figure = _figure(cell)
        if figure.get("caption") and figure.get("name") in book.targets:
            number = book.targets[figure["name"]][1]
            caption = ROLE.sub(role, figure["caption"])
            cells.append(nbformat.v4.new_markdown_cell(f"**Fig. {number}.** {caption}"))
    if cited:
        references = "## References\n\n" + book.references(cited)
        cells.append(nbformat.v4.new_markdown_cell(references))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    notebook.cells = cells
    return notebook


def _fold_tagged(cell):
    """Fold what the book hides: cells tagged to hide or remove input or output."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    folded = {}
    if tags & HIDE_INPUT:
        folded["source_hidden"] = True
    if tags & HIDE_OUTPUT and cell.cell_type == "code":
        folded["outputs_hidden"] = True
    if folded:
        cell.metadata.setdefault("jupyter", {}).update(folded)


def write_notebooks(out, root=ROOT):
    """Write the reader copy of every chapter into ``out``; return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    book = Book(root)
    written = []
    for path, _ in chapters(root):
        target = out / path.name
        nbformat.write(reader_copy(path, book), target)
        written.append(target)
    return written


def build_wheel(out, root=ROOT):
    """Build msebook's wheel into ``out`` from a copy of the source; return its path.

    The copy keeps the working tree free of setuptools' ``build/`` folder. The
    build needs no network: ``--no-deps --no-build-isolation`` uses the setuptools
    of the running environment.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        source = Path(temporary) / "msebook-source"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(root / name, source / name)
        shutil.copytree(
            root / "msebook",
            source / "msebook",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-index",
                "--no-build-isolation",
                "--wheel-dir",
                str(out),
                str(source),
            ],
            check=True,
        )
    wheel = out / f"msebook-{version(root)}-py3-none-any.whl"
    if not wheel.is_file():
        raise FileNotFoundError(f"pip wheel did not write {wheel.name}")
    return wheel


def write_zip(out, root=ROOT):
    """Write the zip of all reader copies, with a README.txt, into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    target = out / ZIP_NAME
    folder = "mse-book-notebooks"
    with tempfile.TemporaryDirectory() as temporary:
        paths = write_notebooks(temporary, root)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            files = {"README.txt": README.format(version=version(root))}
            files |= {path.name: path.read_text() for path in paths}
            for name, text in files.items():
                info = zipfile.ZipInfo(f"{folder}/{name}", (2026, 1, 1, 0, 0, 0))
                archive.writestr(info, text, zipfile.ZIP_DEFLATED)
    return target


def write_downloads(out, root=ROOT):
    """Write msebook's wheel and the zip of reader copies into ``out``."""
    return build_wheel(out, root), write_zip(out, root)


def main(argv):
    commands = {
        "notebooks": write_notebooks,
        "wheel": build_wheel,
        "downloads": write_downloads,
    }
    if len(argv) != 2 or argv[0] not in commands:
        sys.exit(f"usage: reader_copies.py {{{'|'.join(commands)}}} OUT")
    print(commands[argv[0]](argv[1]))


if __name__ == "__main__":
    main(sys.argv[1:])
