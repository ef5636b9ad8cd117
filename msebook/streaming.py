"""Metrics for data that arrive in batches.

Update a metric with each batch, merge partial results, read the result.
Each class keeps the same sufficient statistics as its batch function
(``msebook._stats``): after any sequence of :meth:`~MeanSquaredError.update` and
:meth:`~MeanSquaredError.merge` calls, :meth:`~MeanSquaredError.result` equals the
batch function on all the data, to rounding (1e-12 relative), whatever the
split and the merge order.

>>> from msebook.streaming import MeanSquaredError
>>> metric = MeanSquaredError()
>>> metric.update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]).result()
0.375

**A new streaming metric.** A subclass changes what a batch adds, what is read
from the statistics, or both, through two methods, and the class does the rest
(checks, extreme weights, NaN policies, merging, ``multioutput``):

- :meth:`~MeanSquaredError.sums_of` ``(y_true, y_pred, weights)``: the sums of
  one batch, already checked (float64 arrays of shape ``(n_samples,
  n_outputs)``; weights of shape ``(n_samples,)`` or None). Return the same
  kind of sums as the class extended does.
- :meth:`~MeanSquaredError.value_from_statistics` ``(statistics,
  multioutput)``: the result from a :class:`Statistics`, with ``multioutput``
  already checked against the number of outputs.

:attr:`~MeanSquaredError.statistics` holds the :class:`Statistics` of the data
seen so far (None before any), and :attr:`~MeanSquaredError.options` the
options, which :meth:`~MeanSquaredError.merge` requires equal; a subclass with
options of its own adds them there. For example the mean squared error of
``log(1 + y)``, whose statistics merge like any others:

>>> import numpy as np
>>> from msebook.streaming import MeanSquaredError
>>> class SquaredLogError(MeanSquaredError):
...     def sums_of(self, y_true, y_pred, weights):
...         return super().sums_of(np.log1p(y_true), np.log1p(y_pred), weights)
>>> left = SquaredLogError().update([3, 5], [2.5, 5]).statistics
>>> right = SquaredLogError().update([2.5, 7], [4, 8]).statistics
>>> left.n_samples + right.n_samples
4
>>> both = left.merge(right)
>>> round(SquaredLogError().value_from_statistics(both, "uniform_average"), 6)
0.03973
"""

import math
from typing import NamedTuple

import numpy as np

from ._reduce import R2_MODES, absolute_error, brier_from_sums, finish, r2_from_sums
from ._stats import MeanSums, R2Sums, SquaredErrorSums
from ._validation import (
    MULTIOUTPUT_MODES,
    check_flag,
    check_multioutput,
    check_nan_policy,
    check_probabilistic_inputs,
    check_regression_inputs,
    check_scale_by_half,
    check_weights,
    confirm_finite,
    normalise_weights,
)

__all__ = [
    "MeanSquaredError",
    "RootMeanSquaredError",
    "MeanAbsoluteError",
    "R2Score",
    "BrierScore",
]


class Statistics(NamedTuple):
    """What a streaming metric keeps of the data it has seen: enough for its result.

    Attributes
    ----------
    sums
        The sufficient statistics (``SquaredErrorSums``, ``MeanSums`` or
        ``R2Sums`` of ``msebook._stats``), with every weight divided by
        ``factor``.
    factor : float
        A power of two: extreme weights count only by their ratios.
    nan_outputs
        A boolean array marking the outputs that held NaN under
        ``nan_policy='propagate'``, or None.
    n_samples : int
        The number of samples seen.
    """

    sums: object
    factor: float
    nan_outputs: object
    n_samples: int

    def merge(self, other):
        """The statistics of the data of both (neither is changed)."""
        common = max(self.factor, other.factor)  # the other's weights shrink, exactly
        mine, theirs = (
            part.sums
            if part.factor == common
            else part.sums.reweighted(part.factor / common)
            for part in (self, other)
        )
        nan_outputs = self.nan_outputs
        if other.nan_outputs is not None:
            nan_outputs = (
                other.nan_outputs
                if nan_outputs is None
                else nan_outputs | other.nan_outputs
            )
        n_samples = self.n_samples + other.n_samples
        return Statistics(mine.merge(theirs), common, nan_outputs, n_samples)


