"""Answer checkers for the book's exercises: ``check``, ``hint`` and ``solution``.

Each exercise is an :class:`Exercise`. ``check(answer)`` never raises: it
returns a :class:`Feedback` that is true when the answer is right and
otherwise says specifically what looks wrong.

>>> from msebook import exercises
>>> exercises.house_outlier_mse.check(9100)
Not yet: 9100 is the sum of the squared errors; divide it by the number of houses.
>>> bool(exercises.house_outlier_mse.check(1820))
True
"""
import math

import numpy as np

from . import history
from .metrics import huber, mae, mse, rmse


class Feedback:
    """A message for the reader; true only for a correct answer.

    >>> Feedback(True, "Correct.")
    Correct.
    """

    def __init__(self, passed, message):
        self.passed = passed
        self.message = message

    def __bool__(self):
        return bool(self.passed)

    def __repr__(self):
        return self.message


class Exercise:
    """One exercise: a checker that explains mistakes, a hint and a worked solution.

    Parameters
    ----------
    checker : callable
        Takes the reader's answer; returns None when it is right, otherwise a
        sentence saying what is wrong.
    hint, solution : str
        Shown by :meth:`hint` and :meth:`solution`.
    """

    def __init__(self, checker, hint, solution):
        self._checker = checker
        self._hint = hint
        self._solution = solution

    def check(self, answer):
        """Return :class:`Feedback` on ``answer``; an exception inside the answer becomes a message."""
        try:
            problem = self._checker(answer)
        except Exception as exc:  # the reader's code failed: report it, do not crash the notebook
            problem = f"your answer raised {type(exc).__name__}: {exc}"
        if problem is None:
            return Feedback(True, "Correct.")
        return Feedback(False, f"Not yet: {problem}")

    def hint(self):
        """A nudge in the right direction."""
        return Feedback(None, f"Hint: {self._hint}")

    def solution(self):
        """The worked answer."""
        return Feedback(None, f"Solution:\n{self._solution}")


_RETURNED_NONE = "your function returned None; did you forget `return`?"


def _not_a_function(answer, name):
    """What to say when an exercise wants a function and got ``answer``, something else."""
    return f"pass the function itself, check({name}), not its result (got {type(answer).__name__})."


def _same(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _known_mse_mistake(value, y_true, y_pred, items):
    """Say which common slip turns the MSE of (y_true, y_pred) into ``value``; None if none does."""
    errors = np.asarray(y_true, float) - np.asarray(y_pred, float)
    slips = [
        (np.sum(errors**2), f"is the sum of the squared errors; divide it by the number of {items}."),
        (rmse(y_true, y_pred), "is the root mean squared error; MSE has no square root."),
        (mae(y_true, y_pred), "is the mean absolute error; square the errors instead of taking absolute values."),
        (np.mean(errors) ** 2, "is the square of the mean error; square each error first, then average."),
        (np.mean(errors), "is the mean error; square each error before averaging, or they cancel."),
        (np.sum(errors**2) / (len(errors) - 1), "divides by n - 1; the mean of the squared errors divides by n."),
    ]
    for wrong, explanation in slips:
        if _same(value, wrong):
            return f"{value:g} {explanation}"
    return None


_MSE_CASES = [
    ([250, 300, 180, 420, 350], [240, 310, 200, 400, 360]),
    ([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]),
    ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    ([-3.0, -1.5, 0.0, 2.5, 4.0, 5.5], [-2.0, -2.0, 0.5, 2.0, 6.0, 5.0]),
]


def _check_implement_mse(function):
    if not callable(function):
        return _not_a_function(function, "my_mse")
    for y_true, y_pred in _MSE_CASES:
        value = function(y_true, y_pred)
        if value is None:
            return _RETURNED_NONE
        if np.ndim(value) != 0:
            return f"your function returned an array of shape {np.shape(value)}; it should return one number."
        expected = mse(y_true, y_pred)
        if not _same(float(value), expected):
            case = f"for y_true={y_true} and y_pred={y_pred}, your result "
            slip = _known_mse_mistake(float(value), y_true, y_pred, items="values")
            return case + (slip or f"{float(value):g} should be {expected:g}.")
    return None


implement_mse = Exercise(
    _check_implement_mse,
    hint="compute the errors y_true[i] - y_pred[i], square each one, add them up and divide by how many there are.",
    solution="""def my_mse(y_true, y_pred):
    squared_errors = [(t - p) ** 2 for t, p in zip(y_true, y_pred)]
    return sum(squared_errors) / len(squared_errors)""",
)

_HOUSES_BEFORE = [250, 300, 180, 420, 350]
_HOUSES_TRUE = [250, 300, 180, 420, 450]
_HOUSES_PRED = [240, 310, 200, 400, 360]


def _check_house_outlier_mse(value):
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool):
        return f"give the MSE as a number (got {type(value).__name__})."
    if _same(value, mse(_HOUSES_BEFORE, _HOUSES_PRED)):
        return "220 is the MSE before the correction; use 450 for the fifth house."
    if _same(value, mse(_HOUSES_TRUE, _HOUSES_PRED)):
        return None
    slip = _known_mse_mistake(float(value), _HOUSES_TRUE, _HOUSES_PRED, items="houses")
    return slip or f"{value:g} is not the MSE of the corrected prices; recompute the five errors and square them."


