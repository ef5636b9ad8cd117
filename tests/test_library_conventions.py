"""The conventions of the metrics chapter, run with the real libraries.

Each test is one row or claim of book/metrics-in-practice.ipynb: PyTorch, Keras 3
(on the PyTorch backend), torchmetrics and scikit-learn are run on the chapter's
small arrays and compared with msebook and with the rule the chapter states.
scikit-learn is not in the reader's environment, so the chapter shows msebook's
value for it; the tests below check that the two agree.
"""

import math
import os

import numpy as np
import pytest
import sklearn.metrics as skm
import torch
import torchmetrics
import torchmetrics.functional as tmf

import msebook
from msebook import streaming

os.environ["KERAS_BACKEND"] = "torch"
import keras  # noqa: E402  (the backend is chosen before the import)

FLOAT32 = 1e-6  # relative tolerance for results computed in float32

DEMAND = [20.0, 40.0, 50.0, 10.0]
FORECAST = [25.0, 38.0, 45.0, 14.0]
WITH_ZERO = [0.0, 40.0, 50.0, 10.0]

# the reductions table: three samples, two outputs
Y2 = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
P2 = np.array([[1.5, 2.0], [2.0, 4.5], [5.0, 8.0]])

# the sample-weights table
Y_W = np.array([3.0, 5.0, 2.0, 7.0])
P_W = np.array([2.5, 5.0, 4.0, 8.0])
W = np.array([1.0, 1.0, 0.5, 2.0])


def tensor(values):
    return torch.as_tensor(np.asarray(values, dtype=float))


def close(a, b, rel=1e-12):
    return math.isclose(float(a), float(b), rel_tol=rel)


def test_keras_runs_on_pytorch_in_float32():
    assert keras.backend.backend() == "torch"
    assert keras.config.floatx() == "float32"
    loss = keras.losses.MeanSquaredError()(np.array([0.1]), np.array([0.0]))
    assert isinstance(loss, torch.Tensor) and loss.dtype == torch.float32


# ---- MAPE ----------------------------------------------------------------------------


def _mape(y_true, y_pred, floor):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    return np.mean(np.abs(y_true - y_pred) / np.maximum(np.abs(y_true), floor))


@pytest.mark.parametrize("y_true", [DEMAND, WITH_ZERO])
def test_mape_scikit_learn_and_msebook_agree_and_floor_at_machine_epsilon(y_true):
    ours = msebook.mape(y_true, FORECAST)
    assert close(skm.mean_absolute_percentage_error(y_true, FORECAST), ours)
    assert close(ours, _mape(y_true, FORECAST, np.finfo(float).eps))


def test_mape_with_a_zero_target_is_decided_by_the_floor():
    sklearn_value = skm.mean_absolute_percentage_error(WITH_ZERO, FORECAST)
    assert close(
        sklearn_value,
        25 / np.finfo(float).eps / 4 + _mape(DEMAND[1:], FORECAST[1:], 1) * 3 / 4,
    )
    assert 2.8e16 < sklearn_value < 2.82e16  # the chapter's 2.815e+16


@pytest.mark.parametrize("y_true", [DEMAND, WITH_ZERO])
def test_keras_mape_is_a_percentage_floored_at_1e_minus_7(y_true):
    value = keras.losses.MeanAbsolutePercentageError()(
        np.array(y_true), np.array(FORECAST)
    )
    assert keras.config.epsilon() == 1e-7
    assert close(value, 100 * _mape(y_true, FORECAST, 1e-7), FLOAT32)


@pytest.mark.parametrize("y_true", [DEMAND, WITH_ZERO])
def test_torchmetrics_mape_is_a_fraction_floored_at_1_17e_minus_6(y_true):
    value = tmf.mean_absolute_percentage_error(tensor(FORECAST), tensor(y_true))
    assert close(value, _mape(y_true, FORECAST, 1.17e-6), FLOAT32)


