"""Sufficient statistics: the few sums per output from which each metric follows.

The batch functions in :mod:`msebook.metrics` and the classes in
:mod:`msebook.streaming` share them: a batch call computes the statistics of the
whole data at once, a streaming object merges the statistics of its batches.

The data are read in blocks (:mod:`msebook._blocks`, which also says when
threads start) and every block is converted to float64 on its own. Within a
block, sums run along contiguous rows of a float64 buffer; the block sums of
one output are then added exactly with :func:`math.fsum`.

**Accuracy of a sum of squares** (``u = 2**-53``, the unit roundoff; every
term is non-negative, so relative bounds hold for the whole sum):

- Without weights, a row is cut into pieces of ``SHORT`` = 256 values and each
  piece is squared and summed by one dot product (``numpy.vecdot``, which
  calls the BLAS ``ddot``). Whatever order the BLAS adds in, a dot product of
  k terms is within ``k u`` (to first order) of its exact value: 256 u for a
  BLAS with one accumulator. The BLAS numpy ships with (OpenBLAS) keeps
  several accumulators, which in practice gives about 1 u; the bound does not
  rely on that. The pieces' sums, at most ``CHUNK / SHORT`` = 512 per block,
  are added pairwise (numpy): at most about ``(log2(512) + 8) u = 17 u`` more.
- With weights: one rounding for the square, one for the weight, then a
  pairwise sum of at most ``CHUNK`` = 2**17 terms: ``(2 + 17 + 8) u``.
- The block sums are added exactly (``math.fsum``) and rounded once (1 u).

So a sum of squares is within ``(256 + 17 + 1) u``, about 3e-14, of the sum of
the exact squares, and a mean within one rounding more; 256 is the longest
piece for which this stays far below the ``n u`` of a running sum, and it is
what the benchmarks chose for speed at n = 10. ``TINY`` bounds what underflow
can cost: a sum of at least 2**-900 loses at most 2**-1074 per underflowed
square, a relative ``n 2**-174``, nothing for any real n. The tests check
these bounds (``tests/test_metrics.py``,
``test_the_sum_of_squares_meets_its_stated_bound``).

**One path.** Every metric, whatever its options, reaches its result through
these statistics. An input of at most one block (``CHUNK`` elements) is
summed directly, without the block bookkeeping: the same sums as the first
block of a longer input, so the bounds above hold for it too. The spread of
the targets (``CentredSums``) is the corrected two-pass sum about their rounded
mean; whether the targets are all equal is decided exactly (their least and
largest values) whenever their spread could be rounding alone, that is at most
``ROUNDING_ONLY`` times their sum of squares about the rounded mean, which for
equal targets is within a few hundred ``u`` of 0.

Arrays here are 2-D, one column per output: ``y_true`` and ``y_pred`` of shape
(n_samples, n_outputs) in their own dtype, ``weights`` None, of shape
(n_samples,) or, after NaN pairs were omitted, of shape (n_samples, n_outputs).
"""

import math

import numpy as np

from ._blocks import CHUNK, blocks, map_blocks
from ._scale import power_of_two_above

LONG = np.dtype(np.longdouble)

TINY = 2.0**-900  # a sum of squares below this may have lost digits to underflow
SHORT = 256  # the values a dot product squares and sums at once (see the bound above)
# a spread of targets no larger than this fraction of their sum of squares about
# their rounded mean may be rounding alone: the targets may all be equal
ROUNDING_ONLY = 2.0**-40


def _columns(weights):
    """All the weights, shaped to broadcast against a (n_outputs, rows) block."""
    if weights is None:
        return None
    return weights[None, :] if weights.ndim == 1 else weights.T


def block_weights(weights, start, stop):
    """The weights of rows ``start:stop`` shaped to broadcast against a (n_outputs,
    rows) block.
    """
    if weights is None:
        return None
    if weights.ndim == 1:
        return weights[None, start:stop]
    return weights[start:stop].T


