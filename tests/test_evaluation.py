"""mase, test_error_interval and paired_comparison against hand computations, scipy and
a bootstrap.
"""

import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import load_breast_cancer as sklearn_breast_cancer
from test_metrics import BAD_INPUTS

import msebook
from msebook import mase, paired_comparison, test_error_interval
from msebook._distributions import normal_quantile, normal_sf, t_quantile, t_sf
from msebook.datasets import load_breast_cancer

DTYPES = [np.float64, np.float32, np.int64, np.int32]


def _mase_reference(y_true, y_pred, y_train, m, sample_weight=None):
    """MASE written straight from Hyndman and Koehler's definition, one output, with
    loops.
    """
    naive = sum(abs(y_train[t] - y_train[t - m]) for t in range(m, len(y_train)))
    naive /= len(y_train) - m
    if sample_weight is None:
        sample_weight = [1.0] * len(y_true)
    errors = sum(w * abs(a - b) for w, a, b in zip(sample_weight, y_true, y_pred))
    return errors / sum(sample_weight) / naive


def _sktime_mase(y_true, y_pred, y_train, sp):
    """sktime's mean_absolute_scaled_error for one output, as its source computes it."""
    y_train = np.asarray(y_train, dtype=float)
    mae_naive = np.mean(np.abs(y_train[sp:] - y_train[:-sp]))
    mae_pred = np.mean(np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float)))
    return mae_pred / max(mae_naive, np.finfo(np.float64).eps)


def test_mase_by_hand():
    # naive changes |3-1|, |2-3|, |4-2| average 5/3; test MAE (1 + 2)/2 = 1.5
    assert mase([5, 6], [4, 8], y_train=[1, 3, 2, 4]) == pytest.approx(0.9, rel=1e-15)
    # lag 2: |11-10|, |14-13| average 1; test MAE 1.5
    assert mase([12, 14], [11, 12], y_train=[10, 13, 11, 14], seasonality=2) == 1.5


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seasonality", [1, 4, 12])
@pytest.mark.parametrize("weighted", [False, True])
def test_mase_matches_the_definition_and_sktime(dtype, seasonality, weighted):
    rng = np.random.default_rng(seasonality)
    y_train = (100 + rng.normal(size=60).cumsum() * 5).astype(dtype)
    y_true = (100 + rng.normal(size=15) * 5).astype(dtype)
    y_pred = (100 + rng.normal(size=15) * 5).astype(dtype)
    weights = rng.uniform(0, 2, size=15) if weighted else None
    expected = _mase_reference(
        y_true.tolist(), y_pred.tolist(), y_train.tolist(), seasonality, weights
    )
    ours = mase(
        y_true, y_pred, y_train=y_train, seasonality=seasonality, sample_weight=weights
    )
    assert ours == pytest.approx(expected, rel=1e-12)
    if not weighted:
        assert ours == pytest.approx(
            _sktime_mase(y_true, y_pred, y_train, seasonality), rel=1e-12
        )


def test_mase_of_several_outputs_is_combined_like_every_metric():
    rng = np.random.default_rng(3)
    y_train, y_true, y_pred = (rng.normal(size=(n, 3)) for n in (30, 8, 8))
    each = [
        _mase_reference(y_true[:, j], y_pred[:, j], y_train[:, j], 1) for j in range(3)
    ]
    raw = mase(y_true, y_pred, y_train=y_train, multioutput="raw_values")
    np.testing.assert_allclose(raw, each, rtol=1e-12)
    assert mase(y_true, y_pred, y_train=y_train) == pytest.approx(np.mean(each))
    weighted = mase(y_true, y_pred, y_train=y_train, multioutput=[1, 0, 3])
    assert weighted == pytest.approx((each[0] + 3 * each[2]) / 4, rel=1e-12)