house_outlier_mse = Exercise(
    _check_house_outlier_mse,
    hint="only the fifth error changes: 450 - 360 = 90. Square all five errors, then take their mean.",
    solution="""The errors are 10, -10, -20, 20 and 90; their squares 100, 100, 400, 400 and 8100
sum to 9100, and 9100 / 5 = 1820 (thousand dollars squared).
In code: msebook.mse([250, 300, 180, 420, 450], [240, 310, 200, 400, 360])""",
)


def _bosco_cases():
    arcs = history.load("boscovich_1757")
    return [
        (arcs["x"], arcs["y"]),
        (np.array([0.0, 1.0, 2.0, 3.0, 4.0]), np.array([1.0, 2.5, 2.0, 9.0, 5.0])),
        (np.array([2.0, -1.0, 0.5, 3.0, 1.0, -2.0]), np.array([0.0, 1.0, -1.0, 4.0, 2.0, 0.5])),
    ]


def _plain_median_line(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    slope = np.median(dy[dx != 0] / dx[dx != 0])
    return y.mean() - slope * x.mean(), slope


def _known_line_mistake(line, x, y):
    """Say which other fitting rule gives ``line`` for (x, y); None if none does."""
    ones = np.ones_like(x)
    others = [
        (tuple(history.least_squares(np.column_stack([ones, x]), y)), "is the least-squares line; Boscovich minimised the sum of absolute residuals, not squared ones."),
        (history.least_absolute_deviations(x, y), "minimises the absolute residuals without the first condition; Boscovich's line must also have residuals summing to zero, so it passes through (mean x, mean y)."),
        (_plain_median_line(x, y), "uses the plain median of the slopes from the centre; weight each slope by |x_i - mean x|."),
        (tuple(reversed(history.boscovich_rule(x, y))), "has intercept and slope swapped; return (intercept, slope)."),
    ]
    for other, explanation in others:
        if all(np.isclose(a, b, rtol=1e-9, atol=1e-9) for a, b in zip(line, other)):
            return explanation
    return None


def _check_boscovich_rule(function):
    if not callable(function):
        return _not_a_function(function, "my_rule")
    for x, y in _bosco_cases():
        line = function(x.copy(), y.copy())
        if line is None:
            return _RETURNED_NONE
        if np.shape(line) != (2,):
            return f"your function should return two numbers, (intercept, slope); got shape {np.shape(line)}."
        intercept, slope = (float(value) for value in line)
        if not np.isfinite([intercept, slope]).all():
            return f"your line ({intercept:g}, {slope:g}) is not finite; did a division by x_i - mean x hit zero?"
        expected = history.boscovich_rule(x, y)
        if np.allclose((intercept, slope), expected, rtol=1e-9, atol=1e-9):
            continue
        where = f"for x={np.round(x, 4).tolist()} and y={y.tolist()}, your line ({intercept:g}, {slope:g}) "
        slip = _known_line_mistake((intercept, slope), x, y)
        if slip:
            return where + slip
        residuals = y - intercept - slope * x
        if abs(residuals.sum()) > 1e-6 * np.abs(y).sum():
            return where + f"has residuals summing to {residuals.sum():g}, not 0; it must pass through (mean x, mean y)."
        return where + f"passes through the centre, but the slope {expected[1]:g} gives a smaller sum of absolute residuals."
    return None


boscovich_rule = Exercise(
    _check_boscovich_rule,
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


def _check_boscovich_ellipticity(value):
    if not isinstance(value, (int, float, np.number)) or isinstance(value, bool):
        return f"give 1/e as a number (got {type(value).__name__})."
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
        (inverse(line, offset=0), "forgets that y is the degree length minus 56 700 toises; add 56 700 to the intercept."),
        (inverse(history.least_squares(np.column_stack([np.ones(5), x]), y)), "comes from the least-squares line, not Boscovich's."),
        (inverse(history.least_absolute_deviations(x, y)), "comes from the unconstrained least-absolute-deviations line, not Boscovich's."),
        (1 / history.ellipticity(line[0] + 56700, line[1], at="mean"), "measures against the mean degree; Boscovich measured against the degree at the equator, 1/e = 3a/b."),
    ]
    for wrong, explanation in slips:
        if math.isclose(value, wrong, rel_tol=2e-4):
            return f"{value:g} {explanation}"
    return f"{value:g} is not 1/e from Boscovich's line; compute 3a/b with a = 56 700 + intercept."


boscovich_ellipticity = Exercise(
    _check_boscovich_ellipticity,
    hint="fit Boscovich's line to the five arcs, add 56 700 toises to its intercept a, then 1/e = 3a/b.",
    solution="""a, b = history.boscovich_rule(arcs["x"], arcs["y"])
inverse_e = 3 * (56700 + a) / b   # about 245.9""",
)

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
        (np.sum(np.where(quadratic, 0.5 * r**2, delta * (r - 0.5 * delta))), "is the sum of the losses; average them instead."),
        (np.mean(np.where(quadratic, r**2, delta * (r - 0.5 * delta))), "uses r² in the quadratic branch; it is ½r²."),
        (np.mean(np.where(quadratic, 0.5 * r**2, delta * r)), "uses δ|r| in the linear branch; it is δ(|r| − δ/2), so the two branches meet."),
        (np.mean(np.where(quadratic, 0.5 * r**2 / delta, r - 0.5 * delta)), "is the Smooth L1 loss, the Huber loss divided by δ."),
        (np.mean(np.where(r <= 1, 0.5 * r**2, r - 0.5)), "ignores `delta` and always switches branches at 1."),
        (np.mean(0.5 * r**2), "is half the MSE: the quadratic branch applies only where |r| ≤ δ."),
    ]


