"""Exercise of the chapter "Squared error for probabilities and classes": the binary
Brier score.
"""

import numpy as np

from ..classification import brier_score
from ._core import function_exercise, number, same

_BRIER_CASES = [
    ([1, 0, 1, 1], [0.9, 0.2, 0.6, 0.7]),
    ([0, 0, 1], [0.5, 0.1, 0.95]),
    ([1, 1, 0, 0, 1], [1.0, 0.75, 0.0, 0.4, 0.3]),
    ([0], [0.0]),
]


def _judge_brier(value, y_true, y_prob):
    value, expected = number(value), brier_score(y_true, y_prob)
    if same(value, expected):
        return None
    outcomes, probabilities = np.asarray(y_true, float), np.asarray(y_prob, float)
    errors = probabilities - outcomes
    slips = [
        (
            2 * expected,
            "sums over both classes without halving; for two classes the score "
            "is the mean of (p - y)**2 over the positive class only.",
        ),
        (np.sum(errors**2), "is the sum; divide by the number of forecasts."),
        (np.sqrt(expected), "is the root of the score; the Brier score has no root."),
        (np.mean(np.abs(errors)), "is the mean absolute difference; square it."),
        (
            np.mean((1 - probabilities - outcomes) ** 2),
            "compares y with 1 - p; p is the probability that y is 1.",
        ),
        (np.mean(errors) ** 2, "squares the mean error; square each error first."),
    ]
    case = f"for y_true={y_true} and y_prob={y_prob}, your result {value:.6g} "
    for wrong, explanation in slips:
        if same(value, wrong):
            return case + explanation
    return case + f"should be {expected:.6g}."


implement_brier = function_exercise(
    "my_brier",
    _BRIER_CASES,
    _judge_brier,
    hint="each forecast p of an outcome y (0 or 1) contributes (p - y)**2; "
    "average the contributions.",
    solution="""def my_brier(y_true, y_prob):
    terms = [(p - y) ** 2 for y, p in zip(y_true, y_prob)]
    return sum(terms) / len(terms)""",
)
