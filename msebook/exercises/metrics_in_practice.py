"""Exercise of the chapter "Metrics in practice": implement the Huber loss."""

import numpy as np

from ..metrics import huber
from ._core import function_exercise, number, same

_HUBER_CASES = [
    ([0.0, 0.0, 0.0, 0.0], [0.2, -0.8, 1.5, -3.0], 1.0),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [1.5, 0.5, 3.1, 7.0, 5.0], 2.0),
    ([10.0, -4.0, 2.5], [9.0, -1.0, 2.0], 0.5),
]


def _huber_mistakes(y_true, y_pred, delta):
    """The usual slips in a Huber loss, each as (wrong value, explanation)."""
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    quadratic = r <= delta
    return [
        (
            np.sum(np.where(quadratic, 0.5 * r**2, delta * (r - 0.5 * delta))),
            "is the sum of the losses; average them instead.",
        ),
        (
            np.mean(np.where(quadratic, r**2, delta * (r - 0.5 * delta))),
            "uses r² in the quadratic branch; it is ½r².",
        ),
        (
            np.mean(np.where(quadratic, 0.5 * r**2, delta * r)),
            "uses δ|r| in the linear branch; it is δ(|r| − δ/2), so the two branches meet.",
        ),
        (
            np.mean(np.where(quadratic, 0.5 * r**2 / delta, r - 0.5 * delta)),
            "is the Smooth L1 loss, the Huber loss divided by δ.",
        ),
        (
            np.mean(np.where(r <= 1, 0.5 * r**2, r - 0.5)),
            "ignores `delta` and always switches branches at 1.",
        ),
        (
            np.mean(0.5 * r**2),
            "is half the MSE: the quadratic branch applies only where |r| ≤ δ.",
        ),
    ]


def _judge_huber(value, y_true, y_pred, delta):
    value, expected = number(value), huber(y_true, y_pred, delta=delta)
    if same(value, expected):
        return None
    case = f"for y_true={y_true}, y_pred={y_pred} and delta={delta}, your result {value:g} "
    for wrong, explanation in _huber_mistakes(y_true, y_pred, delta):
        if same(value, wrong):
            return case + explanation
    return case + f"should be {expected:g}."


implement_huber = function_exercise(
    "my_huber",
    _HUBER_CASES,
    _judge_huber,
    hint="with r = |y_true - y_pred|, each loss is 0.5 * r**2 where r <= delta "
    "and delta * (r - 0.5 * delta) elsewhere; "
    "np.where picks per element.",
    solution="""def my_huber(y_true, y_pred, delta):
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))""",
)
