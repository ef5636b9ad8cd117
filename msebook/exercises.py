"""Answer checkers for the book's exercises: ``check``, ``hint`` and ``solution``.

Each exercise is an :class:`Exercise`. ``check(answer)`` never raises: it
returns a :class:`Feedback` that is true when the answer is right and
otherwise says specifically what looks wrong.

>>> from msebook import exercises
>>> exercises.house_outlier_mse.check(9100)
Not yet: 9100 is the sum of the squared errors; divide it by the number of houses.
>>> bool(exercises.house_outlier_mse.check(1820))
True
"""
import math

import numpy as np

from . import history
from .metrics import huber, mae, mse, rmse


class Feedback:
    """A message for the reader; true only for a correct answer.

    >>> Feedback(True, "Correct.")
    Correct.
    """

    def __init__(self, passed, message):
        self.passed = passed
        self.message = message

    def __bool__(self):
        return bool(self.passed)

    def __repr__(self):
        return self.message


class Exercise:
    """One exercise: a checker that explains mistakes, a hint and a worked solution.

    Parameters
    ----------
    checker : callable
        Takes the reader's answer; returns None when it is right, otherwise a
        sentence saying what is wrong.
    hint, solution : str
        Shown by :meth:`hint` and :meth:`solution`.
    """

    def __init__(self, checker, hint, solution):
        self._checker = checker
        self._hint = hint
        self._solution = solution

    def check(self, answer):
        """Return :class:`Feedback` on ``answer``; an exception inside the answer becomes a message."""
        try:
            problem = self._checker(answer)
        except Exception as exc:  # the reader's code failed: report it, do not crash the notebook
            problem = f"your answer raised {type(exc).__name__}: {exc}"
        if problem is None:
            return Feedback(True, "Correct.")
        return Feedback(False, f"Not yet: {problem}")

    def hint(self):
        """A nudge in the right direction."""
        return Feedback(None, f"Hint: {self._hint}")

    def solution(self):
        """The worked answer."""
        return Feedback(None, f"Solution:\n{self._solution}")


def _same(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _known_mse_mistake(value, y_true, y_pred, items):
    """Say which common slip turns the MSE of (y_true, y_pred) into ``value``; None if none does."""
    errors = np.asarray(y_true, float) - np.asarray(y_pred, float)
    slips = [
        (np.sum(errors**2), f"is the sum of the squared errors; divide it by the number of {items}."),
        (rmse(y_true, y_pred), "is the root mean squared error; MSE has no square root."),
        (mae(y_true, y_pred), "is the mean absolute error; square the errors instead of taking absolute values."),
        (np.mean(errors) ** 2, "is the square of the mean error; square each error first, then average."),
        (np.mean(errors), "is the mean error; square each error before averaging, or they cancel."),
        (np.sum(errors**2) / (len(errors) - 1), "divides by n - 1; the mean of the squared errors divides by n."),
    ]
    for wrong, explanation in slips:
        if _same(value, wrong):
            return f"{value:g} {explanation}"
    return None


_MSE_CASES = [
    ([250, 300, 180, 420, 350], [240, 310, 200, 400, 360]),
    ([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]),
    ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    ([-3.0, -1.5, 0.0, 2.5, 4.0, 5.5], [-2.0, -2.0, 0.5, 2.0, 6.0, 5.0]),
]


def _check_implement_mse(function):
    if not callable(function):
        return f"pass the function itself, check(my_mse), not its result (got {type(function).__name__})."
    for y_true, y_pred in _MSE_CASES:
        value = function(y_true, y_pred)
        if value is None:
            return "your function returned None; did you forget `return`?"
        if np.ndim(value) != 0:
            return f"your function returned an array of shape {np.shape(value)}; it should return one number."
        expected = mse(y_true, y_pred)
        if not _same(float(value), expected):
            case = f"for y_true={y_true} and y_pred={y_pred}, your result "
            slip = _known_mse_mistake(float(value), y_true, y_pred, items="values")
            return case + (slip or f"{float(value):g} should be {expected:g}.")
    return None


implement_mse = Exercise(
    _check_implement_mse,
    hint="compute the errors y_true[i] - y_pred[i], square each one, add them up and divide by how many there are.",
    solution="""def my_mse(y_true, y_pred):
    squared_errors = [(t - p) ** 2 for t, p in zip(y_true, y_pred)]
    return sum(squared_errors) / len(squared_errors)""",
)

_HOUSES_BEFORE = [250, 300, 180, 420, 350]
_HOUSES_TRUE = [250, 300, 180, 420, 450]
_HOUSES_PRED = [240, 310, 200, 400, 360]


def _check_house_outlier_mse(value):
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool):
        return f"give the MSE as a number (got {type(value).__name__})."
    if _same(value, mse(_HOUSES_BEFORE, _HOUSES_PRED)):
        return "220 is the MSE before the correction; use 450 for the fifth house."
    if _same(value, mse(_HOUSES_TRUE, _HOUSES_PRED)):
        return None
    slip = _known_mse_mistake(float(value), _HOUSES_TRUE, _HOUSES_PRED, items="houses")
    return slip or f"{value:g} is not the MSE of the corrected prices; recompute the five errors and square them."


