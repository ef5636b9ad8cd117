"""The exercise checkers: right answers pass, and each common mistake gets its own explanation."""

import numpy as np
import pytest
from conftest import ROOT

import msebook
from msebook import exercises
from msebook.exercises import Exercise, Feedback


def correct_mse(y_true, y_pred):
    return sum((t - p) ** 2 for t, p in zip(y_true, y_pred)) / len(y_true)


def numpy_mse(y_true, y_pred):
    return np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)


@pytest.mark.parametrize("answer", [correct_mse, numpy_mse])
def test_implement_mse_accepts_correct_functions(answer):
    feedback = exercises.implement_mse.check(answer)
    assert feedback.passed is True and bool(feedback) and repr(feedback) == "Correct."


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (
            lambda t, p: sum((a - b) ** 2 for a, b in zip(t, p)),
            "1100 is the sum of the squared errors; divide it by the number of values.",
        ),
        (
            lambda t, p: np.sqrt(numpy_mse(t, p)),
            "14.8324 is the root mean squared error; MSE has no square root.",
        ),
        (
            lambda t, p: np.mean(np.abs(np.subtract(t, p))),
            "14 is the mean absolute error",
        ),
        (
            lambda t, p: np.mean(np.subtract(t, p)) ** 2,
            "is the square of the mean error; square each error first",
        ),
        (
            lambda t, p: np.mean(np.subtract(t, p)),
            "is the mean error; square each error before averaging",
        ),
        (
            lambda t, p: np.sum(np.subtract(t, p) ** 2) / (len(t) - 1),
            "divides by n - 1",
        ),
        (lambda t, p: 7.0, "your result 7 should be 220."),
        (lambda t, p: None, "your function returned None; did you forget `return`?"),
        (
            lambda t, p: np.subtract(t, p) ** 2,
            "returned an array of shape (5,); it should return one number.",
        ),
        (lambda t, p: 1 / 0, "your answer raised ZeroDivisionError: division by zero"),
        (220.0, "pass the function itself, check(my_mse), not its result (got float)."),
    ],
)
def test_implement_mse_explains_each_mistake(answer, explanation):
    feedback = exercises.implement_mse.check(answer)
    assert feedback.passed is False and not feedback
    assert repr(feedback).startswith("Not yet: ") and explanation in repr(feedback)


def test_implement_mse_catches_an_answer_right_only_on_the_first_case():
    feedback = exercises.implement_mse.check(lambda t, p: 220.0)
    assert (
        not feedback
        and "y_true=[3, -0.5, 2, 7]" in repr(feedback)
        and "should be 0.375" in repr(feedback)
    )


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (1820, None),
        (1820.0, None),
        (np.float64(1820), None),
        (220, "220 is the MSE before the correction; use 450 for the fifth house."),
        (
            9100,
            "9100 is the sum of the squared errors; divide it by the number of houses.",
        ),
        (np.sqrt(1820), "is the root mean squared error"),
        (30, "30 is the mean absolute error"),
        (1000, "1000 is not the MSE of the corrected prices"),
        (None, "give the MSE as a number (got NoneType)."),
        ("1820", "give the MSE as a number (got str)."),
        (True, "give the MSE as a number (got bool)."),
    ],
)
def test_house_outlier_mse(answer, explanation):
    feedback = exercises.house_outlier_mse.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_hint_and_solution_are_shown_and_the_solution_passes():
    hint = exercises.implement_mse.hint()
    solution = exercises.implement_mse.solution()
    assert repr(hint).startswith("Hint: ") and hint.passed is None
    assert repr(solution).startswith("Solution:\ndef my_mse")
    namespace = {}
    exec(repr(solution).removeprefix("Solution:\n"), namespace)
    assert exercises.implement_mse.check(namespace["my_mse"])


def test_a_new_exercise_needs_only_a_checker_a_hint_and_a_solution():
    exercise = Exercise(
        lambda answer: None if answer == 42 else "think of the answer to everything.",
        "six times seven",
        "42",
    )
    assert exercise.check(42) and not exercise.check(41)
    assert repr(exercise.check(41)) == "Not yet: think of the answer to everything."
    assert (
        isinstance(exercise.hint(), Feedback)
        and repr(exercise.solution()) == "Solution:\n42"
    )


def huber_by_hand(y_true, y_pred, delta):
    r = np.abs(np.subtract(y_true, y_pred, dtype=float))
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))


