"""Linear estimators: their covariance, the Gauss-Markov theorem, generalised
least squares and ridge regression.
"""

from dataclasses import dataclass

import sympy as sp

from ._symbols import SIGMA, N, P, check_size
from .calculus import least_squares_solution, linear_model_symbols

# --------------------------------------------------------------------------------------
# Linear estimators: covariance, the Gauss-Markov theorem,
# generalised least squares and ridge
# --------------------------------------------------------------------------------------


# The penalty of ridge regression.
ALPHA = sp.Symbol("alpha", positive=True)


def noise_symbols(n=N):
    r"""Return the error vector ``varepsilon`` (n x 1) and its covariance ``Sigma``
    (n x n), matrix symbols.

    In the linear model :math:`y = X\theta + \varepsilon` with
    :math:`\mathbb{E}[\varepsilon \mid X] = 0` and
    :math:`\operatorname{Var}(\varepsilon \mid X) = \Sigma`.

    >>> noise, covariance = noise_symbols()
    >>> noise.shape, covariance.shape
    ((n, 1), (n, n))
    """
    n = check_size(n, "n", at_most=1000)
    return sp.MatrixSymbol("varepsilon", n, 1), sp.MatrixSymbol("Sigma", n, n)


def linear_estimator_symbols(n=N, p=P):
    r"""Return the p x n matrix symbols ``C``, ``A`` and ``D`` of linear estimators
    :math:`Cy`.

    ``C`` is any linear estimator's matrix, ``A`` that of least squares,
    :math:`(X^\top X)^{-1}X^\top`, and ``D`` the difference :math:`C - A`.

    >>> C, A, D = linear_estimator_symbols()
    >>> C.shape
    (p, n)
    """
    n, p = check_size(n, "n", at_most=1000), check_size(p, "p", at_most=20)
    return tuple(sp.MatrixSymbol(name, p, n) for name in ("C", "A", "D"))


def _terms(expr):
    """The summands of a matrix expression, after expanding it."""
    expr = sp.expand(expr)
    return expr.args if isinstance(expr, sp.MatAdd) else (expr,)


def _noise_expectation(expr, noise, covariance):
    """E[expr | X], by linearity, for a matrix expression at most quadratic in
    ``noise``.

    Uses E[noise] = 0 and E[noise * noise.T] = covariance; every other factor is fixed
    given X.
    """
    kept = []
    for term in _terms(expr):
        factors = list(term.args) if isinstance(term, sp.MatMul) else [term]
        at = [i for i, factor in enumerate(factors) if factor in (noise, noise.T)]
        if any(
            noise in factor.free_symbols
            for i, factor in enumerate(factors)
            if i not in at
        ):
            raise ValueError(
                f"expr has a term {term} with the noise inside another factor; expand "
                "it first"
            )
        if not at:
            kept.append(term)
        elif (
            len(at) == 2
            and at[1] == at[0] + 1
            and factors[at[0]] == noise
            and factors[at[1]] == noise.T
        ):
            kept.append(sp.MatMul(*factors[: at[0]], covariance, *factors[at[1] + 1 :]))
        elif len(at) != 1:  # a single noise factor has expectation zero
            raise ValueError(
                f"expr has a term {term} whose expectation needs more than the noise "
                "covariance"
            )
    if not kept:
        return sp.ZeroMatrix(*expr.shape)
    return sp.MatAdd(*kept).doit()


def _coefficient(expr, vector):
    """The matrix M with ``expr`` = M * vector, for an expression linear in
    ``vector``.
    """
    parts = []
    for term in _terms(expr):
        factors = list(term.args) if isinstance(term, sp.MatMul) else [term]
        if factors[-1] != vector or any(
            vector in factor.free_symbols for factor in factors[:-1]
        ):
            raise ValueError(f"expr is not linear in {vector}: the term {term}")
        parts.append(
            sp.MatMul(*factors[:-1])
            if len(factors) > 1
            else sp.Identity(vector.shape[0])
        )
    return sp.MatAdd(*parts).doit()


