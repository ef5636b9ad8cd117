"""Squared error for probabilities: the Brier score and its Murphy decomposition.

A probabilistic forecast of a class gives each class a probability; the Brier score is
the mean squared error between those probabilities and the one-hot outcome.
:func:`~msebook.brier_score` follows scikit-learn's ``brier_score_loss`` (binary scores
in [0, 1], multiclass scores in [0, 2]); :func:`~msebook.brier_decomposition` splits it
into reliability, resolution and uncertainty. Both share their checks with
:class:`msebook.streaming.BrierScore` (``msebook._validation``) and their sums with
every squared-error metric (``msebook._stats``).
"""

import math
from typing import NamedTuple

import numpy as np

from ._reduce import brier_from_sums, score_factor
from ._stats import SquaredErrorSums
from ._validation import (
    check_probabilistic_inputs,
    check_scalar,
    check_scale_by_half,
)

__all__ = ["brier_score", "brier_decomposition", "BrierDecomposition"]


# The parameters both functions share, written once and put into each docstring.
_PARAMETERS = """\
    y_true : array-like of shape (n_samples,)
        The observed classes: numbers, bools or strings.
    y_prob : array-like of shape (n_samples,) or (n_samples, n_classes)
        Forecast probabilities in [0, 1]. A 1-D array gives the probability of
        the positive class (see ``pos_label``); a 2-D array gives one column per
        class, in the sorted order of the labels, and each row must sum to 1
        (to within the square root of the machine epsilon of its dtype).
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative finite weights, not all zero.
    pos_label : number, bool or str, optional
        The positive class for a 1-D ``y_prob``. If not given it is 1 when the
        labels are 0 and 1 (or -1 and 1, or one of them alone), else the greater
        of the two labels; for string labels it must be given.
    labels : array-like of shape (n_classes,), optional
        Every class, sorted, for a 2-D ``y_prob``: needed when ``y_true`` does not
        hold every class. By default the classes found in ``y_true``.
    scale_by_half : bool or 'auto', default 'auto'
        Halve the sum over classes. 'auto' halves it for two classes, where the
        score then equals the mean of :math:`(y_i - p_i)^2` over the positive
        class and lies in [0, 1], and keeps the full sum, in [0, 2], for three
        classes or more.
    nan_policy : {'raise', 'omit', 'propagate'}
        What a NaN in y_true (float labels) or y_prob means. 'raise' (the
        default): a ``ValueError`` naming the argument and the first bad
        index. 'omit': the sample is left out with its weight. 'propagate':
        the result is nan. Infinite values are an error under every policy."""
_RAISES = """\
    Raises
    ------
    TypeError
        If an argument is not an array of labels or of real numbers, or an
        option has the wrong type.
    ValueError
        If the arrays differ in length or are empty, a probability lies outside
        [0, 1], a row of class probabilities does not sum to 1, ``y_true`` holds
        a class that ``labels`` or the columns of ``y_prob`` do not, the
        weights are negative or all zero, or a NaN is met under
        ``nan_policy='raise'``."""


def _document(function):
    """Fill the shared parameter descriptions into ``function``'s docstring."""
    function.__doc__ = function.__doc__.replace(
        "    {parameters}", _PARAMETERS
    ).replace("    {raises}", _RAISES)
    return function


@_document
def brier_score(
    y_true,
    y_prob,
    *,
    sample_weight=None,
    pos_label=None,
    labels=None,
    scale_by_half="auto",
    nan_policy="raise",
):
    r"""The Brier score: the mean squared error of probability forecasts of classes.

    For :math:`n` samples and :math:`C` classes, with :math:`o_{ic}` equal to 1
    if sample :math:`i` is of class :math:`c` and 0 otherwise,

    .. math::

        \mathrm{BS} = \frac{1}{n} \sum_{i=1}^{n} \sum_{c=1}^{C} (p_{ic} - o_{ic})^2 ,

    halved as ``scale_by_half`` says. For two classes (by default) that is
    :math:`\frac1n \sum_i (p_i - o_i)^2` with :math:`p_i` the probability of
    the positive class: the MSE of the probabilities. The result equals
    scikit-learn's ``brier_score_loss`` with the same arguments; where that
    function would warn (rows not summing to 1, unsorted ``labels``) or guess
    (a ``pos_label`` that is not a label), this one raises.

    Parameters
    ----------
    {parameters}

    Returns
    -------
    float
        The score: 0 for certain, correct forecasts; at most 1 for two classes
        by default, and at most 2 for three or more.

    {raises}

    See Also
    --------
    brier_decomposition : reliability, resolution and uncertainty.
    msebook.streaming.BrierScore : the same, for data that arrive in batches.
    msebook.mse : the mean squared error of real-valued predictions.

    Examples
    --------
    >>> from msebook import brier_score
    >>> round(brier_score([1, 0, 1, 1], [0.9, 0.2, 0.6, 0.7]), 6)
    0.075
    >>> round(brier_score(["rain", "dry", "rain"], [0.8, 0.3, 0.4],
    ...                   pos_label="rain"), 6)
    0.163333
    >>> round(brier_score(["a", "b", "c"],
    ...                   [[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]]), 6)
    0.233333
    >>> brier_score([0, 1], [0.5, 1.2])
    Traceback (most recent call last):
    ...
    ValueError: y_prob must hold probabilities in [0, 1], got 1.2 at index 1
    """
    scale_by_half = check_scale_by_half(scale_by_half)
    targets, probabilities, weights, propagate = check_probabilistic_inputs(
        y_true, y_prob, sample_weight, pos_label, labels, nan_policy
    )
    if propagate:
        return math.nan
    sums = SquaredErrorSums.of(targets, probabilities, weights)
    return brier_from_sums(sums, scale_by_half)


