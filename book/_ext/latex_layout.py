"""The PDF laid out as the web book is: numbers, solutions and bibliography.

- Exercises, theorems and the other numbered blocks carry the numbers they have
  on the web, "Exercise 3.2": chapter and count. For the PDF the book's parts
  become LaTeX parts and sphinx-jupyterbook-latex counts two levels of sections
  for every number, which would print "Exercise 3.6.2".
- On the web a solution sits folded under its exercise. Printed, it would sit in
  plain view right under the question, so every solution of a chapter moves, in
  order, into a last section of that chapter, "Solutions" (sphinx-exercise 1.2
  can only place solutions after their exercises or leave them out).
- Sphinx gathers every cited work into one list at the very end of a PDF, which
  left the Bibliography chapter empty; the list goes back into that chapter.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import solution_node

BIBLIOGRAPHY_PAGE = "book/bibliography"
# Kinds LaTeX numbers by itself, per chapter, whatever Sphinx's counts say.
NUMBERED_BY_LATEX = {"figure", "table", "code-block", "section"}
# thebibliography opens with a chapter of its own; inside the book's
# Bibliography chapter the list goes without one.
PREAMBLE = r"""
\makeatletter
\renewenvironment{sphinxthebibliography}[1]%
  {\begingroup\def\chapter*##1{}\begin{thebibliography}{#1}}%
  {\end{thebibliography}\endgroup}
\makeatother
"""


def numbers_as_on_the_web(app, env):
    """Renumber each chapter's blocks (chapter, count) in their order on the page."""
    if app.builder.format != "latex":
        return []
    for kinds in env.toc_fignumbers.values():
        for kind, numbers in kinds.items():
            if kind in NUMBERED_BY_LATEX:
                continue
            ordered = sorted(numbers.items(), key=lambda item: item[1])
            for count, (ident, number) in enumerate(ordered, start=1):
                numbers[ident] = (number[0], count)
    return []


def _chapters(tree):
    """Each included page's top section, with its solutions not in a nested page."""
    for page in tree.findall(addnodes.start_of_file):
        sections = [n for n in page.children if isinstance(n, nodes.section)]
        if not sections:
            continue
        nested = set()
        for inner in page.findall(addnodes.start_of_file):
            if inner is not page:
                nested.update(id(n) for n in inner.findall(solution_node))
        solutions = [s for s in page.findall(solution_node) if id(s) not in nested]
        yield page["docname"], sections[0], solutions


def solutions_at_chapter_end(app, doctree, docname):
    if app.builder.format != "latex":
        return
    for page, chapter, solutions in list(_chapters(doctree)):
        if not solutions:
            continue
        section = nodes.section(ids=[f"solutions-{page.replace('/', '-')}"])
        section += nodes.title("", "Solutions")
        for solution in solutions:
            solution.parent.remove(solution)
            section += solution
        chapter += section


class BibliographyInItsChapter(SphinxPostTransform):
    """Move the list Sphinx gathered at the document's end into the Bibliography."""

    default_priority = 760  # after Sphinx's BibliographyTransform (750)
    formats = ("latex",)

    def run(self, **kwargs):
        lists = list(self.document.findall(thebibliography))
        chapters = [
            chapter
            for page, chapter, _ in _chapters(self.document)
            if page == BIBLIOGRAPHY_PAGE
        ]
        if len(lists) == 1 and len(chapters) == 1:
            lists[0].parent.remove(lists[0])
            chapters[0] += lists[0]


def add_preamble(app, config):
    elements = dict(config.latex_elements or {})
    elements["preamble"] = elements.get("preamble", "") + PREAMBLE
    config.latex_elements = elements


def setup(app):
    app.connect("config-inited", add_preamble)
    # After Sphinx's own numbering, which listens at the default priority, 500.
    app.connect("env-get-updated", numbers_as_on_the_web, priority=900)
    app.connect("doctree-resolved", solutions_at_chapter_end)
    app.add_post_transform(BibliographyInItsChapter)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
