"""msebook.brier_score, brier_decomposition and streaming.BrierScore, against
scikit-learn.
"""

import math
import pickle
import warnings

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss

import msebook
from msebook import BrierDecomposition, brier_decomposition, brier_score, exercises
from msebook.streaming import BrierScore


def _binary(seed, n, dtype=np.float64):
    rng = np.random.default_rng(seed)
    y_prob = rng.uniform(size=n).astype(dtype)
    y_true = (rng.uniform(size=n) < y_prob).astype(int)
    return y_true, y_prob, rng.uniform(0, 3, size=n)


def _multiclass(seed, n, n_classes, dtype=np.float64):
    rng = np.random.default_rng(seed)
    y_prob = rng.dirichlet(np.ones(n_classes), size=n)
    y_true = np.array([rng.choice(n_classes, p=row) for row in y_prob])
    y_prob = y_prob.astype(dtype)
    return y_true, y_prob, rng.uniform(0, 3, size=n)


def _sklearn(y_true, y_prob, **options):
    """scikit-learn's score of the same values, computed in float64."""
    return brier_score_loss(y_true, np.asarray(y_prob, dtype=np.float64), **options)


# --- agreement with scikit-learn ----------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("scale_by_half", ["auto", True, False])
@pytest.mark.parametrize("n", [1, 7, 1000])
def test_binary_scores_match_scikit_learn(dtype, weighted, scale_by_half, n):
    y_true, y_prob, weights = _binary(n, n, dtype)
    options = {"scale_by_half": scale_by_half}
    if weighted:
        options["sample_weight"] = weights
    ours = brier_score(y_true, y_prob, **options)
    assert isinstance(ours, float)
    assert ours == pytest.approx(_sklearn(y_true, y_prob, **options), rel=1e-13)
    # scikit-learn computes float32 input in float32; msebook in float64
    loose = brier_score_loss(y_true, y_prob, **options)
    assert ours == pytest.approx(loose, rel=1e-2 if dtype == np.float16 else 1e-5)


@pytest.mark.parametrize("label_dtype", [np.int8, np.uint8, np.int64, np.float32, bool])
@pytest.mark.parametrize("prob_dtype", [bool, np.uint8, np.int64, np.float32])
def test_labels_and_probabilities_of_every_dtype_match_scikit_learn(
    label_dtype, prob_dtype
):
    rng = np.random.default_rng(21)
    y_true = rng.integers(0, 2, size=40).astype(label_dtype)
    y_prob = rng.uniform(size=40)
    y_prob = (y_prob > 0.5) if prob_dtype is not np.float32 else y_prob
    y_prob = y_prob.astype(prob_dtype)
    ours = brier_score(y_true, y_prob)
    assert ours == pytest.approx(_sklearn(y_true, y_prob), rel=1e-13)
    # certain forecasts: the score is the share of wrong ones
    if prob_dtype is not np.float32:
        assert ours == pytest.approx(
            np.mean(y_true.astype(bool) != y_prob.astype(bool))
        )


@pytest.mark.parametrize(
    "y_true, pos_label",
    [
        (np.array([0, 1]), None),
        (np.array([-1, 1]), None),
        (np.array([2, 7]), None),  # the greater label
        (np.array([2, 7]), 2),
        (np.array([0, 1]), 0),
        (np.array([False, True]), None),
        (np.array([0.0, 1.0]), None),
        (np.array(["ham", "spam"]), "ham"),
        (np.array(["ham", "spam"]), "spam"),
    ],
)
def test_pos_label_is_inferred_and_used_as_in_scikit_learn(y_true, pos_label):
    rng = np.random.default_rng(3)
    labels = y_true[rng.integers(0, 2, size=50)]
    y_prob = rng.uniform(size=50)
    ours = brier_score(labels, y_prob, pos_label=pos_label)
    assert ours == pytest.approx(
        brier_score_loss(labels, y_prob, pos_label=pos_label), rel=1e-13
    )


