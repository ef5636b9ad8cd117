"""One place that checks and converts the inputs of every metric.

Each check raises a ``TypeError`` (wrong kind of value) or a ``ValueError``
(right kind, wrong content) whose message names the offending argument, so a
caller never sees a silent wrong number or a traceback from deep inside numpy.
"""

import math
import numbers

import numpy as np

from ._blocks import blocks
from ._scale import scale_of

MULTIOUTPUT_MODES = ("raw_values", "uniform_average")
NAN_POLICIES = ("raise", "omit", "propagate")


def as_real_array(value, name, *, finite=True):
    """Return ``value`` as an array of real numbers with 1 or 2 dimensions and at least one sample.

    The array is float64 and checked to be finite, unless ``finite=False``: then
    it keeps its dtype (bool, int or float) and its values are not looked at.

    >>> as_real_array([1, 2, 3], "y_true")
    array([1., 2., 3.])
    >>> as_real_array([[1, 2], [3]], "y_pred")
    Traceback (most recent call last):
    ...
    ValueError: y_pred is ragged: its rows have different lengths
    """
    array = _real_numbers(value, name, "an array of real numbers")
    if not 0 < array.ndim < 3:
        if array.ndim == 0:
            raise ValueError(f"{name} must be a 1-D or 2-D array, got a scalar")
        raise ValueError(
            f"{name} must be a 1-D or 2-D array, got {array.ndim} dimensions {array.shape}"
        )
    if array.size == 0:
        raise ValueError(
            f"{name} is empty (shape {array.shape}); it needs at least one value"
        )
    if not finite:
        return array
    array = array.astype(np.float64, copy=False)
    require_finite(array, name)
    return array


def _real_numbers(value, name, expected):
    """``np.asarray(value)`` if it holds real numbers (bool, int or float), else an error naming ``name``.

    ``expected`` completes the message "{name} must be ..." for None or a string.
    """
    if value is None:
        raise TypeError(f"{name} must be {expected}, got None")
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError(f"{name} must be {expected}, got the string {value!r}")
    if isinstance(value, np.ma.MaskedArray) and np.ma.getmaskarray(value).any():
        raise ValueError(
            f"{name} is a masked array with masked values, and msebook does not read masks; "
            f"pass {name}.filled(np.nan) with nan_policy='omit', or leave the masked values out"
        )
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} is ragged: its rows have different lengths") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values")
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold real numbers, got values of dtype {array.dtype}"
        )
    return array


def require_finite(array, name):
    """Raise a ``ValueError`` naming the first NaN or infinite value of ``array``, read block by block.

    >>> require_finite(np.array([[1.0, 2.0], [3.0, np.inf]]), "y_pred")
    Traceback (most recent call last):
    ...
    ValueError: y_pred contains inf at index (1, 1); every value must be finite
    """
    if array.dtype.kind != "f":
        return
    rows = array.reshape(len(array), -1)
    for start, stop in blocks(*rows.shape):
        finite = np.isfinite(rows[start:stop])
        if not finite.all():
            row, column = (int(i) for i in np.argwhere(~finite)[0])
            where = start + row if rows.shape[1] == 1 else (start + row, column)
            value = rows[start + row, column]
            raise ValueError(
                f"{name} contains {value} at index {where}; every value must be finite"
            )


def check_targets(y_true, y_pred, *, finite=True):
    """Return ``y_true`` and ``y_pred`` as arrays of shape (n_samples, n_outputs).

    A 1-D input is one output; the two arrays must agree in both dimensions. They
    are float64 and finite, or, with ``finite=False``, unchecked in their own dtype.

    >>> y_true, y_pred = check_targets([1, 2], [[1.5], [2.5]])
    >>> y_true.shape, y_pred.shape
    ((2, 1), (2, 1))
    """
    y_true = as_real_array(y_true, "y_true", finite=finite)
    y_pred = as_real_array(y_pred, "y_pred", finite=finite)
    if y_true.ndim == 1:
        y_true = y_true[:, None]
    if y_pred.ndim == 1:
        y_pred = y_pred[:, None]
    if not finite:
        y_true, y_pred = widen(y_true, y_pred)
    if y_true.shape != y_pred.shape:
        if y_true.shape[0] != y_pred.shape[0]:
            raise ValueError(
                f"y_true and y_pred must have the same number of samples, got {y_true.shape[0]} and {y_pred.shape[0]}"
            )
        raise ValueError(
            f"y_true and y_pred must have the same number of outputs, got {y_true.shape[1]} and {y_pred.shape[1]}"
        )
    return y_true, y_pred


