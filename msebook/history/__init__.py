"""Historical least-squares data sets and the methods first used to fit them.

The six data sets are stored with the package, each with its units, citation
and caveats; :func:`names` lists them and :func:`load` reads one.

>>> from msebook import history
>>> history.names()  # doctest: +NORMALIZE_WHITESPACE
('legendre_1805', 'boscovich_1757', 'mayer_1750', 'laplace_saturn_1787',
 'cavendish_1798', 'galton_1886')
>>> arcs = history.load("boscovich_1757")
>>> arcs["site"][0], float(arcs["y"][0])
('Quito', 51.0)

The methods fit a linear model ``target ≈ design @ coefficients``:
:func:`least_squares` by the normal equations, :func:`boscovich_rule` and
:func:`least_absolute_deviations` for a straight line, and :func:`mayer_averages`
by group sums. The conversions :func:`dms_to_degrees`, :func:`format_dms` and
:func:`ellipticity` turn their results into the figures the historical authors
printed.
"""

import copy
import csv
import itertools
import json
from importlib import resources

import numpy as np

from .._scale import scale_of
from .._validation import (
    as_real_array,
    as_real_numbers,
    check_flag,
    check_scalar,
    check_weights,
    normalise_weights,
    refuse_masks,
)

__all__ = [
    "Table",
    "names",
    "load",
    "least_squares",
    "boscovich_rule",
    "least_absolute_deviations",
    "mayer_averages",
    "dms_to_degrees",
    "format_dms",
    "ellipticity",
]

_FILES = resources.files(__name__)
_METADATA = json.loads(_FILES.joinpath("datasets.json").read_text(encoding="utf-8"))


class Table:
    """One historical data set: named columns plus the facts needed to use them
    honestly.

    ``table[column]`` is the column as a numpy array, ``len(table)`` the number
    of rows and ``table.columns`` the column names in file order. ``name`` is
    the name :func:`load` knows it by; ``title`` and ``citation`` say what the
    data are and where they come from; ``units`` maps each column to its unit or
    meaning; ``caveats`` lists what to keep in mind when using the values (the
    model, known errors).

    >>> table = load("cavendish_1798")
    >>> len(table), table.columns
    (29, ('measurement', 'density'))
    """

    def __init__(self, name, title, citation, units, caveats, data):
        for text, value in (("name", name), ("title", title), ("citation", citation)):
            if not isinstance(value, str):
                raise TypeError(f"{text} must be a string, got {value!r}")
        if not isinstance(units, dict):
            raise TypeError(f"units must be a dict, got {type(units).__name__}")
        if isinstance(caveats, str) or not isinstance(caveats, list | tuple):
            raise TypeError(f"caveats must be a list of strings, got {caveats!r}")
        if not isinstance(data, dict):
            raise TypeError(
                f"data must be a dict of columns, got {type(data).__name__}"
            )
        if not data:
            raise ValueError("data must have at least one column, got an empty dict")
        columns = {}  # copies: the caller's dict and arrays stay the caller's
        for column, values in data.items():
            if not isinstance(column, str):
                raise TypeError(f"data's column names must be strings, got {column!r}")
            try:
                columns[column] = np.array(values)
            except ValueError:
                raise ValueError(f"data[{column!r}] is ragged") from None
            if columns[column].ndim != 1:
                raise ValueError(
                    f"data[{column!r}] must be 1-D, got shape {columns[column].shape}"
                )
        lengths = {column: len(values) for column, values in columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"data's columns must have one length, got {lengths}")
        self.name, self.title, self.citation = name, title, citation
        self.units, self.caveats = dict(units), list(caveats)
        self._data = columns
        self.columns = tuple(columns)

    def __getitem__(self, column):
        if not isinstance(column, str):
            raise TypeError(
                f"column must be a column name (a str), got {type(column).__name__}: "
                f"{column!r}"
            )
        if column not in self._data:
            raise KeyError(
                f"{self.name} has no column {column!r}; its columns are "
                f"{', '.join(self.columns)}"
            )
        return self._data[column]

    def __len__(self):
        return len(self._data[self.columns[0]])

    def __repr__(self):
        return (
            f"<Table {self.name}: {len(self)} rows, columns {', '.join(self.columns)}>"
        )


def names():
    """Return the names of the historical data sets, in historical order of their
    method.

    >>> "galton_1886" in names()
    True
    """
    return tuple(_METADATA)


def _column(values):
    """Integers, then floats, else the text itself (as Python strings)."""
    for kind in (int, float):
        try:
            return np.array(
                [kind(value) for value in values],
                dtype=float if kind is float else np.int64,
            )
        except ValueError:
            continue
    return np.array(values, dtype=object)