@pytest.mark.parametrize("only", [0, 1, -1])
def test_one_class_alone_follows_scikit_learn(only):
    y_prob = np.array([0.2, 0.9, 0.5])
    y_true = np.full(3, only)
    assert brier_score(y_true, y_prob) == pytest.approx(
        brier_score_loss(y_true, y_prob), rel=1e-13
    )


@pytest.mark.parametrize("n_classes", [2, 3, 5])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("scale_by_half", ["auto", True, False])
def test_multiclass_scores_match_scikit_learn(
    n_classes, dtype, weighted, scale_by_half
):
    y_true, y_prob, weights = _multiclass(n_classes, 400, n_classes, dtype)
    options = {"scale_by_half": scale_by_half}
    if weighted:
        options["sample_weight"] = weights
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # float32 rows sum to 1 only to float32's precision
        theirs = _sklearn(y_true, y_prob, **options)
    assert brier_score(y_true, y_prob, **options) == pytest.approx(theirs, rel=1e-13)


def test_labels_name_classes_missing_from_y_true():
    y_prob = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.5, 0.3, 0.2]])
    y_true = np.array(["a", "b", "a"])
    labels = ["a", "b", "c"]
    ours = brier_score(y_true, y_prob, labels=labels)
    assert ours == pytest.approx(brier_score_loss(y_true, y_prob, labels=labels))
    # by hand: (0.09 + 0.04 + 0.01) + (0.01 + 0.04 + 0.01) + (0.25 + 0.09 + 0.04), / 3
    assert ours == pytest.approx(0.58 / 3, rel=1e-14)


def test_two_columns_equal_the_one_column_binary_score():
    y_true, y_prob, weights = _binary(11, 200)
    two = np.column_stack([1 - y_prob, y_prob])
    for scale in ["auto", True, False]:
        one = brier_score(y_true, y_prob, sample_weight=weights, scale_by_half=scale)
        both = brier_score(y_true, two, sample_weight=weights, scale_by_half=scale)
        assert both == pytest.approx(one, rel=1e-14)
        assert both == pytest.approx(
            brier_score_loss(y_true, two, sample_weight=weights, scale_by_half=scale),
            rel=1e-13,
        )


def test_examples_by_hand():
    assert brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) == pytest.approx(0.0375)
    assert brier_score([1], [1.0]) == 0.0
    assert brier_score([1, 0], [0.0, 1.0]) == 1.0
    assert brier_score([1, 0], [0.0, 1.0], scale_by_half=False) == 2.0
    assert brier_score([0, 1], [[0.0, 1.0], [1.0, 0.0]]) == 1.0
    assert brier_score([0, 1, 2], np.eye(3)[[1, 2, 0]]) == 2.0
    assert brier_score([0, 1, 2], np.full((3, 3), 1 / 3)) == pytest.approx(2 / 3)
    # weights: the mean of 0.01 and 0.25, weighted 3 : 1
    assert brier_score([0, 1], [0.1, 0.5], sample_weight=[3, 1]) == pytest.approx(
        (3 * 0.01 + 0.25) / 4
    )


def test_the_score_is_the_mse_of_the_probabilities():
    y_true, y_prob, weights = _binary(5, 300)
    assert brier_score(y_true, y_prob, sample_weight=weights) == pytest.approx(
        msebook.mse(y_true, y_prob, sample_weight=weights), rel=1e-14
    )


def test_inputs_are_not_modified():
    y_true, y_prob, weights = _binary(2, 20)
    y_prob[3] = np.nan
    copies = y_true.copy(), y_prob.copy(), weights.copy()
    brier_score(y_true, y_prob, sample_weight=weights, nan_policy="omit")
    brier_decomposition(y_true, y_prob, sample_weight=weights, nan_policy="omit")
    for before, after in zip(copies, (y_true, y_prob, weights)):
        np.testing.assert_array_equal(before, after)


# --- NaN policies -------------------------------------------------------------