def test_torchmetrics_takes_the_predictions_first():
    right = tmf.mean_absolute_percentage_error(tensor(FORECAST), tensor(DEMAND))
    swapped = tmf.mean_absolute_percentage_error(tensor(DEMAND), tensor(FORECAST))
    assert close(right, msebook.mape(DEMAND, FORECAST), FLOAT32)
    assert close(swapped, msebook.mape(FORECAST, DEMAND), FLOAT32)
    assert not math.isclose(float(right), float(swapped), rel_tol=1e-3)


# ---- Huber and Smooth L1 -------------------------------------------------------------

HUBER_TRUE = np.zeros(4)
HUBER_PRED = np.array([0.2, 0.8, 1.5, 3.0])


@pytest.mark.parametrize("delta", [0.5, 1.0, 2.0])
def test_pytorch_keras_and_msebook_huber_agree(delta):
    ours = msebook.huber(HUBER_TRUE, HUBER_PRED, delta=delta)
    in_torch = torch.nn.HuberLoss(delta=delta)(tensor(HUBER_PRED), tensor(HUBER_TRUE))
    in_keras = keras.losses.Huber(delta=delta)(HUBER_TRUE, HUBER_PRED)
    assert close(in_torch, ours) and close(in_keras, ours, FLOAT32)


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
def test_smooth_l1_is_huber_divided_by_beta_and_equal_only_at_one(beta):
    smooth = torch.nn.SmoothL1Loss(beta=beta)(tensor(HUBER_PRED), tensor(HUBER_TRUE))
    huber = msebook.huber(HUBER_TRUE, HUBER_PRED, delta=beta)
    assert close(smooth, huber / beta)
    assert math.isclose(float(smooth), huber) == (beta == 1.0)


def test_the_chapters_huber_values():
    values = [msebook.huber(HUBER_TRUE, HUBER_PRED, delta=d) for d in (0.5, 1.0, 2.0)]
    assert np.allclose(values, [0.57375, 0.96, 1.36625], rtol=1e-12)


# ---- RMSE of several outputs ---------------------------------------------------------


def _two_outputs():
    rng = np.random.default_rng(7)
    targets = np.column_stack([rng.normal(300, 50, 200), rng.integers(2, 8, 200)])
    errors = np.column_stack([rng.normal(0, 20, 200), rng.normal(0, 0.5, 200)])
    return targets.astype(float), targets + errors


def test_scikit_learn_and_msebook_average_the_per_output_rmses():
    y, p = _two_outputs()
    per_output = msebook.rmse(y, p, multioutput="raw_values")
    assert np.allclose(
        skm.root_mean_squared_error(y, p, multioutput="raw_values"),
        per_output,
        rtol=1e-12,
    )
    assert close(skm.root_mean_squared_error(y, p), msebook.rmse(y, p))
    assert close(msebook.rmse(y, p), per_output.mean())


def test_scikit_learns_old_squared_argument_is_gone():
    with pytest.raises(TypeError, match="squared"):
        skm.mean_squared_error(DEMAND, FORECAST, squared=False)


def test_pytorch_keras_and_torchmetrics_pool_the_outputs():
    y, p = _two_outputs()
    pooled = math.sqrt(msebook.mse(y, p))
    in_torch = torch.sqrt(torch.nn.MSELoss()(tensor(p), tensor(y)))
    metric = keras.metrics.RootMeanSquaredError()
    metric.update_state(y, p)
    in_torchmetrics = torchmetrics.MeanSquaredError(squared=False)
    in_torchmetrics.update(tensor(p), tensor(y))
    assert close(in_torch, pooled)
    assert close(metric.result(), pooled, FLOAT32)
    assert close(in_torchmetrics.compute(), pooled, FLOAT32)
    assert msebook.rmse(y, p) < pooled  # Jensen: the mean of the roots is smaller


def test_torchmetrics_gives_one_rmse_per_output_with_num_outputs():
    y, p = _two_outputs()
    metric = torchmetrics.MeanSquaredError(squared=False, num_outputs=2)
    metric.update(tensor(p), tensor(y))
    expected = msebook.rmse(y, p, multioutput="raw_values")
    assert np.allclose(metric.compute().numpy(), expected, rtol=FLOAT32)


