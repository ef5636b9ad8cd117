"""Exercise of the chapter "Maximum likelihood": the negative log-likelihood of Gaussian
residuals.
"""

import numpy as np

from ._core import function_exercise, number, same

_NLL_CASES = [
    ([0.3, -1.2, 0.5], 0.7),
    ([2.0, -1.0, 0.0, 1.5, -0.5], 1.6),
    ([0.1], 0.25),
]


def _judge(value, residuals, sigma):
    value = number(
        value,
        array="your function returned an array of shape {shape}; sum over the "
        "observations.",
    )
    r, n = np.asarray(residuals), len(residuals)
    data_term = np.sum(r**2) / (2 * sigma**2)
    constant = n / 2 * np.log(2 * np.pi * sigma**2)
    if same(value, constant + data_term):
        return None
    slips = [
        (
            data_term,
            "is only the data term; add the constant n/2 log(2 pi sigma^2), which "
            "matters when sigma is estimated.",
        ),
        (
            -(constant + data_term),
            "is the log-likelihood; the negative log-likelihood has the opposite sign.",
        ),
        (
            n / 2 * np.log(2 * np.pi * sigma) + data_term,
            "takes the log of 2 pi sigma; the normal density has sigma squared there.",
        ),
        (
            constant + np.sum(r**2) / sigma**2,
            "drops the 1/2 in front of the squared residuals.",
        ),
        (
            constant + np.sum(r**2) / (2 * sigma),
            "divides the squared residuals by 2 sigma; divide by 2 sigma^2.",
        ),
        (
            (constant + data_term) / n,
            "is the mean over the observations; the log-likelihood of independent data "
            "is a sum.",
        ),
        (
            np.exp(-(constant + data_term)),
            "is the likelihood itself; take minus its logarithm.",
        ),
    ]
    case = f"for residuals {residuals} and sigma = {sigma}, your result {value:.6g} "
    for wrong, explanation in slips:
        if same(value, wrong):
            return case + explanation
    return case + f"should be {constant + data_term:.6g}."


gaussian_nll = function_exercise(
    "gaussian_nll",
    [(np.array(residuals), sigma) for residuals, sigma in _NLL_CASES],
    lambda value, residuals, sigma: _judge(value, residuals.tolist(), sigma),
    hint="each residual contributes 0.5 * log(2 * pi * sigma**2) + r**2 / (2 * "
    "sigma**2); add up the contributions.",
    solution="""def gaussian_nll(residuals, sigma):
    residuals = np.asarray(residuals, dtype=float)
    n = len(residuals)
    return (
        n / 2 * np.log(2 * np.pi * sigma**2) + np.sum(residuals**2) / (2 * sigma**2)
    )""",
)
