"""Exercise of the chapter "Properties of MSE": the gradient of the MSE in the
predictions.
"""

import numpy as np

from ._core import function_exercise, numbers_array, same

_GRADIENT_CASES = [
    ([250, 300, 180, 420, 350], [240, 310, 200, 400, 360]),
    ([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]),
    ([1.0, 2.0], [1.5, 0.5]),
]


def _known_gradient_mistake(answer, right):
    """Say which common slip turns the gradient ``right`` into the float array
    ``answer``; None if none does.
    """
    n = len(right)
    if answer.ndim == 0:
        if same(float(answer), right.sum()):
            return (
                "you returned one number, the sum of the components: that is the "
                "derivative for moving every prediction by the same amount (an "
                "intercept). The gradient has one component per prediction."
            )
        return (
            "the gradient has one component per prediction; you returned a single "
            "number."
        )
    if answer.size != n:
        return (
            f"the gradient has {n} components, one per prediction; yours has shape "
            f"{answer.shape}."
        )
    slips = [
        (
            right,
            f"has the right values but shape {answer.shape}; return a 1-D array of "
            f"shape ({n},).",
        ),
        (
            -right,
            "has the wrong sign: the MSE grows when a prediction moves away from its "
            "target.",
        ),
        (
            right / 2,
            "is missing the factor 2 that comes from differentiating the square.",
        ),
        (right * n, "is missing the factor 1/n of the mean."),
        (right * n / 2, "is missing both the factor 2 and the factor 1/n."),
    ]
    for wrong, explanation in slips:
        if np.allclose(answer.ravel(), wrong, rtol=1e-9, atol=1e-12):
            return f"your gradient {explanation}"
    return None


def _judge(value, y_true, y_pred):
    answer = numbers_array(value)
    right = 2 / len(y_true) * (np.asarray(y_pred, float) - np.asarray(y_true, float))
    if answer.shape == right.shape and np.allclose(
        answer, right, rtol=1e-9, atol=1e-12
    ):
        return None
    slip = _known_gradient_mistake(answer, right)
    if slip:
        return f"for y_true={y_true} and y_pred={y_pred}, {slip}"
    return (
        f"for y_true={y_true} and y_pred={y_pred} the gradient is "
        f"{np.round(right, 6).tolist()}."
    )


mse_gradient_vector = function_exercise(
    "mse_gradient",
    _GRADIENT_CASES,
    _judge,
    hint="differentiate (1/n) * sum((y_j - yhat_j)**2) with respect to one prediction "
    "yhat_i: only the i-th term depends on it.",
    solution="""def mse_gradient(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    return 2 / len(y_true) * (y_pred - y_true)""",
)