class _StreamingMetric:
    """What every streaming metric shares: options, checks, and its statistics."""

    _modes = MULTIOUTPUT_MODES

    def __init__(self, *, multioutput="uniform_average", nan_policy="raise"):
        self.multioutput = self._check_multioutput(multioutput)
        self.nan_policy = check_nan_policy(nan_policy)
        self.reset()

    def _check_multioutput(self, multioutput):
        """A mode name, or a read-only copy of the output weights.

        Their number is checked against the data.
        """
        if isinstance(multioutput, str) or multioutput is None:
            return check_multioutput(multioutput, 1, self._modes)
        try:
            shape = np.shape(multioutput)
        except ValueError:  # numpy's words for ragged rows name no argument
            raise ValueError(
                "multioutput is ragged: its rows have different lengths"
            ) from None
        if shape == ():
            return check_multioutput(multioutput, 1, self._modes)
        weights = check_weights(multioutput, math.prod(shape), "multioutput").copy()
        weights.flags.writeable = False
        return weights

    def reset(self):
        """Forget every batch seen so far, keeping the options; returns the metric."""
        self._statistics = None
        return self

    @property
    def statistics(self):
        """The :class:`Statistics` of the data seen so far; None before any."""
        return self._statistics

    @property
    def options(self):
        """The options by name, which ``repr`` shows and ``merge`` requires equal."""
        multioutput = (
            self.multioutput
            if isinstance(self.multioutput, str)
            else self.multioutput.tolist()
        )
        return {"multioutput": multioutput, "nan_policy": self.nan_policy}

    def __repr__(self):
        options = ", ".join(f"{name}={value!r}" for name, value in self.options.items())
        seen = (
            "no data yet"
            if self._statistics is None
            else f"{self._statistics.n_samples} samples of "
            f"{len(self._weight())} outputs"
        )
        return f"<{type(self).__name__}({options}): {seen}>"

    def update(self, y_true, y_pred, *, sample_weight=None):
        """Add a batch of data, checked as the batch function checks it.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Observed values of this batch; every batch has the same number of
            outputs.
        y_pred : array-like of the same shape as y_true
            Predicted values.
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative finite weights; in a batch they may all be zero.

        Returns
        -------
        self
        """
        y_true, y_pred, weights, _, nan_outputs = check_regression_inputs(
            y_true, y_pred, sample_weight, "raw_values", self.nan_policy, streaming=True
        )
        if self._statistics is not None and y_true.shape[1] != len(self._weight()):
            raise ValueError(
                f"y_true has {y_true.shape[1]} outputs, "
                f"but earlier batches had {len(self._weight())}"
            )
        weights, factor = normalise_weights(weights)  # extreme weights: ratios count
        sums = self.sums_of(y_true, y_pred, weights)
        confirm_finite(self._to_confirm(sums), y_true, y_pred)
        return self._add(Statistics(sums, factor, nan_outputs, len(y_true)))

    def merge(self, other):
        """Add the data another metric of the same kind and options has seen.

        Parameters
        ----------
        other : the same class as this metric
            Another metric, for example one that saw another part of the data.

        Returns
        -------
        self
        """
        if type(other) is not type(self):
            raise TypeError(
                f"other must be a {type(self).__name__}, got {type(other).__name__}"
            )
        if self._options() != other._options():
            raise ValueError(
                f"other has options {other._options()}, this metric {self._options()}"
            )
        if other.statistics is not None:
            outputs = len(other._weight())
            if self._statistics is not None and outputs != len(self._weight()):
                raise ValueError(
                    f"other has seen {outputs} outputs, "
                    f"this metric {len(self._weight())}"
                )
            self._add(other.statistics)
        return self

    def result(self):
        """The metric of all the data seen so far, as the batch function would give it.

        Returns
        -------
        float or numpy.ndarray
            One value per output for ``multioutput='raw_values'``.
        """
        if self._statistics is None:
            raise ValueError(
                f"{type(self).__name__} has no data yet: call update first"
            )
        weight = self._weight()
        if not weight.all():
            raise ValueError(
                f"output {int(np.argmin(weight))} has no data with positive weight: "
                "every sample_weight was 0, or every pair was NaN and omitted"
            )
        multioutput = check_multioutput(self.multioutput, len(weight), self._modes)
        return self.value_from_statistics(self._statistics, multioutput)

    def sums_of(self, y_true, y_pred, weights):
        """The sums of one checked batch; a subclass overrides it to add another loss.

        Parameters
        ----------
        y_true, y_pred : numpy.ndarray of shape (n_samples, n_outputs)
            The batch as float64, checked as ``nan_policy`` says.
        weights : numpy.ndarray of shape (n_samples,) or None
            The weights, divided by a power of two if they were extreme.

        Returns
        -------
        sums
            The same kind of sums (``msebook._stats``) as this class keeps.
        """
        return SquaredErrorSums.of(y_true, y_pred, weights)

    def value_from_statistics(self, statistics, multioutput):
        """The result of ``statistics``; a subclass overrides it to read another value.

        Parameters
        ----------
        statistics : Statistics
            What :meth:`update` and :meth:`merge` gathered (or several
            :class:`Statistics` merged); every output has positive weight.
        multioutput : str or numpy.ndarray
            ``multioutput``, checked against the number of outputs.

        Returns
        -------
        float or numpy.ndarray
        """
        raise NotImplementedError

    def _add(self, statistics):
        if self._statistics is not None:
            statistics = self._statistics.merge(statistics)
        self._statistics = statistics
        return self

    def _options(self):
        return tuple(
            value if isinstance(value, str) else repr(value)
            for value in self.options.values()
        )

    def _weight(self):
        return self._statistics.sums.weight

    def _to_confirm(self, sums):
        return sums.scaled