def test_implement_huber_accepts_a_correct_function_and_its_own_solution():
    assert exercises.implement_huber.check(huber_by_hand).passed is True
    namespace = {"np": np}
    exec(
        repr(exercises.implement_huber.solution()).removeprefix("Solution:\n"),
        namespace,
    )
    assert exercises.implement_huber.check(namespace["my_huber"]).passed is True


def _residuals(t, p):
    return np.abs(np.subtract(t, p, dtype=float))


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (
            lambda t, p, d: float(
                np.sum(
                    np.where(
                        _residuals(t, p) <= d,
                        0.5 * _residuals(t, p) ** 2,
                        d * (_residuals(t, p) - d / 2),
                    )
                )
            ),
            "is the sum of the losses",
        ),
        (
            lambda t, p, d: float(
                np.mean(
                    np.where(
                        _residuals(t, p) <= d,
                        _residuals(t, p) ** 2,
                        d * (_residuals(t, p) - d / 2),
                    )
                )
            ),
            "uses r² in the quadratic branch",
        ),
        (
            lambda t, p, d: float(
                np.mean(
                    np.where(
                        _residuals(t, p) <= d,
                        0.5 * _residuals(t, p) ** 2,
                        d * _residuals(t, p),
                    )
                )
            ),
            "uses δ|r| in the linear branch",
        ),
        (
            lambda t, p, d: huber_by_hand(t, p, d) / d,
            "delta=2.0, your result 0.5255 is the Smooth L1 loss",
        ),
        (lambda t, p, d: huber_by_hand(t, p, 1.0), "ignores `delta`"),
        (
            lambda t, p, d: float(np.mean(0.5 * _residuals(t, p) ** 2)),
            "is half the MSE",
        ),
        (lambda t, p, d: 0.0, "your result 0 should be 0.96."),
        (lambda t, p, d: None, "returned None"),
        (lambda t, p, d: _residuals(t, p), "returned an array of shape (4,)"),
        (huber_by_hand(0, 1, 1), "pass the function itself"),
    ],
)
def test_implement_huber_explains_each_mistake(answer, explanation):
    feedback = exercises.implement_huber.check(answer)
    assert feedback.passed is False and explanation in repr(feedback)


def _gradient(y_true, y_pred):
    return 2 / len(y_true) * (np.asarray(y_pred, float) - np.asarray(y_true, float))


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_gradient, None),
        (lambda t, p: list(_gradient(t, p)), None),
        (
            lambda t, p: float(_gradient(t, p).sum()),
            "the derivative for moving every prediction by the same amount",
        ),
        (lambda t, p: -_gradient(t, p), "has the wrong sign"),
        (lambda t, p: _gradient(t, p) / 2, "missing the factor 2"),
        (lambda t, p: _gradient(t, p) * len(t), "missing the factor 1/n"),
        (lambda t, p: _gradient(t, p)[:-1], "one per prediction; yours has shape"),
        (lambda t, p: None, "did you forget `return`?"),
        (lambda t, p: 1 / 0, "your answer raised ZeroDivisionError"),
        (
            lambda t, p: _gradient(t, p) + 1,
            "the gradient is [-4.0, 4.0, 8.0, -8.0, 4.0]",
        ),
        (_gradient([1, 2], [3, 4]), "pass the function itself"),
    ],
)
def test_mse_gradient_vector(answer, explanation):
    feedback = exercises.mse_gradient_vector.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_mse_gradient_vector_solution_passes():
    namespace = {"np": np}
    exec(
        repr(exercises.mse_gradient_vector.solution()).removeprefix("Solution:\n"),
        namespace,
    )
    assert exercises.mse_gradient_vector.check(namespace["mse_gradient"])


