"""Offer the whole book as a PDF on the landing page, when one has been built.

``make pdf`` writes ``_build/latex/book.pdf``. When the web book is built next
to it, this module copies it into the site as ``downloads/mse-book.pdf`` and
adds a link to it, with its size, after the landing page's start button. With
no PDF there is neither file nor link, so the web book never needs TeX.
"""

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util.osutil import relative_uri

TARGET = "downloads/mse-book.pdf"


def built_pdf(app):
    """The PDF that ``make pdf`` wrote beside the HTML output, or None."""
    pdf = Path(app.outdir).parent / "latex" / "book.pdf"
    return pdf if app.builder.format == "html" and pdf.is_file() else None


def always_reread_landing_page(app, env, added, changed, removed):
    """The link depends on a file outside the sources: read the page again."""
    root = app.config.root_doc
    return [root] if root in env.found_docs else []


def add_link(app, doctree):
    if app.env.docname != app.config.root_doc:
        return
    pdf = built_pdf(app)
    if pdf is None:
        return
    uri = relative_uri(app.builder.get_target_uri(app.env.docname), TARGET)
    size = f"{pdf.stat().st_size / 1e6:.1f} MB"
    link = nodes.reference("", "the whole book as a PDF", refuri=uri)
    paragraph = nodes.paragraph(
        "", "", nodes.Text("Or download "), link, nodes.Text(f" ({size}).")
    )
    paragraph["classes"].append("book-pdf")
    start = [
        n
        for n in doctree.findall(nodes.Element)
        if "start-reading" in n.get("classes", [])
    ]
    if start:
        anchor = start[0]
        while anchor.parent is not None and not isinstance(
            anchor.parent, (nodes.section, nodes.document)
        ):
            anchor = anchor.parent
        anchor.parent.insert(anchor.parent.index(anchor) + 1, paragraph)
    else:
        section = next(iter(doctree.findall(nodes.section)), doctree)
        section.append(paragraph)


def copy_pdf(app, exception):
    pdf = built_pdf(app) if exception is None else None
    if pdf is not None:
        target = Path(app.outdir) / TARGET
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, target)


def setup(app):
    app.connect("env-get-outdated", always_reread_landing_page)
    app.connect("doctree-read", add_link)
    app.connect("build-finished", copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
