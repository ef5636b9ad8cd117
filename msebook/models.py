"""Small estimators the chapters build on: least squares and its relatives, and gradient
descent.

Every function takes a design matrix ``X`` of shape (n_samples, n_features) and
observations ``y`` of shape (n_samples,), or (n_samples, n_targets) to fit several
responses on the same design at once, and returns the coefficients as a float64 array of
shape (n_features,) or (n_features, n_targets). No intercept is added: include a column
of ones in ``X`` (as :func:`~msebook.polynomial_features` does) to fit one.
"""

from typing import NamedTuple

import numpy as np

from ._scale import scale_of
from ._validation import (
    as_real_array,
    as_real_numbers,
    check_flag,
    check_scalar,
    check_weights,
    first_bad,
)

REDUCTIONS = ("mean", "sum")
MAX_VALUES = 10**8
"""The most numbers a result may hold (gradient descent's path, polynomial features):
800 MB.
"""


def _check_design(X, y):
    """Return ``X`` as a 2-D and ``y`` as a 1-D or 2-D float64 array with as many rows
    as ``X``.
    """
    X = as_real_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
    y = as_real_array(y, "y")
    if len(y) != len(X):
        raise ValueError(
            f"X and y must have the same number of samples, got {len(X)} and {len(y)}"
        )
    return X, y


def _targets_of_rows(y, X):
    """``y`` as a float64 array of one value (or one column of sets) per row of X."""
    y = as_real_array(y, "y")
    if len(y) != len(X):
        raise ValueError(
            f"y must have shape ({len(X)},) or ({len(X)}, n_sets) for the {len(X)} "
            f"rows of X, got {y.shape}"
        )
    return y


def _check_full_column_rank(X):
    rank = np.linalg.matrix_rank(X)
    if rank < X.shape[1]:
        raise ValueError(
            f"X must have full column rank: it has {X.shape[1]} columns but rank "
            f"{rank}, so the least-squares coefficients are not unique; use "
            "min_norm_least_squares for the minimum-norm solution"
        )


def ols(X, y):
    r"""Ordinary least squares: the :math:`\theta` minimising
    :math:`\lVert y - X\theta\rVert^2`.

    The minimiser solves the normal equations :math:`X^\top X\theta = X^\top y` and is
    unique, :math:`\hat\theta = (X^\top X)^{-1}X^\top y`, exactly when ``X`` has full
    column rank; it is computed by an orthogonal factorisation rather than by
    inverting :math:`X^\top X`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix, of full column rank.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The observations; each column of a 2-D ``y`` is fitted separately.

    Returns
    -------
    numpy.ndarray of shape (n_features,) or (n_features, n_targets)
        The least-squares coefficients.

    Raises
    ------
    ValueError
        If the shapes disagree, a value is not finite, or ``X`` is rank deficient.

    See Also
    --------
    min_norm_least_squares : the minimum-norm minimiser, defined for any ``X``.

    Examples
    --------
    >>> ols([[1, 0], [1, 1], [1, 2]], [1, 3, 5])
    array([1., 2.])
    >>> ols([[1, 2], [2, 4], [3, 6]], [1, 2, 3])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: X must have full column rank: it has 2 columns but rank 1, ...
    """
    X, y = _check_design(X, y)
    _check_full_column_rank(X)
    return np.linalg.lstsq(X, y, rcond=None)[0]


def min_norm_least_squares(X, y):
    r"""The least-squares solution of smallest Euclidean norm, :math:`X^{+}y`.

    When ``X`` lacks full column rank, every :math:`\theta + v` with :math:`Xv = 0` fits
    equally well; the Moore–Penrose pseudo-inverse :math:`X^{+}` picks the one with the
    smallest :math:`\lVert\theta\rVert`. With full column rank it equals :func:`ols`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix, of any rank.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The observations.

    Returns
    -------
    numpy.ndarray of shape (n_features,) or (n_features, n_targets)
        The minimum-norm least-squares coefficients.

    Examples
    --------
    >>> # theta_1 + theta_2 = 2, smallest norm
    >>> min_norm_least_squares([[1, 1], [1, 1]], [2, 2])
    array([1., 1.])
    """
    X, y = _check_design(X, y)
    return np.linalg.pinv(X) @ y


def ridge(X, y, *, alpha):
    r"""Ridge regression: the :math:`\theta` minimising
    :math:`\lVert y - X\theta\rVert^2 + \alpha\lVert\theta\rVert^2`.

    The solution :math:`(X^\top X + \alpha I)^{-1}X^\top y` exists for every ``X``
    when :math:`\alpha > 0`. Every coefficient is penalised, including that of a
    column of ones; centre the data first to leave an intercept unpenalised.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The observations.
    alpha : float
        The penalty, positive.

    Returns
    -------
    numpy.ndarray of shape (n_features,) or (n_features, n_targets)
        The ridge coefficients, shrunk towards zero.

    Examples
    --------
    >>> ridge([[1.0], [1.0]], [2.0, 2.0], alpha=2.0)  # (1 + 1 + 2)^-1 (2 + 2)
    array([1.])
    """
    X, y = _check_design(X, y)
    alpha = check_scalar(alpha, "alpha", low=0, low_open=True)
    # Least squares on X stacked over sqrt(alpha) I, y over zeros: the same minimiser,
    # better conditioned.
    augmented_X = np.vstack([X, np.sqrt(alpha) * np.eye(X.shape[1])])
    augmented_y = np.concatenate([y, np.zeros((X.shape[1],) + y.shape[1:])])
    return np.linalg.lstsq(augmented_X, augmented_y, rcond=None)[0]


def weighted_least_squares(X, y, *, sample_weight):
    r"""Weighted least squares: the :math:`\theta` minimising
    :math:`\sum_i w_i (y_i - x_i^\top\theta)^2`.

    With weights proportional to :math:`1/\operatorname{Var}(\varepsilon_i)` for
    independent heteroscedastic errors this is the best linear unbiased estimator.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix; full column rank on the samples with positive weight.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The observations.
    sample_weight : array-like of shape (n_samples,)
        Non-negative weights, not all zero.

    Returns
    -------
    numpy.ndarray of shape (n_features,) or (n_features, n_targets)
        The weighted least-squares coefficients.

    Examples
    --------
    >>> # a weighted mean
    >>> weighted_least_squares([[1], [1]], [0.0, 3.0], sample_weight=[2, 1])
    array([1.])
    """
    X, y = _check_design(X, y)
    root = np.sqrt(check_weights(sample_weight, len(X), "sample_weight"))
    return ols(root[:, None] * X, root.reshape((-1,) + (1,) * (y.ndim - 1)) * y)


def gls(X, y, *, cov):
    r"""Generalised least squares (Aitken):
    :math:`(X^\top\Sigma^{-1}X)^{-1}X^\top\Sigma^{-1}y`.

    For errors with a known covariance :math:`\Sigma` (up to a constant factor) this is
    the best linear unbiased estimator. It is computed by whitening: with
    :math:`\Sigma = LL^\top`, ordinary least squares of :math:`L^{-1}y` on
    :math:`L^{-1}X`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix, of full column rank.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The observations.
    cov : array-like of shape (n_samples, n_samples)
        The error covariance, symmetric positive definite.

    Returns
    -------
    numpy.ndarray of shape (n_features,) or (n_features, n_targets)
        The GLS coefficients.

    Examples
    --------
    >>> # the weighted mean with weights 2 and 1
    >>> gls([[1], [1]], [0.0, 3.0], cov=[[0.5, 0], [0, 1]])
    array([1.])
    """
    X, y = _check_design(X, y)
    cov = as_real_array(cov, "cov")
    if cov.shape != (len(X), len(X)):
        raise ValueError(f"cov must have shape ({len(X)}, {len(X)}), got {cov.shape}")
    asymmetry = np.abs(cov - cov.T).max()
    if asymmetry > 1e-8 * np.abs(cov).max():
        raise ValueError(
            "cov must be symmetric: cov[i, j] and cov[j, i] differ by up to "
            f"{asymmetry:.3g}"
        )
    try:
        lower = np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("cov must be positive definite") from None
    return ols(np.linalg.solve(lower, X), np.linalg.solve(lower, y))


def least_squares_lipschitz(X, *, reduction="mean"):
    r"""The Lipschitz constant :math:`L` of the gradient of the squared-error loss of a
    linear model.

    The gradient of :math:`\frac1n\lVert X\theta - y\rVert^2` is
    :math:`\frac2n X^\top(X\theta - y)`, so :math:`L = \frac2n\lambda_{\max}(X^\top X)`;
    for the sum of squares (``reduction="sum"``) the factor :math:`\frac1n` goes.
    Gradient descent converges for every learning rate below :math:`2/L`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix.
    reduction : {'mean', 'sum'}
        Whether the loss is the mean or the sum of the squared errors.

    Returns
    -------
    float
        The largest eigenvalue of the loss's (constant) Hessian.

    Examples
    --------
    >>> least_squares_lipschitz([[1, 0], [0, 2]])  # (2/2) * 4
    4.0
    >>> least_squares_lipschitz([[1, 0], [0, 2]], reduction="sum")
    8.0
    """
    X = as_real_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
    scale = _reduction_scale(reduction, len(X))
    # X / s for a power of two s near its largest value when X'X would over- or
    # underflow: L scales by s**2
    s = scale_of(X)
    with np.errstate(over="ignore"):
        return float(2 * scale * np.linalg.eigvalsh((X / s).T @ (X / s))[-1] * s * s)


