"""Serve MathJax from the built site, and only to the pages that show mathematics.

The MathJax 3 distribution comes from the pinned ``django-static-mathjax``
package. Of its ``es5`` folder, only what ``tex-chtml.js`` uses is copied to
``_static/mathjax`` of the HTML output, where ``mathjax_path`` (in
``_config.yml``) points: the component itself, the web fonts it typesets with
and the TeX extensions it loads when a page needs one.
"""

import shutil
from importlib.resources import files

from sphinx.domains.math import MathDomain

PARTS = ["tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions"]


class PageMathDomain(MathDomain):
    """Sphinx's math domain, except that a page has equations only if it shows some.

    Sphinx also counts the equations of every page in a page's table of
    contents, which gives MathJax to the landing page, the root of the book.
    """

    def has_equations(self, docname=None):
        if not docname:
            return super().has_equations()
        return self.data["has_equations"].get(docname, False)


def copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        source = files("mathjax") / "static" / "mathjax" / "es5"
        target = app.outdir / "_static" / "mathjax"
        shutil.rmtree(target, ignore_errors=True)
        for part in PARTS:
            if (source / part).is_dir():
                shutil.copytree(source / part, target / part)
            else:
                (target / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / part, target / part)


def setup(app):
    app.add_domain(PageMathDomain, override=True)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
