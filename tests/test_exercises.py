"""The exercise checkers: right answers pass, and each common mistake gets its own
explanation.
"""

import numpy as np
import pytest
from conftest import ROOT

import msebook
from msebook import exercises
from msebook.exercises import Exercise, Feedback
from msebook.exercises.numbers_in_training import float16_square_fate


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
    # just below the threshold gradient descent on the MSE converges, just above it
    # diverges
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
            "for residuals [0.3, -1.2, 0.5] and sigma = 0.7, your result 1 should be "
            "3.50312.",
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


# --- every exercise: its solution passes, and no answer can fool or crash a checker ---

ALL_EXERCISES = {
    name: exercise
    for chapter in exercises.EXERCISES.values()
    for name, exercise in chapter.items()
}
# exercises whose answer is a value, and the name the worked solution gives it
VALUE_SOLUTIONS = {
    "training_size": "results",
    "contaminated_efficiency": "contaminated_ratios",
}
FUNCTION_EXERCISES = [
    name
    for name in ALL_EXERCISES
    if name not in ("house_outlier_mse", "boscovich_ellipticity", *VALUE_SOLUTIONS)
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
    if name in VALUE_SOLUTIONS:
        return namespace[VALUE_SOLUTIONS[name]]
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


# ---- Images and signals --------------------------------------------------------------


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


# ---- What is MSE?: more training data ------------------------------------------------


def _size_answer(train, test):
    return {n: (train[i], test[i]) for i, n in enumerate((5, 20, 100))}


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_size_answer((0.610, 0.901, 0.978), (1.770, 1.106, 1.020)), None),
        (
            _size_answer((0.6, 0.9, 0.98), (1.770, 1.106, 1.020)),
            "the training values are exactly (n - 2)/n",
        ),
        (
            _size_answer((1.770, 1.106, 1.020), (0.610, 0.901, 0.978)),
            "the training and test values are swapped",
        ),
        (
            _size_answer((0.801, 0.799, 0.800), (1.24, 1.24, 1.24)),
            "every training MSE is close to 0.8, the value for n_train = 10",
        ),
        (
            _size_answer((0.716, 0.935, 0.987), (1.770, 1.106, 1.020)),
            "the training values look like mean RMSEs",
        ),
        (
            _size_answer((0.610, 0.960, 0.978), (1.770, 1.106, 1.020)),
            "for n_train = 20 the mean training MSE 0.960 is too far from "
            "(n - 2)/n = 0.900",
        ),
        (
            _size_answer((0.610, 0.901, 0.978), (1.770, 1.0, 1.020)),
            "for n_train = 20 the mean test MSE 1.000 should be near 1.108",
        ),
        ({5: (0.6, 1.7)}, "the dict has no entry for n_train = 20"),
        ([0.6, 0.9, 0.98], "give a dict {n_train: (mean training MSE, mean test MSE)}"),
        ({5: 0.6, 20: 0.9, 100: 0.98}, "should be two numbers, (training, test)"),
    ],
)
def test_training_size_explains_each_mistake(answer, explanation):
    feedback = exercises.training_size.check(answer)
    if explanation is None:
        assert feedback.passed is True, repr(feedback)
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_training_size_expects_the_test_mse_of_the_chapters_design():
    from msebook.exercises.what_is_mse import _expected_test_mse

    # for large n the excess over the noise is about 2/n (two fitted coefficients)
    assert abs(_expected_test_mse(100) - 1) < 1.05 * 2 / 100
    assert _expected_test_mse(5) > _expected_test_mse(20) > _expected_test_mse(100) > 1


# ---- Metrics in practice: equal chunks and Chan's merge ------------------------------


def _count_above(chunks, compare=lambda mean, running: mean > running):
    batch, total, count, above = [], 0.0, 0, 0
    for t, p in chunks:
        squared = (np.asarray(t, float) - np.asarray(p, float)) ** 2
        batch.append(np.sqrt(squared.mean()))
        total, count = total + squared.sum(), count + squared.size
        above += compare(np.mean(batch), np.sqrt(total / count))
    return above


def _count_against_the_final_rmse(chunks):
    errors = np.concatenate([np.subtract(t, p, dtype=float) for t, p in chunks])
    final = np.sqrt(np.mean(errors**2))
    means = np.cumsum([msebook.rmse(t, p) for t, p in chunks]) / np.arange(
        1, len(chunks) + 1
    )
    return int(np.sum(means > final))


