"""Leave out of the built site the files no browser reads.

The themes copy into ``_static`` their source maps, their translation
catalogues, the Jinja macros they render pages with, and the Font Awesome
script and web fonts; the book draws its few icons with ``icons.css`` instead
(see ``templates/layout.html``).
"""

import shutil

UNUSED = [
    "**/*.map",
    "scripts/fontawesome.js*",
    "vendor/fontawesome",
    "locales",
    "*webpack-macros.html",
]


def remove_unused(app, exception):
    if exception is None and app.builder.format == "html":
        static = app.outdir / "_static"
        for pattern in UNUSED:
            for path in static.glob(pattern):
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()


def setup(app):
    app.connect("build-finished", remove_unused)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
