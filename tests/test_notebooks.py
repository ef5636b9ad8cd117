"""The chapters follow the book's conventions, and their stored figures are the ones the code draws now.

nbval (run by the same pytest command) re-executes every chapter and compares its text outputs;
these tests cover what nbval does not: figures, clean storage, captions, citations and the contents.
"""
import json
import re

import pytest
import yaml
from conftest import ROOT

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
    pages = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").glob("*") if p.suffix in {".md", ".ipynb"}}
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
            assert output.get("name") != "stderr", f"a warning is stored in the chapter: {''.join(output['text'])[:300]}"
            text = json.dumps(output)
            assert not re.search(r"/(work|home|root|tmp|Users)/", text), "an output holds a path of the machine"
            assert not re.search(r" at 0x[0-9a-f]{6,}", text), "an output holds a memory address"
            assert "np.float64(" not in text and "np.int64(" not in text, "print numbers with explicit formatting"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_cites_sources_and_has_exercises_with_folded_solutions(path):
    markdown = "\n".join(_source(cell) for cell in _cells(_load(path), "markdown"))
    assert "{cite}" in markdown
    exercises = re.findall(r"^:+\{exercise\}", markdown, flags=re.M)
    solutions = re.findall(r"^:+\{solution(?:-start)?\}[^\n]*\n:class: dropdown", markdown, flags=re.M)
    assert len(exercises) >= 3 and len(solutions) == len(exercises)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_figure_has_a_caption_and_alt_text(path):
    for cell in _cells(_load(path), "code"):
        if any("image/png" in output.get("data", {}) for output in cell["outputs"]):
            options = cell["metadata"].get("mystnb", {})
            assert options.get("figure", {}).get("caption"), f"figure without caption: {_source(cell)[:120]}"
            assert options.get("figure", {}).get("name"), f"figure without a name to refer to: {_source(cell)[:120]}"
            assert options.get("image", {}).get("alt"), f"figure without alt text: {_source(cell)[:120]}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_glued_number_in_the_prose_is_computed(path):
    notebook = _load(path)
    used = set()
    for cell in _cells(notebook, "markdown"):
        used |= {key.split(":")[0] for key in re.findall(r"\{glue:[a-z]+\}`([^`]+)`", _source(cell))}
    glued = {
        output["metadata"]["scrapbook"]["name"]
        for cell in _cells(notebook, "code")
        for output in cell["outputs"]
        if "scrapbook" in output.get("metadata", {})
    }
    assert used and used <= glued, f"glued in the prose but never computed: {used - glued}"
