"""The normal and Student t distributions, numpy-free and scipy-free.

:mod:`msebook.evaluation` needs quantiles for confidence intervals and tail
probabilities for p-values. The normal quantile is Wichura's algorithm AS 241
(relative error about 1e-16); the normal tails come from ``math.erfc``. The t
distribution's tails are a regularised incomplete beta function, evaluated by
its continued fraction (modified Lentz), and its quantiles are found by
bisection polished with Newton steps.
"""

import functools
import math

__all__ = ["normal_quantile", "normal_sf", "t_sf", "t_quantile"]


def _polynomial(coefficients, x):
    value = 0.0
    for c in coefficients:
        value = value * x + c
    return value


# Wichura (1988), algorithm AS 241 (PPND16), coefficients highest degree first
_A = (
    2509.0809287301226727,
    33430.575583588128105,
    67265.770927008700853,
    45921.953931549871457,
    13731.693765509461125,
    1971.5909503065514427,
    133.14166789178437745,
    3.387132872796366608,
)
_B = (
    5226.495278852545925,
    28729.085735721942674,
    39307.89580009271061,
    21213.794301586595867,
    5394.1960214247511077,
    687.1870074920579083,
    42.313330701600911252,
    1.0,
)
_C = (
    7.7454501427834140764e-4,
    0.0227238449892691845833,
    0.24178072517745061177,
    1.27045825245236838258,
    3.64784832476320460504,
    5.7694972214606914055,
    4.6303378461565452959,
    1.42343711074968357734,
)
_D = (
    1.05075007164441684324e-9,
    5.475938084995344946e-4,
    0.0151986665636164571966,
    0.14810397642748007459,
    0.68976733498510000455,
    1.6763848301838038494,
    2.05319162663775882187,
    1.0,
)
_E = (
    2.01033439929228813265e-7,
    2.71155556874348757815e-5,
    0.0012426609473880784386,
    0.026532189526576123093,
    0.29656057182850489123,
    1.7848265399172913358,
    5.4637849111641143699,
    6.6579046435011037772,
)
_F = (
    2.04426310338993978564e-15,
    1.4215117583164458887e-7,
    1.8463183175100546818e-5,
    7.868691311456132591e-4,
    0.0148753612908506148525,
    0.13692988092273580531,
    0.59983220655588793769,
    1.0,
)


def normal_quantile(p):
    """The quantile of the standard normal distribution at ``p`` in (0, 1)
    (Wichura's AS 241).

    >>> round(normal_quantile(0.975), 12)
    1.95996398454
    >>> normal_quantile(0.5)
    0.0
    """
    if not 0 < p < 1:
        raise ValueError(f"p must be strictly between 0 and 1, got {p!r}")
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        return q * _polynomial(_A, r) / _polynomial(_B, r)
    r = math.sqrt(-math.log(min(p, 1 - p)))
    if r <= 5:
        r -= 1.6
        value = _polynomial(_C, r) / _polynomial(_D, r)
    else:
        r -= 5
        value = _polynomial(_E, r) / _polynomial(_F, r)
    return -value if q < 0 else value


def normal_sf(x):
    """``P(Z > x)`` for a standard normal ``Z``.

    >>> round(normal_sf(1.959963984540054), 12)
    0.025
    """
    return 0.5 * math.erfc(x / math.sqrt(2))


def _beta_fraction(a, b, x):
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, eps = 1e-300, 1e-16
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    value = d
    for m in range(1, 100_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            step = c * d
            value *= step
        if abs(step - 1.0) < eps:
            return value
    raise ArithmeticError("the incomplete beta fraction did not converge")


def _incomplete_beta(a, b, x):
    """The regularised incomplete beta function ``I_x(a, b)`` for ``0 <= x <= 1``."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1 - x) / b


def t_sf(x, df):
    """``P(T > x)`` for Student's t distribution with ``df`` degrees of freedom.

    >>> round(t_sf(2.0, 10), 12)
    0.036694017385
    """
    if x == 0:
        return 0.5
    # P(|T| > |x|) = I_{df / (df + x^2)}(df / 2, 1 / 2); small tails need no subtraction
    tail = _incomplete_beta(df / 2, 0.5, df / (df + x * x))
    return tail / 2 if x > 0 else 1 - tail / 2


def _t_pdf(x, df):
    log_density = (
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(x * x / df)
    )
    return math.exp(log_density)


@functools.lru_cache(maxsize=256)
def t_quantile(p, df):
    """The quantile of Student's t distribution with ``df`` degrees of freedom at ``p``
    in (0, 1).

    >>> round(t_quantile(0.975, 10), 12)
    2.228138851986
    """
    if not 0 < p < 1:
        raise ValueError(f"p must be strictly between 0 and 1, got {p!r}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -_t_upper_quantile(p, df)
    return _t_upper_quantile(1 - p, df)


def _t_upper_quantile(tail, df):
    """The x > 0 with ``t_sf(x, df) == tail``, for ``tail`` in (0, 0.5)."""
    low, high = 0.0, max(1.0, -2 * normal_quantile(tail))
    while t_sf(high, df) > tail:
        low, high = high, 2 * high
    for _ in range(200):  # bisection to a few digits, then Newton
        middle = (low + high) / 2
        if t_sf(middle, df) > tail:
            low = middle
        else:
            high = middle
        if high - low < 1e-3 * high:
            break
    x = (low + high) / 2
    for _ in range(50):
        step = (t_sf(x, df) - tail) / _t_pdf(x, df)
        x = min(max(x + step, low), high)
        if abs(step) <= 1e-15 * abs(x):
            break
    return x
