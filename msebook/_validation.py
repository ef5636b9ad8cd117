"""One place that checks and converts the inputs of every metric.

Each check raises a ``TypeError`` (wrong kind of value) or a ``ValueError``
(right kind, wrong content) whose message names the offending argument, so a
caller never sees a silent wrong number or a traceback from deep inside numpy.
"""
import numbers

import numpy as np

MULTIOUTPUT_MODES = ("raw_values", "uniform_average")


def as_real_array(value, name):
    """Return ``value`` as a finite float64 array with 1 or 2 dimensions and at least one sample.

    >>> as_real_array([1, 2, 3], "y_true")
    array([1., 2., 3.])
    >>> as_real_array([[1, 2], [3]], "y_pred")
    Traceback (most recent call last):
    ...
    ValueError: y_pred is ragged: its rows have different lengths
    """
    if value is None:
        raise TypeError(f"{name} must be an array of real numbers, got None")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got the string {value!r}")
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} is ragged: its rows have different lengths") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values")
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got values of dtype {array.dtype}")
    if array.ndim == 0:
        raise ValueError(f"{name} must be a 1-D or 2-D array, got a scalar")
    if array.ndim > 2:
        raise ValueError(f"{name} must be a 1-D or 2-D array, got {array.ndim} dimensions {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); it needs at least one value")
    array = array.astype(np.float64, copy=False)
    finite = np.isfinite(array)
    if not finite.all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        where = index[0] if array.ndim == 1 else index
        raise ValueError(f"{name} contains {array[index]} at index {where}; every value must be finite")
    return array


def check_targets(y_true, y_pred):
    """Return ``y_true`` and ``y_pred`` as float64 arrays of shape (n_samples, n_outputs).

    A 1-D input is one output; the two arrays must agree in both dimensions.

    >>> y_true, y_pred = check_targets([1, 2], [[1.5], [2.5]])
    >>> y_true.shape, y_pred.shape
    ((2, 1), (2, 1))
    """
    y_true = as_real_array(y_true, "y_true")
    y_pred = as_real_array(y_pred, "y_pred")
    y_true = y_true.reshape(len(y_true), -1)
    y_pred = y_pred.reshape(len(y_pred), -1)
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"y_true and y_pred must have the same number of samples, got {y_true.shape[0]} and {y_pred.shape[0]}"
        )
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError(
            f"y_true and y_pred must have the same number of outputs, got {y_true.shape[1]} and {y_pred.shape[1]}"
        )
    return y_true, y_pred


def check_weights(weights, length, name):
    """Return non-negative finite float64 ``weights`` of the given length that do not all vanish.

    >>> check_weights([1, 0, 2], 3, "sample_weight")
    array([1., 0., 2.])
    >>> check_weights([1, -1, 2], 3, "sample_weight")
    Traceback (most recent call last):
    ...
    ValueError: sample_weight must be non-negative, got -1.0 at index 1
    """
    weights = as_real_array(weights, name)
    if weights.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {weights.shape}")
    if len(weights) != length:
        raise ValueError(f"{name} must have length {length}, got {len(weights)}")
    if (weights < 0).any():
        index = int(np.argmax(weights < 0))
        raise ValueError(f"{name} must be non-negative, got {weights[index]} at index {index}")
    if not weights.any():
        raise ValueError(f"{name} must not be all zero: the weighted mean would be undefined")
    return weights


def check_multioutput(multioutput, n_outputs):
    """Return ``multioutput`` as one of ``MULTIOUTPUT_MODES`` or as an array of ``n_outputs`` weights.

    >>> check_multioutput("raw_values", 2)
    'raw_values'
    >>> check_multioutput("mean", 2)
    Traceback (most recent call last):
    ...
    ValueError: multioutput must be 'raw_values', 'uniform_average' or an array of 2 weights, got 'mean'
    """
    if isinstance(multioutput, str):
        if multioutput not in MULTIOUTPUT_MODES:
            raise ValueError(
                f"multioutput must be 'raw_values', 'uniform_average' or an array of {n_outputs} weights, "
                f"got {multioutput!r}"
            )
        return multioutput
    if multioutput is None or isinstance(multioutput, numbers.Number):
        raise TypeError(
            f"multioutput must be 'raw_values', 'uniform_average' or an array of {n_outputs} weights, "
            f"got {multioutput!r}"
        )
    return check_weights(multioutput, n_outputs, "multioutput")


def check_regression_inputs(y_true, y_pred, sample_weight, multioutput):
    """Check all the arguments a regression metric takes, in one call.

    Returns ``(y_true, y_pred, sample_weight, multioutput)``: the targets as
    float64 arrays of shape (n_samples, n_outputs), the weights as a float64
    array or None, and ``multioutput`` as a mode name or an array of weights.
    """
    y_true, y_pred = check_targets(y_true, y_pred)
    n_samples, n_outputs = y_true.shape
    if sample_weight is not None:
        sample_weight = check_weights(sample_weight, n_samples, "sample_weight")
    multioutput = check_multioutput(multioutput, n_outputs)
    return y_true, y_pred, sample_weight, multioutput
