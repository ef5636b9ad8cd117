"""Point metrics for regression: the error of a prediction, summarised as one number.

Every metric takes ``(y_true, y_pred, *, sample_weight=None,
multioutput='uniform_average', nan_policy='raise')`` with scikit-learn's meaning
for the first four, computes in float64 whatever the input dtype, and returns a
Python float (or, for ``multioutput='raw_values'``, a numpy array with one value
per output). The sums behind each metric are the sufficient statistics of
``msebook._stats``, which :mod:`msebook.streaming` shares.
"""

import numpy as np

from ._reduce import (
    R2_MODES,
    absolute_error,
    absolute_percentage_error,
    finish,
    huber_loss,
    log1p_of_values_above_minus_one,
    log_cosh_error,
    nmse_from_sums,
    pinball_loss,
    r2_from_sums,
    sse_from_sums,
    symmetric_absolute_percentage_error,
    tukey_biweight_loss,
)
from ._stats import MeanSums, R2Sums, SquaredErrorSums, subtract
from ._validation import (
    check_flag,
    check_nan_policy,
    check_regression_inputs,
    check_scalar,
    check_targets,
    check_weights,
    confirm_finite,
    normalise_weights,
    require_finite,
)

__all__ = [
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
    "tukey_biweight",
    "r2",
    "nmse",
    "squared_errors",
    "sse",
]


# The parameters every metric shares, written once and put into each docstring.
_PARAMETERS = """\
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values: real numbers (bool, int or float).
    y_pred : array-like of the same shape as y_true
        Predicted values.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative finite weights, not all zero; each sample's term counts
        in proportion to its weight.
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine several outputs: the plain mean of the per-output values,
        one value per output, or a mean weighted by the given non-negative weights."""
_NAN_POLICY = """\
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN in y_true or y_pred means. 'raise' (the default): a
        ``ValueError`` naming the argument and the first bad index. 'omit': the
        pair (y_true[i, j], y_pred[i, j]) is left out together with its weight,
        output by output. 'propagate': every output with a NaN gives nan.
        Infinite values are an error under every policy. ('omit' and
        'propagate' look at every value first: one more pass over the data,
        and a copy of it where there are NaN.)"""
_RAISES = """\
    Raises
    ------
    TypeError
        If an argument is not an array of real numbers (None, strings, complex,
        objects) or an option has the wrong type.
    ValueError
        If an argument has the wrong shape or length, is empty, contains NaN
        (per ``nan_policy``) or infinity, if the weights are negative or all
        zero, or if an option is out of range."""


def _document(function):
    """Fill the shared parameter descriptions into ``function``'s docstring."""
    function.__doc__ = (
        function.__doc__.replace("    {parameters}", _PARAMETERS)
        .replace("    {nan_policy}", _NAN_POLICY)
        .replace("    {raises}", _RAISES)
    )
    return function


def _squared_error_sums(
    y_true, y_pred, sample_weight, multioutput, nan_policy, transform=None
):
    """Check the inputs and return their squared-error statistics, ``multioutput``
    and ``nan_outputs``.
    """
    y_true, y_pred, weights, multioutput, nan_outputs = check_regression_inputs(
        y_true, y_pred, sample_weight, multioutput, nan_policy
    )
    if transform is not None:
        y_true, y_pred = transform(y_true, "y_true"), transform(y_pred, "y_pred")
    sums = SquaredErrorSums.of(y_true, y_pred, weights)
    confirm_finite(sums.scaled, y_true, y_pred)
    return sums, multioutput, nan_outputs


def _mean_loss(y_true, y_pred, sample_weight, multioutput, nan_policy, loss):
    """The weighted mean of ``loss(true, pred)`` per output, combined as
    ``multioutput`` says.
    """
    y_true, y_pred, weights, multioutput, nan_outputs = check_regression_inputs(
        y_true, y_pred, sample_weight, multioutput, nan_policy
    )
    sums = MeanSums.of(y_true, y_pred, weights, loss)
    confirm_finite(sums.total, y_true, y_pred)
    return finish(sums.mean(), multioutput, nan_outputs, sums.mean_in_units)


