"""Regression tests for the findings of a second adversarial search in the Dask
metrics, the streaming classes and the sums behind every metric.

Each test states the right behaviour, checked against exact rational
arithmetic or the in-memory functions.
"""

from fractions import Fraction

import numpy as np
import pytest

import msebook
from msebook import streaming

try:  # dask is optional: only the reader's Dask environment and the test env have it
    import msebook.dask as msebook_dask
except ImportError:  # pragma: no cover - depends on the environment
    msebook_dask = None

needs_dask = pytest.mark.skipif(msebook_dask is None, reason="needs dask")


def _exact(values):
    return [Fraction(*float(v).as_integer_ratio()) for v in values]


# --- msebook.dask -------------------------------------------------------------------


@needs_dask
@pytest.mark.parametrize("argument", ["y_true", "y_pred", "sample_weight"])
def test_dask_metrics_name_a_ragged_argument(argument):
    arguments = {"y_true": [1.0, 2.0], "y_pred": [1.0, 3.0], "sample_weight": [1, 1]}
    arguments[argument] = [[1.0, 2.0], [3.0]]
    with pytest.raises(ValueError, match=f"{argument} is ragged"):
        msebook_dask.mse(
            arguments["y_true"],
            arguments["y_pred"],
            sample_weight=arguments["sample_weight"],
        )


@needs_dask
def test_dask_metrics_name_all_zero_weights():
    with pytest.raises(ValueError, match="sample_weight"):
        msebook_dask.mse([1.0, 2.0, 3.0], [1.0, 2.0, 4.0], sample_weight=[0, 0, 0])


@needs_dask
@pytest.mark.parametrize("argument", ["y_true", "y_pred", "sample_weight"])
def test_dask_metrics_refuse_masked_values_like_the_batch_metrics(argument):
    arguments = {
        "y_true": np.array([1.0, 2.0, 10.0]),
        "y_pred": np.array([1.0, 2.0, 4.0]),
        "sample_weight": np.array([1.0, 1.0, 1.0]),
    }
    arguments[argument] = np.ma.array(arguments[argument], mask=[0, 0, 1])
    with pytest.raises(ValueError, match=f"{argument} is a masked array"):
        msebook.mse(**_positional(arguments))
    with pytest.raises(ValueError, match=f"{argument} is a masked array"):
        msebook_dask.mse(**_positional(arguments))


def _positional(arguments):
    return {
        "y_true": arguments["y_true"],
        "y_pred": arguments["y_pred"],
        "sample_weight": arguments["sample_weight"],
    }


@needs_dask
def test_dask_metrics_name_a_ragged_multioutput():
    with pytest.raises(ValueError, match="multioutput"):
        msebook_dask.mse(
            [[1.0, 2.0]] * 2, [[1.0, 3.0]] * 2, multioutput=[[1.0, 2.0], [3.0]]
        )


# --- msebook.streaming --------------------------------------------------------------


@pytest.mark.parametrize(
    "cls",
    [
        streaming.MeanSquaredError,
        streaming.RootMeanSquaredError,
        streaming.MeanAbsoluteError,
        streaming.R2Score,
    ],
)
def test_streaming_names_a_ragged_multioutput(cls):
    with pytest.raises(ValueError, match="multioutput"):
        cls(multioutput=[[1.0, 2.0], [3.0]])


# --- msebook.metrics ----------------------------------------------------------------


def test_sse_with_huge_weights_and_tiny_errors():
    t = np.array([1e-160, -2e-160, 3e-160])
    p = t + np.array([1e-161, -1e-161, 2e-161])
    w = np.array([1e300, 2e300, 3e300])
    exact = sum(wi * (a - b) ** 2 for a, b, wi in zip(_exact(t), _exact(p), _exact(w)))
    got = msebook.sse(t, p, sample_weight=w)
    assert got == pytest.approx(float(exact), rel=1e-14, abs=0)


def test_r2_of_long_doubles_with_weights():
    eps = np.finfo(np.longdouble).eps
    if eps >= np.finfo(np.float64).eps:
        pytest.skip("long double is float64 on this platform")
    t = np.longdouble(1) + np.array([0, 4, 8, 12, 20]) * eps
    p = t[::-1].copy()
    w = np.array([0.3, 1.7, 2.9, 1.1, 5.3])
    ft = [Fraction(*v.as_integer_ratio()) for v in t]
    fp = [Fraction(*v.as_integer_ratio()) for v in p]
    fw = _exact(w)
    mean = sum(a * b for a, b in zip(fw, ft)) / sum(fw)
    residual = sum(wi * (a - b) ** 2 for a, b, wi in zip(ft, fp, fw))
    total = sum(wi * (a - mean) ** 2 for a, wi in zip(ft, fw))
    assert msebook.r2(t, p, sample_weight=w) == pytest.approx(
        float(1 - residual / total), rel=1e-14, abs=0
    )


def test_squared_errors_of_the_smallest_subnormal():
    assert msebook.rmse([5e-324, 0.0], [0.0, 0.0]) == 5e-324
    assert msebook.psnr(
        np.array([5e-324, 0.0]), np.array([0.0, 0.0]), data_range=5e-324
    ) == pytest.approx(10 * np.log10(2), rel=1e-14, abs=0)


def test_streaming_of_subnormal_values_matches_the_batch_functions():
    t, p = np.array([5e-324, 1e-320, 0.0]), np.zeros(3)
    rmse = streaming.RootMeanSquaredError().update(t[:2], p[:2]).update(t[2:], p[2:])
    r2 = streaming.R2Score().update(t[:2], p[:2]).update(t[2:], p[2:])
    assert msebook.rmse(t, p) == 5.776e-321  # exact, rounded to a subnormal
    assert msebook.r2(t, p) == pytest.approx(-0.5007414728787245, rel=1e-12)
    assert rmse.result() == msebook.rmse(t, p)
    assert r2.result() == pytest.approx(msebook.r2(t, p), rel=1e-12)