def test_mase_nan_policy():
    y_train = [1.0, 3.0, np.nan, 4.0, 6.0]
    with pytest.raises(ValueError, match="y_train contains nan at index 2"):
        mase([5.0, 6.0], [4.0, 8.0], y_train=y_train)
    # omit: the changes 3-1 and 6-4 remain
    assert mase([5.0, 6.0], [4.0, 8.0], y_train=y_train, nan_policy="omit") == 0.75
    assert math.isnan(
        mase([5.0, 6.0], [4.0, 8.0], y_train=y_train, nan_policy="propagate")
    )
    omitted = mase([5.0, np.nan], [4.0, 8.0], y_train=[1, 3, 2, 4], nan_policy="omit")
    assert omitted == pytest.approx(1 / (5 / 3))
    with pytest.raises(ValueError, match="y_train contains inf"):
        mase([1.0], [2.0], y_train=[1.0, np.inf, 2.0], nan_policy="omit")


@pytest.mark.parametrize("y_true, y_pred, kwargs, error, message", BAD_INPUTS)
def test_mase_bad_input_gets_a_clear_error(y_true, y_pred, kwargs, error, message):
    # y_true, y_pred and the options are checked before y_train is looked at
    with pytest.raises(error) as caught:
        mase(y_true, y_pred, y_train=np.arange(10.0), **kwargs)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"y_train": [1.0, 1.0, 1.0]}, ValueError, "no finite change at lag 1"),
        ({"y_train": [1.0, 2.0]}, ValueError, "more than seasonality=2 values, got 2"),
        (
            {"y_train": [1.0, 2.0, 3.0], "seasonality": 0},
            ValueError,
            "seasonality must",
        ),
        (
            {"y_train": [1.0, 2.0, 3.0], "seasonality": 1.0},
            TypeError,
            "seasonality must",
        ),
        ({"y_train": None}, TypeError, "y_train must be an array of real numbers"),
        (
            {"y_train": [[1.0, 2.0]] * 4},
            ValueError,
            "y_train must have as many outputs",
        ),
        ({"y_train": ["a", "b", "c"]}, TypeError, "y_train must hold real numbers"),
    ],
)
def test_mase_bad_training_series(kwargs, error, message):
    kwargs = {"seasonality": 2, **kwargs} if "more than" in message else kwargs
    with pytest.raises(error, match=message):
        mase([1.0, 2.0], [1.5, 2.5], **kwargs)


def test_mase_needs_y_train_as_a_keyword():
    with pytest.raises(TypeError):
        mase([1.0, 2.0], [1.5, 2.5], [1.0, 2.0, 3.0])


# --- the distributions ---------------------------------------------------------


def test_normal_quantile_agrees_with_scipy_to_1e_12():
    ps = np.concatenate(
        [np.logspace(-300, -1, 200), np.linspace(0.01, 0.99, 197), [0.5, 0.975, 0.995]]
    )
    ps = np.concatenate([ps, 1 - ps[(ps > 1e-15) & (ps < 0.5)]])
    for p in ps:
        expected = stats.norm.ppf(p)
        assert abs(normal_quantile(float(p)) - expected) <= 1e-12 * max(
            1, abs(expected)
        )


def test_normal_tail_agrees_with_scipy():
    for x in np.linspace(-10, 30, 161):
        assert normal_sf(float(x)) == pytest.approx(stats.norm.sf(x), rel=1e-13)


@pytest.mark.parametrize("df", [1, 2, 3, 4.5, 9, 29, 99, 1000, 123456])
def test_t_distribution_agrees_with_scipy(df):
    for x in [-40.0, -3.0, -1.0, -0.1, 0.0, 0.3, 1.96, 2.5, 6.0, 40.0, 1e3]:
        assert t_sf(x, df) == pytest.approx(stats.t.sf(x, df), rel=1e-11, abs=1e-300)
    for p in [1e-10, 0.001, 0.025, 0.1, 0.5, 0.7, 0.95, 0.975, 0.999]:
        expected = stats.t.ppf(p, df)
        assert abs(t_quantile(p, df) - expected) <= 1e-11 * max(1, abs(expected))


