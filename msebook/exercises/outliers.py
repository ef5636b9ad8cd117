"""Exercises of the chapter "Outliers and robust losses": a trimmed mean, and the
biweight's IRLS weights.
"""

import math

import numpy as np

from ._core import function_exercise, number, numbers_array, same

_TRIM_CASES = [
    ([2.0, 9.0, -1.0, 4.0, 100.0, 3.0, 5.0, 1.0, 6.0, 0.0], 0.1),
    ([5.0, 1.0, 4.0, 2.0, 3.0, -50.0, 7.0, 6.0], 0.25),
    ([0.5, -2.0, 3.5, 1.0, 8.0, 2.5, 40.0], 0.2),
    ([1.0, 2.0, 3.0], 0.0),
]


def _trimmed(values, cut_low, cut_high):
    ordered = sorted(values)
    return float(np.mean(ordered[cut_low : len(ordered) - cut_high]))


def _trim_mistakes(values, proportion):
    """The usual slips in a trimmed mean, each as (wrong value, explanation)."""
    n, g = len(values), math.floor(proportion * len(values))
    slips = [
        (
            float(np.mean(values[g : n - g])) if n > 2 * g else math.nan,
            "cuts the first and last values as given; sort the values first.",
        ),
        (
            _trimmed(values, 0, g),
            "cuts only the largest values; a trimmed mean cuts as many from each end.",
        ),
        (
            _trimmed(values, g // 2, g - g // 2),
            "cuts proportion * n values in all; cut that many from *each* end.",
        ),
        (
            float(np.mean(values)),
            "is the plain mean: no value was cut.",
        ),
        (
            float(np.median(values)),
            "is the median; cut only floor(proportion * n) values from each end.",
        ),
    ]
    if math.ceil(proportion * n) != g:
        k = math.ceil(proportion * n)
        slips.append(
            (
                _trimmed(values, k, k),
                "rounds proportion * n up; the usual definition rounds it down.",
            )
        )
    return slips


def _judge_trimmed_mean(value, values, proportion):
    value = number(value)
    g = math.floor(proportion * len(values))
    expected = _trimmed(values, g, g)
    if same(value, expected):
        return None
    case = f"for values={values} and proportion={proportion}, your result {value:g} "
    for wrong, explanation in _trim_mistakes(values, proportion):
        if same(value, wrong) and not same(wrong, expected):
            return case + explanation
    return case + f"should be {expected:g} (cut {g} from each end)."


trimmed_mean = function_exercise(
    "my_trimmed_mean",
    _TRIM_CASES,
    _judge_trimmed_mean,
    hint="sort the values, set g = floor(proportion * n), drop the g smallest and the "
    "g largest, and average the rest.",
    solution="""def my_trimmed_mean(values, proportion):
    ordered = sorted(values)
    g = int(proportion * len(ordered))  # rounds down for proportion >= 0
    kept = ordered[g : len(ordered) - g]
    return sum(kept) / len(kept)""",
)

_WEIGHT_CASES = [
    ([0.0, 1.0, -2.0, 4.0, 4.685, 6.0, -30.0], 4.685),
    ([0.5, -0.5, 1.5, -3.0], 2.0),
    ([10.0, -0.1, 0.0], 1.0),
]


def _weight_mistakes(u, c):
    inside = np.abs(u) < c
    ratio = (u / c) ** 2
    return [
        (
            np.where(inside, 1 - ratio, 0.0),
            "are 1 - (u/c)**2; the biweight squares it: (1 - (u/c)**2)**2.",
        ),
        (
            (1 - ratio) ** 2,
            "are (1 - (u/c)**2)**2 also beyond c, where it grows again; "
            "the weight is 0 for |u| >= c.",
        ),
        (
            np.where(inside, u * (1 - ratio) ** 2, 0.0),
            "are psi(u) = u * w(u); the weight is psi(u) / u, without the factor u.",
        ),
        (
            np.where(np.abs(u) < 1, (1 - u**2) ** 2, 0.0),
            "ignore c: divide u by c before squaring.",
        ),
        (
            np.minimum(1.0, c / np.maximum(np.abs(u), 1e-300)),
            "are Huber's weights min(1, c/|u|); the biweight's fall to 0 at c.",
        ),
    ]


def _judge_weights(value, u, c):
    u = np.asarray(u, dtype=float)
    values = numbers_array(value)
    if values.shape != u.shape:
        return (
            f"for u={u.tolist()} your function returned shape {values.shape}; "
            f"return one weight per residual, shape {u.shape}."
        )
    expected = np.where(np.abs(u) < c, (1 - (u / c) ** 2) ** 2, 0.0)
    if np.allclose(values, expected, rtol=1e-9, atol=1e-12):
        return None
    case = f"for u={u.tolist()} and c={c}, your weights {np.round(values, 4).tolist()} "
    for wrong, explanation in _weight_mistakes(u, c):
        if np.allclose(values, wrong, rtol=1e-9, atol=1e-12):
            return case + explanation
    return case + f"should be {np.round(expected, 4).tolist()}."


biweight_weights = function_exercise(
    "my_biweight_weights",
    _WEIGHT_CASES,
    _judge_weights,
    hint="the weight is psi(u) / u = (1 - (u/c)**2)**2 where |u| < c, and 0 elsewhere; "
    "np.where chooses per element.",
    solution="""def my_biweight_weights(u, c):
    u = np.asarray(u, dtype=float)
    return np.where(np.abs(u) < c, (1 - (u / c) ** 2) ** 2, 0.0)""",
)
