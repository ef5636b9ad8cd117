"""Each chapter links the first use of every glossary term to the glossary.

Reads the stored notebooks and book/glossary.md; no build is needed. The first
use of a term is found as ``tests/glossary_uses.py`` finds it.
"""

import re

import pytest
from glossary_uses import (
    TERM_ROLE,
    chapters,
    first_use_positions,
    glossary_terms,
    markdown_cells,
)

ENTRIES = glossary_terms()
CHAPTERS = list(chapters())


def entry_of(target):
    """The glossary entry (its first term) that a {term} target names, or None."""
    for term, spellings in ENTRIES:
        if any(target.lower() == s.lower() for s in spellings):
            return term
    return None


def links(notebook):
    """[(index of the cell, start, end, entry or None)] of the {term} links."""
    found = []
    for index, source in markdown_cells(notebook):
        for match in TERM_ROLE.finditer(source):
            target = match.group(2) or match.group(1)
            target = " ".join(target.split())
            found.append((index, match.start(), match.end(), entry_of(target)))
    return found


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda path: path.stem)
def test_term_targets_are_glossary_entries(notebook):
    unknown = [
        match.group(0)
        for _, source in markdown_cells(notebook)
        for match in TERM_ROLE.finditer(source)
        if entry_of(" ".join((match.group(2) or match.group(1)).split())) is None
    ]
    assert not unknown, f"not in the glossary: {unknown}"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda path: path.stem)
def test_first_use_of_each_term_is_linked(notebook):
    chapter_links = links(notebook)
    unlinked = []
    for term, (index, start, end) in first_use_positions(notebook, ENTRIES).items():
        if not any(
            i == index and a <= start and end <= b and entry == term
            for i, a, b, entry in chapter_links
        ):
            cells = dict(markdown_cells(notebook))
            unlinked.append((term, " ".join(cells[index][start:end].split())))
    assert not unlinked, f"first uses not linked: {unlinked}"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda path: path.stem)
def test_no_term_linked_twice(notebook):
    seen = [entry for *_, entry in links(notebook)]
    twice = sorted({entry for entry in seen if entry and seen.count(entry) > 1})
    assert not twice, f"linked more than once: {twice}"


def test_role_pattern_reads_both_forms():
    plain, named = TERM_ROLE.findall("{term}`bias` and {term}`residuals <residual>`")
    assert plain == ("bias", "")
    assert named == ("residuals", "residual")
    assert not re.search(TERM_ROLE, "{doc}`bias`")


def test_every_glossary_term_is_linked_from_a_chapter():
    linked = {entry for notebook in CHAPTERS for *_, entry in links(notebook)}
    unused = [term for term, _ in ENTRIES if term not in linked]
    assert not unused, f"glossary terms no chapter uses: {unused}"
