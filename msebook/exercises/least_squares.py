"""Exercises of the chapter "Least squares": the largest step size of gradient descent,
and the step and momentum of the heavy ball."""

import numpy as np

from ._core import (
    RETURNED_NONE,
    AnswerProblem,
    function_exercise,
    number,
    same,
    shape,
)

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
            "is 1/L, a safe step size; the threshold beyond which descent diverges is "
            "2/L.",
        ),
        (
            2 / eigenvalues[-1],
            "is the threshold for the *sum* of squared errors; the mean divides the "
            "gradient by n, so its threshold is n times larger.",
        ),
        (
            1 / eigenvalues[-1],
            "is 1/lambda_max(X^T X): it misses the factor 2/n of the MSE's Hessian "
            "(2/n) X^T X.",
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
    return (
        f"for the {n} x {X.shape[1]} design {design} the threshold is "
        f"{2 / lipschitz:.6g}, not {value:.6g}."
    )


largest_step = function_exercise(
    "largest_step",
    [(np.array(design),) for design in _STEP_DESIGNS],
    _judge,
    hint="the Hessian of the MSE in theta is (2/n) X^T X; its largest eigenvalue is "
    "the Lipschitz constant L of the gradient, and gradient descent converges "
    "exactly for step sizes below 2/L.",
    solution="""def largest_step(X):
    n = len(X)
    lipschitz = 2 / n * np.linalg.eigvalsh(X.T @ X).max()
    return 2 / lipschitz""",
)


# Momentum: the heavy-ball step and momentum that give the sqrt(kappa) rate.

_CURVATURES = [(4.0, 1.0), (100.0, 1.0), (2.5, 0.01)]


def _pair_of_numbers(answer):
    if answer is None:
        raise AnswerProblem(RETURNED_NONE)
    if (
        not isinstance(answer, (tuple, list, np.ndarray))
        or shape(answer) == ()  # a 0-d array has no len
        or len(answer) != 2
    ):
        raise AnswerProblem(
            f"return a pair (step, momentum), got {type(answer).__name__} "
            f"{answer!r:.60}."
        )
    step = number(answer[0], array="the step should be one number, got shape {shape}.")
    momentum = number(
        answer[1], array="the momentum should be one number, got shape {shape}."
    )
    return step, momentum


def _judge_momentum(answer, L, mu):
    step, momentum = _pair_of_numbers(answer)
    root = np.sqrt(L / mu)
    right = (4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, ((root - 1) / (root + 1)) ** 2)
    where = f"for L = {L:g} and mu = {mu:g}"
    if same(step, right[0]) and same(momentum, right[1]):
        return None
    if same(step, right[1]) and same(momentum, right[0]):
        return f"{where} the two numbers are swapped; return (step, momentum)."
    if not same(momentum, right[1]):
        kappa = L / mu
        slips = [
            (
                (root - 1) / (root + 1),
                "is the convergence rate (sqrt(kappa) - 1) / (sqrt(kappa) + 1); "
                "the momentum is its square.",
            ),
            (
                ((kappa - 1) / (kappa + 1)) ** 2,
                "uses kappa where the formula has its square root.",
            ),
            (
                (kappa - 1) / (kappa + 1),
                "is the rate of plain gradient descent; the momentum uses sqrt(kappa) "
                "and is squared.",
            ),
        ]
        for wrong, explanation in slips:
            if same(momentum, wrong):
                return f"{where} your momentum {momentum:.6g} {explanation}"
        return f"{where} the momentum is {right[1]:.6g}, not {momentum:.6g}."
    slips = [
        (2 / (L + mu), "is the best step of plain gradient descent, 2/(L + mu)."),
        (1 / L, "is 1/L; with momentum the step is 4/(sqrt(L) + sqrt(mu))^2."),
        (
            4 / (L + mu),
            "misses the square roots: the step is 4/(sqrt(L) + sqrt(mu))^2.",
        ),
    ]
    for wrong, explanation in slips:
        if same(step, wrong):
            return f"{where} your step {step:.6g} {explanation}"
    return f"{where} the step is {right[0]:.6g}, not {step:.6g}."


heavy_ball_parameters = function_exercise(
    "heavy_ball_parameters",
    _CURVATURES,
    _judge_momentum,
    hint="with kappa = L / mu, the tuned heavy ball uses the step 4 / (sqrt(L) + "
    "sqrt(mu))**2 and the momentum ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))**2.",
    solution="""def heavy_ball_parameters(L, mu):
    root = np.sqrt(L / mu)
    step = 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2
    momentum = ((root - 1) / (root + 1)) ** 2
    return step, momentum""",
)
