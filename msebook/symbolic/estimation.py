"""Estimation: likelihoods (Gaussian noise gives squared error, Laplace noise
absolute error), variance estimators, the minimisers of expected loss, squared
error through a sigmoid, and the James-Stein risk.
"""

from dataclasses import dataclass

import sympy as sp
from sympy import stats

from ._symbols import (
    DIVISOR,
    LAPLACE_SCALE,
    SIGMA,
    SSE,
    E,
    N,
    P,
    check_size,
    positive_for_n_at_least_2,
)
from .decomposition import expectation

# --------------------------------------------------------------------------------------
# Likelihoods: Gaussian noise gives squared error, Laplace noise absolute error
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LikelihoodLoss:
    r"""A negative log-likelihood written as ``constant + scale * loss`` for one
    observation.

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
    if residual in scale.free_symbols or mu in (
        scale.free_symbols | constant.free_symbols
    ):
        raise AssertionError(
            "the likelihood is not affine in this loss"
        )  # pragma: no cover - derivation check
    summed = SSE
    return LikelihoodLoss(
        per_observation=nll,
        loss=loss_of_residual(y - mu),
        scale=scale,
        constant=constant,
        total=N * constant + scale * summed,
    )


def gaussian_negative_log_likelihood():
    r"""Gaussian noise:
    :math:`-\log p = \tfrac12\log(2\pi\sigma^2) + \frac{(y-\mu)^2}{2\sigma^2}`.

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
    r"""Laplace noise of scale :math:`b`:
    :math:`-\log p = \log(2b) + \lvert y - \mu\rvert / b`.

    The likelihood is maximised by minimising the sum of absolute errors, the
    contrast to the Gaussian case.

    >>> nll = laplace_negative_log_likelihood()
    >>> nll.scale, nll.loss
    (1/b, Abs(mu - y))
    """
    return _as_loss(lambda mu: stats.Laplace("Y", mu, LAPLACE_SCALE), sp.Abs)


def gaussian_variance_mle():
    r"""The maximum-likelihood estimate of the noise variance:
    :math:`\hat\sigma^2 = S/n`.

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
        raise AssertionError(
            "the stationary point is not a minimum"
        )  # pragma: no cover - derivation check
    return solution


# --------------------------------------------------------------------------------------
# Variance estimators under normal data
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BiasVariance:
    """The bias, variance and MSE (= variance + bias²) of an estimator, as sympy
    expressions.
    """

    bias: sp.Expr
    variance: sp.Expr
    mse: sp.Expr


def variance_estimator_mse(divisor=None):
    r"""Bias, variance and MSE of :math:`\frac{1}{d}\sum_i (x_i - \bar x)^2` for normal
    data.

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
    if isinstance(divisor, (str, bytes)) or not isinstance(
        divisor, (sp.Expr, int, float)
    ):
        raise TypeError(
            "divisor must be a sympy expression in the symbol n, such as N - 1, got "
            f"{divisor!r}"
        )
    divisor = sp.sympify(divisor)
    if divisor.free_symbols - {N, DIVISOR}:
        raise ValueError(
            f"divisor must be an expression in the symbol n, got {divisor!r}"
        )
    if not positive_for_n_at_least_2(divisor):
        raise ValueError(f"divisor must be positive for every n >= 2, got {divisor}")
    chi_square = stats.ChiSquared("Q", N - 1)
    estimator = SIGMA**2 * chi_square / divisor
    bias = sp.factor(sp.simplify(stats.E(estimator) - SIGMA**2))
    variance = sp.factor(sp.simplify(stats.variance(estimator)))
    return BiasVariance(
        bias=bias, variance=variance, mse=sp.factor(sp.simplify(variance + bias**2))
    )


def optimal_variance_divisor():
    r"""The divisor :math:`d` minimising the MSE of the variance estimator for normal
    data: :math:`n + 1`.

    >>> optimal_variance_divisor()
    n + 1
    """
    d = DIVISOR
    mse = variance_estimator_mse(d).mse
    (solution,) = sp.solve(sp.diff(mse, d), d)
    if not positive_for_n_at_least_2(sp.diff(mse, d, 2).subs(d, solution)):
        raise AssertionError(
            "the stationary point is not a minimum"
        )  # pragma: no cover - derivation check
    return solution