# ---- R² of a constant target, and units ----------------------------------------------

CONSTANT = np.full(4, 2.0)
METRES = np.array([1.0, 2.0, 3.0, 4.0])
METRES_PRED = np.array([1.1, 2.1, 2.7, 4.2])


def _keras_r2(y_true, y_pred):
    metric = keras.metrics.R2Score()
    metric.update_state(np.reshape(y_true, (-1, 1)), np.reshape(y_pred, (-1, 1)))
    return float(metric.result())


def _torchmetrics_r2(y_true, y_pred):
    return float(tmf.r2_score(tensor(y_pred), tensor(y_true)))


def test_r2_of_a_constant_target_in_scikit_learn_and_msebook():
    for y_pred, finite, raw in [
        (CONSTANT, 1.0, math.nan),
        (CONSTANT + 0.1, 0.0, -math.inf),
    ]:
        assert skm.r2_score(CONSTANT, y_pred) == msebook.r2(CONSTANT, y_pred) == finite
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 and x/0, on purpose
            theirs = skm.r2_score(CONSTANT, y_pred, force_finite=False)
        ours = msebook.r2(CONSTANT, y_pred, force_finite=False)
        if math.isnan(raw):
            assert math.isnan(theirs) and math.isnan(ours)
        else:
            assert theirs == ours == raw


def test_keras_r2_of_a_constant_target_is_nan_or_zero():
    assert math.isnan(_keras_r2(CONSTANT, CONSTANT))
    assert _keras_r2(CONSTANT, CONSTANT + 0.1) == 0.0


def test_torchmetrics_r2_of_a_constant_target_is_one_or_zero():
    assert _torchmetrics_r2(CONSTANT, CONSTANT) == 1.0
    assert _torchmetrics_r2(CONSTANT, CONSTANT + 0.1) == 0.0


def test_torchmetrics_r2_depends_on_the_units_and_the_others_do_not():
    in_metres = msebook.r2(METRES, METRES_PRED)
    assert close(skm.r2_score(METRES, METRES_PRED), in_metres)
    assert close(msebook.r2(METRES / 1000, METRES_PRED / 1000), in_metres)
    assert close(_keras_r2(METRES / 1000, METRES_PRED / 1000), in_metres, 1e-5)
    assert close(_torchmetrics_r2(METRES, METRES_PRED), in_metres)
    assert _torchmetrics_r2(METRES / 1000, METRES_PRED / 1000) == 1.0
    assert in_metres < 0.98


# ---- reductions ----------------------------------------------------------------------


def _torch_mse(y, p, reduction):
    return torch.nn.MSELoss(reduction=reduction)(tensor(p), tensor(y)).numpy()


def _keras_mse(y, p, reduction):
    return keras.losses.MeanSquaredError(reduction=reduction)(y, p).numpy()


def test_pytorch_none_and_mean_are_squared_errors_and_mse():
    assert np.array_equal(_torch_mse(Y2, P2, "none"), msebook.squared_errors(Y2, P2))
    assert close(_torch_mse(Y2, P2, "mean"), msebook.mse(Y2, P2))


def test_pytorch_sum_is_sse_only_for_one_output():
    assert close(_torch_mse(Y2, P2, "sum"), 5.5) and msebook.sse(Y2, P2) == 2.75
    assert close(
        _torch_mse(Y2, P2, "sum"), msebook.sse(Y2, P2, multioutput="raw_values").sum()
    )
    assert close(_torch_mse(Y2, P2, "sum"), Y2.shape[1] * msebook.sse(Y2, P2))
    assert close(_torch_mse(Y2[:, 0], P2[:, 0], "sum"), msebook.sse(Y2[:, 0], P2[:, 0]))