def _check_result_size(n_values, name, value):
    """Refuse arguments that would make a result of more than ``MAX_VALUES`` numbers."""
    if n_values > MAX_VALUES:
        raise ValueError(
            f"{name}={value} would give {n_values:,} values (more than {MAX_VALUES:,}, "
            f"{8 * MAX_VALUES // 10**9} GB)"
        )


def _reduction_scale(reduction, n_samples):
    """The factor in front of the sum of squares: 1/n for the mean, 1 for the sum."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be 'mean' or 'sum', got {reduction!r}")
    return 1.0 / n_samples if reduction == "mean" else 1.0


class GradientDescentPath(NamedTuple):
    """The path of :func:`~msebook.gradient_descent`: every iterate and the loss at
    each.
    """

    thetas: np.ndarray
    """The starting point and the coefficients after each step, one row each."""
    losses: np.ndarray
    """The loss at each row of ``thetas``."""


def gradient_descent(X, y, *, learning_rate, steps, reduction="mean", theta0=None):
    r"""Minimise the squared-error loss of a linear model by plain gradient descent.

    The loss is :math:`\frac1n\lVert y - X\theta\rVert^2` (``reduction="mean"``, the
    MSE) or :math:`\lVert y - X\theta\rVert^2` (``"sum"``), and each step is
    :math:`\theta \leftarrow \theta - \eta\,\nabla\text{loss}(\theta)`. The iteration
    converges for :math:`0 < \eta < 2/L` with :math:`L` from
    :func:`least_squares_lipschitz`, and diverges above; since the sum is :math:`n`
    times the mean, its usable learning rates are :math:`n` times smaller. A diverging
    path is returned as it is, with infinite or NaN values once it overflows.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix.
    y : array-like of shape (n_samples,)
        The observations.
    learning_rate : float
        The step size :math:`\eta`, positive.
    steps : int
        The number of steps, at least 0.
    reduction : {'mean', 'sum'}
        Whether the loss is the mean or the sum of the squared errors.
    theta0 : array-like of shape (n_features,), optional
        The starting point; zeros by default.

    Returns
    -------
    GradientDescentPath
        A named tuple ``(thetas, losses)`` of shapes (steps + 1, n_features) and
        (steps + 1,).

    Examples
    --------
    >>> X, y = [[1, 0], [1, 1], [1, 2]], [1, 3, 5]
    >>> thetas, losses = gradient_descent(X, y, learning_rate=0.3, steps=500)
    >>> thetas[-1].round(6), float(losses[0]), float(losses[-1].round(12))
    (array([1., 2.]), 11.666666666666666, 0.0)
    """
    X, y = _check_design(X, y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D for gradient_descent, got shape {y.shape}")
    learning_rate = check_scalar(learning_rate, "learning_rate", low=0, low_open=True)
    steps = check_scalar(steps, "steps", integer=True, low=0)
    _check_result_size((steps + 1) * (X.shape[1] + 1), "steps", steps)
    scale = _reduction_scale(reduction, len(X))
    if theta0 is None:
        theta = np.zeros(X.shape[1])
    else:
        theta = as_real_array(theta0, "theta0")
        if theta.shape != (X.shape[1],):
            raise ValueError(
                f"theta0 must have shape ({X.shape[1]},), got {theta.shape}"
            )
    thetas = np.empty((steps + 1, X.shape[1]))
    losses = np.empty(steps + 1)
    with np.errstate(
        over="ignore", invalid="ignore"
    ):  # a diverging path overflows to inf, then NaN
        for step in range(steps + 1):
            residual = X @ theta - y
            thetas[step] = theta
            losses[step] = scale * (residual @ residual)
            theta = theta - learning_rate * 2 * scale * (X.T @ residual)
    return GradientDescentPath(thetas, losses)


def polynomial_features(x, degree):
    """The design matrix ``[1, x, x**2, ..., x**degree]`` of a polynomial in one
    variable.

    Parameters
    ----------
    x : array-like of shape (n_samples,)
        The inputs.
    degree : int
        The highest power, at least 0.

    Returns
    -------
    numpy.ndarray of shape (n_samples, degree + 1)
        One column per power, starting with the column of ones.

    Examples
    --------
    >>> polynomial_features([1, 2, 3], degree=2)
    array([[1., 1., 1.],
           [1., 2., 4.],
           [1., 3., 9.]])
    """
    x = as_real_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x.shape}")
    degree = check_scalar(degree, "degree", integer=True, low=0)
    _check_result_size(len(x) * (degree + 1), "degree", degree)
    with np.errstate(over="ignore"):
        powers = x[:, None] ** np.arange(degree + 1)
    if not np.isfinite(powers).all():
        (row, column), _ = first_bad(~np.isfinite(powers))
        raise ValueError(
            f"x**{column} overflows float64 for x = {x[row]} (index {row}); use a "
            "lower degree or rescale x"
        )
    return powers


def james_stein(x, sigma2=1.0, *, positive_part=False):
    r"""The James–Stein estimate of a mean vector from one observation
    :math:`x \sim N(\theta, \sigma^2 I_p)`.

    It shrinks the observation towards zero,
    :math:`\hat\theta = \bigl(1 - (p - 2)\sigma^2/\lVert x\rVert^2\bigr)\,x`, and for
    :math:`p \ge 3` has a smaller total squared error
    :math:`\operatorname{E}\lVert\hat\theta - \theta\rVert^2` than :math:`x` itself
    (which has :math:`p\sigma^2`) at every :math:`\theta`. The positive-part version
    clips the factor at zero and is better still.

    Parameters
    ----------
    x : array-like of shape (p,) or (n_draws, p)
        One observation, or one per row; ``p`` must be at least 3.
    sigma2 : float
        The known noise variance :math:`\sigma^2`, positive.
    positive_part : bool
        Clip the shrinkage factor at zero.

    Returns
    -------
    numpy.ndarray of the shape of ``x``
        The shrunken estimate(s).

    Examples
    --------
    >>> james_stein([3.0, 0.0, 4.0])  # factor 1 - 1/25
    array([2.88, 0.  , 3.84])
    >>> james_stein([[0.1, 0.0, 0.0]], positive_part=True)
    array([[0., 0., 0.]])
    """
    x = as_real_array(x, "x")
    p = x.shape[-1]
    if p < 3:
        raise ValueError(
            f"x must have dimension p >= 3 for James-Stein shrinkage, got p = {p}"
        )
    sigma2 = check_scalar(sigma2, "sigma2", low=0, low_open=True)
    positive_part = check_flag(positive_part, "positive_part")
    if not (x != 0).any(axis=-1).all():
        raise ValueError(
            "x must not be the zero vector: the shrinkage factor would be undefined"
        )
    s = scale_of(x)
    if s == 1.0:
        factor = 1 - (p - 2) * sigma2 / np.sum(x**2, axis=-1, keepdims=True)
        return (np.maximum(factor, 0.0) if positive_part else factor) * x
    # x = s u with |u| near 1:
    # x - (p - 2) sigma2 x / |x|**2 = x - ((p - 2) sigma2 / s) u / |u|**2
    u = x / s
    squared_norm = np.sum(u**2, axis=-1, keepdims=True)
    with np.errstate(over="ignore", invalid="ignore"):
        shrinkage = (
            (p - 2) * sigma2 / s / squared_norm
        )  # of u: the factor is 1 - shrinkage / s
        # a zero component stays zero even when the shrinkage overflows
        estimate = np.where(u == 0, x, x - shrinkage * u)
        if positive_part:
            estimate = np.where(shrinkage / s > 1, 0.0, estimate)
    return estimate


# Robust regression: Huber's joint fit of coefficients and scale, and quantile
# regression.


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped at its iteration limit before meeting its tolerance."""


class HuberFit(NamedTuple):
    """The result of :func:`~msebook.huber_regression`."""

    coef: np.ndarray
    """The coefficients, one per column of ``X``."""
    intercept: float
    """The intercept (0.0 when it is not fitted)."""
    scale: float
    """The fitted scale :math:`\\sigma`: residuals beyond ``epsilon * scale`` are
    outliers.
    """
    objective: float
    """The objective at the returned coefficients and scale."""
    n_iter: int
    """Newton steps taken."""
    converged: bool
    """Whether the tolerance was met (a :class:`ConvergenceWarning` is issued if not).
    """


class QuantileFit(NamedTuple):
    """The result of :func:`~msebook.quantile_regression`."""

    coef: np.ndarray
    """The coefficients, one per column of ``X``."""
    intercept: float
    """The intercept (0.0 when it is not fitted)."""
    objective: float
    """The mean pinball loss plus ``alpha`` times the L1 norm of ``coef``."""
    n_iter: int
    """Interior-point iterations taken."""
    converged: bool
    """Whether the duality gap closed (a :class:`ConvergenceWarning` is issued if not).
    """


