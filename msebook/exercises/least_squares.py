"""Exercise of the chapter "Least squares": the largest step size of gradient descent."""

import numpy as np

from ._core import function_exercise, number, same

_STEP_DESIGNS = [
    [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 4.0]],
    [
        [2.0, 0.5, 0.0],
        [0.0, 1.0, 1.0],
        [1.0, -1.0, 3.0],
        [0.5, 0.5, 0.5],
        [1.0, 2.0, -1.0],
    ],
    [[3.0], [4.0], [1.0]],
]


def _judge(value, X):
    value = number(
        value, array="return one number, the step size; got an array of shape {shape}."
    )
    design, n = X.tolist(), len(X)
    eigenvalues = np.linalg.eigvalsh(X.T @ X)
    lipschitz = 2 / n * eigenvalues[-1]
    if same(value, 2 / lipschitz):
        return None
    slips = [
        (
            1 / lipschitz,
            "is 1/L, a safe step size; the threshold beyond which descent diverges is 2/L.",
        ),
        (
            2 / eigenvalues[-1],
            "is the threshold for the *sum* of squared errors; the mean divides the "
            "gradient by n, so its threshold is n times larger.",
        ),
        (
            1 / eigenvalues[-1],
            "is 1/lambda_max(X^T X): it misses the factor 2/n of the MSE's Hessian (2/n) X^T X.",
        ),
        (
            2 / (2 / n * eigenvalues[0]),
            "uses the smallest eigenvalue; the largest one limits the step.",
        ),
        (lipschitz, "is L itself; the threshold is 2/L."),
    ]
    for wrong, explanation in slips:
        if same(value, wrong):
            return (
                f"for the {n} x {X.shape[1]} design {design}, {value:.6g} {explanation}"
            )
    return f"for the {n} x {X.shape[1]} design {design} the threshold is {2 / lipschitz:.6g}, not {value:.6g}."


largest_step = function_exercise(
    "largest_step",
    [(np.array(design),) for design in _STEP_DESIGNS],
    _judge,
    hint="the Hessian of the MSE in theta is (2/n) X^T X; its largest eigenvalue is the Lipschitz constant L "
    "of the gradient, and gradient descent converges exactly for step sizes below 2/L.",
    solution="""def largest_step(X):
    n = len(X)
    lipschitz = 2 / n * np.linalg.eigvalsh(X.T @ X).max()
    return 2 / lipschitz""",
)
