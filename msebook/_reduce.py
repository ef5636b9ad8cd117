"""From sufficient statistics to results, and the elementwise losses behind the means.

:mod:`msebook.metrics`, :mod:`msebook.streaming` and :mod:`msebook.images` all
turn the statistics of :mod:`msebook._stats` into what a caller sees through
the functions here: per-output values are combined as ``multioutput`` says,
outputs with NaN are marked under ``nan_policy='propagate'``, and r2 and nmse
follow scikit-learn's rules for a constant target. The loss kernels map float64
blocks ``(true, pred)`` to the elementwise loss that ``MeanSums`` averages.
The last functions serve both the in-memory metrics and :mod:`msebook.dask`:
the ``log1p`` transform of msle and rmsle, and MASE's denominator and ratio.
"""

import math

import numpy as np

from ._scale import scale_of
from ._validation import (
    MULTIOUTPUT_MODES,
    as_real_array,
    check_scalar,
    first_bad,
    refuse_infinite,
    require_finite,
    widen,
)

R2_MODES = MULTIOUTPUT_MODES + ("variance_weighted",)
EPSILON = float(np.finfo(np.float64).eps)


def combine_outputs(per_output, multioutput, output_weights=None):
    """Reduce one value per output to what ``multioutput`` asks for."""
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return per_output
        if output_weights is None:
            # 'uniform_average', or 'variance_weighted' with no variance
            if len(per_output) == 1:
                return float(per_output[0])
            return weighted_mean(per_output, None)
        multioutput = output_weights
    return weighted_mean(per_output, multioutput)


_MODERATE = 2.0**500  # products of values and weights below this cannot overflow a sum


def weighted_mean(values, weights):
    """``values @ weights / weights.sum()`` (``weights`` None: all 1), also where the
    weighted sum alone would overflow.

    An infinite value with weight 0 gives nan, as in ``numpy.average``.
    """
    if weights is None:
        weights, total, largest_weight = np.array([1.0] * len(values)), len(values), 1.0
    else:
        weights = np.asarray(weights, dtype=np.float64)  # non-negative
        largest_weight = float(np.maximum.reduce(weights))
        factor = scale_of(largest_weight)
        if factor != 1.0:
            weights, largest_weight = weights / factor, largest_weight / factor
        total = float(np.add.reduce(weights))
    largest = max(abs(value) for value in values.tolist())
    if largest < _MODERATE and largest_weight < _MODERATE:
        # nothing can overflow (NaN values, if any, stay NaN quietly)
        return float(values @ weights) / total
    with np.errstate(invalid="ignore", over="ignore"):
        mean = float(values @ weights) / total
        if math.isinf(mean) and np.isfinite(values).all():
            # the sum overflowed; the mean need not
            mean = float(values @ (weights / total))
    return mean


def finish(per_output, multioutput, nan_outputs, in_units=None, power=1):
    """Mark the outputs that hold NaN under 'propagate', then combine the outputs.

    ``in_units``, if given, returns ``(values, unit)`` with the per-output
    values equal to ``values * unit**power``: when an output's own value
    overflowed, the combination is made in that unit, so an average that is
    representable comes out right.
    """
    if nan_outputs is not None:
        per_output = np.where(nan_outputs, np.nan, per_output)
    combined = combine_outputs(per_output, multioutput)
    if in_units is None or not (isinstance(combined, float) and math.isinf(combined)):
        return combined
    values, unit = in_units()
    if nan_outputs is not None:
        values = np.where(nan_outputs, np.nan, values)
    combined = combine_outputs(values, multioutput)
    for _ in range(power):
        combined *= unit  # a Python float: inf if it overflows, and no warning
    return combined


