r"""Sympy derivations of the formulas the book displays, one module per topic.

Each function derives its result from a definition (it differentiates,
expands, takes expectations or solves) rather than typing the answer in, and
returns sympy objects: the chapters display them with :func:`latex`, in the
book's notation, and the tests check them against independent numerical
evaluations.

Conventions: ``n`` is the number of observations (a positive integer symbol
unless a number is given), ``y`` the observed values, ``yhat`` the predictions,
``X`` the :math:`n \times p` design matrix and ``theta`` the parameters of a
linear model.

>>> from msebook import symbolic
>>> symbolic.mse_gradient(symbolic.N)
(2/n)*(-y + yhat)
>>> symbolic.mse_hessian(symbolic.N)
(2/n)*I
"""

from . import _symbols, calculus, efficiency, linear_estimators
from .calculus import (
    gradient_descent_error_map,
    least_squares_solution,
    linear_model_symbols,
    linear_mse_gradient,
    linear_mse_hessian,
    mse_expression,
    mse_gradient,
    mse_hessian,
    mse_shift_derivative,
    newton_step,
    normal_equations,
    prediction_symbols,
    step_size_condition,
)
from .decomposition import (
    Decomposition,
    estimator_mse_decomposition,
    expectation,
    prediction_error_decomposition,
)
from .efficiency import (
    MedianEfficiency,
    cramer_rao_bound,
    fisher_information,
    james_stein_risk,
    james_stein_unbiased_risk,
    median_efficiency,
)
from .estimation import (
    BiasVariance,
    LikelihoodLoss,
    absolute_loss_minimiser,
    gaussian_negative_log_likelihood,
    gaussian_variance_mle,
    james_stein_risk_at_zero,
    laplace_negative_log_likelihood,
    optimal_variance_divisor,
    sigmoid_loss_gradients,
    squared_loss_minimiser,
    variance_estimator_mse,
)
from .linear_estimators import (
    GaussMarkovProof,
    GeneralisedLeastSquares,
    LinearEstimator,
    gauss_markov_proof,
    generalised_least_squares,
    least_squares_estimator,
    linear_estimator,
    linear_estimator_symbols,
    noise_symbols,
    ridge_estimator,
    weighted_least_squares_weights,
)
from .printing import latex

#: The number of observations.
N = _symbols.N
#: The number of parameters of a linear model.
P = _symbols.P
#: The standard deviation of the noise.
SIGMA = _symbols.SIGMA
#: The sum of squared (or absolute) errors in a total negative log-likelihood.
SSE = _symbols.SSE
#: The bias of an estimator or prediction, a constant.
BIAS = _symbols.BIAS
#: The variance of an estimator or prediction.
VARIANCE = _symbols.VARIANCE
#: The random deviation of an estimator or prediction from its own mean.
DELTA = _symbols.DELTA
#: The noise of a new observation.
EPSILON = _symbols.EPSILON
#: The scale of Laplace noise.
LAPLACE_SCALE = _symbols.LAPLACE_SCALE
#: A divisor of the sum of squares in a variance estimator.
DIVISOR = _symbols.DIVISOR
#: The expectation operator, left unevaluated, for stating assumptions such as
#: E[eps] = 0.
E = _symbols.E
#: The step size of gradient descent.
ETA = calculus.ETA
#: An eigenvalue of a Hessian.
LAMBDA = calculus.LAMBDA
#: The penalty of ridge regression.
ALPHA = linear_estimators.ALPHA
#: The noncentrality ||theta||^2 / sigma^2 on which the James-Stein risk depends.
NONCENTRALITY = efficiency.NONCENTRALITY
#: The length ||x|| of the observation in Stein's unbiased risk estimate.
NORM = efficiency.NORM

__all__ = [
    "N",
    "P",
    "SIGMA",
    "SSE",
    "BIAS",
    "VARIANCE",
    "DELTA",
    "EPSILON",
    "LAPLACE_SCALE",
    "DIVISOR",
    "E",
    "prediction_symbols",
    "mse_expression",
    "mse_gradient",
    "mse_hessian",
    "mse_shift_derivative",
    "linear_model_symbols",
    "linear_mse_gradient",
    "linear_mse_hessian",
    "normal_equations",
    "newton_step",
    "least_squares_solution",
    "ETA",
    "LAMBDA",
    "gradient_descent_error_map",
    "step_size_condition",
    "Decomposition",
    "expectation",
    "estimator_mse_decomposition",
    "prediction_error_decomposition",
    "ALPHA",
    "noise_symbols",
    "linear_estimator_symbols",
    "LinearEstimator",
    "linear_estimator",
    "least_squares_estimator",
    "GaussMarkovProof",
    "gauss_markov_proof",
    "GeneralisedLeastSquares",
    "generalised_least_squares",
    "weighted_least_squares_weights",
    "ridge_estimator",
    "LikelihoodLoss",
    "gaussian_negative_log_likelihood",
    "laplace_negative_log_likelihood",
    "gaussian_variance_mle",
    "BiasVariance",
    "variance_estimator_mse",
    "optimal_variance_divisor",
    "squared_loss_minimiser",
    "absolute_loss_minimiser",
    "sigmoid_loss_gradients",
    "james_stein_risk_at_zero",
    "fisher_information",
    "cramer_rao_bound",
    "MedianEfficiency",
    "median_efficiency",
    "NONCENTRALITY",
    "NORM",
    "james_stein_unbiased_risk",
    "james_stein_risk",
    "latex",
]