# --------------------------------------------------------------------------------------
# Minimisers of expected loss: the mean and the median
# --------------------------------------------------------------------------------------


def _check_random_variable(variable):
    """Refuse anything but None or a ``sympy.stats`` random variable."""
    if variable is not None and not (
        isinstance(variable, sp.Basic) and stats.rv.is_random(variable)
    ):
        raise TypeError(
            "variable must be a sympy.stats random variable, got "
            f"{type(variable).__name__}: {variable!r}"
        )


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
    r"""The condition on the minimiser :math:`a` of
    :math:`\mathbb{E}\lvert Y - a\rvert`: :math:`F(a) = 1/2`.

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
    risk = sp.Integral((a - y) * f(y), (y, -sp.oo, a)) + sp.Integral(
        (y - a) * f(y), (y, a, sp.oo)
    )
    derivative = sp.diff(risk, a)

    def probability(integral):
        (_, low, high), factor = (
            integral.limits[0],
            sp.simplify(integral.function / f(y)),
        )
        if factor.free_symbols:
            raise AssertionError(
                "an integrand is not a multiple of the density"
            )  # pragma: no cover
        cdf = {-sp.oo: 0, sp.oo: 1}
        return factor * (cdf.get(high, F(high)) - cdf.get(low, F(low)))

    derivative = sp.expand(
        derivative.replace(lambda e: isinstance(e, sp.Integral), probability)
    )
    (solution,) = sp.solve(derivative, F(a))
    if variable is None:
        return sp.Eq(F(a), solution)
    medians = sp.solve(sp.Eq(stats.cdf(variable)(a), solution), a)
    if len(medians) != 1:
        raise ValueError(
            f"the median of {variable} is not unique or has no closed form: {medians}"
        )
    return sp.simplify(medians[0])


# --------------------------------------------------------------------------------------
# Classification: squared error and cross-entropy through a sigmoid
# --------------------------------------------------------------------------------------


def sigmoid_loss_gradients():
    r"""Derivatives with respect to the logit :math:`z` of squared error and
    cross-entropy on :math:`p = \sigma(z)`.

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
    return {
        name: sp.factor(sp.simplify(sp.diff(loss, z).subs(z, logit)))
        for name, loss in losses.items()
    }


# --------------------------------------------------------------------------------------
# Shrinkage: the James-Stein estimator at the origin
# --------------------------------------------------------------------------------------


def james_stein_risk_at_zero(p=P):
    r"""The risk of the James–Stein estimator when the true mean is zero:
    :math:`2\sigma^2` for :math:`p \ge 3`.

    At :math:`\theta = 0`, :math:`\lVert x\rVert^2 = \sigma^2 Q` with
    :math:`Q \sim \chi^2_p`, and the loss of
    :math:`(1 - (p-2)\sigma^2/\lVert x\rVert^2)\,x` is
    :math:`\sigma^2\,(Q - 2(p - 2) + (p - 2)^2/Q)`. Its expectation uses
    :math:`\operatorname{E}[Q] = p` and :math:`\operatorname{E}[1/Q] = 1/(p - 2)`, both
    from ``sympy.stats``; the observation itself has risk :math:`p\sigma^2`.

    Examples
    --------
    >>> james_stein_risk_at_zero()
    2*sigma**2
    >>> james_stein_risk_at_zero(10)
    2*sigma**2
    """
    p = check_size(p, "p", at_most=200)
    if not isinstance(p, sp.Symbol) and p < 3:
        raise ValueError(f"p must be at least 3 for James-Stein shrinkage, got {p}")
    Q = stats.ChiSquared("Q", p)
    loss = SIGMA**2 * (Q - 2 * (p - 2) + (p - 2) ** 2 / Q)
    expected = stats.E(loss)
    if isinstance(expected, sp.Piecewise):  # symbolic p: the branch for p > 2
        expected = expected.args[0][0]
    return sp.simplify(sp.gammasimp(expected))
