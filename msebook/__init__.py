"""msebook: mean squared error and its relatives, as used by The MSE Book.

The public API is flat:

>>> import msebook
>>> msebook.mse([250, 300, 180, 420, 350], [240, 310, 200, 400, 360])
220.0
"""

from importlib.metadata import version

from . import history, streaming
from .classification import BrierDecomposition, brier_decomposition, brier_score
from .images import ms_ssim, psnr, ssim
from .metrics import (
    huber,
    log_cosh,
    mae,
    mape,
    mse,
    msle,
    nmse,
    pinball,
    r2,
    rmse,
    rmsle,
    smape,
    squared_errors,
    sse,
    tukey_biweight,
)
from .models import (
    gls,
    gradient_descent,
    huber_regression,
    james_stein,
    least_squares_lipschitz,
    min_norm_least_squares,
    ols,
    polynomial_features,
    quantile_regression,
    ridge,
    weighted_least_squares,
)

__all__ = [
    "mse",
    "rmse",
    "mae",
    "msle",
    "rmsle",
    "mape",
    "smape",
    "huber",
    "log_cosh",
    "pinball",
    "tukey_biweight",
    "r2",
    "nmse",
    "squared_errors",
    "sse",
    "brier_score",
    "brier_decomposition",
    "BrierDecomposition",
    "psnr",
    "ssim",
    "ms_ssim",
    "streaming",
    "history",
    "ols",
    "min_norm_least_squares",
    "ridge",
    "weighted_least_squares",
    "gls",
    "gradient_descent",
    "least_squares_lipschitz",
    "polynomial_features",
    "james_stein",
    "huber_regression",
    "quantile_regression",
]
__version__ = version("msebook")  # the one version number is in pyproject.toml
