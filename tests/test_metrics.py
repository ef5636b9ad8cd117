"""msebook's metrics against scikit-learn, their properties, their numerics and their
errors on bad input.
"""

import itertools
import math
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from hypothesis_profiles import examples
from sklearn.metrics import (
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_pinball_loss,
    mean_squared_error,
    mean_squared_log_error,
    r2_score,
    root_mean_squared_error,
    root_mean_squared_log_error,
)

import msebook
from msebook import (
    huber,
    log_cosh,
    mae,
    mape,
    mse,
    msle,
    nmse,
    pinball,
    r2,
    rmse,
    rmsle,
    smape,
    squared_errors,
    sse,
)


def _average(values, sample_weight, multioutput):
    """The reference way of turning per-element values into what ``multioutput`` asks
    for.
    """
    per_output = np.average(values, axis=0, weights=sample_weight)
    if isinstance(multioutput, str):
        return per_output if multioutput == "raw_values" else float(np.mean(per_output))
    return float(np.average(per_output, weights=multioutput))


def _elementwise_reference(loss):
    """A reference metric from an elementwise loss, written straight from its
    definition.
    """

    def reference(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
        y_true = np.asarray(y_true, dtype=np.float64).reshape(len(y_true), -1)
        y_pred = np.asarray(y_pred, dtype=np.float64).reshape(len(y_pred), -1)
        return _average(loss(y_true, y_pred), sample_weight, multioutput)

    return reference


def _log_cosh_reference(r):
    """log(cosh(r)): its Taylor series below 0.1 (to r**12, relative error below 1e-14),
    else by logaddexp.
    """
    r = np.asarray(r, dtype=float)
    series = r**2 / 2 - r**4 / 12 + r**6 / 45 - 17 * r**8 / 2520 + 31 * r**10 / 14175
    with np.errstate(over="ignore"):
        return np.where(np.abs(r) < 0.1, series, np.logaddexp(r, -r) - np.log(2))


def _huber_loss(y_true, y_pred, delta=1.0):
    r = np.abs(y_true - y_pred)
    return np.where(r <= delta, r**2 / 2, delta * (r - delta / 2))


def _smape_loss(y_true, y_pred):
    size = np.abs(y_true) + np.abs(y_pred)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(size == 0, 0.0, 2 * np.abs(y_true - y_pred) / size)


def _nmse_reference(
    y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"
):
    y_true = np.asarray(y_true, dtype=np.float64).reshape(len(y_true), -1)
    y_pred = np.asarray(y_pred, dtype=np.float64).reshape(len(y_pred), -1)
    w = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight)
    numerator = w @ (y_true - y_pred) ** 2
    denominator = w @ (y_true - np.average(y_true, axis=0, weights=w)) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = numerator / denominator
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return ratios
        if multioutput == "variance_weighted":
            return float(numerator.sum() / denominator.sum())
        return float(ratios.mean())
    return float(np.average(ratios, weights=multioutput))


def _sse_reference(
    y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"
):
    y_true = np.asarray(y_true, dtype=np.float64).reshape(len(y_true), -1)
    y_pred = np.asarray(y_pred, dtype=np.float64).reshape(len(y_pred), -1)
    w = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight)
    per_output = w @ (y_true - y_pred) ** 2
    if isinstance(multioutput, str):
        return per_output if multioutput == "raw_values" else float(per_output.mean())
    return float(np.average(per_output, weights=multioutput))


def _pinball_09(y_true, y_pred, **kwargs):
    return mean_pinball_loss(y_true, y_pred, alpha=0.9, **kwargs)


def _ours_pinball_09(y_true, y_pred, **kwargs):
    return pinball(y_true, y_pred, alpha=0.9, **kwargs)


def _huber_2(y_true, y_pred, **kwargs):
    return _elementwise_reference(lambda t, p: _huber_loss(t, p, 2.0))(
        y_true, y_pred, **kwargs
    )


def _ours_huber_2(y_true, y_pred, **kwargs):
    return huber(y_true, y_pred, delta=2.0, **kwargs)


# (name, msebook's metric, its reference: scikit-learn's function or the definition
# written out)
METRICS = [
    ("mse", mse, mean_squared_error),
    ("rmse", rmse, root_mean_squared_error),
    ("mae", mae, mean_absolute_error),
    ("msle", msle, mean_squared_log_error),
    ("rmsle", rmsle, root_mean_squared_log_error),
    ("mape", mape, mean_absolute_percentage_error),
    ("smape", smape, _elementwise_reference(_smape_loss)),
    ("huber", huber, _elementwise_reference(_huber_loss)),
    ("huber_delta_2", _ours_huber_2, _huber_2),
    (
        "log_cosh",
        log_cosh,
        _elementwise_reference(lambda t, p: _log_cosh_reference(t - p)),
    ),
    ("pinball", pinball, mean_pinball_loss),
    ("pinball_alpha_0.9", _ours_pinball_09, _pinball_09),
    ("r2", r2, r2_score),
    ("nmse", nmse, _nmse_reference),
    ("sse", sse, _sse_reference),
]
METRIC_IDS = [name for name, _, _ in METRICS]
PUBLIC_METRICS = [
    mse,
    rmse,
    mae,
    msle,
    rmsle,
    mape,
    smape,
    huber,
    log_cosh,
    pinball,
    r2,
    nmse,
    sse,
]
PUBLIC_IDS = [
    "mse",
    "rmse",
    "mae",
    "msle",
    "rmsle",
    "mape",
    "smape",
    "huber",
    "log_cosh",
    "pinball",
    "r2",
    "nmse",
    "sse",
]


def _random_case(seed, n_samples, n_outputs, dtype, positive=False):
    rng = np.random.default_rng(seed)
    shape = (n_samples,) if n_outputs is None else (n_samples, n_outputs)
    y_true = rng.normal(3, 10, size=shape)
    y_pred = y_true + rng.standard_t(3, size=shape)
    if positive:
        y_true, y_pred = np.abs(y_true), np.abs(y_pred)
    if np.dtype(dtype).kind in "iu":
        y_true, y_pred = np.round(y_true), np.round(y_pred)
    if np.dtype(dtype).kind == "b":
        y_true, y_pred = y_true > 3, y_pred > 3
    return y_true.astype(dtype), y_pred.astype(dtype), rng.uniform(0, 2, size=n_samples)


# every metric with every multioutput mode it has ('variance_weighted' is for r2 and
# nmse only)
REFERENCE_CASES = [
    pytest.param(name, ours, theirs, mode, id=f"{name}-{mode}")
    for name, ours, theirs in METRICS
    for mode in ["uniform_average", "raw_values", "weights", "variance_weighted"]
    if mode != "variance_weighted" or name in ("r2", "nmse")
]


@pytest.mark.parametrize("name, ours, theirs, multioutput", REFERENCE_CASES)
@pytest.mark.parametrize("n_outputs", [None, 1, 3])
@pytest.mark.parametrize(
    "dtype", [np.float64, np.float32, np.float16, np.int64, np.bool_]
)
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_reference(name, ours, theirs, multioutput, n_outputs, dtype, weighted):
    for seed in range(4):
        y_true, y_pred, weights = _random_case(
            seed, 50, n_outputs, dtype, positive="msle" in name
        )
        sample_weight = weights if weighted else None
        mode = (
            np.arange(1, (n_outputs or 1) + 1)
            if multioutput == "weights"
            else multioutput
        )
        # scikit-learn computes in the input precision, so the reference gets float64
        # inputs; it refuses output weights for a single output, where they can only
        # give that output.
        reference_mode = (
            "uniform_average"
            if multioutput == "weights" and (n_outputs or 1) == 1
            else mode
        )
        expected = theirs(
            y_true.astype(np.float64),
            y_pred.astype(np.float64),
            sample_weight=sample_weight,
            multioutput=reference_mode,
        )
        got = ours(y_true, y_pred, sample_weight=sample_weight, multioutput=mode)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
        if multioutput == "raw_values":
            assert (
                isinstance(got, np.ndarray)
                and got.shape == ((n_outputs or 1),)
                and got.dtype == np.float64
            )
        else:
            assert type(got) is float