def _largest_eigenvalue(X):
    return np.linalg.eigvalsh(X.T @ X).max()


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda X: len(X) / _largest_eigenvalue(X), None),
        (lambda X: len(X) / (2 * _largest_eigenvalue(X)), "is 1/L, a safe step size"),
        (
            lambda X: 2 / _largest_eigenvalue(X),
            "the threshold for the *sum* of squared errors",
        ),
        (lambda X: 1 / _largest_eigenvalue(X), "misses the factor 2/n"),
        (
            lambda X: len(X) / np.linalg.eigvalsh(X.T @ X).min(),
            "uses the smallest eigenvalue",
        ),
        (lambda X: 2 * _largest_eigenvalue(X) / len(X), "is L itself"),
        (lambda X: 0.01, "the threshold is 0.149219, not 0.01"),
        (lambda X: np.ones(2), "return one number"),
        (lambda X: None, "did you forget `return`?"),
        (0.5, "pass the function itself"),
    ],
)
def test_largest_step(answer, explanation):
    feedback = exercises.largest_step.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_largest_step_solution_passes_and_is_the_divergence_threshold():
    namespace = {"np": np}
    exec(repr(exercises.largest_step.solution()).removeprefix("Solution:\n"), namespace)
    assert exercises.largest_step.check(namespace["largest_step"])
    # just below the threshold gradient descent on the MSE converges, just above it diverges
    X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0], [1.0, 4.0]])
    y = np.array([1.0, 2.5, 2.9, 4.2, 5.1])
    threshold = namespace["largest_step"](X)
    for factor, converges in [(0.98, True), (1.02, False)]:
        theta = np.zeros(2)
        for _ in range(2000):
            theta = theta - factor * threshold * 2 / len(X) * X.T @ (X @ theta - y)
        assert np.allclose(theta, np.linalg.lstsq(X, y, rcond=None)[0]) is converges


def _decompose(predictions, truth):
    mean_prediction = predictions.mean(axis=0)
    return np.mean((mean_prediction - truth) ** 2), np.mean(predictions.var(axis=0))


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_decompose, None),
        (lambda p, t: np.array(_decompose(p, t)), None),
        (lambda p, t: _decompose(p, t)[::-1], "the two numbers are swapped"),
        (
            lambda p, t: (_decompose(p, t)[0], np.mean(p.var(axis=0, ddof=1))),
            "divides by R - 1",
        ),
        (
            lambda p, t: (_decompose(p, t)[0], np.mean(p.var(axis=1))),
            "is the spread across the points",
        ),
        (
            lambda p, t: (_decompose(p, t)[0], np.mean(p.std(axis=0))),
            "is a standard deviation",
        ),
        (
            lambda p, t: (np.mean(p.mean(axis=0) - t) ** 2, _decompose(p, t)[1]),
            "is the square of the average bias",
        ),
        (
            lambda p, t: (np.mean((p - t) ** 2), _decompose(p, t)[1]),
            "is the whole mean squared error",
        ),
        (
            lambda p, t: ((p.mean(axis=0) - t) ** 2, p.var(axis=0)),
            "each part of the pair should be one number",
        ),
        (lambda p, t: None, "did you forget `return`?"),
        (lambda p, t: 0.5, "return a pair (bias_squared, variance), got float 0.5."),
        (lambda p, t: (0.1, 0.2), "your bias_squared 0.1 should be"),
        ((0.1, 0.2), "pass the function itself"),
    ],
)
def test_bias_variance_split(answer, explanation):
    feedback = exercises.bias_variance_split.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_bias_variance_split_solution_passes():
    namespace = {"np": np}
    exec(
        repr(exercises.bias_variance_split.solution()).removeprefix("Solution:\n"),
        namespace,
    )
    assert exercises.bias_variance_split.check(namespace["decompose"])