# --- test_error_interval ---------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("loss", ["squared", "absolute"])
@pytest.mark.parametrize("level", [0.8, 0.95, 0.99])
def test_interval_is_the_t_interval_of_the_losses(dtype, loss, level):
    rng = np.random.default_rng(7)
    y_true = (rng.normal(size=40) * 10).astype(dtype)
    y_pred = (rng.normal(size=40) * 10).astype(dtype)
    errors = y_true.astype(float) - y_pred.astype(float)
    losses = errors**2 if loss == "squared" else np.abs(errors)
    result = test_error_interval(y_true, y_pred, loss=loss, level=level)
    low, high = stats.t.interval(level, 39, loc=losses.mean(), scale=stats.sem(losses))
    assert result.estimate == pytest.approx(losses.mean(), rel=1e-13)
    assert result.standard_error == pytest.approx(stats.sem(losses), rel=1e-12)
    assert (result.low, result.high) == pytest.approx((low, high), rel=1e-11)
    assert result.n_samples == 40 and result.level == level
    if loss == "squared":
        assert result.estimate == pytest.approx(msebook.mse(y_true, y_pred), rel=1e-13)


def test_large_sample_interval_is_the_normal_one():
    rng = np.random.default_rng(8)
    y_true, y_pred = rng.normal(size=50), rng.normal(size=50)
    losses = (y_true - y_pred) ** 2
    result = test_error_interval(y_true, y_pred, small_sample=False, level=0.9)
    scale = losses.std(ddof=0) / math.sqrt(50)
    assert result.standard_error == pytest.approx(scale, rel=1e-12)
    low, high = stats.norm.interval(0.9, loc=losses.mean(), scale=scale)
    assert (result.low, result.high) == pytest.approx((low, high), rel=1e-12)


def test_interval_of_several_outputs_uses_each_samples_mean_loss():
    rng = np.random.default_rng(9)
    y_true, y_pred = rng.normal(size=(30, 2)), rng.normal(size=(30, 2))
    losses = ((y_true - y_pred) ** 2).mean(axis=1)
    result = test_error_interval(y_true, y_pred)
    assert result.estimate == pytest.approx(msebook.mse(y_true, y_pred), rel=1e-13)
    assert result.standard_error == pytest.approx(stats.sem(losses), rel=1e-12)


def test_weighted_interval_is_that_of_a_weighted_mean():
    rng = np.random.default_rng(10)
    y_true, y_pred = rng.normal(size=25), rng.normal(size=25)
    weights = rng.uniform(0.5, 2, size=25)
    losses = (y_true - y_pred) ** 2
    mean = np.average(losses, weights=weights)
    variance = np.sum(weights**2 * (losses - mean) ** 2) / weights.sum() ** 2 * 25 / 24
    result = test_error_interval(y_true, y_pred, sample_weight=weights)
    assert result.estimate == pytest.approx(mean, rel=1e-13)
    assert result.standard_error == pytest.approx(math.sqrt(variance), rel=1e-12)
    integer = test_error_interval(
        np.repeat(y_true, 2), np.repeat(y_pred, 2), small_sample=False
    )
    doubled = test_error_interval(y_true, y_pred, sample_weight=np.full(25, 2.0))
    assert doubled.estimate == pytest.approx(integer.estimate)


def test_interval_agrees_with_a_bootstrap():
    rng = np.random.default_rng(11)
    y_true = rng.normal(size=400)
    y_pred = y_true + rng.standard_t(5, size=400)
    losses = (y_true - y_pred) ** 2
    resamples = rng.integers(0, 400, size=(4000, 400))
    boot = losses[resamples].mean(axis=1)
    result = test_error_interval(y_true, y_pred)
    assert result.standard_error == pytest.approx(boot.std(ddof=1), rel=0.05)
    low, high = np.quantile(boot, [0.025, 0.975])
    assert result.low == pytest.approx(low, rel=0.05)
    assert result.high == pytest.approx(high, rel=0.05)