@pytest.mark.parametrize("name, ours, theirs", METRICS, ids=METRIC_IDS)
def test_edge_cases_match_reference(name, ours, theirs):
    cases = [
        ([0.0, 1.0], [0.0, 1.0]),
        ([1.0, 0.0], [-0.5, 0.5]),
        ([5, 5, 5], [5, 5, 5]),
        ([5, 5, 5], [5, 5, 6]),
        ([1e-150, 2e-150], [0.0, 0.0]),
        ([[1, 2], [1, 4]], [[3, 5], [1, 4]]),
        ([1, 2, 3], [[1], [2], [4]]),
        (
            [0.0, 0.0, 3.0],
            [0.0, 1.0, 3.0],
        ),  # a zero target: mape's epsilon, smape's 0/0
        # more than one block; small integers, so every sum is exact for the reference
        # too
        (np.arange(300_000.0) % 101, np.arange(300_000.0)[::-1] % 89),
        ((np.arange(600_000.0) % 97).reshape(-1, 3) + 1, np.ones((200_000, 3))),
    ]
    for y_true, y_pred in cases:
        expected = theirs(
            np.asarray(y_true, dtype=float),
            np.asarray(y_pred, dtype=float),
            multioutput="raw_values",
        )
        got = ours(y_true, y_pred, multioutput="raw_values")
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


def test_r2_constant_targets_follow_scikit_learn():
    for y_true, y_pred in [
        ([-2, -2, -2], [-2, -2, -2]),
        ([-2, -2, -2], [-2, -2, -2 + 1e-8]),
        ([1, 1], [0, 2]),
    ]:
        for force_finite in (True, False):
            with np.errstate(divide="ignore", invalid="ignore"):
                expected = r2_score(y_true, y_pred, force_finite=force_finite)
            np.testing.assert_equal(
                r2(y_true, y_pred, force_finite=force_finite), expected
            )
    assert r2([-2, -2, -2], [-2, -2, -2]) == 1.0
    assert r2([-2, -2, -2], [-2, -2, -1]) == 0.0
    assert np.isnan(r2([-2, -2, -2], [-2, -2, -2], force_finite=False))
    assert r2([-2, -2, -2], [-2, -2, -1], force_finite=False) == -np.inf
    # one constant output among two, in every multioutput mode
    y_true, y_pred = [[1, 3], [1, 5], [1, 7]], [[1, 3], [1, 6], [2, 7]]
    for mode in ["raw_values", "uniform_average", "variance_weighted", [1, 3]]:
        for force_finite in (True, False):
            with np.errstate(divide="ignore", invalid="ignore"):
                expected = r2_score(
                    y_true, y_pred, multioutput=mode, force_finite=force_finite
                )
            np.testing.assert_equal(
                r2(y_true, y_pred, multioutput=mode, force_finite=force_finite),
                expected,
            )
    # every output constant: variance weighting falls back to the plain mean
    assert (
        r2([[1, 2], [1, 2]], [[1, 2], [1, 3]], multioutput="variance_weighted") == 0.5
    )


def test_nmse_is_one_minus_r2_and_infinite_for_a_constant_target():
    y_true, y_pred = [3, -0.5, 2, 7], [2.5, 0.0, 2, 8]
    assert nmse(y_true, y_pred) == pytest.approx(1 - r2(y_true, y_pred), rel=1e-14)
    assert nmse([2, 2, 2], [2, 2, 3]) == np.inf
    assert np.isnan(nmse([2, 2, 2], [2, 2, 2]))
    assert nmse([1, 2], [1.5, 1.5]) == 1.0  # predicting the mean


def test_msle_and_mape_edge_values():
    assert msle([0.0, -0.5], [0.0, -0.5]) == 0.0
    assert msle([0, 1], [1, 0]) == pytest.approx(math.log(2) ** 2, rel=1e-15)
    # a zero target divides by the float64 epsilon, as scikit-learn does
    assert mape([0.0, 1.0], [1.0, 1.0]) == pytest.approx(
        0.5 / np.finfo(np.float64).eps, rel=1e-15
    )
    assert mape([2.0, -4.0], [1.0, -2.0]) == 0.5


def test_smape_is_bounded_and_counts_zero_over_zero_as_zero():
    assert smape([0, 0], [0, 0]) == 0.0
    assert smape([1, -1], [-1, 1]) == 2.0
    assert smape([0, 5], [3, 5]) == 1.0
    assert smape([100], [110]) == pytest.approx(20 / 210, rel=1e-15)


def test_huber_log_cosh_and_pinball_by_hand():
    assert huber([0, 0, 0], [0.5, 1, 3]) == pytest.approx(
        (0.125 + 0.5 + 2.5) / 3, rel=1e-15
    )
    assert huber([0, 0], [0.5, 3], delta=0.25) == pytest.approx(
        (0.25 * 0.375 + 0.25 * 2.875) / 2, rel=1e-15
    )
    # PyTorch's SmoothL1Loss(beta) is HuberLoss(delta=beta) / beta
    assert huber([0.0], [0.3], delta=0.5) / 0.5 == pytest.approx(
        0.5 * 0.3**2 / 0.5, rel=1e-15
    )
    assert log_cosh([0.0], [0.0]) == 0.0
    assert log_cosh([0.0, 0.0], [1.0, -2.0]) == pytest.approx(
        (math.log(math.cosh(1)) + math.log(math.cosh(2))) / 2
    )
    assert log_cosh([0.0], [1e6]) == pytest.approx(
        1e6 - math.log(2), rel=1e-15
    )  # no overflow
    assert pinball([1, 2, 3], [0, 3, 3], alpha=0.9) == pytest.approx(
        (0.9 * 1 + 0.1 * 1) / 3, rel=1e-15
    )
    assert pinball([1, 2, 3], [0, 3, 3]) == pytest.approx(
        mae([1, 2, 3], [0, 3, 3]) / 2, rel=1e-15
    )


def test_squared_errors_sse_and_mse_are_pytorchs_reductions():
    y_true, y_pred = (
        np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
        np.array([[0.0, 2.0], [3.0, 1.0], [3.0, 6.0]]),
    )
    elements = squared_errors(y_true, y_pred)
    np.testing.assert_array_equal(elements, [[1, 0], [0, 9], [4, 0]])
    assert (
        sse(y_true, y_pred, multioutput="raw_values").sum() == elements.sum() == 14.0
    )  # reduction='sum'
    assert mse(y_true, y_pred) == elements.mean()  # reduction='mean'
    assert squared_errors([1, 2], [3, 2]).shape == (2,)
    np.testing.assert_array_equal(
        squared_errors([1, 2], [3, 2], sample_weight=[0.5, 2]), [2.0, 0.0]
    )
    np.testing.assert_array_equal(
        squared_errors([1.0, np.nan], [3, 2], nan_policy="propagate"), [4.0, np.nan]
    )
    with pytest.raises(ValueError, match="y_true contains nan at index 1"):
        squared_errors([1.0, np.nan], [3, 2])
    with pytest.raises(
        ValueError, match="nan_policy='omit' cannot be used with squared_errors"
    ):
        squared_errors([1.0, np.nan], [3, 2], nan_policy="omit")
    assert (
        squared_errors(
            np.array([3], dtype=np.float32), np.array([1], dtype=np.float32)
        ).dtype
        == np.float64
    )


def test_house_price_example():
    prices, predictions = [250, 300, 180, 420, 350], [240, 310, 200, 400, 360]
    assert mse(prices, predictions) == 220.0
    assert rmse(prices, predictions) == pytest.approx(14.832396974191326, rel=1e-15)
    assert mae(prices, predictions) == 14.0
    assert sse(prices, predictions) == 1100.0


def test_rmse_averages_per_output_roots():
    y_true = np.array([[0.0, 0.0], [0.0, 0.0]])
    y_pred = np.array([[3.0, 1.0], [3.0, 1.0]])
    assert rmse(y_true, y_pred) == 2.0  # (3 + 1) / 2, not sqrt((9 + 1) / 2)
    np.testing.assert_array_equal(
        rmse(y_true, y_pred, multioutput="raw_values"), [3.0, 1.0]
    )


@pytest.mark.parametrize("metric", PUBLIC_METRICS, ids=PUBLIC_IDS)
def test_inputs_are_not_modified(metric):
    y_true, y_pred, weights = (
        np.array([1.0, 2.0, np.nan]),
        np.array([0.0, 4.0, 1.0]),
        np.array([1.0, 3.0, 1.0]),
    )
    copies = [a.copy() for a in (y_true, y_pred, weights)]
    metric(y_true, y_pred, sample_weight=weights, nan_policy="omit")
    metric(y_true, y_pred, sample_weight=weights, nan_policy="propagate")
    for original, copy in zip((y_true, y_pred, weights), copies):
        np.testing.assert_array_equal(original, copy)


