r"""Efficiency and risk: Fisher information, the Cramér–Rao bound, the median's
efficiency, and the exact risk of James–Stein shrinkage from Stein's identity.

The densities are sympy expressions, for example ``stats.density(Y)(y)`` for a
``sympy.stats`` random variable ``Y``; the results are sympy expressions.
"""

from typing import NamedTuple

import sympy as sp

from ._symbols import SIGMA, N, P, check_size

#: The noncentrality :math:`\lambda = \lVert\theta\rVert^2/\sigma^2` of
#: :math:`\lVert x\rVert^2/\sigma^2`.
NONCENTRALITY = sp.Symbol("lambda", nonnegative=True)
#: The length :math:`\lVert x\rVert` of the observation in Stein's unbiased risk
#: estimate.
NORM = sp.Symbol("r", positive=True)


def _check_symbol(value, name):
    if not isinstance(value, sp.Symbol):
        raise TypeError(f"{name} must be a sympy Symbol, got {type(value).__name__}")
    return value


def _check_density(density, parameter, variable, parameter_name="parameter"):
    if not isinstance(density, sp.Expr):
        raise TypeError(
            f"density must be a sympy expression, got {type(density).__name__}"
        )
    _check_symbol(variable, "variable")
    _check_symbol(parameter, parameter_name)
    if variable not in density.free_symbols:
        raise ValueError(f"density must depend on variable {variable}, got {density}")
    if parameter not in density.free_symbols:
        raise ValueError(
            f"density must depend on {parameter_name} {parameter}, got {density}"
        )


def _support(support):
    if support is None:
        return (-sp.oo, sp.oo)
    try:
        low, high = (sp.sympify(bound) for bound in support)
    except (TypeError, ValueError, sp.SympifyError):
        raise TypeError(
            f"support must be a pair (low, high), got {support!r}"
        ) from None
    return low, high


def _integral(expr, variable, support, what):
    low, high = support
    value = sp.simplify(sp.integrate(expr, (variable, low, high)))
    if value.has(sp.Integral) or value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise ValueError(
            f"{what} has no finite closed form over the support ({low}, {high}): got "
            f"{value}"
        )
    return value


def _almost_everywhere(expr):
    """Drop what changes the expression only on a set of probability zero:
    sign(u)**2 = 1.
    """
    return expr.replace(
        lambda e: e.is_Pow and isinstance(e.base, sp.sign) and e.exp.is_even,
        lambda e: sp.Integer(1),
    )


def fisher_information(density, parameter, variable, *, support=None):
    r"""The Fisher information of one observation about ``parameter``.

    The score :math:`\partial_\theta\log p(y \mid \theta)` is differentiated from the
    density and
    :math:`I(\theta) = \operatorname{E}[(\partial_\theta\log p(Y \mid \theta))^2]` is
    integrated over ``support``. A kink of the density at one point, as the Laplace
    density has, changes the score only on a set of probability zero and is ignored
    (``sign(u)**2`` is taken as 1).

    Parameters
    ----------
    density : sympy.Expr
        The density :math:`p(y \mid \theta)`, integrating to 1 over ``support``.
    parameter : sympy.Symbol
        The parameter :math:`\theta`.
    variable : sympy.Symbol
        The observation :math:`y`.
    support : pair, optional
        The range of ``variable``; the whole real line by default.

    Returns
    -------
    sympy.Expr
        :math:`I(\theta)`.

    Raises
    ------
    ValueError
        If the density does not integrate to 1 or the integral has no closed form.

    Examples
    --------
    >>> import sympy as sp
    >>> from sympy import stats
    >>> y, mu = sp.symbols("y mu", real=True)
    >>> sigma = sp.Symbol("sigma", positive=True)
    >>> fisher_information(stats.density(stats.Normal("Y", mu, sigma))(y), mu, y)
    sigma**(-2)
    >>> b = sp.Symbol("b", positive=True)
    >>> fisher_information(stats.density(stats.Laplace("Y", mu, b))(y), mu, y)
    b**(-2)
    """
    _check_density(density, parameter, variable)
    support = _support(support)
    total = _integral(density, variable, support, "density")
    if sp.simplify(total - 1) != 0:
        raise ValueError(f"density must integrate to 1 over the support, got {total}")
    score = sp.diff(sp.log(density), parameter)
    squared = sp.simplify(_almost_everywhere(sp.expand(score**2)))
    squared = _almost_everywhere(squared)
    return _integral(squared * density, variable, support, "the squared score")


