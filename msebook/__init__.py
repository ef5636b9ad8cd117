"""msebook: mean squared error and its relatives, as used by The MSE Book.

The public API is flat:

>>> import msebook
>>> msebook.mse([250, 300, 180, 420, 350], [240, 310, 200, 400, 360])
220.0
"""

from importlib.metadata import version

from . import datasets, history, streaming
from .classification import BrierDecomposition, brier_decomposition, brier_score
from .evaluation import (
    ErrorInterval,
    PairedComparison,
    mase,
    paired_comparison,
    test_error_interval,
)
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
    FeasibleWLSFit,
    elastic_net,
    feasible_wls,
    gls,
    gradient_descent,
    hat_matrix,
    hc_covariance,
    huber_regression,
    james_stein,
    k_fold_mse,
    lasso,
    lasso_path,
    least_squares_lipschitz,
    leverage,
    min_norm_least_squares,
    ols,
    polynomial_features,
    quantile_regression,
    ridge,
    ridge_path,
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
    "mase",
    "test_error_interval",
    "ErrorInterval",
    "paired_comparison",
    "PairedComparison",
    "brier_score",
    "brier_decomposition",
    "BrierDecomposition",
    "psnr",
    "ssim",
    "ms_ssim",
    "streaming",
    "history",
    "datasets",
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
    "hat_matrix",
    "leverage",
    "hc_covariance",
    "feasible_wls",
    "FeasibleWLSFit",
    "lasso",
    "elastic_net",
    "lasso_path",
    "ridge_path",
    "k_fold_mse",
]
__version__ = version("msebook")  # the one version number is in pyproject.toml