def r2_from_sums(sums, multioutput, nan_outputs=None, force_finite=True):
    """r2 from its statistics (``R2Sums``), with scikit-learn's rules for zero
    denominators.
    """
    numerators, denominators = _ratio_parts(sums, nan_outputs)
    constants = sums.constant()

    def scores(exponent):
        return np.array(
            [
                _score(numerator, denominator, constant, force_finite, exponent)
                for numerator, denominator, constant in zip(
                    numerators, denominators, constants
                )
            ]
        )

    return _combine_ratios(
        scores,
        numerators,
        denominators,
        multioutput,
        _variance_weights(sums, multioutput),
    )


def _score(numerator, denominator, constant, force_finite, exponent=0):
    """One output's r2 from its two sums, divided by ``2**exponent``.

    Python floats: no floating-point state.
    """
    if numerator != numerator:  # an output marked NaN under 'propagate'
        return math.nan
    one = math.ldexp(1.0, -exponent)
    if force_finite:
        if numerator == 0:  # perfect predictions, even of a constant target
            return one
        if constant:  # imperfect predictions of a constant target
            return 0.0
    if denominator == 0:
        return -math.inf if numerator > 0 else math.nan
    return one - _ratio(numerator, denominator, exponent)


def _ratio(numerator, denominator, exponent=0):
    """``numerator / denominator / 2**exponent``, where the ratio alone may overflow."""
    if exponent == 0:
        return numerator / denominator
    top, top_exponent = math.frexp(numerator)
    bottom, bottom_exponent = math.frexp(denominator)
    return math.ldexp(top / bottom, top_exponent - bottom_exponent - exponent)


def _combine_ratios(values, numerators, denominators, multioutput, output_weights):
    """Combine the per-output ``values(exponent)`` of a ratio metric as
    ``multioutput`` says.

    ``values(e)`` are the outputs' values divided by ``2**e``. When one
    output's ratio overflows float64, the average of all of them need not: it
    is then taken in units of a power of two and multiplied back.
    """
    combined = combine_outputs(values(0), multioutput, output_weights)
    if not (isinstance(combined, float) and math.isinf(combined)):
        return combined
    exponents = [
        math.frexp(numerator)[1] - math.frexp(denominator)[1]
        for numerator, denominator in zip(numerators, denominators)
        if denominator > 0 and math.isfinite(numerator)
    ]
    exponent = max(exponents, default=0) - 1000
    if exponent <= 0:  # no ratio overflowed: the result is infinite by definition
        return combined
    in_units = combine_outputs(values(exponent), multioutput, output_weights)
    with np.errstate(over="ignore"):
        return float(np.ldexp(in_units, exponent))


def sse_from_sums(sums, factor, multioutput, nan_outputs=None):
    """sse from its statistics (``SquaredErrorSums`` whose weights were divided by
    the power of two ``factor``), in the units of the weights given.
    """
    return finish(
        sums.total(factor),
        multioutput,
        nan_outputs,
        lambda: sums.total_in_units(factor),
        2,
    )


def nmse_from_sums(sums, multioutput, nan_outputs=None):
    """nmse from its statistics (``R2Sums``)."""
    numerators, denominators = _ratio_parts(sums, nan_outputs)

    def ratios(exponent):
        return np.array(
            [
                _ratio(numerator, denominator, exponent)
                if denominator != 0
                else (math.inf if numerator > 0 else math.nan)
                for numerator, denominator in zip(numerators, denominators)
            ]
        )

    return _combine_ratios(
        ratios,
        numerators,
        denominators,
        multioutput,
        _variance_weights(sums, multioutput),
    )


def _ratio_parts(sums, nan_outputs):
    """The numerators and denominators as lists of floats, nan for outputs marked by
    ``nan_outputs``.
    """
    numerator, denominator = sums.numerator_denominator()
    numerator = numerator.tolist()
    if nan_outputs is not None:
        numerator = [
            math.nan if marked else value
            for value, marked in zip(numerator, nan_outputs.tolist())
        ]
    return numerator, denominator.tolist()