def test_nan_policy():
    y_true = np.array([0.0, 1.0, np.nan, 1.0, 0.0])
    y_prob = np.array([0.2, 0.6, 0.5, np.nan, 0.1])
    with pytest.raises(ValueError, match=r"^y_true contains nan at index 2; every"):
        brier_score(y_true, y_prob)
    with pytest.raises(ValueError, match=r"^y_prob contains nan at index 3; every"):
        brier_score([0, 1, 1, 1, 0], y_prob)
    kept = [0, 1, 4]
    assert brier_score(y_true, y_prob, nan_policy="omit") == pytest.approx(
        brier_score_loss(y_true[kept].astype(int), y_prob[kept]), rel=1e-14
    )
    assert math.isnan(brier_score(y_true, y_prob, nan_policy="propagate"))
    assert all(
        map(math.isnan, brier_decomposition(y_true, y_prob, nan_policy="propagate"))
    )
    assert brier_score([0, 1], [0.2, 0.6], nan_policy="propagate") == pytest.approx(0.1)


def test_omit_leaves_out_the_weight_of_a_sample_with_nan_in_any_class():
    y_prob = np.array(
        [[0.7, 0.2, 0.1], [np.nan, 0.5, 0.5], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]]
    )
    y_true, weights = np.array([0, 1, 2, 1]), np.array([1.0, 5.0, 2.0, 0.5])
    kept = [0, 2, 3]
    ours = brier_score(
        y_true, y_prob, sample_weight=weights, nan_policy="omit", labels=[0, 1, 2]
    )
    theirs = brier_score_loss(
        y_true[kept], y_prob[kept], sample_weight=weights[kept], labels=[0, 1, 2]
    )
    assert ours == pytest.approx(theirs, rel=1e-14)


@pytest.mark.parametrize(
    "y_true, y_prob, policy, message",
    [
        ([0, 1], [np.nan, np.nan], "omit", "nothing is left after nan_policy='omit'"),
        (
            [0, 1],
            [0.5, np.inf],
            "omit",
            "y_prob contains inf at index 1; nan_policy='omit'",
        ),
        ([0.0, -np.inf], [0.5, 0.5], "propagate", "y_true contains -inf at index 1"),
        ([0, 1], [0.5, np.inf], "raise", "y_prob contains inf at index 1; every value"),
        (
            [0, 1],
            [0.5, 0.5],
            "ignore",
            "nan_policy must be 'raise', 'omit' or 'propagate'",
        ),
    ],
)
def test_nan_policy_errors(y_true, y_prob, policy, message):
    with pytest.raises(ValueError, match="^" + __import__("re").escape(message)):
        brier_score(y_true, y_prob, nan_policy=policy)


# --- bad input ----------------------------------------------------------------

