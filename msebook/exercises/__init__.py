"""Answer checkers for the book's exercises: ``check``, ``hint`` and ``solution``.

Each exercise is an :class:`Exercise`, defined in the module of its chapter and
reached as ``msebook.exercises.<name>``. ``check(answer)`` returns a
:class:`Feedback` that is true when the answer is right and otherwise says
specifically what looks wrong; what goes wrong inside the reader's code is
reported, never raised.

>>> from msebook import exercises
>>> exercises.house_outlier_mse.check(9100)
Not yet: 9100 is the sum of the squared errors; divide it by the number of houses.
>>> bool(exercises.house_outlier_mse.check(1820))
True
"""

from ._core import Exercise, Feedback
from .bias_variance import bias_variance_split
from .gauss_markov import ols_covariance
from .history import boscovich_ellipticity, boscovich_rule
from .images_and_signals import implement_psnr, wiener_gain
from .least_squares import largest_step
from .maximum_likelihood import gaussian_nll
from .metrics_in_practice import implement_huber
from .modern_models import byol_loss, masked_mse, td_targets
from .outliers import biweight_weights, trimmed_mean
from .probabilities import implement_brier
from .properties import mse_gradient_vector
from .what_is_mse import house_outlier_mse, implement_mse

__all__ = [
    "Exercise",
    "Feedback",
    "EXERCISES",
    "implement_mse",
    "house_outlier_mse",
    "implement_huber",
    "implement_brier",
    "bias_variance_split",
    "mse_gradient_vector",
    "largest_step",
    "gaussian_nll",
    "ols_covariance",
    "boscovich_rule",
    "boscovich_ellipticity",
    "trimmed_mean",
    "biweight_weights",
    "implement_psnr",
    "wiener_gain",
    "masked_mse",
    "byol_loss",
    "td_targets",
]

EXERCISES = {
    "what-is-mse": {
        "implement_mse": implement_mse,
        "house_outlier_mse": house_outlier_mse,
    },
    "metrics-in-practice": {"implement_huber": implement_huber},
    "probabilities": {"implement_brier": implement_brier},
    "outliers": {"trimmed_mean": trimmed_mean, "biweight_weights": biweight_weights},
    "bias-variance": {"bias_variance_split": bias_variance_split},
    "properties": {"mse_gradient_vector": mse_gradient_vector},
    "least-squares": {"largest_step": largest_step},
    "maximum-likelihood": {"gaussian_nll": gaussian_nll},
    "gauss-markov": {"ols_covariance": ols_covariance},
    "history": {
        "boscovich_rule": boscovich_rule,
        "boscovich_ellipticity": boscovich_ellipticity,
    },
    "images-and-signals": {
        "implement_psnr": implement_psnr,
        "wiener_gain": wiener_gain,
    },
    "modern-models": {
        "masked_mse": masked_mse,
        "byol_loss": byol_loss,
        "td_targets": td_targets,
    },
}
"""Every exercise, by chapter (the notebook's name) and name."""