@dataclass(frozen=True)
class LinearEstimator:
    r"""The mean, bias, covariance and MSE matrix of a linear estimator :math:`Cy`,
    given :math:`X`.

    ``matrix`` is :math:`C` and ``estimate`` :math:`Cy`; ``mean`` is
    :math:`\mathbb{E}[Cy \mid X]`, ``bias`` the mean minus :math:`\theta`,
    ``covariance`` :math:`\operatorname{Var}(Cy \mid X)` and ``mse`` the MSE matrix
    :math:`\mathbb{E}[(Cy - \theta)(Cy - \theta)^\top \mid X]`, the covariance plus the
    bias times its transpose, whose trace is the total MSE
    :math:`\mathbb{E}\lVert Cy - \theta\rVert^2`.
    """

    matrix: sp.MatrixExpr
    estimate: sp.MatrixExpr
    mean: sp.MatrixExpr
    bias: sp.MatrixExpr
    covariance: sp.MatrixExpr
    mse: sp.MatrixExpr


def linear_estimator(matrix=None, covariance=None, n=N, p=P):
    r"""Mean, bias, covariance and MSE matrix of the linear estimator :math:`Cy`, by
    taking expectations.

    Substitutes the model :math:`y = X\theta + \varepsilon` into :math:`Cy` and takes
    expectations given :math:`X` by linearity, with
    :math:`\mathbb{E}[\varepsilon \mid X] = 0` and
    :math:`\mathbb{E}[\varepsilon\varepsilon^\top \mid X] = \Sigma`: the mean is
    :math:`CX\theta`, and the deviation :math:`C\varepsilon` from it has covariance
    :math:`C\Sigma C^\top`, the *sandwich*. With spherical errors,
    :math:`\Sigma = \sigma^2 I`, it is :math:`\sigma^2 CC^\top`.

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
    covariance = (
        SIGMA**2 * sp.Identity(X.shape[0]) if covariance is None else covariance
    )
    if (
        getattr(matrix, "shape", None) != theta.shape[:1] + y.shape[:1]
        or y in matrix.free_symbols
    ):
        shape = f"({theta.shape[0]}, {y.shape[0]})"
        raise ValueError(
            f"matrix must be a matrix expression of shape {shape} free of y, got "
            f"{matrix!r}"
        )
    if getattr(covariance, "shape", None) != (y.shape[0], y.shape[0]):
        shape = f"({y.shape[0]}, {y.shape[0]})"
        raise ValueError(
            f"covariance must be a matrix expression of shape {shape}, got "
            f"{covariance!r}"
        )
    estimate = sp.expand((matrix * y).subs(y, X * theta + noise))
    mean = _noise_expectation(estimate, noise, covariance)
    deviation = sp.expand(estimate - mean)
    variance = _noise_expectation(deviation * deviation.T, noise, covariance)
    bias = (mean - theta).doit()
    mse = (variance + bias * bias.T).doit()
    return LinearEstimator(
        matrix=matrix,
        estimate=matrix * y,
        mean=mean,
        bias=bias,
        covariance=variance,
        mse=mse,
    )


def least_squares_estimator(n=N, p=P):
    r"""Least squares as a linear estimator: unbiased, with covariance
    :math:`\sigma^2(X^\top X)^{-1}`.

    Its matrix :math:`A = (X^\top X)^{-1}X^\top` is read off
    :func:`least_squares_solution`; :func:`linear_estimator` gives the mean
    :math:`AX\theta = \theta` and, under spherical errors, the covariance
    :math:`\sigma^2 AA^\top = \sigma^2(X^\top X)^{-1}X^\top X(X^\top X)^{-1}`, which
    simplifies when :math:`X` has full column rank.

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
    :math:`\theta`; ``difference`` the condition :math:`DX = 0` it puts on
    :math:`D = C - A`; ``expanded`` the covariance :math:`\sigma^2(A + D)(A + D)^\top`
    multiplied out in the symbols :math:`A` and :math:`D`; ``cross_terms`` pairs each of
    :math:`AD^\top` and :math:`DA^\top`, written out with
    :math:`A = (X^\top X)^{-1}X^\top`, with its value (zero, because :math:`DX = 0`);
    ``least_squares`` is :math:`AA^\top = (X^\top X)^{-1}`; ``covariance`` the result,
    :math:`\sigma^2(X^\top X)^{-1} + \sigma^2DD^\top`.
    """

    unbiased: sp.Eq
    difference: sp.Eq
    expanded: sp.MatrixExpr
    cross_terms: tuple
    least_squares: sp.Eq
    covariance: sp.MatrixExpr


def gauss_markov_proof(n=N, p=P):
    r"""Prove the Gauss–Markov theorem: a linear unbiased estimator's covariance exceeds
    that of least squares.

    The mean of :math:`Cy` is :math:`CX\theta` (:func:`linear_estimator`), which equals
    :math:`\theta` for every :math:`\theta` exactly when :math:`CX = I`. Least squares,
    :math:`A = (X^\top X)^{-1}X^\top`, has :math:`AX = I`, so :math:`D = C - A` has
    :math:`DX = 0`. Under spherical errors the covariance of :math:`(A + D)y` expands
    into four terms; the cross terms vanish because :math:`DX = 0` (and its transpose
    :math:`X^\top D^\top = 0`), and :math:`AA^\top = (X^\top X)^{-1}`. What remains
    exceeds the least-squares covariance by :math:`\sigma^2 DD^\top`, which is positive
    semi-definite.

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
        raise AssertionError(
            "least squares is not unbiased"
        )  # pragma: no cover - a derivation check
    # C = A + D is unbiased exactly when (A + D)X = I, that is AX + DX = I + DX = I
    difference = sp.expand(unbiased.lhs.subs(C, A_value + D)).doit() - unbiased.rhs
    difference = sp.Eq(difference, sp.ZeroMatrix(*identity.shape))
    zero = {difference.lhs: difference.rhs, difference.lhs.T.doit(): difference.rhs.T}
    covariance = linear_estimator(A + D, n=n, p=p).covariance
    (scale,) = {
        term.as_coeff_mmul()[0] for term in covariance.args
    }  # sigma**2, common to the four terms
    expanded = sp.MatMul(
        scale, sp.MatAdd(*(term.as_coeff_mmul()[1] for term in covariance.args))
    )
    written_out = {term: (term.subs(A, A_value).doit()) for term in (A * D.T, D * A.T)}
    cross_terms = tuple(
        (term, value, value.subs(zero).doit()) for term, value in written_out.items()
    )
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
    r"""Aitken's generalised least squares, derived by whitening with a Cholesky factor
    :math:`L` of :math:`\Sigma`.

    ``whitened_covariance`` is the covariance :math:`L^{-1}\Sigma L^{-\top}` of the
    whitened errors (the identity); ``solution`` the equation
    :math:`\theta = (X^\top\Sigma^{-1}X)^{-1}X^\top\Sigma^{-1}y`; ``covariance`` its
    covariance :math:`(X^\top\Sigma^{-1}X)^{-1}`, from least squares on the whitened
    model; ``sandwich`` the same covariance derived directly as :math:`G\Sigma G^\top`
    for the estimator's matrix :math:`G`.
    """

    whitened_covariance: sp.MatrixExpr
    solution: sp.Eq
    covariance: sp.MatrixExpr
    sandwich: sp.MatrixExpr