@pytest.mark.parametrize("metric", PUBLIC_METRICS, ids=PUBLIC_IDS)
def test_arrays_lists_and_columns_give_the_same_number(metric):
    # one numerical path whatever the container: a 1-D float64 array, a list and a
    # column of a 2-D array must give the same number
    rng = np.random.default_rng(4)
    for n in (2, 3, 10, 255, 256, 257):
        y_true = np.abs(rng.normal(5, 3, size=n))
        y_pred = np.abs(y_true + rng.normal(size=n))
        from_array = metric(y_true, y_pred)
        for general in (
            metric(list(y_true), list(y_pred)),
            metric(y_true[:, None], y_pred[:, None]),
        ):
            assert general == from_array  # bit for bit: one path
    # constant targets, zero errors and tiny squares, decided exactly
    assert (
        r2(np.full(5, 0.1), np.full(5, 0.1)) == 1.0
        and r2(np.full(5, 0.1), np.full(5, 0.2)) == 0.0
    )
    assert mse(np.full(5, 0.1), np.full(5, 0.1)) == 0.0
    assert rmse(np.array([1e-300, 2e-300]), np.zeros(2)) == pytest.approx(
        np.sqrt(2.5) * 1e-300, rel=1e-15
    )


# --- nan_policy ---------------------------------------------------------------


@pytest.mark.parametrize("metric", PUBLIC_METRICS, ids=PUBLIC_IDS)
def test_nan_policy(metric):
    rng = np.random.default_rng(7)
    y_true, y_pred = np.abs(rng.normal(size=(30, 2))), np.abs(rng.normal(size=(30, 2)))
    weights = rng.uniform(0.5, 2, size=30)
    holes_true, holes_pred = y_true.copy(), y_pred.copy()
    holes_true[[3, 8], 0] = np.nan
    holes_pred[[8, 20], 0] = np.nan
    holes_pred[5, 1] = np.nan
    with pytest.raises(ValueError, match=r"y_true contains nan at index \(3, 0\)"):
        metric(holes_true, holes_pred)
    with pytest.raises(ValueError, match=r"y_pred contains nan at index \(5, 1\)"):
        metric(y_true, holes_pred)
    # 'omit' drops each NaN pair with its weight, output by output
    got = metric(
        holes_true,
        holes_pred,
        sample_weight=weights,
        nan_policy="omit",
        multioutput="raw_values",
    )
    keep_0, keep_1 = (
        np.setdiff1d(np.arange(30), [3, 8, 20]),
        np.setdiff1d(np.arange(30), [5]),
    )
    expected = [
        metric(y_true[keep_0, 0], y_pred[keep_0, 0], sample_weight=weights[keep_0]),
        metric(y_true[keep_1, 1], y_pred[keep_1, 1], sample_weight=weights[keep_1]),
    ]
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    # 'propagate' gives nan for every output holding a NaN, and only there
    clean = metric(y_true, y_pred, multioutput="raw_values")
    half = holes_true.copy()
    half[:, 1] = y_true[:, 1]
    got = metric(half, y_pred, nan_policy="propagate", multioutput="raw_values")
    assert np.isnan(got[0]) and got[1] == pytest.approx(clean[1], rel=1e-14)
    assert np.isnan(metric(half, y_pred, nan_policy="propagate"))
    # without NaN the policies agree
    for policy in ("raise", "omit", "propagate"):
        assert metric(y_true, y_pred, nan_policy=policy) == pytest.approx(
            metric(y_true, y_pred), rel=1e-15
        )
    # infinity is not missing data: an error under every policy
    for policy in ("raise", "omit", "propagate"):
        with pytest.raises(ValueError, match="y_pred contains inf at index 1"):
            metric([1.0, 2.0, 3.0], [1.0, np.inf, 3.0], nan_policy=policy)
    with pytest.raises(
        ValueError,
        match="nan_policy must be 'raise', 'omit' or 'propagate', got 'ignore'",
    ):
        metric([1.0, 2.0], [1.0, 2.0], nan_policy="ignore")
    with pytest.raises(
        ValueError, match="nothing is left of output 0 after nan_policy='omit'"
    ):
        metric([np.nan, np.nan], [1.0, 2.0], nan_policy="omit")


# --- properties -----------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
above_minus_one = st.floats(-0.99, 1e6, allow_nan=False, allow_infinity=False)
SYMMETRIC = {"mse", "rmse", "mae", "msle", "rmsle", "smape", "huber", "log_cosh", "sse"}
MEANS = [
    (name, metric) for name, metric in zip(PUBLIC_IDS, PUBLIC_METRICS) if name != "sse"
]


@st.composite
def pairs(draw, elements=finite, min_size=2):
    n = draw(st.integers(min_size, 30))
    y_true = draw(arrays(np.float64, n, elements=elements))
    y_pred = draw(arrays(np.float64, n, elements=elements))
    return y_true, y_pred


def _close(a, b):
    return a == pytest.approx(b, rel=1e-9, abs=1e-9) or (np.isnan(a) and np.isnan(b))


@pytest.mark.parametrize("name, metric", MEANS, ids=[name for name, _ in MEANS])
@settings(max_examples=examples(60))
@given(
    pair=pairs(elements=above_minus_one),
    random=st.randoms(use_true_random=False),
    data=st.data(),
)
def test_properties_of_every_mean(name, metric, pair, random, data):
    y_true, y_pred = pair
    n = len(y_true)
    value = metric(y_true, y_pred)
    order = list(range(n))
    random.shuffle(order)
    assert _close(metric(y_true[order], y_pred[order]), value)
    if name in SYMMETRIC:
        assert _close(metric(y_pred, y_true), value)
    assert _close(metric(y_true, y_pred, sample_weight=np.ones(n)), value)
    counts = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    counts[0] = max(counts[0], 1)
    counts[1] = max(counts[1], 1)  # r2 and nmse need two samples
    repeated = metric(np.repeat(y_true, counts), np.repeat(y_pred, counts))
    assert _close(
        metric(y_true, y_pred, sample_weight=counts), repeated
    )  # integer weights repeat rows
    assert _close(
        metric(y_true, y_pred, sample_weight=2.5 * counts), repeated
    )  # scaling weights changes nothing
    kept = counts > 0
    if kept.sum() >= 2:  # zero weights remove rows
        assert _close(
            metric(y_true, y_pred, sample_weight=kept * 1.0),
            metric(y_true[kept], y_pred[kept]),
        )


@settings(max_examples=examples(200))
@given(pairs())
def test_relations_between_metrics(pair):
    y_true, y_pred = pair
    value = mse(y_true, y_pred)
    assert value >= 0
    assert rmse(y_true, y_pred) ** 2 == pytest.approx(value, rel=1e-12, abs=1e-300)
    assert sse(y_true, y_pred) == pytest.approx(
        value * len(y_true), rel=1e-12, abs=1e-300
    )
    errors = y_true - y_pred
    assert value == pytest.approx(
        np.mean(errors) ** 2 + np.var(errors), rel=1e-9, abs=1e-6
    )
    assert mae(y_true, y_pred) <= rmse(y_true, y_pred) * (1 + 1e-12) + 1e-300
    assert pinball(y_true, y_pred) == pytest.approx(
        mae(y_true, y_pred) / 2, rel=1e-12, abs=1e-300
    )
    assert 0 <= smape(y_true, y_pred) <= 2
    assert huber(y_true, y_pred) <= value / 2 * (1 + 1e-12) + 1e-300
    score, ratio = r2(y_true, y_pred, force_finite=False), nmse(y_true, y_pred)
    if np.isfinite(score) and np.isfinite(ratio):
        assert score == pytest.approx(1 - ratio, rel=1e-9, abs=1e-9)


# --- bad input ------------------------------------------------------------------