def _count_with_the_root_of_mean_mses(chunks):
    streamed, mses, above = msebook.streaming.MeanSquaredError(), [], 0
    for t, p in chunks:
        streamed.update(t, p)
        mses.append(msebook.mse(t, p))
        above += np.sqrt(np.mean(mses)) > np.sqrt(streamed.result())
    return above


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_count_above, None),
        (lambda c: _count_above(c, lambda m, r: m >= r), None),  # ties are rounding
        (lambda c: _count_above(c, lambda m, r: m < r), "is *below* the running"),
        (_count_against_the_final_rmse, "compares with the RMSE of all the data"),
        # equal to the right count in exact arithmetic on these chunks, not in floating
        # point
        (_count_with_the_root_of_mean_mses, "your count 2 should be 0."),
        (
            lambda c: 7,
            "for 4 chunks of sizes [10, 10, 10, 10]..., your count 7 should be 0",
        ),
        (lambda c: None, "your function returned None"),
        (lambda c: [0] * len(c), "it should return one number"),
    ],
)
def test_equal_chunks_explains_each_mistake(answer, explanation):
    feedback = exercises.equal_chunks.check(answer)
    if explanation is None:
        assert feedback.passed is True, repr(feedback)
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_equal_chunks_counts_only_where_the_two_numbers_differ():
    from msebook.exercises.metrics_in_practice import _chunk_cases

    one_large, small_large, unequal, equal = (case[0] for case in _chunk_cases())
    assert _count_above(one_large) == 0
    assert _count_above(equal) == 0  # concavity: never above with equal chunks
    assert _count_above(small_large) == 3  # 10 samples with error 3, 90 with 1, twice
    assert 0 < _count_above(unequal) < len(unequal)


def _merge(a, b):
    (n_a, mean_a, m_a), (n_b, mean_b, m_b) = a, b
    n, delta = n_a + n_b, mean_b - mean_a
    return n, mean_a + delta * n_b / n, m_a + m_b + delta**2 * n_a * n_b / n


def _merge_with(mean, m):
    def merge(a, b):
        (n_a, mean_a, m_a), (n_b, mean_b, m_b) = a, b
        n, delta = n_a + n_b, mean_b - mean_a
        return n, mean(n_a, mean_a, n_b, mean_b), m(n_a, m_a, n_b, m_b, n, delta)

    return merge


def _weighted_mean(n_a, mean_a, n_b, mean_b):
    return (n_a * mean_a + n_b * mean_b) / (n_a + n_b)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_merge, None),
        (
            _merge_with(
                _weighted_mean,
                lambda na, ma, nb, mb, n, d: ma + mb + d**2 * na * nb / n,
            ),
            None,
        ),
        (
            _merge_with(_weighted_mean, lambda na, ma, nb, mb, n, d: ma + mb),
            "adds the two M without the correction",
        ),
        (
            _merge_with(
                _weighted_mean, lambda na, ma, nb, mb, n, d: ma + mb + d**2 * na * nb
            ),
            "forgets to divide δ² n_a n_b by n",
        ),
        (
            _merge_with(
                lambda na, a, nb, b: (a + b) / 2,
                lambda na, ma, nb, mb, n, d: ma + mb + d**2 * na * nb / n,
            ),
            "averages the two means with equal weight",
        ),
        (
            _merge_with(
                _weighted_mean,
                lambda na, ma, nb, mb, n, d: ma + mb + d**2 * na * nb / n**2,
            ),
            "divides δ² n_a n_b by n²",
        ),
        (
            _merge_with(
                _weighted_mean, lambda na, ma, nb, mb, n, d: ma + mb + d**2 / n
            ),
            "uses δ² / n as the correction",
        ),
        (
            lambda a, b: (a[0] + b[0], _weighted_mean(a[0], a[1], b[0], b[1]), 0.0),
            "has the wrong M; it should be (8, 4.5, 42.0)",
        ),
        (lambda a, b: (8, 4.5), "should return three numbers, (n, mean, M)"),
        (lambda a, b: None, "your function returned None"),
    ],
)
def test_chan_merge_explains_each_mistake(answer, explanation):
    feedback = exercises.chan_merge.check(answer)
    if explanation is None:
        assert feedback.passed is True, repr(feedback)
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_chan_merge_agrees_with_numpy_on_real_data():
    rng = np.random.default_rng(3)
    y = 1e4 + rng.normal(0, 1, 1_001)

    def summary(part):
        return len(part), part.mean(), float(np.sum((part - part.mean()) ** 2))

    n, mean, m = _merge(summary(y[:300]), summary(y[300:]))
    assert n == 1_001 and np.isclose(mean, y.mean(), rtol=1e-15, atol=0)
    assert np.isclose(m, np.sum((y - y.mean()) ** 2), rtol=1e-10, atol=0)


# ---- History: contaminated errors ----------------------------------------------------


