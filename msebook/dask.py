"""The regression metrics on Dask arrays and dataframe columns.

Each is one pass over the data, as a tree reduction.

Install with ``pip install 'msebook[dask]'``. Each function takes what its
in-memory namesake takes, plus ``compute``, and returns the same value:

- every block of rows becomes a streaming metric of :mod:`msebook.streaming`
  that has seen that block (its sufficient statistics, a few numbers per
  output), on the worker that holds the block;
- those small objects are merged in a tree, ``split_every`` at a time, and the
  last one gives the result. Nothing else leaves a worker: the data are read
  once and never gathered.

Inputs are dask arrays, dask dataframe columns (or a dask dataframe for
several outputs), or arrays in memory, which are cut into y_true's blocks.
Blocks of known size are aligned by rechunking; dataframe partitions, whose
lengths are unknown, are paired one to one when every input is a dataframe
column with the same number of partitions, and otherwise their lengths are
computed first (an extra pass over those partitions that brings back only
their lengths). Bad shapes,
dtypes and options raise msebook's errors when the graph is built; what only
the data show (a NaN, a weight below 0, partitions of different lengths)
raises the same errors when it is computed, with the block named.

With ``compute=False`` a function returns a ``dask.delayed.Delayed``
instead of the value; several of them computed together (:func:`compute`, or
``dask.compute``) read each block once.

**Accuracy.** Each block's statistics are those of the in-memory function, so
within its bound (for a sum of squares ``(256 + 17 + 1) u``, ``u = 2**-53``:
see ``msebook._stats``). Each merge rounds the sums once, and a task of the
tree merges its ``SPLIT_EVERY`` = 8 inputs pairwise: at most 3 roundings per
level, ``ceil(log8(n_blocks))`` levels, for the sums of squares (all
non-negative) and, with weights, for the sum of the weights. The same chunking
gives the same tree, so the same bits, on any scheduler.

>>> import dask.array as da
>>> import msebook.dask
>>> y_true = da.from_array([3, -0.5, 2, 7], chunks=2)
>>> y_pred = da.from_array([2.5, 0.0, 2, 8], chunks=2)
>>> msebook.dask.mse(y_true, y_pred)
0.375
>>> msebook.dask.compute(
...     msebook.dask.mae(y_true, y_pred, compute=False),
...     msebook.dask.sse(y_true, y_pred, compute=False),
... )
(0.5, 1.5)
"""

import copy
import math

from . import streaming
from ._reduce import (
    R2_MODES,
    absolute_percentage_error,
    huber_loss,
    log1p_of_values_above_minus_one,
    log_cosh_error,
    naive_forecast_error,
    nmse_from_sums,
    pinball_loss,
    scaled_error,
    sse_from_sums,
    symmetric_absolute_percentage_error,
    tukey_biweight_loss,
)
from ._stats import MeanSums
from ._validation import (
    MULTIOUTPUT_MODES,
    as_labels,
    as_real_array,
    check_multioutput,
    check_scalar,
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
    "sse",
    "brier_score",
    "mase",
    "compute",
]

SPLIT_EVERY = 8  # the blocks' statistics merged by one task of the tree
NAMES = ("y_true", "y_pred", "sample_weight")


# --- Streaming metrics for the functions that have no class in msebook.streaming ---
# They extend the public classes through their documented interface (sums_of,
# value_from_statistics, options) and differ only in the sums of a batch or in
# the value read from them.


LOSSES = {  # name -> the kernel of a loss with that parameter
    "mape": lambda parameter: absolute_percentage_error,
    "smape": lambda parameter: symmetric_absolute_percentage_error,
    "log_cosh": lambda parameter: log_cosh_error,
    "huber": huber_loss,
    "pinball": pinball_loss,
    "tukey_biweight": tukey_biweight_loss,
}


class _MeanLoss(streaming.MeanAbsoluteError):
    """The weighted mean of an elementwise loss of ``msebook._reduce``.

    The loss is given by name and parameter.
    """

    def __init__(self, loss, parameter=None, **options):
        self.loss, self.parameter = loss, parameter
        super().__init__(**options)

    @property
    def options(self):
        return {"loss": self.loss, "parameter": self.parameter, **super().options}

    def sums_of(self, y_true, y_pred, weights):
        loss = LOSSES[self.loss](self.parameter)
        return MeanSums.of(y_true, y_pred, weights, loss)