class BrierDecomposition(NamedTuple):
    """Murphy's three terms of a Brier score: reliability − resolution + uncertainty.

    ``reliability`` is how far the observed frequencies lie from the forecasts
    that announced them (smaller is better); ``resolution`` how far the
    observed frequencies of the forecasts' groups lie from the overall ones
    (larger is better); ``uncertainty`` the score of always forecasting the
    overall frequencies, a property of the outcomes alone.
    """

    reliability: float
    resolution: float
    uncertainty: float


@_document
def brier_decomposition(
    y_true,
    y_prob,
    *,
    sample_weight=None,
    pos_label=None,
    labels=None,
    scale_by_half="auto",
    n_bins=None,
    nan_policy="raise",
):
    r"""Murphy's decomposition of the Brier score into reliability, resolution and
    uncertainty.

    The samples are grouped by the forecast they were given. With :math:`W`
    the total weight, :math:`W_k` that of group :math:`k`, :math:`f_k` its
    forecast (a vector of class probabilities), :math:`\bar o_k` the observed
    frequencies of the classes in it and :math:`\bar o` those of all samples,

    .. math::

        \mathrm{REL} = \sum_k \frac{W_k}{W} \lVert f_k - \bar o_k \rVert^2, \quad
        \mathrm{RES} = \sum_k \frac{W_k}{W} \lVert \bar o_k - \bar o \rVert^2, \quad
        \mathrm{UNC} = \sum_c \bar o_c (1 - \bar o_c),

    each scaled as :func:`~msebook.brier_score` scales the score. Grouping by the
    distinct forecasts (the default), the score is exactly
    REL − RES + UNC (Murphy 1973), up to rounding.

    With ``n_bins``, binary forecasts are instead grouped into that many bins of
    equal width on [0, 1] and :math:`f_k` is the mean forecast of bin
    :math:`k`, as reliability diagrams do for forecasts that take many values.
    The three terms then no longer add up to the score: the score equals
    REL − RES + UNC plus the within-bin variance of the forecasts minus twice
    their within-bin covariance with the outcomes (Stephenson, Coelho and
    Jolliffe 2008), terms that vanish only when the forecasts are constant
    within each bin.

    Parameters
    ----------
    {parameters}
    n_bins : int, optional
        Group binary forecasts (1-D ``y_prob``) into this many bins of equal
        width instead of by their distinct values.

    Returns
    -------
    BrierDecomposition
        A named tuple ``(reliability, resolution, uncertainty)`` of floats.

    {raises}

    See Also
    --------
    brier_score : the score itself.

    Examples
    --------
    >>> from msebook import brier_decomposition, brier_score
    >>> y_true, y_prob = [0, 0, 1, 1, 1, 0], [0.2, 0.2, 0.2, 0.7, 0.7, 0.7]
    >>> terms = brier_decomposition(y_true, y_prob)
    >>> [round(term, 6) for term in terms]
    [0.009444, 0.027778, 0.25]
    >>> round(terms.reliability - terms.resolution + terms.uncertainty, 6)
    0.231667
    >>> round(brier_score(y_true, y_prob), 6)
    0.231667
    """
    scale_by_half = check_scale_by_half(scale_by_half)
    if n_bins is not None:
        n_bins = check_scalar(n_bins, "n_bins", integer=True, low=1)
    targets, probabilities, weights, propagate = check_probabilistic_inputs(
        y_true, y_prob, sample_weight, pos_label, labels, nan_policy
    )
    if propagate:
        return BrierDecomposition(math.nan, math.nan, math.nan)
    if weights is None:
        weights = np.ones(len(targets))
    if n_bins is None:
        forecasts, groups = np.unique(probabilities, axis=0, return_inverse=True)
        groups = groups.ravel()
    else:
        if probabilities.shape[1] != 1:
            raise ValueError(
                "n_bins groups binary forecasts (1-D y_prob) only; "
                f"y_prob has {probabilities.shape[1]} columns"
            )
        groups = np.minimum((probabilities[:, 0] * n_bins).astype(int), n_bins - 1)
        forecasts = None
    total = weights.sum()
    group_weight = np.bincount(groups, weights)
    used = group_weight > 0
    columns = range(targets.shape[1])
    observed = (
        np.array([np.bincount(groups, weights * targets[:, c]) for c in columns]).T[
            used
        ]
        / group_weight[used, None]
    )
    if forecasts is None:
        forecasts = np.array(
            [np.bincount(groups, weights * probabilities[:, c]) for c in columns]
        ).T
    forecasts = forecasts[used]
    share = group_weight[used] / total
    overall = weights @ targets / total
    factor = score_factor(targets.shape[1], scale_by_half)
    if n_bins is not None:
        forecasts = forecasts / group_weight[used, None]
    return BrierDecomposition(
        factor * float(share @ ((forecasts - observed) ** 2).sum(axis=1)),
        factor * float(share @ ((observed - overall) ** 2).sum(axis=1)),
        factor * float(overall @ (1 - overall)),
    )