def load(name):
    """Return the data set ``name`` as a :class:`Table`.

    Numeric columns are numpy arrays (int64 or float64), text columns object arrays of
    str.

    Parameters
    ----------
    name : str
        One of :func:`names`.

    Raises
    ------
    ValueError
        If ``name`` is not one of the data sets; the message lists them.

    Examples
    --------
    >>> arcs = load("legendre_1805")
    >>> arcs["S"]
    array([62472.59, 76145.74, 84424.55, 52749.48])
    >>> arcs.units["S"]
    'arc length in modules (1 module = 2 toises)'
    >>> load("gauss_1809")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: name must be one of legendre_1805, ..., galton_1886; got 'gauss_1809'
    """
    if not isinstance(name, str) or name not in _METADATA:
        raise ValueError(f"name must be one of {', '.join(names())}; got {name!r}")
    with _FILES.joinpath(f"{name}.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    header, body = rows[0], rows[1:]
    data = {column: _column(values) for column, values in zip(header, zip(*body))}
    meta = copy.deepcopy(
        _METADATA[name]
    )  # each table its own units and caveats, free to change
    return Table(
        name, meta["title"], meta["citation"], meta["units"], meta["caveats"], data
    )


def _design_and_target(design, target, names=("design", "target")):
    design = as_real_array(design, names[0])
    target = as_real_array(target, names[1])
    design = design.reshape(len(design), -1)
    if target.ndim != 1:
        raise ValueError(f"{names[1]} must be 1-D, got shape {target.shape}")
    if len(design) != len(target):
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same number of rows, "
            f"got {len(design)} and {len(target)}"
        )
    return design, target


def least_squares(design, target, *, sample_weight=None):
    """Solve the normal equations, as Legendre set them up in 1805.

    For each unknown, multiply every equation by that unknown's coefficient in it
    (and by the equation's weight) and add the products up: that gives one
    equation per unknown, ``(Xᵀ W X) c = Xᵀ W y``, solved here exactly.

    Parameters
    ----------
    design : array of shape (n, p)
        The coefficients of the p unknowns in each of the n equations
        (include a column of ones for a constant term).
    target : array of shape (n,)
        The right-hand side of each equation.
    sample_weight : array of shape (n,), optional
        Non-negative weight of each equation.

    Returns
    -------
    numpy.ndarray of shape (p,)
        The coefficients minimising the (weighted) sum of squared residuals.

    Examples
    --------
    >>> least_squares([[1, 0], [1, 1], [1, 2]], [1, 2, 4])
    array([0.83333333, 1.5       ])
    """
    design, target = _design_and_target(design, target)
    if sample_weight is not None:
        # only their ratios count
        weights = normalise_weights(
            check_weights(sample_weight, len(target), "sample_weight")
        )[0]
        design, target = design * np.sqrt(weights)[:, None], target * np.sqrt(weights)
    # values whose products would over- or underflow are divided by powers of two first,
    # which is exact: with design = d D and target = t T, the coefficients are t / d
    # times those of D and T
    d, t = scale_of(design), scale_of(target)
    design, target = design / d, target / t
    normal_matrix = design.T @ design
    if np.linalg.matrix_rank(normal_matrix) < design.shape[1]:
        raise ValueError(
            "design must have full column rank: the normal equations have no unique "
            "solution"
        )
    coefficients = np.linalg.solve(normal_matrix, design.T @ target)
    if d == t == 1.0:
        return coefficients
    with np.errstate(over="ignore"):
        return coefficients * (t / d)


def _line_inputs(x, y):
    x, y = _design_and_target(x, y, ("x", "y"))
    if x.shape[1] != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}")
    x = x[:, 0]
    if x.min() == x.max():
        raise ValueError(
            "x must not be constant: a line through the points is not determined"
        )
    return x, y


def boscovich_rule(x, y):
    """Fit the line ``y ≈ a + b x`` by Boscovich's rule (1757, 1760).

    His two conditions: the residuals sum to zero (so the line passes through
    the centre of gravity ``(mean x, mean y)``), and among such lines the sum of
    absolute residuals is least. Measured from the centre, point ``i`` asks for
    the slope ``(y_i - ȳ) / (x_i - x̄)`` with weight ``|x_i - x̄|``; the best slope
    is the weighted median of these slopes (Laplace's later analysis).

    Returns
    -------
    (a, b) : tuple of float
        Intercept and slope.

    Examples
    --------
    >>> boscovich_rule([0, 1, 2, 3, 4], [0, 1, 2, 3, 10])
    (0.0, 1.6)
    """
    x, y = _line_inputs(x, y)
    # extreme values are divided by powers of two first (exact), as below
    sx, sy = scale_of(x), scale_of(y)
    x, y = x / sx, y / sy
    dx, dy = x - x.mean(), y - y.mean()
    tilted = dx != 0
    slopes, weights = dy[tilted] / dx[tilted], np.abs(dx[tilted])
    order = np.argsort(slopes)
    cumulative = np.cumsum(weights[order])
    slope = slopes[order][np.searchsorted(cumulative, cumulative[-1] / 2)]
    with np.errstate(over="ignore"):
        return float((y.mean() - slope * x.mean()) * sy), float(slope * (sy / sx))