class _SquaredLogError(streaming.MeanSquaredError):
    """msle: the squared errors of ``log(1 + y)``; rmsle with ``root=True``."""

    def __init__(self, root=False, **options):
        self.root = root
        super().__init__(**options)

    @property
    def options(self):
        return {"root": self.root, **super().options}

    def sums_of(self, y_true, y_pred, weights):
        log1p = log1p_of_values_above_minus_one("rmsle" if self.root else "msle")
        return super().sums_of(
            log1p(y_true, "y_true"), log1p(y_pred, "y_pred"), weights
        )

    def value_from_statistics(self, statistics, multioutput):
        # read as (r)mse reads the same sums
        reader = (
            streaming.RootMeanSquaredError if self.root else streaming.MeanSquaredError
        )
        return reader.value_from_statistics(self, statistics, multioutput)


class _SumOfSquares(streaming.MeanSquaredError):
    """sse: the weighted sum of squared errors, in the weights' own units."""

    def value_from_statistics(self, statistics, multioutput):
        return sse_from_sums(
            statistics.sums, statistics.factor, multioutput, statistics.nan_outputs
        )


class _NormalisedSquaredError(streaming.R2Score):
    """nmse: the statistics of r2, read as their ratio."""

    def value_from_statistics(self, statistics, multioutput):
        if statistics.n_samples < 2:
            raise ValueError(
                "nmse needs at least 2 samples (it compares with their mean), "
                f"got {statistics.n_samples}"
            )
        return nmse_from_sums(statistics.sums, multioutput, statistics.nan_outputs)


# --- From inputs to a graph ---------------------------------------------------


def _dask_array():
    try:
        import dask.array
    except ImportError:  # pragma: no cover - the tests run with dask
        raise ImportError(
            "msebook.dask needs Dask: pip install 'msebook[dask]'"
        ) from None
    return dask.array


def _as_dask(value, name, *, labels=False):
    """``value`` as a dask array of 1 or 2 dimensions.

    It is checked as far as its metadata go; nothing is computed.
    """
    da = _dask_array()
    if value is None:
        raise TypeError(f"{name} must be an array of real numbers, got None")
    if hasattr(value, "to_dask_array"):  # a dask dataframe or series
        dtypes = value.dtypes
        for dtype in dtypes.tolist() if hasattr(dtypes, "tolist") else [dtypes]:
            if not labels:
                _check_real(dtype, name)
        value = value.to_dask_array()
    elif not isinstance(value, da.Array):
        # checked as the in-memory functions check it: ragged rows and masked
        # values are refused by name
        if labels:
            value = as_labels(value, name)
        else:
            value = as_real_array(value, name, finite=False)
        value = da.from_array(value, chunks=-1)
    if not 0 < value.ndim < 3:
        raise ValueError(
            f"{name} must be a 1-D or 2-D array, "
            f"got {value.ndim} dimensions {value.shape}"
        )
    if not labels:
        _check_real(value.dtype, name)
    if value.ndim == 2 and value.numblocks[1] > 1:  # a block holds whole rows
        value = value.rechunk({1: -1})
    return value


def _check_real(dtype, name):
    """msebook's error for a dtype (numpy's or pandas') not of real numbers."""
    kind = getattr(dtype, "kind", "O")
    if kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values")
    if kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got values of dtype {dtype}")


def _known(array):
    return not math.isnan(array.shape[0]) and not any(
        math.isnan(size) for size in array.chunks[0]
    )