BAD_INPUT = [
    (
        None,
        [0.5],
        {},
        TypeError,
        "y_true must be an array of labels (numbers or strings), got None",
    ),
    ([0, 1], None, {}, TypeError, "y_prob must be an array of real numbers, got None"),
    (
        "ab",
        [0.5, 0.5],
        {},
        TypeError,
        "y_true must be an array of labels, got the string 'ab'",
    ),
    (
        [0, 1],
        ["a", "b"],
        {},
        TypeError,
        "y_prob must hold real numbers, got values of dtype <U1",
    ),
    (
        [1j, 0],
        [0.5, 0.5],
        {},
        TypeError,
        "y_true must hold real numbers, got complex values",
    ),
    (
        [[0, 1], [1, 0]],
        [0.5, 0.5],
        {},
        ValueError,
        "y_true must hold one label per sample (1-D), got shape (2, 2)",
    ),
    ([], [], {}, ValueError, "y_true is empty; it needs at least one label"),
    (0, [0.5], {}, ValueError, "y_true must be a 1-D array of labels, got a scalar"),
    (
        [0, 1, 1],
        [0.5, 0.5],
        {},
        ValueError,
        "y_true and y_prob must have the same number of samples, got 3 and 2",
    ),
    (
        [0, 1],
        [[[0.5]], [[0.5]]],
        {},
        ValueError,
        "y_prob must be a 1-D or 2-D array, got 3 dimensions (2, 1, 1)",
    ),
    (
        [0, 1],
        [0.5, 1.2],
        {},
        ValueError,
        "y_prob must hold probabilities in [0, 1], got 1.2 at index 1",
    ),
    (
        [0, 1],
        [-0.1, 0.5],
        {},
        ValueError,
        "y_prob must hold probabilities in [0, 1], got -0.1 at index 0",
    ),
    (
        [0, 1],
        [[0.5, 0.5], [1.5, -0.5]],
        {},
        ValueError,
        "y_prob must hold probabilities in [0, 1], got 1.5 at index (1, 0)",
    ),
    (
        [0, 1, 2],
        [[0.5, 0.3, 0.2], [0.5, 0.3, 0.1], [0.2, 0.2, 0.6]],
        {},
        ValueError,
        "each row of y_prob must sum to 1 (one probability per class), got 0.9 in row "
        "1",
    ),
    (
        [0, 1, 2],
        [0.5, 0.5, 0.5],
        {},
        ValueError,
        "y_true has 3 classes, [0, 1, 2], but y_prob is 1-D",
    ),
    (
        ["a", "b"],
        [0.5, 0.5],
        {},
        ValueError,
        "pos_label must be given: y_true's labels are ['a', 'b'], not 0 and 1",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"pos_label": 2},
        ValueError,
        "pos_label=2 is not a label of y_true, whose labels are [0, 1]",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"pos_label": "1"},
        TypeError,
        "pos_label must be one of y_true's labels, which are numbers, got '1'",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"pos_label": [1]},
        TypeError,
        "pos_label must be a label (a number or a string), got [1]",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"labels": [0, 1]},
        ValueError,
        "labels is for 2-D y_prob (one column per class)",
    ),
    (
        [0, 1],
        [[0.5, 0.5]] * 2,
        {"pos_label": 1},
        ValueError,
        "pos_label is for 1-D y_prob",
    ),
    (
        [0, 0],
        [[0.5, 0.5]] * 2,
        {},
        ValueError,
        "y_true holds one class only, [0]; pass every class in labels",
    ),
    (
        [0, 1],
        [[0.2, 0.3, 0.5]] * 2,
        {},
        ValueError,
        "y_true has 2 classes, [0, 1], but y_prob has 3 columns; pass every class in "
        "labels",
    ),
    (
        [0, 3],
        [[0.2, 0.3, 0.5]] * 2,
        {"labels": [0, 1, 2]},
        ValueError,
        "y_true contains [3], not among labels [0, 1, 2]",
    ),
    (
        [0, 1],
        [[0.2, 0.3, 0.5]] * 2,
        {"labels": [0, 1]},
        ValueError,
        "labels has 2 classes, but y_prob has 3 columns",
    ),
    (
        [0, 1],
        [[0.2, 0.3, 0.5]] * 2,
        {"labels": [0, 2, 1]},
        ValueError,
        "labels must be sorted, as the columns of y_prob are: got [0, 2, 1], pass [0, "
        "1, 2]",
    ),
    (
        [0, 1],
        [[0.2, 0.3, 0.5]] * 2,
        {"labels": [0, 1, 1]},
        ValueError,
        "labels must be distinct, got [0, 1, 1]",
    ),
    (
        [0, 1],
        [[0.2, 0.3, 0.5]] * 2,
        {"labels": ["a", "b", "c"]},
        TypeError,
        "labels and y_true must both hold numbers or both hold strings",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"sample_weight": [1, -1]},
        ValueError,
        "sample_weight must be non-negative, got -1.0 at index 1",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"sample_weight": [0, 0]},
        ValueError,
        "sample_weight must not be all zero",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"sample_weight": [1]},
        ValueError,
        "sample_weight must have length 2, got 1",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"scale_by_half": "yes"},
        ValueError,
        "scale_by_half must be True, False or 'auto', got 'yes'",
    ),
    (
        [0, 1],
        [0.5, 0.5],
        {"scale_by_half": 1},
        TypeError,
        "scale_by_half must be True, False or 'auto', got 1",
    ),
]


@pytest.mark.parametrize("y_true, y_prob, kwargs, error, message", BAD_INPUT)
@pytest.mark.parametrize("function", [brier_score, brier_decomposition])
def test_bad_input_gets_a_clear_error(function, y_true, y_prob, kwargs, error, message):
    with pytest.raises(error) as raised:
        function(y_true, y_prob, **kwargs)
    assert str(raised.value).startswith(message)


