"""Execute the book's notebooks the way the book stores them.

``python tests/notebook_tools.py book/*.ipynb`` re-executes each notebook in
place (``make notebooks``); the tests import :func:`execute` to re-run a chapter
and compare its fresh outputs with the stored ones.
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path):
    """Run the notebook at ``path`` top to bottom in a fresh kernel; return the executed notebook."""
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    return client.execute()


def merge_streams(notebook):
    """Join consecutive stream outputs of the same name, which the kernel splits at arbitrary points in time."""
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if output.output_type == "stream" and previous and previous.output_type == "stream" and previous.name == output.name:
                previous.text += output.text
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged
    return notebook


def main(paths):
    for path in paths:
        print(f"executing {path}", flush=True)
        nbformat.write(merge_streams(execute(path)), path)


if __name__ == "__main__":
    main(sys.argv[1:])