def _nll(residuals, sigma):
    return len(residuals) / 2 * np.log(2 * np.pi * sigma**2) + np.sum(
        np.square(residuals)
    ) / (2 * sigma**2)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_nll, None),
        (lambda r, s: np.sum(np.square(r)) / (2 * s**2), "is only the data term"),
        (
            lambda r, s: -_nll(r, s),
            "is the log-likelihood; the negative log-likelihood has the opposite sign",
        ),
        (
            lambda r, s: (
                len(r) / 2 * np.log(2 * np.pi * s) + np.sum(np.square(r)) / (2 * s**2)
            ),
            "takes the log of 2 pi sigma",
        ),
        (
            lambda r, s: (
                _nll(r, s)
                - np.sum(np.square(r)) / (2 * s**2)
                + np.sum(np.square(r)) / s**2
            ),
            "drops the 1/2",
        ),
        (lambda r, s: _nll(r, s) / len(r), "is the mean over the observations"),
        (lambda r, s: np.exp(-_nll(r, s)), "is the likelihood itself"),
        (lambda r, s: np.square(r), "returned an array of shape (3,)"),
        (
            lambda r, s: 1.0,
            "for residuals [0.3, -1.2, 0.5] and sigma = 0.7, your result 1 should be 3.50312.",
        ),
        (lambda r, s: None, "did you forget `return`?"),
        ("gaussian_nll", "pass the function itself"),
    ],
)
def test_gaussian_nll(answer, explanation):
    feedback = exercises.gaussian_nll.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_gaussian_nll_agrees_with_scipy():
    from scipy import stats

    residuals = np.array([0.3, -1.2, 0.5])
    assert np.isclose(_nll(residuals, 0.7), -stats.norm(0, 0.7).logpdf(residuals).sum())
    namespace = {"np": np}
    exec(repr(exercises.gaussian_nll.solution()).removeprefix("Solution:\n"), namespace)
    assert exercises.gaussian_nll.check(namespace["gaussian_nll"])


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda X, s: s**2 * np.linalg.inv(X.T @ X), None),
        (lambda X, s: s * np.linalg.inv(X.T @ X), "multiplies by sigma"),
        (lambda X, s: np.linalg.inv(X.T @ X), "leaves out the error variance"),
        (lambda X, s: s**2 * X.T @ X, "needs its inverse"),
        (lambda X, s: s**2 * np.linalg.inv(X.T @ X) / len(X), "divides by n"),
        (
            lambda X, s: s**2 * np.linalg.pinv(X @ X.T),
            "your matrix is 8 x 8, one row per observation",
        ),
        (
            lambda X, s: s**2 * np.linalg.inv(X.T @ X)[:2, :2],
            "the covariance is 3 x 3, got shape (2, 2)",
        ),
        (lambda X, s: np.eye(3), "is not sigma**2 (X'X)^-1"),
        (lambda X, s: None, "did you forget `return`?"),
        (lambda X, s: np.linalg.inv(X), "your answer raised LinAlgError"),
        (np.eye(3), "pass the function itself"),
    ],
)
def test_ols_covariance(answer, explanation):
    feedback = exercises.ols_covariance.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


# ---- every exercise: its solution passes, and no answer can fool or crash a checker -----------------

ALL_EXERCISES = {
    name: exercise
    for chapter in exercises.EXERCISES.values()
    for name, exercise in chapter.items()
}
FUNCTION_EXERCISES = [
    name
    for name in ALL_EXERCISES
    if name not in ("house_outlier_mse", "boscovich_ellipticity")
]


def _solution_answer(name):
    """The answer the worked solution of exercise ``name`` computes."""
    text = repr(ALL_EXERCISES[name].solution()).removeprefix("Solution:\n")
    namespace = {"np": np, "msebook": msebook, "history": msebook.history}
    namespace["arcs"] = msebook.history.load("boscovich_1757")
    if name == "house_outlier_mse":
        return eval(text.split("In code: ")[1], namespace)
    exec(text, namespace)
    if name == "boscovich_ellipticity":
        return namespace["inverse_e"]
    (function,) = [
        value
        for key, value in namespace.items()
        if callable(value) and key not in ("np", "msebook", "history")
    ]
    return function


def test_every_exercise_is_reachable_by_its_name_and_chapter():
    assert set(ALL_EXERCISES) == set(exercises.__all__) - {
        "Exercise",
        "Feedback",
        "EXERCISES",
    }
    for name, exercise in ALL_EXERCISES.items():
        assert getattr(exercises, name) is exercise
    assert set(exercises.EXERCISES) == {
        path.stem for path in (ROOT / "book").glob("*.ipynb")
    }


@pytest.mark.parametrize("name", sorted(ALL_EXERCISES))
def test_every_solution_passes_its_own_checker(name):
    feedback = ALL_EXERCISES[name].check(_solution_answer(name))
    assert feedback.passed is True, repr(feedback)


@pytest.mark.parametrize("name", FUNCTION_EXERCISES)
def test_an_answer_that_changes_its_arguments_changes_no_later_check(name):
    solution = _solution_answer(name)

    def vandal(*arguments):
        for argument in arguments:
            if isinstance(argument, list):
                argument[:] = [0] * len(argument)
            elif isinstance(argument, np.ndarray):
                argument[...] = 0
        return 0.0

    assert not ALL_EXERCISES[name].check(vandal)
    assert ALL_EXERCISES[name].check(solution).passed is True


def test_the_mse_checker_is_not_fooled_by_an_answer_that_copies_y_true_into_y_pred():
    def sneaky(t, p):
        p[:] = t
        return 0.0

    assert not exercises.implement_mse.check(sneaky)
    assert exercises.implement_mse.check(
        lambda t, p: sum((a - b) ** 2 for a, b in zip(t, p)) / len(t)
    )