def test_rows_summing_to_one_in_float32_are_accepted():
    y_true, y_prob, _ = _multiclass(4, 100, 7, np.float32)
    assert (
        abs(y_prob.sum(axis=1).astype(np.float64) - 1).max() > 1e-8
    )  # the point of the test
    with pytest.warns(UserWarning, match="do not sum to one"):
        theirs = _sklearn(y_true, y_prob)
    assert brier_score(y_true, y_prob) == pytest.approx(theirs, rel=1e-12)
    with pytest.raises(ValueError, match="^each row of y_prob must sum to 1"):
        brier_score(y_true, y_prob.astype(np.float64))  # float64 is held to float64's


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        brier_score([0, 1], [0.5, 0.5], [1, 1])


def test_masked_values_are_refused():
    y_prob = np.ma.masked_array([0.5, 0.2], mask=[False, True])
    with pytest.raises(
        ValueError, match="^y_prob is a masked array with masked values"
    ):
        brier_score([0, 1], y_prob)
    # string labels skipped the check: the masked label counted (0.325, not 0.42)
    y_true = np.ma.array(["a", "b", "a", "b"], mask=[1, 0, 0, 0])
    with pytest.raises(
        ValueError, match="^y_true is a masked array with masked values"
    ):
        brier_score(y_true, [0.2, 0.7, 0.9, 0.4], pos_label="b")


# --- the decomposition ---------------------------------------------------------


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("scale_by_half", ["auto", True, False])
def test_the_terms_add_up_exactly_for_forecasts_of_finitely_many_values(
    weighted, scale_by_half
):
    rng = np.random.default_rng(8)
    y_prob = rng.choice([0.0, 0.1, 0.25, 0.6, 0.9, 1.0], size=5000)
    y_true = (rng.uniform(size=5000) < np.clip(y_prob + 0.1, 0, 1)).astype(int)
    options = {"scale_by_half": scale_by_half}
    if weighted:
        options["sample_weight"] = rng.uniform(0, 2, size=5000)
    terms = brier_decomposition(y_true, y_prob, **options)
    assert isinstance(terms, BrierDecomposition) and terms.resolution > 0
    total = terms.reliability - terms.resolution + terms.uncertainty
    assert total == pytest.approx(brier_score(y_true, y_prob, **options), rel=1e-13)


@pytest.mark.parametrize("n_classes", [2, 3, 4])
def test_the_multiclass_terms_add_up_too(n_classes):
    rng = np.random.default_rng(n_classes)
    forecasts = rng.dirichlet(np.ones(n_classes), size=6)
    rows = rng.integers(0, 6, size=3000)
    y_prob = forecasts[rows]
    y_true = np.array([rng.choice(n_classes, p=row) for row in y_prob])
    terms = brier_decomposition(y_true, y_prob)
    total = terms.reliability - terms.resolution + terms.uncertainty
    assert total == pytest.approx(brier_score(y_true, y_prob), rel=1e-13)
    # the uncertainty is the score of the observed frequencies as the one forecast
    frequencies = np.bincount(y_true, minlength=n_classes) / len(y_true)
    climatology = np.tile(frequencies, (len(y_true), 1))
    assert terms.uncertainty == pytest.approx(
        brier_score(y_true, climatology), rel=1e-12
    )


def test_the_decomposition_by_hand():
    # forecasts 0.2 (outcomes 0, 0, 1) and 0.7 (1, 1, 0); both groups observe
    # 1/3 and 2/3
    terms = brier_decomposition([0, 0, 1, 1, 1, 0], [0.2, 0.2, 0.2, 0.7, 0.7, 0.7])
    assert terms.reliability == pytest.approx(
        ((0.2 - 1 / 3) ** 2 + (0.7 - 2 / 3) ** 2) / 2
    )
    assert terms.resolution == pytest.approx((1 / 6) ** 2)
    assert terms.uncertainty == pytest.approx(0.25)
    perfect = brier_decomposition([0, 1, 1], [0.0, 1.0, 1.0])
    assert perfect == (0.0, pytest.approx(2 / 9), pytest.approx(2 / 9))