@pytest.mark.parametrize(
    "answer, explanation",
    [
        ([1.344, 1.868], None),  # the chapter's own simulation
        ((1.30, 1.93), None),
        ([1.868, 1.344], "has the two shares in the wrong order"),
        ([1 / 1.344, 1 / 1.868], "the inverse of the ratio asked for"),
        ([0.872, 0.88], "is about the efficiency under normal errors"),
        ([0.92, 1.01], "multiplies the gross errors by √3"),
        ([1.6, 2.4], "should be near [1.36, 1.92] for 100 errors per sample"),
        ([1.3], "give two numbers, the efficiencies for 1 % and 5 % contamination"),
        (None, "give the two efficiencies"),
        (["1.3", "1.9"], "not a number"),
    ],
)
def test_contaminated_efficiency_explains_each_mistake(answer, explanation):
    feedback = exercises.contaminated_efficiency.check(answer)
    if explanation is None:
        assert feedback.passed is True, repr(feedback)
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_contaminated_efficiency_is_near_tukeys_large_sample_value():
    """With 100 errors a sample the simulated efficiency is a few per cent below
    Tukey's large-sample value for the scale mixture (1 - ε) N(0, 1) + ε N(0, 9)."""
    from msebook.exercises.history import _expected_efficiency

    for share in (0.01, 0.05):
        m1 = np.sqrt(2 / np.pi) * (1 - share + 3 * share)
        m2 = 1 - share + 9 * share
        m4 = 3 * (1 - share + 81 * share)
        tukey = ((m4 / m2**2 - 1) / 4) / (m2 / m1**2 - 1)
        assert 0.85 * tukey < _expected_efficiency(share) < tukey


def _fate_with(threshold_on_error=False, zero_below_subnormal=False):
    """Wrong answers to the float16 exercise: limits on the error, or 0 below 2**-24."""

    def fate(error):
        square = float(np.float16(error)) ** 2
        if square > 65504:
            return "overflow"
        if zero_below_subnormal and 0 < square < 2.0**-24:
            return "zero"
        if square == 0 or square < 2.0**-25:
            return "zero"
        if threshold_on_error:
            return "subnormal" if abs(error) < 2.0**-14 else "normal"
        return "subnormal" if square < 2.0**-14 else "normal"

    return fate


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_fate_with(), None),
        (
            _fate_with(threshold_on_error=True),
            "compare the square, not the error, with the limits",
        ),
        (_fate_with(zero_below_subnormal=True), "rounds up to 2**-24, not down to 0"),
        (
            lambda e: "subnormal" if e == 0 else float16_square_fate(e),
            "0 squared is exactly 0",
        ),
        (lambda e: "tiny", "return one of 'normal', 'subnormal', 'zero', 'overflow'"),
        (
            lambda e: "normal" if abs(e) == 256 else float16_square_fate(e),
            "is beyond float16's largest finite number 65504",
        ),
    ],
)
def test_fp16_square_fate_explains_each_mistake(answer, explanation):
    feedback = exercises.fp16_square_fate.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback), repr(
            feedback
        )


def _scale_rule(reset_on_inf=True, grow_every_step=False, reset_on_growth=True):
    def update_scale(scale, good_steps, found_inf, growth_interval):
        if found_inf:
            return scale / 2, 0 if reset_on_inf else good_steps
        if grow_every_step:
            return scale * 2, 0
        good_steps += 1
        if good_steps == growth_interval:
            return scale * 2, 0 if reset_on_growth else good_steps
        return scale, good_steps

    return update_scale


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_scale_rule(), None),
        (_scale_rule(reset_on_inf=False), "starts again from 0"),
        (_scale_rule(grow_every_step=True), "not after every one"),
        (_scale_rule(reset_on_growth=False), "restarts at 0"),
        (lambda s, g, f, i: (s, g + 1), "halves the scale"),
        (lambda s, g, f, i: s, "return a pair (new_scale, new_good_steps)"),
    ],
)
def test_grad_scaler_update_explains_each_mistake(answer, explanation):
    feedback = exercises.grad_scaler_update.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback), repr(
            feedback
        )


def _pooled_r2(parts):
    n = sum(k for k, _, _, _ in parts)
    mean = sum(k * c for k, _, c, _ in parts) / n
    sst = sum(m2 + k * (c - mean) ** 2 for k, _, c, m2 in parts)
    return 1 - sum(e for _, e, _, _ in parts) / sst


def _r2_of_the_data(parts):
    """The same r2 computed by msebook from data built to have exactly these
    statistics.
    """
    y_true, y_pred = [], []
    for k, sse, centre, m2 in parts:
        base = np.random.default_rng(k).normal(size=k)
        base = (base - base.mean()) / np.sqrt(np.sum((base - base.mean()) ** 2))
        t = centre + np.sqrt(m2) * base
        y_true.append(t)
        y_pred.append(t + np.sqrt(sse / k))  # every error the same size
    return msebook.r2(np.concatenate(y_true), np.concatenate(y_pred))


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_pooled_r2, None),
        (_r2_of_the_data, None),
        (
            lambda parts: float(np.mean([1 - e / m2 for _, e, _, m2 in parts])),
            "averages the parts' R²",
        ),
        (
            lambda parts: (
                1 - sum(e for _, e, _, _ in parts) / sum(m2 for _, _, _, m2 in parts)
            ),
            "the spread of the means about the overall mean",
        ),
        (lambda parts: 1 - _pooled_r2(parts), "is SSE / SST, which is 1 − R²"),
    ],
)
def test_r2_from_parts_explains_each_mistake(answer, explanation):
    feedback = exercises.r2_from_parts.check(answer)
    if explanation is None:
        assert feedback.passed is True, repr(feedback)
    else:
        assert feedback.passed is False and explanation in repr(feedback)


# ---- MSE inside modern models --------------------------------------------------------


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