def least_absolute_deviations(x, y):
    """Fit the line ``y ≈ a + b x`` with the least sum of absolute residuals,
    unconstrained.

    Some best line passes through two of the data points, so trying every pair
    finds it exactly; with n points that costs about n³ operations, which is
    nothing for the historical tables. Ties go to the first pair found.

    Returns
    -------
    (a, b) : tuple of float
        Intercept and slope.

    Examples
    --------
    >>> least_absolute_deviations([0, 1, 2, 3, 4], [0, 1, 2, 3, 10])
    (0.0, 1.0)
    """
    x, y = _line_inputs(x, y)
    # extreme values are divided by powers of two first (exact): the line of y/sy on
    # x/sx scales back
    sx, sy = scale_of(x), scale_of(y)
    x, y = x / sx, y / sy
    best, best_cost = None, np.inf
    for i, j in itertools.combinations(range(len(x)), 2):
        if x[i] == x[j]:
            continue
        slope = (y[j] - y[i]) / (x[j] - x[i])
        intercept = y[i] - slope * x[i]
        cost = np.abs(y - intercept - slope * x).sum()
        if best is None or cost < best_cost - 1e-12 * best_cost:
            best, best_cost = (intercept, slope), cost
    intercept, slope = best
    with np.errstate(over="ignore"):
        return float(intercept * sy), float(slope * (sy / sx))


def mayer_averages(design, target, groups):
    """Solve an over-determined system by Mayer's method of averages (1750).

    The equations are split into as many groups as there are unknowns; the
    equations of each group are added up, and the resulting square system is
    solved exactly.

    Parameters
    ----------
    design : array of shape (n, p)
    target : array of shape (n,)
    groups : sequence of n labels
        The group of each equation; there must be exactly p different labels.
        Groups are taken in sorted order of their labels (the order does not
        change the solution).

    Returns
    -------
    numpy.ndarray of shape (p,)

    Examples
    --------
    >>> mayer_averages([[1, 0], [1, 1], [1, 2], [1, 3]], [0, 1, 3, 4],
    ...                ["low", "low", "high", "high"])
    array([-0.25,  1.5 ])
    """
    design, target = _design_and_target(design, target)
    refuse_masks(groups, "groups")
    try:
        groups = np.asarray(groups)
    except ValueError:
        raise ValueError("groups is ragged: give one label per equation") from None
    if groups.shape != target.shape:
        raise ValueError(
            f"groups must have one label per equation ({len(target)}), got shape "
            f"{groups.shape}"
        )
    try:
        labels = np.unique(groups)
    except TypeError:
        kinds = sorted({type(label).__name__ for label in groups.tolist()})
        raise TypeError(
            "groups must hold labels that sort (numbers or strings), got "
            f"{', '.join(kinds)}"
        ) from None
    if len(labels) != design.shape[1]:
        raise ValueError(
            f"groups must have as many labels as unknowns ({design.shape[1]}), got "
            f"{len(labels)}"
        )
    summed_design = np.array([design[groups == label].sum(axis=0) for label in labels])
    summed_target = np.array([target[groups == label].sum() for label in labels])
    if np.linalg.matrix_rank(summed_design) < design.shape[1]:
        raise ValueError("the group sums are linearly dependent: choose other groups")
    return np.linalg.solve(summed_design, summed_target)