BAD_INPUTS = [
    # (y_true, y_pred, keyword arguments, error type, words the message must contain)
    (
        [1, 2, 3],
        [1, 2],
        {},
        ValueError,
        "y_true and y_pred must have the same number of samples, got 3 and 2",
    ),
    (
        [[1, 2], [3, 4]],
        [[1], [2]],
        {},
        ValueError,
        "same number of outputs, got 2 and 1",
    ),
    ([], [], {}, ValueError, "y_true is empty"),
    ([1.0], np.empty((1, 0)), {}, ValueError, "y_pred is empty"),
    (3.0, 3.0, {}, ValueError, "y_true must be a 1-D or 2-D array, got a scalar"),
    (
        np.zeros((2, 2, 2)),
        np.zeros((2, 2, 2)),
        {},
        ValueError,
        "y_true must be a 1-D or 2-D array, got 3 dimensions",
    ),
    ([[1, 2], [3]], [1, 2], {}, ValueError, "y_true is ragged"),
    ([1, 2], [[1, 2], [3]], {}, ValueError, "y_pred is ragged"),
    ([1, np.nan], [1, 2], {}, ValueError, "y_true contains nan at index 1"),
    ([1, 2], [np.inf, 2], {}, ValueError, "y_pred contains inf at index 0"),
    (
        [[1, 2], [3, -np.inf]],
        [[1, 2], [3, 4]],
        {},
        ValueError,
        "y_true contains -inf at index (1, 1)",
    ),
    (
        ["1", "2"],
        [1, 2],
        {},
        TypeError,
        "y_true must hold real numbers, got values of dtype <U1",
    ),
    (
        "12",
        [1, 2],
        {},
        TypeError,
        "y_true must be an array of real numbers, got the string '12'",
    ),
    (
        [1, None],
        [1, 2],
        {},
        TypeError,
        "y_true must hold real numbers, got values of dtype object",
    ),
    (  # Python integers numpy cannot hold: once "got values of dtype object"
        [2**80 + 1, 2**80],
        [1, 2],
        {},
        TypeError,
        "y_true holds integers beyond the 64-bit range",
    ),
    (None, [1, 2], {}, TypeError, "y_true must be an array of real numbers, got None"),
    ([1, 2], None, {}, TypeError, "y_pred must be an array of real numbers, got None"),
    (
        [1 + 2j, 2],
        [1, 2],
        {},
        TypeError,
        "y_true must hold real numbers, got complex values",
    ),
    (
        [1, 2],
        [1, 2],
        {"sample_weight": [1, -1]},
        ValueError,
        "sample_weight must be non-negative, got -1.0 at index 1",
    ),
    (
        [1, 2],
        [1, 2],
        {"sample_weight": [1, np.nan]},
        ValueError,
        "sample_weight contains nan at index 1",
    ),
    (
        [1, 2],
        [1, 2],
        {"sample_weight": [1, 2, 3]},
        ValueError,
        "sample_weight must have length 2, got 3",
    ),
    (
        [1, 2],
        [1, 2],
        {"sample_weight": [0, 0]},
        ValueError,
        "sample_weight must not be all zero",
    ),
    (
        [1, 2],
        [1, 2],
        {"sample_weight": [[1, 2]]},
        ValueError,
        "sample_weight must be 1-D",
    ),
    (
        [1, 2],
        [1, 2],
        {"sample_weight": ["a", "b"]},
        TypeError,
        "sample_weight must hold real numbers",
    ),
    (
        [1, 2],
        [1, 2],
        {"multioutput": "mean"},
        ValueError,
        "multioutput must be 'raw_values', 'uniform_average'",
    ),
    ([1, 2], [1, 2], {"multioutput": None}, TypeError, "multioutput must be"),
    ([1, 2], [1, 2], {"multioutput": 1.0}, TypeError, "multioutput must be"),
    (
        [[1, 2]],
        [[1, 2]],
        {"multioutput": [1, 2, 3]},
        ValueError,
        "multioutput must have length 2, got 3",
    ),
    (
        [[1, 2]],
        [[1, 2]],
        {"multioutput": [1, -2]},
        ValueError,
        "multioutput must be non-negative",
    ),
    (
        [[1, 2]],
        [[1, 2]],
        {"multioutput": [0, 0]},
        ValueError,
        "multioutput must not be all zero",
    ),
    (
        [1, 2],
        [1, 2],
        {"nan_policy": None},
        ValueError,
        "nan_policy must be 'raise', 'omit' or 'propagate'",
    ),
]


@pytest.mark.parametrize("metric", PUBLIC_METRICS, ids=PUBLIC_IDS)
@pytest.mark.parametrize("y_true, y_pred, kwargs, error, message", BAD_INPUTS)
def test_bad_input_gets_a_clear_error(metric, y_true, y_pred, kwargs, error, message):
    with pytest.raises(error) as caught:
        metric(y_true, y_pred, **kwargs)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "y_true, y_pred, kwargs, error, message",
    [c for c in BAD_INPUTS if "multioutput" not in c[2]],
)
def test_squared_errors_rejects_bad_input_too(y_true, y_pred, kwargs, error, message):
    with pytest.raises(error) as caught:
        squared_errors(y_true, y_pred, **kwargs)
    assert message in str(caught.value)


@pytest.mark.parametrize("metric", [m for m in PUBLIC_METRICS if m not in (r2, nmse)])
def test_variance_weighting_is_only_for_r2_and_nmse(metric):
    with pytest.raises(
        ValueError,
        match="multioutput must be 'raw_values', 'uniform_average' or an array",
    ):
        metric([1, 2], [1, 2], multioutput="variance_weighted")


METRIC_OPTIONS = [
    (huber, {"delta": 0}, ValueError, "delta must be positive, got 0"),
    (huber, {"delta": -1.5}, ValueError, "delta must be positive, got -1.5"),
    (huber, {"delta": "1"}, TypeError, "delta must be a real number, got '1'"),
    (huber, {"delta": np.nan}, ValueError, "delta must be finite, got nan"),
    (
        pinball,
        {"alpha": 0},
        ValueError,
        "alpha must be strictly between 0 and 1, got 0",
    ),
    (
        pinball,
        {"alpha": 1.0},
        ValueError,
        "alpha must be strictly between 0 and 1, got 1.0",
    ),
    (pinball, {"alpha": None}, TypeError, "alpha must be a real number, got None"),
    (r2, {"force_finite": "yes"}, TypeError, "force_finite must be True or False"),
]


@pytest.mark.parametrize("metric, kwargs, error, message", METRIC_OPTIONS)
def test_bad_options_get_a_clear_error(metric, kwargs, error, message):
    with pytest.raises(error) as caught:
        metric([1.0, 2.0], [1.5, 2.0], **kwargs)
    assert message in str(caught.value)


@pytest.mark.parametrize("metric", [msle, rmsle], ids=["msle", "rmsle"])
def test_logarithmic_errors_refuse_values_at_or_below_minus_one(metric):
    with pytest.raises(
        ValueError, match=r"needs every value of y_true above -1 .* got -1.0 at index 1"
    ):
        metric([0.0, -1.0], [0.0, 0.0])
    with pytest.raises(
        ValueError,
        match=r"needs every value of y_pred above -1 .* got -3.0 at index \(0, 1\)",
    ):
        metric([[0.0, 0.0]], [[0.0, -3.0]])
    # float64 arrays as well as lists: the same error, with no warning on the way
    with pytest.raises(
        ValueError, match=r"needs every value of y_true above -1 .* got -1.0 at index 1"
    ):
        metric(np.array([0.0, -1.0]), np.zeros(2))
    with pytest.raises(
        ValueError, match=r"needs every value of y_pred above -1 .* got -2.0 at index 0"
    ):
        metric(np.zeros(2), np.array([-2.0, 0.5]))
    assert metric([-0.5], [-0.5]) == 0.0


@pytest.mark.parametrize("metric", [r2, nmse], ids=["r2", "nmse"])
def test_r2_and_nmse_need_two_samples(metric):
    with pytest.raises(ValueError, match="needs at least 2 samples"):
        metric([1.0], [2.0])


@pytest.mark.parametrize(
    "metric", PUBLIC_METRICS + [squared_errors], ids=PUBLIC_IDS + ["squared_errors"]
)
def test_options_are_keyword_only(metric):
    with pytest.raises(TypeError):
        metric([1, 2], [1, 2], [1, 1])