def _variance_weights(sums, multioutput):
    """The outputs' weights under 'variance_weighted' (None if no output has any
    spread, or another mode).
    """
    if not (isinstance(multioutput, str) and multioutput == "variance_weighted"):
        return None
    weights = sums.spread_weights()
    return weights if any(weights.tolist()) else None


def score_factor(n_columns, scale_by_half):
    """What multiplies the sum over the columns of the mean squared errors.

    One column is a binary forecast already in [0, 1] (the two classes' terms
    are equal, so their halved sum is that column's term); several columns are
    one per class, halved for two classes under 'auto'.
    """
    if n_columns == 1:
        return 2.0 if scale_by_half is False else 1.0
    if scale_by_half == "auto":
        scale_by_half = n_columns < 3
    return 0.5 if scale_by_half else 1.0


def brier_from_sums(sums, scale_by_half):
    """The Brier score from the squared-error statistics of its columns."""
    factor = score_factor(len(sums.weight), scale_by_half)
    return factor * math.fsum(sums.mean().tolist())


# Each loss kernel maps float64 blocks ``(true, pred)`` to the elementwise loss.
# Called with a power of two ``scale`` (one per output row), it returns the loss
# divided by ``scale``, computed from ``true / scale`` and ``pred / scale`` so that
# no difference overflows: ``MeanSums`` does this when a plain sum overflowed.


def _difference(true, pred, scale):
    return true - pred if scale is None else true / scale - pred / scale


def absolute_error(true, pred, scale=None):
    if scale is None:  # the common case, without a call more (it counts at n = 10)
        return np.abs(true - pred)
    return np.abs(_difference(true, pred, scale))


def absolute_percentage_error(true, pred, scale=None):
    error = true - pred if scale is None else _difference(true, pred, scale)
    return np.abs(error) / np.maximum(np.abs(true), EPSILON)


def symmetric_absolute_percentage_error(true, pred, scale=None):
    size = np.abs(true) + np.abs(pred)
    # a NaN must stay NaN here: the metric looks for bad input only when its result
    # is not finite
    term = np.where(
        size == 0, 0.0, 2 * np.abs(true - pred) / np.where(size == 0, 1.0, size)
    )
    # where |true - pred| or the size overflowed: the same ratio, of quarters of the
    # values
    if not np.isfinite(term).all():
        quarters = np.abs(true / 2 - pred / 2) / (np.abs(true) / 4 + np.abs(pred) / 4)
        term = np.where(np.isfinite(term), term, quarters)
    return term if scale is None else term / scale


LOG_2 = math.log(2.0)


def log_cosh_error(true, pred, scale=None):
    size = np.abs(true - pred)
    # log(cosh(x)) = |x| + log(1 + exp(-2|x|)) - log(2), which never overflows, but
    # cancels for small x; there log(cosh(x)) = log(1 + 2 sinh(x/2)**2) keeps every
    # digit
    tail = np.log1p(np.exp(-2 * size)) - LOG_2
    if scale is not None:
        return np.abs(_difference(true, pred, scale)) + tail / scale
    small = np.log1p(2 * np.sinh(np.minimum(size, 1.0) / 2) ** 2)
    return np.where(size < 1, small, size + tail)


def huber_loss(delta):
    """The Huber loss with threshold ``delta``, as a kernel."""

    def loss(true, pred, scale=None):
        if scale is None:
            size = np.abs(true - pred)
            return np.where(
                size <= delta, 0.5 * size * size, delta * (size - 0.5 * delta)
            )
        size = np.abs(_difference(true, pred, scale))  # |r| / scale
        return np.where(
            size <= delta / scale,
            0.5 * size * (size * scale),
            delta * (size - 0.5 * (delta / scale)),
        )

    return loss


def pinball_loss(alpha):
    """The pinball loss of quantile ``alpha``, as a kernel."""

    def loss(true, pred, scale=None):
        error = true - pred if scale is None else _difference(true, pred, scale)
        # the first for error >= 0, the second below
        return np.maximum(alpha * error, (alpha - 1) * error)

    return loss


