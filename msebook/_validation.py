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
    """Return ``value`` as an array of real numbers with 1 or 2 dimensions and at least
    one sample.

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
            f"{name} must be a 1-D or 2-D array, got {array.ndim} dimensions "
            f"{array.shape}"
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
    """``np.asarray(value)`` if it holds real numbers (bool, int or float), else an
    error naming ``name``.

    ``expected`` completes the message "{name} must be ..." for None or a string.
    """
    if type(value) is np.ndarray:  # the common case, quickly
        if value.dtype.kind in "biuf":
            return value
    elif value is None:
        raise TypeError(f"{name} must be {expected}, got None")
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError(f"{name} must be {expected}, got the string {value!r}")
    refuse_masks(value, name)
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} is ragged: its rows have different lengths") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values")
    if (
        array.dtype.kind == "O"
        and array.size
        and all(_is_integer(v) for v in array.flat)
        and any(not -(2**63) <= v < 2**64 for v in array.flat)
    ):
        raise TypeError(
            f"{name} holds integers beyond the 64-bit range, which numpy keeps as "
            "Python objects; subtract a common offset first, or convert them to "
            "float (rounding each to 16 digits)"
        )
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold real numbers, got values of dtype {array.dtype}"
        )
    return array


def _is_integer(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def as_real_numbers(value, name, expected="a number or an array of numbers"):
    """``value`` as an array of real numbers of any shape (a number is 0-d).

    The checks of :func:`as_real_array` on the kind of values (None, strings,
    masks, ragged rows, complex or non-numeric values are refused, naming
    ``name``), without those on the shape; the dtype is kept.

    >>> as_real_numbers(49, "degrees")
    array(49)
    """
    return _real_numbers(value, name, expected)


def refuse_masks(value, name):
    """Raise a ``ValueError`` if ``value`` is a masked array with masked values.

    numpy drops the mask on conversion; the masked values would silently count.
    """
    if isinstance(value, np.ma.MaskedArray) and np.ma.getmaskarray(value).any():
        raise ValueError(
            f"{name} is a masked array with masked values, and msebook does not read "
            f"masks; pass {name}.filled(np.nan) with nan_policy='omit', or leave the "
            "masked values out"
        )


def first_bad(mask, *, offset=0):
    """The first True of the boolean array ``mask`` as ``(index, where)``.

    ``index`` is the tuple of ints that picks the value out of the array;
    ``where`` is what a message shows: the row alone for an array of one
    column (a 1-D input), else ``index``. ``offset`` is added to the row (a
    block that starts further down).

    >>> first_bad(np.array([[False], [True]]))
    ((1, 0), 1)
    >>> first_bad(np.array([[False, False], [False, True]]), offset=10)
    ((11, 1), (11, 1))
    """
    index = tuple(int(i) for i in np.argwhere(mask)[0])
    index = (index[0] + offset, *index[1:])
    where = index[0] if mask.ndim == 2 and mask.shape[1] == 1 else index
    return index, where


def require_finite(array, name):
    """Raise a ``ValueError`` naming the first NaN or infinite value of ``array``, read
    block by block.

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
            index, where = first_bad(~finite, offset=start)
            raise ValueError(
                f"{name} contains {rows[index]} at index {where}; every value must be "
                "finite"
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
                "y_true and y_pred must have the same number of samples, got "
                f"{y_true.shape[0]} and {y_pred.shape[0]}"
            )
        raise ValueError(
            "y_true and y_pred must have the same number of outputs, got "
            f"{y_true.shape[1]} and {y_pred.shape[1]}"
        )
    return y_true, y_pred


_LONG = np.dtype(np.longdouble)
_LONG_HOLDS_INT64 = np.finfo(np.longdouble).nmant >= 63
_EXACT_IN_FLOAT64 = 2**53