def test_public_api_is_flat():
    for name in PUBLIC_IDS + ["squared_errors"]:
        assert getattr(msebook, name) is getattr(msebook.metrics, name)
        assert name in msebook.__all__
        assert "nan_policy" in getattr(msebook, name).__doc__


# --- numerics -------------------------------------------------------------------


def _two_sum(a, b):
    total = a + b
    b_part = total - a
    return total, (a - (total - b_part)) + (b - b_part)


def _split(x):
    c = 134217729.0 * x  # 2**27 + 1: Dekker's split into two halves of 26 bits
    high = c - (c - x)
    return high, x - high


def _two_product(x, y):
    product = x * y
    x_high, x_low = _split(x)
    y_high, y_low = _split(y)
    return product, (
        (x_high * y_high - product) + x_high * y_low + x_low * y_high
    ) + x_low * y_low


def _reference_mse(y_true, y_pred):
    """The mean squared error of float64 data, correctly rounded before the division by
    n.

    Each error is split exactly into two floats and each square exactly into
    products of floats, and math.fsum adds all the pieces exactly.
    """
    high, low = _two_sum(y_true, -y_pred)
    pieces = [
        *_two_product(high, high),
        *(2 * p for p in _two_product(high, low)),
        *_two_product(low, low),
    ]
    return math.fsum(np.concatenate(pieces)) / len(y_true)


@pytest.mark.slow
def test_mse_is_within_two_ulp_of_the_exact_value():
    # the reference is within 1 ulp of the exact mean (one rounding of the exact sum,
    # one of the division)
    for seed in range(6):
        rng = np.random.default_rng(seed)
        for n in (7, 1000, 100_003, 1_000_000):
            y_true = rng.normal(size=n) * 10 ** rng.uniform(-3, 3)
            y_pred = y_true + rng.standard_t(3, size=n) * 10 ** rng.uniform(-3, 3)
            exact = _reference_mse(y_true, y_pred)
            assert abs(mse(y_true, y_pred) - exact) <= 2 * np.spacing(exact), (seed, n)


def test_every_output_of_2d_input_is_as_exact_as_1d_input():
    # each column of a C-ordered 2-D array is strided: it must still be summed pairwise,
    # not as a running sum
    for seed in range(3):
        rng = np.random.default_rng(seed)
        for n in (1000, 30_000, 100_000):
            y_true = rng.normal(size=(n, 2)) * 10 ** rng.uniform(-3, 3)
            y_pred = y_true + rng.standard_t(3, size=(n, 2))
            got = mse(y_true, y_pred, multioutput="raw_values")
            for column in range(2):
                exact = _reference_mse(
                    y_true[:, column].copy(), y_pred[:, column].copy()
                )
                assert abs(got[column] - exact) <= 2 * np.spacing(exact), (
                    seed,
                    n,
                    column,
                )
    values = np.full((60_000, 2), 0.1, dtype=np.float32)
    exact = float(np.float32(0.1)) ** 2
    for metric, expected in ((mse, exact), (mae, exact**0.5), (rmse, exact**0.5)):
        np.testing.assert_allclose(
            metric(values, 0 * values, multioutput="raw_values"), expected, rtol=1e-15
        )
    targets = 1e4 + rng.normal(size=(60_000, 2))
    predictions = targets + rng.normal(size=(60_000, 2))
    columns = [(targets[:, j].copy(), predictions[:, j].copy()) for j in range(2)]
    expected = [np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2) for t, p in columns]
    np.testing.assert_allclose(
        nmse(targets, predictions, multioutput="raw_values"), expected, rtol=1e-13
    )


def test_mse_stays_within_the_pairwise_bound_on_a_hard_case():
    # one huge square, then many small ones that each fall below its last place: random
    # data stay within 2 ulp, and no data leave the worst-case bound of pairwise
    # summation within a block
    y_true = np.concatenate([[1e8], np.full(100_000, 1.0)])
    y_pred = np.zeros_like(y_true)
    exact = (1e16 + 100_000) / len(y_true)
    assert _reference_mse(y_true, y_pred) == exact
    assert abs(mse(y_true, y_pred) - exact) <= 32 * np.spacing(exact)


def test_float32_input_is_accumulated_in_float64_along_every_axis():
    y_true = np.full((2_000_000, 2), 0.1, dtype=np.float32)
    y_pred = np.zeros_like(y_true)
    exact = float(np.float32(0.1)) ** 2
    np.testing.assert_allclose(
        mse(y_true, y_pred, multioutput="raw_values"), [exact, exact], rtol=1e-14
    )
    np.testing.assert_allclose(
        rmse(y_true, y_pred, multioutput="raw_values"), [exact**0.5] * 2, rtol=1e-14
    )
    np.testing.assert_allclose(
        mae(y_true, y_pred, multioutput="raw_values"), [exact**0.5] * 2, rtol=1e-14
    )
    # (scikit-learn accumulates in float32 here and is off by several percent)
    assert mse(
        np.full(1_000_001, 0.1, dtype=np.float16), np.zeros(1_000_001, dtype=np.float16)
    ) == pytest.approx(float(np.float16(0.1)) ** 2, rel=1e-14)


def test_large_inputs_of_every_dtype_are_read_in_blocks_and_threads():
    rng = np.random.default_rng(11)
    y_true, y_pred = (
        rng.integers(-50, 50, size=(1_500_000, 2)),
        rng.integers(-50, 50, size=(1_500_000, 2)),
    )
    exact = ((y_true - y_pred) ** 2).sum(axis=0) / len(y_true)  # integers: exact
    np.testing.assert_allclose(
        mse(y_true, y_pred, multioutput="raw_values"), exact, rtol=1e-15
    )
    np.testing.assert_allclose(
        mse(y_true.astype(np.float32), y_pred, multioutput="raw_values"),
        exact,
        rtol=1e-15,
    )
    flags = rng.random(3_000_000) < 0.3
    assert mse(flags, ~flags) == 1.0
    assert mse(flags, np.zeros_like(flags)) == flags.mean()
    weights = rng.random(1_500_000)
    expected = weights @ (y_true - y_pred) ** 2 / weights.sum()
    np.testing.assert_allclose(
        mse(y_true, y_pred, sample_weight=weights, multioutput="raw_values"),
        expected,
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        mae(y_true, y_pred, multioutput="raw_values"),
        np.abs(y_true - y_pred).mean(axis=0),
        rtol=1e-14,
    )
    targets = 1e6 + rng.normal(
        size=(1_500_000, 2)
    )  # many blocks, merged about their centres
    predictions = targets + 0.3 * rng.normal(size=(1_500_000, 2))
    columns = [
        (targets[:, j].copy(), predictions[:, j].copy()) for j in range(2)
    ]  # contiguous: pairwise sums
    expected = [np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2) for t, p in columns]
    np.testing.assert_allclose(
        nmse(targets, predictions, multioutput="raw_values"), expected, rtol=1e-12
    )


def test_rmse_neither_overflows_nor_underflows():
    assert rmse([1e200], [-1e200]) == 2e200
    assert rmse([0.0, 0.0], [3e-200, 4e-200]) == pytest.approx(
        np.sqrt(12.5) * 1e-200, rel=1e-15
    )
    assert rmse(
        np.array([2e20], dtype=np.float32), np.array([0.0], dtype=np.float32)
    ) == pytest.approx(2e20, rel=1e-7)
    assert rmse(
        np.full(10, 2e20, dtype=np.float32), np.zeros(10, dtype=np.float32)
    ) == pytest.approx(2e20, rel=1e-7)
    np.testing.assert_allclose(
        rmse([[1e200, 1.0]], [[-1e200, 0.0]], multioutput="raw_values"), [2e200, 1.0]
    )
    assert (
        rmse([1.5e308], [-1.5e308]) == np.inf
    )  # the true answer, 3e308, is not representable
    assert mse([1e200], [-1e200]) == np.inf  # 4e400 is not representable either
    assert mse([1e200, 0.0], [0.0, 0.0], sample_weight=[1e-300, 1.0]) == pytest.approx(
        1e100, rel=1e-14
    )
    # (scikit-learn squares first and returns 0.0 here)
    assert rmse([1e-300, 2e-300], [0.0, 0.0]) == pytest.approx(
        np.sqrt(2.5) * 1e-300, rel=1e-15
    )
    big = np.full(100_000, 1e300)
    assert rmse(big, -big) == pytest.approx(2e300, rel=1e-14)  # over many blocks too
    # each square is representable, their sum is not, the mean is: the sum is rescaled
    errors = np.full(1_400_000, 1.5e151)
    assert mse(errors, np.zeros_like(errors)) == pytest.approx(2.25e302, rel=1e-14)
    assert mse(errors[:20], np.zeros(20)) == pytest.approx(2.25e302, rel=1e-14)
    assert mape(np.full(3, 1e300), np.full(3, -1e300)) == pytest.approx(2.0, rel=1e-15)
    assert r2(np.array([1e308, 1e308, -1e308]), np.array([1e308, 1e308, -1e308])) == 1.0


