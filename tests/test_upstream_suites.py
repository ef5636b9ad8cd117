"""scikit-learn's and scikit-image's own metric tests, run against msebook.

Each test here runs one upstream test module in a separate pytest process, with
``tests/upstream_plugin.py`` replacing the library's metric functions by
msebook's before the module is imported. scikit-learn's modules are those shipped
inside the installed scikit-learn. scikit-image ships no tests in its wheel, so
``tests/upstream_sources.py`` takes its metric test modules from the source
distribution of the installed version when ``make test`` installs the test
environment, into ``_build/upstream/skimage``. The tests pass only if every
upstream test passes except the deliberate differences listed (with their
reasons) in ``upstream_plugin.py``, which must fail: strict expected failures.
book/testing.md describes the list.

Only the upstream tests of functions msebook has are run: scikit-image's tests
of normalized_root_mse and normalized_mutual_information are left out.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

import upstream_plugin  # noqa: E402  (tests/ is on the path under pytest)

HERE = Path(__file__).resolve().parent
SKIMAGE_TESTS = HERE.parent / "_build" / "upstream" / "skimage"

_COMMON = " or ".join(
    [
        "mean_squared_error",
        "mean_absolute_error",
        "mean_squared_log_error",
        "mean_absolute_percentage_error",
        "mean_pinball_loss",
        "r2_score",
    ]
)
_SKLEARN = list(upstream_plugin.REPLACED["sklearn.metrics"])

# upstream test module (a module name, or "skimage:" and a file under
# SKIMAGE_TESTS): the tests in it that concern msebook (None: all of them), and
# the replaced functions they must call
SUITES = {
    "sklearn.metrics.tests.test_regression": (None, _SKLEARN),
    "sklearn.metrics.tests.test_common": (_COMMON, _SKLEARN),
    "skimage:test_simple_metrics.py": ("PSNR", ["peak_signal_noise_ratio"]),
    "skimage:test_structural_similarity.py": (None, ["structural_similarity"]),
}


def _target(module):
    """The pytest arguments that name one upstream test module."""
    if module.startswith("skimage:"):
        path = SKIMAGE_TESTS / module.removeprefix("skimage:")
        assert path.exists(), (
            f"{path} is missing: `make test` fetches it with tests/upstream_sources.py"
        )
        return [str(path)]
    return ["--pyargs", module]


def _run(module, keywords, tmp_path):
    """Run one upstream test module with the plugin; return (exit code, output,
    calls).
    """
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    calls = tmp_path / "calls.json"
    command = [
        sys.executable,
        "-m",
        "pytest",
        *_target(module),
        "-p",
        "upstream_plugin",
        "-p",
        "no:cacheprovider",
        "-c",
        str(tmp_path / "pytest.ini"),
        "--rootdir",
        str(tmp_path),
        "-q",
        "-rfEX",
        "--tb=line",
    ]
    if keywords:
        command += ["-k", keywords]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(HERE), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
        "MSEBOOK_UPSTREAM_CALLS": str(calls),
    }
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp_path
    )
    counts = json.loads(calls.read_text()) if calls.exists() else {}
    return result.returncode, result.stdout + result.stderr, counts


@pytest.mark.parametrize("module", list(SUITES))
def test_upstream_suite_fails_only_on_deliberate_differences(module, tmp_path):
    keywords, called = SUITES[module]
    code, output, calls = _run(module, keywords, tmp_path)
    assert code == 0, output[-6000:]
    # the tests really called msebook, each function they concern
    assert all(calls.get(name) for name in called), calls
    # every deliberate difference of this module was met (strict: it failed)
    short = module.removeprefix("skimage:").removesuffix(".py").rsplit(".", 1)[-1]
    listed = [key for key in upstream_plugin.DELIBERATE if key.startswith(short)]
    assert f"{len(listed)} xfailed" in output, output[-3000:]


def test_every_deliberate_difference_has_a_reason():
    for key, reason in upstream_plugin.DELIBERATE.items():
        assert "::" in key and len(reason) > 40, key
