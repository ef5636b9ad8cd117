"""The checkers of the chapter "Choosing an error metric": right answers pass, each slip
is named.
"""

import math

import numpy as np
import pytest

from msebook import exercises


def _mase(y_true, y_pred, y_train, m):
    naive = np.mean(np.abs(np.subtract(y_train[m:], y_train[:-m])))
    return float(np.mean(np.abs(np.subtract(y_true, y_pred))) / naive)


def test_implement_mase_accepts_a_numpy_answer():
    assert exercises.implement_mase.check(_mase).passed is True


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (
            lambda t, p, y, m: float(np.mean(np.abs(np.subtract(t, p)))),
            "is the plain MAE",
        ),
        (
            lambda t, p, y, m: float(
                np.mean(np.abs(np.subtract(t, p)))
                / (np.sum(np.abs(np.subtract(y[m:], y[:-m]))) / len(y))
            ),
            "there are len(y_train) - m of them",
        ),
        (
            lambda t, p, y, m: float(
                np.mean(np.abs(np.subtract(t, p)))
                / np.mean(np.abs(np.diff(np.asarray(t, float))))
            ),
            "MASE uses the training series",
        ),
        (lambda t, p, y, m: _mase(t, p, y, 1), "compare each value with the one 2"),
        (lambda t, p, y, m: 1 / _mase(t, p, y, m), "is upside down"),
        (lambda t, p, y, m: 7.0, "should be 0.6"),
    ],
)
def test_implement_mase_explains_each_mistake(answer, explanation):
    feedback = exercises.implement_mase.check(answer)
    assert feedback.passed is False and explanation in repr(feedback)


def _standard_error(y_true, y_pred):
    losses = np.subtract(y_true, y_pred) ** 2
    return float(losses.std(ddof=1) / math.sqrt(len(losses)))


def test_mse_standard_error_accepts_a_numpy_answer():
    assert exercises.mse_standard_error.check(_standard_error).passed is True


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (
            lambda t, p: float(np.std(np.subtract(t, p) ** 2) / math.sqrt(len(t))),
            "use n - 1 (ddof=1)",
        ),
        (
            lambda t, p: float(np.std(np.subtract(t, p) ** 2, ddof=1)),
            "divide it by sqrt(n)",
        ),
        (lambda t, p: _standard_error(t, p) ** 2, "take its square root"),
        (
            lambda t, p: float(np.std(np.subtract(t, p), ddof=1) / math.sqrt(len(t))),
            "the *squared* errors",
        ),
        (
            lambda t, p: float(np.mean(np.subtract(t, p) ** 2) / math.sqrt(len(t))),
            "not their mean",
        ),
    ],
)
def test_mse_standard_error_explains_each_mistake(answer, explanation):
    feedback = exercises.mse_standard_error.check(answer)
    assert feedback.passed is False and explanation in repr(feedback)