def _check_implement_huber(function):
    if not callable(function):
        return _not_a_function(function, "my_huber")
    for y_true, y_pred, delta in _HUBER_CASES:
        value = function(y_true, y_pred, delta)
        if value is None:
            return _RETURNED_NONE
        if np.ndim(value) != 0:
            return f"your function returned an array of shape {np.shape(value)}; it should return one number."
        expected = huber(y_true, y_pred, delta=delta)
        if not _same(float(value), expected):
            case = f"for y_true={y_true}, y_pred={y_pred} and delta={delta}, your result {float(value):g} "
            for wrong, explanation in _huber_mistakes(y_true, y_pred, delta):
                if _same(float(value), wrong):
                    return case + explanation
            return case + f"should be {expected:g}."
    return None


implement_huber = Exercise(
    _check_implement_huber,
    hint="with r = |y_true - y_pred|, each loss is 0.5 * r**2 where r <= delta and delta * (r - 0.5 * delta) elsewhere; np.where picks per element.",
    solution="""def my_huber(y_true, y_pred, delta):
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))""",
)


def _pair(answer):
    """``answer`` as a pair of floats, or a sentence saying why it is not one."""
    if answer is None:
        return None, _RETURNED_NONE
    if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != 2:
        return None, f"return a pair (bias_squared, variance), got {type(answer).__name__} {answer!r:.60}."
    if any(np.ndim(part) != 0 for part in answer):
        shapes = [np.shape(part) for part in answer]
        return None, f"each part of the pair should be one number, averaged over the points; got shapes {shapes}."
    return (float(answer[0]), float(answer[1])), None


