"""The exercise checkers: right answers pass, and each common mistake gets its own explanation."""
import numpy as np
import pytest

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
        (lambda t, p: sum((a - b) ** 2 for a, b in zip(t, p)), "1100 is the sum of the squared errors; divide it by the number of values."),
        (lambda t, p: np.sqrt(numpy_mse(t, p)), "14.8324 is the root mean squared error; MSE has no square root."),
        (lambda t, p: np.mean(np.abs(np.subtract(t, p))), "14 is the mean absolute error"),
        (lambda t, p: np.mean(np.subtract(t, p)) ** 2, "is the square of the mean error; square each error first"),
        (lambda t, p: np.mean(np.subtract(t, p)), "is the mean error; square each error before averaging"),
        (lambda t, p: np.sum(np.subtract(t, p) ** 2) / (len(t) - 1), "divides by n - 1"),
        (lambda t, p: 7.0, "your result 7 should be 220."),
        (lambda t, p: None, "your function returned None; did you forget `return`?"),
        (lambda t, p: np.subtract(t, p) ** 2, "returned an array of shape (5,); it should return one number."),
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
    assert not feedback and "y_true=[3, -0.5, 2, 7]" in repr(feedback) and "should be 0.375" in repr(feedback)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (1820, None),
        (1820.0, None),
        (np.float64(1820), None),
        (220, "220 is the MSE before the correction; use 450 for the fifth house."),
        (9100, "9100 is the sum of the squared errors; divide it by the number of houses."),
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
    exercise = Exercise(lambda answer: None if answer == 42 else "think of the answer to everything.", "six times seven", "42")
    assert exercise.check(42) and not exercise.check(41)
    assert repr(exercise.check(41)) == "Not yet: think of the answer to everything."
    assert isinstance(exercise.hint(), Feedback) and repr(exercise.solution()) == "Solution:\n42"


def huber_by_hand(y_true, y_pred, delta):
    r = np.abs(np.subtract(y_true, y_pred, dtype=float))
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))


def test_implement_huber_accepts_a_correct_function_and_its_own_solution():
    assert exercises.implement_huber.check(huber_by_hand).passed is True
    namespace = {"np": np}
    exec(repr(exercises.implement_huber.solution()).removeprefix("Solution:\n"), namespace)
    assert exercises.implement_huber.check(namespace["my_huber"]).passed is True


def _residuals(t, p):
    return np.abs(np.subtract(t, p, dtype=float))


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda t, p, d: float(np.sum(np.where(_residuals(t, p) <= d, 0.5 * _residuals(t, p) ** 2, d * (_residuals(t, p) - d / 2)))), "is the sum of the losses"),
        (lambda t, p, d: float(np.mean(np.where(_residuals(t, p) <= d, _residuals(t, p) ** 2, d * (_residuals(t, p) - d / 2)))), "uses r² in the quadratic branch"),
        (lambda t, p, d: float(np.mean(np.where(_residuals(t, p) <= d, 0.5 * _residuals(t, p) ** 2, d * _residuals(t, p)))), "uses δ|r| in the linear branch"),
        (lambda t, p, d: huber_by_hand(t, p, d) / d, "delta=2.0, your result 0.5255 is the Smooth L1 loss"),
        (lambda t, p, d: huber_by_hand(t, p, 1.0), "ignores `delta`"),
        (lambda t, p, d: float(np.mean(0.5 * _residuals(t, p) ** 2)), "is half the MSE"),
        (lambda t, p, d: 0.0, "your result 0 should be 0.96."),
        (lambda t, p, d: None, "returned None"),
        (lambda t, p, d: _residuals(t, p), "returned an array of shape (4,)"),
        (huber_by_hand(0, 1, 1), "pass the function itself"),
    ],
)
def test_implement_huber_explains_each_mistake(answer, explanation):
    feedback = exercises.implement_huber.check(answer)
    assert feedback.passed is False and explanation in repr(feedback)