def test_interval_covers_the_true_mse_as_often_as_it_says():
    # 2000 test sets of 2000 samples, errors normal with sd 2 (true MSE 4). The number
    # of intervals that cover 4 is binomial(2000, 0.95) if they are right: its sd is
    # 9.7, so 1900 +- 40 (over 4 sd) holds with probability above 0.9999. (Squared
    # errors are skewed, and the t interval undercovers by O(1/n): a few hundred samples
    # are not enough to make that negligible; the chapter shows it.)
    rng = np.random.default_rng(2026)
    covered = 0
    for _ in range(2000):
        errors = rng.normal(scale=2.0, size=2000)
        result = test_error_interval(errors, np.zeros(2000))
        covered += result.low <= 4.0 <= result.high
    assert abs(covered - 1900) <= 40


def test_paired_comparison_covers_the_true_difference_as_often_as_it_says():
    # Two models whose errors share a common part; the true MSE difference is
    # 1.0**2 - 1.2**2 = -0.44. Binomial tolerance as above.
    rng = np.random.default_rng(1995)
    covered = 0
    for _ in range(2000):
        common = rng.normal(size=1000)
        y = common + rng.normal(size=1000)
        a = y - rng.normal(scale=1.0, size=1000)
        b = y - rng.normal(scale=1.2, size=1000)
        result = paired_comparison(y, a, b)
        covered += result.low <= -0.44 <= result.high
    assert abs(covered - 1900) <= 40


# --- paired_comparison ------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("loss", ["squared", "absolute"])
@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_paired_comparison_is_the_paired_t_test_for_one_step(dtype, loss, alternative):
    rng = np.random.default_rng(12)
    y = (rng.normal(size=30) * 10).astype(dtype)
    a = (y + rng.normal(size=30) * 4).astype(dtype)
    b = (y + rng.normal(size=30) * 5).astype(dtype)
    f = np.square if loss == "squared" else np.abs
    la, lb = f(y.astype(float) - a.astype(float)), f(y.astype(float) - b.astype(float))
    expected = stats.ttest_rel(la, lb, alternative=alternative)
    result = paired_comparison(y, a, b, loss=loss, alternative=alternative)
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-11)
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert result.difference == pytest.approx(np.mean(la - lb), rel=1e-12, abs=1e-12)
    low, high = stats.t.interval(
        0.95, 29, loc=np.mean(la - lb), scale=stats.sem(la - lb)
    )
    assert (result.low, result.high) == pytest.approx((low, high), rel=1e-10)


@pytest.mark.parametrize("loss", ["squared", "absolute"])
@pytest.mark.parametrize("scale", [1e100, 1e155, 1e-160, 2.0**-1000])
def test_the_uncertainty_functions_at_either_end_of_the_float_range(scale, loss):
    # the statistic does not depend on the scale; the losses once overflowed (a
    # RuntimeWarning, then NaN) or underflowed ("the loss differences are all equal")
    rng = np.random.default_rng(12)
    y = rng.normal(size=30)
    a, b = y + rng.normal(size=30), y + 1.5 * rng.normal(size=30)
    base = paired_comparison(y, a, b, loss=loss)
    power = 2 if loss == "squared" else 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled = paired_comparison(y * scale, a * scale, b * scale, loss=loss)
        interval = test_error_interval(y * scale, a * scale, loss=loss)
    assert scaled.statistic == pytest.approx(base.statistic, rel=1e-13)
    assert scaled.p_value == pytest.approx(base.p_value, rel=1e-12)
    reference = test_error_interval(y, a, loss=loss)
    for got, want in [
        (scaled.difference, base.difference),
        (scaled.standard_error, base.standard_error),
        (scaled.low, base.low),
        (interval.estimate, reference.estimate),
        (interval.high, reference.high),
    ]:  # in the values' units: inf beyond float64, subnormal or 0 below it
        exact = want * scale**power if power == 1 else want * scale * scale
        assert got == pytest.approx(exact, rel=1e-12, abs=5e-324 * 4) or (
            math.isinf(exact) and got == exact
        )