def _check_bias_variance_split(function):
    if not callable(function):
        return _not_a_function(function, "decompose")
    rng = np.random.default_rng(0)
    truth = rng.normal(size=6)
    predictions = truth + 0.5 + rng.normal(size=(40, 6)) * np.linspace(0.5, 2.0, 6)
    pair, problem = _pair(function(predictions.copy(), truth.copy()))
    if problem:
        return problem
    bias_squared, variance = pair
    mean_prediction = predictions.mean(axis=0)
    right = (np.mean((mean_prediction - truth) ** 2), np.mean(predictions.var(axis=0)))
    if _same(bias_squared, right[0]) and _same(variance, right[1]):
        return None
    if _same(bias_squared, right[1]) and _same(variance, right[0]):
        return "the two numbers are swapped; return (bias_squared, variance) in that order."
    if not _same(bias_squared, right[0]):
        slips = [
            (np.mean((predictions - truth) ** 2), "is the whole mean squared error; the bias compares the mean prediction at each point with the truth."),
            (np.mean(mean_prediction - truth) ** 2, "is the square of the average bias; square the bias at each point first, then average over the points."),
            (np.mean(mean_prediction - truth), "is the average bias, not squared."),
            (np.mean((predictions.mean(axis=1) - truth.mean()) ** 2), "averages over the wrong axis: average over the training sets (axis 0), one mean per point."),
        ]
        for wrong, explanation in slips:
            if _same(bias_squared, wrong):
                return f"your bias_squared {bias_squared:.4g} {explanation}"
        return f"your bias_squared {bias_squared:.4g} should be {right[0]:.4g}."
    slips = [
        (np.mean(predictions.var(axis=0, ddof=1)), "divides by R - 1; divide by R, the number of training sets, so that bias_squared + variance is exactly the mean squared error."),
        (np.mean(predictions.var(axis=1)), "is the spread across the points; take the variance across the training sets (axis 0) at each point."),
        (np.mean(predictions.std(axis=0)), "is a standard deviation; the variance is its square."),
        (predictions.var(), "is the variance of all predictions pooled; take the variance at each point across the training sets, then average."),
    ]
    for wrong, explanation in slips:
        if _same(variance, wrong):
            return f"your variance {variance:.4g} {explanation}"
    return f"your variance {variance:.4g} should be {right[1]:.4g}."


bias_variance_split = Exercise(
    _check_bias_variance_split,
    hint="average the predictions over the training sets (axis 0) to get the mean prediction at each point; "
    "the bias there is mean prediction - truth, and the variance is the spread around the mean prediction.",
    solution="""def decompose(predictions, truth):
    mean_prediction = predictions.mean(axis=0)
    bias_squared = np.mean((mean_prediction - truth) ** 2)
    variance = np.mean(predictions.var(axis=0))
    return bias_squared, variance""",
)


# ---- Properties of MSE; Least squares in closed form and by gradient descent ---------------------

_GRADIENT_CASES = [
    ([250, 300, 180, 420, 350], [240, 310, 200, 400, 360]),
    ([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]),
    ([1.0, 2.0], [1.5, 0.5]),
]