def _fsum(values):
    """``math.fsum``, but inf or nan instead of an error where a sum leaves float64 or
    meets inf - inf.
    """
    try:
        return math.fsum(values)
    except (OverflowError, ValueError):
        return float(np.sum(values))


def exact_sum(partials):
    """Add a list of per-output arrays exactly, output by output."""
    if len(partials) == 1:
        return partials[0]
    return np.array([_fsum(column) for column in zip(*partials)])


def _filled(length, value):
    """``np.full(length, value)`` for a float, in the quickest way for short arrays."""
    return np.array([value] * length)


def weight_sums(weights, n_samples, n_outputs):
    """The sum of the weights of each output."""
    if weights is None:
        return _filled(n_outputs, float(n_samples))
    columns = 1 if weights.ndim == 1 else n_outputs
    if n_samples * columns <= CHUNK:  # one block
        return np.full(n_outputs, 0.0) + np.add.reduce(weights, axis=0)
    partials = [
        np.add.reduce(block_weights(weights, start, stop), axis=1)
        for start, stop in blocks(n_samples, columns)
    ]
    return np.broadcast_to(exact_sum(partials), (n_outputs,)).copy()


def _rows(array, start, stop):
    """Rows ``start:stop`` of ``array`` as a C-ordered (n_outputs, rows) block, in
    float64.

    C order puts each output's values next to each other, so that sums along
    axis 1 are numpy's pairwise sums rather than running sums. A long double
    array (see :func:`msebook._validation.widen`) stays long double.
    """
    return np.ascontiguousarray(array[start:stop].T, dtype=_working_dtype(array))


def _working_dtype(array):
    return LONG if array.dtype == LONG else np.float64


def subtract(true, pred, out=None):
    """``true - pred`` in float64 (into ``out`` if given), rounded once.

    float64 arithmetic for ordinary inputs; for long double inputs the
    difference is taken in long double, so integers beyond 2**53 keep it.
    """
    if true.dtype == LONG:
        if out is None:
            return (true - pred).astype(np.float64)
        out[...] = true - pred
        return out
    if out is None:  # C order: each output's row contiguous, for the sums along it
        if true.dtype == pred.dtype == np.float64:  # nothing to convert
            if true.flags.c_contiguous and pred.flags.c_contiguous:
                return true - pred
            if true.flags.f_contiguous and pred.flags.f_contiguous:
                return (true.T - pred.T).T.copy()  # columns of 2-D arrays, as rows
        return np.subtract(true, pred, dtype=np.float64, order="C")
    return np.subtract(true, pred, out=out, dtype=np.float64)


def largest_values(*arrays, weights=None):
    """Per output, the largest absolute value of positive weight in any of the arrays.

    The arrays have shape (n_samples, n_outputs); rows of zero weight are skipped.
    """
    largest = np.zeros(arrays[0].shape[1])
    for array in arrays:
        for start, stop in blocks(*array.shape):
            values = np.abs(_rows(array, start, stop))
            w = block_weights(weights, start, stop)
            if w is not None:
                values = np.where(w > 0, values, 0.0)
            largest = np.fmax(largest, values.max(axis=1).astype(np.float64))
    return largest


def _sums_of_squares(errors, weights):
    """Per row of the float64 block ``errors``: the weighted sum of its squares
    (``errors`` may be overwritten).

    Without weights, each row is cut into pieces of ``SHORT`` values: a dot
    product squares and sums a piece in one pass (as exactly as pairwise
    summation at that length), and the pieces' sums are added pairwise.
    """
    if weights is not None:
        np.square(errors, out=errors)
        errors *= weights
        return np.add.reduce(errors, axis=1)
    n_outputs, rows = errors.shape
    if rows <= SHORT:  # one piece
        return np.vecdot(errors, errors)
    whole = rows - rows % SHORT
    pieces = errors[:, :whole].reshape(n_outputs, -1, SHORT)
    tail = errors[:, whole:]
    return np.add.reduce(np.vecdot(pieces, pieces), axis=1) + np.vecdot(tail, tail)