def test_the_uncertainty_functions_subtract_large_integers_exactly():
    # integers beyond 2**53 were cast to float64 first: every loss 0
    t = np.array([2**62 + 1, 2**62, 2**62 + 3, 2**62 + 7])
    p = np.array([2**62, 2**62 + 3, 2**62, 2**62 + 1])
    small_t, small_p = (t - 2**62).astype(float), (p - 2**62).astype(float)
    assert test_error_interval(t, p) == test_error_interval(small_t, small_p)
    other = np.array([2**62 + 2, 2**62, 2**62 + 1, 2**62 + 1])
    assert paired_comparison(t, p, other) == paired_comparison(
        small_t, small_p, (other - 2**62).astype(float)
    )
    # and the naive forecast of mase's y_train ("no change at lag 1" before)
    assert mase(t, p, y_train=t) == mase(small_t, small_p, y_train=small_t) == 1.21875


def test_the_uncertainty_functions_with_extreme_weights():
    # weights of 1e308 overflowed their sum: NaN; 5e-324 lost every digit
    y, a, b = [1.0, 2.0, 3.0, 5.0], [0.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]
    w = np.array([1.0, 2.0, 1.0, 3.0])
    for factor in [2.0**1020, 2.0**-1070]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert test_error_interval(
                y, a, sample_weight=w * factor
            ) == test_error_interval(y, a, sample_weight=w)
            assert paired_comparison(
                y, a, b, sample_weight=w * factor
            ) == paired_comparison(y, a, b, sample_weight=w)


def _diebold_mariano(d, h, small_sample):
    """R's forecast::dm.test, written out: autocovariances to lag h - 1, the HLN
    factor.
    """
    n = len(d)
    dbar = np.mean(d)
    gamma = [np.sum((d[k:] - dbar) * (d[: n - k] - dbar)) / n for k in range(h)]
    statistic = dbar / math.sqrt((gamma[0] + 2 * sum(gamma[1:])) / n)
    if not small_sample:
        return statistic, 2 * stats.norm.sf(abs(statistic))
    statistic *= math.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return statistic, 2 * stats.t.sf(abs(statistic), n - 1)


@pytest.mark.parametrize("h", [1, 2, 4])
@pytest.mark.parametrize("small_sample", [True, False])
def test_paired_comparison_is_diebold_mariano(h, small_sample):
    rng = np.random.default_rng(h)
    shocks = rng.normal(size=(3, 121))
    y = shocks[0, 1:]
    a = y - (shocks[1, 1:] + 0.8 * shocks[1, :-1])  # autocorrelated errors
    b = y - 1.2 * (shocks[2, 1:] + 0.8 * shocks[2, :-1])
    d = (y - a) ** 2 - (y - b) ** 2
    statistic, p_value = _diebold_mariano(d, h, small_sample)
    result = paired_comparison(y, a, b, horizon=h, small_sample=small_sample)
    assert result.statistic == pytest.approx(statistic, rel=1e-11)
    assert result.p_value == pytest.approx(p_value, rel=1e-9)


def test_paired_comparison_falls_back_to_bartlett_weights_with_a_warning():
    d = np.array([1.0, -1.0] * 10)
    y = np.zeros(20)
    a = np.sqrt(np.abs(d) + 1 + d)  # squared losses 1 + |d| + d and 1 + |d|
    b = np.sqrt(np.abs(d) + 1)
    with pytest.warns(RuntimeWarning, match="Bartlett"):
        result = paired_comparison(y, a, b, horizon=2)
    diffs = a**2 - b**2
    gamma0 = np.mean((diffs - diffs.mean()) ** 2)
    gamma1 = np.sum((diffs[1:] - diffs.mean()) * (diffs[:-1] - diffs.mean())) / 20
    variance = (gamma0 + 2 * 0.5 * gamma1) / 20 * 20 / (20 + 1 - 4 + 2 / 20)
    assert result.standard_error == pytest.approx(math.sqrt(variance), rel=1e-12)


