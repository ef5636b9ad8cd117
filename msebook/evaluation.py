"""Evaluating forecasts on a test set: MASE, and the uncertainty of a test error.

:func:`~msebook.mase` scales a forecast's mean absolute error by that of the
naive forecast on the training series (Hyndman and Koehler 2006).
:func:`~msebook.test_error_interval` gives a test error with its standard
error and a confidence interval; :func:`~msebook.paired_comparison` compares
two models on the same test set through their per-sample loss differences, as
the Diebold–Mariano test does, with the small-sample correction of Harvey,
Leybourne and Newbold. Quantiles and tail probabilities come from
``msebook._distributions`` (no scipy).
"""

import math
import warnings
from typing import NamedTuple

import numpy as np

from ._distributions import normal_quantile, normal_sf, t_quantile, t_sf
from ._reduce import naive_forecast_error, scaled_error
from ._scale import scale_of
from ._validation import (
    as_real_array,
    check_multioutput,
    check_nan_policy,
    check_scalar,
    check_weights,
    normalise_weights,
    refuse_infinite,
    require_finite,
    widen,
)
from .metrics import mae

__all__ = [
    "mase",
    "test_error_interval",
    "paired_comparison",
    "ErrorInterval",
    "PairedComparison",
]

LOSSES = ("squared", "absolute")
ALTERNATIVES = ("two-sided", "less", "greater")