@pytest.mark.parametrize(
    "name", ["implement_mse", "implement_huber", "gaussian_nll", "largest_step"]
)
def test_a_number_returned_as_a_string_is_not_correct(name):
    solution = _solution_answer(name)
    feedback = ALL_EXERCISES[name].check(lambda *arguments: str(solution(*arguments)))
    assert (
        not feedback
        and "your function returned a str" in repr(feedback)
        and "return a number" in repr(feedback)
    )


@pytest.mark.parametrize("name", FUNCTION_EXERCISES)
def test_exit_in_an_answer_is_reported_not_raised(name):
    feedback = ALL_EXERCISES[name].check(lambda *arguments: exit(3))
    assert not feedback and "your answer called exit() (SystemExit: 3)" in repr(
        feedback
    )


def test_a_keyboard_interrupt_is_not_swallowed():
    def interrupted(*arguments):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        exercises.implement_mse.check(interrupted)


@pytest.mark.parametrize(
    "value, explanation",
    [
        (10**400, "the answer, an integer of 401 digits, is too large for a float."),
        (1 + 2j, "the answer (1+2j) is a complex number; it should be real."),
        (np.longdouble("1e400"), "the answer 1e+400 is beyond the range of a float."),
    ],
)
def test_values_a_float_cannot_hold_are_explained_not_blamed_on_the_reader(
    value, explanation
):
    feedback = exercises.implement_mse.check(lambda t, p: value)
    assert (
        not feedback
        and explanation in repr(feedback)
        and "raised" not in repr(feedback)
    )
    assert explanation in repr(exercises.house_outlier_mse.check(value))


def test_a_gradient_of_the_wrong_shape_is_told_so():
    feedback = exercises.mse_gradient_vector.check(
        lambda t, p: (2 / len(t) * (np.subtract(p, t)))[:, None]
    )
    assert (
        not feedback
        and "has the right values but shape (5, 1); return a 1-D array of shape (5,)"
        in repr(feedback)
    )


def test_a_fault_of_the_package_is_raised_not_blamed_on_the_reader(monkeypatch):
    from msebook.exercises import what_is_mse

    def broken(*arguments):
        raise RuntimeError("a fault of msebook")

    monkeypatch.setattr(what_is_mse, "mse", broken)
    with pytest.raises(RuntimeError, match="a fault of msebook"):
        exercises.implement_mse.check(lambda t, p: 1.0)


@pytest.mark.parametrize(
    "name, answer, explanation",
    [
        (
            "mse_gradient_vector",
            [10**400, 1, 1, 1, 1],
            "values beyond the range of a float",
        ),
        ("ols_covariance", [[10**400] * 3] * 3, "values beyond the range of a float"),
        (
            "bias_variance_split",
            np.ma.array([1.0, 2.0], mask=[1, 0]),
            "a masked array; return plain numbers",
        ),
    ],
)
def test_answers_that_are_not_plain_numbers_are_explained(name, answer, explanation):
    feedback = ALL_EXERCISES[name].check(lambda *arguments: answer)
    assert not feedback and explanation in repr(feedback)


# ---- Images and signals ---------------------------------------------------------------------------


def _float_error(image_true, image_test):
    return np.asarray(image_true, float) - np.asarray(image_test, float)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda t, p, m: 10 * np.log10(m**2 / np.mean(_float_error(t, p) ** 2)), None),
        (
            lambda t, p, m: 10 * np.log10(m**2 / np.mean(np.subtract(t, p) ** 2.0)),
            "subtracts uint8 images in uint8, where 10 - 12 is 254",
        ),
        (
            lambda t, p, m: 10 * np.log10(m / np.mean(_float_error(t, p) ** 2)),
            "uses MAX instead of MAX²",
        ),
        (
            lambda t, p, m: 10 * np.log(m**2 / np.mean(_float_error(t, p) ** 2)),
            "uses the natural logarithm",
        ),
        (
            lambda t, p, m: (
                10 * np.log10(float(np.max(t)) ** 2 / np.mean(_float_error(t, p) ** 2))
            ),
            "uses the largest pixel value; MAX is data_range",
        ),
        (
            lambda t, p, m: 10 * np.log10(m**2 / np.sum(_float_error(t, p) ** 2)),
            "divides by the sum of squared errors",
        ),
        (
            lambda t, p, m: 40.0,
            "for data_range=255, your result 40 should be 44.609 dB.",
        ),
    ],
)
def test_implement_psnr_explains_each_mistake(answer, explanation):
    feedback = exercises.implement_psnr.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda s, n: np.asarray(s) / (np.asarray(s) + n), None),
        (lambda s, n: n / (np.asarray(s) + n), "is 1 minus the gain"),
        (lambda s, n: np.asarray(s) / n, "is the signal-to-noise ratio"),
        (
            lambda s, n: np.sqrt(np.asarray(s) / (np.asarray(s) + n)),
            "takes a square root",
        ),
        (lambda s, n: 0.5, "your function returned shape (); return one gain per"),
        (
            lambda s, n: np.ones_like(s),
            "the gains should be [0.8, 0.5, 0.2, 0.0]",
        ),
    ],
)
def test_wiener_gain_explains_each_mistake(answer, explanation):
    feedback = exercises.wiener_gain.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