def generalised_least_squares(n=N, p=P):
    r"""Generalised least squares: least squares on the model whitened by
    :math:`L^{-1}`, :math:`\Sigma = LL^\top`.

    Multiplying :math:`y = X\theta + \varepsilon` by :math:`L^{-1}` gives a model whose
    errors :math:`L^{-1}\varepsilon` have covariance
    :math:`L^{-1}LL^\top L^{-\top} = I`: spherical, so by the Gauss–Markov theorem its
    least-squares estimator (:func:`least_squares_solution`, with :math:`\sigma = 1`) is
    the BLUE. Since :math:`(LL^\top)^{-1} = L^{-\top}L^{-1} = \Sigma^{-1}`, it is
    :math:`(X^\top\Sigma^{-1}X)^{-1}X^\top\Sigma^{-1}y` with covariance
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
    back = {
        (factor * factor.T).inverse().doit(): Sigma.inverse()
    }  # L^-T L^-1 = (L L^T)^-1 = Sigma^-1
    whitened = {X: whiten * X, y: whiten * y}
    solution = least_squares_solution(n, p).rhs.subs(whitened).doit().subs(back)
    covariance = (
        least_squares_estimator(n, p)
        .covariance.subs({**whitened, SIGMA: 1})
        .doit()
        .subs(back)
    )
    sandwich = linear_estimator(_coefficient(solution, y), Sigma, n, p).covariance
    sandwich = sandwich.subs(Sigma, factor * factor.T).doit().subs(back)
    return GeneralisedLeastSquares(
        whitened_covariance=spherical,
        solution=sp.Eq(theta, solution),
        covariance=covariance,
        sandwich=sandwich,
    )


def weighted_least_squares_weights(n):
    r"""For uncorrelated errors of variances :math:`\sigma_i^2`: the whitening factor
    and the weights.

    :math:`\Sigma = \operatorname{diag}(\sigma_1^2, \dots, \sigma_n^2)` has the Cholesky
    factor :math:`L = \operatorname{diag}(\sigma_i)`, so whitening divides row :math:`i`
    of the model by :math:`\sigma_i`, and
    :math:`\Sigma^{-1} = \operatorname{diag}(1/\sigma_i^2)`: generalised least squares
    (:func:`generalised_least_squares`) is weighted least squares with weights
    :math:`w_i = 1/\sigma_i^2`. Returns :math:`L` and :math:`\Sigma^{-1}` for ``n``
    observations.

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
    n = check_size(n, "n", at_most=30)
    if isinstance(n, sp.Symbol):
        raise TypeError(
            "n must be an int here: the covariance is an explicit diagonal matrix"
        )
    deviations = sp.symbols(f"sigma_1:{n + 1}", positive=True)
    covariance = sp.diag(*(s**2 for s in deviations))
    return covariance.cholesky(hermitian=False), covariance.inv()


