"""msebook.streaming: any split of the data and any merge order give the batch
function's answer.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from msebook import mae, mse, msle, r2, rmse
from msebook.streaming import (
    MeanAbsoluteError,
    MeanSquaredError,
    R2Score,
    RootMeanSquaredError,
    Statistics,
)

PAIRS = [
    (MeanSquaredError, mse),
    (RootMeanSquaredError, rmse),
    (MeanAbsoluteError, mae),
    (R2Score, r2),
]
IDS = ["mse", "rmse", "mae", "r2"]


def _data(seed, n_samples, n_outputs, offset=0.0):
    rng = np.random.default_rng(seed)
    shape = (n_samples,) if n_outputs is None else (n_samples, n_outputs)
    y_true = offset + rng.normal(size=shape) * 10 ** rng.uniform(-2, 2)
    y_pred = y_true + rng.standard_t(3, size=shape)
    return y_true, y_pred, rng.uniform(0, 3, size=n_samples), rng


def _stream(cls, y_true, y_pred, weights, rng, **options):
    """Feed random slices to several metrics, then merge them in a random order."""
    cuts = np.sort(
        rng.choice(
            np.arange(1, len(y_true)),
            size=rng.integers(1, min(8, len(y_true))),
            replace=False,
        )
    )
    parts = []
    for start, stop in zip(np.r_[0, cuts], np.r_[cuts, len(y_true)]):
        metric = cls(**options)
        metric.update(
            y_true[start:stop],
            y_pred[start:stop],
            sample_weight=None if weights is None else weights[start:stop],
        )
        parts.append(metric)
    rng.shuffle(parts)
    while len(parts) > 1:  # merge random pairs, so the merge tree has any shape
        i, j = sorted(rng.choice(len(parts), size=2, replace=False))
        parts[i].merge(parts.pop(j))
    return parts[0].result()


@pytest.mark.parametrize("cls, batch", PAIRS, ids=IDS)
@pytest.mark.parametrize("n_outputs", [None, 3])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("multioutput", ["uniform_average", "raw_values", [1, 2, 3]])
def test_any_split_and_merge_order_gives_the_batch_answer(
    cls, batch, n_outputs, weighted, multioutput
):
    if not isinstance(multioutput, str) and n_outputs is None:
        multioutput = [2]
    for seed in range(10):
        y_true, y_pred, weights, rng = _data(seed, 200, n_outputs)
        weights = weights if weighted else None
        expected = batch(y_true, y_pred, sample_weight=weights, multioutput=multioutput)
        got = _stream(cls, y_true, y_pred, weights, rng, multioutput=multioutput)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
        assert type(got) is type(expected)


@settings(max_examples=examples(50))
@given(seed=st.integers(0, 2**32 - 1), n_samples=st.integers(2, 300))
def test_streaming_equals_batch_for_random_data(seed, n_samples):
    y_true, y_pred, weights, rng = _data(seed, n_samples, 2, offset=1e4)
    for cls, batch in PAIRS:
        expected = batch(
            y_true, y_pred, sample_weight=weights, multioutput="raw_values"
        )
        got = _stream(cls, y_true, y_pred, weights, rng, multioutput="raw_values")
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)


def test_r2_keeps_its_precision_for_targets_with_a_large_offset():
    rng = np.random.default_rng(5)
    y_true = (1e4 + rng.normal(size=100_000)).astype(np.float32)
    y_pred = (y_true + 0.3 * rng.normal(size=100_000)).astype(np.float32)
    t, p = y_true.astype(np.float64), y_pred.astype(np.float64)
    expected = 1 - np.sum((t - p) ** 2) / np.sum(
        (t - t.mean()) ** 2
    )  # two passes in float64
    for _ in range(5):
        assert _stream(R2Score, y_true, y_pred, None, rng) == pytest.approx(
            expected, rel=1e-12
        )


def test_large_batches_and_extreme_values():
    rng = np.random.default_rng(2)
    y_true, y_pred = rng.normal(size=(70_000, 2)), rng.normal(size=(70_000, 2))
    metric = MeanSquaredError(multioutput="raw_values")
    metric.update(y_true[:50_000], y_pred[:50_000]).update(
        y_true[50_000:], y_pred[50_000:]
    )
    np.testing.assert_allclose(
        metric.result(), mse(y_true, y_pred, multioutput="raw_values"), rtol=1e-13
    )
    # a batch whose squares overflow is rescaled and still merges with ordinary ones
    metric = (
        RootMeanSquaredError().update([1e200], [-1e200]).update([0.0, 3.0], [0.0, 3.0])
    )
    assert metric.result() == pytest.approx(
        rmse([1e200, 0.0, 3.0], [-1e200, 0.0, 3.0]), rel=1e-15
    )


def test_r2_constant_targets_and_options():
    assert R2Score().update([2, 2], [2, 2]).update([2], [2]).result() == 1.0
    assert R2Score().update([2, 2], [2, 2]).update([2], [3]).result() == 0.0
    assert (
        R2Score(force_finite=False).update([2, 2], [2, 2]).update([2], [3]).result()
        == -np.inf
    )
    y_true, y_pred = (
        np.array([[1, 3], [1, 5], [1, 7]]),
        np.array([[1, 3], [1, 6], [2, 7]]),
    )
    metric = (
        R2Score(multioutput="variance_weighted")
        .update(y_true[:1], y_pred[:1])
        .update(y_true[1:], y_pred[1:])
    )
    assert metric.result() == r2(y_true, y_pred, multioutput="variance_weighted")


@pytest.mark.parametrize("cls, batch", PAIRS, ids=IDS)
def test_nan_policies_and_zero_weight_batches(cls, batch):
    y_true = np.array([1.0, np.nan, 3.0, 4.0, 2.0])
    y_pred = np.array([1.5, 2.0, np.nan, 3.0, 2.5])
    metric = (
        cls(nan_policy="omit")
        .update(y_true[:2], y_pred[:2])
        .update(y_true[2:], y_pred[2:])
    )
    assert metric.result() == pytest.approx(
        batch(y_true, y_pred, nan_policy="omit"), rel=1e-14
    )
    metric = (
        cls(nan_policy="propagate")
        .update(y_true[:1], y_pred[:1])
        .update(y_true[1:], y_pred[1:])
    )
    assert np.isnan(metric.result())
    with pytest.raises(ValueError, match="y_true contains nan at index 1"):
        cls().update(y_true, y_pred)
    # a batch may have only zero weights or only NaN pairs: it adds nothing
    clean_true, clean_pred = np.array([1.0, 3.0, 4.0]), np.array([1.5, 2.0, 3.0])
    metric = (
        cls(nan_policy="omit")
        .update(clean_true, clean_pred)
        .update([5.0, 6.0], [1.0, 2.0], sample_weight=[0, 0])
    )
    metric.update([np.nan], [1.0])
    assert metric.result() == pytest.approx(batch(clean_true, clean_pred), rel=1e-14)


@pytest.mark.parametrize(
    "cls", [MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, R2Score], ids=IDS
)
def test_misuse_gets_a_clear_error(cls):
    with pytest.raises(ValueError, match="has no data yet: call update first"):
        cls().result()
    with pytest.raises(
        ValueError, match="y_true and y_pred must have the same number of samples"
    ):
        cls().update([1, 2], [1])
    with pytest.raises(
        ValueError, match="y_true has 2 outputs, but earlier batches had 1"
    ):
        cls().update([1, 2], [1, 2]).update([[1, 2]], [[1, 2]])
    with pytest.raises(ValueError, match="sample_weight must be non-negative"):
        cls().update([1, 2], [1, 2], sample_weight=[1, -1])
    with pytest.raises(ValueError, match="has no data with positive weight"):
        cls().update([1, 2], [1, 2], sample_weight=[0, 0]).result()
    with pytest.raises(ValueError, match="nan_policy must be"):
        cls(nan_policy="skip")
    with pytest.raises(ValueError, match="multioutput must be"):
        cls(multioutput="mean")
    with pytest.raises(TypeError, match="other must be a"):
        cls().merge(object())
    with pytest.raises(ValueError, match="other has options"):
        cls().merge(cls(multioutput="raw_values"))
    with pytest.raises(ValueError, match="other has seen 2 outputs, this metric 1"):
        cls().update([1, 2], [1, 2]).merge(
            cls().update([[1, 2], [3, 4]], [[1, 2], [3, 4]])
        )
    with pytest.raises(ValueError, match="multioutput must have length 2, got 3"):
        cls(multioutput=[1, 2, 3]).update([[1, 2], [3, 4]], [[1, 2], [3, 4]]).result()
    # merging an empty metric changes nothing; update and merge return the metric itself
    metric = cls().update([1.0, 2.0, 4.0], [1.5, 2.0, 3.0])
    assert metric.merge(cls()) is metric
    assert metric.result() == pytest.approx(
        {
            MeanSquaredError: mse,
            RootMeanSquaredError: rmse,
            MeanAbsoluteError: mae,
            R2Score: r2,
        }[cls]([1, 2, 4], [1.5, 2, 3])
    )


def test_r2_needs_two_samples():
    with pytest.raises(ValueError, match="R2Score needs at least 2 samples, got 1"):
        R2Score().update([1.0], [2.0]).result()


@pytest.mark.parametrize(
    "cls", [MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, R2Score], ids=IDS
)
@pytest.mark.parametrize(
    "multioutput, error, message",
    [
        (None, TypeError, "multioutput must be 'raw_values', 'uniform_average'"),
        (5, TypeError, "multioutput must be 'raw_values', 'uniform_average'"),
        ([-1, 1], ValueError, "multioutput must be non-negative, got -1.0 at index 0"),
        ([np.nan, 1], ValueError, "multioutput contains nan at index 0"),
        ([0, 0], ValueError, "multioutput must not be all zero"),
        ([[1, 2]], ValueError, "multioutput must be 1-D"),
    ],
)
def test_options_are_checked_when_the_metric_is_made(cls, multioutput, error, message):
    with pytest.raises(error, match=message):
        cls(multioutput=multioutput)


@pytest.mark.parametrize("cls, batch", PAIRS, ids=IDS)
def test_the_caller_may_change_the_multioutput_list_afterwards(cls, batch):
    y_true, y_pred = (
        [[0.5, 1.0], [-1.0, 1.0], [7.0, -6.0]],
        [[0.0, 2.0], [-1.0, 2.0], [8.0, -5.0]],
    )
    weights = [1.0, 3.0]
    metric = cls(multioutput=weights).update(y_true, y_pred)
    weights[0] = 100.0
    assert metric.result() == pytest.approx(
        batch(y_true, y_pred, multioutput=[1.0, 3.0]), rel=1e-15
    )


@pytest.mark.parametrize("cls, batch", PAIRS, ids=IDS)
def test_reset_forgets_the_data_and_keeps_the_options(cls, batch):
    metric = cls(multioutput="raw_values").update([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])
    assert metric.reset() is metric
    with pytest.raises(ValueError, match="has no data yet"):
        metric.result()
    metric.update(
        [[1.0, 5.0], [2.0, 4.0], [4.0, 0.0]], [[1.5, 5.0], [2.0, 3.0], [3.0, 1.0]]
    )
    expected = batch(
        [[1.0, 5.0], [2.0, 4.0], [4.0, 0.0]],
        [[1.5, 5.0], [2.0, 3.0], [3.0, 1.0]],
        multioutput="raw_values",
    )
    np.testing.assert_allclose(metric.result(), expected, rtol=1e-15)


def test_repr_shows_the_options_and_what_was_seen():
    assert repr(MeanSquaredError()) == (
        "<MeanSquaredError(multioutput='uniform_average', nan_policy='raise'): no "
        "data yet>"
    )
    metric = R2Score(multioutput=[1, 2], force_finite=False).update(
        [[1, 2], [3, 5], [4, 4]], [[1, 2], [3, 4], [5, 4]]
    )
    assert repr(metric) == (
        "<R2Score(multioutput=[1.0, 2.0], nan_policy='raise', force_finite=False): 3 "
        "samples of 2 outputs>"
    )


@pytest.mark.parametrize(
    "cls", [MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, R2Score], ids=IDS
)
def test_sample_weight_is_keyword_only(cls):
    with pytest.raises(TypeError, match="positional"):
        cls().update([1, 2], [1, 2], [1, 1])


def test_integers_beyond_2_to_the_53_keep_their_differences_in_every_batch():
    big = 2**62
    metric = (
        MeanSquaredError()
        .update(np.array([big + 1]), np.array([big]))
        .update(np.array([big + 3]), np.array([big]))
    )
    assert metric.result() == 5.0
    assert (
        MeanAbsoluteError()
        .update(np.array([big + 1, big]), np.array([big, big + 2]))
        .result()
        == 1.5
    )
    y_true, y_pred = np.array([big + 1, big + 3, big]), np.array([big, big + 3, big])
    metric = R2Score().update(y_true[:2], y_pred[:2]).update(y_true[2:], y_pred[2:])
    assert metric.result() == pytest.approx(33 / 42, rel=1e-15)


def test_overflowing_sums_merge_to_the_representable_result():
    assert MeanAbsoluteError().update([1e308], [-1e308]).update(
        [0.0], [0.0]
    ).result() == pytest.approx(1e308)
    assert R2Score().update([0.0], [0.0]).update(
        [1e308], [0.0]
    ).result() == pytest.approx(-1.0, rel=1e-15)
    assert R2Score().update([0.0, 1e308], [0.0, 0.0]).update(
        [1.0], [1.0]
    ).result() == pytest.approx(-0.5, rel=1e-14)


def _overflowing_when_merged(kind):
    """Two batches whose own sums are finite and whose merged sums are not."""
    signs = np.array([-1.0, 1.0, -1.0, 1.0])
    if kind == "errors":  # 4 squared errors of 2.5e307: 1e308 a batch
        return [(np.zeros(4), np.full(4, 5e153))] * 2
    if kind == "absolute":  # 4 errors of 4e307: 1.6e308 a batch
        return [(np.zeros(4), np.full(4, 4e307))] * 2
    if kind == "spread":  # targets with a spread of 1e308 a batch
        return [(5e153 * signs, 4.5e153 * signs)] * 2
    # two batches about different centres
    shifted = np.array([3.0, 1.0, -1.0, 1.0]) * 1e152 + 1.3e154
    return [(1e154 * signs, -5e153 * signs), (-shifted, 0.5 * shifted)]


@pytest.mark.parametrize(
    "cls, batch, kind",
    [
        (MeanSquaredError, mse, "errors"),
        (RootMeanSquaredError, rmse, "errors"),
        (MeanAbsoluteError, mae, "absolute"),
        (R2Score, r2, "errors"),
        (R2Score, r2, "spread"),
        (R2Score, r2, "centres"),
    ],
)
def test_sums_that_overflow_only_when_merged_give_the_whole_data_result(
    cls, batch, kind
):
    batches = _overflowing_when_merged(kind)
    y_true = np.concatenate([true for true, _ in batches])
    y_pred = np.concatenate([pred for _, pred in batches])
    expected = batch(y_true, y_pred)
    assert np.isfinite(expected)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        metric = cls()
        for true, pred in batches:
            metric.update(true, pred)
        merged = cls().update(*batches[1]).merge(cls().update(*batches[0]))
    assert metric.result() == pytest.approx(expected, rel=1e-14)
    assert merged.result() == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("cls, batch", PAIRS, ids=IDS)
def test_weights_at_either_end_of_the_float_range_count_only_by_their_ratios(
    cls, batch
):
    y_true, y_pred = [1.0, 2.0, 3.0, 5.0, 6.0], [1.0, 2.5, 4.0, 5.0, 6.5]
    weights = [1e308, 1e308, 5e-324, 1e-300, 1.0]
    expected = batch(y_true, y_pred, sample_weight=weights)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        metric = cls()
        for start, stop in [(0, 2), (2, 3), (3, 4), (4, 5)]:
            metric.update(
                y_true[start:stop],
                y_pred[start:stop],
                sample_weight=weights[start:stop],
            )
        merged = cls().update(y_true[3:], y_pred[3:], sample_weight=weights[3:])
        merged.merge(cls().update(y_true[:3], y_pred[:3], sample_weight=weights[:3]))
        assert metric.result() == pytest.approx(expected, rel=1e-14)
        assert merged.result() == pytest.approx(expected, rel=1e-14)


# --- The interface for new streaming metrics: statistics, sums_of and
# value_from_statistics


SKLEARN = {
    "mse": "mean_squared_error",
    "rmse": "root_mean_squared_error",
    "mae": "mean_absolute_error",
    "r2": "r2_score",
}


@pytest.mark.parametrize("cls, batch", PAIRS, ids=IDS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("multioutput", ["uniform_average", "raw_values"])
def test_statistics_of_two_halves_merged_give_the_whole_arrays_metric(
    cls, batch, weighted, multioutput
):
    metrics = pytest.importorskip("sklearn.metrics")
    y_true, y_pred, weights, _ = _data(7, 101, 2)
    weights = weights if weighted else None
    halves = [slice(0, 40), slice(40, None)]
    left, right = (
        cls()
        .update(
            y_true[half],
            y_pred[half],
            sample_weight=None if weights is None else weights[half],
        )
        .statistics
        for half in halves
    )
    both = left.merge(right)
    assert (left.n_samples, right.n_samples, both.n_samples) == (40, 61, 101)
    got = cls().value_from_statistics(both, multioutput)
    expected = batch(y_true, y_pred, sample_weight=weights, multioutput=multioutput)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    name = IDS[[pair[0] for pair in PAIRS].index(cls)]
    reference = getattr(metrics, SKLEARN[name])(
        y_true, y_pred, sample_weight=weights, multioutput=multioutput
    )
    np.testing.assert_allclose(got, reference, rtol=1e-12, atol=0)
    # merging statistics leaves both parts as they were
    assert cls().value_from_statistics(left, multioutput) == pytest.approx(
        batch(
            y_true[:40],
            y_pred[:40],
            sample_weight=None if weights is None else weights[:40],
            multioutput=multioutput,
        ),
        rel=1e-12,
    )


def test_statistics_keep_the_factor_of_extreme_weights_and_the_nan_outputs():
    metric = MeanSquaredError()
    assert metric.statistics is None
    metric.update([1.0, 2.0], [2.0, 2.0], sample_weight=[1e308, 1e308])
    statistics = metric.statistics
    assert isinstance(statistics, Statistics)
    assert statistics.n_samples == 2
    assert statistics.factor == 2.0**1023
    assert statistics.nan_outputs is None
    assert metric.reset().statistics is None
    metric = MeanAbsoluteError(nan_policy="propagate", multioutput="raw_values")
    metric.update([[1.0, np.nan], [2.0, 3.0]], [[1.0, 1.0], [2.0, 2.0]])
    assert metric.statistics.nan_outputs.tolist() == [False, True]
    assert metric.statistics.merge(
        MeanAbsoluteError(nan_policy="propagate")
        .update([[np.nan, 1.0]], [[1.0, 1.0]])
        .statistics
    ).nan_outputs.tolist() == [True, True]


class _SquaredLogError(MeanSquaredError):
    """msle through the interface: the squared errors of log(1 + y)."""

    def sums_of(self, y_true, y_pred, weights):
        return super().sums_of(np.log1p(y_true), np.log1p(y_pred), weights)


class _ScaledAbsoluteError(MeanAbsoluteError):
    """The MAE of y / scale, with an option of its own."""

    def __init__(self, *, scale=1.0, **options):
        self.scale = scale
        super().__init__(**options)

    @property
    def options(self):
        return {**super().options, "scale": self.scale}

    def sums_of(self, y_true, y_pred, weights):
        return super().sums_of(y_true / self.scale, y_pred / self.scale, weights)


def test_a_subclass_streams_another_metric_through_the_interface():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.uniform(0, 50, size=(90, 2)), rng.uniform(0, 50, size=(90, 2))
    weights = rng.uniform(0, 2, size=90)
    parts = [
        _SquaredLogError(multioutput="raw_values").update(
            y_true[start:stop], y_pred[start:stop], sample_weight=weights[start:stop]
        )
        for start, stop in [(0, 10), (10, 55), (55, 90)]
    ]
    got = parts[2].merge(parts[0]).merge(parts[1]).result()
    expected = msle(y_true, y_pred, sample_weight=weights, multioutput="raw_values")
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    reference = metrics.mean_squared_log_error(
        y_true, y_pred, sample_weight=weights, multioutput="raw_values"
    )
    np.testing.assert_allclose(got, reference, rtol=1e-12, atol=0)
    # an option of the subclass is shown, and merge requires it equal
    metric = _ScaledAbsoluteError(scale=4.0).update([1, 9], [5, 1])
    assert metric.result() == 1.5 == mae([1, 9], [5, 1]) / 4
    assert repr(metric) == (
        "<_ScaledAbsoluteError(multioutput='uniform_average', nan_policy='raise', "
        "scale=4.0): 2 samples of 1 outputs>"
    )
    with pytest.raises(ValueError, match="other has options"):
        metric.merge(_ScaledAbsoluteError(scale=2.0))