# ---- MSE inside modern models ----------------------------------------------------------------------


def _hidden_mean(p, t, v):
    hidden = 1 - np.asarray(v, float)
    return np.sum(hidden * (np.asarray(p) - np.asarray(t)) ** 2) / np.sum(hidden)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_hidden_mean, None),
        (
            lambda p, t, v: np.sum(v * (p - t) ** 2) / np.sum(v),
            "averages over the visible entries",
        ),
        (
            lambda p, t, v: np.sum((1 - v) * (p - t) ** 2) / np.size(p),
            "divides by the number of all entries",
        ),
        (lambda p, t, v: np.mean((p - t) ** 2), "averages over every entry"),
        (lambda p, t, v: np.sum((1 - v) * (p - t) ** 2), "returns the sum"),
        (
            lambda p, t, v: np.sum((1 - v) * np.abs(p - t)) / np.sum(1 - v),
            "averages absolute errors",
        ),
        (lambda p, t, v: np.zeros(2), "it should return one number"),
    ],
)
def test_masked_mse_explains_each_mistake(answer, explanation):
    feedback = exercises.masked_mse.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def _unit_rows(a):
    return a / np.linalg.norm(a, axis=1, keepdims=True)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda p, z: np.sum((_unit_rows(p) - _unit_rows(z)) ** 2, axis=1), None),
        (
            lambda p, z: 2 - 2 * np.sum(_unit_rows(p) * _unit_rows(z), axis=1),
            None,
        ),
        (lambda p, z: np.sum((p - z) ** 2, axis=1), "normalise each row"),
        (
            lambda p, z: np.mean((_unit_rows(p) - _unit_rows(z)) ** 2, axis=1),
            "averages over the coordinates",
        ),
        (
            lambda p, z: 1 - np.sum(_unit_rows(p) * _unit_rows(z), axis=1),
            "is 1 - cos",
        ),
        (
            lambda p, z: np.sum((_unit_rows(p) - z) ** 2, axis=1),
            "normalises only the first",
        ),
        (lambda p, z: 0.5, "return one loss per row"),
    ],
)
def test_byol_loss_explains_each_mistake(answer, explanation):
    feedback = exercises.byol_loss.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_byol_loss_agrees_with_torch():
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    online, target = exercises.modern_models._BYOL_CASES[1]
    expected = 2 - 2 * functional.cosine_similarity(
        torch.tensor(online), torch.tensor(target), dim=1
    )
    answer = np.sum((_unit_rows(online) - _unit_rows(target)) ** 2, axis=1)
    np.testing.assert_allclose(answer, expected.numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda r, q, d, g: r + g * (1 - d) * q.max(axis=1), None),
        (lambda r, q, d, g: r + g * q.max(axis=1), "bootstraps from terminal states"),
        (lambda r, q, d, g: r + (1 - d) * q.max(axis=1), "leaves out the discount"),
        (
            lambda r, q, d, g: r + g * (1 - d) * q.mean(axis=1),
            "averages the next values",
        ),
        (lambda r, q, d, g: g * (1 - d) * q.max(axis=1), "leaves out the reward"),
        (lambda r, q, d, g: r, "the targets should be"),
        (lambda r, q, d, g: 1.0, "return one target per transition"),
    ],
)
def test_td_targets_explains_each_mistake(answer, explanation):
    feedback = exercises.td_targets.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)
