"""Exercises of the chapter "Choosing an error metric": MASE, and the standard error of
a test MSE.
"""

import math

import numpy as np

from ..evaluation import mase, test_error_interval
from ._core import function_exercise, number, same

_MASE_CASES = [
    ([5.0, 7.0], [4.0, 8.0], [1.0, 3.0, 2.0, 4.0], 1),
    ([12.0, 14.0, 13.0], [11.0, 12.0, 12.5], [10.0, 13.0, 11.0, 14.0, 12.0], 2),
    ([0.5, -1.0, 2.0], [0.0, 0.0, 1.0], [3.0, -2.0, 0.5, 1.5, -1.0, 2.5], 1),
    ([20.0, 21.0], [19.0, 23.0], [1.0, 5.0, 2.0, 9.0, 4.0, 7.0, 3.0, 8.0], 4),
]


def _naive(values, lag):
    values = np.asarray(values, dtype=float)
    return float(np.mean(np.abs(values[lag:] - values[:-lag])))


def _judge_mase(value, y_true, y_pred, y_train, m):
    value = number(value)
    expected = mase(y_true, y_pred, y_train=y_train, seasonality=m)
    if same(value, expected):
        return None
    errors = np.abs(np.subtract(y_true, y_pred))
    changes = np.abs(np.subtract(y_train[m:], y_train[:-m]))
    slips = [
        (
            float(errors.mean()),
            "is the plain MAE; divide it by the MAE of the naive forecast on y_train.",
        ),
        (
            float(errors.mean() / (changes.sum() / len(y_train))),
            "divides the training changes by len(y_train); there are "
            "len(y_train) - m of them.",
        ),
        (
            float(errors.mean() / _naive(y_true, 1)) if len(y_true) > 1 else math.nan,
            "scales by the naive forecast's error on the test values; MASE uses "
            "the training series.",
        ),
        (
            float(errors.mean() / _naive(y_train, 1)) if m != 1 else math.nan,
            f"uses the change from one value to the next; with seasonality {m} "
            f"compare each value with the one {m} steps earlier.",
        ),
        (
            float(np.mean(errors**2) / np.mean(changes**2)),
            "squares the errors; MASE is a ratio of mean absolute errors.",
        ),
        (
            float(_naive(y_train, m) / errors.mean()),
            "is upside down: the forecast's MAE goes on top.",
        ),
    ]
    case = (
        f"for y_true={y_true}, y_pred={y_pred}, y_train={y_train} and m={m}, "
        f"your result {value:.6g} "
    )
    for wrong, explanation in slips:
        if same(value, wrong) and not same(wrong, expected):
            return case + explanation
    return case + f"should be {expected:.6g}."


implement_mase = function_exercise(
    "my_mase",
    _MASE_CASES,
    _judge_mase,
    hint="the denominator is the mean of |y_train[t] - y_train[t - m]| over "
    "t = m, ..., len(y_train) - 1; the numerator is the MAE of the forecasts.",
    solution="""def my_mase(y_true, y_pred, y_train, m):
    errors = [abs(t - p) for t, p in zip(y_true, y_pred)]
    changes = [abs(y_train[t] - y_train[t - m]) for t in range(m, len(y_train))]
    return (sum(errors) / len(errors)) / (sum(changes) / len(changes))""",
)


_SE_CASES = [
    ([3.0, 5.0, 2.0, 8.0, 6.0], [2.0, 5.0, 4.0, 7.0, 3.0]),
    ([1.0, 2.0, 3.0, 4.0], [1.5, 1.0, 3.0, 6.0]),
    ([0.0, 0.0, 0.0, 0.0, 0.0, 0.0], [1.0, -1.0, 2.0, 0.5, -3.0, 0.0]),
]


def _judge_standard_error(value, y_true, y_pred):
    value = number(value)
    expected = test_error_interval(y_true, y_pred).standard_error
    if same(value, expected):
        return None
    errors = np.subtract(y_true, y_pred)
    losses = errors**2
    n = len(losses)
    slips = [
        (
            float(losses.std(ddof=0) / math.sqrt(n)),
            "divides by n inside the standard deviation; use n - 1 (ddof=1).",
        ),
        (
            float(losses.std(ddof=1)),
            "is the standard deviation of the squared errors; divide it by sqrt(n) "
            "for that of their mean.",
        ),
        (
            float(losses.var(ddof=1) / n),
            "is the variance of the mean; take its square root.",
        ),
        (
            float(errors.std(ddof=1) / math.sqrt(n)),
            "uses the errors; the MSE is the mean of the *squared* errors, so take "
            "the spread of those.",
        ),
        (
            float(np.mean(losses) / math.sqrt(n)),
            "divides the MSE by sqrt(n); the standard error comes from the spread "
            "of the squared errors, not their mean.",
        ),
    ]
    case = f"for y_true={y_true} and y_pred={y_pred}, your result {value:.6g} "
    for wrong, explanation in slips:
        if same(value, wrong) and not same(wrong, expected):
            return case + explanation
    return case + f"should be {expected:.6g}."


mse_standard_error = function_exercise(
    "my_standard_error",
    _SE_CASES,
    _judge_standard_error,
    hint="square each error; the standard error of their mean is their sample "
    "standard deviation (divisor n - 1) over sqrt(n).",
    solution="""def my_standard_error(y_true, y_pred):
    losses = [(t - p) ** 2 for t, p in zip(y_true, y_pred)]
    n = len(losses)
    mean = sum(losses) / n
    variance = sum((loss - mean) ** 2 for loss in losses) / (n - 1)
    return (variance / n) ** 0.5""",
)