def test_keras_averages_over_the_last_axis_then_reduces_over_the_batch():
    per_sample = msebook.squared_errors(Y2, P2).mean(axis=1)
    assert np.allclose(_keras_mse(Y2, P2, None), per_sample, rtol=FLOAT32)
    assert np.allclose(_keras_mse(Y2, P2, "none"), per_sample, rtol=FLOAT32)
    assert close(_keras_mse(Y2, P2, "sum"), msebook.sse(Y2, P2), FLOAT32)
    assert close(_keras_mse(Y2, P2, "sum"), per_sample.sum(), FLOAT32)
    for reduction in ("sum_over_batch_size", "mean"):
        assert close(_keras_mse(Y2, P2, reduction), msebook.mse(Y2, P2), FLOAT32)


def test_scikit_learn_sse_convention_matches_msebook():
    # msebook.sse averages the per-output sums, as scikit-learn averages per-output
    # metrics
    raw = msebook.sse(Y2, P2, multioutput="raw_values")
    assert np.allclose(
        raw, len(Y2) * skm.mean_squared_error(Y2, P2, multioutput="raw_values")
    )
    assert close(msebook.mse(Y2, P2), skm.mean_squared_error(Y2, P2))


# ---- sample weights ------------------------------------------------------------------


def _keras_loss(w, reduction="sum_over_batch_size", column=True):
    y, p = (Y_W[:, None], P_W[:, None]) if column else (Y_W, P_W)
    return float(
        keras.losses.MeanSquaredError(reduction=reduction)(y, p, sample_weight=w)
    )


def _keras_metric(w):
    metric = keras.metrics.MeanSquaredError()
    metric.update_state(Y_W[:, None], P_W[:, None], sample_weight=w)
    return float(metric.result())


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_weighted_mean_divides_by_the_sum_of_weights(scale):
    w = scale * W
    squared = (Y_W - P_W) ** 2
    weighted_mean = np.sum(w * squared) / np.sum(w)
    assert close(msebook.mse(Y_W, P_W, sample_weight=w), weighted_mean)
    assert close(skm.mean_squared_error(Y_W, P_W, sample_weight=w), weighted_mean)
    assert close(_keras_metric(w), weighted_mean, FLOAT32)
    assert close(_keras_loss(w, "mean_with_sample_weight"), weighted_mean, FLOAT32)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_keras_default_loss_divides_by_the_number_of_samples(scale):
    w = scale * W
    squared = (Y_W - P_W) ** 2
    assert close(_keras_loss(w), np.sum(w * squared) / len(w), FLOAT32)
    by_hand = (tensor(w) * (tensor(P_W) - tensor(Y_W)) ** 2).mean()
    assert close(by_hand, np.sum(w * squared) / len(w))
    # a one-dimensional target is averaged first: the MSE times the mean weight
    assert close(_keras_loss(w, column=False), squared.mean() * w.mean(), FLOAT32)


def test_doubling_the_weights_changes_only_the_default_keras_loss():
    assert close(_keras_metric(2 * W), _keras_metric(W), FLOAT32)
    assert close(
        _keras_loss(2 * W, "mean_with_sample_weight"),
        _keras_loss(W, "mean_with_sample_weight"),
        FLOAT32,
    )
    assert close(_keras_loss(2 * W), 2 * _keras_loss(W), FLOAT32)


def test_the_keras_weights_exercise():
    # a default Keras loss of 3.0 on 8 samples whose weights add up to 12 is a weighted
    # MSE of 2.0
    rng = np.random.default_rng(12)
    w = rng.uniform(0.5, 2.5, 8)
    w *= 12 / w.sum()
    e = rng.normal(0, 1, 8)
    e *= math.sqrt(3.0 * 8 / np.sum(w * e**2))
    y = rng.normal(0, 1, 8)
    loss = keras.losses.MeanSquaredError()(
        y[:, None], (y + e)[:, None], sample_weight=w
    )
    assert close(loss, 3.0, FLOAT32)
    assert close(msebook.mse(y, y + e, sample_weight=w), 2.0)


# ---- floating point ------------------------------------------------------------------