house_outlier_mse = Exercise(
    _check_house_outlier_mse,
    hint="only the fifth error changes: 450 - 360 = 90. Square all five errors, then take their mean.",
    solution="""The errors are 10, -10, -20, 20 and 90; their squares 100, 100, 400, 400 and 8100
sum to 9100, and 9100 / 5 = 1820 (thousand dollars squared).
In code: msebook.mse([250, 300, 180, 420, 450], [240, 310, 200, 400, 360])""",
)


def _bosco_cases():
    arcs = history.load("boscovich_1757")
    return [
        (arcs["x"], arcs["y"]),
        (np.array([0.0, 1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.5, 2.0, 9.0, 5.0])),
        (np.array([2.0, -1.0, 0.5, 3.0, 1.0, -2.0]), np.array([0.0, 1.0, -1.0, 4.0, 2.0, 0.5])),
    ]


def _plain_median_line(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    slope = np.median(dy[dx != 0] / dx[dx != 0])
    return y.mean() - slope * x.mean(), slope


def _known_line_mistake(line, x, y):
    """Say which other fitting rule gives ``line`` for (x, y); None if none does."""
    ones = np.ones_like(x)
    others = [
        (tuple(history.least_squares(np.column_stack([ones, x]), y)), "is the least-squares line; Boscovich minimised the sum of absolute residuals, not squared ones."),
        (history.least_absolute_deviations(x, y), "minimises the absolute residuals without the first condition; Boscovich's line must also have residuals summing to zero, so it passes through (mean x, mean y)."),
        (_plain_median_line(x, y), "uses the plain median of the slopes from the centre; weight each slope by |x_i - mean x|."),
        (tuple(reversed(history.boscovich_rule(x, y))), "has intercept and slope swapped; return (intercept, slope)."),
    ]
    for other, explanation in others:
        if all(np.isclose(a, b, rtol=1e-9, atol=1e-9) for a, b in zip(line, other)):
            return explanation
    return None


def _check_boscovich_rule(function):
    if not callable(function):
        return f"pass the function itself, check(my_rule), not its result (got {type(function).__name__})."
    for x, y in _bosco_cases():
        line = function(x.copy(), y.copy())
        if line is None:
            return "your function returned None; did you forget `return`?"
        if np.shape(line) != (2,):
            return f"your function should return two numbers, (intercept, slope); got shape {np.shape(line)}."
        intercept, slope = (float(value) for value in line)
        if not np.isfinite([intercept, slope]).all():
            return f"your line ({intercept:g}, {slope:g}) is not finite; did a division by x_i - mean x hit zero?"
        expected = history.boscovich_rule(x, y)
        if np.allclose((intercept, slope), expected, rtol=1e-9, atol=1e-9):
            continue
        where = f"for x={np.round(x, 4).tolist()} and y={y.tolist()}, your line ({intercept:g}, {slope:g}) "
        slip = _known_line_mistake((intercept, slope), x, y)
        if slip:
            return where + slip
        residuals = y - intercept - slope * x
        if abs(residuals.sum()) > 1e-6 * np.abs(y).sum():
            return where + f"has residuals summing to {residuals.sum():g}, not 0; it must pass through (mean x, mean y)."
        return where + f"passes through the centre, but the slope {expected[1]:g} gives a smaller sum of absolute residuals."
    return None


boscovich_rule = Exercise(
    _check_boscovich_rule,
    hint="move the origin to (mean x, mean y); every point then asks for the slope dy/dx, with weight |dx|. "
    "Sort the slopes and take the one where the running total of weights first reaches half the total.",
    solution="""def my_rule(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    keep = dx != 0
    slopes, weights = dy[keep] / dx[keep], np.abs(dx[keep])
    order = np.argsort(slopes)
    running = np.cumsum(weights[order])
    slope = slopes[order][np.searchsorted(running, running[-1] / 2)]
    return y.mean() - slope * x.mean(), slope""",
)


def _check_boscovich_ellipticity(value):
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool):
        return f"give 1/e as a number (got {type(value).__name__})."
    arcs = history.load("boscovich_1757")
    x, y = arcs["x"], arcs["y"]

    def inverse(line, offset=56700):
        return 1 / history.ellipticity(line[0] + offset, line[1])

    line = history.boscovich_rule(x, y)
    expected = inverse(line)
    if abs(value - expected) < 0.05:
        return None
    slips = [
        (1 / expected, "is e itself; the question asks for 1/e."),
        (inverse(line, offset=0), "forgets that y is the degree length minus 56 700 toises; add 56 700 to the intercept."),
        (inverse(history.least_squares(np.column_stack([np.ones(5), x]), y)), "comes from the least-squares line, not Boscovich's."),
        (inverse(history.least_absolute_deviations(x, y)), "comes from the unconstrained least-absolute-deviations line, not Boscovich's."),
        (1 / history.ellipticity(line[0] + 56700, line[1], at="mean"), "measures against the mean degree; Boscovich measured against the degree at the equator, 1/e = 3a/b."),
    ]
    for wrong, explanation in slips:
        if math.isclose(value, wrong, rel_tol=2e-4):
            return f"{value:g} {explanation}"
    return f"{value:g} is not 1/e from Boscovich's line; compute 3a/b with a = 56 700 + intercept."


