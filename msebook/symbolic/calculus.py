"""MSE as a function of the predictions and of the parameters of a linear model:
gradients, Hessians, the normal equations, Newton's method and gradient descent.
"""

import sympy as sp

from ._symbols import N, P, check_size

# --------------------------------------------------------------------------------------
# MSE as a function of the predictions
# --------------------------------------------------------------------------------------


def prediction_symbols(n):
    """Return the observed values ``y`` and predictions ``yhat`` of ``n`` observations.

    For an int ``n`` they are column matrices of real symbols ``y_1 ... y_n`` and
    ``yhat_1 ... yhat_n``; for a symbol ``n`` they are ``n x 1`` matrix symbols.

    >>> y, yhat = prediction_symbols(3)
    >>> yhat.T
    Matrix([[yhat_1, yhat_2, yhat_3]])
    """
    n = check_size(n, "n", at_most=1000)
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
    n = check_size(n, "n", at_most=200)
    y, yhat = prediction_symbols(n)
    if isinstance(n, sp.Symbol):
        return (yhat - y).T * (yhat - y) / n
    return sum(((y[i] - yhat[i]) ** 2 for i in range(n)), sp.Integer(0)) / n


def mse_gradient(n):
    r"""The gradient of the MSE with respect to the predictions, derived by
    differentiation.

    Component :math:`i` is
    :math:`\partial\,\mathrm{MSE}/\partial\hat y_i = -\frac{2}{n}(y_i - \hat y_i)`, so
    the gradient is the vector :math:`\frac{2}{n}(\hat y - y)`: one component per
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
    n = check_size(n, "n", at_most=50)
    _, yhat = prediction_symbols(n)
    loss = mse_expression(n)
    if isinstance(n, sp.Symbol):
        return loss.diff(yhat)
    return sp.Matrix([sp.factor(loss.diff(component)) for component in yhat])


def mse_hessian(n):
    r"""The Hessian of the MSE with respect to the predictions: the constant
    :math:`\frac{2}{n} I`.

    >>> mse_hessian(2)
    Matrix([
    [1, 0],
    [0, 1]])
    >>> mse_hessian(N)
    (2/n)*I
    """
    n = check_size(n, "n", at_most=30)
    _, yhat = prediction_symbols(n)
    if isinstance(n, sp.Symbol):
        return mse_gradient(n).diff(yhat)
    return sp.hessian(mse_expression(n), list(yhat))


def mse_shift_derivative(n):
    r"""The derivative of the MSE when every prediction moves by the same amount
    :math:`c`.

    :math:`\frac{d}{dc}\,\mathrm{MSE}(y, \hat y + c)\big|_{c=0}
    = -\frac{2}{n}\sum_i (y_i - \hat y_i)`:
    the sum of the gradient's components. This is the derivative with respect to an
    intercept, not the gradient with respect to the predictions.

    >>> mse_shift_derivative(2).expand()
    -y_1 - y_2 + yhat_1 + yhat_2
    """
    n = check_size(n, "n", at_most=20)
    if isinstance(n, sp.Symbol):
        raise TypeError(
            "n must be an int here: the shift derivative is an explicit sum"
        )
    shift = sp.Symbol("c", real=True)
    y, yhat = prediction_symbols(n)
    shifted = mse_expression(n).subs(
        {yhat[i]: yhat[i] + shift for i in range(n)}, simultaneous=True
    )
    return sp.factor(shifted.diff(shift).subs(shift, 0))


# --------------------------------------------------------------------------------------
# MSE of a linear model, as a function of its parameters
# --------------------------------------------------------------------------------------


def linear_model_symbols(n=N, p=P):
    """Return the matrix symbols ``X`` (n x p), ``theta`` (p x 1) and ``y`` (n x 1).

    >>> X, theta, y = linear_model_symbols()
    >>> X.shape, theta.shape
    ((n, p), (p, 1))
    """
    n, p = check_size(n, "n", at_most=1000), check_size(p, "p", at_most=20)
    return (
        sp.MatrixSymbol("X", n, p),
        sp.MatrixSymbol("theta", p, 1),
        sp.MatrixSymbol("y", n, 1),
    )


def _linear_mse(n, p):
    X, theta, y = linear_model_symbols(n, p)
    residual = X * theta - y
    return residual.T * residual / n


def linear_mse_gradient(n=N, p=P):
    r"""The gradient of :math:`\frac{1}{n}\lVert X\theta - y\rVert^2` with respect to
    :math:`\theta`.

    Derived by matrix calculus: :math:`\frac{2}{n} X^\top (X\theta - y)`. With int
    sizes the result can be evaluated with ``.subs`` and ``.doit()``.

    >>> linear_mse_gradient()
    (2/n)*X.T*(X*theta - y)
    """
    _, theta, _ = linear_model_symbols(n, p)
    return _linear_mse(n, p).diff(theta)


def linear_mse_hessian(n=N, p=P):
    r"""The Hessian of a linear model's MSE in :math:`\theta`: the constant
    :math:`\frac{2}{n} X^\top X`.

    It is positive semi-definite for every :math:`X`, so the loss is convex; it
    is positive definite, and the minimiser unique, exactly when :math:`X` has
    full column rank.

    >>> linear_mse_hessian()
    (2/n)*X.T*X
    """
    _, theta, _ = linear_model_symbols(n, p)
    return linear_mse_gradient(n, p).diff(theta)


def normal_equations(n=N, p=P):
    r"""The normal equations :math:`X^\top X\theta = X^\top y`, from setting the
    gradient to zero.

    The gradient times :math:`n/2` is :math:`X^\top X\theta - X^\top y`; the terms
    with :math:`\theta` go to the left, the others to the right.

    >>> normal_equations()
    Eq(X.T*X*theta, X.T*y)
    """
    X, theta, _ = linear_model_symbols(n, p)
    scaled = sp.expand(linear_mse_gradient(n, p) * X.shape[0] / 2)
    with_theta = [
        term for term in sp.Add.make_args(scaled) if theta in term.free_symbols
    ]
    without_theta = [
        term for term in sp.Add.make_args(scaled) if theta not in term.free_symbols
    ]
    return sp.Eq(sp.MatAdd(*with_theta).doit(), (-sp.MatAdd(*without_theta)).doit())


def newton_step(n=N, p=P):
    r"""Where one Newton step from any :math:`\theta_0` lands:
    :math:`(X^\top X)^{-1} X^\top y`.

    The gradient is affine in :math:`\theta`, :math:`g(\theta) = H\theta + g(0)` with
    the constant Hessian :math:`H`, so
    :math:`\theta_0 - H^{-1} g(\theta_0) = -H^{-1} g(0)`: the starting point cancels
    (when :math:`H` is invertible, i.e. full column rank).

    >>> newton_step()
    (X.T*X)**(-1)*X.T*y
    """
    X, theta, _ = linear_model_symbols(n, p)
    gradient, hessian = linear_mse_gradient(n, p), linear_mse_hessian(n, p)
    zero = sp.ZeroMatrix(*theta.shape)
    intercept = gradient.subs(theta, zero).doit()
    if sp.expand(gradient - (hessian * theta + intercept)).doit() != sp.ZeroMatrix(
        *theta.shape
    ):
        raise AssertionError(
            "the gradient is not affine in theta"
        )  # pragma: no cover - a derivation check
    scale = hessian.args[0]  # the scalar 2/n in front of X.T*X
    if sp.simplify(hessian - scale * X.T * X).doit() != sp.ZeroMatrix(*hessian.shape):
        raise AssertionError(
            "the Hessian is not a multiple of X.T*X"
        )  # pragma: no cover - derivation check
    gram = sp.MatrixSymbol(
        "G", *hessian.shape
    )  # stands for X.T*X while the inverse cancels
    hessian = scale * gram
    step = sp.expand(theta - hessian.inverse() * (hessian * theta + intercept))
    return step.subs(gram, X.T * X)


def least_squares_solution(n=N, p=P):
    r"""The least-squares estimate :math:`\hat\theta = (X^\top X)^{-1}X^\top y`, from
    the normal equations.

    Multiplies both sides of :func:`normal_equations` by :math:`(X^\top X)^{-1}`,
    which exists exactly when :math:`X` has full column rank. Returns the
    equation :math:`\theta = \dots`.

    >>> least_squares_solution()
    Eq(theta, (X.T*X)**(-1)*X.T*y)
    """
    X, theta, _ = linear_model_symbols(n, p)
    equations = normal_equations(n, p)
    gram = sp.MatrixSymbol(
        "G", theta.shape[0], theta.shape[0]
    )  # stands for X.T*X while the inverse cancels
    lhs = sp.expand(gram.inverse() * equations.lhs.subs(X.T * X, gram))
    if lhs != theta:
        raise AssertionError(
            "the inverse did not cancel"
        )  # pragma: no cover - a derivation check
    return sp.Eq(lhs, (gram.inverse() * equations.rhs).subs(gram, X.T * X))


# The step size of gradient descent.
ETA = sp.Symbol("eta", positive=True)
# An eigenvalue of a Hessian.
LAMBDA = sp.Symbol("lambda", positive=True)


def gradient_descent_error_map(n=N, p=P):
    r"""How one gradient-descent step on the MSE of a linear model maps the error
    :math:`e = \theta - \hat\theta`.

    Substitutes :math:`\theta = \hat\theta + e` into
    :math:`\theta - \eta\nabla\mathrm{MSE}(\theta)` and uses the normal equations
    :math:`X^\top y = X^\top X\hat\theta`: the new error is
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
    r"""The step sizes for which gradient descent shrinks the error along an
    eigenvector: :math:`\eta < 2/\lambda`.

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
