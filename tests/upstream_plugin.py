"""A pytest plugin that runs scikit-learn's and scikit-image's metric tests against
msebook.

Loaded by ``tests/test_upstream_suites.py`` in a separate pytest process (``-p
upstream_plugin``). Before any test module is imported it replaces the metric
functions in ``sklearn.metrics`` and ``skimage.metrics`` by thin adapters that
call msebook, so the upstream test modules, which import them from there, test
msebook instead. Each test that fails on a deliberate difference is marked as a
strict expected failure with its reason: a test that starts passing, or another
that starts failing, makes the run fail.
"""

import functools
import importlib
import json
import os

import numpy as np
import pytest

import msebook

# module: {its function's name: msebook's function (same arguments and names)}
REPLACED = {
    "sklearn.metrics": {
        "mean_squared_error": msebook.mse,
        "root_mean_squared_error": msebook.rmse,
        "mean_absolute_error": msebook.mae,
        "mean_squared_log_error": msebook.msle,
        "root_mean_squared_log_error": msebook.rmsle,
        "mean_absolute_percentage_error": msebook.mape,
        "mean_pinball_loss": msebook.pinball,
        "r2_score": msebook.r2,
    },
    "skimage.metrics": {
        "peak_signal_noise_ratio": msebook.images.psnr,
        "structural_similarity": msebook.images.ssim,
    },
}

_MESSAGE = (
    "msebook's ValueError words the message its own way, naming the argument "
    "(and the first bad index), not scikit-learn's text that the test matches"
)
_LENGTH = (
    "the numerical invariances pass; the test then matches scikit-learn's message "
    "'Found input variables with inconsistent numbers of samples', and msebook "
    "says 'sample_weight must have length 50, got 49'"
)
_ONE_SAMPLE = (
    "r2 of a single sample is undefined: msebook raises a ValueError, "
    "scikit-learn warns and returns nan"
)
_COMMON_METRICS = [
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_pinball_loss",
    "mean_squared_error",
    "mean_squared_log_error",
    "root_mean_squared_error",
    "root_mean_squared_log_error",
]

# test id, "module::name[parameters]": why msebook differs
DELIBERATE = {
    "test_regression::test_regression_metrics_at_limits": (
        "msle and rmsle refuse values at or below -1 with msebook's message "
        "('msle needs every value of y_true above -1 ...'), not scikit-learn's"
    ),
    "test_regression::test_regression_single_sample[r2_score]": _ONE_SAMPLE,
    "test_common::test_single_sample[r2_score]": _ONE_SAMPLE,
    "test_common::test_single_sample_multioutput[r2_score]": _ONE_SAMPLE,
    **{
        f"test_common::test_continuous_inf_nan_input[y_true{i}-y_score{i}-{name}]": (
            "NaN and infinity are refused with msebook's message "
            "('y_true contains nan at index 1; every value must be finite'); "
            "the test matches scikit-learn's 'contains NaN' or 'contains infinity'"
        )
        for i in range(5)
        for name in _COMMON_METRICS
    },
    **{
        f"test_common::{test}[{name}]": _LENGTH
        for test in (
            "test_regression_sample_weight_invariance",
            "test_multioutput_sample_weight_invariance",
            "test_regression_with_invalid_sample_weight",
        )
        for name in [*_COMMON_METRICS, "r2_score"]
    },
    **{
        f"test_simple_metrics::test_PSNR_float[{t}]": (
            "for images of two dtypes (float64 and float32) without data_range, "
            "msebook raises a ValueError asking for it, where scikit-image warns "
            "and takes the range of the first image's dtype; the numeric checks "
            "before it pass"
        )
        for t in ("float16", "float32", "float64")
    },
    "test_structural_similarity::test_ssim_warns_about_data_range": (
        "for uint16 and int32 images without data_range, msebook raises a "
        "ValueError asking for it, where scikit-image warns and uses the full "
        "range of the type, which the test itself calls a wrong value"
    ),
    **{
        f"test_structural_similarity::test_structural_similarity_grad[{t}-{seed}]": (
            "msebook computes SSIM in float64 and returns the SSIM image and "
            "its gradient in float64; scikit-image returns float32 for float16 "
            "and float32 input (the test checks the dtype)"
        )
        for t in ("float16", "float32")
        for seed in (1, 2, 3, 5, 8, 13)
    },
}


CALLS = {name: 0 for names in REPLACED.values() for name in names}


def _as_numpy_scalar(result):
    """scikit-image returns its mean as np.float64, msebook as a Python float.

    The value is the same double; the upstream tests check ``.dtype`` before the
    numbers, so the adapter hands them np.float64 and the numeric checks run.
    """
    if isinstance(result, tuple):
        return (np.float64(result[0]), *result[1:])
    return np.float64(result)


def _adapter(name, ours, module_name):
    convert = _as_numpy_scalar if module_name == "skimage.metrics" else None

    @functools.wraps(ours)
    def call(*args, **kwargs):
        CALLS[name] += 1
        result = ours(*args, **kwargs)
        return convert(result) if convert else result

    call.__name__ = call.__qualname__ = name
    call.__msebook__ = ours
    return call


def pytest_configure(config):
    for module_name, replaced in REPLACED.items():
        module = importlib.import_module(module_name)
        for name, ours in replaced.items():
            setattr(module, name, _adapter(name, ours, module_name))


def pytest_collection_modifyitems(config, items):
    for item in items:
        key = f"{item.module.__name__.rsplit('.', 1)[-1]}::{item.name}"
        if key in DELIBERATE:
            item.add_marker(pytest.mark.xfail(reason=DELIBERATE[key], strict=True))


def pytest_sessionfinish(session, exitstatus):
    """Record how often each of msebook's functions was called, for the caller to
    check.
    """
    path = os.environ.get("MSEBOOK_UPSTREAM_CALLS")
    if path:
        with open(path, "w") as file:
            json.dump(CALLS, file)