def test_binned_terms_leave_the_within_bin_terms_out():
    y_true, y_prob, weights = _binary(12, 4000)
    terms = brier_decomposition(y_true, y_prob, sample_weight=weights, n_bins=10)
    bins = np.minimum((y_prob * 10).astype(int), 9)
    variance = covariance = 0.0
    for k in range(10):
        w, p, o = weights[bins == k], y_prob[bins == k], y_true[bins == k]
        p_mean, o_mean = np.average(p, weights=w), np.average(o, weights=w)
        variance += w @ (p - p_mean) ** 2
        covariance += w @ ((p - p_mean) * (o - o_mean))
    variance, covariance = variance / weights.sum(), covariance / weights.sum()
    total = terms.reliability - terms.resolution + terms.uncertainty
    score = brier_score(y_true, y_prob, sample_weight=weights)
    assert abs(total - score) > 1e-4  # binning does lose something here
    assert total + variance - 2 * covariance == pytest.approx(score, rel=1e-12)


def test_bins_of_forecasts_taking_one_value_each_are_exact():
    y_true = [0, 1, 1, 0, 1]
    y_prob = [0.05, 0.05, 0.55, 0.55, 0.95]
    assert brier_decomposition(y_true, y_prob, n_bins=10) == pytest.approx(
        tuple(brier_decomposition(y_true, y_prob))
    )


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"n_bins": 0}, ValueError, "n_bins must be at least 1, got 0"),
        ({"n_bins": 2.5}, TypeError, "n_bins must be an integer, got float"),
    ],
)
def test_bad_bins(kwargs, error, message):
    with pytest.raises(error, match="^" + __import__("re").escape(message)):
        brier_decomposition([0, 1], [0.2, 0.8], **kwargs)


def test_bins_are_for_binary_forecasts():
    with pytest.raises(ValueError, match="^n_bins groups binary forecasts"):
        brier_decomposition([0, 1], [[0.2, 0.8], [0.5, 0.5]], n_bins=5)


# --- streaming ----------------------------------------------------------------


def _stream(y_true, y_prob, weights, rng, **options):
    cuts = np.sort(rng.choice(np.arange(1, len(y_true)), size=5, replace=False))
    parts = []
    for start, stop in zip(np.r_[0, cuts], np.r_[cuts, len(y_true)]):
        metric = BrierScore(**options)
        metric.update(
            y_true[start:stop],
            y_prob[start:stop],
            sample_weight=None if weights is None else weights[start:stop],
        )
        parts.append(metric)
    rng.shuffle(parts)
    while len(parts) > 1:
        i, j = sorted(rng.choice(len(parts), size=2, replace=False))
        parts[i].merge(parts.pop(j))
    return parts[0].result()


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("scale_by_half", ["auto", False])
def test_streaming_equals_batch(seed, weighted, scale_by_half):
    rng = np.random.default_rng(seed)
    y_true, y_prob, weights = _binary(seed, 500)
    weights = weights if weighted else None
    batch = brier_score(
        y_true, y_prob, sample_weight=weights, scale_by_half=scale_by_half
    )
    streamed = _stream(y_true, y_prob, weights, rng, scale_by_half=scale_by_half)
    assert streamed == pytest.approx(batch, rel=1e-12)
    y_true, y_prob, weights = _multiclass(seed, 500, 4)
    weights = weights if weighted else None
    batch = brier_score(
        y_true, y_prob, sample_weight=weights, scale_by_half=scale_by_half
    )
    streamed = _stream(
        y_true, y_prob, weights, rng, labels=[0, 1, 2, 3], scale_by_half=scale_by_half
    )
    assert streamed == pytest.approx(batch, rel=1e-12)


