r"""LaTeX of sympy expressions in the book's notation.

Sympy's own ``sympy.latex`` writes the expectation as :math:`\mathbb{E}(x)`,
the identity matrix as :math:`\mathbb{I}`, the noise as :math:`\epsilon`, and
puts a sum that starts with a negative term in its canonical order, as in
:math:`-y + \hat y`. :func:`latex` writes :math:`\operatorname{E}[x]`,
:math:`I`, :math:`\varepsilon` and :math:`\hat y - y`, the spellings of the
book's notation table; the expressions themselves are unchanged.
"""

import decimal
import fractions

import sympy as sp
from sympy.printing.latex import LatexPrinter

from ._symbols import E


def _positive_first(terms):
    """The terms with the non-negative ones first, when the first is negative."""
    if not terms or not terms[0].could_extract_minus_sign():
        return terms
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    return positive + [t for t in terms if t.could_extract_minus_sign()]


class _BookLatexPrinter(LatexPrinter):
    """sympy's LaTeX printer with the book's spelling of four things."""

    def _print_Add(self, expr, order=None):
        terms = _positive_first(list(self._as_ordered_terms(expr, order=order)))
        tex = ""
        for i, term in enumerate(terms):
            if i and term.could_extract_minus_sign():
                tex += " - "
                term = -term
            elif i:
                tex += " + "
            term_tex = self._print(term)
            if self._needs_add_brackets(term):
                term_tex = rf"\left({term_tex}\right)"
            tex += term_tex
        return tex

    def _print_Function(self, expr, exp=None):
        if expr.func == E:
            tex = rf"\operatorname{{E}}\left[{self._print(expr.args[0])}\right]"
            return tex if exp is None else rf"{tex}^{{{exp}}}"
        return super()._print_Function(expr, exp)

    def _print_Identity(self, expr):
        return "I"

    def _print_Symbol(self, expr, style="plain"):
        if expr.name == "epsilon" or expr.name.startswith("epsilon_"):
            expr = sp.Symbol("var" + expr.name)
        return super()._print_Symbol(expr, style)


def latex(expr, **settings):
    r"""The LaTeX of ``expr`` in the book's notation.

    Like ``sympy.latex`` (and taking its settings), except that the
    expectation prints as :math:`\operatorname{E}[\cdot]`, the identity
    matrix as :math:`I`, a symbol named ``epsilon`` as :math:`\varepsilon`,
    and a sum whose first term is negative starts with its positive terms.

    Examples
    --------
    >>> import sympy as sp
    >>> from msebook import symbolic
    >>> gradient = symbolic.mse_gradient(symbolic.N)
    >>> sp.latex(gradient)
    '\\frac{2}{n} \\left(- y + \\hat{y}\\right)'
    >>> symbolic.latex(gradient)
    '\\frac{2}{n} \\left(\\hat{y} - y\\right)'
    >>> symbolic.latex(symbolic.E(symbolic.EPSILON))
    '\\operatorname{E}\\left[\\varepsilon\\right]'
    >>> symbolic.latex(symbolic.mse_hessian(symbolic.N))
    '\\frac{2}{n} I'
    """
    if isinstance(expr, fractions.Fraction | decimal.Decimal):
        expr = sp.sympify(expr)  # sympy's printer knows its own numbers, not these
    try:
        return _BookLatexPrinter(settings).doprint(expr)
    except AttributeError as error:  # an object the printer mistakes for sympy's
        raise TypeError(
            f"expr must be a sympy expression, number, string or container of them, "
            f"got {type(expr).__name__}"
        ) from error