def tukey_biweight_loss(c):
    """Tukey's biweight (bisquare) loss with tuning constant ``c``, as a kernel."""
    sixth = c * c / 6

    def loss(true, pred, scale=None):
        size = np.abs(_difference(true, pred, scale))
        capped = np.minimum(size if scale is None else size * scale, c)
        u = capped / c  # |r| / c, capped at 1
        # c^2/6 (1 - (1 - u^2)^3) = c^2/6 u^2 (3 - 3u^2 + u^4): no cancellation for
        # small u
        if sixth < np.inf:
            value = sixth * (u * u * (3 - 3 * u * u + u**4))
        else:  # c * c overflows: (c u)^2 = min(|r|, c)^2 does not for a finite error
            value = (capped * capped / 6) * (3 - 3 * u * u + u**4)
        # an infinite or NaN error stays so: the metric then looks for bad input (or
        # rescales)
        value = np.where(size < np.inf, value, size)
        return value if scale is None else value / scale

    return loss


# Shared by the in-memory functions and msebook.dask: the check and transform of
# msle and rmsle, and MASE's denominator and ratio.


def log1p_of_values_above_minus_one(function_name):
    """A transform for msle and rmsle: ``log1p``, once every value is above -1."""

    def transform(values, name):
        below = values <= -1
        if below.any():
            require_finite(values, name)  # -inf is reported as such
            index, where = first_bad(below)
            raise ValueError(
                f"{function_name} needs every value of {name} above -1 "
                f"(it takes log(1 + y)), got {values[index]} at index {where}"
            )
        return np.log1p(values, dtype=np.float64)

    return transform


def naive_forecast_error(y_train, seasonality, n_outputs, nan_policy):
    """MASE's denominator: the naive forecast's MAE on ``y_train``.

    Returned as ``(mae / scale, scale)``: the training series is divided by a
    power of two (exact) so that no difference overflows; ``scale`` is that
    power.
    """
    seasonality = check_scalar(seasonality, "seasonality", integer=True, low=1)
    train = as_real_array(y_train, "y_train", finite=False)
    train = widen(train, train)[0]  # long double for integers beyond 2**53
    train = train.astype(np.result_type(train, np.float64))
    if train.ndim == 1:
        train = train[:, None]
    if train.shape[1] != n_outputs:
        raise ValueError(
            "y_train must have as many outputs as y_true, "
            f"got {train.shape[1]} and {n_outputs}"
        )
    if len(train) <= seasonality:
        raise ValueError(
            f"y_train must have more than seasonality={seasonality} values, "
            f"got {len(train)}"
        )
    if nan_policy == "raise":
        require_finite(train, "y_train")
    else:
        refuse_infinite(train, "y_train", nan_policy)
    finite = train[np.isfinite(train)]
    scale = scale_of(finite)
    changes = np.abs(train[seasonality:] / scale - train[:-seasonality] / scale)
    changes = changes.astype(np.float64)  # exact differences, of long doubles too
    if nan_policy == "omit":
        kept = ~np.isnan(changes)
        with np.errstate(invalid="ignore", divide="ignore"):
            naive = np.where(kept, changes, 0.0).sum(axis=0) / kept.sum(axis=0)
    else:
        naive = changes.mean(axis=0)
    flat = naive == 0
    if flat.any() or (nan_policy == "omit" and np.isnan(naive).any()):
        output = int(np.argmax(flat | np.isnan(naive)))
        raise ValueError(
            f"y_train has no finite change at lag {seasonality} in output {output}: "
            "the naive forecast's error is 0 or undefined, and so is the MASE"
        )
    return naive, scale


def scaled_error(errors, naive, scale, multioutput):
    """The MASE from the per-output MAEs and :func:`naive_forecast_error`'s result."""
    with np.errstate(over="ignore"):  # a MASE beyond float64 is inf
        return combine_outputs(errors / naive / scale, multioutput)