def test_r2_is_right_for_targets_with_a_large_offset():
    rng = np.random.default_rng(3)
    y_true = (1e4 + rng.normal(size=100_000)).astype(np.float32)
    y_pred = (y_true + 0.5 * rng.normal(size=100_000)).astype(np.float32)
    t, p = y_true.astype(np.float64), y_pred.astype(np.float64)
    expected = 1 - np.sum((t - p) ** 2) / np.sum(
        (t - t.mean()) ** 2
    )  # two-pass in float64
    assert r2(y_true, y_pred) == pytest.approx(expected, rel=1e-12)
    assert nmse(y_true, y_pred) == pytest.approx(1 - expected, rel=1e-11)
    # (the one-pass formula sum(y**2) - n * mean**2 is nonsense here in float32)


def test_every_public_name_is_on_the_api_page():
    pages = Path(__file__).parents[1] / "book" / "api"
    metrics = (pages / "metrics.md").read_text()
    for name in PUBLIC_IDS + ["squared_errors"]:
        assert f".. autofunction:: {name}\n" in metrics
    streaming = (pages / "streaming.md").read_text()
    for name in msebook.streaming.__all__:
        assert f".. autoclass:: {name}\n" in streaming


def test_averaging_outputs_does_not_overflow_where_the_mean_is_finite():
    y_true, y_pred = [[0.0, 0.0], [1e154, 1.0]], [[0.0, 1e154], [0.0, 2.0]]
    assert sse(y_true, y_pred, multioutput="raw_values").tolist() == pytest.approx(
        [1e308, 1e308], rel=1e-12
    )
    assert sse(y_true, y_pred) == pytest.approx(1e308, rel=1e-12)
    assert sse(y_true, y_pred, multioutput=[1.0, 3.0]) == pytest.approx(
        1e308, rel=1e-12
    )


@pytest.mark.parametrize("metric", [r2, nmse], ids=["r2", "nmse"])
def test_r2_and_nmse_of_huge_values_give_the_same_answer_for_lists_and_arrays(metric):
    y_true, y_pred = [0.0, 0.0, 1e300], [1e300, 0.0, 1.0]
    from_lists, from_arrays = (
        metric(y_true, y_pred),
        metric(np.array(y_true), np.array(y_pred)),
    )
    # their squares overflow float64 (scikit-learn gives nan), their ratio does not:
    # SSE 2e600, SST 6e600 / 9
    expected = -2.0 if metric is r2 else 3.0
    assert from_lists == pytest.approx(
        expected, rel=1e-15
    ) and from_arrays == pytest.approx(expected, rel=1e-15)


SPECIAL_VALUES = [0.0, 1.0, -1.0, -2.0, 1e308, -1e308, 1e154, 1e-310, np.nan, np.inf]


def _exact_terms(name, t, p):
    """The elementwise terms of metric ``name`` for mpmath numbers ``t`` and ``p``."""
    r = t - p
    if name in ("mse", "rmse", "sse", "r2", "nmse"):
        return r * r
    if name in ("msle", "rmsle"):
        return (mpmath.log1p(t) - mpmath.log1p(p)) ** 2
    if name == "mae":
        return abs(r)
    if name == "mape":
        return abs(r) / max(abs(t), mpmath.mpf(np.finfo(float).eps))
    if name == "smape":
        size = abs(t) + abs(p)
        return 0 if size == 0 else 2 * abs(r) / size
    if name == "huber":
        return r * r / 2 if abs(r) <= 1 else abs(r) - mpmath.mpf(1) / 2
    if name == "log_cosh":
        return mpmath.log(mpmath.cosh(r))
    if name == "pinball":
        return max(r / 2, -r / 2)
    raise KeyError(name)


def _exact_metric(name, y_true, y_pred, weights):
    """Metric ``name`` in 60-digit arithmetic, outputs averaged uniformly; None if it
    has no value.
    """
    with mpmath.workdps(60):
        true = np.asarray(y_true, float).reshape(len(y_true), -1)
        pred = np.asarray(y_pred, float).reshape(len(y_true), -1)
        w = [
            mpmath.mpf(x)
            for x in (weights if weights is not None else [1.0] * len(true))
        ]
        scores = []
        for j in range(true.shape[1]):
            t = [mpmath.mpf(x) for x in true[:, j]]
            p = [mpmath.mpf(x) for x in pred[:, j]]
            total = sum(wi * _exact_terms(name, ti, pi) for wi, ti, pi in zip(w, t, p))
            if name == "sse":
                scores.append(total)
                continue
            mean = total / sum(w)
            if name in ("rmse", "rmsle"):
                mean = mpmath.sqrt(mean)
            if name in ("r2", "nmse"):
                centre = sum(wi * ti for wi, ti in zip(w, t)) / sum(w)
                spread = sum(wi * (ti - centre) ** 2 for wi, ti in zip(w, t))
                if spread == 0:
                    if name == "nmse":
                        return None, None  # inf or nan, by convention
                    mean = mpmath.mpf(1 if total == 0 else 0)
                else:
                    mean = total / spread if name == "nmse" else 1 - total / spread
            scores.append(mean)
        return sum(scores) / len(scores), max(abs(score) for score in scores)


SPECIAL_VALUES = [0.0, 1.0, -1.0, -2.0, 1e308, -1e308, 1e154, 1e-310, np.nan, np.inf]


@pytest.mark.parametrize("metric", PUBLIC_METRICS, ids=PUBLIC_IDS)
def test_special_values_give_the_right_number_or_a_clear_error(metric):
    """Extreme, subnormal, non-finite and out-of-domain values, never a warning.

    Finite values in the metric's domain give the exact result, correctly
    rounded to about twelve digits (inf beyond float64, 0 for what underflows);
    NaN and infinity under nan_policy='raise', and values at or below -1 for
    msle and rmsle, give a ValueError naming the argument.
    """
    name = metric.__name__
    for a, b in itertools.product(SPECIAL_VALUES, repeat=2):
        for y_true, y_pred in [
            (np.array([a, b]), np.array([b, 1.0])),
            ([[a, 1.0], [b, 2.0]], [[b, 0.5], [a, 2.0]]),
        ]:
            values = np.concatenate([np.ravel(y_true), np.ravel(y_pred)])
            finite = np.isfinite(values).all()
            in_domain = name not in ("msle", "rmsle") or (values > -1).all()
            for options in [
                {},
                {"nan_policy": "omit"},
                {"nan_policy": "propagate"},
                {"sample_weight": [1.0, 3.0]},
            ]:
                case = (name, y_true, y_pred, options)
                try:
                    value = metric(y_true, y_pred, **options)
                except ValueError as error:
                    assert not (finite and in_domain), (case, error)
                    names = (
                        "y_true",
                        "y_pred",
                        "nan_policy='omit'",
                        "at least 2 samples",
                    )
                    assert any(name in str(error) for name in names), (case, error)
                    continue
                assert type(value) is float, (case, value)
                if not (finite and in_domain):
                    continue
                exact, largest = _exact_metric(
                    name, y_true, y_pred, options.get("sample_weight")
                )
                if exact is None:
                    assert math.isinf(value) or math.isnan(value), (case, value)
                elif largest > np.finfo(float).max and name in ("r2", "nmse", "sse"):
                    # an output's own value is beyond float64 (a known limit of
                    # these three: the average of outputs is taken of float64 values)
                    assert math.isinf(value) or value == pytest.approx(float(exact)), (
                        case
                    )
                else:
                    assert value == pytest.approx(
                        float(exact), rel=1e-12, abs=1e-300
                    ), (
                        case,
                        value,
                        exact,
                    )


# --- Regression tests for the adversarial search of the package (inputs at the limits)