def dms_to_degrees(degrees, minutes=0, seconds=0):
    """Convert degrees, minutes and seconds of arc to decimal degrees.

    A negative angle carries its sign on its leading non-zero part; every part
    then counts negatively, so ``(-3, 45)`` and ``(0, -45)`` are -3.75 and -0.75.
    Minutes and seconds are below 60 in magnitude.

    >>> dms_to_degrees(49, 56, 30)
    49.94166666666666
    >>> dms_to_degrees(-3, 45)
    -3.75
    >>> dms_to_degrees([13, 14], [10, 42])
    array([13.16666667, 14.7       ])
    >>> dms_to_degrees(10, 75)
    Traceback (most recent call last):
    ...
    ValueError: minutes must be below 60 in magnitude, got 75.0
    """
    parts = [
        _angle_part(part, name)
        for part, name in (
            (degrees, "degrees"),
            (minutes, "minutes"),
            (seconds, "seconds"),
        )
    ]
    for part, name in zip(parts[1:], ("minutes", "seconds")):
        if (np.abs(part) >= 60).any():
            raise ValueError(
                f"{name} must be below 60 in magnitude, got "
                f"{part[np.abs(part) >= 60].flat[0]}"
            )
    degrees_, minutes_, seconds_ = np.broadcast_arrays(*parts)
    late_sign = ((degrees_ != 0) & (np.signbit(minutes_) | np.signbit(seconds_))) | (
        (minutes_ != 0) & np.signbit(seconds_)
    )
    if late_sign.any():
        raise ValueError(
            "minutes and seconds: only the leading non-zero part of an angle "
            "carries its sign: write (-3, 45), not (3, -45) or (-3, -45)"
        )
    sign = np.where(
        np.signbit(degrees_) | np.signbit(minutes_) | np.signbit(seconds_), -1.0, 1.0
    )
    total = sign * (np.abs(degrees_) + np.abs(minutes_) / 60 + np.abs(seconds_) / 3600)
    return float(total) if total.ndim == 0 else total


def _angle_part(value, name):
    """One part of an angle as a float64 array of finite numbers (a scalar is 0-d)."""
    array = as_real_numbers(value, name)
    if array.dtype.kind == "b":  # True would be read as 1
        raise TypeError(f"{name} must be a number or an array of numbers, got booleans")
    if not np.isfinite(array).all():
        raise ValueError(
            f"{name} must be finite, got {array[~np.isfinite(array)].flat[0]}"
        )
    with np.errstate(over="ignore"):  # a longdouble beyond float64's range
        converted = array.astype(np.float64)
    if np.isinf(converted).any():
        raise ValueError(
            f"{name} is beyond the float64 range, got "
            f"{array[np.isinf(converted)].flat[0]!s}"
        )
    return converted


def format_dms(angle, *, seconds=True):
    """Write an angle in decimal degrees as degrees, minutes (and seconds), rounded to
    the last unit.

    >>> format_dms(-3.8183333)
    '-3°49′06″'
    >>> format_dms(14.5583, seconds=False)
    '14°33′'
    """
    angle = check_scalar(angle, "angle")
    unit = 3600 if check_flag(seconds, "seconds") else 60
    if abs(angle) * unit > 2.0**1023:
        raise ValueError(
            f"angle is too large to write in degrees and minutes, got {angle!r}"
        )
    count = round(abs(angle) * unit)
    sign = "-" if angle < 0 and count else ""
    if unit == 3600:
        return f"{sign}{count // 3600}°{count // 60 % 60:02d}′{count % 60:02d}″"
    return f"{sign}{count // 60}°{count % 60:02d}′"


def ellipticity(intercept, slope, *, at="equator"):
    """The ellipticity of the Earth from a fitted degree length
    ``intercept + slope sin²(latitude)``.

    To first order in the ellipticity ``e``, the length of a degree of the
    meridian grows from the equator to the pole by ``3e`` times the length of a
    degree: ``e = slope / (3 intercept)`` when that degree is the one at the
    equator (Boscovich's reckoning), ``e = slope / (3 (intercept + slope / 2))``
    when it is the mean degree of the quadrant (Legendre's, which gives his
    ``1/e = 3(z/y + 1/2)``).

    Parameters
    ----------
    intercept, slope : float
        The fitted line, in any one unit of length.
    at : {"equator", "mean"}
        Which degree the growth is measured against.

    Examples
    --------
    >>> round(1 / ellipticity(56737.4, 723.4), 1)
    235.3
    >>> round(1 / ellipticity(28227.162, 541.264, at="mean"), 2)
    157.95
    """
    if not isinstance(at, str) or at not in ("equator", "mean"):
        raise ValueError(f"at must be 'equator' or 'mean', got {at!r}")
    intercept, slope = (
        check_scalar(intercept, "intercept"),
        check_scalar(slope, "slope"),
    )
    reference = intercept if at == "equator" else intercept + slope / 2
    if reference == 0:
        which = (
            "intercept"
            if at == "equator"
            else "intercept + slope / 2 (the mean degree)"
        )
        raise ValueError(f"{which} must not be 0: the ellipticity divides by it")
    with np.errstate(over="ignore"):
        return float(np.float64(slope) / (3 * np.float64(reference)))