def test_scikit_learn_accumulates_a_float32_column_in_float32():
    values = np.full((2_000_000, 2), 0.1, dtype=np.float32)
    zeros = np.zeros_like(values)
    exact = float(np.float32(0.1)) ** 2
    theirs = skm.mean_squared_error(values, zeros, multioutput="raw_values")[0]
    ours = msebook.mse(values, zeros, multioutput="raw_values")[0]
    assert abs(theirs - exact) / exact > 0.01
    assert abs(ours - exact) / exact < 1e-15


def test_pytorch_squares_float16_as_numpy_does_with_the_same_thresholds():
    half = np.array([1e-2, 5e-3, 1e-3, 2e-4, 1.5e-4], dtype=np.float16)
    assert np.array_equal((torch.from_numpy(half) ** 2).numpy(), half * half)
    smallest_normal = torch.finfo(torch.float16).smallest_normal
    below = torch.nextafter(
        torch.tensor(2.0**-7, dtype=torch.float16),
        torch.tensor(0.0, dtype=torch.float16),
    )
    assert (
        float(torch.tensor(2.0**-7, dtype=torch.float16) ** 2)
        == smallest_normal
        == 2.0**-14
    )
    assert float(below**2) < smallest_normal
    assert float(torch.tensor(1.72e-4, dtype=torch.float16) ** 2) == 0.0
    assert float(torch.tensor(1.74e-4, dtype=torch.float16) ** 2) > 0.0


def test_autocast_runs_mse_loss_in_float32():
    errors = torch.tensor([1e-2, 5e-3, 1e-3, 2e-4, 1.5e-4], dtype=torch.float16)
    zeros = torch.zeros_like(errors)
    exact = np.mean(errors.numpy().astype(float) ** 2)
    in_float16 = torch.nn.functional.mse_loss(errors, zeros)
    for dtype in (torch.float16, torch.bfloat16):
        with torch.autocast("cpu", dtype=dtype):
            under_autocast = torch.nn.functional.mse_loss(errors, zeros)
        assert under_autocast.dtype == torch.float32
        assert abs(float(under_autocast) - exact) / exact < 1e-6
    assert in_float16.dtype == torch.float16
    assert abs(float(in_float16) - exact) / exact > 1e-4


def _offset_targets():
    rng = np.random.default_rng(20261124)
    y = (1e4 + rng.normal(0, 1, 100_000)).astype(np.float32)
    return y, (y + rng.normal(0, 0.5, 100_000)).astype(np.float32)


def test_one_pass_r2_of_torchmetrics_and_keras_fails_on_float32_targets_far_from_zero():
    y, p = _offset_targets()
    y64, p64 = y.astype(float), p.astype(float)
    two_pass = 1 - np.sum((y64 - p64) ** 2) / np.sum((y64 - y64.mean()) ** 2)
    assert close(msebook.r2(y, p), two_pass)
    assert close(skm.r2_score(y64, p64), two_pass, 1e-9)
    in_torchmetrics = torchmetrics.R2Score()
    in_torchmetrics.update(torch.from_numpy(p), torch.from_numpy(y))
    in_keras = keras.metrics.R2Score()
    in_keras.update_state(y[:, None], p[:, None])
    assert abs(float(in_torchmetrics.compute()) - two_pass) > 0.1
    assert abs(float(in_keras.result()) - two_pass) > 0.1
    # the same targets in float64: still one pass, but with enough digits to spare
    assert close(
        tmf.r2_score(torch.from_numpy(p64), torch.from_numpy(y64)), two_pass, 1e-6
    )


# ---- data in pieces ------------------------------------------------------------------


def _chunks():
    rng = np.random.default_rng(5)
    y = rng.normal(50, 10, 100_000)
    p = y + rng.standard_t(3, 100_000)
    boundaries = np.sort(rng.choice(np.arange(1, len(y)), size=39, replace=False))
    return list(zip(np.split(y, boundaries), np.split(p, boundaries))), y, p


