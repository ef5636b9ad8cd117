"""Exercise of the chapter "The Gauss-Markov theorem": the covariance of the
least-squares estimator.
"""

import numpy as np

from ._core import function_exercise, numbers_array


def _design():
    rng = np.random.default_rng(1)
    return [(np.column_stack([np.ones(8), rng.normal(size=(8, 2))]), 1.7)]


def _judge(value, X, sigma):
    value = numbers_array(value)
    inverse_gram = np.linalg.inv(X.T @ X)
    if value.shape == (len(X), len(X)):
        return (
            f"your matrix is {len(X)} x {len(X)}, one row per observation; invert the "
            "3 x 3 matrix X'X, not X X'."
        )
    if value.shape != (3, 3):
        return (
            "for a design with 3 columns the covariance is 3 x 3, got shape "
            f"{value.shape}."
        )
    if np.allclose(value, sigma**2 * inverse_gram):
        return None
    slips = [
        (
            sigma * inverse_gram,
            "multiplies by sigma; the covariance scales with the error variance "
            "sigma**2.",
        ),
        (inverse_gram, "leaves out the error variance sigma**2."),
        (sigma**2 * X.T @ X, "uses X'X; the covariance needs its inverse, (X'X)^-1."),
        (
            sigma**2 * inverse_gram / len(X),
            "divides by n; the 1/n belongs to the MSE, not to this covariance.",
        ),
    ]
    for wrong, explanation in slips:
        if np.allclose(value, wrong):
            return f"your matrix {explanation}"
    return "your matrix is not sigma**2 (X'X)^-1; check it on a small design by hand."


ols_covariance = function_exercise(
    "ols_covariance",
    _design,
    _judge,
    hint="the least-squares estimator is A y with A = (X'X)^-1 X'; its covariance is A "
    "(sigma**2 I) A'.",
    solution="""def ols_covariance(X, sigma):
    X = np.asarray(X, dtype=float)
    return sigma**2 * np.linalg.inv(X.T @ X)""",
)
