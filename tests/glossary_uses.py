"""Where each glossary term is first used: run ``python tests/glossary_uses.py``.

For every chapter, in the book's order, it prints the glossary terms the prose
uses and the sentence of each one's first use there: the place a ``{term}``
link belongs. Code, math, headings, directive lines, link texts and the text of
other roles are skipped; the text shown by a ``{term}`` link counts as prose.
Where spellings overlap, the longest wins: "bias" inside "bias–variance
decomposition" or "loss" inside "Huber loss" is not a use of the shorter term.
Run it again whenever the chapters or the glossary change.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A {term} link: its shown text, and its target when that differs.
TERM_ROLE = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^`>]*)>)?`")
# Words that spell a glossary term but mean something else there, by chapter, as
# regular expressions over the masked prose: the bias of a neural network's unit
# (its constant term), and "estimate" as a verb (the glossary's is the noun).
OTHER_SENSE = {
    "what-is-mse.ipynb": [r"estimate(?=\s+by the sample mean)"],
    "properties.ipynb": [
        r"no biases",
        r"the bias of one",
        r"without biases",
        r"weights and bias",
    ],
    "bias-variance.ipynb": [
        r"estimate(?=\s+a number)",
        r"(?<=squared bias )estimates",
        r"(?<=sample MSE )estimates",
    ],
    "maximum-likelihood.ipynb": [r"estimate(?=\s+different things)"],
    "metrics-in-practice.ipynb": [r"estimates(?=\s+and how a line)"],
    "probabilities.ipynb": [r"estimates(?=\s+the class probabilities)"],
    "images-and-signals.ipynb": [
        r"Estimate(?=\s+the PSNR)",
        r"(?<=filter that )estimates",
        r"(?<=\) )estimate(?=\s+the posterior)",
    ],
}
# What is not running prose, masked in this order.
SKIPPED = [
    re.compile(r"^(`{3,}|~{3,}).*?^\1", re.S | re.M),  # fenced code and directives
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\{(?!term\})[\w:-]+\}`[^`]*`"),  # other roles
    re.compile(r"(?<![`}])`[^`]+`"),  # code spans
    re.compile(r"\$\$.*?\$\$", re.S),
    re.compile(r"\\begin\{([\w*]+)\}.*?\\end\{\1\}", re.S),
    re.compile(r"(?<!\\)\$[^$\n]*(?<!\\)\$"),
    re.compile(r"^\s*#.*$", re.M),  # headings
    re.compile(r"^\s*:{3,}.*$", re.M),  # colon fences and their titles
    re.compile(r"^\s*:[\w-]+:.*$", re.M),  # directive options
    re.compile(r"^\([\w-]+\)=\s*$", re.M),  # targets
    re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|\[\^[^\]\n]*\]|<https?://[^>\n]*>"),
]


def glossary_terms():
    """Each entry of book/glossary.md as (its first term, all its spellings)."""
    text = (ROOT / "book" / "glossary.md").read_text()
    block = re.search(r"```\{glossary\}\n(.*?)```", text, re.S).group(1)
    entries, names = [], []
    for line in block.splitlines() + [""]:
        if line and not line.startswith(" "):
            names.append(line.strip())
        elif names:
            entries.append((names[0], names))
            names = []
    return entries


def chapters():
    toc = (ROOT / "_toc.yml").read_text()
    for name in re.findall(r"file:\s*(\S+)", toc):
        path = ROOT / f"{name}.ipynb"
        if path.is_file():
            yield path


def _blank(text, start, end):
    """The text with [start, end) blanked, its length and line breaks kept."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def mask(source):
    """One Markdown cell's source with everything but running prose blanked.

    The result has the same length as the source, so a position in it is a
    position in the source. A ``{term}`` link keeps only its shown text.
    """
    text = source
    for match in TERM_ROLE.finditer(source):
        text = _blank(text, match.start(), match.start(1))
        text = _blank(text, match.end(1), match.end())
    for pattern in SKIPPED:
        for match in pattern.finditer(text):
            text = _blank(text, match.start(), match.end())
    return text


def markdown_cells(notebook):
    """[(index of the cell, its source)] for the notebook's Markdown cells."""
    cells = json.loads(Path(notebook).read_text())["cells"]
    return [
        (i, "".join(c["source"]))
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown"
    ]


def prose(notebook):
    """The notebook's Markdown without code, math, headings or roles' targets."""
    return "\n\n".join(mask(source) for _, source in markdown_cells(notebook))


def term_pattern(spellings):
    """A regex for any spelling of an entry, plurals included.

    Acronyms (all capitals) match in their case only, other spellings in any;
    a line break may stand for a space.
    """
    parts = []
    for s in sorted(spellings, key=len, reverse=True):
        word = r"\s+".join(re.escape(w) for w in s.split())
        parts.append(word if s.isupper() else f"(?i:{word})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?:e?s)?(?![\w-])")


def uses(text, entries=None):
    """[(start, end, term)]: the uses of glossary terms in text, in order.

    Overlapping matches are resolved from left to right, the longest first.
    """
    entries = glossary_terms() if entries is None else entries
    found = []
    for term, spellings in entries:
        for match in term_pattern(spellings).finditer(text):
            found.append((match.start(), match.end(), term))
    found.sort(key=lambda use: (use[0], use[0] - use[1]))
    kept, end = [], -1
    for use in found:
        if use[0] >= end:
            kept.append(use)
            end = use[1]
    return kept


def first_use_positions(notebook, entries=None):
    """{term: (index of the cell, start, end)} of each term's first use."""
    first = {}
    for index, source in markdown_cells(notebook):
        text = mask(source)
        for phrase in OTHER_SENSE.get(Path(notebook).name, []):
            for match in re.finditer(phrase, text):
                text = _blank(text, match.start(), match.end())
        for start, end, term in uses(text, entries):
            first.setdefault(term, (index, start, end))
    return first


def first_uses():
    """{chapter file name: [(term, the sentence of its first use)]}."""
    entries = glossary_terms()
    found = {}
    for notebook in chapters():
        cells = dict(markdown_cells(notebook))
        rows = []
        for term, (index, start, end) in first_use_positions(notebook, entries).items():
            text = mask(cells[index])
            left = max(text.rfind(". ", 0, start) + 2, 0)
            right = text.find(". ", end)
            sentence = " ".join(text[left : right if right > 0 else None].split())
            rows.append(((index, start), term, sentence[:100]))
        found[notebook.name] = [(term, sentence) for _, term, sentence in sorted(rows)]
    return found


def main():
    first_chapter = {}
    for chapter, chapter_uses in first_uses().items():
        print(f"\n{chapter}")
        for term, sentence in chapter_uses:
            first_chapter.setdefault(term, chapter)
            print(f"  {term:32} {sentence}")
    unused = [term for term, _ in glossary_terms() if term not in first_chapter]
    print("\nFirst chapter to use each term:")
    for term, chapter in first_chapter.items():
        print(f"  {term:32} {chapter}")
    print(f"\nUsed in no chapter: {', '.join(unused) or 'none'}")


if __name__ == "__main__":
    main()