def test_streaming_rmse_agrees_across_libraries():
    chunks, y, p = _chunks()
    ours = streaming.RootMeanSquaredError()
    in_float32 = torchmetrics.MeanSquaredError(squared=False)
    in_float64 = torchmetrics.MeanSquaredError(squared=False).set_dtype(torch.float64)
    in_keras = keras.metrics.RootMeanSquaredError()
    for t, q in chunks:
        ours.update(t, q)
        in_float32.update(tensor(q), tensor(t))
        in_float64.update(tensor(q), tensor(t))
        in_keras.update_state(t, q)
    assert close(ours.result(), msebook.rmse(y, p))
    assert close(in_float64.compute(), ours.result())
    assert (
        in_float32.sum_squared_error.dtype == torch.float32
    )  # float32 sums by default
    assert (
        1e-9 < abs(float(in_float32.compute()) - ours.result()) / ours.result() < 1e-5
    )
    assert close(in_keras.result(), ours.result(), FLOAT32)


def test_averaging_batch_rmses_is_not_the_rmse_in_any_library():
    chunks, y, p = _chunks()
    metric = torchmetrics.MeanSquaredError(squared=False)
    per_batch = []
    for t, q in chunks:
        per_batch.append(
            float(metric(tensor(q), tensor(t)))
        )  # forward: this batch only
    assert close(
        metric.compute(), msebook.rmse(y, p), FLOAT32
    )  # but the state pools them
    assert not math.isclose(np.mean(per_batch), msebook.rmse(y, p), rel_tol=1e-4)


# ---- the MSE and its gradient in each library, and the broadcasting pitfall ----------

Y_G = np.array([3.0, -0.5, 2.0, 7.0])
P_G = np.array([2.5, 0.0, 2.0, 8.0])


def test_every_library_gives_the_mse_and_its_gradient_two_errors_over_n():
    expected_gradient = 2 * (P_G - Y_G) / len(Y_G)
    prediction = torch.tensor(P_G, requires_grad=True)
    loss = torch.nn.functional.mse_loss(prediction, torch.tensor(Y_G))
    loss.backward()
    assert close(loss.item(), msebook.mse(Y_G, P_G))
    assert torch.nn.MSELoss()(prediction, torch.tensor(Y_G)).item() == loss.item()
    assert np.allclose(prediction.grad.numpy(), expected_gradient, rtol=1e-12, atol=0)
    column = torch.tensor(P_G[:, None], requires_grad=True)
    keras_loss = keras.losses.MeanSquaredError()(Y_G[:, None], column)
    keras_loss.backward()
    assert close(keras_loss.item(), msebook.mse(Y_G, P_G), FLOAT32)
    assert np.allclose(
        column.grad.numpy().ravel(), expected_gradient, rtol=FLOAT32, atol=0
    )
    assert close(skm.mean_squared_error(Y_G, P_G), msebook.mse(Y_G, P_G))
    assert close(skm.root_mean_squared_error(Y_G, P_G), msebook.rmse(Y_G, P_G))


def test_keras_compile_with_the_string_mse_is_the_mean_squared_error():
    assert keras.losses.get("mse") is keras.losses.mean_squared_error
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(loss="mse")
    model.set_weights([np.ones((1, 1)), np.zeros(1)])  # the model returns its input
    value = model.evaluate(P_G[:, None], Y_G[:, None], verbose=0)
    assert close(value, msebook.mse(Y_G, P_G), FLOAT32)


def test_mse_loss_of_a_column_and_a_vector_broadcasts_with_a_warning():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    column = np.array([[1.1], [1.8], [3.3], [4.0]])
    with pytest.warns(UserWarning, match="broadcasting"):
        broadcast = torch.nn.functional.mse_loss(tensor(column), tensor(y))
    p = column.ravel()
    spread = np.var(p) + np.var(y) + (p.mean() - y.mean()) ** 2
    assert close(broadcast, spread)
    assert close(broadcast, np.mean((column - y) ** 2))  # NumPy: the same, silently
    fixed = torch.nn.functional.mse_loss(tensor(column).squeeze(-1), tensor(y))
    assert close(fixed, msebook.mse(y, p))
    assert msebook.mse(y, column) == msebook.mse(y, p)  # one output, pair by pair