def _known_gradient_mistake(answer, y_true, y_pred):
    """Say which common slip turns the gradient of the MSE into ``answer``; None if none does."""
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    n = len(y_true)
    right = 2 / n * (y_pred - y_true)
    if np.ndim(answer) == 0:
        if _same(float(answer), right.sum()):
            return (
                "you returned one number, the sum of the components: that is the derivative for moving every "
                "prediction by the same amount (an intercept). The gradient has one component per prediction."
            )
        return "the gradient has one component per prediction; you returned a single number."
    answer = np.asarray(answer, dtype=float).ravel()
    if answer.shape != right.shape:
        return f"the gradient has {n} components, one per prediction; yours has shape {answer.shape}."
    slips = [
        (-right, "has the wrong sign: the MSE grows when a prediction moves away from its target."),
        (right / 2, "is missing the factor 2 that comes from differentiating the square."),
        (right * n, "is missing the factor 1/n of the mean."),
        (right * n / 2, "is missing both the factor 2 and the factor 1/n."),
    ]
    for wrong, explanation in slips:
        if np.allclose(answer, wrong, rtol=1e-9, atol=1e-12):
            return f"your gradient {explanation}"
    return None


def _check_mse_gradient_vector(function):
    if not callable(function):
        return _not_a_function(function, "mse_gradient")
    for y_true, y_pred in _GRADIENT_CASES:
        answer = function(list(y_true), list(y_pred))
        if answer is None:
            return _RETURNED_NONE
        right = 2 / len(y_true) * (np.asarray(y_pred, float) - np.asarray(y_true, float))
        if np.shape(answer) == right.shape and np.allclose(np.asarray(answer, float), right, rtol=1e-9, atol=1e-12):
            continue
        slip = _known_gradient_mistake(answer, y_true, y_pred)
        if slip:
            return f"for y_true={y_true} and y_pred={y_pred}, {slip}"
        return f"for y_true={y_true} and y_pred={y_pred} the gradient is {np.round(right, 6).tolist()}."
    return None


mse_gradient_vector = Exercise(
    _check_mse_gradient_vector,
    hint="differentiate (1/n) * sum((y_j - yhat_j)**2) with respect to one prediction yhat_i: only the i-th term "
    "depends on it.",
    solution="""def mse_gradient(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    return 2 / len(y_true) * (y_pred - y_true)""",
)

_STEP_DESIGNS = [
    [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 4.0]],
    [[2.0, 0.5, 0.0], [0.0, 1.0, 1.0], [1.0, -1.0, 3.0], [0.5, 0.5, 0.5], [1.0, 2.0, -1.0]],
    [[3.0], [4.0], [1.0]],
]


def _check_largest_step(function):
    if not callable(function):
        return _not_a_function(function, "largest_step")
    for design in _STEP_DESIGNS:
        X = np.array(design)
        n = len(X)
        eigenvalues = np.linalg.eigvalsh(X.T @ X)
        lipschitz = 2 / n * eigenvalues[-1]
        value = function(X.copy())
        if value is None:
            return _RETURNED_NONE
        if np.ndim(value) != 0:
            return f"return one number, the step size; got an array of shape {np.shape(value)}."
        value = float(value)
        if _same(value, 2 / lipschitz):
            continue
        slips = [
            (1 / lipschitz, "is 1/L, a safe step size; the threshold beyond which descent diverges is 2/L."),
            (2 / eigenvalues[-1], "is the threshold for the *sum* of squared errors; the mean divides the "
             "gradient by n, so its threshold is n times larger."),
            (1 / eigenvalues[-1], "is 1/lambda_max(X^T X): it misses the factor 2/n of the MSE's Hessian (2/n) X^T X."),
            (2 / (2 / n * eigenvalues[0]), "uses the smallest eigenvalue; the largest one limits the step."),
            (lipschitz, "is L itself; the threshold is 2/L."),
        ]
        for wrong, explanation in slips:
            if _same(value, wrong):
                return f"for the {n} x {X.shape[1]} design {design}, {value:.6g} {explanation}"
        return f"for the {n} x {X.shape[1]} design {design} the threshold is {2 / lipschitz:.6g}, not {value:.6g}."
    return None


largest_step = Exercise(
    _check_largest_step,
    hint="the Hessian of the MSE in theta is (2/n) X^T X; its largest eigenvalue is the Lipschitz constant L "
    "of the gradient, and gradient descent converges exactly for step sizes below 2/L.",
    solution="""def largest_step(X):
    n = len(X)
    lipschitz = 2 / n * np.linalg.eigvalsh(X.T @ X).max()
    return 2 / lipschitz""",
)