_LONG = np.dtype(np.longdouble)
_LONG_HOLDS_INT64 = np.finfo(np.longdouble).nmant >= 63
_EXACT_IN_FLOAT64 = 2**53


def widen(y_true, y_pred):
    """Both arrays as long double if float64 would lose their differences, else unchanged.

    That is when either holds 64-bit integers beyond 2**53 in magnitude (float64
    would round each value before subtracting: ``2**62 + 1`` and ``2**62`` would
    not differ) or is itself long double. On a platform whose long double is
    float64, such integers are refused instead.

    >>> widen(np.array([2**62 + 1]), np.array([2**62]))[0].dtype == np.longdouble
    True
    >>> widen(np.array([1, 2]), np.array([1.5, 2.5]))[0].dtype
    dtype('int64')
    """
    wide = [_loses_digits(array) for array in (y_true, y_pred)]
    if not any(wide):
        return y_true, y_pred
    if not _LONG_HOLDS_INT64 and y_true.dtype != _LONG and y_pred.dtype != _LONG:
        name = "y_true" if wide[0] else "y_pred"
        raise ValueError(
            f"{name} holds integers beyond 2**53, which this platform's float64 and long double cannot "
            "subtract exactly; subtract a common offset first"
        )
    return y_true.astype(_LONG), y_pred.astype(_LONG)


def _loses_digits(array):
    if array.dtype.kind == "f":
        return array.dtype == _LONG
    if array.dtype.kind in "iu" and array.dtype.itemsize == 8:
        return (
            int(array.max()) > _EXACT_IN_FLOAT64
            or int(array.min()) < -_EXACT_IN_FLOAT64
        )
    return False


def normalise_weights(weights):
    """``(weights / factor, factor)`` with ``factor`` a power of two bringing extreme weights near 1.

    Weights of ordinary size are left as they are (``factor`` 1). Otherwise
    dividing by a power of two is exact, so weighted means are unchanged
    while their sums can no longer overflow or underflow.

    >>> normalise_weights(np.array([1e308, 1e308]))[0]
    array([1.11253693, 1.11253693])
    """
    if weights is None:
        return None, 1.0
    factor = scale_of(weights)
    return (weights, factor) if factor == 1.0 else (weights / factor, factor)


