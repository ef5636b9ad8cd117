"""Exercises of the chapter "What is MSE?": implement the MSE, the MSE after a
correction, and the training and test MSE for several training sizes."""

import functools
import math

import numpy as np

from ..metrics import mae, mse, rmse
from ._core import (
    AnswerProblem,
    Exercise,
    function_exercise,
    number,
    numbers_array,
    same,
    shape,
)


def known_mse_mistake(value, y_true, y_pred, items):
    """Say which common slip turns the MSE of (y_true, y_pred) into ``value``; None if
    none does.
    """
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
            "is the mean absolute error; square the errors instead of taking absolute "
            "values.",
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
    hint="compute the errors y_true[i] - y_pred[i], square each one, add them up and "
    "divide by how many there are.",
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
    return slip or (
        f"{value:g} is not the MSE of the corrected prices; recompute the five "
        "errors and square them."
    )


house_outlier_mse = Exercise(
    _check_house_outlier_mse,
    hint="only the fifth error changes: 450 - 360 = 90. Square all five errors, then "
    "take their mean.",
    solution="""The errors are 10, -10, -20, 20 and 90; their squares 100, 100, 400, 400
and 8100 sum to 9100, and 9100 / 5 = 1820 (thousand dollars squared).
In code: msebook.mse([250, 300, 180, 420, 450], [240, 310, 200, 400, 360])""",
)


# ---- More training data: the simulated training and test MSEs for three sizes ----

_SIZES = (5, 20, 100)
_FITS = 5_000


@functools.cache
def _expected_test_mse(n):
    """E[test MSE] of the least-squares line fitted to n points of Y = 2 + 3X + N(0, 1),
    X uniform on [0, 1]: 1 + E[1/n + E(x0 - x̄)² / Sxx], averaged over 50 000 designs
    (seeded, so every call gives the same number)."""
    x = np.random.default_rng(2026).uniform(0, 1, (50_000, n))
    mean = x.mean(axis=1)
    sxx = np.sum((x - mean[:, None]) ** 2, axis=1)
    return float(1 + np.mean(1 / n + (1 / 12 + (0.5 - mean) ** 2) / sxx))


def _tolerances(n):
    """Five standard errors of the mean training MSE over 5 000 fits (n·MSE/σ² is
    chi-squared with n - 2 degrees of freedom), and a bound on the spread of the mean
    test MSE measured in the book's simulation (heavy-tailed at n = 5)."""
    train = 5 * np.sqrt(2 * (n - 2)) / n / np.sqrt(_FITS)
    test = {5: 0.2, 20: 0.015}.get(n, 0.006)
    return train, test


def _mean_training_rmse(n):
    """E[sqrt(training MSE)] = sqrt(2/n) Γ((k + 1)/2) / Γ(k/2), k = n - 2 (σ = 1)."""
    k = n - 2
    return math.sqrt(2 / n) * math.exp(math.lgamma((k + 1) / 2) - math.lgamma(k / 2))


def _size_results(answer):
    if not isinstance(answer, dict):
        raise AnswerProblem(
            "give a dict {n_train: (mean training MSE, mean test MSE)} for n_train "
            f"5, 20 and 100 (got {type(answer).__name__})."
        )
    missing = [n for n in _SIZES if n not in answer]
    if missing:
        raise AnswerProblem(
            f"the dict has no entry for n_train = {missing[0]}; give all of 5, 20 and "
            "100."
        )
    results = {}
    for n in _SIZES:
        if shape(answer[n]) != (2,):
            raise AnswerProblem(
                f"the entry for n_train = {n} should be two numbers, (training, test); "
                f"got shape {shape(answer[n])}."
            )
        results[n] = tuple(numbers_array(answer[n], what="the entry").tolist())
    return results


def _check_training_size(answer):
    results = _size_results(answer)
    expected = {n: ((n - 2) / n, _expected_test_mse(n)) for n in _SIZES}

    def near(n, value, index):
        return abs(value - expected[n][index]) <= _tolerances(n)[index]

    if all(results[n][0] == expected[n][0] for n in _SIZES):
        return (
            "the training values are exactly (n - 2)/n; give the means your "
            "simulation measured, and compare them with (n - 2)/n."
        )
    if all(near(n, results[n][1], 0) and near(n, results[n][0], 1) for n in _SIZES):
        return "the training and test values are swapped; give (training, test)."
    if all(abs(results[n][0] - 0.8) <= _tolerances(10)[0] for n in _SIZES):
        return (
            "every training MSE is close to 0.8, the value for n_train = 10; "
            "pass each size to train_and_test_mse."
        )
    if all(abs(results[n][0] - _mean_training_rmse(n)) < 0.03 for n in _SIZES):
        return (
            "the training values look like mean RMSEs; average the MSEs, without a "
            "square root."
        )
    for n in _SIZES:
        train, test = results[n]
        if not near(n, train, 0):
            return (
                f"for n_train = {n} the mean training MSE {train:.3f} is too far from "
                f"(n - 2)/n = {expected[n][0]:.3f} for 5 000 fits; was n_train = {n}?"
            )
        if not near(n, test, 1):
            return (
                f"for n_train = {n} the mean test MSE {test:.3f} should be near "
                f"{expected[n][1]:.3f}; test each fit on fresh data."
            )
    return None


training_size = Exercise(
    _check_training_size,
    hint="call train_and_test_mse(size) 5 000 times for each size, average the two "
    "columns, and collect {size: (training mean, test mean)}.",
    solution="""rng = np.random.default_rng(1)


def fit_lines(x, y):
    \"\"\"Least-squares slopes and intercepts of the rows of y on the rows of x.\"\"\"
    dx = x - x.mean(axis=1, keepdims=True)
    slope = np.sum(dx * y, axis=1, keepdims=True) / np.sum(dx**2, axis=1, keepdims=True)
    return slope, y.mean(axis=1, keepdims=True) - slope * x.mean(axis=1, keepdims=True)


results = {}
for n in [5, 20, 100]:  # 5 000 fits, each tested on 1 000 fresh points
    x, x_new = rng.uniform(0, 1, (5_000, n)), rng.uniform(0, 1, (5_000, 1_000))
    y = 2 + 3 * x + rng.normal(0, 1, x.shape)
    y_new = 2 + 3 * x_new + rng.normal(0, 1, x_new.shape)
    slope, intercept = fit_lines(x, y)
    train = np.mean((y - intercept - slope * x) ** 2)
    test = np.mean((y_new - intercept - slope * x_new) ** 2)
    results[n] = (train, test)""",
)