_NLL_CASES = [([0.3, -1.2, 0.5], 0.7), ([2.0, -1.0, 0.0, 1.5, -0.5], 1.6), ([0.1], 0.25)]


def _check_gaussian_nll(function):
    if not callable(function):
        return _not_a_function(function, "gaussian_nll")
    for residuals, sigma in _NLL_CASES:
        value = function(np.array(residuals), sigma)
        if value is None:
            return _RETURNED_NONE
        if np.ndim(value) != 0:
            return f"your function returned an array of shape {np.shape(value)}; sum over the observations."
        value = float(value)
        r, n = np.asarray(residuals), len(residuals)
        data_term = np.sum(r**2) / (2 * sigma**2)
        constant = n / 2 * np.log(2 * np.pi * sigma**2)
        if _same(value, constant + data_term):
            continue
        slips = [
            (data_term, "is only the data term; add the constant n/2 log(2 pi sigma^2), which matters when sigma is estimated."),
            (-(constant + data_term), "is the log-likelihood; the negative log-likelihood has the opposite sign."),
            (n / 2 * np.log(2 * np.pi * sigma) + data_term, "takes the log of 2 pi sigma; the normal density has sigma squared there."),
            (constant + np.sum(r**2) / sigma**2, "drops the 1/2 in front of the squared residuals."),
            (constant + np.sum(r**2) / (2 * sigma), "divides the squared residuals by 2 sigma; divide by 2 sigma^2."),
            ((constant + data_term) / n, "is the mean over the observations; the log-likelihood of independent data is a sum."),
            (np.exp(-(constant + data_term)), "is the likelihood itself; take minus its logarithm."),
        ]
        case = f"for residuals {residuals} and sigma = {sigma}, your result {value:.6g} "
        for wrong, explanation in slips:
            if _same(value, wrong):
                return case + explanation
        return case + f"should be {constant + data_term:.6g}."
    return None


gaussian_nll = Exercise(
    _check_gaussian_nll,
    hint="each residual contributes 0.5 * log(2 * pi * sigma**2) + r**2 / (2 * sigma**2); add up the contributions.",
    solution="""def gaussian_nll(residuals, sigma):
    residuals = np.asarray(residuals, dtype=float)
    return len(residuals) / 2 * np.log(2 * np.pi * sigma**2) + np.sum(residuals**2) / (2 * sigma**2)""",
)


def _check_ols_covariance(function):
    if not callable(function):
        return _not_a_function(function, "ols_covariance")
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(8), rng.normal(size=(8, 2))])
    sigma = 1.7
    value = function(X.copy(), sigma)
    if value is None:
        return _RETURNED_NONE
    value = np.asarray(value, dtype=float)
    inverse_gram = np.linalg.inv(X.T @ X)
    if value.shape == (len(X), len(X)):
        return f"your matrix is {len(X)} x {len(X)}, one row per observation; invert the 3 x 3 matrix X'X, not X X'."
    if value.shape != (3, 3):
        return f"for a design with 3 columns the covariance is 3 x 3, got shape {value.shape}."
    if np.allclose(value, sigma**2 * inverse_gram):
        return None
    slips = [
        (sigma * inverse_gram, "multiplies by sigma; the covariance scales with the error variance sigma**2."),
        (inverse_gram, "leaves out the error variance sigma**2."),
        (sigma**2 * X.T @ X, "uses X'X; the covariance needs its inverse, (X'X)^-1."),
        (sigma**2 * inverse_gram / len(X), "divides by n; the 1/n belongs to the MSE, not to this covariance."),
    ]
    for wrong, explanation in slips:
        if wrong.shape == value.shape and np.allclose(value, wrong):
            return f"your matrix {explanation}"
    return "your matrix is not sigma**2 (X'X)^-1; check it on a small design by hand."


ols_covariance = Exercise(
    _check_ols_covariance,
    hint="the least-squares estimator is A y with A = (X'X)^-1 X'; its covariance is A (sigma**2 I) A'.",
    solution="""def ols_covariance(X, sigma):
    X = np.asarray(X, dtype=float)
    return sigma**2 * np.linalg.inv(X.T @ X)""",
)
