"""Exercises of the chapter "Regularised least squares": soft-thresholding, and ridge's
degrees of freedom.
"""

import numpy as np

from ._core import function_exercise, number, numbers_array, same

_SOFT_CASES = [
    ([3.0, -3.0, 0.5, -0.5, 1.0, 0.0, -7.25], 1.0),
    ([0.2, -4.0, 2.5, 10.0], 2.5),
    ([1.5, -0.1], 0.0),
]


def _soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def _soft_mistakes(z, t):
    """The usual slips in soft-thresholding, each as (wrong values, explanation)."""
    return [
        (
            np.where(np.abs(z) > t, z, 0.0),
            "keep the values beyond t unchanged: that is hard thresholding; "
            "soft-thresholding also moves them t towards zero.",
        ),
        (
            np.maximum(np.abs(z) - t, 0.0),
            "lose the sign: negative values must stay negative, sign(z) * max(|z| - t, "
            "0).",
        ),
        (
            z - t * np.sign(z),
            "move every value t towards zero, even those within t of zero, which "
            "cross it; those are set to 0.",
        ),
        (
            np.maximum(z - t, 0.0),
            "clip only from above: max(z - t, 0) is right for positive z, but a value "
            "below -t should become z + t.",
        ),
        (
            z / (1 + t),
            "shrink by a factor, as ridge does; the L1 penalty subtracts t instead.",
        ),
    ]


def _judge_soft(value, z, t):
    z = np.asarray(z, dtype=float)
    values = numbers_array(value)
    if values.shape != z.shape:
        return (
            f"for z={z.tolist()} your function returned shape {values.shape}; "
            f"return one value per entry of z, shape {z.shape}."
        )
    expected = _soft(z, t)
    if np.allclose(values, expected, rtol=1e-12, atol=1e-12):
        return None
    case = f"for z={z.tolist()} and t={t}, your values {np.round(values, 4).tolist()} "
    for wrong, explanation in _soft_mistakes(z, t):
        if np.allclose(values, wrong, rtol=1e-12, atol=1e-12) and not np.allclose(
            wrong, expected
        ):
            return case + explanation
    return case + f"should be {np.round(expected, 4).tolist()}."


soft_threshold = function_exercise(
    "my_soft_threshold",
    _SOFT_CASES,
    _judge_soft,
    hint="values within t of zero become 0; the others move t towards zero and keep "
    "their sign: np.sign(z) * np.maximum(np.abs(z) - t, 0).",
    solution="""def my_soft_threshold(z, t):
    z = np.asarray(z, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)""",
)


def _dof_cases():
    rng = np.random.default_rng(13)
    cases = []
    for n, p, alpha in [(30, 4, 2.0), (12, 6, 0.5), (8, 10, 3.0)]:
        X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p)
        cases.append((X - X.mean(axis=0), alpha))
    return cases


def _judge_dof(value, X, alpha):
    value = number(value)
    d = np.linalg.svd(X, compute_uv=False)
    expected = float(np.sum(d**2 / (d**2 + alpha)))
    if same(value, expected):
        return None
    n, p = X.shape
    case = f"for a {n} x {p} design and alpha={alpha}, your {value:.6g} "
    slips = [
        (
            float(np.sum(d / (d + alpha))),
            "uses the singular values d; the factors are d**2 / (d**2 + alpha), "
            "with the squares (the eigenvalues of X'X).",
        ),
        (
            float(np.sum(alpha / (d**2 + alpha))),
            "adds up alpha / (d**2 + alpha), what each direction loses; the degrees "
            "of freedom add up what it keeps, d**2 / (d**2 + alpha).",
        ),
        (
            float(p - np.sum(d**2 / (d**2 + alpha))),
            "is p minus the answer; add up the shrinkage factors themselves.",
        ),
        (
            float(p),
            "is the number of columns: the degrees of freedom of least squares.",
        ),
        (
            float(np.sum(d**2 / (d**2 + alpha)) + (p - len(d))),
            "counts the directions beyond the rank as kept; X has only min(n, p) "
            "singular values, and a direction with d = 0 contributes 0.",
        ),
        (
            float(np.sum(d**2 / (d**2 + alpha**2))),
            "squares alpha; it enters as it is: d**2 / (d**2 + alpha).",
        ),
    ]
    for wrong, explanation in slips:
        if same(value, wrong) and not same(wrong, expected):
            return case + explanation
    return case + f"should be {expected:.6g}."


ridge_dof = function_exercise(
    "my_ridge_dof",
    _dof_cases,
    _judge_dof,
    hint="take the singular values d = np.linalg.svd(X, compute_uv=False) and add up "
    "the shrinkage factors d**2 / (d**2 + alpha).",
    solution="""def my_ridge_dof(X, alpha):
    d = np.linalg.svd(X, compute_uv=False)
    return float(np.sum(d**2 / (d**2 + alpha)))""",
)