def test_streaming_nan_policies_and_reset():
    y_true = np.array([0.0, 1.0, np.nan, 1.0])
    y_prob = np.array([0.2, 0.6, 0.5, 0.3])
    omitted = BrierScore(nan_policy="omit").update(y_true[:2], y_prob[:2])
    omitted.update(y_true[2:], y_prob[2:])
    assert omitted.result() == pytest.approx(
        brier_score(y_true, y_prob, nan_policy="omit")
    )
    propagated = BrierScore(nan_policy="propagate").update(y_true[2:], y_prob[2:])
    assert math.isnan(propagated.update(y_true[:2], y_prob[:2]).result())
    assert propagated.reset().update([1], [0.5]).result() == 0.25
    with pytest.raises(ValueError, match="^y_true contains nan at index 0; every"):
        BrierScore().update(y_true[2:], y_prob[2:])


def test_streaming_is_picklable_and_keeps_its_options():
    metric = BrierScore(pos_label="yes").update(["yes", "no"], [0.7, 0.4])
    copy = pickle.loads(pickle.dumps(metric))
    assert copy.update(["no"], [0.1]).result() == pytest.approx(
        (0.09 + 0.16 + 0.01) / 3
    )
    assert "pos_label='yes'" in repr(copy) and "3 samples" in repr(copy)


@pytest.mark.parametrize(
    "options, y_true, y_prob, message",
    [
        ({}, [2, 5], [0.5, 0.5], "pos_label must be given: y_true's labels are [2, 5]"),
        ({}, [2], [0.5], "pos_label must be given: y_true's labels are [2]"),
        ({}, [0, 1], [[0.5, 0.5]] * 2, "labels must be given for 2-D y_prob"),
        ({"labels": [0, 1]}, [0, 1], [0.5, 0.5], "labels is for 2-D y_prob"),
    ],
)
def test_streaming_needs_what_one_batch_cannot_tell(options, y_true, y_prob, message):
    with pytest.raises(ValueError, match="^" + __import__("re").escape(message)):
        BrierScore(**options).update(y_true, y_prob)


def test_streaming_refuses_other_metrics_and_options():
    metric = BrierScore(labels=[0, 1]).update([0, 1], [[0.5, 0.5], [0.2, 0.8]])
    with pytest.raises(ValueError, match="^other has options"):
        metric.merge(BrierScore(labels=[0, 1], scale_by_half=False))
    with pytest.raises(TypeError, match="^other must be a BrierScore"):
        metric.merge(msebook.streaming.MeanSquaredError())
    with pytest.raises(ValueError, match="^BrierScore has no data yet"):
        BrierScore().result()
    with pytest.raises(
        ValueError, match="^scale_by_half must be True, False or 'auto'"
    ):
        BrierScore(scale_by_half="half")


def test_the_public_api():
    for name in ["brier_score", "brier_decomposition", "BrierDecomposition"]:
        assert name in msebook.__all__
        assert getattr(msebook, name) is getattr(msebook.classification, name)
    assert "BrierScore" in msebook.streaming.__all__
    assert (
        "nan_policy" in brier_score.__doc__ and "n_bins" in brier_decomposition.__doc__
    )


# --- the chapter's exercise ---------------------------------------------------


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda t, p: np.mean((np.subtract(p, t)) ** 2), None),
        (lambda t, p: brier_score(t, p), None),
        (lambda t, p: brier_score(t, p, scale_by_half=False), "sums over both classes"),
        (lambda t, p: np.sum(np.subtract(p, t) ** 2), "is the sum; divide"),
        (lambda t, p: np.sqrt(brier_score(t, p)), "has no root"),
        (lambda t, p: np.mean(np.abs(np.subtract(p, t))), "mean absolute difference"),
        (lambda t, p: np.mean((1 - np.asarray(p) - t) ** 2), "compares y with 1 - p"),
        (lambda t, p: np.mean(np.subtract(p, t)) ** 2, "squares the mean error"),
        (lambda t, p: 0.5, "your result 0.5 should be 0.075."),
        (lambda t, p: None, "did you forget `return`?"),
        (0.075, "pass the function itself"),
    ],
)
def test_implement_brier_explains_each_mistake(answer, explanation):
    feedback = exercises.implement_brier.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)
