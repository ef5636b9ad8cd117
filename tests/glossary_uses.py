"""Where each glossary term is first used: run ``python tests/glossary_uses.py``.

For every chapter, in the book's order, it prints the glossary terms the prose
uses and the sentence of each one's first use there: the place a ``{term}``
link belongs. Code, math and headings are skipped. Run it again whenever the
chapters or the glossary change.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def prose(notebook):
    """The notebook's Markdown without code, math, headings or roles' targets."""
    cells = json.loads(notebook.read_text())["cells"]
    text = "\n\n".join(
        "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
    )
    text = re.sub(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$", " ", text, flags=re.S)
    roles = r"\{[\w:-]+\}`[^`]*`|`[^`]*`|^#.*$|^:\w+:.*$|^\([\w-]+\)=$"
    text = re.sub(roles, " ", text, flags=re.M)
    return text


def first_uses():
    """{chapter file name: [(term, the sentence of its first use)]}."""
    entries = glossary_terms()
    found = {}
    for notebook in chapters():
        text = prose(notebook)
        uses = []
        for term, spellings in entries:
            pattern = "|".join(re.escape(s) for s in sorted(spellings, key=len)[::-1])
            flags = 0 if any(s.isupper() for s in spellings) else re.I
            match = re.search(rf"(?<![\w-])(?:{pattern})(?:e?s)?(?![\w-])", text, flags)
            if match:
                start = max(text.rfind(". ", 0, match.start()) + 2, 0)
                end = text.find(". ", match.end())
                sentence = " ".join(text[start : end if end > 0 else None].split())
                uses.append((match.start(), term, sentence[:100]))
        found[notebook.name] = [(term, sentence) for _, term, sentence in sorted(uses)]
    return found


def main():
    first_chapter = {}
    for chapter, uses in first_uses().items():
        print(f"\n{chapter}")
        for term, sentence in uses:
            first_chapter.setdefault(term, chapter)
            print(f"  {term:32} {sentence}")
    unused = [term for term, _ in glossary_terms() if term not in first_chapter]
    print("\nFirst chapter to use each term:")
    for term, chapter in first_chapter.items():
        print(f"  {term:32} {chapter}")
    print(f"\nUsed in no chapter: {', '.join(unused) or 'none'}")


if __name__ == "__main__":
    main()
