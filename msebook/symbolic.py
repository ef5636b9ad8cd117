r"""Sympy derivations of the formulas the book displays.

Each function derives its result from a definition (it differentiates,
expands, takes expectations or solves) rather than typing the answer in, and
returns sympy objects: the chapters display them with ``sympy.latex`` and the
tests check them against independent numerical evaluations.

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
from dataclasses import dataclass

import sympy as sp
from sympy import stats

from ._validation import check_scalar

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
]

#: The number of observations.
N = sp.Symbol("n", positive=True, integer=True)
#: The number of parameters of a linear model.
P = sp.Symbol("p", positive=True, integer=True)
#: The standard deviation of the noise.
SIGMA = sp.Symbol("sigma", positive=True)
#: The sum of squared (or absolute) errors in a total negative log-likelihood.
SSE = sp.Symbol("S", positive=True)
#: The bias of an estimator or prediction, a constant.
BIAS = sp.Symbol("b", real=True)
#: The variance of an estimator or prediction.
VARIANCE = sp.Symbol("v", nonnegative=True)
#: The random deviation of an estimator or prediction from its own mean.
DELTA = sp.Symbol("delta", real=True)
#: The noise of a new observation.
EPSILON = sp.Symbol("epsilon", real=True)
#: The scale of Laplace noise.
LAPLACE_SCALE = sp.Symbol("b", positive=True)
#: A divisor of the sum of squares in a variance estimator.
DIVISOR = sp.Symbol("d", positive=True)
#: The expectation operator, left unevaluated, for stating assumptions such as E[eps] = 0.
E = sp.Function(r"\mathbb{E}")


def _positive_for_n_at_least_2(expr):
    """True when ``expr`` is positive for every integer n >= 2 (and every value of the other symbols)."""
    m = sp.Symbol("m", integer=True, nonnegative=True)
    return bool(sp.simplify(expr.subs(N, m + 2)).is_positive)


def _check_size(value, name, at_most):
    """Return ``value`` as a positive integer sympy Symbol, or as a Python int from 1 to ``at_most``.

    Sympy's work grows quickly with a numeric size, so each function has a
    limit that keeps it within about a second; the symbol gives the
    derivation for every size at once.
    """
    if isinstance(value, sp.Symbol):
        if not (value.is_integer and value.is_positive):
            raise ValueError(f"{name} must be a positive integer symbol, got {value!r} without those assumptions")
        return value
    size = check_scalar(value, name, integer=True, low=1)
    if size > at_most:
        raise ValueError(
            f"{name} must be at most {at_most} here, got {size}: sympy's work grows quickly with {name}; "
            f"the symbol symbolic.{name.upper()} gives the result for every {name}"
        )
    return size


# ----------------------------------------------------------------------------------------------
# MSE as a function of the predictions
# ----------------------------------------------------------------------------------------------


def prediction_symbols(n):
    """Return the observed values ``y`` and predictions ``yhat`` of ``n`` observations.

    For an int ``n`` they are column matrices of real symbols ``y_1 ... y_n`` and
    ``yhat_1 ... yhat_n``; for a symbol ``n`` they are ``n x 1`` matrix symbols.

    >>> y, yhat = prediction_symbols(3)
    >>> yhat.T
    Matrix([[yhat_1, yhat_2, yhat_3]])
    """
    n = _check_size(n, "n", at_most=1000)
    if isinstance(n, sp.Symbol):
        return sp.MatrixSymbol("y", n, 1), sp.MatrixSymbol("yhat", n, 1)
    y = sp.Matrix(sp.symbols(f"y_1:{n + 1}", real=True))
    yhat = sp.Matrix(sp.symbols(f"yhat_1:{n + 1}", real=True))
    return y, yhat


def mse_expression(n):
    r"""The MSE of ``n`` predictions, :math:`\frac{1}{n}\sum_i (y_i - \hat y_i)^2`.

    >>> mse_expression(2)
    (y_1 - yhat_1)**2/2 + (y_2 - yhat_2)**2/2
    >>> mse_expression(N)
    1/n*(-y.T + yhat.T)*(-y + yhat)
    """
    n = _check_size(n, "n", at_most=200)
    y, yhat = prediction_symbols(n)
    if isinstance(n, sp.Symbol):
        return (yhat - y).T * (yhat - y) / n
    return sum(((y[i] - yhat[i]) ** 2 for i in range(n)), sp.Integer(0)) / n


def mse_gradient(n):
    r"""The gradient of the MSE with respect to the predictions, derived by differentiation.

    Component :math:`i` is :math:`\partial\,\mathrm{MSE}/\partial\hat y_i = -\frac{2}{n}(y_i - \hat y_i)`,
    so the gradient is the vector :math:`\frac{2}{n}(\hat y - y)`: one component per
    prediction, not a sum (compare :func:`mse_shift_derivative`).

    Parameters
    ----------
    n : int or sympy.Symbol
        An int gives the explicit column of ``n`` partial derivatives; a positive
        integer symbol gives the vector formula by matrix calculus.

    Examples
    --------
    >>> mse_gradient(N)
    (2/n)*(-y + yhat)
    >>> y, yhat = prediction_symbols(3)
    >>> (mse_gradient(3) - sp.Rational(2, 3) * (yhat - y)).expand()
    Matrix([
    [0],
    [0],
    [0]])
    """
    n = _check_size(n, "n", at_most=50)
    _, yhat = prediction_symbols(n)
    loss = mse_expression(n)
    if isinstance(n, sp.Symbol):
        return loss.diff(yhat)
    return sp.Matrix([sp.factor(loss.diff(component)) for component in yhat])


def mse_hessian(n):
    r"""The Hessian of the MSE with respect to the predictions: the constant :math:`\frac{2}{n} I`.

    >>> mse_hessian(2)
    Matrix([
    [1, 0],
    [0, 1]])
    >>> mse_hessian(N)
    (2/n)*I
    """
    n = _check_size(n, "n", at_most=30)
    _, yhat = prediction_symbols(n)
    if isinstance(n, sp.Symbol):
        return mse_gradient(n).diff(yhat)
    return sp.hessian(mse_expression(n), list(yhat))


def mse_shift_derivative(n):
    r"""The derivative of the MSE when every prediction moves by the same amount :math:`c`.

    :math:`\frac{d}{dc}\,\mathrm{MSE}(y, \hat y + c)\big|_{c=0} = -\frac{2}{n}\sum_i (y_i - \hat y_i)`:
    the sum of the gradient's components. This is the derivative with respect to
    an intercept, not the gradient with respect to the predictions.

    >>> mse_shift_derivative(2).expand()
    -y_1 - y_2 + yhat_1 + yhat_2
    """
    n = _check_size(n, "n", at_most=20)
    if isinstance(n, sp.Symbol):
        raise TypeError("n must be an int here: the shift derivative is an explicit sum")
    shift = sp.Symbol("c", real=True)
    y, yhat = prediction_symbols(n)
    shifted = mse_expression(n).subs({yhat[i]: yhat[i] + shift for i in range(n)}, simultaneous=True)
    return sp.factor(shifted.diff(shift).subs(shift, 0))


# ----------------------------------------------------------------------------------------------
# MSE of a linear model, as a function of its parameters
# ----------------------------------------------------------------------------------------------


def linear_model_symbols(n=N, p=P):
    """Return the matrix symbols ``X`` (n x p), ``theta`` (p x 1) and ``y`` (n x 1).

    >>> X, theta, y = linear_model_symbols()
    >>> X.shape, theta.shape
    ((n, p), (p, 1))
    """
    n, p = _check_size(n, "n", at_most=1000), _check_size(p, "p", at_most=20)
    return sp.MatrixSymbol("X", n, p), sp.MatrixSymbol("theta", p, 1), sp.MatrixSymbol("y", n, 1)


def _linear_mse(n, p):
    X, theta, y = linear_model_symbols(n, p)
    residual = X * theta - y
    return residual.T * residual / n


def linear_mse_gradient(n=N, p=P):
    r"""The gradient of :math:`\frac{1}{n}\lVert X\theta - y\rVert^2` with respect to :math:`\theta`.

    Derived by matrix calculus: :math:`\frac{2}{n} X^\top (X\theta - y)`. With int
    sizes the result can be evaluated with ``.subs`` and ``.doit()``.

    >>> linear_mse_gradient()
    (2/n)*X.T*(X*theta - y)
    """
    _, theta, _ = linear_model_symbols(n, p)
    return _linear_mse(n, p).diff(theta)


def linear_mse_hessian(n=N, p=P):
    r"""The Hessian of a linear model's MSE in :math:`\theta`: the constant :math:`\frac{2}{n} X^\top X`.

    It is positive semi-definite for every :math:`X`, so the loss is convex; it
    is positive definite, and the minimiser unique, exactly when :math:`X` has
    full column rank.

    >>> linear_mse_hessian()
    (2/n)*X.T*X
    """
    _, theta, _ = linear_model_symbols(n, p)
    return linear_mse_gradient(n, p).diff(theta)


def normal_equations(n=N, p=P):
    r"""The normal equations :math:`X^\top X\theta = X^\top y`, from setting the gradient to zero.

    The gradient times :math:`n/2` is :math:`X^\top X\theta - X^\top y`; the terms
    with :math:`\theta` go to the left, the others to the right.

    >>> normal_equations()
    Eq(X.T*X*theta, X.T*y)
    """
    X, theta, _ = linear_model_symbols(n, p)
    scaled = sp.expand(linear_mse_gradient(n, p) * X.shape[0] / 2)
    with_theta = [term for term in sp.Add.make_args(scaled) if theta in term.free_symbols]
    without_theta = [term for term in sp.Add.make_args(scaled) if theta not in term.free_symbols]
    return sp.Eq(sp.MatAdd(*with_theta).doit(), (-sp.MatAdd(*without_theta)).doit())


def newton_step(n=N, p=P):
    r"""Where one Newton step from any :math:`\theta_0` lands: :math:`(X^\top X)^{-1} X^\top y`.

    The gradient is affine in :math:`\theta`, :math:`g(\theta) = H\theta + g(0)` with
    the constant Hessian :math:`H`, so :math:`\theta_0 - H^{-1} g(\theta_0) = -H^{-1} g(0)`:
    the starting point cancels (when :math:`H` is invertible, i.e. full column rank).

    >>> newton_step()
    (X.T*X)**(-1)*X.T*y
    """
    X, theta, _ = linear_model_symbols(n, p)
    gradient, hessian = linear_mse_gradient(n, p), linear_mse_hessian(n, p)
    zero = sp.ZeroMatrix(*theta.shape)
    intercept = gradient.subs(theta, zero).doit()
    if sp.expand(gradient - (hessian * theta + intercept)).doit() != sp.ZeroMatrix(*theta.shape):
        raise AssertionError("the gradient is not affine in theta")  # pragma: no cover - a derivation check
    scale = hessian.args[0]  # the scalar 2/n in front of X.T*X
    if sp.simplify(hessian - scale * X.T * X).doit() != sp.ZeroMatrix(*hessian.shape):
        raise AssertionError("the Hessian is not a multiple of X.T*X")  # pragma: no cover - derivation check
    gram = sp.MatrixSymbol("G", *hessian.shape)  # stands for X.T*X while the inverse cancels
    hessian = scale * gram
    step = sp.expand(theta - hessian.inverse() * (hessian * theta + intercept))
    return step.subs(gram, X.T * X)


def least_squares_solution(n=N, p=P):
    r"""The least-squares estimate :math:`\hat\theta = (X^\top X)^{-1}X^\top y`, from the normal equations.

    Multiplies both sides of :func:`normal_equations` by :math:`(X^\top X)^{-1}`,
    which exists exactly when :math:`X` has full column rank. Returns the
    equation :math:`\theta = \dots`.

    >>> least_squares_solution()
    Eq(theta, (X.T*X)**(-1)*X.T*y)
    """
    X, theta, _ = linear_model_symbols(n, p)
    equations = normal_equations(n, p)
    gram = sp.MatrixSymbol("G", theta.shape[0], theta.shape[0])  # stands for X.T*X while the inverse cancels
    lhs = sp.expand(gram.inverse() * equations.lhs.subs(X.T * X, gram))
    if lhs != theta:
        raise AssertionError("the inverse did not cancel")  # pragma: no cover - a derivation check
    return sp.Eq(lhs, (gram.inverse() * equations.rhs).subs(gram, X.T * X))


#: The step size of gradient descent.
ETA = sp.Symbol("eta", positive=True)
#: An eigenvalue of a Hessian.
LAMBDA = sp.Symbol("lambda", positive=True)


def gradient_descent_error_map(n=N, p=P):
    r"""How one gradient-descent step on the MSE of a linear model maps the error :math:`e = \theta - \hat\theta`.

    Substitutes :math:`\theta = \hat\theta + e` into :math:`\theta - \eta\nabla\mathrm{MSE}(\theta)`
    and uses the normal equations :math:`X^\top y = X^\top X\hat\theta`: the new error is
    :math:`e - \frac{2\eta}{n}X^\top X e = (I - \eta H)e`, whatever :math:`y` is.

    >>> gradient_descent_error_map()
    (-2*eta/n)*X.T*X*e + e
    """
    X, theta, y = linear_model_symbols(n, p)
    error = sp.MatrixSymbol("e", *theta.shape)
    solution = sp.MatrixSymbol("thetahat", *theta.shape)
    step = theta - ETA * linear_mse_gradient(n, p)
    moved = sp.expand(step.subs(theta, solution + error) - solution)
    return sp.expand(moved.subs(X.T * y, X.T * X * solution))


def step_size_condition():
    r"""The step sizes for which gradient descent shrinks the error along an eigenvector: :math:`\eta < 2/\lambda`.

    Along an eigenvector of the Hessian with eigenvalue :math:`\lambda > 0` the
    error is multiplied by :math:`1 - \eta\lambda` each step
    (:func:`gradient_descent_error_map`); it shrinks exactly when
    :math:`\lvert 1 - \eta\lambda\rvert < 1`. Holding for every eigenvalue, this is
    :math:`\eta < 2/L` with :math:`L = \lambda_{\max}`. Returns the factor and the
    condition.

    >>> step_size_condition()
    (-eta*lambda + 1, eta < 2/lambda)
    """
    factor = 1 - ETA * LAMBDA
    return factor, sp.solve_univariate_inequality(sp.Abs(factor) < 1, ETA)


# ----------------------------------------------------------------------------------------------
# Expectations of polynomials and the bias-variance decompositions
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decomposition:
    """An expected squared error split into terms, with the cross terms that vanish and why.

    ``squared_error`` is the random squared error written as the square of a sum
    of deviations; ``expanded`` its expansion before the expectation is taken;
    ``cross_terms`` pairs each product of two different deviations with its
    expectation (zero); ``assumptions`` holds the moments used, such as
    ``Eq(E(epsilon), 0)``, which are the conditions of the result; ``expected``
    is the expectation of ``squared_error``, a sum of squared terms.
    """

    squared_error: sp.Expr
    expanded: sp.Expr
    cross_terms: tuple
    assumptions: tuple
    expected: sp.Expr


def expectation(expr, random, moments):
    r"""The expectation of a polynomial in the random symbols ``random``, by linearity.

    Parameters
    ----------
    expr : sympy.Expr
        A polynomial in the symbols of ``random``; other symbols are constants.
    random : sequence of sympy.Symbol
        The random quantities.
    moments : dict
        Maps each monomial of the random symbols that occurs in the expansion
        (such as ``x``, ``x**2``, ``x*z``) to its expectation.

    Raises
    ------
    TypeError
        If ``expr`` is not a sympy expression or ``random`` holds something other than Symbols.
    ValueError
        If ``expr`` is not a polynomial in ``random``, or its expansion holds
        a monomial whose moment is not given.

    Examples
    --------
    >>> x, mu, v = sp.symbols("x mu v")
    >>> expectation((x + 1) ** 2, [x], {x: mu, x**2: v})
    2*mu + v + 1
    """
    if not isinstance(expr, sp.Basic):
        raise TypeError(f"expr must be a sympy expression, got {type(expr).__name__}: {expr!r}")
    random = list(random)
    for symbol in random:
        if not isinstance(symbol, sp.Symbol):
            raise TypeError(f"random must hold sympy Symbols, got {type(symbol).__name__}: {symbol!r}")
    try:
        terms = sp.Poly(sp.expand(expr), *random).terms()
    except sp.PolynomialError:
        raise ValueError(f"expr must be a polynomial in {random}, got {expr}") from None
    total = sp.Integer(0)
    for powers, coefficient in terms:
        monomial = sp.Mul(*(symbol**power for symbol, power in zip(random, powers)))
        if monomial == 1:
            total += coefficient
        elif monomial in moments:
            total += coefficient * moments[monomial]
        else:
            raise ValueError(f"moments has no value for E[{monomial}]")
    return sp.expand(total)


def _decompose(parts, random, moments):
    """Square the sum of ``parts``, list its cross terms 2*a*b with their expectations, and take the expectation."""
    squared_error = sp.Add(*parts) ** 2
    cross_terms = tuple(
        (2 * a * b, expectation(2 * a * b, random, moments)) for i, a in enumerate(parts) for b in parts[i + 1:]
    )
    return Decomposition(
        squared_error=squared_error,
        expanded=sp.expand(squared_error),
        cross_terms=cross_terms,
        assumptions=tuple(sp.Eq(E(monomial), value) for monomial, value in moments.items()),
        expected=expectation(squared_error, random, moments),
    )


def estimator_mse_decomposition():
    r"""MSE of an estimator = variance + bias², derived with the cross term shown to vanish.

    With :math:`\delta = \hat\theta - \mathbb{E}[\hat\theta]` (the estimator's random
    deviation from its mean) and :math:`b = \mathbb{E}[\hat\theta] - \theta` (its bias,
    a constant), :math:`\hat\theta - \theta = \delta + b`. Squaring gives the cross
    term :math:`2b\delta`, whose expectation is zero because :math:`\mathbb{E}[\delta] = 0`
    holds by definition, for every estimator with a finite variance.

    >>> d = estimator_mse_decomposition()
    >>> d.expected
    b**2 + v
    >>> d.cross_terms
    ((2*b*delta, 0),)
    """
    moments = {DELTA: 0, DELTA**2: VARIANCE}
    return _decompose([DELTA, BIAS], [DELTA], moments)


def prediction_error_decomposition():
    r"""Expected prediction error at a point = noise + bias² + variance.

    At a fixed input :math:`x` the new target is :math:`Y = f(x) + \varepsilon` and the
    prediction :math:`\hat f(x)` depends on a random training set. With
    :math:`\delta = \hat f(x) - \mathbb{E}[\hat f(x)]` and bias
    :math:`b = \mathbb{E}[\hat f(x)] - f(x)`, :math:`Y - \hat f(x) = \varepsilon - b - \delta`.
    The conditions are :math:`\mathbb{E}[\varepsilon] = 0`, :math:`\operatorname{Var}\varepsilon = \sigma^2`
    and :math:`\varepsilon` independent of the training set, so that
    :math:`\mathbb{E}[\varepsilon\delta] = \mathbb{E}[\varepsilon]\,\mathbb{E}[\delta] = 0`.
    The expectation is over both the noise and the training set.

    >>> d = prediction_error_decomposition()
    >>> d.expected
    b**2 + sigma**2 + v
    >>> len(d.cross_terms)
    3
    """
    moments = {EPSILON: 0, EPSILON**2: SIGMA**2, DELTA: 0, DELTA**2: VARIANCE, EPSILON * DELTA: 0}
    return _decompose([EPSILON, -BIAS, -DELTA], [EPSILON, DELTA], moments)


# ----------------------------------------------------------------------------------------------
# Linear estimators: covariance, the Gauss-Markov theorem, generalised least squares and ridge
# ----------------------------------------------------------------------------------------------


#: The penalty of ridge regression.
ALPHA = sp.Symbol("alpha", positive=True)


def noise_symbols(n=N):
    r"""Return the error vector ``varepsilon`` (n x 1) and its covariance ``Sigma`` (n x n), matrix symbols.

    In the linear model :math:`y = X\theta + \varepsilon` with :math:`\mathbb{E}[\varepsilon \mid X] = 0`
    and :math:`\operatorname{Var}(\varepsilon \mid X) = \Sigma`.

    >>> noise, covariance = noise_symbols()
    >>> noise.shape, covariance.shape
    ((n, 1), (n, n))
    """
    n = _check_size(n, "n", at_most=1000)
    return sp.MatrixSymbol("varepsilon", n, 1), sp.MatrixSymbol("Sigma", n, n)


def linear_estimator_symbols(n=N, p=P):
    r"""Return the p x n matrix symbols ``C``, ``A`` and ``D`` of linear estimators :math:`Cy`.

    ``C`` is any linear estimator's matrix, ``A`` that of least squares,
    :math:`(X^\top X)^{-1}X^\top`, and ``D`` the difference :math:`C - A`.

    >>> C, A, D = linear_estimator_symbols()
    >>> C.shape
    (p, n)
    """
    n, p = _check_size(n, "n", at_most=1000), _check_size(p, "p", at_most=20)
    return tuple(sp.MatrixSymbol(name, p, n) for name in ("C", "A", "D"))


def _terms(expr):
    """The summands of a matrix expression, after expanding it."""
    expr = sp.expand(expr)
    return expr.args if isinstance(expr, sp.MatAdd) else (expr,)


def _noise_expectation(expr, noise, covariance):
    """E[expr | X], by linearity, for a matrix expression at most quadratic in ``noise``.

    Uses E[noise] = 0 and E[noise * noise.T] = covariance; every other factor is fixed given X.
    """
    kept = []
    for term in _terms(expr):
        factors = list(term.args) if isinstance(term, sp.MatMul) else [term]
        at = [i for i, factor in enumerate(factors) if factor in (noise, noise.T)]
        if any(noise in factor.free_symbols for i, factor in enumerate(factors) if i not in at):
            raise ValueError(f"expr has a term {term} with the noise inside another factor; expand it first")
        if not at:
            kept.append(term)
        elif len(at) == 2 and at[1] == at[0] + 1 and factors[at[0]] == noise and factors[at[1]] == noise.T:
            kept.append(sp.MatMul(*factors[:at[0]], covariance, *factors[at[1] + 1:]))
        elif len(at) != 1:  # a single noise factor has expectation zero
            raise ValueError(f"expr has a term {term} whose expectation needs more than the noise covariance")
    if not kept:
        return sp.ZeroMatrix(*expr.shape)
    return sp.MatAdd(*kept).doit()


def _coefficient(expr, vector):
    """The matrix M with ``expr`` = M * vector, for an expression linear in ``vector``."""
    parts = []
    for term in _terms(expr):
        factors = list(term.args) if isinstance(term, sp.MatMul) else [term]
        if factors[-1] != vector or any(vector in factor.free_symbols for factor in factors[:-1]):
            raise ValueError(f"expr is not linear in {vector}: the term {term}")
        parts.append(sp.MatMul(*factors[:-1]) if len(factors) > 1 else sp.Identity(vector.shape[0]))
    return sp.MatAdd(*parts).doit()


@dataclass(frozen=True)
class LinearEstimator:
    r"""The mean, bias, covariance and MSE matrix of a linear estimator :math:`Cy`, given :math:`X`.

    ``matrix`` is :math:`C` and ``estimate`` :math:`Cy`; ``mean`` is :math:`\mathbb{E}[Cy \mid X]`,
    ``bias`` the mean minus :math:`\theta`, ``covariance`` :math:`\operatorname{Var}(Cy \mid X)` and
    ``mse`` the MSE matrix :math:`\mathbb{E}[(Cy - \theta)(Cy - \theta)^\top \mid X]`, the covariance
    plus the bias times its transpose, whose trace is the total MSE
    :math:`\mathbb{E}\lVert Cy - \theta\rVert^2`.
    """

    matrix: sp.MatrixExpr
    estimate: sp.MatrixExpr
    mean: sp.MatrixExpr
    bias: sp.MatrixExpr
    covariance: sp.MatrixExpr
    mse: sp.MatrixExpr


def linear_estimator(matrix=None, covariance=None, n=N, p=P):
    r"""Mean, bias, covariance and MSE matrix of the linear estimator :math:`Cy`, by taking expectations.

    Substitutes the model :math:`y = X\theta + \varepsilon` into :math:`Cy` and takes
    expectations given :math:`X` by linearity, with :math:`\mathbb{E}[\varepsilon \mid X] = 0`
    and :math:`\mathbb{E}[\varepsilon\varepsilon^\top \mid X] = \Sigma`: the mean is
    :math:`CX\theta`, and the deviation :math:`C\varepsilon` from it has covariance
    :math:`C\Sigma C^\top`, the *sandwich*. With spherical errors, :math:`\Sigma = \sigma^2 I`,
    it is :math:`\sigma^2 CC^\top`.

    Parameters
    ----------
    matrix : sympy matrix expression, optional
        The p x n matrix :math:`C`, which may involve :math:`X` but not :math:`y`.
        By default the symbol ``C`` of :func:`linear_estimator_symbols`.
    covariance : sympy matrix expression, optional
        The n x n covariance of the errors given :math:`X`. By default
        :math:`\sigma^2 I`; pass ``noise_symbols(n)[1]`` for a general :math:`\Sigma`.
    n, p : int or sympy.Symbol
        The numbers of observations and of parameters.

    Returns
    -------
    LinearEstimator

    Raises
    ------
    ValueError
        If ``matrix`` is not p x n or involves ``y``, or ``covariance`` is not n x n.

    Examples
    --------
    >>> linear_estimator().covariance
    sigma**2*C*C.T
    >>> _, Sigma = noise_symbols()
    >>> linear_estimator(covariance=Sigma).covariance
    C*Sigma*C.T
    >>> linear_estimator().bias
    C*X*theta - theta
    """
    X, theta, y = linear_model_symbols(n, p)
    noise, _ = noise_symbols(n)
    matrix = linear_estimator_symbols(n, p)[0] if matrix is None else matrix
    covariance = SIGMA**2 * sp.Identity(X.shape[0]) if covariance is None else covariance
    if getattr(matrix, "shape", None) != theta.shape[:1] + y.shape[:1] or y in matrix.free_symbols:
        shape = f"({theta.shape[0]}, {y.shape[0]})"
        raise ValueError(f"matrix must be a matrix expression of shape {shape} free of y, got {matrix!r}")
    if getattr(covariance, "shape", None) != (y.shape[0], y.shape[0]):
        shape = f"({y.shape[0]}, {y.shape[0]})"
        raise ValueError(f"covariance must be a matrix expression of shape {shape}, got {covariance!r}")
    estimate = sp.expand((matrix * y).subs(y, X * theta + noise))
    mean = _noise_expectation(estimate, noise, covariance)
    deviation = sp.expand(estimate - mean)
    variance = _noise_expectation(deviation * deviation.T, noise, covariance)
    bias = (mean - theta).doit()
    mse = (variance + bias * bias.T).doit()
    return LinearEstimator(matrix=matrix, estimate=matrix * y, mean=mean, bias=bias, covariance=variance, mse=mse)


def least_squares_estimator(n=N, p=P):
    r"""Least squares as a linear estimator: unbiased, with covariance :math:`\sigma^2(X^\top X)^{-1}`.

    Its matrix :math:`A = (X^\top X)^{-1}X^\top` is read off :func:`least_squares_solution`;
    :func:`linear_estimator` gives the mean :math:`AX\theta = \theta` and, under spherical errors,
    the covariance :math:`\sigma^2 AA^\top = \sigma^2(X^\top X)^{-1}X^\top X(X^\top X)^{-1}`,
    which simplifies when :math:`X` has full column rank.

    >>> ols = least_squares_estimator()
    >>> ols.bias
    0
    >>> ols.covariance
    sigma**2*(X.T*X)**(-1)
    """
    _, _, y = linear_model_symbols(n, p)
    return linear_estimator(_coefficient(least_squares_solution(n, p).rhs, y), n=n, p=p)


@dataclass(frozen=True)
class GaussMarkovProof:
    r"""The steps of the proof of the Gauss–Markov theorem, each a sympy object.

    ``unbiased`` is the condition :math:`CX = I` for :math:`Cy` to be unbiased for every
    :math:`\theta`; ``difference`` the condition :math:`DX = 0` it puts on :math:`D = C - A`;
    ``expanded`` the covariance :math:`\sigma^2(A + D)(A + D)^\top` multiplied out in the
    symbols :math:`A` and :math:`D`; ``cross_terms`` pairs each of :math:`AD^\top` and
    :math:`DA^\top`, written out with :math:`A = (X^\top X)^{-1}X^\top`, with its value
    (zero, because :math:`DX = 0`); ``least_squares`` is :math:`AA^\top = (X^\top X)^{-1}`;
    ``covariance`` the result, :math:`\sigma^2(X^\top X)^{-1} + \sigma^2DD^\top`.
    """

    unbiased: sp.Eq
    difference: sp.Eq
    expanded: sp.MatrixExpr
    cross_terms: tuple
    least_squares: sp.Eq
    covariance: sp.MatrixExpr


def gauss_markov_proof(n=N, p=P):
    r"""Prove the Gauss–Markov theorem: a linear unbiased estimator's covariance exceeds that of least squares.

    The mean of :math:`Cy` is :math:`CX\theta` (:func:`linear_estimator`), which equals
    :math:`\theta` for every :math:`\theta` exactly when :math:`CX = I`. Least squares,
    :math:`A = (X^\top X)^{-1}X^\top`, has :math:`AX = I`, so :math:`D = C - A` has
    :math:`DX = 0`. Under spherical errors the covariance of :math:`(A + D)y` expands into
    four terms; the cross terms vanish because :math:`DX = 0` (and its transpose
    :math:`X^\top D^\top = 0`), and :math:`AA^\top = (X^\top X)^{-1}`. What remains exceeds
    the least-squares covariance by :math:`\sigma^2 DD^\top`, which is positive semi-definite.

    >>> proof = gauss_markov_proof()
    >>> proof.unbiased, proof.difference
    (Eq(C*X, I), Eq(D*X, 0))
    >>> proof.expanded
    sigma**2*(A*A.T + A*D.T + D*A.T + D*D.T)
    >>> [value for _, _, value in proof.cross_terms]
    [0, 0]
    >>> proof.covariance
    sigma**2*(X.T*X)**(-1) + sigma**2*D*D.T
    """
    X, theta, _ = linear_model_symbols(n, p)
    C, A, D = linear_estimator_symbols(n, p)
    identity = sp.Identity(theta.shape[0])
    unbiased = sp.Eq(_coefficient(linear_estimator(C, n=n, p=p).mean, theta), identity)
    least_squares = least_squares_estimator(n, p)
    A_value = least_squares.matrix
    if _coefficient(least_squares.mean, theta) != identity:
        raise AssertionError("least squares is not unbiased")  # pragma: no cover - a derivation check
    # C = A + D is unbiased exactly when (A + D)X = I, that is AX + DX = I + DX = I
    difference = sp.expand(unbiased.lhs.subs(C, A_value + D)).doit() - unbiased.rhs
    difference = sp.Eq(difference, sp.ZeroMatrix(*identity.shape))
    zero = {difference.lhs: difference.rhs, difference.lhs.T.doit(): difference.rhs.T}
    covariance = linear_estimator(A + D, n=n, p=p).covariance
    (scale,) = {term.as_coeff_mmul()[0] for term in covariance.args}  # sigma**2, common to the four terms
    expanded = sp.MatMul(scale, sp.MatAdd(*(term.as_coeff_mmul()[1] for term in covariance.args)))
    written_out = {term: (term.subs(A, A_value).doit()) for term in (A * D.T, D * A.T)}
    cross_terms = tuple((term, value, value.subs(zero).doit()) for term, value in written_out.items())
    result = sp.expand(covariance.subs(A, A_value)).doit().subs(zero).doit()
    return GaussMarkovProof(
        unbiased=unbiased,
        difference=difference,
        expanded=expanded,
        cross_terms=cross_terms,
        least_squares=sp.Eq(A * A.T, (A_value * A_value.T).doit()),
        covariance=result,
    )


@dataclass(frozen=True)
class GeneralisedLeastSquares:
    r"""Aitken's generalised least squares, derived by whitening with a Cholesky factor :math:`L` of :math:`\Sigma`.

    ``whitened_covariance`` is the covariance :math:`L^{-1}\Sigma L^{-\top}` of the whitened
    errors (the identity); ``solution`` the equation
    :math:`\theta = (X^\top\Sigma^{-1}X)^{-1}X^\top\Sigma^{-1}y`; ``covariance`` its covariance
    :math:`(X^\top\Sigma^{-1}X)^{-1}`, from least squares on the whitened model; ``sandwich``
    the same covariance derived directly as :math:`G\Sigma G^\top` for the estimator's matrix :math:`G`.
    """

    whitened_covariance: sp.MatrixExpr
    solution: sp.Eq
    covariance: sp.MatrixExpr
    sandwich: sp.MatrixExpr


def generalised_least_squares(n=N, p=P):
    r"""Generalised least squares: least squares on the model whitened by :math:`L^{-1}`, :math:`\Sigma = LL^\top`.

    Multiplying :math:`y = X\theta + \varepsilon` by :math:`L^{-1}` gives a model whose
    errors :math:`L^{-1}\varepsilon` have covariance :math:`L^{-1}LL^\top L^{-\top} = I`: spherical,
    so by the Gauss–Markov theorem its least-squares estimator (:func:`least_squares_solution`,
    with :math:`\sigma = 1`) is the BLUE. Since :math:`(LL^\top)^{-1} = L^{-\top}L^{-1} = \Sigma^{-1}`,
    it is :math:`(X^\top\Sigma^{-1}X)^{-1}X^\top\Sigma^{-1}y` with covariance
    :math:`(X^\top\Sigma^{-1}X)^{-1}`. Weighted least squares is the case of a diagonal
    :math:`\Sigma` (:func:`weighted_least_squares_weights`).

    >>> aitken = generalised_least_squares()
    >>> aitken.whitened_covariance
    I
    >>> aitken.solution
    Eq(theta, (X.T*Sigma**(-1)*X)**(-1)*X.T*Sigma**(-1)*y)
    >>> aitken.covariance
    (X.T*Sigma**(-1)*X)**(-1)
    >>> aitken.sandwich == aitken.covariance
    True
    """
    X, theta, y = linear_model_symbols(n, p)
    noise, Sigma = noise_symbols(n)
    factor = sp.MatrixSymbol("L", *Sigma.shape)
    whiten = factor.inverse()
    spherical = _noise_expectation(whiten * noise * (whiten * noise).T, noise, Sigma)
    spherical = spherical.subs(Sigma, factor * factor.T).doit()
    back = {(factor * factor.T).inverse().doit(): Sigma.inverse()}  # L^-T L^-1 = (L L^T)^-1 = Sigma^-1
    whitened = {X: whiten * X, y: whiten * y}
    solution = least_squares_solution(n, p).rhs.subs(whitened).doit().subs(back)
    covariance = least_squares_estimator(n, p).covariance.subs({**whitened, SIGMA: 1}).doit().subs(back)
    sandwich = linear_estimator(_coefficient(solution, y), Sigma, n, p).covariance
    sandwich = sandwich.subs(Sigma, factor * factor.T).doit().subs(back)
    return GeneralisedLeastSquares(
        whitened_covariance=spherical, solution=sp.Eq(theta, solution), covariance=covariance, sandwich=sandwich
    )


def weighted_least_squares_weights(n):
    r"""For uncorrelated errors of variances :math:`\sigma_i^2`: the whitening factor and the weights.

    :math:`\Sigma = \operatorname{diag}(\sigma_1^2, \dots, \sigma_n^2)` has the Cholesky factor
    :math:`L = \operatorname{diag}(\sigma_i)`, so whitening divides row :math:`i` of the model by
    :math:`\sigma_i`, and :math:`\Sigma^{-1} = \operatorname{diag}(1/\sigma_i^2)`: generalised least
    squares (:func:`generalised_least_squares`) is weighted least squares with weights
    :math:`w_i = 1/\sigma_i^2`. Returns :math:`L` and :math:`\Sigma^{-1}` for ``n`` observations.

    >>> factor, weights = weighted_least_squares_weights(2)
    >>> factor
    Matrix([
    [sigma_1,       0],
    [      0, sigma_2]])
    >>> weights
    Matrix([
    [sigma_1**(-2),             0],
    [            0, sigma_2**(-2)]])
    """
    n = _check_size(n, "n", at_most=30)
    if isinstance(n, sp.Symbol):
        raise TypeError("n must be an int here: the covariance is an explicit diagonal matrix")
    deviations = sp.symbols(f"sigma_1:{n + 1}", positive=True)
    covariance = sp.diag(*(s**2 for s in deviations))
    return covariance.cholesky(hermitian=False), covariance.inv()


def ridge_estimator(n=N, p=P):
    r"""Bias, covariance and MSE matrix of ridge regression, :math:`(X^\top X + \alpha I)^{-1}X^\top y`.

    :func:`linear_estimator` gives the mean :math:`(X^\top X + \alpha I)^{-1}X^\top X\theta`; writing
    :math:`X^\top X = (X^\top X + \alpha I) - \alpha I` turns the bias into
    :math:`-\alpha(X^\top X + \alpha I)^{-1}\theta`, non-zero for every :math:`\theta \ne 0`. Under
    spherical errors the covariance is
    :math:`\sigma^2(X^\top X + \alpha I)^{-1}X^\top X(X^\top X + \alpha I)^{-1}`, and the MSE matrix
    is the covariance plus the outer product of the bias with itself.

    >>> ridge = ridge_estimator()
    >>> ridge.bias
    (-alpha)*(alpha*I + X.T*X)**(-1)*theta
    >>> ridge.covariance
    sigma**2*(alpha*I + X.T*X)**(-1)*X.T*X*(alpha*I + X.T*X)**(-1)
    """
    X, theta, _ = linear_model_symbols(n, p)
    identity = sp.Identity(theta.shape[0])
    penalised = sp.MatrixSymbol("K", *identity.shape)  # stands for X.T*X + alpha*I while its inverse cancels
    derived = linear_estimator((X.T * X + ALPHA * identity).inverse() * X.T, n=n, p=p)
    bias = derived.bias.subs(X.T * X + ALPHA * identity, penalised).subs(X.T * X, penalised - ALPHA * identity)
    bias = sp.expand(bias).doit().subs(penalised, X.T * X + ALPHA * identity)
    return LinearEstimator(
        matrix=derived.matrix,
        estimate=derived.estimate,
        mean=derived.mean,
        bias=bias,
        covariance=derived.covariance,
        mse=(derived.covariance + bias * bias.T).doit(),
    )


# ----------------------------------------------------------------------------------------------
# Likelihoods: Gaussian noise gives squared error, Laplace noise absolute error
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LikelihoodLoss:
    r"""A negative log-likelihood written as ``constant + scale * loss`` for one observation.

    ``per_observation`` is :math:`-\log p(y \mid \mu)` in ``y`` and ``mu``;
    ``loss`` the loss of the residual :math:`y - \mu` it is affine in; ``scale``
    the positive factor in front of the loss and ``constant`` the rest, both free
    of ``y`` and ``mu``; ``total`` the negative log-likelihood of ``n``
    independent observations, ``n*constant + scale*S``, with the summed loss
    written as the symbol :data:`SSE`.
    """

    per_observation: sp.Expr
    loss: sp.Expr
    scale: sp.Expr
    constant: sp.Expr
    total: sp.Expr


def _as_loss(distribution, loss_of_residual):
    y, mu = sp.symbols("y mu", real=True)
    residual = sp.Symbol("r", real=True)
    nll = sp.expand_log(-sp.log(stats.density(distribution(mu))(y)), force=True)
    in_residual = sp.simplify(nll.subs(y, mu + residual))
    constant = sp.simplify(in_residual.subs(residual, 0))
    scale = sp.simplify((in_residual - constant) / loss_of_residual(residual))
    if residual in scale.free_symbols or mu in (scale.free_symbols | constant.free_symbols):
        raise AssertionError("the likelihood is not affine in this loss")  # pragma: no cover - derivation check
    summed = SSE
    return LikelihoodLoss(
        per_observation=nll,
        loss=loss_of_residual(y - mu),
        scale=scale,
        constant=constant,
        total=N * constant + scale * summed,
    )


def gaussian_negative_log_likelihood():
    r"""Gaussian noise: :math:`-\log p = \tfrac12\log(2\pi\sigma^2) + \frac{(y-\mu)^2}{2\sigma^2}`.

    The scale :math:`1/(2\sigma^2)` is positive and the constant does not involve
    :math:`\mu`, so for any fixed :math:`\sigma` the parameters maximising the
    likelihood of :math:`\mu_i = x_i^\top\theta` minimise the sum of squared errors
    ``S``: the maximum-likelihood fit is the least-squares fit.

    >>> nll = gaussian_negative_log_likelihood()
    >>> nll.scale
    1/(2*sigma**2)
    >>> nll.loss
    (-mu + y)**2
    """
    return _as_loss(lambda mu: stats.Normal("Y", mu, SIGMA), lambda r: r**2)


def laplace_negative_log_likelihood():
    r"""Laplace noise of scale :math:`b`: :math:`-\log p = \log(2b) + \lvert y - \mu\rvert / b`.

    The likelihood is maximised by minimising the sum of absolute errors, the
    contrast to the Gaussian case.

    >>> nll = laplace_negative_log_likelihood()
    >>> nll.scale, nll.loss
    (1/b, Abs(mu - y))
    """
    return _as_loss(lambda mu: stats.Laplace("Y", mu, LAPLACE_SCALE), sp.Abs)


def gaussian_variance_mle():
    r"""The maximum-likelihood estimate of the noise variance: :math:`\hat\sigma^2 = S/n`.

    Writes :func:`gaussian_negative_log_likelihood`'s total in terms of
    :math:`s = \sigma^2`, sets its derivative to zero and solves; the second
    derivative there, :math:`n^3/(2S^2)`, is positive, so it is a minimum of the
    negative log-likelihood. ``S`` is the sum of squared errors at the
    least-squares fit, so the MLE divides by :math:`n`, not :math:`n - p`.

    >>> gaussian_variance_mle()
    S/n
    """
    s = sp.Symbol("s", positive=True)
    total = gaussian_negative_log_likelihood().total.subs(SIGMA, sp.sqrt(s))
    (solution,) = sp.solve(sp.diff(total, s), s)
    if not sp.simplify(sp.diff(total, s, 2).subs(s, solution)).is_positive:
        raise AssertionError("the stationary point is not a minimum")  # pragma: no cover - derivation check
    return solution


# ----------------------------------------------------------------------------------------------
# Variance estimators under normal data
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BiasVariance:
    """The bias, variance and MSE (= variance + bias²) of an estimator, as sympy expressions."""

    bias: sp.Expr
    variance: sp.Expr
    mse: sp.Expr


def variance_estimator_mse(divisor=None):
    r"""Bias, variance and MSE of :math:`\frac{1}{d}\sum_i (x_i - \bar x)^2` for normal data.

    For :math:`n` independent :math:`N(\mu, \sigma^2)` values the sum of squares is
    :math:`\sigma^2 Q` with :math:`Q \sim \chi^2_{n-1}`; the moments of :math:`Q`
    come from ``sympy.stats``.

    Parameters
    ----------
    divisor : sympy.Expr, optional
        The divisor :math:`d` as an expression in the symbol ``n`` (:data:`N`),
        such as ``N - 1``, ``N`` or ``N + 1``. By default the symbol :data:`DIVISOR`.

    Examples
    --------
    >>> variance_estimator_mse(N - 1).mse
    2*sigma**4/(n - 1)
    >>> variance_estimator_mse(N).mse
    sigma**4*(2*n - 1)/n**2
    >>> variance_estimator_mse(N + 1).mse
    2*sigma**4/(n + 1)
    """
    if divisor is None:
        divisor = DIVISOR
    if isinstance(divisor, (str, bytes)) or not isinstance(divisor, (sp.Expr, int, float)):
        raise TypeError(f"divisor must be a sympy expression in the symbol n, such as N - 1, got {divisor!r}")
    divisor = sp.sympify(divisor)
    if divisor.free_symbols - {N, DIVISOR}:
        raise ValueError(f"divisor must be an expression in the symbol n, got {divisor!r}")
    if not _positive_for_n_at_least_2(divisor):
        raise ValueError(f"divisor must be positive for every n >= 2, got {divisor}")
    chi_square = stats.ChiSquared("Q", N - 1)
    estimator = SIGMA**2 * chi_square / divisor
    bias = sp.factor(sp.simplify(stats.E(estimator) - SIGMA**2))
    variance = sp.factor(sp.simplify(stats.variance(estimator)))
    return BiasVariance(bias=bias, variance=variance, mse=sp.factor(sp.simplify(variance + bias**2)))


def optimal_variance_divisor():
    r"""The divisor :math:`d` minimising the MSE of the variance estimator for normal data: :math:`n + 1`.

    >>> optimal_variance_divisor()
    n + 1
    """
    d = DIVISOR
    mse = variance_estimator_mse(d).mse
    (solution,) = sp.solve(sp.diff(mse, d), d)
    if not _positive_for_n_at_least_2(sp.diff(mse, d, 2).subs(d, solution)):
        raise AssertionError("the stationary point is not a minimum")  # pragma: no cover - derivation check
    return solution


# ----------------------------------------------------------------------------------------------
# Minimisers of expected loss: the mean and the median
# ----------------------------------------------------------------------------------------------


def _check_random_variable(variable):
    """Refuse anything but None or a ``sympy.stats`` random variable."""
    if variable is not None and not (isinstance(variable, sp.Basic) and stats.rv.is_random(variable)):
        raise TypeError(f"variable must be a sympy.stats random variable, got {type(variable).__name__}: {variable!r}")


def squared_loss_minimiser(variable=None):
    r"""The constant :math:`a` minimising :math:`\mathbb{E}[(Y - a)^2]`: the mean.

    Without ``variable`` the derivation is generic (:math:`\mathbb{E}[Y]` left
    unevaluated); with a ``sympy.stats`` random variable the mean is evaluated.

    >>> squared_loss_minimiser()
    \mathbb{E}(Y)
    >>> squared_loss_minimiser(stats.Exponential("Y", 2))
    1/2
    """
    _check_random_variable(variable)
    a = sp.Symbol("a", real=True)
    Y = sp.Symbol("Y", real=True)
    moments = {Y: E(Y), Y**2: E(Y**2)}
    risk = expectation((Y - a) ** 2, [Y], moments)
    (solution,) = sp.solve(sp.diff(risk, a), a)
    if variable is None:
        return solution
    return sp.simplify(solution.subs(E(Y), stats.E(variable)))


def absolute_loss_minimiser(variable=None):
    r"""The condition on the minimiser :math:`a` of :math:`\mathbb{E}\lvert Y - a\rvert`: :math:`F(a) = 1/2`.

    Writes :math:`\mathbb{E}\lvert Y - a\rvert` as two integrals against a density
    :math:`f` split at :math:`a`, differentiates under the integral sign, and
    expresses the result through the distribution function :math:`F`: the
    derivative is :math:`2F(a) - 1`, zero at a median. With a ``sympy.stats``
    random variable the median is solved for.

    >>> absolute_loss_minimiser()
    Eq(F(a), 1/2)
    >>> absolute_loss_minimiser(stats.Exponential("Y", 2))
    log(2)/2
    >>> absolute_loss_minimiser(stats.Normal("Y", -1, 2))
    -1
    """
    _check_random_variable(variable)
    a, y = sp.symbols("a y", real=True)
    f, F = sp.Function("f"), sp.Function("F")
    risk = sp.Integral((a - y) * f(y), (y, -sp.oo, a)) + sp.Integral((y - a) * f(y), (y, a, sp.oo))
    derivative = sp.diff(risk, a)

    def probability(integral):
        (variable_, low, high), factor = integral.limits[0], sp.simplify(integral.function / f(y))
        if factor.free_symbols:
            raise AssertionError("an integrand is not a multiple of the density")  # pragma: no cover
        cdf = {-sp.oo: 0, sp.oo: 1}
        return factor * (cdf.get(high, F(high)) - cdf.get(low, F(low)))

    derivative = sp.expand(derivative.replace(lambda e: isinstance(e, sp.Integral), probability))
    (solution,) = sp.solve(derivative, F(a))
    if variable is None:
        return sp.Eq(F(a), solution)
    medians = sp.solve(sp.Eq(stats.cdf(variable)(a), solution), a)
    if len(medians) != 1:
        raise ValueError(f"the median of {variable} is not unique or has no closed form: {medians}")
    return sp.simplify(medians[0])


# ----------------------------------------------------------------------------------------------
# Classification: squared error and cross-entropy through a sigmoid
# ----------------------------------------------------------------------------------------------


def sigmoid_loss_gradients():
    r"""Derivatives with respect to the logit :math:`z` of squared error and cross-entropy on :math:`p = \sigma(z)`.

    Returns a dict with keys ``"squared_error"``, :math:`2(p - y)\,p(1 - p)`, and
    ``"cross_entropy"``, :math:`p - y`, both written in :math:`p` and the label
    :math:`y`. The factor :math:`p(1-p)` makes the squared-error gradient vanish
    when the sigmoid saturates, even for a confidently wrong prediction.

    >>> gradients = sigmoid_loss_gradients()
    >>> gradients["cross_entropy"]
    p - y
    >>> gradients["squared_error"]
    2*p*(-p + y)*(p - 1)
    """
    z, y = sp.symbols("z y", real=True)
    p = sp.Symbol("p", positive=True)
    probability = 1 / (1 + sp.exp(-z))
    losses = {
        "squared_error": (probability - y) ** 2,
        "cross_entropy": -y * sp.log(probability) - (1 - y) * sp.log(1 - probability),
    }
    logit = sp.log(p / (1 - p))
    return {name: sp.factor(sp.simplify(sp.diff(loss, z).subs(z, logit))) for name, loss in losses.items()}


# ----------------------------------------------------------------------------------------------
# Shrinkage: the James-Stein estimator at the origin
# ----------------------------------------------------------------------------------------------


def james_stein_risk_at_zero(p=P):
    r"""The risk of the James–Stein estimator when the true mean is zero: :math:`2\sigma^2` for :math:`p \ge 3`.

    At :math:`\theta = 0`, :math:`\lVert x\rVert^2 = \sigma^2 Q` with :math:`Q \sim \chi^2_p`, and the
    loss of :math:`(1 - (p-2)\sigma^2/\lVert x\rVert^2)\,x` is
    :math:`\sigma^2\,(Q - 2(p - 2) + (p - 2)^2/Q)`. Its expectation uses
    :math:`\operatorname{E}[Q] = p` and :math:`\operatorname{E}[1/Q] = 1/(p - 2)`, both from
    ``sympy.stats``; the observation itself has risk :math:`p\sigma^2`.

    Examples
    --------
    >>> james_stein_risk_at_zero()
    2*sigma**2
    >>> james_stein_risk_at_zero(10)
    2*sigma**2
    """
    p = _check_size(p, "p", at_most=200)
    if not isinstance(p, sp.Symbol) and p < 3:
        raise ValueError(f"p must be at least 3 for James-Stein shrinkage, got {p}")
    Q = stats.ChiSquared("Q", p)
    loss = SIGMA**2 * (Q - 2 * (p - 2) + (p - 2) ** 2 / Q)
    expected = stats.E(loss)
    if isinstance(expected, sp.Piecewise):  # symbolic p: the branch for p > 2
        expected = expected.args[0][0]
    return sp.simplify(sp.gammasimp(expected))