def cramer_rao_bound(density, parameter, variable, *, n=N, support=None):
    r"""The Cramér–Rao bound :math:`1/(nI(\theta))` on the variance of an unbiased
    estimator.

    Under the usual regularity conditions every unbiased estimator of
    ``parameter`` from ``n`` independent observations with this density has at
    least this variance; :func:`fisher_information` gives :math:`I(\theta)`.

    Examples
    --------
    >>> import sympy as sp
    >>> from sympy import stats
    >>> y, mu = sp.symbols("y mu", real=True)
    >>> sigma = sp.Symbol("sigma", positive=True)
    >>> cramer_rao_bound(stats.density(stats.Normal("Y", mu, sigma))(y), mu, y)
    sigma**2/n
    """
    n = check_size(n, "n", at_most=10**9)
    information = fisher_information(density, parameter, variable, support=support)
    return sp.simplify(1 / (n * information))


class MedianEfficiency(NamedTuple):
    r"""The result of :func:`median_efficiency`: variances times ``n``, and their
    ratio.
    """

    mean_variance: sp.Expr
    """:math:`n\\operatorname{Var}(\\bar y) = \\operatorname{Var}(Y)`."""
    median_variance: sp.Expr
    """The limit of :math:`n\\operatorname{Var}(\\text{median})`,
    :math:`1/(4f(\\mu)^2)`.
    """
    efficiency: sp.Expr
    """The median's asymptotic efficiency relative to the mean,
    ``mean_variance / median_variance``.
    """


def median_efficiency(density, variable, centre, *, support=None):
    r"""The asymptotic efficiency of the sample median relative to the sample mean.

    For a density symmetric about ``centre`` both estimate the centre without
    bias; the mean has variance :math:`\operatorname{Var}(Y)/n` and the median,
    for large :math:`n`, :math:`1/(4nf(\mu)^2)`. Their ratio is :math:`2/\pi`
    for normal noise and 2 for Laplace noise.

    Parameters
    ----------
    density : sympy.Expr
        The density :math:`f(y)`, symmetric about ``centre``, with a finite variance.
    variable : sympy.Symbol
        The observation :math:`y`.
    centre : sympy.Symbol
        The centre :math:`\mu`, which both mean and median estimate.
    support : pair, optional
        The range of ``variable``; the whole real line by default.

    Returns
    -------
    MedianEfficiency
        ``mean_variance``, ``median_variance`` (both times ``n``) and ``efficiency``.

    Examples
    --------
    >>> import sympy as sp
    >>> from sympy import stats
    >>> y, mu = sp.symbols("y mu", real=True)
    >>> sigma = sp.Symbol("sigma", positive=True)
    >>> density = stats.density(stats.Normal("Y", mu, sigma))(y)
    >>> median_efficiency(density, y, mu).efficiency
    2/pi
    """
    _check_density(density, centre, variable, "centre")
    support = _support(support)
    total = _integral(density, variable, support, "density")
    if sp.simplify(total - 1) != 0:
        raise ValueError(f"density must integrate to 1 over the support, got {total}")
    shift = sp.Symbol("u", real=True)
    reflected = sp.simplify(
        density.subs(variable, centre + shift) - density.subs(variable, centre - shift)
    )
    if reflected != 0:
        raise ValueError(
            f"density must be symmetric about the centre {centre}: "
            f"f(mu + u) - f(mu - u) = {reflected}"
        )
    variance = _integral(
        (variable - centre) ** 2 * density, variable, support, "the variance"
    )
    median_variance = sp.simplify(1 / (4 * density.subs(variable, centre) ** 2))
    return MedianEfficiency(
        variance, median_variance, sp.simplify(variance / median_variance)
    )


def _shrinkage(p, constant):
    p = check_size(p, "p", at_most=10**6)
    if not isinstance(p, sp.Symbol) and p < 3:
        raise ValueError(
            "p must be at least 3: E[1/||x||^2] is infinite at theta = 0 for p <= 2, "
            f"got {p}"
        )
    try:
        constant = sp.sympify(p - 2 if constant is None else constant, strict=True)
    except (sp.SympifyError, TypeError):
        raise TypeError(
            f"constant must be a number or a sympy expression, "
            f"got {type(constant).__name__}"
        ) from None
    if not isinstance(constant, sp.Expr) or (
        constant.is_real is False or constant.is_negative
    ):
        raise ValueError(f"constant must be a non-negative number, got {constant}")
    if constant.has(sp.nan, sp.oo, -sp.oo, sp.zoo):
        raise ValueError(f"constant must be finite, got {constant}")
    if constant.atoms(sp.Float):
        raise ValueError(
            f"constant must be exact (an int, a Rational or a symbol), got {constant}"
        )
    if constant.is_number and constant > 10**6:
        raise ValueError(f"constant must be at most 10**6, got {constant}")
    return p, constant