def mase(
    y_true,
    y_pred,
    *,
    y_train,
    seasonality=1,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Mean absolute scaled error: the MAE divided by the in-sample MAE of the naive
    forecast.

    With training values :math:`y_1, \dots, y_T` and seasonal period
    :math:`m` (``seasonality``),

    .. math::

        \mathrm{MASE} = \frac{\frac1n \sum_i |y_i - \hat y_i|}
                             {\frac{1}{T - m} \sum_{t=m+1}^{T} |y_t - y_{t-m}|} ,

    computed for each output and combined as ``multioutput`` says. Below 1,
    the forecast beat, on average, the one-step naive forecast (the value one
    season earlier) on the training data; the ratio has no unit and, unlike
    MAPE, stays defined when the series passes through zero
    (Hyndman and Koehler 2006). For one output it equals sktime's
    ``mean_absolute_scaled_error(y_true, y_pred, y_train=y_train, sp=m)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values of the test period.
    y_pred : array-like of the same shape as y_true
        Forecasts of them.
    y_train : array-like of shape (n_train,) or (n_train, n_outputs)
        The series the forecasts were made from, in time order, with more than
        ``seasonality`` values, not constant at lag ``seasonality``.
    seasonality : int, default 1
        The lag of the naive forecast: 1 for the last value, 12 for the value
        of the same month a year earlier, and so on.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative finite weights of the test errors, not all zero.
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine the per-output ratios.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN in y_true, y_pred or y_train means, as in :func:`msebook.mae`;
        under 'omit', a training difference involving a NaN is left out.

    Returns
    -------
    float or numpy.ndarray
        The scaled error; one value per output for ``multioutput='raw_values'``.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers or an option has the
        wrong type.
    ValueError
        If the arrays have the wrong shapes, contain NaN (per ``nan_policy``) or
        infinity, ``y_train`` is too short for ``seasonality`` or has no change
        at that lag, or the weights are negative or all zero.

    See Also
    --------
    msebook.mae : the numerator.
    msebook.mape : the percentage error that MASE was proposed to replace.

    Examples
    --------
    >>> from msebook import mase
    >>> round(mase([5, 6], [4, 8], y_train=[1, 3, 2, 4]), 12)
    0.9
    >>> mase([12, 14], [11, 12], y_train=[10, 13, 11, 14], seasonality=2)
    1.5
    """
    errors = mae(
        y_true,
        y_pred,
        sample_weight=sample_weight,
        multioutput="raw_values",
        nan_policy=nan_policy,
    )
    multioutput = check_multioutput(multioutput, len(errors))
    naive, scale = naive_forecast_error(y_train, seasonality, len(errors), nan_policy)
    return scaled_error(errors, naive, scale, multioutput)


class ErrorInterval(NamedTuple):
    """A test error with its standard error and a confidence interval."""

    estimate: float
    standard_error: float
    low: float
    high: float
    level: float
    n_samples: int


class PairedComparison(NamedTuple):
    """Model A's test error minus model B's, with its uncertainty and a test of no
    difference.
    """

    difference: float
    standard_error: float
    low: float
    high: float
    statistic: float
    p_value: float
    level: float
    n_samples: int


def _check_option(value, name, choices):
    if not isinstance(value, str) or value not in choices:
        names = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {names}, got {value!r}")
    return value


def _two_dimensional(array):
    return array[:, None] if array.ndim == 1 else array


def _per_sample_losses(y_true, predictions, loss, sample_weight, nan_policy):
    """Each sample's loss (mean over outputs) for each prediction array, and the
    weights.

    Returns ``(losses, weights, unit)``, ``losses`` of shape (n_predictions,
    n_samples) with the samples left out that ``nan_policy='omit'`` omits, or
    None for ``losses`` under 'propagate' when a NaN was met. The losses are
    those of the values divided by ``unit``, a power of two (exact) that keeps
    their squares and the squares of the losses inside float64; :func:`_unscaled`
    puts it back.
    """
    _check_option(loss, "loss", LOSSES)
    check_nan_policy(nan_policy)
    truth = _two_dimensional(as_real_array(y_true, "y_true", finite=False))
    columns = []
    for name, prediction in predictions.items():
        column = _two_dimensional(as_real_array(prediction, name, finite=False))
        if column.shape != truth.shape:
            raise ValueError(
                f"y_true and {name} must have the same shape, got {truth.shape} and "
                f"{column.shape}"
            )
        columns.append(column)
    # integers beyond 2**53 (or long doubles) are subtracted in long double, as the
    # metrics do
    dtype = np.result_type(np.float64, *(widen(truth, column)[0] for column in columns))
    truth, columns = truth.astype(dtype), [column.astype(dtype) for column in columns]
    n_samples = len(truth)
    weights = None
    if sample_weight is not None:
        weights = check_weights(sample_weight, n_samples, "sample_weight")
        weights = normalise_weights(weights)[0]  # extreme weights brought near 1
    names = ["y_true"] + [name for name, _ in predictions.items()]
    arrays = [truth, *columns]
    if nan_policy == "raise":
        for array, name in zip(arrays, names):
            require_finite(array, name)
        missing = None
    else:
        for array, name in zip(arrays, names):
            refuse_infinite(array, name, nan_policy)
        missing = np.zeros(n_samples, dtype=bool)
        for array in arrays:
            missing |= np.isnan(array).any(axis=1)
        if missing.any() and nan_policy == "propagate":
            return None, weights, 1.0
    kernel = np.square if loss == "squared" else np.abs
    unit = _unit(arrays)
    losses = np.array(
        [kernel(truth / unit - pred / unit).mean(axis=1) for pred in columns],
        dtype=np.float64,
    )
    if missing is not None and missing.any():
        losses = losses[:, ~missing]
        weights = None if weights is None else weights[~missing]
        if losses.shape[1] == 0 or (weights is not None and not weights.any()):
            raise ValueError(
                "nothing is left after nan_policy='omit': every sample, or every "
                "weight, has a NaN or is 0"
            )
    return losses, weights, unit


def _unit(arrays):
    """1, or a power of two near the largest magnitude if it is beyond 2**±120.

    The variance of squared losses takes fourth powers of the values: those of
    magnitudes within 2**±120 (and at most a few units after scaling) stay
    inside float64.
    """
    values = np.concatenate([array[~np.isnan(array)] for array in arrays])
    return scale_of(values, safe=2.0**120)


def _unscaled(value, unit, loss):
    """A mean loss (or its standard error) of values divided by ``unit``, in the
    values' units.
    """
    with np.errstate(over="ignore", under="ignore"):  # beyond float64: inf or 0
        value = np.float64(value) * unit
        return float(value * unit if loss == "squared" else value)


def _mean_and_variance(values, weights, horizon):
    """The (weighted) mean of ``values`` and the variance of that mean.

    The variance is Diebold and Mariano's: autocovariances of the weighted
    deviations, divided by n, up to lag ``horizon - 1`` with equal weights
    (Bartlett weights if those give a variance that is not positive).
    """
    n = len(values)
    if weights is None:
        mean = math.fsum(values.tolist()) / n
        deviations = values - mean
    else:
        mean = float(weights @ values / weights.sum())
        deviations = weights / weights.mean() * (values - mean)
    lags = min(horizon - 1, n - 1)
    covariances = [float(deviations @ deviations) / n] + [
        float(deviations[j:] @ deviations[:-j]) / n for j in range(1, lags + 1)
    ]
    variance = (covariances[0] + 2 * sum(covariances[1:])) / n
    if variance <= 0 < lags:
        warnings.warn(
            f"the autocovariances up to lag {lags} give a variance that is not "
            "positive; using Bartlett (Newey-West) weights instead",
            RuntimeWarning,
            stacklevel=3,
        )
        bartlett = [1 - j / (lags + 1) for j in range(1, lags + 1)]
        variance = (
            covariances[0] + 2 * sum(k * c for k, c in zip(bartlett, covariances[1:]))
        ) / n
    return mean, variance


def _scale_and_quantile(n, horizon, small_sample, level):
    """The factor that multiplies the variance, and the critical value of the
    interval.
    """
    upper = 0.5 + level / 2
    if not small_sample:
        return 1.0, normal_quantile(upper)
    h = horizon
    # Harvey, Leybourne and Newbold (1997): n / (n + 1 - 2h + h(h - 1)/n), with t(n - 1)
    inflation = n / (n + 1 - 2 * h + h * (h - 1) / n)
    return inflation, t_quantile(upper, n - 1)


def _check_common(level, horizon, small_sample):
    level = check_scalar(level, "level", low=0, high=1, low_open=True, high_open=True)
    horizon = check_scalar(horizon, "horizon", integer=True, low=1)
    if not isinstance(small_sample, (bool, np.bool_)):
        raise TypeError(f"small_sample must be True or False, got {small_sample!r}")
    return level, horizon, bool(small_sample)


def _enough(n, horizon, small_sample):
    needed = max(2, horizon + 1) if small_sample else 2
    if n < needed:
        raise ValueError(
            f"y_true (the test set) must have at least {needed} samples for an "
            "uncertainty"
            + (f" with horizon={horizon}" if needed > 2 else "")
            + f", got {n}"
        )


def test_error_interval(
    y_true,
    y_pred,
    *,
    loss="squared",
    level=0.95,
    horizon=1,
    small_sample=True,
    sample_weight=None,
    nan_policy="raise",
):
    r"""A test error (MSE or MAE) with its standard error and a confidence interval.

    The test error is the mean of the per-sample losses
    :math:`\ell_i = (y_i - \hat y_i)^2` (``loss='squared'``) or
    :math:`|y_i - \hat y_i|` (``loss='absolute'``), averaged over the outputs
    of each sample. If the test samples are independent draws, the central
    limit theorem makes that mean approximately normal, with standard error
    :math:`s/\sqrt{n}`, :math:`s` the standard deviation of the :math:`\ell_i`.
    By default (``small_sample=True``, ``horizon=1``) the interval is
    :math:`\bar\ell \pm t_{n-1}\, s/\sqrt{n}`, the t interval of the
    losses; ``small_sample=False`` uses the normal quantile and divides by
    :math:`n` instead of :math:`n - 1`.

    Losses of a time series are often correlated: ``horizon=h`` adds the
    autocovariances up to lag :math:`h - 1`, as Diebold and Mariano (1995) do
    for :math:`h`-step forecasts, with the small-sample factor of Harvey,
    Leybourne and Newbold (1997) (see :func:`paired_comparison`).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values of the test set.
    y_pred : array-like of the same shape as y_true
        Predicted values.
    loss : {'squared', 'absolute'}, default 'squared'
        The per-sample loss: the interval is for the MSE or for the MAE.
    level : float, default 0.95
        The confidence level, strictly between 0 and 1.
    horizon : int, default 1
        Losses more than ``horizon - 1`` samples apart are taken as uncorrelated.
    small_sample : bool, default True
        Use Student's t with n - 1 degrees of freedom and the small-sample
        factor; False gives the large-sample normal interval.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative finite weights, not all zero: the estimate is the weighted
        mean of the losses and its variance that of a weighted mean.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means: an error naming the argument, a sample left out, or
        a result of NaN.

    Returns
    -------
    ErrorInterval
        A named tuple ``(estimate, standard_error, low, high, level, n_samples)``.
        For an interval for the RMSE take the square roots of ``low`` and
        ``high``: the square root is increasing, so the coverage is the same.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers or an option has the
        wrong type.
    ValueError
        If the arrays differ in shape or are empty, hold NaN (per
        ``nan_policy``) or infinity, the weights are negative or all zero, an
        option is out of range, or there are too few samples.

    See Also
    --------
    paired_comparison : the difference between two models' test errors.

    Examples
    --------
    >>> from msebook import test_error_interval
    >>> result = test_error_interval([3, 5, 2, 8, 6], [2, 5, 4, 7, 3])
    >>> round(result.estimate, 6), round(result.standard_error, 6)
    (3.0, 1.643168)
    >>> round(result.low, 4), round(result.high, 4)
    (-1.5622, 7.5622)
    """
    level, horizon, small_sample = _check_common(level, horizon, small_sample)
    losses, weights, unit = _per_sample_losses(
        y_true, {"y_pred": y_pred}, loss, sample_weight, nan_policy
    )
    if losses is None:
        n = len(np.atleast_1d(np.asarray(y_true)))
        return ErrorInterval(math.nan, math.nan, math.nan, math.nan, level, n)
    values = losses[0]
    n = len(values)
    _enough(n, horizon, small_sample)
    mean, variance = _mean_and_variance(values, weights, horizon)
    inflation, critical = _scale_and_quantile(n, horizon, small_sample, level)
    error = math.sqrt(variance * inflation)
    low, high = mean - critical * error, mean + critical * error
    mean, error, low, high = (
        _unscaled(v, unit, loss) for v in (mean, error, low, high)
    )
    return ErrorInterval(mean, error, low, high, level, n)


test_error_interval.__test__ = False  # a function, not a test for pytest to collect


def paired_comparison(
    y_true,
    pred_a,
    pred_b,
    *,
    loss="squared",
    level=0.95,
    horizon=1,
    small_sample=True,
    alternative="two-sided",
    sample_weight=None,
    nan_policy="raise",
):
    r"""Compare two models' test errors on the same test set (Diebold–Mariano).

    For each sample :math:`i` the loss difference
    :math:`d_i = \ell(y_i, a_i) - \ell(y_i, b_i)` is formed; the difference of
    the two test errors is their mean :math:`\bar d`. Because both models meet
    the same samples, much of the sampling noise cancels in :math:`d_i`, and
    its standard error is far smaller than the two errors' separate ones
    would suggest. The statistic :math:`\bar d / \mathrm{se}(\bar d)` tests the
    hypothesis of equal expected loss (Diebold and Mariano 1995).

    The variance of :math:`\bar d` is
    :math:`(\hat\gamma_0 + 2\sum_{k=1}^{h-1} \hat\gamma_k)/n` with
    :math:`\hat\gamma_k` the sample autocovariances of the :math:`d_i` (divided
    by :math:`n`), where :math:`h` is ``horizon``: errors of :math:`h`-step
    forecasts are correlated up to lag :math:`h - 1`. With
    ``small_sample=True`` (the default) the variance is multiplied by
    :math:`n / (n + 1 - 2h + h(h - 1)/n)` and the statistic compared with
    Student's t on :math:`n - 1` degrees of freedom (Harvey, Leybourne and
    Newbold 1997); for :math:`h = 1` this is exactly the paired t test on the
    losses. ``small_sample=False`` is the original test, with the normal
    distribution. As in R's ``forecast::dm.test``, if the autocovariances give
    a variance that is not positive, a warning is issued; here Bartlett
    (Newey–West) weights are then used.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values of the test set.
    pred_a, pred_b : array-like of the same shape as y_true
        The two models' predictions.
    loss : {'squared', 'absolute'}, default 'squared'
        The per-sample loss.
    level : float, default 0.95
        The confidence level of the interval for the difference.
    horizon : int, default 1
        The forecast horizon :math:`h`.
    small_sample : bool, default True
        The Harvey–Leybourne–Newbold correction with Student's t.
    alternative : {'two-sided', 'less', 'greater'}, default 'two-sided'
        'less': the hypothesis that A's expected loss is smaller than B's is
        the alternative (small p-values favour A); 'greater' the reverse.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative finite weights of the samples, not all zero.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means: an error naming the argument, a sample left out, or
        a result of NaN.

    Returns
    -------
    PairedComparison
        A named tuple ``(difference, standard_error, low, high, statistic,
        p_value, level, n_samples)``: A's test error minus B's, its standard
        error, a two-sided confidence interval, the statistic and its p-value.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers or an option has the
        wrong type.
    ValueError
        If the arrays differ in shape or are empty, hold NaN (per
        ``nan_policy``) or infinity, the weights are negative or all zero, an
        option is out of range, there are too few samples, or the loss
        differences are all equal (then there is no variance to test with).

    See Also
    --------
    test_error_interval : one model's test error.

    Examples
    --------
    >>> from msebook import paired_comparison
    >>> y = [3.0, 5.0, 2.0, 8.0, 6.0, 4.0]
    >>> a = [2.5, 5.5, 2.0, 7.0, 6.5, 4.5]
    >>> b = [2.0, 4.0, 2.5, 6.5, 5.5, 4.0]
    >>> result = paired_comparison(y, a, b)
    >>> (round(result.difference, 6), round(result.statistic, 4),
    ...  round(result.p_value, 4))
    (-0.458333, -2.015, 0.1)
    """
    level, horizon, small_sample = _check_common(level, horizon, small_sample)
    _check_option(alternative, "alternative", ALTERNATIVES)
    losses, weights, unit = _per_sample_losses(
        y_true, {"pred_a": pred_a, "pred_b": pred_b}, loss, sample_weight, nan_policy
    )
    if losses is None:
        n = len(np.atleast_1d(np.asarray(y_true)))
        nan = math.nan
        return PairedComparison(nan, nan, nan, nan, nan, nan, level, n)
    differences = losses[0] - losses[1]
    n = len(differences)
    _enough(n, horizon, small_sample)
    mean, variance = _mean_and_variance(differences, weights, horizon)
    if variance == 0:
        raise ValueError(
            "the loss differences of pred_a and pred_b are all equal: their difference "
            "has no sampling variance to test with"
        )
    inflation, critical = _scale_and_quantile(n, horizon, small_sample, level)
    error = math.sqrt(variance * inflation)
    statistic = mean / error

    def upper_tail(x):
        return t_sf(x, n - 1) if small_sample else normal_sf(x)

    if alternative == "two-sided":
        p_value = min(1.0, 2 * upper_tail(abs(statistic)))
    elif alternative == "less":
        p_value = upper_tail(-statistic)
    else:
        p_value = upper_tail(statistic)
    low, high = mean - critical * error, mean + critical * error
    mean, error, low, high = (
        _unscaled(v, unit, loss) for v in (mean, error, low, high)
    )
    return PairedComparison(
        mean,
        error,
        low,
        high,
        statistic,
        p_value,
        level,
        n,
    )
