"""Exercises of the chapter "A history of least squares": Boscovich's rule, his
ellipticity, and Fisher's comparison of spreads under contaminated errors."""

import functools
import math

import numpy as np

from .. import history
from ._core import (
    RETURNED_NONE,
    AnswerProblem,
    Exercise,
    function_exercise,
    number,
    numbers_array,
    shape,
)


def _cases():
    arcs = history.load("boscovich_1757")
    return [
        (arcs["x"], arcs["y"]),
        (np.array([0.0, 1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.5, 2.0, 9.0, 5.0])),
        (
            np.array([2.0, -1.0, 0.5, 3.0, 1.0, -2.0]),
            np.array([0.0, 1.0, -1.0, 4.0, 2.0, 0.5]),
        ),
    ]


def _plain_median_line(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    slope = np.median(dy[dx != 0] / dx[dx != 0])
    return y.mean() - slope * x.mean(), slope


def _known_line_mistake(line, x, y):
    """Say which other fitting rule gives ``line`` for (x, y); None if none does."""
    ones = np.ones_like(x)
    others = [
        (
            tuple(history.least_squares(np.column_stack([ones, x]), y)),
            "is the least-squares line; Boscovich minimised the sum of absolute "
            "residuals, not squared ones.",
        ),
        (
            history.least_absolute_deviations(x, y),
            "minimises the absolute residuals without the first condition; Boscovich's "
            "line must also have residuals summing to zero, so it passes through "
            "(mean x, mean y).",
        ),
        (
            _plain_median_line(x, y),
            "uses the plain median of the slopes from the centre; weight each slope by "
            "|x_i - mean x|.",
        ),
        (
            tuple(reversed(history.boscovich_rule(x, y))),
            "has intercept and slope swapped; return (intercept, slope).",
        ),
    ]
    for other, explanation in others:
        if all(np.isclose(a, b, rtol=1e-9, atol=1e-9) for a, b in zip(line, other)):
            return explanation
    return None


def _line(value):
    if value is None:
        raise AnswerProblem(RETURNED_NONE)
    if shape(value) != (2,):
        raise AnswerProblem(
            "your function should return two numbers, (intercept, slope); got shape "
            f"{shape(value)}."
        )
    intercept, slope = numbers_array(value).tolist()
    return intercept, slope


def _judge_rule(value, x, y):
    intercept, slope = _line(value)
    if not np.isfinite([intercept, slope]).all():
        return (
            f"your line ({intercept:g}, {slope:g}) is not finite; did a division by "
            "x_i - mean x hit zero?"
        )
    expected = history.boscovich_rule(x, y)
    if np.allclose((intercept, slope), expected, rtol=1e-9, atol=1e-9):
        return None
    where = (
        f"for x={np.round(x, 4).tolist()} and y={y.tolist()}, your line "
        f"({intercept:g}, {slope:g}) "
    )
    slip = _known_line_mistake((intercept, slope), x, y)
    if slip:
        return where + slip
    residuals = y - intercept - slope * x
    if abs(residuals.sum()) > 1e-6 * np.abs(y).sum():
        return where + (
            f"has residuals summing to {residuals.sum():g}, not 0; it must pass "
            "through (mean x, mean y)."
        )
    return where + (
        f"passes through the centre, but the slope {expected[1]:g} gives a smaller "
        "sum of absolute residuals."
    )


boscovich_rule = function_exercise(
    "my_rule",
    _cases,
    _judge_rule,
    hint="move the origin to (mean x, mean y); every point then asks for the slope "
    "dy/dx, with weight |dx|. Sort the slopes and take the one where the running "
    "total of weights first reaches half the total.",
    solution="""def my_rule(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    keep = dx != 0
    slopes, weights = dy[keep] / dx[keep], np.abs(dx[keep])
    order = np.argsort(slopes)
    running = np.cumsum(weights[order])
    slope = slopes[order][np.searchsorted(running, running[-1] / 2)]
    return y.mean() - slope * x.mean(), slope""",
)


def _check_ellipticity(answer):
    value = number(
        answer,
        kind="give 1/e as a number (got {type}).",
        array="give 1/e as one number, not an array of shape {shape}.",
    )
    arcs = history.load("boscovich_1757")
    x, y = arcs["x"], arcs["y"]

    def inverse(line, offset=56700):
        return 1 / history.ellipticity(line[0] + offset, line[1])

    line = history.boscovich_rule(x, y)
    expected = inverse(line)
    if abs(value - expected) < 0.05:
        return None
    slips = [
        (1 / expected, "is e itself; the question asks for 1/e."),
        (
            inverse(line, offset=0),
            "forgets that y is the degree length minus 56 700 toises; add 56 700 to "
            "the intercept.",
        ),
        (
            inverse(history.least_squares(np.column_stack([np.ones(5), x]), y)),
            "comes from the least-squares line, not Boscovich's.",
        ),
        (
            inverse(history.least_absolute_deviations(x, y)),
            "comes from the unconstrained least-absolute-deviations line, not "
            "Boscovich's.",
        ),
        (
            1 / history.ellipticity(line[0] + 56700, line[1], at="mean"),
            "measures against the mean degree; Boscovich measured against the degree "
            "at the equator, 1/e = 3a/b.",
        ),
    ]
    for wrong, explanation in slips:
        if math.isclose(value, wrong, rel_tol=2e-4):
            return f"{value:g} {explanation}"
    return (
        f"{value:g} is not 1/e from Boscovich's line; compute 3a/b with a = 56 700 + "
        "intercept."
    )


boscovich_ellipticity = Exercise(
    _check_ellipticity,
    hint="fit Boscovich's line to the five arcs, add 56 700 toises to its intercept a, "
    "then 1/e = 3a/b.",
    solution="""a, b = history.boscovich_rule(arcs["x"], arcs["y"])
inverse_e = 3 * (56700 + a) / b   # about 245.9""",
)


# ---- Contaminated errors: Fisher's comparison when a few errors are three times
# as large ----

_SHARES = (0.01, 0.05)


def _efficiency_of_absolute(data):
    deviations = data - data.mean(axis=1, keepdims=True)
    root_mean_square = np.sqrt(np.mean(deviations**2, axis=1))
    mean_absolute = np.mean(np.abs(deviations), axis=1)
    relative = [s.var() / s.mean() ** 2 for s in (root_mean_square, mean_absolute)]
    return relative[0] / relative[1]


@functools.cache
def _expected_efficiency(share, scale=3.0):
    """The chapter's experiment (20 000 samples of 100 errors) run once, seeded: the
    efficiency of the mean absolute deviation when a share of the errors has standard
    deviation ``scale``. Its own sampling spread is about 0.02."""
    draw = np.random.default_rng(1920)
    gross = draw.random((20_000, 100)) < share
    errors = draw.normal(0, 1, size=(20_000, 100)) * np.where(gross, scale, 1)
    return float(_efficiency_of_absolute(errors))


_EFFICIENCY_TOLERANCE = (
    0.1  # about four times the spread of two simulations' difference
)


def _check_contaminated(answer):
    if answer is None:
        raise AnswerProblem(
            "give the two efficiencies, for 1 % and 5 % contamination, as a list."
        )
    if shape(answer) != (2,):
        raise AnswerProblem(
            "give two numbers, the efficiencies for 1 % and 5 % contamination; "
            f"got shape {shape(answer)}."
        )
    values = numbers_array(answer, what="the answer has").tolist()
    expected = [_expected_efficiency(share) for share in _SHARES]

    def near(got, want):
        return all(abs(g - w) <= _EFFICIENCY_TOLERANCE for g, w in zip(got, want))

    if near(values, expected):
        return None
    slips = [
        (expected[::-1], "has the two shares in the wrong order: 1 % first, then 5 %."),
        (
            [1 / e for e in expected],
            "is the efficiency of the root mean square deviation relative to the mean "
            "absolute one, the inverse of the ratio asked for.",
        ),
        (
            [_expected_efficiency(share, math.sqrt(3)) for share in _SHARES],
            "multiplies the gross errors by √3, giving them variance 3; their "
            "standard deviation is 3.",
        ),
        (
            [1 / (math.pi - 2)] * 2,
            "is about the efficiency under normal errors, 1/(π − 2) ≈ 0.876: the "
            "contamination did not take effect, or made almost every error gross; "
            "multiply the errors where rng.random(...) < share by 3.",
        ),
    ]
    for wrong, explanation in slips:
        if near(values, wrong):
            return f"{values} {explanation}"
    return (
        f"{[round(v, 3) for v in values]} should be near "
        f"{[round(e, 2) for e in expected]} for 100 errors per sample."
    )


contaminated_efficiency = Exercise(
    _check_contaminated,
    hint="draw normal errors, multiply those with rng.random(...) < share by 3, and "
    "pass the array to efficiency_of_absolute; once with share 0.01 and once with "
    "0.05.",
    solution="""rng = np.random.default_rng(5)


def efficiency_of_absolute(data):
    deviations = data - data.mean(axis=1, keepdims=True)
    root_mean_square = np.sqrt(np.mean(deviations**2, axis=1))
    mean_absolute = np.mean(np.abs(deviations), axis=1)
    relative = [s.var() / s.mean() ** 2 for s in (root_mean_square, mean_absolute)]
    return relative[0] / relative[1]


contaminated_ratios = []
for share in [0.01, 0.05]:
    gross = rng.random((20_000, 100)) < share
    errors = rng.normal(0, 1, size=(20_000, 100)) * np.where(gross, 3, 1)
    contaminated_ratios.append(efficiency_of_absolute(errors))""",
)