def _align(arrays, names):
    """Give every array y_true's row blocks.

    They are rechunked if all lengths are known; otherwise the lengths are
    computed first.

    Dataframe columns that all have unknown lengths and the same number of
    partitions are paired partition by partition; their lengths are checked
    when the blocks are read.
    """
    unknown = [not _known(array) for array in arrays]
    if any(unknown):
        counts = {array.numblocks[0] for array in arrays}
        if all(unknown) and len(counts) == 1:
            return arrays
        arrays = [
            array.compute_chunk_sizes() if missing else array
            for array, missing in zip(arrays, unknown)
        ]
    lead, lead_name = arrays[0], names[0]
    for array, name in zip(arrays[1:], names[1:]):
        if array.shape[0] != lead.shape[0]:
            if name == "sample_weight":
                raise ValueError(
                    f"sample_weight must have length {lead.shape[0]}, "
                    f"got {array.shape[0]}"
                )
            raise ValueError(
                f"{lead_name} and {name} must have the same number of samples, "
                f"got {lead.shape[0]} and {array.shape[0]}"
            )
    if lead.shape[0] == 0:
        raise ValueError(
            f"{lead_name} is empty (shape {lead.shape}); it needs at least one value"
        )
    return [lead] + [
        array
        if array.chunks[0] == lead.chunks[0]
        else array.rechunk({0: lead.chunks[0]})
        for array in arrays[1:]
    ]


def _inputs(y_true, y_pred, sample_weight, *, labels=False, second="y_pred"):
    """The inputs as dask arrays with the same row blocks.

    They are checked as far as the graph can tell.
    """
    arrays = [_as_dask(y_true, "y_true", labels=labels), _as_dask(y_pred, second)]
    names = ["y_true", second]
    if not labels:
        true, pred = arrays
        if true.ndim == 2 and pred.ndim == 2 or true.ndim != pred.ndim:
            outputs = [1 if a.ndim == 1 else a.shape[1] for a in arrays]
            if outputs[0] != outputs[1]:
                raise ValueError(
                    f"y_true and {second} must have the same number of outputs, "
                    f"got {outputs[0]} and {outputs[1]}"
                )
    if sample_weight is not None:
        weights = _as_dask(sample_weight, "sample_weight")
        if weights.ndim != 1:
            raise ValueError(f"sample_weight must be 1-D, got shape {weights.shape}")
        arrays.append(weights)
        names.append("sample_weight")
    return _align(arrays, names)


def _n_outputs(array):
    return 1 if array.ndim == 1 else array.shape[1]


def _block_statistics(template, index, names, y_true, y_pred, sample_weight=None):
    """A copy of the empty metric ``template`` that has seen block ``index``."""
    metric = copy.deepcopy(template)
    for name, block in zip(names[1:], (y_pred, sample_weight)):
        if block is not None and len(block) != len(y_true):
            raise ValueError(
                f"block {index} of {name} has {len(block)} samples and that of y_true "
                f"{len(y_true)}: give them the same partitions (or known lengths, "
                "and they are aligned)"
            )
    if len(y_true) == 0:  # an empty partition adds nothing
        return metric
    try:
        metric.update(y_true, y_pred, sample_weight=sample_weight)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{error} (in block {index} of the rows)") from None
    return metric


def _merge(*metrics):
    """The statistics of all ``metrics`` together, merged pairwise.

    The inputs are left unchanged.
    """
    metrics = list(metrics)
    while len(metrics) > 1:
        metrics = [
            copy.deepcopy(metrics[i]).merge(metrics[i + 1])
            if i + 1 < len(metrics)
            else metrics[i]
            for i in range(0, len(metrics), 2)
        ]
    return metrics[0]


def _result(metric, name):
    if metric.statistics is None:  # every block was empty
        raise ValueError(f"{name} has no samples: y_true is empty")
    return metric.result()


