"""Serve MathJax from the built site, so pages typeset their math with no network.

The MathJax 3 distribution comes from the pinned ``django-static-mathjax``
package; its ``es5`` folder is copied to ``_static/mathjax`` of the HTML output,
where ``mathjax_path: mathjax/tex-chtml.js`` (in ``_config.yml``) points.
"""
import shutil
from importlib.resources import files


def copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        source = files("mathjax") / "static" / "mathjax" / "es5"
        shutil.copytree(source, app.outdir / "_static" / "mathjax", dirs_exist_ok=True)


def setup(app):
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