@_document
def mse(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Mean squared error, :math:`\frac{1}{n}\sum_i (y_i - \hat y_i)^2`.

    The sum is accumulated in float64, block by block, and the block sums are
    added exactly, so the result is within a few units in the last place of
    the exact mean; no intermediate square overflows or underflows while the
    result is representable.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The error in the squared units of the target; an array of one value per
        output when ``multioutput='raw_values'``.

    {raises}

    See Also
    --------
    rmse : the square root, in the target's own units.
    sse : the sum instead of the mean.
    msebook.streaming.MeanSquaredError : the same, for data that arrive in batches.

    Examples
    --------
    >>> from msebook import mse
    >>> mse([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.375
    >>> mse([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]],
    ...     multioutput="raw_values")
    array([0.41666667, 1.        ])
    >>> mse([1, 2, 3], [1, 2, 5], sample_weight=[1, 1, 2])
    2.0
    >>> mse([1, 2, float("nan")], [1, 4, 0], nan_policy="omit")
    2.0
    """
    sums, multioutput, nan_outputs = _squared_error_sums(
        y_true, y_pred, sample_weight, multioutput, nan_policy
    )
    return finish(sums.mean(), multioutput, nan_outputs, sums.mean_in_units, 2)


@_document
def rmse(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Root mean squared error, :math:`\sqrt{\mathrm{MSE}}`, in the units of the
    target.

    With several outputs the root is taken per output and the roots are then
    combined, as scikit-learn's ``root_mean_squared_error`` does; this is not the
    root of the combined MSE. Errors are rescaled by a power of two whenever
    their squares would overflow or underflow, so the result is right whenever
    it is representable.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The error in the units of the target; one value per output for
        ``multioutput='raw_values'``.

    {raises}

    See Also
    --------
    mse : the same error before the square root.

    Examples
    --------
    >>> from msebook import rmse
    >>> round(rmse([250, 300, 180, 420, 350], [240, 310, 200, 400, 360]), 4)
    14.8324
    >>> rmse([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]],
    ...      multioutput="raw_values")
    array([0.64549722, 1.        ])
    >>> rmse([1e200], [-1e200])  # no overflow while the answer is representable
    2e+200
    """
    sums, multioutput, nan_outputs = _squared_error_sums(
        y_true, y_pred, sample_weight, multioutput, nan_policy
    )
    return finish(sums.root_mean(), multioutput, nan_outputs, sums.root_mean_in_units)


@_document
def sse(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Sum of squared errors, :math:`\sum_i w_i (y_i - \hat y_i)^2`, per output.

    With PyTorch's ``reduction`` argument in mind: 'none' is :func:`squared_errors`,
    'sum' is ``sse`` and 'mean' is :func:`mse` (for 2-D input PyTorch sums over all
    elements, which is ``sse(..., multioutput='raw_values').sum()``).

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The sum in the squared units of the target; one value per output for
        ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import sse
    >>> sse([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    1.5
    >>> sse([[1, 2], [3, 4]], [[0, 2], [3, 1]], multioutput="raw_values")
    array([1., 9.])
    """
    sums, multioutput, nan_outputs = _squared_error_sums(
        y_true, y_pred, sample_weight, multioutput, nan_policy
    )
    factor = 1.0
    if sample_weight is not None:
        # the statistics hold the weights divided by this power of two
        factor = normalise_weights(np.asarray(sample_weight, dtype=np.float64))[1]
    return sse_from_sums(sums, factor, multioutput, nan_outputs)


def squared_errors(y_true, y_pred, *, sample_weight=None, nan_policy="raise"):
    r"""The squared errors :math:`w_i (y_i - \hat y_i)^2`, one per element, in float64.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values: real numbers (bool, int or float).
    y_pred : array-like of the same shape as y_true
        Predicted values.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative finite weights that multiply each sample's squared errors.
    nan_policy : {'raise', 'propagate'}
        'raise' (the default): a ``ValueError`` naming the argument and the first
        NaN. 'propagate': a NaN input gives a NaN squared error. ('omit' has no
        meaning for an elementwise result and is refused.)

    Returns
    -------
    numpy.ndarray
        An array of the shape of ``y_true``.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers.
    ValueError
        If an argument has the wrong shape or content, or ``nan_policy='omit'``.

    See Also
    --------
    sse, mse : their sum and their mean.

    Examples
    --------
    >>> from msebook import squared_errors
    >>> squared_errors([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    array([0.25, 0.25, 0.  , 1.  ])
    """
    check_nan_policy(nan_policy)
    if nan_policy == "omit":
        raise ValueError(
            "nan_policy='omit' cannot be used with squared_errors: it returns one "
            "value per element"
        )
    true, pred = check_targets(y_true, y_pred, finite=False)
    shape = np.shape(y_true)  # 1-D or 2-D, as the check has shown
    with np.errstate(all="ignore"):
        errors = subtract(true, pred, np.empty(true.shape)) ** 2
        if sample_weight is not None:
            errors *= check_weights(sample_weight, len(true), "sample_weight")[:, None]
    if not np.isfinite(errors).all():
        for array, name in ((true, "y_true"), (pred, "y_pred")):
            if nan_policy == "propagate":
                array = np.where(np.isnan(array), 0.0, array)
            require_finite(array, name)
    return errors.reshape(shape)


@_document
def msle(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Mean squared logarithmic error,
    :math:`\frac{1}{n}\sum_i (\ln(1 + y_i) - \ln(1 + \hat y_i))^2`.

    Every value of y_true and y_pred must be greater than -1.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The error; one value per output for ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import msle
    >>> round(msle([3, 5, 2.5, 7], [2.5, 5, 4, 8]), 6)
    0.03973
    >>> msle([1, -1], [1, 2])  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    ValueError: msle needs every value of y_true above -1 (it takes log(1 + y)), got -1
    at index 1
    """
    transform = log1p_of_values_above_minus_one("msle")
    sums, multioutput, nan_outputs = _squared_error_sums(
        y_true, y_pred, sample_weight, multioutput, nan_policy, transform
    )
    return finish(sums.mean(), multioutput, nan_outputs, sums.mean_in_units, 2)


@_document
def rmsle(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Root mean squared logarithmic error, :math:`\sqrt{\mathrm{MSLE}}`, per output.

    Every value of y_true and y_pred must be greater than -1.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The error; one value per output for ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import rmsle
    >>> round(rmsle([3, 5, 2.5, 7], [2.5, 5, 4, 8]), 6)
    0.199324
    """
    transform = log1p_of_values_above_minus_one("rmsle")
    sums, multioutput, nan_outputs = _squared_error_sums(
        y_true, y_pred, sample_weight, multioutput, nan_policy, transform
    )
    return finish(sums.root_mean(), multioutput, nan_outputs, sums.root_mean_in_units)


@_document
def mae(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Mean absolute error, :math:`\frac{1}{n}\sum_i |y_i - \hat y_i|`.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The error in the units of the target; one value per output for
        ``multioutput='raw_values'``.

    {raises}

    See Also
    --------
    mse : squares the errors, so large errors weigh more.

    Examples
    --------
    >>> from msebook import mae
    >>> mae([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    >>> mae([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]],
    ...     multioutput=[0.3, 0.7])
    0.85
    """
    return _mean_loss(
        y_true, y_pred, sample_weight, multioutput, nan_policy, absolute_error
    )


@_document
def mape(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Mean absolute percentage error, as a fraction.

    That is :math:`\frac{1}{n}\sum_i |y_i - \hat y_i| / \max(|y_i|, \epsilon)`.

    As in scikit-learn, :math:`\epsilon` is the float64 machine epsilon (about
    2.2e-16), so a true value of 0 gives a huge but finite term, and the result
    is a fraction (0.1 means 10 %), not a percentage.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The error as a fraction; one value per output for ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import mape
    >>> round(mape([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 6)
    0.327381
    """
    return _mean_loss(
        y_true,
        y_pred,
        sample_weight,
        multioutput,
        nan_policy,
        absolute_percentage_error,
    )


@_document
def smape(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Symmetric mean absolute percentage error,
    :math:`\frac{1}{n}\sum_i 2|y_i - \hat y_i| / (|y_i| + |\hat y_i|)`.

    A fraction between 0 and 2; a term with :math:`y_i = \hat y_i = 0` counts 0.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The error as a fraction in [0, 2]; one value per output for
        ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import smape
    >>> smape([100, 0, 0], [110, 0, 5])
    0.6984126984126985
    """
    return _mean_loss(
        y_true,
        y_pred,
        sample_weight,
        multioutput,
        nan_policy,
        symmetric_absolute_percentage_error,
    )


@_document
def huber(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
    delta=1.0,
):
    r"""Huber loss: the mean of a loss quadratic near 0 and linear beyond ``delta``.

    Each term is :math:`\frac12 r^2` where :math:`|r| \le \delta`, else
    :math:`\delta(|r| - \frac12\delta)`.

    Here :math:`r = y - \hat y`. This is PyTorch's ``HuberLoss``, Keras's ``Huber``
    and optax's ``huber_loss``; PyTorch's ``SmoothL1Loss`` with parameter
    ``beta`` equals ``huber(..., delta=beta) / beta``.

    Parameters
    ----------
    {parameters}
    {nan_policy}
    delta : float, default 1.0
        Where the loss turns from quadratic to linear; must be positive.

    Returns
    -------
    float or numpy.ndarray
        The loss; one value per output for ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import huber
    >>> huber([0, 0, 0], [0.5, 1, 3])
    1.0416666666666667
    >>> huber([0, 0, 0], [0.5, 1, 3], delta=2.0)
    1.5416666666666667
    """
    delta = check_scalar(delta, "delta", low=0, low_open=True)
    return _mean_loss(
        y_true, y_pred, sample_weight, multioutput, nan_policy, huber_loss(delta)
    )


@_document
def log_cosh(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Mean log-cosh error, :math:`\frac{1}{n}\sum_i \ln\cosh(y_i - \hat y_i)`.

    Close to :math:`\frac12 r^2` for small errors and to :math:`|r| - \ln 2` for large
    ones; computed in a form that does not overflow.

    Parameters
    ----------
    {parameters}
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The loss; one value per output for ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import log_cosh
    >>> round(log_cosh([0, 0], [1, -1]), 6)
    0.433781
    >>> round(log_cosh([0.0], [1000.0]), 6)
    999.306853
    """
    return _mean_loss(
        y_true, y_pred, sample_weight, multioutput, nan_policy, log_cosh_error
    )


@_document
def pinball(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
    alpha=0.5,
):
    r"""Mean pinball (quantile) loss, as scikit-learn's ``mean_pinball_loss``.

    A term is :math:`\alpha r` for :math:`r = y - \hat y \ge 0` and
    :math:`(\alpha - 1) r` otherwise; its minimiser is the :math:`\alpha`-quantile.
    With ``alpha=0.5`` it is half the mean absolute error.

    Parameters
    ----------
    {parameters}
    {nan_policy}
    alpha : float, default 0.5
        The quantile, strictly between 0 and 1.

    Returns
    -------
    float or numpy.ndarray
        The loss; one value per output for ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import pinball
    >>> pinball([1, 2, 3], [0, 3, 3], alpha=0.9)
    0.3333333333333333
    """
    alpha = check_scalar(alpha, "alpha", low=0, high=1, low_open=True, high_open=True)
    return _mean_loss(
        y_true, y_pred, sample_weight, multioutput, nan_policy, pinball_loss(alpha)
    )


@_document
def tukey_biweight(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
    c=4.685,
):
    r"""Mean Tukey biweight (bisquare) loss: quadratic near 0, constant beyond ``c``.

    Each term is :math:`\frac{c^2}{6}\bigl(1 - (1 - (r/c)^2)^3\bigr)` where
    :math:`|r| \le c`, else :math:`c^2/6`, with :math:`r = y - \hat y`. Near 0 it
    is :math:`\frac12 r^2`, like :func:`huber`; its derivative
    :math:`\psi(r) = r(1 - (r/c)^2)^2` returns to 0 at :math:`|r| = c`, so an
    error beyond ``c`` adds a constant and pulls no fit towards it. The default
    ``c`` gives 95 % efficiency at the standard normal distribution; for errors of
    another scale, divide them by a robust estimate of it first. The loss is not
    convex, so a fit with it can have several local minima.

    Parameters
    ----------
    {parameters}
    {nan_policy}
    c : float, default 4.685
        Where the loss becomes constant; must be positive.

    Returns
    -------
    float or numpy.ndarray
        The loss; one value per output for ``multioutput='raw_values'``.

    {raises}

    Examples
    --------
    >>> from msebook import tukey_biweight
    >>> tukey_biweight([0, 0, 0], [0.5, 1, 30], c=2.0)  # the third term is c**2 / 6
    0.3898111979166667
    >>> # half the squared error for a small one
    >>> round(tukey_biweight([0], [1e-4]) / 1e-8, 6)
    0.5
    """
    c = check_scalar(c, "c", low=0, low_open=True)
    return _mean_loss(
        y_true, y_pred, sample_weight, multioutput, nan_policy, tukey_biweight_loss(c)
    )


def _r2_sums(y_true, y_pred, sample_weight, multioutput, nan_policy, function_name):
    """Check the inputs of r2 or nmse and return their statistics, ``multioutput``
    and ``nan_outputs``.
    """
    y_true, y_pred, weights, multioutput, nan_outputs = check_regression_inputs(
        y_true, y_pred, sample_weight, multioutput, nan_policy, R2_MODES
    )
    if len(y_true) < 2:
        raise ValueError(
            f"{function_name} needs at least 2 samples (it compares with their "
            "mean), got 1"
        )
    sums = R2Sums.of(y_true, y_pred, weights)
    numerator, denominator = sums.numerator_denominator()
    confirm_finite(numerator, y_true, y_pred)
    confirm_finite(denominator, y_true, y_pred)
    return sums, multioutput, nan_outputs


@_document
def r2(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
    force_finite=True,
):
    r"""Coefficient of determination,
    :math:`R^2 = 1 - \sum_i w_i (y_i - \hat y_i)^2 / \sum_i w_i (y_i - \bar y)^2`.

    The same as scikit-learn's ``r2_score``. For a constant target the
    denominator is 0: with ``force_finite=True`` perfect predictions score 1 and
    others 0; with ``force_finite=False`` they give nan and -inf. The spread of
    the targets is accumulated about their mean (block by block, combined with
    Chan's update), so a large offset in the targets costs no precision.

    Parameters
    ----------
    {parameters}
        For r2, multioutput may also be 'variance_weighted': the outputs'
        scores are weighted by the spread of their targets.
    {nan_policy}
    force_finite : bool, default True
        Replace the nan and -inf of a constant target by 1 and 0.

    Returns
    -------
    float or numpy.ndarray
        The score, at most 1; one value per output for ``multioutput='raw_values'``.

    {raises}
        Also if there are fewer than 2 samples (scikit-learn warns and returns nan).

    See Also
    --------
    nmse : the ratio itself, :math:`1 - R^2`.

    Examples
    --------
    >>> from msebook import r2
    >>> round(r2([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 6)
    0.948608
    >>> r2([-2, -2, -2], [-2, -2, -2])
    1.0
    >>> r2([-2, -2, -2], [-2, -2, -2], force_finite=False)
    nan
    """
    force_finite = check_flag(force_finite, "force_finite")
    sums, multioutput, nan_outputs = _r2_sums(
        y_true, y_pred, sample_weight, multioutput, nan_policy, "r2"
    )
    return r2_from_sums(sums, multioutput, nan_outputs, force_finite)


@_document
def nmse(
    y_true,
    y_pred,
    *,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
):
    r"""Normalised mean squared error,
    :math:`\sum_i w_i (y_i - \hat y_i)^2 / \sum_i w_i (y_i - \bar y)^2`.

    The MSE divided by that of always predicting the weighted mean, so
    ``nmse = 1 - r2`` wherever both are finite. For a constant target it is inf
    (or nan for perfect predictions).

    Parameters
    ----------
    {parameters}
        As for :func:`r2`, multioutput may also be 'variance_weighted'.
    {nan_policy}

    Returns
    -------
    float or numpy.ndarray
        The ratio, 0 for perfect predictions and 1 for predicting the mean; one
        value per output for ``multioutput='raw_values'``.

    {raises}
        Also if there are fewer than 2 samples.

    Examples
    --------
    >>> from msebook import nmse
    >>> round(nmse([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 6)
    0.051392
    """
    sums, multioutput, nan_outputs = _r2_sums(
        y_true, y_pred, sample_weight, multioutput, nan_policy, "nmse"
    )
    return nmse_from_sums(sums, multioutput, nan_outputs)
