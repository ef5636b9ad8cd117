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
