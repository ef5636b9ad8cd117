"""Metrics for data that arrive in batches: update with each batch, merge partial results, read the result.

Each class keeps the same sufficient statistics as its batch function
(``msebook._stats``): after any sequence of :meth:`~MeanSquaredError.update` and
:meth:`~MeanSquaredError.merge` calls, :meth:`~MeanSquaredError.result` equals the
batch function on all the data, to rounding (1e-12 relative), whatever the
split and the merge order.

>>> from msebook.streaming import MeanSquaredError
>>> metric = MeanSquaredError()
>>> metric.update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]).result()
0.375
"""

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


class _StreamingMetric:
    """What every streaming metric shares: options, checks, and the bookkeeping of its statistics."""

    _modes = MULTIOUTPUT_MODES

    def __init__(self, *, multioutput="uniform_average", nan_policy="raise"):
        self.multioutput = self._check_multioutput(multioutput)
        self.nan_policy = check_nan_policy(nan_policy)
        self.reset()

    def _check_multioutput(self, multioutput):
        """A mode name, or a read-only copy of the output weights (their number is checked against the data)."""
        if (
            isinstance(multioutput, str)
            or multioutput is None
            or np.ndim(multioutput) == 0
        ):
            return check_multioutput(multioutput, 1, self._modes)
        weights = check_weights(
            multioutput, len(np.ravel(multioutput)), "multioutput"
        ).copy()
        weights.flags.writeable = False
        return weights

    def reset(self):
        """Forget every batch seen so far, keeping the options; returns the metric itself."""
        self._sums = None
        self._factor = (
            1.0  # the weights of the statistics are divided by this power of two
        )
        self._nan_outputs = None
        self._n_samples = 0
        return self

    def __repr__(self):
        options = ", ".join(
            f"{name}={value!r}" for name, value in self._named_options()
        )
        seen = (
            "no data yet"
            if self._sums is None
            else f"{self._n_samples} samples of {len(self._weight())} outputs"
        )
        return f"<{type(self).__name__}({options}): {seen}>"

    def _named_options(self):
        multioutput = (
            self.multioutput
            if isinstance(self.multioutput, str)
            else self.multioutput.tolist()
        )
        return [("multioutput", multioutput), ("nan_policy", self.nan_policy)]

    def update(self, y_true, y_pred, *, sample_weight=None):
        """Add a batch of data, checked as the batch function checks it; returns the metric itself.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Observed values of this batch; every batch has the same number of outputs.
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
        if self._sums is not None and y_true.shape[1] != len(self._weight()):
            raise ValueError(
                f"y_true has {y_true.shape[1]} outputs, but earlier batches had {len(self._weight())}"
            )
        weights, factor = normalise_weights(
            weights
        )  # extreme weights: only ratios count
        sums = self._statistics(y_true, y_pred, weights)
        confirm_finite(self._to_confirm(sums), y_true, y_pred)
        self._add(sums, nan_outputs, len(y_true), factor)
        return self

    def merge(self, other):
        """Add the data another metric of the same kind and options has seen; returns this metric.

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
        if other._sums is not None:
            if self._sums is not None and len(other._weight()) != len(self._weight()):
                raise ValueError(
                    f"other has seen {len(other._weight())} outputs, this metric {len(self._weight())}"
                )
            self._add(other._sums, other._nan_outputs, other._n_samples, other._factor)
        return self

    def result(self):
        """The metric of all the data seen so far, as the batch function would give it.

        Returns
        -------
        float or numpy.ndarray
            One value per output for ``multioutput='raw_values'``.
        """
        if self._sums is None:
            raise ValueError(
                f"{type(self).__name__} has no data yet: call update first"
            )
        weight = self._weight()
        if not weight.all():
            raise ValueError(
                f"output {int(np.argmin(weight))} has no data with positive weight"
            )
        multioutput = check_multioutput(self.multioutput, len(weight), self._modes)
        return self._value(multioutput)

    def _add(self, sums, nan_outputs, n_samples, factor):
        """Merge statistics whose weights were divided by ``factor`` into this metric's."""
        if self._sums is None:
            self._sums, self._factor = sums, factor
        else:  # bring both to the larger factor: the other's weights shrink, exactly
            common = max(self._factor, factor)
            mine = (
                self._sums
                if self._factor == common
                else self._sums.reweighted(self._factor / common)
            )
            theirs = sums if factor == common else sums.reweighted(factor / common)
            self._sums, self._factor = mine.merge(theirs), common
        if nan_outputs is not None:
            self._nan_outputs = (
                nan_outputs
                if self._nan_outputs is None
                else self._nan_outputs | nan_outputs
            )
        self._n_samples += n_samples

    def _options(self):
        return tuple(
            value if isinstance(value, str) else repr(value)
            for _, value in self._named_options()
        )

    def _weight(self):
        return self._sums.weight

    def _to_confirm(self, sums):
        return sums.scaled

    def _finish(self, per_output, multioutput, in_units=None, power=1):
        return finish(per_output, multioutput, self._nan_outputs, in_units, power)