def test_paired_comparison_agrees_with_a_paired_bootstrap():
    rng = np.random.default_rng(13)
    y = rng.normal(size=300)
    a, b = y + rng.normal(size=300), y + 1.1 * rng.normal(size=300)
    d = (y - a) ** 2 - (y - b) ** 2
    boot = d[rng.integers(0, 300, size=(4000, 300))].mean(axis=1)
    result = paired_comparison(y, a, b)
    assert result.standard_error == pytest.approx(boot.std(ddof=1), rel=0.05)


def test_nan_policy_of_the_uncertainty_functions():
    y = np.array([1.0, 2.0, np.nan, 4.0, 5.0])
    a = np.array([1.5, 2.5, 3.0, 3.0, 5.5])
    b = np.array([0.0, 2.0, 3.0, 5.0, np.nan])
    with pytest.raises(ValueError, match="y_true contains nan at index 2"):
        test_error_interval(y, a)
    with pytest.raises(ValueError, match="pred_b contains nan at index 4"):
        paired_comparison(np.nan_to_num(y), a, b)
    omitted = test_error_interval(y, a, nan_policy="omit")
    kept = ~np.isnan(y)
    assert omitted == test_error_interval(y[kept], a[kept])
    both = paired_comparison(y, a, b, nan_policy="omit")
    rows = [0, 1, 3]
    assert both == paired_comparison(y[rows], a[rows], b[rows])
    assert math.isnan(test_error_interval(y, a, nan_policy="propagate").estimate)
    assert math.isnan(paired_comparison(y, a, b, nan_policy="propagate").p_value)
    with pytest.raises(ValueError, match="infinite values are always an error"):
        test_error_interval([1.0, np.inf], [1.0, 2.0], nan_policy="omit")


UNCERTAINTY_BAD_INPUTS = [
    ({"y_true": None}, TypeError, "y_true must be an array of real numbers, got None"),
    ({"y_true": "abc"}, TypeError, "y_true must be an array of real numbers"),
    ({"y_true": [1 + 2j, 3, 4]}, TypeError, "y_true must hold real numbers"),
    ({"y_pred": [1.0, 2.0]}, ValueError, "must have the same shape"),
    ({"y_pred": [[1.0, 2.0]] * 3}, ValueError, "must have the same shape"),
    ({"y_true": []}, ValueError, "y_true is empty"),
    ({"y_pred": [1.0, np.inf, 2.0]}, ValueError, "contains inf at index 1"),
    ({"sample_weight": [1, -1, 2]}, ValueError, "sample_weight must be non-negative"),
    ({"sample_weight": [0, 0, 0]}, ValueError, "sample_weight must not be all zero"),
    ({"sample_weight": [1, 2]}, ValueError, "sample_weight must have length 3"),
    ({"loss": "huber"}, ValueError, "loss must be one of 'squared', 'absolute'"),
    ({"level": 1.0}, ValueError, "level must be strictly between 0 and 1"),
    ({"level": "95%"}, TypeError, "level must be a real number"),
    ({"horizon": 0}, ValueError, "horizon must be"),
    ({"horizon": 1.5}, TypeError, "horizon must be an integer"),
    ({"small_sample": "yes"}, TypeError, "small_sample must be True or False"),
    ({"nan_policy": "ignore"}, ValueError, "nan_policy must be"),
    (
        {"y_true": [1.0], "y_pred": [2.0]},
        ValueError,
        "y_true (the test set) must have at least 2 samples",
    ),
    ({"horizon": 3}, ValueError, "y_true (the test set) must have at least 4 samples"),
]