@pytest.mark.parametrize(
    "metric, y_true, y_pred, expected",
    [
        # per output 2e308 (beyond float64) and 0: their mean 1e308 is not
        (mse, [[1.4142135623730951e154, 0.0]] * 2, [[0.0, 0.0]] * 2, 1e308),
        (
            mae,
            [[1.5e308, 0.0], [-1.5e308, 0.0]],
            [[-1e308, 0.0], [1e308, 0.0]],
            1.25e308,
        ),
        (
            rmse,
            [[1.5e308, 0.0], [-1.5e308, 0.0]],
            [[-1e308, 0.0], [1e308, 0.0]],
            1.25e308,
        ),
        (
            huber,
            [[1.5e308, 0.0], [-1.5e308, 0.0]],
            [[-1e308, 0.0], [1e308, 0.0]],
            1.25e308,
        ),
    ],
)
def test_an_average_of_outputs_is_right_when_one_output_alone_overflows(
    metric, y_true, y_pred, expected
):
    from msebook.streaming import (
        MeanAbsoluteError,
        MeanSquaredError,
        RootMeanSquaredError,
    )

    assert metric(y_true, y_pred, multioutput="raw_values")[0] == np.inf  # > float64
    assert metric(y_true, y_pred) == pytest.approx(expected, rel=1e-14)
    assert metric(y_true, y_pred, multioutput=[1.0, 3.0]) == pytest.approx(
        expected / 2, rel=1e-14
    )
    stream = {mse: MeanSquaredError, mae: MeanAbsoluteError, rmse: RootMeanSquaredError}
    if metric in stream:
        batch = stream[metric]().update(np.array(y_true), np.array(y_pred))
        assert batch.result() == pytest.approx(expected, rel=1e-14)


def test_sse_of_outputs_is_right_when_one_output_alone_overflows():
    y_true = np.zeros((4, 2))
    y_pred = np.c_[np.full(4, 0.8e154), np.zeros(4)]  # sums 2.56e308 and 0
    assert sse(y_true, y_pred, multioutput="raw_values")[0] == np.inf
    assert sse(y_true, y_pred) == pytest.approx(1.28e308, rel=1e-14)
    assert sse(y_true, y_pred, multioutput=[1.0, 3.0]) == pytest.approx(
        0.64e308, rel=1e-14
    )
    # with weights, which the statistics hold divided by a power of two
    assert sse(y_true, y_pred, sample_weight=np.full(4, 2.0**-3)) == pytest.approx(
        1.6e307, rel=1e-14
    )
    assert sse(y_true, y_pred, sample_weight=np.full(4, 1e300)) == np.inf  # 1.28e608


def _exact_nmse(y_true, y_pred):
    """nmse of one output in exact rational arithmetic."""
    true = [Fraction(value) for value in y_true]
    pred = [Fraction(value) for value in y_pred]
    mean = sum(true) / len(true)
    errors = sum((t - p) ** 2 for t, p in zip(true, pred))
    return errors / sum((t - mean) ** 2 for t in true)


def test_r2_and_nmse_of_outputs_are_right_when_one_output_alone_overflows():
    # output 0: errors 1e150 on targets with a spread of 1.28e-8, an nmse of
    # 3.1e308, beyond float64; output 1: an nmse of 2e4
    offsets = np.array([0.0, 8e-5, -8e-5, 0.0])
    y_true = np.c_[1 + offsets, 2 + 2 * offsets]
    y_pred = np.c_[1 + offsets + 1e150, 3 + 2 * offsets]
    exact = [_exact_nmse(y_true[:, j], y_pred[:, j]) for j in range(2)]
    assert nmse(y_true, y_pred, multioutput="raw_values")[0] == np.inf
    assert r2(y_true, y_pred, multioutput="raw_values")[0] == -np.inf
    mean = float(sum(exact) / 2)
    assert nmse(y_true, y_pred) == pytest.approx(mean, rel=1e-14)
    assert r2(y_true, y_pred) == pytest.approx(1 - mean, rel=1e-14)
    weighted = float((exact[0] + 3 * exact[1]) / 4)
    assert r2(y_true, y_pred, multioutput=[1.0, 3.0]) == pytest.approx(
        1 - weighted, rel=1e-14
    )
    # an average beyond float64 stays infinite
    y_pred[:, 1] = y_pred[:, 0]
    assert nmse(y_true, y_pred) == np.inf
    assert r2(y_true, y_pred) == -np.inf


@pytest.mark.parametrize("metric", [r2, nmse])
def test_rows_of_zero_weight_are_ignored_when_tiny_targets_set_the_scale(metric):
    # the targets of positive weight are near 1e-308: the statistics are taken
    # in units of them, where the row of weight 0 (1e10) is beyond float64
    y_true, y_pred = [2.5e-308, 4.5e-308, 1e10], [3e-308, 3e-308, 1.0]
    kept = metric(y_true[:2], y_pred[:2])
    assert kept == pytest.approx(-0.25 if metric is r2 else 1.25, rel=1e-14)
    assert metric(y_true, y_pred, sample_weight=[1.0, 1.0, 0.0]) == kept
    two = np.c_[y_true, y_true], np.c_[y_pred, y_pred]
    np.testing.assert_array_equal(
        metric(*two, sample_weight=[1.0, 1.0, 0.0], multioutput="raw_values"),
        [kept, kept],
    )


def test_integers_beyond_2_to_the_53_keep_their_differences():
    big = 2**62
    assert mse(np.array([big + 1]), np.array([big])) == 1.0
    assert (
        mse(np.array([2**63 + 1], dtype=np.uint64), np.array([2**63], dtype=np.uint64))
        == 1.0
    )
    assert r2(
        np.array([big + 1, big + 3, big]), np.array([big, big + 3, big])
    ) == pytest.approx(33 / 42, rel=1e-15)
    nanoseconds = np.array([1_700_000_000_000_001_000, 1_700_000_000_000_000_000])
    assert mae(nanoseconds, np.full(2, 1_700_000_000_000_000_000)) == 500.0
    np.testing.assert_array_equal(
        squared_errors(np.array([big + 1, big]), np.array([big, big + 2])), [1.0, 4.0]
    )
    one = np.longdouble(1)
    step = 4 * np.finfo(np.longdouble).eps
    assert mse(np.array([one + step]), np.array([one])) == pytest.approx(
        float(step) ** 2, rel=1e-15
    )
    assert rmse(np.array([big + 3, big]), [float(big), float(big)]) == pytest.approx(
        math.sqrt(4.5), rel=1e-15
    )


def test_r2_and_nmse_of_short_arrays_lose_nothing_to_a_large_offset():
    t, p = [2.0**53, 2.0**53 + 34], [2.0**53 + 2, 2.0**53 + 34]
    assert (
        r2(np.array(t), np.array(p))
        == r2(t, p)
        == pytest.approx(1 - 4 / 578, rel=1e-15)
    )
    base = np.array([0.0, 3, 5, 8, 13, 21])
    for offset in (1e12, 1e15):
        assert nmse(offset + base, offset + base + 1) == pytest.approx(
            9 / 437, rel=1e-14
        )
    long_base = np.arange(100.0) ** 2 % 37  # more values than one dot-product piece
    expected = 100 / np.sum((long_base - long_base.mean()) ** 2)
    assert nmse(1e15 + long_base, 1e15 + long_base + 1) == pytest.approx(
        expected, rel=1e-13
    )


@pytest.mark.parametrize(
    "metric, y_true, y_pred, expected",
    [
        (mae, [1e308, 1e308], [0.0, 0.0], 1e308),
        (mae, [1e308, 0.0], [-1e308, 0.0], 1e308),
        (huber, [1e308, 0.0], [-1e308, 0.0], 1e308),
        (pinball, [1e308, 0.0], [-1e308, 0.0], 5e307),
        (log_cosh, [1e308, 0.0], [-1e308, 0.0], 1e308),
        (rmse, [1e308, 0.0], [-1e308, 0.0], math.sqrt(2) * 1e308),
        (smape, [0.0], [1e308], 2.0),
        (smape, [1e308], [-1e308], 2.0),
        (mape, [1e308], [-1e308], 2.0),
        (r2, [0.0, 1e308], [0.0, 0.0], -1.0),
        (nmse, [0.0, 1e308], [0.0, 0.0], 2.0),
        (
            r2,
            [1e-200, 3e-200, 0.0],
            [0.0, 3e-200, 0.0],
            1 - 9 / 42,
        ),  # sums that underflow
        (
            rmse,
            [1.0, 0.0],
            [1.0, 2**-1030],
            2**-1030 / math.sqrt(2),
        ),  # a subnormal error beside 1
    ],
)
def test_sums_that_overflow_give_the_representable_result(
    metric, y_true, y_pred, expected
):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metric(y_true, y_pred) == pytest.approx(expected, rel=1e-14)
        assert metric(np.array(y_true), np.array(y_pred)) == pytest.approx(
            expected, rel=1e-14
        )


