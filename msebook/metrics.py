"""Point metrics for regression: the error of a prediction, summarised as one number.

Every metric takes ``(y_true, y_pred, *, sample_weight=None,
multioutput='uniform_average')`` with scikit-learn's meaning, computes in float64
whatever the input dtype, and returns a Python float (or, for
``multioutput='raw_values'``, a numpy array with one value per output).
"""
import numpy as np

from ._validation import check_regression_inputs


def _weighted_column_means(values, sample_weight):
    """Mean of each column of ``values``, weighted by ``sample_weight`` when it is given."""
    if sample_weight is None:
        return values.mean(axis=0)
    return sample_weight @ values / sample_weight.sum()


def _combine_outputs(per_output, multioutput):
    """Reduce one value per output to what ``multioutput`` asks for."""
    if isinstance(multioutput, str):
        return per_output if multioutput == "raw_values" else float(per_output.mean())
    return float(per_output @ multioutput / multioutput.sum())


def mse(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    r"""Mean squared error, :math:`\frac{1}{n}\sum_i (y_i - \hat y_i)^2`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values: real numbers (bool, int or float), all finite.
    y_pred : array-like of the same shape as y_true
        Predicted values.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights, not all zero; the mean becomes
        :math:`\sum_i w_i e_i^2 / \sum_i w_i`.
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine several outputs: their plain mean, one value per output,
        or a mean weighted by the given non-negative weights.

    Returns
    -------
    float or numpy.ndarray
        The error in the squared units of the target; an array of one value per
        output when ``multioutput='raw_values'``.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers (None, strings, complex, objects).
    ValueError
        If an argument has the wrong shape or length, is empty, contains NaN or
        infinity, or if the weights are negative or all zero.

    See Also
    --------
    rmse : the square root, in the target's own units.
    mae : the mean absolute error, less sensitive to outliers.

    Examples
    --------
    >>> from msebook import mse
    >>> mse([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.375
    >>> mse([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], multioutput="raw_values")
    array([0.41666667, 1.        ])
    >>> mse([1, 2, 3], [1, 2, 5], sample_weight=[1, 1, 2])
    2.0
    """
    y_true, y_pred, sample_weight, multioutput = check_regression_inputs(y_true, y_pred, sample_weight, multioutput)
    return _combine_outputs(_weighted_column_means((y_true - y_pred) ** 2, sample_weight), multioutput)


def rmse(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    r"""Root mean squared error, :math:`\sqrt{\mathrm{MSE}}`, in the units of the target.

    With several outputs the root is taken per output and the roots are then
    combined, as scikit-learn's ``root_mean_squared_error`` does; this is not the
    root of the combined MSE.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values: real numbers (bool, int or float), all finite.
    y_pred : array-like of the same shape as y_true
        Predicted values.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights, not all zero.
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine the per-output RMSEs.

    Returns
    -------
    float or numpy.ndarray
        The error in the units of the target; one value per output for
        ``multioutput='raw_values'``.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers.
    ValueError
        If an argument has the wrong shape or content (see :func:`mse`).

    See Also
    --------
    mse : the same error before the square root.

    Examples
    --------
    >>> from msebook import rmse
    >>> round(rmse([250, 300, 180, 420, 350], [240, 310, 200, 400, 360]), 4)
    14.8324
    >>> rmse([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], multioutput="raw_values")
    array([0.64549722, 1.        ])
    >>> rmse([1e200], [-1e200])  # no overflow while the answer is representable
    2e+200
    """
    y_true, y_pred, sample_weight, multioutput = check_regression_inputs(y_true, y_pred, sample_weight, multioutput)
    with np.errstate(over="ignore"):  # a difference too large for float64 makes that output's RMSE inf
        errors = y_true - y_pred
    # Dividing by the largest error before squaring keeps the squares from underflowing
    # (errors of 1e-200) or overflowing (errors of 1e200) while the RMSE itself is representable.
    scale = np.abs(errors).max(axis=0)
    usable = np.where((scale > 0) & np.isfinite(scale), scale, 1.0)
    root_mean_square = usable * np.sqrt(_weighted_column_means((errors / usable) ** 2, sample_weight))
    return _combine_outputs(np.where(np.isfinite(scale), root_mean_square, np.inf), multioutput)


def mae(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    r"""Mean absolute error, :math:`\frac{1}{n}\sum_i |y_i - \hat y_i|`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Observed values: real numbers (bool, int or float), all finite.
    y_pred : array-like of the same shape as y_true
        Predicted values.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights, not all zero.
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine several outputs.

    Returns
    -------
    float or numpy.ndarray
        The error in the units of the target; one value per output for
        ``multioutput='raw_values'``.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers.
    ValueError
        If an argument has the wrong shape or content (see :func:`mse`).

    See Also
    --------
    mse : squares the errors, so large errors weigh more.

    Examples
    --------
    >>> from msebook import mae
    >>> mae([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])
    0.5
    >>> mae([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], multioutput=[0.3, 0.7])
    0.85
    """
    y_true, y_pred, sample_weight, multioutput = check_regression_inputs(y_true, y_pred, sample_weight, multioutput)
    per_output = _weighted_column_means(np.abs(y_true - y_pred), sample_weight)
    return _combine_outputs(per_output, multioutput)
