"""Exercises of the chapter "A history of least squares": Boscovich's rule and his ellipticity."""

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
            "is the least-squares line; Boscovich minimised the sum of absolute residuals, not squared ones.",
        ),
        (
            history.least_absolute_deviations(x, y),
            "minimises the absolute residuals without the first condition; Boscovich's "
            "line must also have residuals summing to zero, so it passes through "
            "(mean x, mean y).",
        ),
        (
            _plain_median_line(x, y),
            "uses the plain median of the slopes from the centre; weight each slope by |x_i - mean x|.",
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
    if np.shape(value) != (2,):
        raise AnswerProblem(
            f"your function should return two numbers, (intercept, slope); got shape {np.shape(value)}."
        )
    intercept, slope = numbers_array(value).tolist()
    return intercept, slope


def _judge_rule(value, x, y):
    intercept, slope = _line(value)
    if not np.isfinite([intercept, slope]).all():
        return f"your line ({intercept:g}, {slope:g}) is not finite; did a division by x_i - mean x hit zero?"
    expected = history.boscovich_rule(x, y)
    if np.allclose((intercept, slope), expected, rtol=1e-9, atol=1e-9):
        return None
    where = f"for x={np.round(x, 4).tolist()} and y={y.tolist()}, your line ({intercept:g}, {slope:g}) "
    slip = _known_line_mistake((intercept, slope), x, y)
    if slip:
        return where + slip
    residuals = y - intercept - slope * x
    if abs(residuals.sum()) > 1e-6 * np.abs(y).sum():
        return (
            where
            + f"has residuals summing to {residuals.sum():g}, not 0; it must pass through (mean x, mean y)."
        )
    return (
        where
        + f"passes through the centre, but the slope {expected[1]:g} gives a smaller sum of absolute residuals."
    )


boscovich_rule = function_exercise(
    "my_rule",
    _cases,
    _judge_rule,
    hint="move the origin to (mean x, mean y); every point then asks for the slope dy/dx, with weight |dx|. "
    "Sort the slopes and take the one where the running total of weights first reaches half the total.",
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
            "forgets that y is the degree length minus 56 700 toises; add 56 700 to the intercept.",
        ),
        (
            inverse(history.least_squares(np.column_stack([np.ones(5), x]), y)),
            "comes from the least-squares line, not Boscovich's.",
        ),
        (
            inverse(history.least_absolute_deviations(x, y)),
            "comes from the unconstrained least-absolute-deviations line, not Boscovich's.",
        ),
        (
            1 / history.ellipticity(line[0] + 56700, line[1], at="mean"),
            "measures against the mean degree; Boscovich measured against the degree at the equator, 1/e = 3a/b.",
        ),
    ]
    for wrong, explanation in slips:
        if math.isclose(value, wrong, rel_tol=2e-4):
            return f"{value:g} {explanation}"
    return f"{value:g} is not 1/e from Boscovich's line; compute 3a/b with a = 56 700 + intercept."


boscovich_ellipticity = Exercise(
    _check_ellipticity,
    hint="fit Boscovich's line to the five arcs, add 56 700 toises to its intercept a, then 1/e = 3a/b.",
    solution="""a, b = history.boscovich_rule(arcs["x"], arcs["y"])
inverse_e = 3 * (56700 + a) / b   # about 245.9""",
)
