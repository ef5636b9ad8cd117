"""Exercises of the chapter "What is MSE?": implement the MSE, and the MSE after a correction."""

import numpy as np

from ..metrics import mae, mse, rmse
from ._core import Exercise, function_exercise, number, same


def known_mse_mistake(value, y_true, y_pred, items):
    """Say which common slip turns the MSE of (y_true, y_pred) into ``value``; None if none does."""
    errors = np.asarray(y_true, float) - np.asarray(y_pred, float)
    slips = [
        (
            np.sum(errors**2),
            f"is the sum of the squared errors; divide it by the number of {items}.",
        ),
        (
            rmse(y_true, y_pred),
            "is the root mean squared error; MSE has no square root.",
        ),
        (
            mae(y_true, y_pred),
            "is the mean absolute error; square the errors instead of taking absolute values.",
        ),
        (
            np.mean(errors) ** 2,
            "is the square of the mean error; square each error first, then average.",
        ),
        (
            np.mean(errors),
            "is the mean error; square each error before averaging, or they cancel.",
        ),
        (
            np.sum(errors**2) / (len(errors) - 1),
            "divides by n - 1; the mean of the squared errors divides by n.",
        ),
    ]
    for wrong, explanation in slips:
        if same(value, wrong):
            return f"{value:g} {explanation}"
    return None


_MSE_CASES = [
    ([250, 300, 180, 420, 350], [240, 310, 200, 400, 360]),
    ([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]),
    ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    ([-3.0, -1.5, 0.0, 2.5, 4.0, 5.5], [-2.0, -2.0, 0.5, 2.0, 6.0, 5.0]),
]


def _judge_mse(value, y_true, y_pred):
    value, expected = number(value), mse(y_true, y_pred)
    if same(value, expected):
        return None
    slip = known_mse_mistake(value, y_true, y_pred, items="values")
    return f"for y_true={y_true} and y_pred={y_pred}, your result " + (
        slip or f"{value:g} should be {expected:g}."
    )


implement_mse = function_exercise(
    "my_mse",
    _MSE_CASES,
    _judge_mse,
    hint="compute the errors y_true[i] - y_pred[i], square each one, add them up and divide by how many there are.",
    solution="""def my_mse(y_true, y_pred):
    squared_errors = [(t - p) ** 2 for t, p in zip(y_true, y_pred)]
    return sum(squared_errors) / len(squared_errors)""",
)

_HOUSES_BEFORE = [250, 300, 180, 420, 350]
_HOUSES_TRUE = [250, 300, 180, 420, 450]
_HOUSES_PRED = [240, 310, 200, 400, 360]


def _check_house_outlier_mse(answer):
    value = number(
        answer,
        kind="give the MSE as a number (got {type}).",
        array="give the MSE as one number, not an array of shape {shape}.",
    )
    if same(value, mse(_HOUSES_BEFORE, _HOUSES_PRED)):
        return "220 is the MSE before the correction; use 450 for the fifth house."
    if same(value, mse(_HOUSES_TRUE, _HOUSES_PRED)):
        return None
    slip = known_mse_mistake(value, _HOUSES_TRUE, _HOUSES_PRED, items="houses")
    return (
        slip
        or f"{value:g} is not the MSE of the corrected prices; recompute the five errors and square them."
    )


house_outlier_mse = Exercise(
    _check_house_outlier_mse,
    hint="only the fifth error changes: 450 - 360 = 90. Square all five errors, then take their mean.",
    solution="""The errors are 10, -10, -20, 20 and 90; their squares 100, 100, 400, 400 and 8100
sum to 9100, and 9100 / 5 = 1820 (thousand dollars squared).
In code: msebook.mse([250, 300, 180, 420, 450], [240, 310, 200, 400, 360])""",
)
