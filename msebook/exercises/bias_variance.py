"""Exercises of the chapter "Bias and variance": split the MSE of many fits into bias²
and variance, and Mallows' Cp."""

import numpy as np

from ._core import (
    RETURNED_NONE,
    AnswerProblem,
    function_exercise,
    number,
    numbers_array,
    same,
    shape,
)


def _predictions():
    rng = np.random.default_rng(0)
    truth = rng.normal(size=6)
    predictions = truth + 0.5 + rng.normal(size=(40, 6)) * np.linspace(0.5, 2.0, 6)
    return [(predictions, truth)]


def _pair(answer):
    """``answer`` as a pair of floats, or an ``AnswerProblem`` saying why it is not
    one.
    """
    if answer is None:
        raise AnswerProblem(RETURNED_NONE)
    if (
        not isinstance(answer, (tuple, list, np.ndarray))
        or shape(answer) == ()  # a 0-d array has no len
        or len(answer) != 2
    ):
        raise AnswerProblem(
            f"return a pair (bias_squared, variance), got {type(answer).__name__} "
            f"{answer!r:.60}."
        )
    if any(shape(part) != () for part in answer):
        shapes = [shape(part) for part in answer]
        raise AnswerProblem(
            "each part of the pair should be one number, averaged over the points; "
            f"got shapes {shapes}."
        )
    bias_squared, variance = numbers_array([answer[0], answer[1]])
    return float(bias_squared), float(variance)


def _judge(answer, predictions, truth):
    bias_squared, variance = _pair(answer)
    mean_prediction = predictions.mean(axis=0)
    right = (np.mean((mean_prediction - truth) ** 2), np.mean(predictions.var(axis=0)))
    if same(bias_squared, right[0]) and same(variance, right[1]):
        return None
    if same(bias_squared, right[1]) and same(variance, right[0]):
        return (
            "the two numbers are swapped; return (bias_squared, variance) in that "
            "order."
        )
    if not same(bias_squared, right[0]):
        slips = [
            (
                np.mean((predictions - truth) ** 2),
                "is the whole mean squared error; the bias compares the mean "
                "prediction at each point with the truth.",
            ),
            (
                np.mean(mean_prediction - truth) ** 2,
                "is the square of the average bias; square the bias at each point "
                "first, then average over the points.",
            ),
            (np.mean(mean_prediction - truth), "is the average bias, not squared."),
            (
                np.mean((predictions.mean(axis=1) - truth.mean()) ** 2),
                "averages over the wrong axis: average over the training sets (axis "
                "0), one mean per point.",
            ),
        ]
        for wrong, explanation in slips:
            if same(bias_squared, wrong):
                return f"your bias_squared {bias_squared:.4g} {explanation}"
        return f"your bias_squared {bias_squared:.4g} should be {right[0]:.4g}."
    slips = [
        (
            np.mean(predictions.var(axis=0, ddof=1)),
            "divides by R - 1; divide by R, the number of training sets, so that "
            "bias_squared + variance is exactly the mean squared error.",
        ),
        (
            np.mean(predictions.var(axis=1)),
            "is the spread across the points; take the variance across the training "
            "sets (axis 0) at each point.",
        ),
        (
            np.mean(predictions.std(axis=0)),
            "is a standard deviation; the variance is its square.",
        ),
        (
            predictions.var(),
            "is the variance of all predictions pooled; take the variance at each "
            "point across the training sets, then average.",
        ),
    ]
    for wrong, explanation in slips:
        if same(variance, wrong):
            return f"your variance {variance:.4g} {explanation}"
    return f"your variance {variance:.4g} should be {right[1]:.4g}."


bias_variance_split = function_exercise(
    "decompose",
    _predictions,
    _judge,
    hint="average the predictions over the training sets (axis 0) to get the mean "
    "prediction at each point; the bias there is mean prediction - truth, and the "
    "variance is the spread around the mean prediction.",
    solution="""def decompose(predictions, truth):
    mean_prediction = predictions.mean(axis=0)
    bias_squared = np.mean((mean_prediction - truth) ** 2)
    variance = np.mean(predictions.var(axis=0))
    return bias_squared, variance""",
)


# Mallows' Cp: the training MSE plus the optimism 2 sigma^2 p / n.

_CP_CASES = [(0.12, 3, 20, 0.16), (0.05, 10, 50, 0.09), (1.5, 1, 8, 2.0)]


def _judge_cp(value, train_mse, p, n, sigma2):
    value = number(value)
    right = train_mse + 2 * sigma2 * p / n
    if same(value, right):
        return None
    where = f"for training MSE {train_mse:g}, p = {p}, n = {n}, sigma2 = {sigma2:g}"
    slips = [
        (
            train_mse + sigma2 * p / n,
            "adds sigma2 p / n, half the optimism; the training error is optimistic by "
            "2 sigma2 p / n (the fit's variance counts once for the new noise and once "
            "for the covariance with the old).",
        ),
        (
            train_mse + 2 * sigma2 * p,
            "adds 2 sigma2 p, the penalty for the sum of squared errors; divide by n "
            "for the mean.",
        ),
        (
            train_mse * n / (n - p),
            "is the unbiased estimate of the noise variance, not of the prediction "
            "error.",
        ),
        (
            train_mse + 2 * sigma2 * p / (n - p),
            "divides by n - p; the optimism of the MSE is 2 sigma2 p / n.",
        ),
        (train_mse - 2 * sigma2 * p / n, "subtracts the optimism; add it."),
    ]
    for wrong, explanation in slips:
        if same(value, wrong):
            return f"{where}, {value:.6g} {explanation}"
    return f"{where}, Cp is {right:.6g}, not {value:.6g}."


mallows_cp = function_exercise(
    "mallows_cp",
    _CP_CASES,
    _judge_cp,
    hint="Cp adds the expected optimism of the training MSE of least squares, "
    "2 sigma2 p / n, to the training MSE.",
    solution="""def mallows_cp(train_mse, p, n, sigma2):
    return train_mse + 2 * sigma2 * p / n""",
)