def ridge_estimator(n=N, p=P):
    r"""Bias, covariance and MSE matrix of ridge regression,
    :math:`(X^\top X + \alpha I)^{-1}X^\top y`.

    :func:`linear_estimator` gives the mean
    :math:`(X^\top X + \alpha I)^{-1}X^\top X\theta`; writing
    :math:`X^\top X = (X^\top X + \alpha I) - \alpha I` turns the bias into
    :math:`-\alpha(X^\top X + \alpha I)^{-1}\theta`, non-zero for every
    :math:`\theta \ne 0`. Under spherical errors the covariance is
    :math:`\sigma^2(X^\top X + \alpha I)^{-1}X^\top X(X^\top X + \alpha I)^{-1}`, and
    the MSE matrix is the covariance plus the outer product of the bias with itself.

    >>> ridge = ridge_estimator()
    >>> ridge.bias
    (-alpha)*(alpha*I + X.T*X)**(-1)*theta
    >>> ridge.covariance
    sigma**2*(alpha*I + X.T*X)**(-1)*X.T*X*(alpha*I + X.T*X)**(-1)
    """
    X, theta, _ = linear_model_symbols(n, p)
    identity = sp.Identity(theta.shape[0])
    penalised = sp.MatrixSymbol(
        "K", *identity.shape
    )  # stands for X.T*X + alpha*I while its inverse cancels
    derived = linear_estimator((X.T * X + ALPHA * identity).inverse() * X.T, n=n, p=p)
    bias = derived.bias.subs(X.T * X + ALPHA * identity, penalised).subs(
        X.T * X, penalised - ALPHA * identity
    )
    bias = sp.expand(bias).doit().subs(penalised, X.T * X + ALPHA * identity)
    return LinearEstimator(
        matrix=derived.matrix,
        estimate=derived.estimate,
        mean=derived.mean,
        bias=bias,
        covariance=derived.covariance,
        mse=(derived.covariance + bias * bias.T).doit(),
    )