@pytest.mark.parametrize("function", ["interval", "paired"])
@pytest.mark.parametrize("change, error, message", UNCERTAINTY_BAD_INPUTS)
def test_uncertainty_bad_input_gets_a_clear_error(function, change, error, message):
    args = {"y_true": [1.0, 2.0, 3.0], "y_pred": [1.5, 2.0, 2.0], **change}
    y_true, y_pred = args.pop("y_true"), args.pop("y_pred")
    if function == "paired":
        message = message.replace("y_pred", "pred_a")
        call = lambda: paired_comparison(  # noqa: E731
            y_true, y_pred, np.zeros(np.shape(y_pred)), **args
        )
    else:
        call = lambda: test_error_interval(y_true, y_pred, **args)  # noqa: E731
    with pytest.raises(error) as caught:
        call()
    assert message in str(caught.value)


def test_paired_comparison_specific_errors():
    with pytest.raises(ValueError, match="alternative must be one of"):
        paired_comparison([1, 2, 3], [1, 2, 3], [0, 0, 0], alternative="smaller")
    with pytest.raises(ValueError, match="y_true and pred_b must have the same shape"):
        paired_comparison([1, 2, 3], [1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="all equal"):
        paired_comparison([1.0, 2.0, 3.0], [2.0, 3.0, 4.0], [0.0, 1.0, 2.0])


def test_inputs_are_not_modified():
    y, a, b = np.array([1.0, np.nan, 3.0]), np.array([1.0, 2.0, 2.0]), np.ones(3)
    copies = [y.copy(), a.copy(), b.copy()]
    paired_comparison(y, a, b, nan_policy="omit")
    mase(y, a, y_train=np.array([1.0, 2.0, np.nan, 4.0]), nan_policy="omit")
    for array, copy in zip((y, a, b), copies):
        np.testing.assert_array_equal(array, copy)


def test_every_name_is_on_the_api_page_and_in_the_flat_api():
    page = (Path(__file__).parents[1] / "book" / "api" / "evaluation.md").read_text()
    for name in msebook.evaluation.__all__:
        assert getattr(msebook, name) is getattr(msebook.evaluation, name)
        directive = "autoclass" if name[0].isupper() else "autofunction"
        assert f".. {directive}:: {name}\n" in page


def test_no_warning_for_ordinary_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paired_comparison([1, 2, 3, 4], [1, 2, 2, 5], [0, 2, 3, 3], horizon=2)


# --- the data set ------------------------------------------------------------------


def test_breast_cancer_equals_scikit_learns_copy():
    ours, theirs = load_breast_cancer(), sklearn_breast_cancer()
    np.testing.assert_array_equal(ours.data, theirs.data)
    np.testing.assert_array_equal(ours.target, theirs.target)
    assert list(ours.feature_names) == list(theirs.feature_names)
    assert list(ours.target_names) == list(theirs.target_names)
    assert ours.data.dtype == np.float64 and ours.target.dtype == np.int64


@pytest.mark.parametrize("dtype", DTYPES)
def test_weighted_paired_comparison_is_that_of_a_weighted_mean(dtype):
    rng = np.random.default_rng(14)
    y = (rng.normal(size=40) * 10).astype(dtype)
    a = (y + rng.normal(size=40) * 3).astype(dtype)
    b = (y + rng.normal(size=40) * 4).astype(dtype)
    weights = rng.integers(0, 4, size=40).astype(float)
    d = (y.astype(float) - a) ** 2 - (y.astype(float) - b) ** 2
    mean = np.average(d, weights=weights)
    variance = np.sum(weights**2 * (d - mean) ** 2) / weights.sum() ** 2 * 40 / 39
    result = paired_comparison(y, a, b, sample_weight=weights)
    assert result.difference == pytest.approx(mean, rel=1e-12)
    assert result.standard_error == pytest.approx(math.sqrt(variance), rel=1e-12)
    assert result.statistic == pytest.approx(mean / math.sqrt(variance), rel=1e-12)
    assert result.p_value == pytest.approx(
        2 * stats.t.sf(abs(result.statistic), 39), rel=1e-9
    )
