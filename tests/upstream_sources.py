"""Fetch the source distribution of scikit-image and keep its metric tests.

scikit-image's wheel ships without its tests, so ``tests/test_upstream_suites.py``
reads them from the source distribution of the installed version. ``make test``
runs this script while it installs the test environment, the only time it may
reach the package index; the tests themselves then run offline. The archive is
checked against the SHA-256 recorded here before anything is taken from it.

Usage: ``python tests/upstream_sources.py DESTINATION``
"""

import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path

PROJECT = "scikit-image"
# SHA-256 of the source distribution of each version the tests may meet
SHA256 = {
    "0.26.0": "f5f970ab04efad85c24714321fcc91613fcb64ef2a892a13167df2f3e59199fa",
}
# the test modules taken, from the archive's tests/skimage/metrics/
MODULES = ["test_simple_metrics.py", "test_structural_similarity.py"]


def _download_with_pip_finder(release):
    """The archive's bytes, found through pip's own index settings (about a second)."""
    from packaging.specifiers import SpecifierSet
    from pip._internal.commands import create_command

    command = create_command("download")
    options, _ = command.parse_args(["--no-binary", PROJECT, "--no-deps", "-q"])
    with command.main_context():
        session = command.get_default_session(options)
        finder = command._build_package_finder(
            options=options, session=session, ignore_requires_python=True
        )
        found = finder.find_best_candidate(PROJECT, SpecifierSet(f"=={release}"))
        link = found.best_candidate.link
        if not link.filename.endswith(".tar.gz"):
            raise RuntimeError(f"no source distribution of {PROJECT} {release}")
        response = session.get(link.url_without_fragment)
        response.raise_for_status()
        return response.content


def _download_with_pip(release):
    """The archive's bytes through ``pip download`` (slow: it prepares metadata)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
            + ["--no-binary", PROJECT, "-d", folder, f"{PROJECT}=={release}"],
            check=True,
        )
        (archive,) = Path(folder).glob("*.tar.gz")
        return archive.read_bytes()


def fetch(destination):
    release = version(PROJECT)
    if release not in SHA256:
        raise SystemExit(f"no recorded SHA-256 for {PROJECT} {release}: add it")
    destination = Path(destination)
    stamp = destination / f"{PROJECT}-{release}"
    if stamp.exists():
        return
    try:
        data = _download_with_pip_finder(release)
    except (ImportError, AttributeError, TypeError):  # pip's internals moved
        data = _download_with_pip(release)
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256[release]:
        raise SystemExit(
            f"{PROJECT} {release}: SHA-256 {digest} is not the recorded one"
        )
    destination.mkdir(parents=True, exist_ok=True)
    prefix = f"scikit_image-{release}/tests/skimage/metrics/"
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in MODULES:
            source = archive.extractfile(prefix + name)
            (destination / name).write_bytes(source.read())
    stamp.write_text(f"{PROJECT} {release} sha256 {digest}\n")


if __name__ == "__main__":
    fetch(sys.argv[1])