class MeanSquaredError(_StreamingMetric):
    """The mean squared error of data that arrive in batches.

    Its result is :func:`msebook.mse` on all the data seen.

    Parameters
    ----------
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine several outputs, as for :func:`msebook.mse`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.mse`.

    Examples
    --------
    >>> from msebook.streaming import MeanSquaredError
    >>> left, right = MeanSquaredError(), MeanSquaredError()
    >>> left.update([250, 300], [240, 310]).merge(
    ...     right.update([180, 420, 350], [200, 400, 360])).result()
    220.0
    """

    def value_from_statistics(self, statistics, multioutput):
        sums = statistics.sums
        return finish(
            sums.mean(), multioutput, statistics.nan_outputs, sums.mean_in_units, 2
        )


class RootMeanSquaredError(MeanSquaredError):
    """The root mean squared error of data that arrive in batches.

    Its result is :func:`msebook.rmse` on all the data seen.

    Parameters
    ----------
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine the per-output RMSEs, as for :func:`msebook.rmse`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.rmse`.

    Examples
    --------
    >>> from msebook.streaming import RootMeanSquaredError
    >>> metric = RootMeanSquaredError().update([1e200], [-1e200])
    >>> metric.update([0.0], [0.0]).result()
    1.414213562373095e+200
    """

    def value_from_statistics(self, statistics, multioutput):
        sums = statistics.sums
        return finish(
            sums.root_mean(),
            multioutput,
            statistics.nan_outputs,
            sums.root_mean_in_units,
        )


class MeanAbsoluteError(_StreamingMetric):
    """The mean absolute error of data that arrive in batches.

    Its result is :func:`msebook.mae` on all the data seen.

    Parameters
    ----------
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine several outputs, as for :func:`msebook.mae`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.mae`.

    Examples
    --------
    >>> from msebook.streaming import MeanAbsoluteError
    >>> metric = MeanAbsoluteError().update([3, -0.5], [2.5, 0.0])
    >>> metric.update([2, 7], [2, 8]).result()
    0.5
    """

    def sums_of(self, y_true, y_pred, weights):
        return MeanSums.of(y_true, y_pred, weights, absolute_error)

    def value_from_statistics(self, statistics, multioutput):
        sums = statistics.sums
        return finish(
            sums.mean(), multioutput, statistics.nan_outputs, sums.mean_in_units
        )

    def _to_confirm(self, sums):
        return sums.total