class SquaredErrorSums:
    """Per output: the weight ``weight`` and the weighted sum of squared errors.

    The sum is stored as ``scale**2 * scaled`` with ``scale`` a power of two
    (None, meaning 1, unless the squares would overflow or underflow), so
    dividing by it and multiplying back are exact.
    """

    __slots__ = ("weight", "scale", "scaled")

    def __init__(self, weight, scale, scaled):
        self.weight, self.scale, self.scaled = weight, scale, scaled

    @classmethod
    def of(cls, y_true, y_pred, weights):
        """The statistics of a whole data set."""
        with np.errstate(all="ignore"):
            return cls._of(y_true, y_pred, weights)

    @classmethod
    def _of(cls, y_true, y_pred, weights):
        """:meth:`of`, for a caller that has turned floating-point warnings off."""
        n_samples, n_outputs = y_true.shape
        scale = None
        scaled = cls._sums(y_true, y_pred, weights, None)
        if not all(TINY <= value < math.inf for value in scaled.tolist()):
            # overflow, underflow or NaN
            scale, scaled = cls._rescaled(y_true, y_pred, weights, scaled)
        return cls(weight_sums(weights, n_samples, n_outputs), scale, scaled)

    @classmethod
    def _rescaled(cls, y_true, y_pred, weights, scaled):
        """Sum again the outputs whose squares over- or underflowed, divided by a power
        of two near their largest error.

        The largest error is found from halved values, so that a difference
        beyond float64 (values of opposite sign near its limit) is found too.
        """
        unsafe = ~(scaled >= TINY) | (scaled == np.inf)
        half = cls._largest_half_errors(y_true, y_pred, weights)
        scale = np.where(unsafe & (half > 0), power_of_two_above(half), 1.0)
        rescaled = cls._sums(y_true, y_pred, weights, scale)
        return scale, np.where(unsafe & (half > 0), rescaled, scaled)

    @staticmethod
    def _sums(y_true, y_pred, weights, scale):
        n_samples, n_outputs = y_true.shape
        true_rows, pred_rows = y_true.T, y_pred.T
        if scale is None and n_samples * n_outputs <= CHUNK:  # one block, as it is
            return _sums_of_squares(subtract(true_rows, pred_rows), _columns(weights))

        def work(start, stop, buffer):
            if scale is None:
                errors = subtract(
                    true_rows[:, start:stop],
                    pred_rows[:, start:stop],
                    buffer[:, : stop - start],
                )
            else:
                true, pred = true_rows[:, start:stop], pred_rows[:, start:stop]
                errors = subtract(true, pred, buffer[:, : stop - start])
                errors /= scale[:, None]
                if not np.isfinite(errors).all():  # a difference beyond float64
                    divided = true / scale[:, None] - pred / scale[:, None]
                    errors[...] = np.where(np.isfinite(errors), errors, divided)
                w = block_weights(weights, start, stop)
                if w is not None:  # a scale set by the errors of positive weight only
                    errors[...] = np.where(w > 0, errors, 0.0)
            return _sums_of_squares(errors, block_weights(weights, start, stop))

        if n_samples * n_outputs <= CHUNK:  # one block: no bookkeeping
            return work(0, n_samples, np.empty((n_outputs, n_samples)))
        return exact_sum(map_blocks(work, n_samples, n_outputs))

    @staticmethod
    def _largest_half_errors(y_true, y_pred, weights):
        """Per output, half the largest error of positive weight."""
        largest = np.zeros(y_true.shape[1])
        for start, stop in blocks(*y_true.shape):
            true, pred = _rows(y_true, start, stop), _rows(y_pred, start, stop)
            half = np.abs(true / 2 - pred / 2)
            # half the smallest subnormal rounds to 0: count it as that subnormal
            half = np.where((half == 0) & (true != pred), 5e-324, half)
            w = block_weights(weights, start, stop)
            if w is not None:
                half = np.where(w > 0, half, 0.0)
            largest = np.fmax(largest, half.max(axis=1).astype(np.float64))
        return largest

    def reweighted(self, factor):
        """The statistics with every weight multiplied by ``factor`` (a power of two,
        so exactly).
        """
        return SquaredErrorSums(self.weight * factor, self.scale, self.scaled * factor)

    def merge(self, other):
        """The statistics of both data sets together."""
        weight = self.weight + other.weight
        scale, scaled = _merged(
            self.scaled, self.scale, other.scaled, other.scale, weight, power=2
        )
        return SquaredErrorSums(weight, scale, scaled)

    def total(self, factor=1.0):
        """The weighted sum of squared errors per output, with the weights multiplied
        by ``factor`` (a power of two), rounded once.
        """
        if self.scale is None and factor == 1.0:
            return self.scaled
        with np.errstate(over="ignore", under="ignore"):
            return np.ldexp(self.scaled, self._exponents(factor))

    def _exponents(self, factor):
        """Per output, the power of two that turns ``scaled`` into the sums:
        ``scale**2 * factor``.
        """
        exponent = np.frexp(factor)[1] - 1
        if self.scale is not None:
            exponent = exponent + 2 * (np.frexp(self.scale)[1] - 1)
        return np.broadcast_to(exponent, self.scaled.shape)

    def mean(self):
        """The weighted mean squared error, per output."""
        if self.scale is None:
            return self.scaled / self.weight
        with np.errstate(over="ignore"):
            return self.scale * (self.scale * (self.scaled / self.weight))

    def root_mean(self):
        """The root of the weighted mean squared error, per output."""
        root = np.sqrt(self.scaled / self.weight)
        if self.scale is None:
            return root
        with np.errstate(over="ignore"):
            return self.scale * root

    def mean_in_units(self):
        """``(values, unit)``: the means are ``values * unit**2``, in one unit for all
        outputs.

        For combining outputs when one output's own mean overflows float64 but
        their average need not (``unit`` is a power of two).
        """
        return self._in_units(self.scaled / self.weight)

    def total_in_units(self, factor=1.0):
        """``(values, unit)``: the sums (as :meth:`total` gives them) are
        ``values * unit**2``, in one unit for all outputs, as for the means.
        """
        return self._in_units(self.scaled, factor)

    def _in_units(self, scaled, factor=1.0):
        exponents = self._exponents(factor)
        top = int(exponents.max())
        top += top % 2
        with np.errstate(over="ignore", under="ignore"):
            return np.ldexp(scaled, exponents - top), float(np.ldexp(1.0, top // 2))

    def root_mean_in_units(self):
        """``(values, unit)``: the roots of the means are ``values * unit``."""
        if self.scale is None:
            return self.root_mean(), 1.0
        unit = float(self.scale.max())
        with np.errstate(under="ignore"):
            return self.scale / unit * np.sqrt(self.scaled / self.weight), unit


def _ones_if_none(scale, like):
    return np.ones_like(like) if scale is None else scale


def _merged(mine, mine_scale, theirs, theirs_scale, like, *, power):
    """``(scale, sums)``: two sets of per-output sums, each in units of its own
    ``scale**power`` (a scale of None is 1), added in a common unit.

    Where the sum of the two overflows though each is finite, the scale is
    doubled: the sum of two floats is below 2**1025, so once is enough.
    """
    with np.errstate(all="ignore"):
        if mine_scale is None and theirs_scale is None:
            sums = mine + theirs
            if not _overflowed(sums, mine, theirs).any():
                return None, sums
        mine_scale = _ones_if_none(mine_scale, like)
        theirs_scale = _ones_if_none(theirs_scale, like)
        # a side whose sums are all 0 has no say in the scale
        scale = _common_scale(mine_scale, mine != 0, theirs_scale, theirs != 0)
        for _ in range(2):
            sums = _in_scale(mine, mine_scale, scale, power) + _in_scale(
                theirs, theirs_scale, scale, power
            )
            overflowed = _overflowed(sums, mine, theirs)
            if not overflowed.any():
                break
            scale = np.where(overflowed, 2 * scale, scale)
    return scale, sums


def _in_scale(sums, own, scale, power):
    """Sums in units of ``own**power`` re-expressed in units of ``scale**power``
    (0 stays 0 in any unit, even one it cannot be written in).
    """
    return np.where(sums == 0, 0.0, sums * (own / scale) ** power)


def _common_scale(mine, mine_counts, theirs, theirs_counts):
    """Per output, the larger of two scales, leaving out a side whose values are
    all 0 (its scale, 1, says nothing of the other's size).
    """
    counted = np.maximum(
        np.where(mine_counts, mine, 0.0), np.where(theirs_counts, theirs, 0.0)
    )
    return np.where(counted > 0, counted, np.maximum(mine, theirs))


def _overflowed(merged, *parts):
    """Per output: whether ``merged`` is infinite where every part is finite."""
    overflowed = np.isinf(merged)
    for part in parts:
        overflowed &= np.isfinite(part)
    return overflowed


class MeanSums:
    """Per output: the weight and the weighted sum of an elementwise loss,
    ``scale * total``.

    ``scale`` is None (meaning 1) unless the sum overflowed: then the loss was
    summed again with the inputs divided by a power of two near their largest
    value (``loss(true, pred, scale)`` returns the loss divided by ``scale``),
    so a mean that is representable comes out right.
    """

    __slots__ = ("weight", "total", "scale")

    def __init__(self, weight, total, scale=None):
        self.weight, self.total, self.scale = weight, total, scale

    @classmethod
    def of(cls, y_true, y_pred, weights, loss):
        """The statistics of a whole data set; ``loss(true, pred[, scale])`` maps
        float64 blocks to float64 blocks.
        """
        n_samples, n_outputs = y_true.shape
        scale = None
        with np.errstate(all="ignore"):
            total = cls._totals(y_true, y_pred, weights, loss, None)
            if not all(-math.inf < value < math.inf for value in total.tolist()):
                # an overflow, or a NaN or infinite input that the caller reports
                scale = power_of_two_above(
                    largest_values(y_true, y_pred, weights=weights)
                )
                total = cls._totals(y_true, y_pred, weights, loss, scale)
        return cls(weight_sums(weights, n_samples, n_outputs), total, scale)

    @staticmethod
    def _totals(y_true, y_pred, weights, loss, scale):
        n_samples, n_outputs = y_true.shape
        if scale is None and n_samples * n_outputs <= CHUNK:  # one block, as it is
            values = loss(_rows(y_true, 0, n_samples), _rows(y_pred, 0, n_samples))
            w = _columns(weights)
            return np.add.reduce(values if w is None else values * w, axis=1).astype(
                np.float64, copy=False
            )

        def work(start, stop, buffer):
            true, pred = _rows(y_true, start, stop), _rows(y_pred, start, stop)
            values = (
                loss(true, pred) if scale is None else loss(true, pred, scale[:, None])
            )
            w = block_weights(weights, start, stop)
            return np.add.reduce(values if w is None else values * w, axis=1).astype(
                np.float64
            )

        return exact_sum(map_blocks(work, *y_true.shape))

    def reweighted(self, factor):
        """The statistics with every weight multiplied by ``factor`` (a power of two,
        so exactly).
        """
        return MeanSums(self.weight * factor, self.total * factor, self.scale)

    def merge(self, other):
        """The statistics of both data sets together."""
        weight = self.weight + other.weight
        scale, total = _merged(
            self.total, self.scale, other.total, other.scale, weight, power=1
        )
        return MeanSums(weight, total, scale)

    def mean(self):
        """The weighted mean loss, per output."""
        if self.scale is None:
            return self.total / self.weight
        with np.errstate(over="ignore"):
            return self.scale * (self.total / self.weight)

    def mean_in_units(self):
        """``(values, unit)``: the means are ``values * unit``, in one unit for all
        outputs.
        """
        if self.scale is None:
            return self.mean(), 1.0
        unit = float(self.scale.max())
        with np.errstate(under="ignore"):
            return self.scale / unit * (self.total / self.weight), unit


class CentredSums:
    """Per output: the spread of the targets about their weighted mean, kept so that
    it merges exactly.

    The targets are described about a reference value ``centre`` (a block's
    rounded mean): ``residual`` is the weighted sum of ``y - centre`` and
    ``spread`` that of ``(y - centre)**2``. Moving to another reference is an
    exact identity, so merging never multiplies a rounding error of a mean by
    the offset of the data: a large offset costs no precision (a one-pass sum
    of raw squares would lose it all).
    """

    __slots__ = ("weight", "centre", "residual", "spread", "_m2")

    def __init__(self, weight, centre, residual, spread):
        self.weight, self.centre, self.residual, self.spread = (
            weight,
            centre,
            residual,
            spread,
        )
        self._m2 = None

    def __getstate__(self):
        return (self.weight, self.centre, self.residual, self.spread)

    def __setstate__(self, state):
        self.__init__(*state)

    @classmethod
    def of(cls, y_true, weights):
        """The statistics of a whole set of targets."""
        with np.errstate(all="ignore"):
            return cls._of(y_true, weights)

    @classmethod
    def _of(cls, y_true, weights):
        """:meth:`of`, for a caller that has turned floating-point warnings off."""
        n_samples, n_outputs = y_true.shape
        if n_samples * n_outputs <= CHUNK:  # one block
            return cls._of_block(_rows(y_true, 0, n_samples), _columns(weights))
        result = None
        for start, stop in blocks(n_samples, n_outputs):
            block = cls._of_block(
                _rows(y_true, start, stop), block_weights(weights, start, stop)
            )
            result = block if result is None else result.merge(block)
        return result

    @classmethod
    def _of_block(cls, values, w):
        """The statistics of one float64 block of shape (n_outputs, rows), about its
        rounded mean.

        ``residual`` is what rounding the mean left over: ``m2()`` subtracts its
        contribution (the corrected two-pass formula), so the spread keeps every
        digit however large the offset of the targets.
        """
        if w is None:
            weight = _filled(len(values), float(values.shape[1]))
            centre = np.add.reduce(values, axis=1) / weight
            deviations = values - centre[:, None]
            residual = np.add.reduce(deviations, axis=1)
            spread = _sums_of_squares(deviations, None)
        else:
            weight = np.add.reduce(w, axis=1)
            if len(weight) != len(values):  # one row of weights for every output
                weight = weight.repeat(len(values))
            centre = np.add.reduce(w * values, axis=1)
            # long double values: their weights summed in long double too, or the
            # centre is off by a rounding of float64 and the spread cancels
            divisor = (
                weight
                if values.dtype == np.float64
                else np.add.reduce(w, axis=1, dtype=values.dtype)
            )
            if all(weight.tolist()):
                centre /= divisor
            else:  # an output without weight (every pair omitted) has centre 0
                centre = np.where(
                    weight > 0, centre / np.where(weight > 0, divisor, 1.0), 0.0
                )
            deviations = values - centre[:, None]
            weighted = w * deviations
            residual = np.add.reduce(weighted, axis=1)
            spread = np.add.reduce(weighted * deviations, axis=1)
        block = cls(weight, centre, residual, spread)
        # Targets that are all equal are their own centre, with nothing left over.
        # Their m2 is rounding alone, within a few hundred units in the last place
        # of the spread (see the bound above); only then are they compared.
        m2, spread_list = block._compute_m2().tolist(), spread.tolist()
        if any(m <= s * ROUNDING_ONLY for m, s in zip(m2, spread_list)):
            if w is None:
                low, high = values.min(axis=1), values.max(axis=1)
            else:
                low = np.where(w > 0, values, np.inf).min(axis=1)
                high = np.where(w > 0, values, -np.inf).max(axis=1)
            constant = low == high
            if constant.any():
                block = cls(
                    weight,
                    np.where(constant, low, centre),
                    np.where(constant, 0.0, residual),
                    np.where(constant, 0.0, spread),
                )
        return block

    def reweighted(self, factor):
        """The statistics with every weight multiplied by ``factor`` (a power of two,
        so exactly).
        """
        return CentredSums(
            self.weight * factor,
            self.centre,
            self.residual * factor,
            self.spread * factor,
        )

    def merge(self, other):
        """The statistics of both sets together, about the centre of the heavier one.

        That centre is within ``sqrt(2 * m2 / weight)`` of the merged mean, so
        ``m2()`` cancels at most a factor of 3.
        """
        centre = np.where(self.weight >= other.weight, self.centre, other.centre)
        with np.errstate(all="ignore"):  # a spread beyond float64 is inf
            mine, theirs = self._about(centre), other._about(centre)
            residual, spread = mine[0] + theirs[0], mine[1] + theirs[1]
        return CentredSums(self.weight + other.weight, centre, residual, spread)

    def _about(self, centre):
        """``residual`` and ``spread`` about another centre: sum w(y - c) and
        sum w(y - c)**2.
        """
        shift = self.centre - centre
        residual = self.residual + self.weight * shift
        spread = self.spread + shift * (2 * self.residual + self.weight * shift)
        empty = self.weight == 0
        return np.where(empty, 0.0, residual), np.where(empty, 0.0, spread)

    def m2(self):
        """The weighted sum of squared deviations from the weighted mean."""
        if self._m2 is None:
            with np.errstate(all="ignore"):
                self._compute_m2()
        return self._m2

    def _compute_m2(self):
        """Compute :meth:`m2`, floating-point warnings being off."""
        m2 = np.maximum(
            self.spread - self.residual * (self.residual / self.weight), 0.0
        )
        if not all(self.weight.tolist()):
            m2 = np.where(self.weight > 0, m2, 0.0)
        self._m2 = m2
        return m2


class R2Sums:
    """What r2 and nmse need: the squared errors and the spread of the targets.

    Per output in units of ``scale``: 1 unless a sum over- or underflowed; the
    statistics of that output are then those of ``y_true / scale`` and
    ``y_pred / scale``, ``scale`` a power of two near the largest target, which
    leaves the ratio r2 is made of unchanged.
    """

    __slots__ = ("errors", "targets", "_scale")

    def __init__(self, errors, targets, scale=None):
        self.errors, self.targets, self._scale = errors, targets, scale

    @property
    def scale(self):
        """Per output, the power of two the statistics are in units of."""
        return np.ones_like(self.errors.weight) if self._scale is None else self._scale

    @classmethod
    def of(cls, y_true, y_pred, weights):
        """The statistics of a whole data set."""
        with np.errstate(all="ignore"):
            sums = cls._of_one_block(y_true, y_pred, weights) or cls(
                SquaredErrorSums._of(y_true, y_pred, weights),
                CentredSums._of(y_true, weights),
            )
            if sums._representable():
                return sums
            # the targets set the scale: their spread must not underflow, nor overflow
            scale = power_of_two_above(largest_values(y_true, weights=weights))
            y_true, y_pred = y_true / scale, y_pred / scale
            if weights is not None and not weights.all():
                # rows of no weight count for nothing, even where the division
                # took them beyond float64 (0 * inf would be nan)
                ignored = weights == 0 if weights.ndim == 2 else (weights == 0)[:, None]
                y_true = np.where(ignored, 0.0, y_true)
                y_pred = np.where(ignored, 0.0, y_pred)
            return cls(
                SquaredErrorSums._of(y_true, y_pred, weights),
                CentredSums._of(y_true, weights),
                scale,
            )

    @classmethod
    def _of_one_block(cls, y_true, y_pred, weights):
        """The statistics of at most one block, with ``y_true`` converted once for
        both sums.

        The same sums as the general path; None where that path is needed (more
        than one block, or squared errors that over- or underflowed).
        """
        n_samples, n_outputs = y_true.shape
        if n_samples * n_outputs > CHUNK:
            return None
        true, w = _rows(y_true, 0, n_samples), _columns(weights)
        targets = CentredSums._of_block(true, w)
        scaled = _sums_of_squares(subtract(true, y_pred.T), w)
        if not all(TINY <= value < math.inf for value in scaled.tolist()):
            return None
        if weights is not None and weights.ndim == 2:  # summed as the general path does
            return cls(
                SquaredErrorSums(weight_sums(weights, *y_true.shape), None, scaled),
                targets,
            )
        return cls(SquaredErrorSums(targets.weight, None, scaled), targets)

    def _representable(self):
        """Whether the spread of the targets neither over- nor underflowed."""
        return all(TINY <= value < math.inf for value in self.targets.m2().tolist())

    def reweighted(self, factor):
        """The statistics with every weight multiplied by ``factor`` (a power of two,
        so exactly).
        """
        return R2Sums(
            self.errors.reweighted(factor), self.targets.reweighted(factor), self.scale
        )

    def merge(self, other):
        """The statistics of both data sets together."""
        # a side whose targets and errors are all 0 has no say in the scale
        scale = _common_scale(
            self.scale, self._holds_values(), other.scale, other._holds_values()
        )
        spreads = self.targets.spread, other.targets.spread
        for _ in range(4):
            mine, theirs = self._in_units_of(scale), other._in_units_of(scale)
            targets = mine.targets.merge(theirs.targets)
            # a spread beyond float64 in these units: merge again in coarser ones
            overflowed = _overflowed(targets.spread, *spreads)
            if not overflowed.any():
                break
            scale = np.where(overflowed, scale * 2.0**16, scale)
        return R2Sums(mine.errors.merge(theirs.errors), targets, scale)

    def _holds_values(self):
        """Per output: whether any target or error is other than 0."""
        return (
            (self.targets.centre != 0)
            | (self.targets.spread > 0)
            | (self.errors.scaled > 0)
        )

    def _in_units_of(self, scale):
        if np.array_equal(scale, self.scale):
            return self
        with np.errstate(over="ignore"):  # powers of two: exact
            # an output whose values are all 0 stays 0 in any unit
            factor = np.where(self._holds_values(), self.scale / scale, 1.0)
        errors, targets = self.errors, self.targets
        with np.errstate(under="ignore"):
            errors = SquaredErrorSums(
                errors.weight,
                _ones_if_none(errors.scale, errors.weight) * factor,
                errors.scaled,
            )
            targets = CentredSums(
                targets.weight,
                targets.centre * factor,
                targets.residual * factor,
                targets.spread * factor * factor,
            )
        return R2Sums(errors, targets, scale)

    def numerator_denominator(self):
        """Per output: the sums of squared errors and of squared deviations from the
        mean.

        Both in units of ``scale``, and divided by the same power of two when
        the squared errors needed one, so that their ratio is right and the
        numerator is 0 exactly when every error is.
        """
        numerator, spread = self.errors.scaled, self.targets.m2()
        if self.errors.scale is None:
            return numerator, spread
        scale = self.errors.scale
        with np.errstate(over="ignore", under="ignore"):
            denominator = spread / scale / scale
            # a scale below 1 (after a merge in coarser units) may push the
            # spread beyond float64: there the errors take the scale instead
            moved = _overflowed(denominator, spread)
            if moved.any():
                numerator = np.where(moved, numerator * scale * scale, numerator)
                denominator = np.where(moved, spread, denominator)
        return numerator, denominator

    def constant(self):
        """Per output: whether the targets (those of positive weight) are all equal,
        as a list.
        """
        return [m2 == 0 for m2 in self.targets.m2().tolist()]

    def spread_weights(self):
        """The outputs' spreads in one unit (proportional to their true values):
        weights for 'variance_weighted'.
        """
        if self._scale is None:
            return self.targets.m2()
        relative = self.scale / self.scale.max()
        with np.errstate(under="ignore"):
            return self.targets.m2() * relative * relative
