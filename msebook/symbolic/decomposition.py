"""Expectations of polynomials, and the bias-variance decompositions of an
estimator's MSE and of the prediction error.
"""

from dataclasses import dataclass

import sympy as sp

from ._symbols import BIAS, DELTA, EPSILON, SIGMA, VARIANCE, E

# --------------------------------------------------------------------------------------
# Expectations of polynomials and the bias-variance decompositions
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decomposition:
    """An expected squared error split into terms, with the cross terms that vanish and
    why.

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
        If ``expr`` is not a sympy expression or ``random`` holds something other than
        Symbols.
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
        raise TypeError(
            f"expr must be a sympy expression, got {type(expr).__name__}: {expr!r}"
        )
    if isinstance(random, sp.Basic | str | bytes) or not hasattr(random, "__iter__"):
        raise TypeError(
            f"random must be a sequence of sympy Symbols, got {type(random).__name__}"
        )
    if not isinstance(moments, dict):
        raise TypeError(f"moments must be a dict, got {type(moments).__name__}")
    try:
        random = list(random)
    except TypeError:
        raise TypeError(
            f"random must be a sequence of sympy Symbols, got {type(random).__name__}"
        ) from None
    for symbol in random:
        if not isinstance(symbol, sp.Symbol):
            raise TypeError(
                f"random must hold sympy Symbols, got {type(symbol).__name__}: "
                f"{symbol!r}"
            )
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
    """Square the sum of ``parts``, list its cross terms 2*a*b with their expectations,
    and take the expectation.
    """
    squared_error = sp.Add(*parts) ** 2
    cross_terms = tuple(
        (2 * a * b, expectation(2 * a * b, random, moments))
        for i, a in enumerate(parts)
        for b in parts[i + 1 :]
    )
    return Decomposition(
        squared_error=squared_error,
        expanded=sp.expand(squared_error),
        cross_terms=cross_terms,
        assumptions=tuple(
            sp.Eq(E(monomial), value) for monomial, value in moments.items()
        ),
        expected=expectation(squared_error, random, moments),
    )


def estimator_mse_decomposition():
    r"""MSE of an estimator = variance + bias², derived with the cross term shown to
    vanish.

    With :math:`\delta = \hat\theta - \mathbb{E}[\hat\theta]` (the estimator's random
    deviation from its mean) and :math:`b = \mathbb{E}[\hat\theta] - \theta` (its bias,
    a constant), :math:`\hat\theta - \theta = \delta + b`. Squaring gives the cross term
    :math:`2b\delta`, whose expectation is zero because :math:`\mathbb{E}[\delta] = 0`
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
    :math:`b = \mathbb{E}[\hat f(x)] - f(x)`,
    :math:`Y - \hat f(x) = \varepsilon - b - \delta`. The conditions are
    :math:`\mathbb{E}[\varepsilon] = 0`,
    :math:`\operatorname{Var}\varepsilon = \sigma^2` and :math:`\varepsilon` independent
    of the training set, so that
    :math:`\mathbb{E}[\varepsilon\delta]
    = \mathbb{E}[\varepsilon]\,\mathbb{E}[\delta] = 0`.
    The expectation is over both the noise and the training set.

    >>> d = prediction_error_decomposition()
    >>> d.expected
    b**2 + sigma**2 + v
    >>> len(d.cross_terms)
    3
    """
    moments = {
        EPSILON: 0,
        EPSILON**2: SIGMA**2,
        DELTA: 0,
        DELTA**2: VARIANCE,
        EPSILON * DELTA: 0,
    }
    return _decompose([EPSILON, -BIAS, -DELTA], [EPSILON, DELTA], moments)
