"""In the PDF, the solutions of a chapter's exercises come at the chapter's end.

On the web a solution sits folded under its exercise. Printed, it would sit in
plain view right under the question, so for LaTeX this module moves every
solution of a chapter, in order, into a last section of that chapter,
"Solutions". sphinx-exercise 1.2 has no such option: it can only place
solutions after their exercises or leave them out.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx_exercise.nodes import solution_node


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
        if solutions:
            yield page["docname"], sections[0], solutions


def solutions_at_chapter_end(app, doctree, docname):
    if app.builder.format != "latex":
        return
    for page, chapter, solutions in list(_chapters(doctree)):
        section = nodes.section(ids=[f"solutions-{page.replace('/', '-')}"])
        section += nodes.title("", "Solutions")
        for solution in solutions:
            solution.parent.remove(solution)
            section += solution
        chapter += section


def setup(app):
    app.connect("doctree-resolved", solutions_at_chapter_end)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