def widen(y_true, y_pred):
    """Both arrays as long double if float64 would lose their differences, else
    unchanged.

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
            f"{name} holds integers beyond 2**53, which this platform's float64 and "
            "long double cannot subtract exactly; subtract a common offset first"
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
    """``(weights / factor, factor)`` with ``factor`` a power of two bringing extreme
    weights near 1.

    Weights of ordinary size are left as they are (``factor`` 1). Otherwise
    dividing by a power of two is exact, so weighted means are unchanged
    while their sums can no longer overflow or underflow.

    >>> normalise_weights(np.array([1e308, 1e308]))[0]
    array([1.11253693, 1.11253693])
    """
    if weights is None:
        return None, 1.0
    return _normalised(weights, scale_of(weights))


def _normalised(weights, factor):
    return (weights, factor) if factor == 1.0 else (weights / factor, factor)


def check_weights(weights, length, name, *, allow_all_zero=False):
    """Return non-negative finite float64 ``weights`` of the given length that do not
    all vanish.

    With ``allow_all_zero=True`` they may all be zero (a batch that adds nothing).

    >>> check_weights([1, 0, 2], 3, "sample_weight")
    array([1., 0., 2.])
    >>> check_weights([1, -1, 2], 3, "sample_weight")
    Traceback (most recent call last):
    ...
    ValueError: sample_weight must be non-negative, got -1.0 at index 1
    """
    return _checked_weights(weights, length, name, allow_all_zero)[0]


def _checked_weights(weights, length, name, allow_all_zero):
    """:func:`check_weights`, and the largest weight."""
    weights = as_real_array(weights, name, finite=False)
    if weights.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {weights.shape}")
    if len(weights) != length:
        raise ValueError(f"{name} must have length {length}, got {len(weights)}")
    weights = weights.astype(np.float64, copy=False)
    # two reductions find every bad value: NaN makes the least NaN, inf the largest
    low, high = float(np.minimum.reduce(weights)), float(np.maximum.reduce(weights))
    if not (-math.inf < low and high < math.inf):
        require_finite(weights, name)
    if low < 0:
        (index,), _ = first_bad(weights < 0)
        raise ValueError(
            f"{name} must be non-negative, got {weights[index]} at index {index}"
        )
    if not allow_all_zero and high == 0:
        raise ValueError(
            f"{name} must not be all zero: the weighted mean would be undefined"
        )
    return weights, high


def check_multioutput(multioutput, n_outputs, modes=MULTIOUTPUT_MODES):
    """Return ``multioutput`` as one of ``modes`` or as an array of ``n_outputs``
    weights.

    >>> check_multioutput("raw_values", 2)
    'raw_values'
    >>> check_multioutput("mean", 2)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    ValueError: multioutput must be 'raw_values', 'uniform_average' or an array of 2
    weights, got 'mean'
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
        f"multioutput must be {names} or an array of {n_outputs} weights, got "
        f"{multioutput!r}"
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


