"""Execute the book's notebooks the way the book stores them.

``python tests/notebook_tools.py book/*.ipynb`` re-executes each notebook in
place (``make notebooks``); the tests import :func:`execute` to run a chapter in
the reader's environment and compare its fresh outputs with the stored ones.
"""
import json
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient


def execute(path, python=None):
    """Run the notebook at ``path`` top to bottom in a fresh kernel; return it executed.

    The kernel is this environment's ``python3``, or with ``python`` a kernel
    running that interpreter, from a kernel spec in a temporary folder.
    """
    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    options = dict(timeout=600, record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}})
    if python is None:
        return NotebookClient(notebook, kernel_name="python3", **options).execute()
    with tempfile.TemporaryDirectory() as kernels:
        spec = Path(kernels) / "reader"
        spec.mkdir()
        argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        kernel = {"argv": argv, "display_name": "Reader", "language": "python",
                  "env": {"PYTHONPATH": "", "PYTHONNOUSERSITE": "1"}}
        (spec / "kernel.json").write_text(json.dumps(kernel))
        specs = KernelSpecManager(kernel_dirs=[kernels])
        manager = AsyncKernelManager(kernel_name="reader", kernel_spec_manager=specs)
        return NotebookClient(notebook, km=manager, **options).execute(cleanup_kc=True)


def merge_streams(notebook):
    """Join consecutive stream outputs of one name, which the kernel splits at will."""
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            if merged and _same_stream(merged[-1], output):
                merged[-1].text += output.text
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged
    return notebook


def _same_stream(first, second):
    streams = first.output_type == second.output_type == "stream"
    return streams and first.name == second.name


def main(paths):
    for path in paths:
        print(f"executing {path}", flush=True)
        nbformat.write(merge_streams(execute(path)), path)


if __name__ == "__main__":
    main(sys.argv[1:])