class MeanSquaredError(_StreamingMetric):
    """The mean squared error of data that arrive in batches; :func:`msebook.mse` on all of them.

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
    >>> left.update([250, 300], [240, 310]).merge(right.update([180, 420, 350], [200, 400, 360])).result()
    220.0
    """

    _statistics = staticmethod(SquaredErrorSums.of)

    def _value(self, multioutput):
        return self._finish(self._sums.mean(), multioutput, self._sums.mean_in_units, 2)


class RootMeanSquaredError(MeanSquaredError):
    """The root mean squared error of data that arrive in batches; :func:`msebook.rmse` on all of them.

    Parameters
    ----------
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine the per-output RMSEs, as for :func:`msebook.rmse`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.rmse`.

    Examples
    --------
    >>> from msebook.streaming import RootMeanSquaredError
    >>> RootMeanSquaredError().update([1e200], [-1e200]).update([0.0], [0.0]).result()
    1.414213562373095e+200
    """

    def _value(self, multioutput):
        return self._finish(
            self._sums.root_mean(), multioutput, self._sums.root_mean_in_units
        )


class MeanAbsoluteError(_StreamingMetric):
    """The mean absolute error of data that arrive in batches; :func:`msebook.mae` on all of them.

    Parameters
    ----------
    multioutput : {'uniform_average', 'raw_values'} or array-like of shape (n_outputs,)
        How to combine several outputs, as for :func:`msebook.mae`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.mae`.

    Examples
    --------
    >>> from msebook.streaming import MeanAbsoluteError
    >>> MeanAbsoluteError().update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]).result()
    0.5
    """

    @staticmethod
    def _statistics(y_true, y_pred, weights):
        return MeanSums.of(y_true, y_pred, weights, absolute_error)

    def _to_confirm(self, sums):
        return sums.total

    def _value(self, multioutput):
        return self._finish(self._sums.mean(), multioutput, self._sums.mean_in_units)


class R2Score(_StreamingMetric):
    """The coefficient of determination of data that arrive in batches; :func:`msebook.r2` on all of them.

    Parameters
    ----------
    multioutput : {'uniform_average', 'raw_values', 'variance_weighted'} or array-like of shape (n_outputs,)
        How to combine several outputs, as for :func:`msebook.r2`.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN means, as for :func:`msebook.r2`.
    force_finite : bool, default True
        Score a constant target 1 (perfect predictions) or 0, as :func:`msebook.r2` does.

    Examples
    --------
    >>> from msebook.streaming import R2Score
    >>> round(R2Score().update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]).result(), 6)
    0.948608
    """

    _modes = R2_MODES
    _statistics = staticmethod(R2Sums.of)

    def __init__(
        self, *, multioutput="uniform_average", nan_policy="raise", force_finite=True
    ):
        super().__init__(multioutput=multioutput, nan_policy=nan_policy)
        self.force_finite = check_flag(force_finite, "force_finite")

    def _named_options(self):
        return super()._named_options() + [("force_finite", self.force_finite)]

    def _weight(self):
        return self._sums.errors.weight

    def _to_confirm(self, sums):
        return np.concatenate(sums.numerator_denominator())

    def _value(self, multioutput):
        if self._n_samples < 2:
            raise ValueError(f"R2Score needs at least 2 samples, got {self._n_samples}")
        return r2_from_sums(
            self._sums, multioutput, self._nan_outputs, self.force_finite
        )


class BrierScore(_StreamingMetric):
    """The Brier score of forecasts that arrive in batches; :func:`msebook.brier_score` on all of them.

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

    def _named_options(self):
        labels = None if self.labels is None else self.labels.tolist()
        return [
            ("pos_label", self.pos_label),
            ("labels", labels),
            ("scale_by_half", self.scale_by_half),
            ("nan_policy", self.nan_policy),
        ]

    def _options(self):
        return tuple(repr(value) for _, value in self._named_options())

    def update(self, y_true, y_prob, *, sample_weight=None):
        """Add a batch of forecasts, checked as :func:`msebook.brier_score` checks them; returns the metric itself.

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
        weights, factor = normalise_weights(
            weights
        )  # extreme weights: only ratios count
        sums = SquaredErrorSums.of(targets, probabilities, weights)
        nan_outputs = np.array([propagate]) if propagate else None
        self._add(sums, nan_outputs, len(targets), factor)
        return self

    def _value(self, multioutput):
        if self._nan_outputs is not None and self._nan_outputs.any():
            return float("nan")
        return brier_from_sums(self._sums, self.scale_by_half)
