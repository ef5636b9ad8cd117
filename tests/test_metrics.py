"""msebook's metrics against scikit-learn, their properties, and their errors on bad input."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import mean_absolute_error, mean_squared_error, root_mean_squared_error

import msebook
from msebook import mae, mse, rmse

METRICS = [(mse, mean_squared_error), (rmse, root_mean_squared_error), (mae, mean_absolute_error)]
METRIC_IDS = ["mse", "rmse", "mae"]


def _random_case(seed, n_samples, n_outputs, dtype):
    rng = np.random.default_rng(seed)
    shape = (n_samples,) if n_outputs is None else (n_samples, n_outputs)
    y_true = rng.normal(3, 10, size=shape)
    y_pred = y_true + rng.standard_t(3, size=shape)
    if np.dtype(dtype).kind in "iu":
        y_true, y_pred = np.round(y_true), np.round(y_pred)
    if np.dtype(dtype).kind == "b":
        y_true, y_pred = y_true > 3, y_pred > 3
    return y_true.astype(dtype), y_pred.astype(dtype), rng.uniform(0, 2, size=n_samples)


@pytest.mark.parametrize("ours, theirs", METRICS, ids=METRIC_IDS)
@pytest.mark.parametrize("n_outputs", [None, 1, 3])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16, np.int64, np.bool_])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("multioutput", ["uniform_average", "raw_values", "weights"])
def test_matches_scikit_learn(ours, theirs, n_outputs, dtype, weighted, multioutput):
    for seed in range(5):
        y_true, y_pred, weights = _random_case(seed, 50, n_outputs, dtype)
        sample_weight = weights if weighted else None
        mode = np.arange(1, (n_outputs or 1) + 1) if multioutput == "weights" else multioutput
        # scikit-learn computes in the input precision, so the reference gets float64 inputs;
        # it refuses output weights for a single output, where they can only give that output.
        reference_mode = "uniform_average" if multioutput == "weights" and (n_outputs or 1) == 1 else mode
        expected = theirs(
            y_true.astype(np.float64), y_pred.astype(np.float64), sample_weight=sample_weight, multioutput=reference_mode
        )
        got = ours(y_true, y_pred, sample_weight=sample_weight, multioutput=mode)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
        if multioutput == "raw_values":
            assert isinstance(got, np.ndarray) and got.shape == ((n_outputs or 1),)
        else:
            assert type(got) is float


@pytest.mark.parametrize("ours, theirs", METRICS, ids=METRIC_IDS)
def test_edge_cases_match_scikit_learn(ours, theirs):
    cases = [
        ([0.0], [0.0]),
        ([1.0], [-1.0]),
        ([5, 5, 5], [5, 5, 5]),
        ([1e-150, 2e-150], [0.0, 0.0]),
        ([[1, 2]], [[3, 5]]),
        ([1, 2, 3], [[1], [2], [4]]),
    ]
    for y_true, y_pred in cases:
        assert ours(y_true, y_pred) == pytest.approx(theirs(y_true, y_pred), rel=1e-12, abs=0)


def test_house_price_example():
    prices, predictions = [250, 300, 180, 420, 350], [240, 310, 200, 400, 360]
    assert mse(prices, predictions) == 220.0
    assert rmse(prices, predictions) == pytest.approx(14.832396974191326, rel=1e-15)
    assert mae(prices, predictions) == 14.0


def test_rmse_averages_per_output_roots():
    y_true = np.array([[0.0, 0.0], [0.0, 0.0]])
    y_pred = np.array([[3.0, 1.0], [3.0, 1.0]])
    assert rmse(y_true, y_pred) == 2.0  # (3 + 1) / 2, not sqrt((9 + 1) / 2)
    np.testing.assert_array_equal(rmse(y_true, y_pred, multioutput="raw_values"), [3.0, 1.0])


def test_float32_input_is_accumulated_in_float64():
    y_true = np.full(1_000_001, 0.1, dtype=np.float32)
    y_pred = np.zeros_like(y_true)
    exact = float(np.float32(0.1)) ** 2
    assert mse(y_true, y_pred) == pytest.approx(exact, rel=1e-12)


def test_inputs_are_not_modified():
    y_true, y_pred, weights = np.array([1.0, 2.0]), np.array([0.0, 4.0]), np.array([1.0, 3.0])
    copies = [a.copy() for a in (y_true, y_pred, weights)]
    mse(y_true, y_pred, sample_weight=weights)
    for original, copy in zip((y_true, y_pred, weights), copies):
        np.testing.assert_array_equal(original, copy)


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def pairs(draw):
    n = draw(st.integers(1, 30))
    y_true = draw(arrays(np.float64, n, elements=finite))
    y_pred = draw(arrays(np.float64, n, elements=finite))
    return y_true, y_pred


@settings(max_examples=200, deadline=None)
@given(pairs(), st.randoms(use_true_random=False))
def test_properties(pair, random):
    y_true, y_pred = pair
    order = list(range(len(y_true)))
    random.shuffle(order)
    value = mse(y_true, y_pred)
    assert value >= 0
    assert mse(y_pred, y_true) == pytest.approx(value, rel=1e-12, abs=1e-300)
    assert mse(y_true[order], y_pred[order]) == pytest.approx(value, rel=1e-12, abs=1e-300)
    assert rmse(y_true, y_pred) ** 2 == pytest.approx(value, rel=1e-12, abs=1e-300)
    assert mse(y_true, y_pred, sample_weight=np.ones(len(y_true))) == pytest.approx(value, rel=1e-12, abs=1e-300)
    errors = y_true - y_pred
    assert value == pytest.approx(np.mean(errors) ** 2 + np.var(errors), rel=1e-9, abs=1e-6)
    assert mae(y_true, y_pred) <= rmse(y_true, y_pred) * (1 + 1e-12) + 1e-300


@settings(max_examples=100, deadline=None)
@given(pairs(), st.data())
def test_integer_weights_repeat_rows_and_zero_weights_remove_them(pair, data):
    y_true, y_pred = pair
    counts = np.array(data.draw(st.lists(st.integers(0, 4), min_size=len(y_true), max_size=len(y_true))))
    if counts.sum() == 0:
        counts[0] = 1
    repeated = mse(np.repeat(y_true, counts), np.repeat(y_pred, counts))
    assert mse(y_true, y_pred, sample_weight=counts) == pytest.approx(repeated, rel=1e-9, abs=1e-300)
    assert mse(y_true, y_pred, sample_weight=3.5 * counts) == pytest.approx(repeated, rel=1e-9, abs=1e-300)


BAD_INPUTS = [
    # (y_true, y_pred, keyword arguments, error type, words the message must contain)
    ([1, 2, 3], [1, 2], {}, ValueError, "y_true and y_pred must have the same number of samples, got 3 and 2"),
    ([[1, 2], [3, 4]], [[1], [2]], {}, ValueError, "same number of outputs, got 2 and 1"),
    ([], [], {}, ValueError, "y_true is empty"),
    ([1.0], np.empty((1, 0)), {}, ValueError, "y_pred is empty"),
    (3.0, 3.0, {}, ValueError, "y_true must be a 1-D or 2-D array, got a scalar"),
    (np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), {}, ValueError, "y_true must be a 1-D or 2-D array, got 3 dimensions"),
    ([[1, 2], [3]], [1, 2], {}, ValueError, "y_true is ragged"),
    ([1, 2], [[1, 2], [3]], {}, ValueError, "y_pred is ragged"),
    ([1, np.nan], [1, 2], {}, ValueError, "y_true contains nan at index 1"),
    ([1, 2], [np.inf, 2], {}, ValueError, "y_pred contains inf at index 0"),
    ([[1, 2], [3, -np.inf]], [[1, 2], [3, 4]], {}, ValueError, "y_true contains -inf at index (1, 1)"),
    (["1", "2"], [1, 2], {}, TypeError, "y_true must hold real numbers, got values of dtype <U1"),
    ("12", [1, 2], {}, TypeError, "y_true must be an array of real numbers, got the string '12'"),
    ([1, None], [1, 2], {}, TypeError, "y_true must hold real numbers, got values of dtype object"),
    (None, [1, 2], {}, TypeError, "y_true must be an array of real numbers, got None"),
    ([1, 2], None, {}, TypeError, "y_pred must be an array of real numbers, got None"),
    ([1 + 2j, 2], [1, 2], {}, TypeError, "y_true must hold real numbers, got complex values"),
    ([1, 2], [1, 2], {"sample_weight": [1, -1]}, ValueError, "sample_weight must be non-negative, got -1.0 at index 1"),
    ([1, 2], [1, 2], {"sample_weight": [1, np.nan]}, ValueError, "sample_weight contains nan at index 1"),
    ([1, 2], [1, 2], {"sample_weight": [1, 2, 3]}, ValueError, "sample_weight must have length 2, got 3"),
    ([1, 2], [1, 2], {"sample_weight": [0, 0]}, ValueError, "sample_weight must not be all zero"),
    ([1, 2], [1, 2], {"sample_weight": [[1, 2]]}, ValueError, "sample_weight must be 1-D"),
    ([1, 2], [1, 2], {"sample_weight": ["a", "b"]}, TypeError, "sample_weight must hold real numbers"),
    ([1, 2], [1, 2], {"multioutput": "mean"}, ValueError, "multioutput must be 'raw_values', 'uniform_average' or an array of 1 weights, got 'mean'"),
    ([1, 2], [1, 2], {"multioutput": "variance_weighted"}, ValueError, "multioutput must be"),
    ([1, 2], [1, 2], {"multioutput": None}, TypeError, "multioutput must be"),
    ([1, 2], [1, 2], {"multioutput": 1.0}, TypeError, "multioutput must be"),
    ([[1, 2]], [[1, 2]], {"multioutput": [1, 2, 3]}, ValueError, "multioutput must have length 2, got 3"),
    ([[1, 2]], [[1, 2]], {"multioutput": [1, -2]}, ValueError, "multioutput must be non-negative"),
    ([[1, 2]], [[1, 2]], {"multioutput": [0, 0]}, ValueError, "multioutput must not be all zero"),
]


@pytest.mark.parametrize("metric", [mse, rmse, mae], ids=METRIC_IDS)
@pytest.mark.parametrize("y_true, y_pred, kwargs, error, message", BAD_INPUTS)
def test_bad_input_gets_a_clear_error(metric, y_true, y_pred, kwargs, error, message):
    with pytest.raises(error) as caught:
        metric(y_true, y_pred, **kwargs)
    assert message in str(caught.value)


@pytest.mark.parametrize("metric", [mse, rmse, mae], ids=METRIC_IDS)
def test_options_are_keyword_only(metric):
    with pytest.raises(TypeError):
        metric([1, 2], [1, 2], [1, 1])


def test_public_api_is_flat():
    assert msebook.mse is mse and msebook.rmse is rmse and msebook.mae is mae
    assert set(msebook.__all__) >= {"mse", "rmse", "mae"}


def test_rmse_neither_overflows_nor_underflows():
    assert rmse([1e200], [-1e200]) == 2e200
    assert rmse([0.0, 0.0], [3e-200, 4e-200]) == pytest.approx(np.sqrt(12.5) * 1e-200, rel=1e-15)
    assert rmse(np.array([2e20], dtype=np.float32), np.array([0.0], dtype=np.float32)) == pytest.approx(2e20, rel=1e-7)
    np.testing.assert_allclose(rmse([[1e200, 1.0]], [[-1e200, 0.0]], multioutput="raw_values"), [2e200, 1.0])
    assert rmse([1.5e308], [-1.5e308]) == np.inf  # the true answer, 3e308, is not representable
    # scikit-learn squares first and returns 0.0 here
    assert root_mean_squared_error([1e-300, 2e-300], [0.0, 0.0]) == 0.0
    assert rmse([1e-300, 2e-300], [0.0, 0.0]) == pytest.approx(np.sqrt(2.5) * 1e-300, rel=1e-15)
