"""The symbols every derivation shares, and the checks of their arguments."""

import sympy as sp

from .._validation import check_scalar

# The number of observations.
N = sp.Symbol("n", positive=True, integer=True)
# The number of parameters of a linear model.
P = sp.Symbol("p", positive=True, integer=True)
# The standard deviation of the noise.
SIGMA = sp.Symbol("sigma", positive=True)
# The sum of squared (or absolute) errors in a total negative log-likelihood.
SSE = sp.Symbol("S", positive=True)
# The bias of an estimator or prediction, a constant.
BIAS = sp.Symbol("b", real=True)
# The variance of an estimator or prediction.
VARIANCE = sp.Symbol("v", nonnegative=True)
# The random deviation of an estimator or prediction from its own mean.
DELTA = sp.Symbol("delta", real=True)
# The noise of a new observation.
EPSILON = sp.Symbol("epsilon", real=True)
# The scale of Laplace noise.
LAPLACE_SCALE = sp.Symbol("b", positive=True)
# A divisor of the sum of squares in a variance estimator.
DIVISOR = sp.Symbol("d", positive=True)
# The expectation operator, left unevaluated, for stating assumptions such as
# E[eps] = 0.
E = sp.Function(r"\mathbb{E}")


def positive_for_n_at_least_2(expr):
    """True when ``expr`` is positive for every integer n >= 2 (and every value of the
    other symbols).
    """
    m = sp.Symbol("m", integer=True, nonnegative=True)
    return bool(sp.simplify(expr.subs(N, m + 2)).is_positive)


def check_size(value, name, at_most):
    """Return ``value`` as a positive integer sympy Symbol, or as a Python int from 1 to
    ``at_most``.

    Sympy's work grows quickly with a numeric size, so each function has a
    limit that keeps it within about a second; the symbol gives the
    derivation for every size at once.
    """
    if isinstance(value, sp.Symbol):
        if not (value.is_integer and value.is_positive):
            raise ValueError(
                f"{name} must be a positive integer symbol, got {value!r} without "
                "those assumptions"
            )
        return value
    size = check_scalar(value, name, integer=True, low=1)
    if size > at_most:
        raise ValueError(
            f"{name} must be at most {at_most} here, got {size}: sympy's work grows "
            f"quickly with {name}; the symbol symbolic.{name.upper()} gives the result "
            f"for every {name}"
        )
    return size