def refuse_infinite(array, name, nan_policy):
    """Under 'omit' or 'propagate', which handle NaN, an infinite value is still an
    error naming ``name``.
    """
    if np.isinf(array).any():
        index, where = first_bad(np.isinf(array))
        raise ValueError(
            f"{name} contains {array[index]} at index {where}; "
            f"nan_policy={nan_policy!r} handles NaN only, infinite values are "
            "always an error"
        )


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
    refuse_infinite(y_true, "y_true", nan_policy)
    refuse_infinite(y_pred, "y_pred", nan_policy)
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
            f"nothing is left of output {output} after nan_policy='omit': every pair, "
            "or every weight, is NaN or 0"
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
        sample_weight, largest = _checked_weights(
            sample_weight, n_samples, "sample_weight", streaming
        )
        if not streaming:
            # a batch's weighted means do not change; sse multiplies the factor back
            sample_weight = _normalised(sample_weight, scale_of(largest))[0]
    multioutput = check_multioutput(multioutput, n_outputs, modes)
    if check_nan_policy(nan_policy) == "raise":
        return y_true, y_pred, sample_weight, multioutput, None
    y_true, y_pred, weights, nan_outputs = apply_nan_policy(
        y_true, y_pred, sample_weight, nan_policy, streaming
    )
    return y_true, y_pred, weights, multioutput, nan_outputs


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
    """Return ``value`` as a non-empty numpy array of finite real numbers, keeping its
    dtype.

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
            index = first_bad(~finite)[0]
            raise ValueError(
                f"{name} contains {image[index]} at index {index}; every value must be "
                "finite"
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
            f"{name1} and {name2} must have the same shape, got {image1.shape} and "
            f"{image2.shape}"
        )


def check_scalar(
    value, name, *, integer=False, low=None, high=None, low_open=False, high_open=False
):
    """Return the number ``value`` as a Python float (or int) within its bounds, or
    raise naming ``name``.

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
            f"{name} must be {_bounds(low, high, low_open, high_open, integer)}, got "
            f"{value!r}"
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
    """Return ``value`` as a Python bool; only True and False (Python or numpy) are
    accepted.

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


# --- Class labels and probabilities (msebook.classification, BrierScore) ------
# Labels may be numbers or strings; probabilities are real numbers in [0, 1].
# The checks return one-hot targets and probabilities of the same shape, one
# column for a binary forecast (the positive class) or one per class.


def as_labels(value, name):
    """Return ``value`` as a non-empty 1-D array of class labels: real numbers or
    strings.

    >>> as_labels(["spam", "ham"], "y_true")
    array(['spam', 'ham'], dtype='<U4')
    >>> as_labels([[0, 1], [1, 0]], "y_true")
    Traceback (most recent call last):
    ...
    ValueError: y_true must hold one label per sample (1-D), got shape (2, 2)
    """
    refuse_masks(value, name)  # string labels do not pass through _real_numbers
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} is ragged: its rows have different lengths") from None
    strings = array.dtype.kind in "US" or (
        array.dtype.kind == "O"
        and array.size > 0
        and all(isinstance(v, str) for v in array.ravel().tolist())
    )
    if strings:
        array = array.astype(str)
        if array.ndim == 0:
            raise TypeError(
                f"{name} must be an array of labels, got the string {value!r}"
            )
    else:
        array = _real_numbers(value, name, "an array of labels (numbers or strings)")
        if array.ndim == 0:
            raise ValueError(f"{name} must be a 1-D array of labels, got a scalar")
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(
            f"{name} must hold one label per sample (1-D), got shape {array.shape}"
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty; it needs at least one label")
    return array


def _is_label(value):
    return isinstance(value, (str, numbers.Real, np.bool_))


def _same_kind(value, labels, name):
    """Raise a ``TypeError`` if ``value`` is a string and ``labels`` numbers, or the
    other way round.
    """
    if isinstance(value, str) != (labels.dtype.kind == "U"):
        kind = "strings" if labels.dtype.kind == "U" else "numbers"
        raise TypeError(
            f"{name} must be one of y_true's labels, which are {kind}, got {value!r}"
        )


def _names(values):
    return "[" + ", ".join(repr(v) for v in values.tolist()) + "]"


def _positive_label(pos_label, classes, infer_greatest):
    """The positive class of a binary ``y_true`` with the given ``classes``, as
    scikit-learn infers it.
    """
    if pos_label is not None:
        if not _is_label(pos_label):
            raise TypeError(
                f"pos_label must be a label (a number or a string), got {pos_label!r}"
            )
        _same_kind(pos_label, classes, "pos_label")
        if len(classes) == 2 and pos_label not in classes.tolist():
            raise ValueError(
                f"pos_label={pos_label!r} is not a label of y_true, whose labels are "
                f"{_names(classes)}"
            )
        return pos_label
    if classes.dtype.kind != "U":
        values = set(classes.tolist())
        if values <= {0, 1} or values <= {-1, 1}:
            return 1
        if infer_greatest:
            return classes[-1]
    raise ValueError(
        f"pos_label must be given: y_true's labels are {_names(classes)}, not 0 and 1 "
        "or -1 and 1"
    )


def _check_labels(labels, n_columns, y_true):
    """``labels`` as a sorted array of distinct labels of the kind of ``y_true``, one
    per column of y_prob.
    """
    labels = as_labels(labels, "labels")
    if (labels.dtype.kind == "U") != (y_true.dtype.kind == "U"):
        raise TypeError("labels and y_true must both hold numbers or both hold strings")
    if labels.dtype.kind == "f":
        require_finite(labels, "labels")
    unique = np.unique(labels)
    if len(unique) < len(labels):
        raise ValueError(f"labels must be distinct, got {_names(labels)}")
    if len(labels) < 2:
        raise ValueError(f"labels must name at least 2 classes, got {_names(labels)}")
    if not np.array_equal(unique, labels):
        raise ValueError(
            "labels must be sorted, as the columns of y_prob are: got "
            f"{_names(labels)}, pass {_names(unique)} and order the columns so"
        )
    if len(labels) != n_columns:
        raise ValueError(
            f"labels has {len(labels)} classes, but y_prob has {n_columns} columns"
        )
    return labels


def check_probabilistic_inputs(
    y_true, y_prob, sample_weight, pos_label, labels, nan_policy, *, streaming=False
):
    """Check the arguments of a probabilistic metric (the Brier score) in one call.

    Returns ``(targets, probabilities, weights, missing)``: float64 arrays of
    shape (n_samples, k) holding the outcomes as 0 or 1 and the forecast
    probabilities, k = 1 for a 1-D ``y_prob`` (the positive class) or the
    number of classes; the weights (None or float64 of shape (n_samples,),
    0 for samples left out under ``nan_policy='omit'``); and whether a sample
    holds NaN under 'propagate'. A batch of a streaming metric
    (``streaming=True``) may have nothing of positive weight, and is never
    left to infer which label is positive or which labels exist.

    >>> targets, probabilities, _, _ = check_probabilistic_inputs(
    ...     ["b", "a"], [0.2, 0.6], None, "a", None, "raise")
    >>> targets.ravel().tolist(), probabilities.ravel().tolist()
    ([0.0, 1.0], [0.2, 0.6])
    """
    check_nan_policy(nan_policy)
    y_true = as_labels(y_true, "y_true")
    y_prob = as_real_array(y_prob, "y_prob", finite=False)
    tolerance = _sum_tolerance(y_prob.dtype)
    y_prob = y_prob.astype(np.float64)
    if len(y_true) != len(y_prob):
        raise ValueError(
            "y_true and y_prob must have the same number of samples, "
            f"got {len(y_true)} and {len(y_prob)}"
        )
    if y_prob.ndim == 2 and y_prob.shape[1] == 1:
        y_prob = y_prob[:, 0]
    weights = None
    if sample_weight is not None:
        weights = check_weights(
            sample_weight, len(y_true), "sample_weight", allow_all_zero=streaming
        )
        if not streaming:
            weights = normalise_weights(weights)[0]
    missing = _missing(y_true, y_prob, nan_policy)
    present = ~missing
    probabilities = y_prob.reshape(len(y_prob), -1)
    _check_probabilities(probabilities, present, tolerance)
    observed = y_true[present]
    classes = np.unique(observed)
    if y_prob.ndim == 1:
        if labels is not None:
            raise ValueError(
                "labels is for 2-D y_prob (one column per class); "
                "with 1-D y_prob, name the positive class with pos_label"
            )
        if len(classes) > 2:
            raise ValueError(
                f"y_true has {len(classes)} classes, {_names(classes)}, but y_prob is "
                "1-D (the probability of one class); pass one column per class"
            )
        if len(classes) == 0:  # every sample omitted
            outcomes = np.zeros(len(y_true))
        else:
            positive = _positive_label(pos_label, classes, not streaming)
            outcomes = (y_true == positive).astype(np.float64)
        targets = outcomes[:, None]
    else:
        if pos_label is not None:
            raise ValueError(
                "pos_label is for 1-D y_prob; with 2-D y_prob the columns follow labels"
            )
        if labels is None:
            if streaming:
                raise ValueError(
                    "labels must be given for 2-D y_prob: one batch need not hold "
                    "every class"
                )
            if len(classes) < 2:
                raise ValueError(
                    f"y_true holds one class only, {_names(classes)}; pass every class "
                    "in labels"
                )
            if len(classes) != probabilities.shape[1]:
                raise ValueError(
                    f"y_true has {len(classes)} classes, {_names(classes)}, but y_prob "
                    f"has {probabilities.shape[1]} columns; pass every class in labels"
                )
            labels = classes
        else:
            labels = _check_labels(labels, probabilities.shape[1], y_true)
            unknown = np.setdiff1d(classes, labels)
            if len(unknown):
                raise ValueError(
                    f"y_true contains {_names(unknown)}, not among labels "
                    f"{_names(labels)}"
                )
        targets = (y_true[:, None] == labels[None, :]).astype(np.float64)
    if missing.any():
        targets[missing] = 0.0
        probabilities = np.where(missing[:, None], 0.0, probabilities)
        if nan_policy == "omit":
            weights = (np.ones(len(y_true)) if weights is None else weights) * present
            if not streaming and not weights.any():
                raise ValueError(
                    "nothing is left after nan_policy='omit': "
                    "every sample, or every weight, is NaN or 0"
                )
    return (
        targets,
        probabilities,
        weights,
        bool(missing.any()) and nan_policy == "propagate",
    )


def check_scale_by_half(scale_by_half):
    """Return ``scale_by_half`` as True, False or 'auto'."""
    if isinstance(scale_by_half, str):
        if scale_by_half != "auto":
            raise ValueError(
                f"scale_by_half must be True, False or 'auto', got {scale_by_half!r}"
            )
        return scale_by_half
    try:
        return check_flag(scale_by_half, "scale_by_half")
    except TypeError:
        raise TypeError(
            f"scale_by_half must be True, False or 'auto', got {scale_by_half!r}"
        ) from None


def _missing(y_true, y_prob, nan_policy):
    """The samples holding NaN: an error under 'raise'; infinity is always one."""
    if nan_policy == "raise":
        if y_true.dtype.kind == "f":
            require_finite(y_true, "y_true")
        require_finite(y_prob, "y_prob")
        return np.zeros(len(y_true), dtype=bool)
    for array, name in ((y_true, "y_true"), (y_prob, "y_prob")):
        if array.dtype.kind == "f" and np.isinf(array).any():
            index = tuple(int(i) for i in np.argwhere(np.isinf(array))[0])
            where = index[0] if len(index) == 1 else index
            raise ValueError(
                f"{name} contains {array[index]} at index {where}; "
                f"nan_policy={nan_policy!r} handles NaN only, infinite values are "
                "always an error"
            )
    missing = np.isnan(y_prob).reshape(len(y_prob), -1).any(axis=1)
    if y_true.dtype.kind == "f":
        missing |= np.isnan(y_true)
    return missing


def _check_probabilities(probabilities, present, tolerance):
    """Every value in [0, 1] and, with one column per class, every row summing to 1."""
    values = np.where(present[:, None], probabilities, 0.5)
    outside = (values < 0) | (values > 1)
    if outside.any():
        row, column = (int(i) for i in np.argwhere(outside)[0])
        where = row if probabilities.shape[1] == 1 else (row, column)
        raise ValueError(
            f"y_prob must hold probabilities in [0, 1], got {values[row, column]} at "
            f"index {where}"
        )
    if probabilities.shape[1] > 1:
        totals = values.sum(axis=1)
        wrong = present & ~np.isclose(totals, 1.0, rtol=0, atol=tolerance)
        if wrong.any():
            row = int(np.argmax(wrong))
            raise ValueError(
                f"each row of y_prob must sum to 1 (one probability per class), "
                f"got {totals[row]} in row {row}"
            )


def _sum_tolerance(dtype):
    """How far a row of class probabilities may sum from 1: the square root of the
    machine epsilon of their dtype, as scikit-learn allows (float64's for integers)."""
    kind = dtype if dtype.kind == "f" and dtype.itemsize <= 8 else np.float64
    return float(np.sqrt(np.finfo(kind).eps))
