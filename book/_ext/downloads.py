"""Put the reader's downloads into the built site: msebook's wheel and the notebooks.

After an HTML build, ``downloads/`` of the output holds
``msebook-<version>-py3-none-any.whl`` and ``mse-book-notebooks.zip`` (reader
copies of every chapter, see ``reader_copies.py``), which the landing page links.
"""
import sys
from pathlib import Path

from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).parent))
import reader_copies  # noqa: E402

logger = logging.getLogger(__name__)


def write_downloads(app, exception):
    if exception is None and app.builder.format == "html":
        out = Path(app.outdir) / "downloads"
        wheel, notebooks = reader_copies.write_downloads(out, Path(app.srcdir))
        logger.info(f"downloads: {wheel.name}, {notebooks.name}")


def setup(app):
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
