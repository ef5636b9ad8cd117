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
from .bias_variance import bias_variance_split, mallows_cp
from .choosing_a_metric import implement_mase, mse_standard_error
from .gauss_markov import ols_covariance
from .history import boscovich_ellipticity, boscovich_rule, contaminated_efficiency
from .images_and_signals import implement_psnr, wiener_gain
from .least_squares import heavy_ball_parameters, largest_step
from .maximum_likelihood import gaussian_nll
from .metrics_in_practice import chan_merge, equal_chunks, implement_huber
from .modern_models import byol_loss, masked_mse, td_targets
from .mse_at_scale import r2_from_parts
from .numbers_in_training import fp16_square_fate, grad_scaler_update
from .outliers import biweight_weights, trimmed_mean
from .probabilities import implement_brier
from .properties import mse_gradient_vector
from .regularised_least_squares import ridge_dof, soft_threshold
from .what_is_mse import house_outlier_mse, implement_mse, training_size

__all__ = [
    "Exercise",
    "Feedback",
    "EXERCISES",
    "implement_mse",
    "house_outlier_mse",
    "training_size",
    "implement_huber",
    "equal_chunks",
    "chan_merge",
    "implement_brier",
    "implement_mase",
    "mse_standard_error",
    "bias_variance_split",
    "mse_gradient_vector",
    "largest_step",
    "gaussian_nll",
    "ols_covariance",
    "boscovich_rule",
    "boscovich_ellipticity",
    "contaminated_efficiency",
    "trimmed_mean",
    "biweight_weights",
    "implement_psnr",
    "wiener_gain",
    "mallows_cp",
    "heavy_ball_parameters",
    "soft_threshold",
    "ridge_dof",
    "fp16_square_fate",
    "grad_scaler_update",
    "r2_from_parts",
    "masked_mse",
    "byol_loss",
    "td_targets",
]

EXERCISES = {
    "what-is-mse": {
        "implement_mse": implement_mse,
        "house_outlier_mse": house_outlier_mse,
        "training_size": training_size,
    },
    "metrics-in-practice": {
        "implement_huber": implement_huber,
        "equal_chunks": equal_chunks,
        "chan_merge": chan_merge,
    },
    "mse-at-scale": {"r2_from_parts": r2_from_parts},
    "modern-models": {
        "masked_mse": masked_mse,
        "byol_loss": byol_loss,
        "td_targets": td_targets,
    },
    "probabilities": {"implement_brier": implement_brier},
    "outliers": {"trimmed_mean": trimmed_mean, "biweight_weights": biweight_weights},
    "regularised-least-squares": {
        "soft_threshold": soft_threshold,
        "ridge_dof": ridge_dof,
    },
    "choosing-a-metric": {
        "implement_mase": implement_mase,
        "mse_standard_error": mse_standard_error,
    },
    "bias-variance": {
        "bias_variance_split": bias_variance_split,
        "mallows_cp": mallows_cp,
    },
    "properties": {"mse_gradient_vector": mse_gradient_vector},
    "least-squares": {
        "largest_step": largest_step,
        "heavy_ball_parameters": heavy_ball_parameters,
    },
    "maximum-likelihood": {"gaussian_nll": gaussian_nll},
    "gauss-markov": {"ols_covariance": ols_covariance},
    "history": {
        "boscovich_rule": boscovich_rule,
        "boscovich_ellipticity": boscovich_ellipticity,
        "contaminated_efficiency": contaminated_efficiency,
    },
    "images-and-signals": {
        "implement_psnr": implement_psnr,
        "wiener_gain": wiener_gain,
    },
    "numbers-in-training": {
        "fp16_square_fate": fp16_square_fate,
        "grad_scaler_update": grad_scaler_update,
    },
}
"""Every exercise, by chapter (the notebook's name) and name."""