@pytest.mark.parametrize("metric", PUBLIC_METRICS, ids=PUBLIC_IDS)
@pytest.mark.parametrize("weight", [1e308, 5e-324, 1e-300])
def test_weights_at_either_end_of_the_float_range_are_only_their_ratios(metric, weight):
    y_true, y_pred = (
        [[0.5, 1.0], [2.0, 0.0], [3.5, 2.0]],
        [[0.0, 2.0], [2.5, 0.0], [3.0, 1.5]],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        weights = (
            [weight / 2, weight / 2, weight]
            if weight > 1
            else [weight, weight, 2 * weight]
        )
        got = metric(y_true, y_pred, sample_weight=weights, multioutput="raw_values")
        by_outputs = metric(
            y_true,
            y_pred,
            multioutput=[weight / 4, 0.75 * weight]
            if weight > 1
            else [weight, 3 * weight],
        )
    expected = metric(
        y_true, y_pred, sample_weight=[1.0, 1.0, 2.0], multioutput="raw_values"
    )
    if metric is sse:
        expected = expected * weights[0]
    np.testing.assert_allclose(got, expected, rtol=1e-14)
    raw = metric(y_true, y_pred, multioutput="raw_values")
    assert by_outputs == pytest.approx((raw[0] + 3 * raw[1]) / 4, rel=1e-14)


def test_sse_of_huge_weights_is_their_sum_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sse(
            [1.0, 2.0], [0.0, 0.0], sample_weight=[1e300, 1e300]
        ) == pytest.approx(5e300, rel=1e-15)
        assert mse(
            [0.3, 0.5], [0.0, 0.0], sample_weight=[5e-324, 5e-324]
        ) == pytest.approx(0.17, rel=1e-15)


@pytest.mark.parametrize("error", [1e-10, 1e-6, 1e-3, 0.3, 0.999, 1.0, 3.0])
def test_log_cosh_keeps_every_digit_of_small_errors(error):
    assert log_cosh([error], [0.0]) == pytest.approx(
        float(_log_cosh_reference(error)), rel=4e-16
    )
    assert log_cosh(np.full(3, error), np.zeros(3)) == pytest.approx(
        float(_log_cosh_reference(error)), rel=4e-16
    )


@pytest.mark.parametrize(
    "metric", PUBLIC_METRICS + [squared_errors], ids=PUBLIC_IDS + ["squared_errors"]
)
def test_masked_values_are_refused_not_ignored(metric):
    masked = np.ma.array([1.0, 2.0, 3.0, 10.0], mask=[0, 0, 0, 1])
    for arguments in [(masked, [1.5, 2.0, 2.0, 0.0]), ([1.5, 2.0, 2.0, 0.0], masked)]:
        with pytest.raises(
            ValueError, match=r"(y_true|y_pred) is a masked array with masked values"
        ):
            metric(*arguments)
    with pytest.raises(ValueError, match="sample_weight is a masked array"):
        metric(
            [1.0, 2.0, 3.0, 4.0],
            [1.5, 2.0, 2.0, 0.0],
            sample_weight=np.ma.array([1.0] * 4, mask=[1, 0, 0, 0]),
        )
    unmasked = np.ma.array(
        [1.0, 2.0, 3.0, 10.0]
    )  # nothing masked: the values themselves
    np.testing.assert_array_equal(
        metric(unmasked, [1.5, 2.0, 2.0, 0.0]),
        metric([1.0, 2.0, 3.0, 10.0], [1.5, 2.0, 2.0, 0.0]),
    )


@pytest.mark.parametrize(
    "metric", PUBLIC_METRICS + [squared_errors], ids=PUBLIC_IDS + ["squared_errors"]
)
def test_a_bytearray_is_refused_like_bytes(metric):
    with pytest.raises(
        TypeError,
        match="y_true must be an array of real numbers, got the string bytearray",
    ):
        metric(bytearray(b"ab"), [97, 98])


def test_options_beyond_float64_are_refused_by_name():
    with pytest.raises(
        ValueError,
        match="delta must be finite and fit in a float64, got an integer of 401 digits",
    ):
        huber([1.0], [2.0], delta=10**400)
    with pytest.raises(ValueError, match="alpha must be finite"):
        pinball([1.0], [2.0], alpha=float("nan"))


def test_r2_of_outputs_of_very_different_sizes():
    y_true, y_pred = [[0.0, 1.0], [1e308, 2.0]], [[1e308, 0.5], [0.0, 2.0]]
    np.testing.assert_allclose(
        r2(y_true, y_pred, multioutput="raw_values"), [-3.0, 0.5]
    )
    assert r2(y_true, y_pred) == pytest.approx(-1.25, rel=1e-15)
    assert nmse(y_true, y_pred) == pytest.approx(2.25, rel=1e-15)
    # weighted by the spread of the targets: the first output's is 5e615 times larger
    assert r2(y_true, y_pred, multioutput="variance_weighted") == pytest.approx(-3.0)


def test_errors_of_zero_weight_do_not_set_the_scale():
    y_true, y_pred, weights = [2.0**-1022, 2.0**-1022, 1.0], [0.0, 0.0, 0.0], [1, 1, 0]
    assert mse(y_true, y_pred, sample_weight=weights) == 0.0  # 2**-2044 underflows
    assert r2(y_true, y_pred, sample_weight=weights) == 0.0  # a constant target
    assert nmse(y_true, y_pred, sample_weight=weights) == math.inf
    assert r2([0.0, 1e-310], [1e-310, 1.0]) == -math.inf  # 1 - 2e620
    # spreads that underflow are rescaled by the targets of positive weight only
    y_true, weights = [4.11057629e-262, 0.0, 1.0], [1, 1, 0]
    assert r2(y_true, [0.0, 0.0, 0.0], sample_weight=weights) == -1.0
    assert nmse(y_true, [0.0, 0.0, 0.0], sample_weight=weights) == 2.0


def test_the_version_is_the_one_in_pyproject():
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert f'\nversion = "{msebook.__version__}"\n' in pyproject


def test_the_sum_of_squares_meets_its_stated_bound():
    """msebook._stats: a sum of squares is within (256 + 17 + 1) u of the exact one."""
    u = 2.0**-53
    rng = np.random.default_rng(7)
    n = 300_000  # three blocks
    # hard for a running sum: each piece of 256 starts with a large error, then small
    # ones
    errors = rng.uniform(1e-4, 2e-4, size=n)
    errors[::256] = 1.0
    cases = [errors, rng.standard_t(2, size=n), np.full(n, 0.1)]
    for values in cases:
        high, low = _two_sum(values, np.zeros(n))
        exact = math.fsum(
            np.concatenate(
                [*_two_product(high, high), *(2 * p for p in _two_product(high, low))]
            )
        )
        assert abs(sse(values, np.zeros(n)) - exact) <= (256 + 17 + 1) * u * exact
    # with weights: (2 + 17 + 8 + 1) u, checked in exact rational arithmetic
    values, weights = rng.normal(size=5_000), rng.uniform(0, 3, size=5_000)
    exact = sum(Fraction(w) * Fraction(v) ** 2 for v, w in zip(values, weights))
    got = sse(values, np.zeros(5_000), sample_weight=weights)
    assert abs(Fraction(got) - exact) <= Fraction((2 + 17 + 8 + 1) * u) * exact


def test_tiny_bounds_what_underflow_can_cost():
    # 2**-900 from one error, and a million squares that underflow: a relative
    # 2**-174 * n at most
    values = np.concatenate([[2.0**-450], np.full(1_000_000, 2.0**-540)])
    assert sse(values, np.zeros(len(values))) == pytest.approx(
        2.0**-900, rel=1e6 * 2.0**-174
    )