def _robust_inputs(X, y, alpha, fit_intercept, max_iter):
    """Checked ``X``, 1-D ``y``, options, and the design with a column of ones if
    asked.
    """
    X, y = _check_design(X, y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (n_samples,), got shape {y.shape}")
    alpha = check_scalar(alpha, "alpha", low=0)
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    max_iter = check_scalar(max_iter, "max_iter", integer=True, low=1)
    design = np.column_stack([X, np.ones(len(X))]) if fit_intercept else X
    return X, y, alpha, design, max_iter


def _scaled_columns(design, p):
    """The design with its first ``p`` columns (X) divided by a power of two if extreme.

    Returns ``(design, unit)``; dividing by ``unit`` (1 for X of ordinary size) is
    exact, and keeps the products of the fits (X'X) inside float64.
    """
    unit = scale_of(design[:, :p])
    if unit == 1.0:
        return design, unit
    design = design.copy()
    design[:, :p] /= unit
    return design, unit


def _report(converged, name, n_iter, max_iter):
    import warnings

    if converged:
        return
    if n_iter == max_iter:
        why = f"did not converge in max_iter={max_iter} iterations"
    else:
        why = f"stopped after {n_iter} iterations, where float64 allows no progress"
    warnings.warn(
        f"{name} {why}; the result is the last iterate (raise max_iter, or rescale X)",
        ConvergenceWarning,
        stacklevel=3,
    )


def _huber_terms(design, y, theta, sigma, epsilon, penalty):
    """The objective of scikit-learn's HuberRegressor, its gradient and Hessian in
    (theta, sigma).
    """
    r = y - design @ theta
    inside = np.abs(r) <= epsilon * sigma
    r_in, X_in = r[inside], design[inside]
    n_out = len(r) - len(r_in)
    value = (
        len(r) * sigma
        + r_in @ r_in / sigma
        + 2 * epsilon * np.abs(r[~inside]).sum()
        - sigma * n_out * epsilon**2
        + theta @ (penalty * theta)
    )
    gradient = np.append(
        -2 / sigma * (X_in.T @ r_in)
        - 2 * epsilon * (design[~inside].T @ np.sign(r[~inside]))
        + 2 * penalty * theta,
        len(r) - r_in @ r_in / sigma**2 - epsilon**2 * n_out,
    )
    hessian = np.empty((len(theta) + 1, len(theta) + 1))
    hessian[:-1, :-1] = 2 / sigma * (X_in.T @ X_in) + 2 * np.diag(penalty)
    hessian[:-1, -1] = hessian[-1, :-1] = 2 / sigma**2 * (X_in.T @ r_in)
    hessian[-1, -1] = 2 / sigma**3 * (r_in @ r_in)
    return value, gradient, hessian


def huber_regression(
    X, y, *, epsilon=1.35, alpha=0.0, fit_intercept=True, max_iter=100
):
    r"""Huber regression with a jointly fitted scale, as scikit-learn's
    ``HuberRegressor``.

    It minimises, over the coefficients :math:`w`, the intercept :math:`b` and the
    scale :math:`\sigma > 0`, with residuals :math:`r_i = y_i - x_i^\top w - b`,

    .. math::

        \sum_{i=1}^n \Bigl(\sigma + \sigma H_\epsilon\bigl(r_i/\sigma\bigr)\Bigr)
        + \alpha\lVert w\rVert^2,
        \qquad H_\epsilon(z) = \begin{cases} z^2 & |z| \le \epsilon\\
        2\epsilon|z| - \epsilon^2 & |z| > \epsilon,\end{cases}

    the objective of ``HuberRegressor(epsilon=epsilon, alpha=alpha)`` (the intercept
    is not penalised). The objective is convex in :math:`(w, b, \sigma)`, and fitting
    :math:`\sigma` makes the fit equivariant: scaling ``y`` scales ``coef`` and
    ``scale`` alike (for ``alpha=0``). It is minimised by Newton's method with a
    backtracking line search, to the precision of float64.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix.
    y : array-like of shape (n_samples,)
        The observations.
    epsilon : float, default 1.35
        Residuals beyond ``epsilon * scale`` count linearly; greater than 1,
        at most 1e100.
    alpha : float, default 0.0
        The ridge penalty on ``coef``, non-negative; at most 1e100 for ``y``
        of ordinary size (for extreme ``y``, 1e100 times ``y``'s scale).
    fit_intercept : bool, default True
        Fit an unpenalised intercept.
    max_iter : int, default 100
        The most Newton steps.

    Returns
    -------
    HuberFit
        ``(coef, intercept, scale, objective, n_iter, converged)``.

    Raises
    ------
    ValueError
        If the shapes disagree, a value is not finite, or an option is out of range.

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` steps do not reach the tolerance.

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> y = 1 + 2 * x + np.where(x == 9, 50.0, np.sin(x))  # one gross outlier
    >>> fit = huber_regression(x[:, None], y)
    >>> fit.coef.round(3), round(fit.intercept, 3), fit.converged
    (array([2.078]), 1.042, True)
    >>> # least squares: slope pulled up
    >>> ols(np.column_stack([np.ones(10), x]), y).round(3)
    array([-6.072,  4.717])
    """
    X, y, alpha, design, max_iter = _robust_inputs(X, y, alpha, fit_intercept, max_iter)
    epsilon = check_scalar(epsilon, "epsilon", low=1, low_open=True)
    if epsilon > 1e100:  # the fit is least squares long before; epsilon**2 overflows
        raise ValueError(f"epsilon must be at most 1e100, got {epsilon}")
    # y divided by a power of two near its largest value when it is extreme (exact):
    # coefficients and scale scale with y, the ridge penalty with its square
    unit = scale_of(y)
    y = y / unit
    # so is an extreme X: coef scales inversely, the penalty with its square
    design, x_unit = _scaled_columns(design, X.shape[1])
    if alpha * unit / x_unit / x_unit > 1e100:  # zeroes every coefficient already
        raise ValueError(
            f"alpha must be at most 1e100 (times y's scale {unit} over X's "
            f"{x_unit} squared), got {alpha}"
        )
    penalty = np.full(design.shape[1], alpha * unit / x_unit / x_unit)
    penalty[X.shape[1] :] = 0.0  # the intercept
    # start from the normal equations: for many rows far cheaper than an SVD of the
    # design, and Newton's method needs only a start, not an accurate one
    theta = np.linalg.lstsq(design.T @ design, design.T @ y, rcond=None)[0]
    residual = np.abs(y - design @ theta)
    # sigma > 0 as in scikit-learn; an exact fit has its minimum at this bound
    floor = 10 * np.finfo(np.float64).eps * (float(np.abs(y).max()) or 1.0)
    sigma = max(float(np.median(residual)) / 0.6745, float(residual.mean()), floor)
    value, gradient, hessian = _huber_terms(design, y, theta, sigma, epsilon, penalty)
    rounding = len(y) * np.finfo(np.float64).eps * float(np.abs(y).max())
    converged, previous = False, np.inf
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        step = _newton_step(hessian, gradient)
        if sigma <= floor and step[-1] < 0:  # at the bound: a step in theta alone
            step = np.append(_newton_step(hessian[:-1, :-1], gradient[:-1]), 0.0)
        decrement = -(gradient @ step)
        if not decrement > 0:  # not a descent direction: fall back on the gradient
            step, decrement = -gradient, gradient @ gradient
        # Newton's decrement estimates value - minimum. Below the tolerance, Newton's
        # method (converging quadratically) polishes on while the decrement still falls
        if converged and decrement > previous / 16:
            break
        converged, previous = bool(decrement <= 1e-14 * value + rounding), decrement
        t = 1.0
        if step[-1] < 0:  # keep sigma above a quarter of its value, and its floor
            t = min(t, 0.75 * sigma / -step[-1])
        while t > 1e-12:
            new_theta, new_sigma = (
                theta + t * step[:-1],
                max(sigma + t * step[-1], floor),
            )
            new = _huber_terms(design, y, new_theta, new_sigma, epsilon, penalty)
            if new[0] <= value - 1e-4 * t * decrement:
                break
            t /= 2
        else:  # no decrease is possible in float64
            converged = bool(decrement <= 1e-10 * value or sigma <= floor)
            break
        theta, sigma = new_theta, new_sigma
        value, gradient, hessian = new
    if alpha == 0 and (sigma <= 2 * floor or not converged):
        # where the scale collapses (an exact fit of part of the data), the objective
        # tends to 2 epsilon sum |r|, least absolute deviations: a linear programme
        lad = _vertex(design, y, _frisch_newton(design, y, 0.5, max_iter)[0], 0.5)
        candidate = _huber_terms(design, y, lad, floor, epsilon, penalty)
        if candidate[0] <= value:
            theta, sigma, value = lad, floor, candidate[0]
            converged = converged or bool(sigma <= 2 * floor)
    _report(converged, "huber_regression", n_iter, max_iter)
    with np.errstate(over="ignore"):
        return HuberFit(
            unit * theta[: X.shape[1]] / x_unit,
            float(unit * theta[-1]) if design.shape[1] > X.shape[1] else 0.0,
            float(unit * sigma),
            float(unit * value),
            n_iter,
            converged,
        )


def _newton_step(hessian, gradient):
    """Solve ``hessian @ step = -gradient``; least squares where the Hessian is
    singular.

    The Hessian is positive semi-definite, so a zero on its diagonal zeroes its row
    and column: the objective is linear along that coordinate (Huber's, in the
    intercept and scale, when every residual is an outlier), and the step there
    is ``-gradient``, so that neither the step nor Newton's decrement ignores it.
    The rest is solved with the diagonal scaled to one (a ridge penalty of 1e100
    beside entries of order one leaves no precision to least squares otherwise).
    """
    try:
        return np.linalg.solve(hessian, -gradient)
    except np.linalg.LinAlgError:
        step = -gradient
        diagonal = np.diag(hessian)
        free = diagonal > 0
        if free.any():
            unit = np.sqrt(diagonal[free])
            scaled = hessian[np.ix_(free, free)] / np.outer(unit, unit)
            solved = np.linalg.lstsq(scaled, step[free] / unit, rcond=None)[0]
            step[free] = solved / unit
        return step


def _pinball_sum(residual, quantile):
    return float(np.maximum(quantile * residual, (quantile - 1) * residual).sum())


def _frisch_newton(design, y, quantile, max_iter):
    r"""Minimise :math:`\sum_i \rho_\tau(y_i - x_i^\top\beta)` by a primal-dual
    interior-point method.

    The dual of the linear programme is :math:`\max y^\top a` subject to
    :math:`X^\top a = (1 - \tau)X^\top 1`, :math:`0 \le a \le 1` (Koenker's form);
    :math:`\beta` is the multiplier of the equality constraints, and the positive and
    negative parts of the residuals, :math:`w - z = y - X\beta`, those of the bounds.
    Mehrotra's predictor-corrector steps follow the central path until the duality
    gap :math:`a^\top z + (1 - a)^\top w` is below ``1e-12`` of the objective.
    Returns ``(beta, n_iter, converged)``.
    """
    n = len(y)
    a = np.full(n, 1.0 - quantile)  # feasible: X'a = (1 - tau) X'1 exactly
    s = 1.0 - a
    b = design.T @ a
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    r = y - design @ beta
    # start inside: both parts of every residual positive (for an exact fit too)
    shift = float(np.abs(r).mean()) or float(np.abs(y).mean()) or 1.0
    w, z = np.maximum(r, 0) + shift, np.maximum(-r, 0) + shift

    def direction(target_az, target_sw):
        # Newton's step for X'da = b - X'a, dw - dz + X dbeta = r - w + z, and the
        # complementarity products a z -> target_az, s w -> target_sw (ds = -da)
        spread = w / s + z / a
        h = (r - w + z) - target_sw / s + target_az / a
        weighted = design / spread[:, None]
        lhs = design.T @ weighted
        rhs = weighted.T @ h - (b - design.T @ a)
        try:
            dbeta = np.linalg.solve(lhs, rhs)
        except np.linalg.LinAlgError:
            dbeta = np.linalg.lstsq(lhs, rhs, rcond=None)[0]
        da = (h - design @ dbeta) / spread
        dz = (target_az - z * da) / a
        dw = (target_sw + w * da) / s
        return da, dbeta, dz, dw

    def longest(values, changes):
        shrinking = changes < 0
        if not shrinking.any():
            return 1.0
        return min(1.0, float((-values[shrinking] / changes[shrinking]).min()))

    rounding = n * np.finfo(np.float64).eps * (float(np.abs(y).max()) or 1.0)
    converged = False
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        r = y - design @ beta
        gap = a @ z + s @ w
        objective = quantile * w.sum() + (1 - quantile) * z.sum()
        if gap <= 1e-12 * objective + rounding:
            converged = True
            break
        da, dbeta, dz, dw = direction(-a * z, -s * w)  # the affine (predictor) step
        primal = longest(np.r_[a, s], np.r_[da, -da])
        dual = longest(np.r_[z, w], np.r_[dz, dw])
        mu = gap / (2 * n)
        affine_gap = (a + primal * da) @ (z + dual * dz) + (s - primal * da) @ (
            w + dual * dw
        )
        centring = (affine_gap / gap) ** 3
        da, dbeta, dz, dw = (
            direction(  # the corrector, aimed at a point of the central path
                centring * mu - a * z - da * dz, centring * mu - s * w + da * dw
            )
        )
        primal = 0.99995 * longest(np.r_[a, s], np.r_[da, -da])
        dual = 0.99995 * longest(np.r_[z, w], np.r_[dz, dw])
        a, s = a + primal * da, s - primal * da
        beta, z, w = beta + dual * dbeta, z + dual * dz, w + dual * dw
    return beta, n_iter, converged


def _vertex(design, y, beta, quantile):
    """A basic solution near ``beta``: the fit through the observations it nearly
    interpolates.

    An optimum of the linear programme passes exactly through (at least) as many
    observations as there are coefficients; the interior point only approaches
    them. Solving for those observations gives the exact vertex; it is kept only
    if it is at least as good as ``beta``.
    """
    residual = np.abs(y - design @ beta)
    rank = np.linalg.matrix_rank(design)
    rows, basis = [], np.zeros((0, design.shape[1]))
    for row in np.argsort(residual, kind="stable"):  # the closest independent rows
        x = design[row]
        orthogonal = x - basis.T @ (basis @ x)
        size = np.linalg.norm(orthogonal)
        if size > 1e-9 * np.linalg.norm(x):
            rows.append(row)
            basis = np.vstack([basis, orthogonal / size])
            if len(rows) == rank:
                break
    # where the design leaves coefficients free, the solution of smallest norm
    vertex = np.linalg.lstsq(design[rows], y[rows], rcond=None)[0]
    if _pinball_sum(y - design @ vertex, quantile) <= _pinball_sum(
        y - design @ beta, quantile
    ):
        return vertex
    return beta


def quantile_regression(
    X, y, *, quantile=0.5, alpha=0.0, fit_intercept=True, max_iter=100
):
    r"""Linear quantile regression, as scikit-learn's ``QuantileRegressor``.

    It minimises, over the coefficients :math:`w` and the intercept :math:`b`,

    .. math::

        \frac1n\sum_{i=1}^n \rho_\tau\bigl(y_i - x_i^\top w - b\bigr)
        + \alpha\lVert w\rVert_1,
        \qquad \rho_\tau(r) = \max\bigl(\tau r, (\tau - 1) r\bigr),

    the pinball loss of :func:`~msebook.pinball` with :math:`\tau` = ``quantile``. With
    ``quantile=0.5`` it is least absolute deviations. The problem is a linear
    programme, solved by the Frisch–Newton interior-point method (Portnoy and
    Koenker, 1997) and then moved to the exact optimal vertex, the fit that passes
    through as many observations as there are coefficients. The L1 penalty enters as
    two pseudo-observations per coefficient, :math:`\pm n\alpha e_j` with target 0.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix.
    y : array-like of shape (n_samples,)
        The observations.
    quantile : float, default 0.5
        The quantile to fit, from 1e-12 to 1 - 1e-12.
    alpha : float, default 0.0
        The L1 penalty on ``coef``, from 0 to 1e100 (the intercept is not
        penalised).
    fit_intercept : bool, default True
        Fit an intercept.
    max_iter : int, default 100
        The most interior-point iterations.

    Returns
    -------
    QuantileFit
        ``(coef, intercept, objective, n_iter, converged)``.

    Raises
    ------
    ValueError
        If the shapes disagree, a value is not finite, or an option is out of range.

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` iterations do not close the duality gap.

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> y = 1 + 2 * x + np.where(x == 9, 50.0, np.sin(x))
    >>> fit = quantile_regression(x[:, None], y)  # the median line
    >>> fit.coef.round(4), round(fit.intercept, 4), fit.converged
    (array([2.0939]), 1.0, True)
    >>> quantile_regression(x[:, None], y, quantile=1.0)
    Traceback (most recent call last):
    ...
    ValueError: quantile must be strictly between 0 and 1, got 1.0
    """
    X, y, alpha, design, max_iter = _robust_inputs(X, y, alpha, fit_intercept, max_iter)
    quantile = check_scalar(
        quantile, "quantile", low=0, high=1, low_open=True, high_open=True
    )
    if alpha > 1e100:  # already zeroes every coefficient; more overflows float64
        raise ValueError(f"alpha must be at most 1e100, got {alpha}")
    if not 1e-12 <= quantile <= 1 - 1e-12:
        raise ValueError(
            "quantile must be between 1e-12 and 1 - 1e-12: closer to 0 or 1 the "
            f"interior-point solver loses its precision, got {quantile}"
        )
    n, p = X.shape
    target = y
    # an extreme X divided by a power of two (exact): coef and penalty scale inversely
    design, x_unit = _scaled_columns(design, p)
    if alpha > 0:  # |c w_j| = rho(-c w_j) + rho(c w_j) for any quantile
        c = n * alpha / x_unit
        pseudo = np.zeros((2 * p, design.shape[1]))
        pseudo[:p, :p], pseudo[p:, :p] = c * np.eye(p), -c * np.eye(p)
        design, target = (
            np.vstack([design, pseudo]),
            np.concatenate([y, np.zeros(2 * p)]),
        )
    # extreme targets are divided by a power of two first (exact), so that no
    # product in the interior point over- or underflows
    scale = scale_of(target)
    beta, n_iter, converged = _frisch_newton(design, target / scale, quantile, max_iter)
    beta = scale * _vertex(design, target / scale, beta, quantile)
    _report(converged, "quantile_regression", n_iter, max_iter)
    with np.errstate(over="ignore", under="ignore"):  # beyond float64: inf or 0
        coef = beta[:p] / x_unit
    objective = _pinball_sum(target - design @ beta, quantile) / n
    return QuantileFit(
        coef,
        float(beta[p]) if fit_intercept else 0.0,
        objective,
        n_iter,
        converged,
    )


# Least-squares diagnostics: the hat matrix, leverage, heteroscedasticity-consistent
# covariances and feasible weighted least squares.

HC_KINDS = ("HC0", "HC1", "HC2", "HC3")


def _orthonormal_basis(X):
    """Check ``X`` (2-D, finite, full column rank) and return it with the Q and R of its
    thin QR.
    """
    X = as_real_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
    if X.shape[1] == 0 or X.shape[0] < X.shape[1]:
        raise ValueError(
            "X must have at least as many rows as columns and one column, got shape "
            f"{X.shape}"
        )
    _check_full_column_rank(X)
    q, r = np.linalg.qr(X)
    return X, q, r


def hat_matrix(X):
    r"""The hat matrix :math:`H = X(X^\top X)^{-1}X^\top` of least squares,
    :math:`\hat y = Hy`.

    :math:`H` is the orthogonal projection onto the column space of ``X``. It is
    computed as :math:`QQ^\top` from the thin QR factorisation :math:`X = QR`,
    which never forms :math:`X^\top X` (whose condition number is the square of
    that of ``X``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix, of full column rank.

    Returns
    -------
    numpy.ndarray of shape (n_samples, n_samples)
        The symmetric, idempotent projection :math:`H`, of trace ``n_features``.

    See Also
    --------
    leverage : its diagonal, without forming the n-by-n matrix.

    Examples
    --------
    >>> hat_matrix([[1.0], [1.0]])  # fitting a constant: every fit is the mean
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    _, q, _ = _orthonormal_basis(X)
    return q @ q.T


def leverage(X):
    r"""The leverages :math:`h_{ii}`, the diagonal of the :func:`hat_matrix`.

    :math:`h_{ii}` is the weight of :math:`y_i` in its own fitted value; each lies
    in :math:`[0, 1]`, they sum to the number of columns, and under homoscedastic
    noise :math:`\operatorname{Var}(r_i) = \sigma^2(1 - h_{ii})`. They are the
    squared row norms of :math:`Q` in the thin QR factorisation :math:`X = QR`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix, of full column rank.

    Returns
    -------
    numpy.ndarray of shape (n_samples,)
        The leverages.

    Examples
    --------
    >>> leverage([[1, 0], [1, 1], [1, 2]])  # a straight line through three points
    array([0.83333333, 0.33333333, 0.83333333])
    """
    _, q, _ = _orthonormal_basis(X)
    return np.sum(q**2, axis=1)


def hc_covariance(X, y, *, kind="HC2"):
    r"""A heteroscedasticity-consistent ("robust", "sandwich") covariance of least
    squares.

    With :math:`A = (X^\top X)^{-1}X^\top`, least squares has covariance
    :math:`A\Sigma A^\top` for errors of covariance :math:`\Sigma`. White's
    estimator replaces an unknown diagonal :math:`\Sigma` by the squared
    residuals, :math:`\operatorname{diag}(r_i^2)` (HC0). Residuals are smaller
    than errors, :math:`\operatorname{E}[r_i^2] = (1 - h_{ii})\sigma^2` under
    homoscedastic errors, so the variants correct it: HC1 multiplies by
    :math:`n/(n - p)`, HC2 divides each :math:`r_i^2` by :math:`1 - h_{ii}` (unbiased
    under homoscedastic errors) and HC3 by :math:`(1 - h_{ii})^2`.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix, of full column rank.
    y : array-like of shape (n_samples,) or (n_samples, n_sets)
        The observations; each column of a 2-D ``y`` is one data set on the same design.
    kind : {"HC0", "HC1", "HC2", "HC3"}
        The variant.

    Returns
    -------
    numpy.ndarray of shape (n_features, n_features) or (n_sets, n_features, n_features)
        The estimated covariance of the least-squares coefficients (one per data set).

    Raises
    ------
    ValueError
        For an unknown ``kind``, a rank-deficient ``X``, HC1 with no residual degrees
        of freedom, or HC2/HC3 with a point of leverage 1 (its residual is always 0).

    Examples
    --------
    >>> X = [[1, 0], [1, 1], [1, 2], [1, 3]]
    >>> hc_covariance(X, [0.0, 1.0, 1.0, 3.0], kind="HC0").round(4)
    array([[ 0.0226, -0.0084],
           [-0.0084,  0.0206]])
    """
    X, q, r = _orthonormal_basis(X)
    y = _targets_of_rows(y, X)
    if not isinstance(kind, str) or kind not in HC_KINDS:
        raise ValueError(f"kind must be one of {', '.join(HC_KINDS)}, got {kind!r}")
    n, p = X.shape
    A = np.linalg.solve(r, q.T)  # (X^T X)^-1 X^T = R^-1 Q^T
    residuals = y - q @ (q.T @ y)
    # extreme residuals or A divided by powers of two (exact), put back at the end
    units = scale_of(residuals), scale_of(A)
    if units != (1.0, 1.0):
        residuals, A = residuals / units[0], A / units[1]
    squared = residuals**2
    h = np.sum(q**2, axis=1)
    if kind == "HC1":
        if n == p:
            raise ValueError(
                "X must have more rows than columns for HC1: n - p = 0 degrees of "
                "freedom"
            )
        squared = squared * (n / (n - p))
    elif kind in ("HC2", "HC3"):
        if np.any(h > 1 - 1e-10):
            i = int(np.argmax(h))
            raise ValueError(
                f"X has a point of leverage 1 (row {i}): its residual is 0 whatever "
                f"the noise, so {kind} is undefined; use HC0 or HC1"
            )
        power = 1 if kind == "HC2" else 2
        squared = squared / ((1 - h) ** power).reshape((-1,) + (1,) * (y.ndim - 1))
    covariance = (
        (A * squared) @ A.T
        if y.ndim == 1
        else np.einsum("in,nk,jn->kij", A, squared, A)
    )
    if units != (1.0, 1.0):
        factor = units[0] * units[1]
        with np.errstate(over="ignore", under="ignore"):  # beyond float64: inf or 0
            covariance = covariance * factor * factor
    return covariance


class FeasibleWLSFit(NamedTuple):
    """The result of :func:`~msebook.feasible_wls`."""

    coef: np.ndarray
    """The weighted least-squares coefficients, shape (n_features,) or (n_features,
    n_sets).
    """
    sample_weight: np.ndarray
    """The estimated weights :math:`1/\\hat\\sigma_i^2`, shape (n_samples,) or
    (n_samples, n_sets).
    """
    variance_coef: np.ndarray
    """The coefficients :math:`\\hat\\gamma` of the fitted model for
    :math:`\\log\\sigma_i^2`.
    """


def feasible_wls(X, y, *, variance_design=None):
    r"""Feasible weighted least squares: weights estimated from the least-squares
    residuals.

    Three steps: fit least squares; regress :math:`\log r_i^2` on the columns of
    ``variance_design`` :math:`Z` (the model :math:`\log\sigma_i^2 = z_i^\top\gamma`);
    refit by weighted least squares with weights :math:`\exp(-z_i^\top\hat\gamma)`.
    The estimate is not linear in ``y``; when the variance model is right it is
    asymptotically as efficient as weighted least squares with the true weights.
    The intercept of :math:`\gamma` absorbs the bias of :math:`\log r_i^2`, since a
    common factor of the weights does not change the fit.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix, of full column rank.
    y : array-like of shape (n_samples,) or (n_samples, n_sets)
        The observations; each column of a 2-D ``y`` is fitted separately.
    variance_design : array-like of shape (n_samples, n_variance_features), optional
        The design :math:`Z` of the model for the log variances, of full column rank;
        ``X`` by default. Include a column of ones.

    Returns
    -------
    FeasibleWLSFit
        ``coef``, ``sample_weight`` and ``variance_coef``.

    Raises
    ------
    ValueError
        If a design is rank deficient, the shapes disagree, or a least-squares
        residual is exactly 0 (its logarithm is undefined).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(1.0, 9.0)
    >>> X = np.column_stack([np.ones(8), x])
    >>> y = 1 + 2 * x + x * np.array([1, -1, -1, 1, 1, -1, 1, -1]) / 4
    >>> Z = np.column_stack([np.ones(8), np.log(x)])
    >>> fit = feasible_wls(X, y, variance_design=Z)
    >>> fit.coef.round(3)  # least squares gives 1.286 and 1.923
    array([1.375, 1.827])
    >>> bool(fit.sample_weight[0] > fit.sample_weight[-1])  # the noisy end counts less
    True
    """
    X, q, _ = _orthonormal_basis(X)
    y = _targets_of_rows(y, X)
    Z = (
        X
        if variance_design is None
        else as_real_array(variance_design, "variance_design")
    )
    if Z.ndim != 2 or len(Z) != len(X):
        raise ValueError(
            f"variance_design must have shape ({len(X)}, k), got {Z.shape}"
        )
    try:
        _check_full_column_rank(Z)
    except ValueError as error:
        raise ValueError(f"variance_design: {error}") from None
    residuals = y - q @ (q.T @ y)
    scale = np.max(np.abs(y), axis=0) if y.size else 1.0
    if np.any(np.abs(residuals) <= 1e-14 * scale):
        (i, *_), _ = first_bad(np.abs(residuals) <= 1e-14 * scale)
        raise ValueError(
            f"y: the least-squares residual of sample {i} is 0, so log r**2 is "
            "undefined; feasible WLS needs noise at every point"
        )
    tiny = np.finfo(np.float64).tiny
    with np.errstate(over="ignore", under="ignore"):
        squares = residuals**2
    ordinary = np.all((squares >= tiny) & np.isfinite(squares))
    # squares beyond float64: their logarithms from the residuals themselves
    log_squares = np.log(squares) if ordinary else 2 * np.log(np.abs(residuals))
    gamma = np.linalg.lstsq(Z, log_squares, rcond=None)[0]
    exponent = -(Z @ gamma)
    with np.errstate(over="ignore", under="ignore"):  # beyond float64: inf or 0
        weights = np.exp(exponent)
    if np.all((weights >= tiny) & np.isfinite(weights)):
        root = np.sqrt(weights)
    else:  # a common factor of the weights does not change the fit
        root = np.exp((exponent - exponent.max(axis=0)) / 2)
    if y.ndim == 1:
        coef = np.linalg.lstsq(root[:, None] * X, root * y, rcond=None)[0]
        return FeasibleWLSFit(coef, weights, gamma)
    weighted = root.T[:, :, None] * X  # (n_sets, n, p): one weighted design per set
    qs, rs = np.linalg.qr(weighted)
    right = np.einsum("kni,nk->ki", qs, root * y)
    coef = np.linalg.solve(rs, right[..., None])[..., 0].T
    return FeasibleWLSFit(coef, weights, gamma)


# Regularised least squares: the lasso and the elastic net by coordinate descent,
# the ridge and lasso paths, and K-fold cross-validated MSE.

GRAM_LIMIT = 4096
"""Coordinate descent works on the Gram matrix when there are at most this many features
(and no more than samples).
"""


class ElasticNetFit(NamedTuple):
    """The result of :func:`~msebook.lasso` and :func:`~msebook.elastic_net`."""

    coef: np.ndarray
    """The coefficients, one per column of ``X``."""
    intercept: float
    """The intercept (0.0 when it is not fitted)."""
    objective: float
    """The objective (scikit-learn's scaling) at the returned coefficients."""
    dual_gap: float
    """The duality gap at the returned coefficients; the objective is at most this far
    above its minimum.
    """
    n_iter: int
    """Sweeps of coordinate descent taken."""
    converged: bool
    """Whether the gap fell below ``tol`` (a :class:`ConvergenceWarning` is issued if
    not).
    """

    def predict(self, X):
        """The fitted values ``X @ coef + intercept`` for new rows ``X``."""
        X = as_real_array(X, "X")
        if X.ndim != 2 or X.shape[1] != len(self.coef):
            raise ValueError(
                f"X must have shape (n_samples, {len(self.coef)}), got {X.shape}"
            )
        return X @ self.coef + self.intercept


def _weights(sample_weight, n):
    """The observation weights rescaled to sum to ``n`` (scikit-learn's convention), or
    None.
    """
    if sample_weight is None:
        return None
    weight = check_weights(sample_weight, n, "sample_weight")
    return weight * (n / weight.sum())


def _means(X, y, weight, fit_intercept):
    """The (weighted) means of the columns of ``X`` and of ``y``; zeros without an
    intercept.
    """
    if not fit_intercept:
        return np.zeros(X.shape[1]), 0.0
    if weight is None:
        return X.mean(axis=0), float(y.mean())
    return weight @ X / len(X), float(weight @ y / len(X))


def _centred(X, y, weight, x_mean, y_mean):
    """``X`` and ``y`` centred, with rows multiplied by the square roots of the weights.

    Least squares on them is the weighted problem for the coefficients.
    """
    X, y = X - x_mean, y - y_mean
    if weight is not None:
        root = np.sqrt(weight)
        X, y = root[:, None] * X, root * y
    return X, y


def _centred_gram(X, y, weight, x_mean, y_mean):
    """``(G, q, yy)``: ``Xc'Xc``, ``Xc'yc`` and ``yc'yc`` of the centred (weighted)
    data.

    ``Xc'Xc = X'SX - n m m'`` needs no centred copy of ``X``; where a mean is so
    large against its column's spread that the subtraction would cost more than
    four digits, the copy is made after all.
    """
    n = len(X)
    yc = y - y_mean
    sy = yc if weight is None else weight * yc
    q = X.T @ sy  # sum_i s_i x_i (y_i - y_mean) = sum_i s_i (x_i - m)(y_i - y_mean)
    yy = float(sy @ yc)
    if weight is None:
        G = X.T @ X
    else:
        root = np.sqrt(weight)
        scaled = root[:, None] * X
        G = scaled.T @ scaled
    G -= n * np.outer(x_mean, x_mean)
    spread = np.diag(G) / n
    if (x_mean**2 > 1e4 * spread).any():
        Xc, _ = _centred(X, y, weight, x_mean, y_mean)
        G = Xc.T @ Xc
    return G, q, yy


def _soft_threshold(z, threshold):
    """The minimiser of ``(x - z)**2 / 2 + threshold * |x|``: ``z`` moved towards 0 by
    ``threshold``.
    """
    if z > threshold:
        return z - threshold
    if z < -threshold:
        return z + threshold
    return 0.0


def _enet_gap(rr, ry, Xtr, w, l1, l2):
    """The duality gap of ``0.5 |y - Xw|^2 + l1 |w|_1 + 0.5 l2 |w|^2``
    (not divided by n).

    From the residual ``r = y - Xw`` through ``|r|^2``, ``r . y`` and ``X'r``, and
    ``w``. The dual point is the residual, scaled into the dual's feasible set when
    ``l2 == 0`` (as scikit-learn does); with ``l2 > 0`` the dual is unconstrained,
    ``y.t - |t|^2 / 2 - sum_j (|x_j.t| - l1)_+^2 / (2 l2)``, and the better of the
    residual and its scaled copy is used.
    """
    primal = 0.5 * rr + l1 * np.abs(w).sum() + 0.5 * l2 * (w @ w)
    largest = float(np.abs(Xtr - l2 * w).max()) if len(w) else 0.0
    scale = min(1.0, l1 / largest) if largest > 0 else 1.0
    duals = []
    for s in {1.0, scale} if l2 > 0 else {scale}:
        excess = np.maximum(np.abs(s * Xtr) - l1, 0.0)
        if l2 > 0:
            penalty = (excess @ excess) / (2 * l2)
        elif excess.max(initial=0.0) > 1e-12 * max(l1, 1e-300):
            continue  # infeasible (rounding at scale == 1 only)
        else:
            penalty = 0.0
        duals.append(s * ry - 0.5 * s * s * rr - penalty)
    if not duals:
        return np.inf
    return max(primal - max(duals), 0.0)


def _coordinate_descent(data, l1, l2, w, max_iter, tol):
    """Cyclic coordinate descent for ``0.5 |y - Xw|^2 + l1 |w|_1 + 0.5 l2 |w|^2``.

    ``data`` is ``("gram", G, q, yy)``, with the Gram matrix ``X'X``, ``X'y`` and
    ``|y|^2`` (each sweep costs p^2, whatever n), or ``("residual", X, y)`` (each
    sweep costs n p). Stops when the duality gap is at most ``tol * |y|^2``;
    returns ``(w, gap, n_iter, converged)``.
    """
    gram = data[0] == "gram"
    if gram:
        _, G, q, yy = data
        diagonal = np.diag(G).copy()
    else:
        _, X, y = data
        yy = float(y @ y)
        diagonal = np.einsum("ij,ij->j", X, X)
    p = len(diagonal)
    w = w.copy()
    if p == 0 or yy == 0:
        return np.zeros(p), 0.0, 0, True
    target = tol * yy
    w[diagonal <= 0] = 0.0
    if gram:
        H = G @ w
    else:
        r = y - X @ w
    denominators = diagonal + l2
    active = [j for j in range(p) if diagonal[j] > 0]
    gap, converged = np.inf, False
    for n_iter in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        if gram:
            for j in active:
                old = w[j]
                rho = q[j] - H[j] + diagonal[j] * old
                new = _soft_threshold(rho, l1) / denominators[j]
                if new != old:
                    w[j] = new
                    H += (new - old) * G[:, j]
            H = G @ w  # no drift from the updates
            Xtr = q - H
            wq = float(w @ q)
            rr, ry = max(yy - 2 * wq + float(w @ H), 0.0), yy - wq
        else:
            for j in active:
                old = w[j]
                column = X[:, j]
                rho = column @ r + diagonal[j] * old
                new = _soft_threshold(rho, l1) / denominators[j]
                if new != old:
                    w[j] = new
                    r -= (new - old) * column
            r = y - X @ w
            Xtr = X.T @ r
            rr, ry = float(r @ r), float(r @ y)
        gap = _enet_gap(rr, ry, Xtr, w, l1, l2)
        if gap <= target:
            converged = True
            break
    return w, gap, n_iter, converged


def _problem(X, y, weight, fit_intercept):
    """The centred problem for :func:`_coordinate_descent`, and the means."""
    n, p = X.shape
    x_mean, y_mean = _means(X, y, weight, fit_intercept)
    if p <= min(n, GRAM_LIMIT):
        data = ("gram", *_centred_gram(X, y, weight, x_mean, y_mean))
    else:
        data = ("residual", *_centred(X, y, weight, x_mean, y_mean))
    return data, x_mean, y_mean


def _check_path_inputs(X, y, fit_intercept, sample_weight=None):
    X, y = _check_design(X, y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (n_samples,), got shape {y.shape}")
    fit_intercept = check_flag(fit_intercept, "fit_intercept")
    return X, y, fit_intercept


def elastic_net(
    X,
    y,
    *,
    alpha,
    l1_ratio=0.5,
    fit_intercept=True,
    sample_weight=None,
    max_iter=1000,
    tol=1e-4,
    coef_init=None,
):
    r"""The elastic net by cyclic coordinate descent, as scikit-learn's ``ElasticNet``.

    It minimises, over the coefficients :math:`w` and the (unpenalised) intercept
    :math:`b`,

    .. math::

        \frac{1}{2n}\sum_{i=1}^n s_i\bigl(y_i - x_i^\top w - b\bigr)^2
        + \alpha\rho\lVert w\rVert_1 + \frac{\alpha(1 - \rho)}{2}\lVert w\rVert_2^2,

    with :math:`\rho` = ``l1_ratio`` and weights :math:`s_i` rescaled to sum to
    :math:`n` (all 1 by default): scikit-learn's objective, penalty scaled alike.
    The intercept is handled by centring. Each coordinate in turn is set to its
    exact minimiser, a soft-thresholded correlation; with at most as many features
    as samples the sweeps work on the Gram matrix :math:`X^\top X`, so each costs
    :math:`O(p^2)` whatever :math:`n`. It stops when the duality gap, an upper
    bound on the distance of the objective from its minimum, is at most
    ``tol`` times :math:`\sum_i s_i (y_i - \bar y)^2 / n` (scikit-learn's rule).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix (no column of ones: see ``fit_intercept``).
    y : array-like of shape (n_samples,)
        The observations.
    alpha : float
        The strength of the penalty, positive (use :func:`ols` for none).
    l1_ratio : float, default 0.5
        The L1 share :math:`\rho` of the penalty, in [0, 1]: 1 is the lasso, 0 ridge.
    fit_intercept : bool, default True
        Fit an unpenalised intercept.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative observation weights.
    max_iter : int, default 1000
        The most sweeps over the coordinates.
    tol : float, default 1e-4
        The duality gap to reach, relative to the variance of ``y``; positive.
    coef_init : array-like of shape (n_features,), optional
        Where to start (a warm start); zeros by default.

    Returns
    -------
    ElasticNetFit
        ``(coef, intercept, objective, dual_gap, n_iter, converged)``, with a
        ``predict(X)`` method.

    Raises
    ------
    ValueError
        If the shapes disagree, a value is not finite, or an option is out of range.

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` sweeps do not close the gap to ``tol``.

    See Also
    --------
    lasso : ``l1_ratio=1``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ [2.0, 0.0, -1.0] + 0.1 * rng.normal(size=50)
    >>> fit = elastic_net(X, y, alpha=0.1, l1_ratio=0.5, tol=1e-10)
    >>> fit.coef.round(3), fit.converged
    (array([ 1.875,  0.   , -0.832]), True)
    >>> elastic_net(X, y, alpha=0.1, l1_ratio=1.5)
    Traceback (most recent call last):
    ...
    ValueError: l1_ratio must be in [0, 1], got 1.5
    """
    X, y, fit_intercept = _check_path_inputs(X, y, fit_intercept)
    alpha = check_scalar(alpha, "alpha", low=0, low_open=True)
    if not np.isfinite(alpha * len(X)):
        raise ValueError(
            f"alpha must be below 1.8e308 / n_samples (the penalty is n * alpha), "
            f"got {alpha}"
        )
    l1_ratio = check_scalar(l1_ratio, "l1_ratio", low=0, high=1)
    max_iter = check_scalar(max_iter, "max_iter", integer=True, low=1)
    tol = check_scalar(tol, "tol", low=0, low_open=True)
    n, p = X.shape
    if coef_init is None:
        w = np.zeros(p)
    else:
        w = as_real_array(coef_init, "coef_init")
        if w.shape != (p,):
            raise ValueError(f"coef_init must have shape ({p},), got {w.shape}")
    weight = _weights(sample_weight, n)
    # y of extreme size divided by a power of two near it (exact): w and the
    # intercept scale with y, the L1 penalty with it, the squares with its square
    unit = scale_of(y)
    l1, l2 = n * alpha * l1_ratio / unit, n * alpha * (1 - l1_ratio)
    with np.errstate(over="ignore", invalid="ignore"):
        data, x_mean, y_mean = _problem(X, y / unit, weight, fit_intercept)
        w, gap, n_iter, converged = _coordinate_descent(
            data, l1, l2, w / unit, max_iter, tol
        )
        intercept = float(y_mean - x_mean @ w)
        r = y / unit - X @ w - intercept
        squares = r @ r if weight is None else (weight * r) @ r
    if not (np.isfinite(w).all() and np.isfinite(squares)):
        raise ValueError(
            "X, y and alpha overflow float64 in coordinate descent; rescale them"
        )
    _report(converged, "lasso" if l1_ratio == 1 else "elastic_net", n_iter, max_iter)
    if unit != 1.0:
        with np.errstate(over="ignore", under="ignore"):  # beyond float64: inf or 0
            w, intercept = w * unit, intercept * unit
            squares, gap = squares * unit * unit, gap * unit * unit
    with np.errstate(over="ignore"):  # an objective beyond float64 is inf
        penalty = l1_ratio * np.abs(w).sum()
        if l1_ratio < 1:  # (0 times an infinite w @ w would be NaN)
            penalty = penalty + 0.5 * (1 - l1_ratio) * (w @ w)
        objective = squares / (2 * n) + alpha * penalty
    return ElasticNetFit(
        w,
        intercept,
        float(objective),
        float(gap / n),
        n_iter,
        converged,
    )


def lasso(
    X,
    y,
    *,
    alpha,
    fit_intercept=True,
    sample_weight=None,
    max_iter=1000,
    tol=1e-4,
    coef_init=None,
):
    r"""The lasso by cyclic coordinate descent, as scikit-learn's ``Lasso``.

    It minimises
    :math:`\frac{1}{2n}\sum_i s_i(y_i - x_i^\top w - b)^2 + \alpha\lVert w\rVert_1`:
    :func:`elastic_net` with ``l1_ratio=1``, whose parameters, stopping rule and result
    it shares. The L1 penalty sets coefficients exactly to zero: every one of them is
    zero once ``alpha`` reaches :math:`\max_j |x_j^\top(y - \bar y)|/n` (centred
    columns), where :func:`lasso_path` starts.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ [2.0, 0.0, -1.0] + 0.1 * rng.normal(size=50)
    >>> fit = lasso(X, y, alpha=0.1, tol=1e-10)
    >>> fit.coef.round(3), round(fit.intercept, 3), fit.n_iter < 20
    (array([ 1.911,  0.   , -0.829]), -0.081, True)
    >>> lasso(X, y, alpha=-1.0)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be positive, got -1.0
    """
    return elastic_net(
        X,
        y,
        alpha=alpha,
        l1_ratio=1.0,
        fit_intercept=fit_intercept,
        sample_weight=sample_weight,
        max_iter=max_iter,
        tol=tol,
        coef_init=coef_init,
    )


class LassoPath(NamedTuple):
    """The result of :func:`~msebook.lasso_path`."""

    alphas: np.ndarray
    """The penalties, from the largest down."""
    coefs: np.ndarray
    """The coefficients, one column per penalty (column k for ``alphas[k]``)."""
    intercepts: np.ndarray
    """The intercepts, one per penalty."""
    dual_gaps: np.ndarray
    """The duality gap reached at each penalty."""
    n_iters: np.ndarray
    """The sweeps taken at each penalty."""
    converged: bool
    """Whether every fit on the path converged."""


def lasso_path(
    X,
    y,
    *,
    alphas=None,
    n_alphas=100,
    eps=1e-3,
    fit_intercept=True,
    max_iter=1000,
    tol=1e-4,
):
    r"""The lasso at a decreasing grid of penalties, each fit started from the last
    (warm starts).

    Without ``alphas`` the grid is scikit-learn's: ``n_alphas`` values evenly
    spaced in the logarithm from :math:`\alpha_{\max} = \max_j |x_j^\top(y - \bar y)|/n`
    (centred columns), the smallest penalty with all coefficients zero, down to
    ``eps`` times it.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix.
    y : array-like of shape (n_samples,)
        The observations.
    alphas : array-like of shape (n_alphas,), optional
        Positive penalties; fitted from the largest down, returned in that order.
    n_alphas : int, default 100
        The size of the default grid, from 1 to 100000.
    eps : float, default 1e-3
        The default grid's smallest penalty over its largest, in (0, 1).
    fit_intercept, max_iter, tol
        As for :func:`lasso`.

    Returns
    -------
    LassoPath
        ``(alphas, coefs, intercepts, dual_gaps, n_iters, converged)``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ [2.0, 0.0, -1.0] + 0.1 * rng.normal(size=50)
    >>> path = lasso_path(X, y, n_alphas=4, eps=0.01)
    >>> path.alphas.round(4)
    array([2.2967, 0.4948, 0.1066, 0.023 ])
    >>> (path.coefs != 0).sum(axis=0)  # features in the model, penalty by penalty
    array([0, 2, 2, 2])
    """
    X, y, fit_intercept = _check_path_inputs(X, y, fit_intercept)
    max_iter = check_scalar(max_iter, "max_iter", integer=True, low=1)
    tol = check_scalar(tol, "tol", low=0, low_open=True)
    n, p = X.shape
    unit = scale_of(y)  # as in elastic_net: the path of y / unit, scaled back
    data, x_mean, y_mean = _problem(X, y / unit, None, fit_intercept)
    if alphas is None:
        n_alphas = check_scalar(n_alphas, "n_alphas", integer=True, low=1)
        if n_alphas > 10**5:  # each alpha is a fit: more would only hang
            raise ValueError(f"n_alphas must be at most 100000, got {n_alphas}")
        eps = check_scalar(eps, "eps", low=0, high=1, low_open=True, high_open=True)
        correlations = data[2] if data[0] == "gram" else data[1].T @ data[2]
        largest = float(np.abs(correlations).max())
        alpha_max = largest / n
        if alpha_max == 0:
            raise ValueError(
                "y is constant (or X is): every penalty gives zero coefficients"
            )
        if alpha_max * eps < np.finfo(np.float64).tiny:  # 0 or subnormal: no grid
            raise ValueError(
                f"eps={eps} times the largest penalty, {alpha_max * unit}, underflows "
                "float64; use a larger eps (or rescale y)"
            )
        alphas = np.geomspace(alpha_max, alpha_max * eps, n_alphas)
        thresholds = n * alphas
        thresholds[0] = largest  # exactly: every coefficient stays at zero
        if unit != 1.0:
            with np.errstate(over="ignore", under="ignore"):
                alphas = alphas * unit  # in y's units
    else:
        alphas = as_real_array(alphas, "alphas")
        if alphas.ndim != 1:
            raise ValueError(f"alphas must be 1-D, got shape {alphas.shape}")
        if (alphas <= 0).any():
            (index,), _ = first_bad(alphas <= 0)
            raise ValueError(
                f"alphas must be positive, got {alphas[index]} at index {index}"
            )
        alphas = np.sort(alphas)[::-1]
        thresholds = n * alphas / unit
    coefs = np.empty((p, len(alphas)))
    gaps, n_iters = np.empty(len(alphas)), np.empty(len(alphas), dtype=int)
    w = np.zeros(p)
    converged = True
    for k, alpha in enumerate(alphas):
        w, gap, n_iters[k], done = _coordinate_descent(
            data, thresholds[k], 0.0, w, max_iter, tol
        )
        coefs[:, k], gaps[k] = w, gap / n
        converged = converged and done
        _report(done, f"lasso_path at alpha={alpha:.4g}", n_iters[k], max_iter)
    intercepts = y_mean - x_mean @ coefs
    if unit != 1.0:
        with np.errstate(over="ignore", under="ignore"):  # beyond float64: inf or 0
            coefs, intercepts, gaps = (
                coefs * unit,
                intercepts * unit,
                gaps * unit * unit,
            )
    return LassoPath(alphas, coefs, intercepts, gaps, n_iters, converged)


class RidgePath(NamedTuple):
    """The result of :func:`~msebook.ridge_path`."""

    alphas: np.ndarray
    """The penalties, as given."""
    coefs: np.ndarray
    """The coefficients, one column per penalty (column k for ``alphas[k]``)."""
    intercepts: np.ndarray
    """The intercepts, one per penalty."""
    dof: np.ndarray
    r"""The effective degrees of freedom :math:`\sum_j d_j^2/(d_j^2 + \alpha)`
    (intercept not counted).
    """


def ridge_path(X, y, *, alphas, fit_intercept=True):
    r"""Ridge regression at many penalties from one singular value decomposition.

    With the (centred) design :math:`X = UDV^\top`, the minimiser of
    :math:`\lVert y - Xw - b\rVert^2 + \alpha\lVert w\rVert^2` (scikit-learn's
    ``Ridge``, and :func:`ridge` without an intercept) is

    .. math::

        \hat w_\alpha
        = V\operatorname{diag}\Bigl(\frac{d_j}{d_j^2 + \alpha}\Bigr)U^\top y
        = \sum_j \frac{d_j^2}{d_j^2 + \alpha}\,\frac{u_j^\top y}{d_j}\,v_j:

    least squares along each singular direction, shrunk by
    :math:`d_j^2/(d_j^2 + \alpha)`. The shrinkage factors add up to the effective
    degrees of freedom.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design matrix (no column of ones: see ``fit_intercept``).
    y : array-like of shape (n_samples,)
        The observations.
    alphas : array-like of shape (n_alphas,)
        The penalties, positive.
    fit_intercept : bool, default True
        Fit an unpenalised intercept (by centring).

    Returns
    -------
    RidgePath
        ``(alphas, coefs, intercepts, dof)``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [-1.0, -2.0]])
    >>> path = ridge_path(X, [1.0, 2.0, -3.0], alphas=[0.1, 10.0])
    >>> path.coefs.round(4)
    array([[0.9531, 0.2453],
           [0.9992, 0.5283]])
    >>> path.dof.round(4)
    array([1.9216, 0.5849])
    """
    X, y, fit_intercept = _check_path_inputs(X, y, fit_intercept)
    alphas = as_real_array(alphas, "alphas")
    if alphas.ndim != 1:
        raise ValueError(f"alphas must be 1-D, got shape {alphas.shape}")
    if (alphas <= 0).any():
        (index,), _ = first_bad(alphas <= 0)
        raise ValueError(
            f"alphas must be positive, got {alphas[index]} at index {index}"
        )
    x_mean, y_mean = _means(X, y, None, fit_intercept)
    Xc, yc = _centred(X, y, None, x_mean, y_mean)
    U, d, Vt = np.linalg.svd(Xc, full_matrices=False)
    uy = U.T @ yc
    factors = d[:, None] / (d[:, None] ** 2 + alphas)  # (rank, n_alphas)
    coefs = Vt.T @ (factors * uy[:, None])
    dof = ((d[:, None] ** 2) / (d[:, None] ** 2 + alphas)).sum(axis=0)
    return RidgePath(alphas, coefs, y_mean - x_mean @ coefs, dof)


class KFoldMSE(NamedTuple):
    """The result of :func:`~msebook.k_fold_mse`."""

    mse: float
    """The cross-validated MSE, the mean of the folds' MSEs."""
    standard_error: float
    """The standard error of that mean, the folds' standard deviation over the square
    root of their number.

    NaN if a fold's MSE is beyond float64 (inf).
    """
    fold_mse: np.ndarray
    """The MSE on each held-out fold."""
    test_folds: tuple
    """The indices of the observations held out in each fold."""


def k_fold_mse(model, X, y, *, folds=5, seed=None):
    r"""K-fold cross-validated MSE of a fitting procedure, with its standard error.

    The observations are split into ``folds`` parts of nearly equal size (the first
    ``n % folds`` one larger, as scikit-learn's ``KFold``); each part in turn is held
    out, ``model`` is fitted on the rest, and its MSE is taken on the part held out.
    The standard error of their mean is the one the one-standard-error rule uses:
    choose the simplest model whose cross-validated MSE is within one standard error
    of the smallest.

    Parameters
    ----------
    model : callable
        ``model(X_train, y_train)`` fits on the training rows and returns a
        predictor: a callable with ``predictor(X_test)`` an array of shape
        ``(len(X_test),)``. The ``predict`` method of a fit does, so
        ``lambda X, y: lasso(X, y, alpha=0.1).predict`` is a model.
    X : array-like of shape (n_samples, n_features)
        The design matrix.
    y : array-like of shape (n_samples,)
        The observations.
    folds : int, default 5
        The number of folds, from 2 to ``n_samples``.
    seed : int, optional
        Shuffle the observations with ``numpy.random.default_rng(seed)`` first;
        ``None`` keeps their order (contiguous folds, as ``KFold(shuffle=False)``).

    Returns
    -------
    KFoldMSE
        ``(mse, standard_error, fold_mse, test_folds)``.

    Raises
    ------
    TypeError
        If ``model`` or what it returns is not callable.
    ValueError
        If the shapes disagree, a value is not finite, ``folds`` is out of range,
        or the predictions have the wrong shape or are not finite.

    Examples
    --------
    >>> X = np.arange(12.0)[:, None]
    >>> y = 2 * X[:, 0] + np.tile([1.0, -1.0], 6)
    >>> def least_squares(X, y):
    ...     fit = ols(np.column_stack([np.ones(len(X)), X]), y)
    ...     return lambda Z: fit[0] + Z @ fit[1:]
    >>> result = k_fold_mse(least_squares, X, y, folds=3)
    >>> result.fold_mse.round(4), round(result.mse, 4)
    (array([1.2426, 0.9721, 1.2426]), 1.1524)
    """
    if not callable(model):
        raise TypeError(
            "model must be callable, model(X, y) -> predictor, got "
            f"{type(model).__name__}"
        )
    X, y = _check_design(X, y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (n_samples,), got shape {y.shape}")
    n = len(X)
    folds = check_scalar(folds, "folds", integer=True, low=2)
    if folds > n:
        raise ValueError(
            f"folds must be at most the number of samples, {n}, got {folds}"
        )
    if seed is None:
        order = np.arange(n)
    else:
        seed = check_scalar(seed, "seed", integer=True, low=0)
        order = np.random.default_rng(seed).permutation(n)
    test_folds = tuple(np.sort(part) for part in np.array_split(order, folds))
    fold_mse = np.empty(folds)
    for k, test in enumerate(test_folds):
        train = np.ones(n, dtype=bool)
        train[test] = False
        predictor = model(X[train], y[train])
        if not callable(predictor):
            raise TypeError(
                "model must return a callable predictor, got "
                f"{type(predictor).__name__}"
            )
        predicted = as_real_numbers(
            predictor(X[test]), "model's predictor output", "an array of predictions"
        ).astype(np.float64)
        if predicted.shape != (len(test),):
            raise ValueError(
                f"model's predictor must return shape ({len(test)},) for "
                f"{len(test)} rows, got {predicted.shape}"
            )
        if not np.isfinite(predicted).all():
            raise ValueError(
                f"model's predictor returned non-finite values in fold {k}"
            )
        error = y[test] - predicted
        with np.errstate(over="ignore"):  # an MSE beyond float64 is inf
            fold_mse[k] = error @ error / len(test)
    with np.errstate(invalid="ignore"):  # inf - inf: no spread of infinite MSEs
        spread = float(fold_mse.std(ddof=1) / np.sqrt(folds))
    return KFoldMSE(
        float(fold_mse.mean()),
        spread,
        fold_mse,
        test_folds,
    )