def check_weights(weights, length, name, *, allow_all_zero=False):
    """Return non-negative finite float64 ``weights`` of the given length that do not all vanish.

    With ``allow_all_zero=True`` they may all be zero (a batch that adds nothing).

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
        raise ValueError(
            f"{name} must be non-negative, got {weights[index]} at index {index}"
        )
    if not allow_all_zero and not weights.any():
        raise ValueError(
            f"{name} must not be all zero: the weighted mean would be undefined"
        )
    return weights


def check_multioutput(multioutput, n_outputs, modes=MULTIOUTPUT_MODES):
    """Return ``multioutput`` as one of ``modes`` or as an array of ``n_outputs`` weights.

    >>> check_multioutput("raw_values", 2)
    'raw_values'
    >>> check_multioutput("mean", 2)
    Traceback (most recent call last):
    ...
    ValueError: multioutput must be 'raw_values', 'uniform_average' or an array of 2 weights, got 'mean'
    """
    if isinstance(multioutput, str):
        if multioutput in modes:
            return multioutput
        error = ValueError
    elif multioutput is None or isinstance(multioutput, numbers.Number):
        error = TypeError
    else:
        return check_weights(multioutput, n_outputs, "multioutput")
    names = ", ".join(repr(mode) for mode in modes)
    raise error(
        f"multioutput must be {names} or an array of {n_outputs} weights, got {multioutput!r}"
    )


def check_nan_policy(nan_policy):
    """Return ``nan_policy`` if it is one of ``NAN_POLICIES``.

    >>> check_nan_policy("ignore")
    Traceback (most recent call last):
    ...
    ValueError: nan_policy must be 'raise', 'omit' or 'propagate', got 'ignore'
    """
    if not isinstance(nan_policy, str) or nan_policy not in NAN_POLICIES:
        raise ValueError(
            f"nan_policy must be 'raise', 'omit' or 'propagate', got {nan_policy!r}"
        )
    return nan_policy


def apply_nan_policy(y_true, y_pred, weights, nan_policy, allow_empty=False):
    """Handle the NaN values of ``y_true`` and ``y_pred`` as ``nan_policy`` says.

    Returns ``(y_true, y_pred, weights, nan_outputs)``. With 'raise' nothing is
    looked at here (the metric checks its result and, if that is not finite,
    the inputs). Otherwise infinite values raise, NaN values are replaced by 0
    and either get weight 0 ('omit': the weights become one column per output)
    or mark their output in the boolean array ``nan_outputs`` ('propagate').
    """
    if nan_policy == "raise" or (y_true.dtype.kind != "f" and y_pred.dtype.kind != "f"):
        return y_true, y_pred, weights, None
    missing = np.isnan(y_true) | np.isnan(y_pred)
    for array, name in ((y_true, "y_true"), (y_pred, "y_pred")):
        if np.isinf(array).any():
            index = tuple(int(i) for i in np.argwhere(np.isinf(array))[0])
            where = index[0] if array.shape[1] == 1 else index
            raise ValueError(
                f"{name} contains {array[index]} at index {where}; nan_policy={nan_policy!r} "
                "handles NaN only, infinite values are always an error"
            )
    if not missing.any():
        return y_true, y_pred, weights, None
    y_true, y_pred = np.where(missing, 0.0, y_true), np.where(missing, 0.0, y_pred)
    if nan_policy == "propagate":
        return y_true, y_pred, weights, missing.any(axis=0)
    weights = (1.0 if weights is None else weights[:, None]) * ~missing
    empty = ~weights.any(axis=0)
    if empty.any() and not allow_empty:
        output = int(np.argmax(empty))
        raise ValueError(
            f"nothing is left of output {output} after nan_policy='omit': every pair, or every weight, is NaN or 0"
        )
    return y_true, y_pred, weights, None


def check_regression_inputs(
    y_true,
    y_pred,
    sample_weight,
    multioutput,
    nan_policy="raise",
    modes=MULTIOUTPUT_MODES,
    *,
    streaming=False,
):
    """Check all the arguments a regression metric takes, in one call.

    Returns ``(y_true, y_pred, weights, multioutput, nan_outputs)``: the targets
    as arrays of shape (n_samples, n_outputs) in their own dtype, the weights as
    None or a float64 array (one column per output after NaN pairs were
    omitted), ``multioutput`` as a mode name or an array of weights, and the
    outputs that hold NaN under ``nan_policy='propagate'`` (else None). Under
    'raise' the values are not yet known to be finite: see :func:`confirm_finite`.
    A batch of a streaming metric (``streaming=True``) may have weights that are
    all zero, or nothing left after omitting NaN.
    """
    y_true, y_pred = check_targets(y_true, y_pred, finite=False)
    n_samples, n_outputs = y_true.shape
    if sample_weight is not None:
        sample_weight = check_weights(
            sample_weight, n_samples, "sample_weight", allow_all_zero=streaming
        )
        if (
            not streaming
        ):  # a batch's weighted means do not change; sse multiplies the factor back
            sample_weight = normalise_weights(sample_weight)[0]
    multioutput = check_multioutput(multioutput, n_outputs, modes)
    if nan_policy == "raise":
        return y_true, y_pred, sample_weight, multioutput, None
    check_nan_policy(nan_policy)
    y_true, y_pred, weights, nan_outputs = apply_nan_policy(
        y_true, y_pred, sample_weight, nan_policy, streaming
    )
    return y_true, y_pred, weights, multioutput, nan_outputs


_FLOAT64 = np.dtype(np.float64)


def is_plain(y_true, y_pred, sample_weight, multioutput, nan_policy, longest):
    """Whether a metric's arguments are the simple common case that needs no conversion.

    That is: two 1-D float64 numpy arrays of the same length, between 1 and
    ``longest``, no weights, ``multioutput='uniform_average'`` and a valid
    ``nan_policy``. Such arguments are valid whatever their values, except for
    NaN and infinity, which the metric finds from its result as usual.

    >>> is_plain(np.ones(3), np.zeros(3), None, "uniform_average", "raise", 256)
    True
    >>> is_plain([1.0, 2.0], np.zeros(2), None, "uniform_average", "raise", 256)
    False
    """
    return (
        sample_weight is None
        and type(y_true) is np.ndarray
        and type(y_pred) is np.ndarray
        and y_true.dtype is _FLOAT64
        and y_pred.dtype is _FLOAT64
        and y_true.ndim == 1
        and y_true.shape == y_pred.shape
        and 0 < len(y_true) <= longest
        and isinstance(multioutput, str)
        and multioutput == "uniform_average"
        and isinstance(nan_policy, str)
        and nan_policy in NAN_POLICIES
    )


def _all_finite(values):
    """Whether every value of the small 1-D array ``values`` is finite."""
    return all(-math.inf < value < math.inf for value in values.tolist())


def confirm_finite(values, y_true, y_pred):
    """Check the inputs when a metric's per-output ``values`` are not all finite.

    Raises the ``ValueError`` of :func:`require_finite` if an input holds NaN or
    infinity; returns quietly if they are finite (the values overflowed).
    """
    if not _all_finite(values):
        require_finite(y_true, "y_true")
        require_finite(y_pred, "y_pred")


# --- Image inputs (psnr, ssim in msebook.images) -----------------------------
# Images keep their dtype (it sets the default data range) and may have any
# number of dimensions, so they get their own checks rather than as_real_array.


def as_image(value, name):
    """Return ``value`` as a non-empty numpy array of finite real numbers, keeping its dtype.

    >>> as_image([[0, 255]], "im1").dtype
    dtype('int64')
    >>> as_image([[0.0, float("nan")]], "im2")
    Traceback (most recent call last):
    ...
    ValueError: im2 contains nan at index (0, 1); every value must be finite
    """
    image = _real_numbers(value, name, "an image (an array of real numbers)")
    if image.ndim == 0:
        raise ValueError(
            f"{name} must be an image with at least one dimension, got a scalar"
        )
    if image.size == 0:
        raise ValueError(
            f"{name} is empty (shape {image.shape}); it needs at least one pixel"
        )
    if image.dtype.kind == "f":
        finite = np.isfinite(image)
        if not finite.all():
            index = tuple(int(i) for i in np.argwhere(~finite)[0])
            raise ValueError(
                f"{name} contains {image[index]} at index {index}; every value must be finite"
            )
    return image


def check_same_shape(image1, image2, name1, name2):
    """Raise a ``ValueError`` unless the two images have the same shape.

    >>> check_same_shape(np.zeros((2, 3)), np.zeros((3, 2)), "im1", "im2")
    Traceback (most recent call last):
    ...
    ValueError: im1 and im2 must have the same shape, got (2, 3) and (3, 2)
    """
    if image1.shape != image2.shape:
        raise ValueError(
            f"{name1} and {name2} must have the same shape, got {image1.shape} and {image2.shape}"
        )


def check_scalar(
    value, name, *, integer=False, low=None, high=None, low_open=False, high_open=False
):
    """Return the number ``value`` as a Python float (or int) within its bounds, or raise naming ``name``.

    The one checker of every scalar option: a ``TypeError`` if ``value`` is not a
    real number (an integer with ``integer=True``; bools are neither), a
    ``ValueError`` if it is NaN, infinite, too large for a float, or outside
    ``[low, high]`` (``low_open``/``high_open`` exclude a bound).

    >>> check_scalar(255, "data_range", low=0, low_open=True)
    255.0
    >>> check_scalar(0, "delta", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: delta must be positive, got 0
    >>> check_scalar(1.5, "alpha", low=0, high=1, low_open=True, high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be strictly between 0 and 1, got 1.5
    >>> check_scalar(2.5, "steps", integer=True, low=0)
    Traceback (most recent call last):
    ...
    TypeError: steps must be an integer, got float
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, numbers.Integral if integer else numbers.Real
    ):
        if integer:
            raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if integer:
        number = int(value)
    else:
        try:
            number = float(value)
        except OverflowError:
            got = (
                f"an integer of {len(str(abs(int(value))))} digits"
                if isinstance(value, numbers.Integral)
                else repr(value)
            )
            raise ValueError(
                f"{name} must be finite and fit in a float64, got {got}"
            ) from None
        if not math.isfinite(number):
            raise ValueError(f"{name} must be finite, got {value!r}")
    below = low is not None and (number <= low if low_open else number < low)
    above = high is not None and (number >= high if high_open else number > high)
    if below or above:
        raise ValueError(
            f"{name} must be {_bounds(low, high, low_open, high_open, integer)}, got {value!r}"
        )
    return number


def _bounds(low, high, low_open, high_open, integer):
    """The words for an interval in the messages of :func:`check_scalar`."""
    if high is None:
        if low == 0 and not integer:
            return "positive" if low_open else "non-negative"
        return f"greater than {low}" if low_open else f"at least {low}"
    if low is None:
        return f"less than {high}" if high_open else f"at most {high}"
    if low_open and high_open:
        return f"strictly between {low} and {high}"
    return f"in {'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"


def check_flag(value, name):
    """Return ``value`` as a Python bool; only True and False (Python or numpy) are accepted.

    >>> check_flag(np.True_, "full")
    True
    >>> check_flag(1, "full")
    Traceback (most recent call last):
    ...
    TypeError: full must be True or False, got 1
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)