boscovich_ellipticity = Exercise(
    _check_boscovich_ellipticity,
    hint="fit Boscovich's line to the five arcs, add 56 700 toises to its intercept a, then 1/e = 3a/b.",
    solution="""a, b = history.boscovich_rule(arcs["x"], arcs["y"])
inverse_e = 3 * (56700 + a) / b   # about 245.9""",
)

_HUBER_CASES = [
    ([0.0, 0.0, 0.0, 0.0], [0.2, -0.8, 1.5, -3.0], 1.0),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [1.5, 0.5, 3.1, 7.0, 5.0], 2.0),
    ([10.0, -4.0, 2.5], [9.0, -1.0, 2.0], 0.5),
]


def _huber_mistakes(y_true, y_pred, delta):
    """The usual slips in a Huber loss, each as (wrong value, explanation)."""
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    quadratic = r <= delta
    return [
        (np.sum(np.where(quadratic, 0.5 * r**2, delta * (r - 0.5 * delta))), "is the sum of the losses; average them instead."),
        (np.mean(np.where(quadratic, r**2, delta * (r - 0.5 * delta))), "uses r² in the quadratic branch; it is ½r²."),
        (np.mean(np.where(quadratic, 0.5 * r**2, delta * r)), "uses δ|r| in the linear branch; it is δ(|r| − δ/2), so the two branches meet."),
        (np.mean(np.where(quadratic, 0.5 * r**2 / delta, r - 0.5 * delta)), "is the Smooth L1 loss, the Huber loss divided by δ."),
        (np.mean(np.where(r <= 1, 0.5 * r**2, r - 0.5)), "ignores `delta` and always switches branches at 1."),
        (np.mean(0.5 * r**2), "is half the MSE: the quadratic branch applies only where |r| ≤ δ."),
    ]


def _check_implement_huber(function):
    if not callable(function):
        return f"pass the function itself, check(my_huber), not its result (got {type(function).__name__})."
    for y_true, y_pred, delta in _HUBER_CASES:
        value = function(y_true, y_pred, delta)
        if value is None:
            return "your function returned None; did you forget `return`?"
        if np.ndim(value) != 0:
            return f"your function returned an array of shape {np.shape(value)}; it should return one number."
        expected = huber(y_true, y_pred, delta=delta)
        if not _same(float(value), expected):
            case = f"for y_true={y_true}, y_pred={y_pred} and delta={delta}, your result {float(value):g} "
            for wrong, explanation in _huber_mistakes(y_true, y_pred, delta):
                if _same(float(value), wrong):
                    return case + explanation
            return case + f"should be {expected:g}."
    return None


implement_huber = Exercise(
    _check_implement_huber,
    hint="with r = |y_true - y_pred|, each loss is 0.5 * r**2 where r <= delta and delta * (r - 0.5 * delta) elsewhere; np.where picks per element.",
    solution="""def my_huber(y_true, y_pred, delta):
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))""",
)