def james_stein_unbiased_risk(p=P, *, constant=None):
    r"""Stein's unbiased risk estimate for :math:`(1 - c\sigma^2/\lVert x\rVert^2)\,x`.

    For :math:`x \sim N(\theta, \sigma^2 I_p)` and an estimate :math:`x + g(x)`,
    Stein's identity gives the unbiased estimate
    :math:`p\sigma^2 + 2\sigma^2\nabla\cdot g + \lVert g\rVert^2` of the risk. Here
    :math:`g(x) = -c\sigma^2x/r^2` with :math:`r = \lVert x\rVert` (the symbol
    :data:`NORM`), and the divergence of :math:`x\,h(r)` is :math:`p\,h + r\,h'(r)`.
    The default ``constant`` :math:`c = p - 2` is James–Stein's; any other is
    exact (an int, a Rational or a symbol) and at most 10**6.

    Examples
    --------
    >>> james_stein_unbiased_risk()
    p*sigma**2 - sigma**4*(p - 2)**2/r**2
    >>> james_stein_unbiased_risk(3, constant=1)
    sigma**2*(3*r**2 - sigma**2)/r**2
    """
    p, c = _shrinkage(p, constant)
    r = NORM
    h = -c * SIGMA**2 / r**2
    divergence = p * h + r * sp.diff(h, r)
    estimate = p * SIGMA**2 + 2 * SIGMA**2 * divergence + r**2 * h**2
    collected = sp.collect(sp.expand(estimate), SIGMA**4 / r**2, sp.factor)
    return collected if isinstance(p, sp.Symbol) else sp.factor(estimate)


def james_stein_risk(p=P, *, constant=None):
    r"""The exact risk :math:`\operatorname{E}\lVert\hat\theta - \theta\rVert^2` of
    James–Stein shrinkage.

    The estimate is :math:`\hat\theta = (1 - c\sigma^2/\lVert x\rVert^2)\,x`.

    The expectation of :func:`james_stein_unbiased_risk` needs
    :math:`\operatorname{E}[\sigma^2/\lVert x\rVert^2]`. The variable
    :math:`\lVert x\rVert^2/\sigma^2` is noncentral :math:`\chi^2_p(\lambda)`, a
    Poisson(:math:`\lambda/2`) mixture of :math:`\chi^2_{p+2K}`, each with
    :math:`\operatorname{E}[1/\chi^2_{p+2K}] = 1/(p - 2 + 2K)`; summed, the
    mixture is :math:`{}_1F_1(1; p/2; -\lambda/2)/(p - 2)` (by Kummer's
    transformation). The risk depends on :math:`\theta` only through
    :math:`\lambda = \lVert\theta\rVert^2/\sigma^2` (the symbol :data:`NONCENTRALITY`).

    Examples
    --------
    >>> james_stein_risk()
    p*sigma**2 - sigma**2*(p - 2)*hyper((1,), (p/2,), -lambda/2)
    >>> import sympy as sp
    >>> sp.hyperexpand(james_stein_risk(10).subs(NONCENTRALITY, 0))  # at theta = 0
    2*sigma**2
    """
    p, c = _shrinkage(p, constant)
    expected_inverse = sp.hyper([1], [sp.Rational(1, 2) * p], -NONCENTRALITY / 2) / (
        (p - 2) * SIGMA**2
    )  # E[1/||x||^2]
    unbiased = james_stein_unbiased_risk(p, constant=c)
    # the estimate is affine in 1/r**2: replace 1/r**2 by its expectation
    inverse = sp.Symbol("inverse_square", positive=True)
    affine = sp.expand(unbiased.subs(NORM, 1 / sp.sqrt(inverse)))
    mixture = sp.hyper([1], [sp.Rational(1, 2) * p], -NONCENTRALITY / 2)
    risk = sp.expand(affine.subs(inverse, expected_inverse))
    coefficient = risk.coeff(mixture)
    return sp.factor(risk - coefficient * mixture) + sp.factor(coefficient) * mixture