def _reduction(template, arrays, name, compute, names=NAMES, split_every=SPLIT_EVERY):
    """The tree of block statistics and merges; its value, or a Delayed of it."""
    import dask

    blocks = [
        array.to_delayed(optimize_graph=False).reshape(-1).tolist() for array in arrays
    ]
    block = dask.delayed(_block_statistics, pure=True)
    level = [
        block(template, index, names, *parts)
        for index, parts in enumerate(zip(*blocks))
    ]
    merge = dask.delayed(_merge, pure=True)
    while len(level) > 1:
        level = [
            merge(*level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    value = dask.delayed(_result, pure=True)(level[0], name)
    return value.compute() if compute else value


def _regression(
    name, template, y_true, y_pred, sample_weight, multioutput, compute, modes
):
    arrays = _inputs(y_true, y_pred, sample_weight)
    check_multioutput(multioutput, _n_outputs(arrays[0]), modes)
    return _reduction(template, arrays, name, compute)


_SIGNATURE = """

    The same as :func:`msebook.{name}` (see it for the parameters and the
    result) on dask arrays or dask dataframe columns, as one tree reduction.
    ``compute=False`` returns a ``dask.delayed.Delayed`` of the value.

    Examples
    --------
    >>> import dask.array as da
    >>> import msebook
    >>> import msebook.dask
    >>> y_true, y_pred = [3, 0.5, 2, 7, 4], [2.5, 0.0, 2, 8, 4.5]
    >>> blocks = da.from_array(y_true, chunks=2), da.from_array(y_pred, chunks=2)
    >>> value = msebook.dask.{name}(*blocks)
    >>> bool(abs(value - msebook.{name}(y_true, y_pred)) <= 1e-12 * abs(value))
    True
"""


def _metric(name, make, modes=MULTIOUTPUT_MODES, summary=""):
    """A function of msebook.dask for the in-memory metric ``name``.

    ``make(**options)`` builds its streaming metric.
    """

    def function(
        y_true,
        y_pred,
        *,
        sample_weight=None,
        multioutput="uniform_average",
        nan_policy="raise",
        compute=True,
        **parameters,
    ):
        template = make(multioutput=multioutput, nan_policy=nan_policy, **parameters)
        return _regression(
            name,
            template,
            y_true,
            y_pred,
            sample_weight,
            multioutput,
            compute,
            modes,
        )

    function.__name__ = function.__qualname__ = name
    function.__doc__ = summary + _SIGNATURE.format(name=name)
    return function


def _loss(loss, parameter_name=None, check=None):
    def make(*, multioutput, nan_policy, **parameters):
        if parameter_name is None:
            if parameters:
                raise TypeError(f"{loss} got unexpected options {sorted(parameters)}")
            parameter = None
        else:
            unknown = set(parameters) - {parameter_name}
            if unknown:
                raise TypeError(f"{loss} got unexpected options {sorted(unknown)}")
            parameter = check(parameters.get(parameter_name))
        return _MeanLoss(
            loss, parameter, multioutput=multioutput, nan_policy=nan_policy
        )

    return make


def _no_options(cls, **fixed):
    def make(*, multioutput, nan_policy, **parameters):
        return cls(
            multioutput=multioutput, nan_policy=nan_policy, **fixed, **parameters
        )

    return make


mse = _metric(
    "mse", _no_options(streaming.MeanSquaredError), summary="Mean squared error."
)
rmse = _metric(
    "rmse",
    _no_options(streaming.RootMeanSquaredError),
    summary="Root mean squared error.",
)
mae = _metric(
    "mae", _no_options(streaming.MeanAbsoluteError), summary="Mean absolute error."
)
sse = _metric("sse", _no_options(_SumOfSquares), summary="Sum of squared errors.")
msle = _metric(
    "msle",
    _no_options(_SquaredLogError, root=False),
    summary="Mean squared logarithmic error.",
)
rmsle = _metric(
    "rmsle",
    _no_options(_SquaredLogError, root=True),
    summary="Root mean squared logarithmic error.",
)
mape = _metric("mape", _loss("mape"), summary="Mean absolute percentage error.")
smape = _metric(
    "smape", _loss("smape"), summary="Symmetric mean absolute percentage error."
)
log_cosh = _metric("log_cosh", _loss("log_cosh"), summary="Mean log-cosh error.")
huber = _metric(
    "huber",
    _loss(
        "huber",
        "delta",
        lambda delta: check_scalar(
            1.0 if delta is None else delta, "delta", low=0, low_open=True
        ),
    ),
    summary="Huber loss (option ``delta``, default 1.0).",
)
pinball = _metric(
    "pinball",
    _loss(
        "pinball",
        "alpha",
        lambda alpha: check_scalar(
            0.5 if alpha is None else alpha,
            "alpha",
            low=0,
            high=1,
            low_open=True,
            high_open=True,
        ),
    ),
    summary="Mean pinball (quantile) loss (option ``alpha``, default 0.5).",
)
tukey_biweight = _metric(
    "tukey_biweight",
    _loss(
        "tukey_biweight",
        "c",
        lambda c: check_scalar(4.685 if c is None else c, "c", low=0, low_open=True),
    ),
    summary="Mean Tukey biweight loss (option ``c``, default 4.685).",
)
r2 = _metric(
    "r2",
    _no_options(streaming.R2Score),
    R2_MODES,
    summary="Coefficient of determination (option ``force_finite``, default True).",
)
nmse = _metric(
    "nmse",
    _no_options(_NormalisedSquaredError),
    R2_MODES,
    summary="Normalised mean squared error.",
)


def brier_score(
    y_true,
    y_prob,
    *,
    sample_weight=None,
    pos_label=None,
    labels=None,
    scale_by_half="auto",
    nan_policy="raise",
    compute=True,
):
    """The Brier score of probability forecasts.

    The same as :func:`msebook.brier_score` on dask arrays or dataframe
    columns, except that, as for :class:`msebook.streaming.BrierScore`, the
    classes cannot be inferred from one block: ``labels`` is required for
    2-D ``y_prob``, and ``pos_label`` for 1-D ``y_prob`` unless the labels
    are 0 and 1 (or -1 and 1). ``compute=False`` returns a
    ``dask.delayed.Delayed`` of the value.

    >>> import dask.array as da
    >>> from msebook.dask import brier_score
    >>> round(brier_score(da.from_array([1, 0, 1, 1], chunks=2),
    ...                   da.from_array([0.9, 0.2, 0.6, 0.7], chunks=3)), 6)
    0.075
    """
    template = streaming.BrierScore(
        pos_label=pos_label,
        labels=labels,
        scale_by_half=scale_by_half,
        nan_policy=nan_policy,
    )
    arrays = _inputs(y_true, y_prob, sample_weight, labels=True, second="y_prob")
    if arrays[0].ndim != 1:
        raise ValueError(f"y_true must be 1-D, got shape {arrays[0].shape}")
    names = ("y_true", "y_prob", "sample_weight")
    return _reduction(template, arrays, "brier_score", compute, names)


def mase(
    y_true,
    y_pred,
    *,
    y_train,
    seasonality=1,
    sample_weight=None,
    multioutput="uniform_average",
    nan_policy="raise",
    compute=True,
):
    """The mean absolute scaled error of forecasts.

    The same as :func:`msebook.mase`: the test MAE is one tree reduction over
    the dask arrays or dataframe columns; ``y_train``, the history the naive
    forecast is scored on, is read into memory (a dask collection is computed
    first), as it is usually far shorter than the data forecast.
    ``compute=False`` returns a ``dask.delayed.Delayed`` of the value.

    >>> import dask.array as da
    >>> import msebook
    >>> from msebook.dask import mase
    >>> y_train, y_true, y_pred = [1, 3, 2, 4], [5, 6, 4], [4.5, 6.5, 5]
    >>> value = mase(da.from_array(y_true, chunks=2), da.from_array(y_pred, chunks=2),
    ...              y_train=y_train)
    >>> bool(value == msebook.mase(y_true, y_pred, y_train=y_train))
    True
    """
    import dask

    errors = mae(
        y_true,
        y_pred,
        sample_weight=sample_weight,
        multioutput="raw_values",
        nan_policy=nan_policy,
        compute=False,
    )
    n_outputs = _n_outputs(_as_dask(y_true, "y_true"))
    multioutput = check_multioutput(multioutput, n_outputs)
    if dask.is_dask_collection(y_train):
        y_train = y_train.compute()
    naive, scale = naive_forecast_error(y_train, seasonality, n_outputs, nan_policy)
    value = dask.delayed(scaled_error, pure=True)(errors, naive, scale, multioutput)
    return value.compute() if compute else value


def compute(*values, **options):
    """Compute several results of ``compute=False`` calls together.

    Each block is read once. The same as ``dask.compute``, whose options it
    passes on (``scheduler`` for example); returns a tuple of the values.
    """
    import dask

    return dask.compute(*values, **options)