class R2Score(_StreamingMetric):
    """The coefficient of determination of data that arrive in batches.

    Its result is :func:`msebook.r2` on all the data seen.

    Parameters
    ----------
    multioutput : {'uniform_average', 'raw_values', 'variance_weighted'} or array-like
        How to combine several outputs (array-like of shape (n_outputs,)),
        as for :func:`msebook.r2`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.r2`.
    force_finite : bool, default True
        Score a constant target 1 (perfect predictions) or 0, as
        :func:`msebook.r2` does.

    Examples
    --------
    >>> from msebook.streaming import R2Score
    >>> metric = R2Score().update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8])
    >>> round(metric.result(), 6)
    0.948608
    """

    _modes = R2_MODES

    def __init__(
        self, *, multioutput="uniform_average", nan_policy="raise", force_finite=True
    ):
        super().__init__(multioutput=multioutput, nan_policy=nan_policy)
        self.force_finite = check_flag(force_finite, "force_finite")

    @property
    def options(self):
        return {**super().options, "force_finite": self.force_finite}

    def sums_of(self, y_true, y_pred, weights):
        return R2Sums.of(y_true, y_pred, weights)

    def value_from_statistics(self, statistics, multioutput):
        if statistics.n_samples < 2:
            raise ValueError(
                f"R2Score needs at least 2 samples, got {statistics.n_samples}"
            )
        return r2_from_sums(
            statistics.sums, multioutput, statistics.nan_outputs, self.force_finite
        )

    def _weight(self):
        return self._statistics.sums.errors.weight

    def _to_confirm(self, sums):
        return np.concatenate(sums.numerator_denominator())


class BrierScore(_StreamingMetric):
    """The Brier score of forecasts that arrive in batches.

    Its result is :func:`msebook.brier_score` on all the data seen.

    One batch cannot tell which classes exist or which is positive, so where
    :func:`msebook.brier_score` would infer them from all the data, they must
    be given: ``labels`` for 2-D ``y_prob``, and ``pos_label`` for 1-D
    ``y_prob`` unless the labels are 0 and 1 (or -1 and 1).

    Parameters
    ----------
    pos_label : number, bool or str, optional
        The positive class for 1-D ``y_prob``, as for :func:`msebook.brier_score`.
    labels : array-like of shape (n_classes,), optional
        Every class, sorted, for 2-D ``y_prob`` (required there).
    scale_by_half : bool or 'auto', default 'auto'
        As for :func:`msebook.brier_score`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.brier_score`.

    Examples
    --------
    >>> from msebook.streaming import BrierScore
    >>> metric = BrierScore().update([1, 0], [0.9, 0.2]).update([1, 1], [0.6, 0.7])
    >>> round(metric.result(), 6)
    0.075
    >>> labels = ["a", "b", "c"]
    >>> left = BrierScore(labels=labels).update(["a"], [[0.6, 0.3, 0.1]])
    >>> right = BrierScore(labels=labels).update(
    ...     ["b", "c"], [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]])
    >>> round(left.merge(right).result(), 6)
    0.233333
    """

    def __init__(
        self, *, pos_label=None, labels=None, scale_by_half="auto", nan_policy="raise"
    ):
        self.pos_label = pos_label
        self.labels = None if labels is None else np.array(labels)
        self.scale_by_half = check_scale_by_half(scale_by_half)
        super().__init__(nan_policy=nan_policy)

    @property
    def options(self):
        return {
            "pos_label": self.pos_label,
            "labels": None if self.labels is None else self.labels.tolist(),
            "scale_by_half": self.scale_by_half,
            "nan_policy": self.nan_policy,
        }

    def update(self, y_true, y_prob, *, sample_weight=None):
        """Add a batch of forecasts, checked as :func:`msebook.brier_score` checks them.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            The observed classes of this batch.
        y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
            Forecast probabilities; every batch has the same number of columns.
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative finite weights; in a batch they may all be zero.

        Returns
        -------
        self
        """
        targets, probabilities, weights, propagate = check_probabilistic_inputs(
            y_true,
            y_prob,
            sample_weight,
            self.pos_label,
            self.labels,
            self.nan_policy,
            streaming=True,
        )
        weights, factor = normalise_weights(weights)  # extreme weights: ratios count
        sums = self.sums_of(targets, probabilities, weights)
        nan_outputs = np.array([propagate]) if propagate else None
        return self._add(Statistics(sums, factor, nan_outputs, len(targets)))

    def value_from_statistics(self, statistics, multioutput):
        if statistics.nan_outputs is not None and statistics.nan_outputs.any():
            return math.nan
        return brier_from_sums(statistics.sums, self.scale_by_half)

    def _options(self):
        return tuple(repr(value) for value in self.options.values())
