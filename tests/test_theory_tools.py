"""The hat matrix, leverage, robust covariances, feasible WLS, Fisher information and
the James-Stein risk agree with direct formulas, scikit-learn, scipy and numerical
integration."""

import warnings

import numpy as np
import pytest
import scipy.integrate
import scipy.special
import scipy.stats
import sympy as sp
from sklearn.linear_model import LinearRegression
from sympy import stats

from msebook import (
    exercises,
    feasible_wls,
    hat_matrix,
    hc_covariance,
    leverage,
    symbolic,
)


@pytest.fixture
def design():
    rng = np.random.default_rng(11)
    x = rng.uniform(0.5, 4.0, size=30)
    X = np.column_stack([np.ones(30), x, x**2])
    return X, x, rng


# --------------------------------------------------------------------------- hat matrix


def test_hat_matrix_matches_the_normal_equations_formula(design):
    X, _, _ = design
    direct = X @ np.linalg.inv(X.T @ X) @ X.T
    H = hat_matrix(X)
    np.testing.assert_allclose(H, direct, atol=1e-12)
    np.testing.assert_allclose(H @ H, H, atol=1e-12)  # a projection
    np.testing.assert_allclose(H, H.T, atol=1e-14)
    assert np.trace(H) == pytest.approx(3)


def test_leverage_is_the_diagonal_and_gives_leave_one_out_residuals(design):
    X, x, rng = design
    y = 1 + x + rng.normal(size=len(x))
    h = leverage(X)
    np.testing.assert_allclose(h, np.diag(X @ np.linalg.inv(X.T @ X) @ X.T), atol=1e-12)
    residuals = y - LinearRegression(fit_intercept=False).fit(X, y).predict(X)
    for i in (0, int(np.argmax(h))):
        keep = np.arange(len(y)) != i
        refit = LinearRegression(fit_intercept=False).fit(X[keep], y[keep])
        loo = y[i] - refit.predict(X[i : i + 1])[0]
        assert residuals[i] / (1 - h[i]) == pytest.approx(loo, rel=1e-9)


def test_leverage_of_a_constant_is_one_over_n():
    np.testing.assert_allclose(leverage(np.ones((8, 1))), np.full(8, 1 / 8))


def test_qr_keeps_digits_the_normal_equations_lose():
    # a nearly collinear design: X^T X has condition number about 1e16
    t = np.linspace(0, 1, 50)
    X = np.column_stack([np.ones(50), t, t + 1e-8 * np.sin(7 * t)])
    h = leverage(X)
    u, _, _ = np.linalg.svd(X, full_matrices=False)  # the reference: SVD of X itself
    np.testing.assert_allclose(h, np.sum(u**2, axis=1), atol=1e-9)
    assert h.sum() == pytest.approx(3, abs=1e-9)


@pytest.mark.parametrize("function", [hat_matrix, leverage])
def test_the_hat_matrix_rejects_bad_designs(function):
    with pytest.raises(ValueError, match="X must have full column rank"):
        function([[1, 2], [2, 4], [3, 6]])
    with pytest.raises(ValueError, match="X must be 2-D"):
        function([1.0, 2.0])
    with pytest.raises(ValueError, match="X must have at least as many rows"):
        function([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="X"):
        function([[1.0, np.nan], [1.0, 2.0], [1.0, 3.0]])


# -------------------------------------------------------------------- robust covariance


def _sandwich(X, y, kind):
    """The textbook formula, with an explicit inverse: the independent reference."""
    n, p = X.shape
    A = np.linalg.inv(X.T @ X) @ X.T
    r = y - X @ (A @ y)
    h = np.diag(X @ A)
    omega = {
        "HC0": r**2,
        "HC1": r**2 * n / (n - p),
        "HC2": r**2 / (1 - h),
        "HC3": r**2 / (1 - h) ** 2,
    }[kind]
    return A @ np.diag(omega) @ A.T


@pytest.mark.parametrize("kind", ["HC0", "HC1", "HC2", "HC3"])
def test_hc_covariance_matches_the_sandwich_formula(design, kind):
    X, x, rng = design
    y = 2 + x + 0.3 * x * rng.normal(size=len(x))
    np.testing.assert_allclose(
        hc_covariance(X, y, kind=kind), _sandwich(X, y, kind), rtol=1e-9
    )


def test_hc_covariance_of_a_mean_has_closed_forms():
    y = np.array([1.0, 4.0, 2.0, 7.0, 6.0])
    n, ss = len(y), np.sum((y - y.mean()) ** 2)
    X = np.ones((n, 1))
    assert hc_covariance(X, y, kind="HC0")[0, 0] == pytest.approx(ss / n**2)
    # HC1 and HC2 both give s^2 / n, the usual variance of a mean
    assert hc_covariance(X, y, kind="HC1")[0, 0] == pytest.approx(ss / (n - 1) / n)
    assert hc_covariance(X, y, kind="HC2")[0, 0] == pytest.approx(ss / (n - 1) / n)
    assert hc_covariance(X, y, kind="HC3")[0, 0] == pytest.approx(ss / (n - 1) ** 2)


def test_hc_covariance_stacks_data_sets_and_hc2_is_unbiased_under_homoscedasticity(
    design,
):
    X, _, rng = design
    Y = rng.normal(size=(len(X), 4000))
    stacked = hc_covariance(X, Y, kind="HC2")
    assert stacked.shape == (4000, 3, 3)
    np.testing.assert_allclose(
        stacked[17], hc_covariance(X, Y[:, 17], kind="HC2"), rtol=1e-12
    )
    truth = np.linalg.inv(X.T @ X)  # sigma = 1
    error = stacked.std(axis=0) / np.sqrt(4000)
    assert np.all(np.abs(stacked.mean(axis=0) - truth) < 4 * error)
    hc0 = hc_covariance(X, Y, kind="HC0").mean(axis=0)
    assert hc0[1, 1] < truth[1, 1] - 4 * error[1, 1]  # White's is biased downwards


def test_hc_covariance_rejects_bad_input(design):
    X, x, _ = design
    with pytest.raises(ValueError, match="kind must be one of HC0, HC1, HC2, HC3"):
        hc_covariance(X, x, kind="HC4")
    with pytest.raises(ValueError, match=r"y must have shape \(30,\)"):
        hc_covariance(X, x[:-1])
    # which rows: X's (a wrong X was reported as a wrong y only)
    with pytest.raises(ValueError, match=r"for the 29 rows of X, got \(30,\)"):
        hc_covariance(X[:-1], x)
    with pytest.raises(ValueError, match=r"for the 29 rows of X, got \(30,\)"):
        feasible_wls(X[:-1], x)
    with pytest.raises(ValueError, match="full column rank"):
        hc_covariance(np.column_stack([x, 2 * x]), x)
    spike = np.column_stack([np.ones(5), [0, 0, 0, 0, 1.0]])  # row 4 has leverage 1
    with pytest.raises(ValueError, match=r"leverage 1 \(row 4\)"):
        hc_covariance(spike, [1.0, 2, 3, 4, 5], kind="HC2")
    assert np.isfinite(hc_covariance(spike, [1.0, 2, 3, 4, 5], kind="HC0")).all()
    with pytest.raises(ValueError, match="n - p = 0"):
        hc_covariance(np.eye(2), [1.0, 2.0], kind="HC1")


# ----------------------------------------------------------------------- feasible WLS


def test_feasible_wls_matches_its_three_steps_done_by_scikit_learn(design):
    X, x, rng = design
    y = 1 + 2 * x + 0.4 * x * rng.normal(size=len(x))
    Z = np.column_stack([np.ones(len(x)), np.log(x)])
    fit = feasible_wls(X, y, variance_design=Z)
    residuals = y - LinearRegression(fit_intercept=False).fit(X, y).predict(X)
    gamma = LinearRegression(fit_intercept=False).fit(Z, np.log(residuals**2)).coef_
    weights = np.exp(-(Z @ gamma))
    reference = LinearRegression(fit_intercept=False).fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(fit.variance_coef, gamma, rtol=1e-9)
    np.testing.assert_allclose(fit.sample_weight, weights, rtol=1e-9)
    np.testing.assert_allclose(fit.coef, reference.coef_, rtol=1e-9)


def test_feasible_wls_fits_each_column_and_beats_least_squares(design):
    X, x, rng = design
    Z = np.column_stack([np.ones(len(x)), np.log(x)])
    theta = np.array([1.0, 2.0, 0.0])
    Y = (X @ theta)[:, None] + (0.2 * x**2)[:, None] * rng.normal(size=(len(x), 3000))
    fit = feasible_wls(X, Y, variance_design=Z)
    assert fit.coef.shape == (3, 3000) and fit.sample_weight.shape == (30, 3000)
    single = feasible_wls(X, Y[:, 5], variance_design=Z)
    np.testing.assert_allclose(fit.coef[:, 5], single.coef, rtol=1e-9)
    ols_slopes = np.linalg.lstsq(X, Y, rcond=None)[0][1]
    assert fit.coef[1].var() < 0.8 * ols_slopes.var()
    error = fit.coef[1].std() / np.sqrt(3000)
    assert abs(fit.coef[1].mean() - theta[1]) < 4 * error


def test_feasible_wls_rejects_bad_input(design):
    X, x, _ = design
    with pytest.raises(ValueError, match="variance_design must have shape"):
        feasible_wls(X, x, variance_design=np.ones((29, 1)))
    with pytest.raises(
        ValueError, match="variance_design: X must have full column rank"
    ):
        feasible_wls(X, x, variance_design=np.column_stack([x, x]))
    with pytest.raises(ValueError, match="residual of sample"):
        feasible_wls(X, X @ [1.0, 2.0, 3.0])  # an exact fit: every residual is 0
    with pytest.raises(ValueError, match="full column rank"):
        feasible_wls(np.column_stack([x, x]), x)


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e200, 1e300])
def test_feasible_wls_and_hc_covariance_at_either_end_of_the_float_range(design, scale):
    # log(r**2) over- or underflowed (RuntimeWarning, then coef 0 or NaN) though
    # the coefficients scale with y; the covariance warned on its way to inf or 0
    X, x, rng = design
    y = 1 + 2 * x + 0.4 * x * rng.normal(size=len(x))
    base, base_cov = feasible_wls(X, y), hc_covariance(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = feasible_wls(X, y * scale)
        stacked = feasible_wls(X, np.column_stack([y, 3 * y]) * scale)
        cov_y, cov_x = hc_covariance(X, y * scale), hc_covariance(X * scale, y)
    np.testing.assert_allclose(fit.coef, base.coef * scale, rtol=1e-9, atol=0)
    np.testing.assert_allclose(stacked.coef[:, 1], 3 * base.coef * scale, rtol=1e-9)
    # the covariance in y's units squared (X's to the minus two): inf or 0 beyond
    with np.errstate(over="ignore", under="ignore"):
        np.testing.assert_allclose(cov_y, base_cov * scale * scale, rtol=1e-12, atol=0)
        np.testing.assert_allclose(cov_x, base_cov / scale / scale, rtol=1e-12, atol=0)


# ----------------------------------------------------------------- Fisher information


def _numerical_information(log_density, theta, low=-np.inf, high=np.inf, step=1e-5):
    """E[(d/dtheta log p)^2] by a central difference and scipy's quadrature."""

    def integrand(y):
        score = (log_density(y, theta + step) - log_density(y, theta - step)) / (
            2 * step
        )
        return score**2 * np.exp(log_density(y, theta))

    return scipy.integrate.quad(integrand, low, high, limit=200)[0]


y_, mu_ = sp.symbols("y mu", real=True)


@pytest.mark.slow
def test_fisher_information_of_normal_location_and_scale():
    sigma = sp.Symbol("sigma", positive=True)
    density = stats.density(stats.Normal("Y", mu_, sigma))(y_)
    assert symbolic.fisher_information(density, mu_, y_) == sigma**-2
    assert symbolic.fisher_information(density, sigma, y_) == 2 / sigma**2
    numeric = _numerical_information(
        lambda y, s: scipy.stats.norm.logpdf(y, 0.3, s), 1.7
    )
    value = symbolic.fisher_information(density.subs(mu_, 0.3), sigma, y_)
    assert float(value.subs(sigma, 1.7)) == pytest.approx(numeric, rel=1e-6)


def test_fisher_information_with_a_kink_and_a_half_line_support():
    b = sp.Symbol("b", positive=True)
    laplace = stats.density(stats.Laplace("Y", mu_, b))(y_)
    information = symbolic.fisher_information(laplace, mu_, y_)
    assert information == b**-2
    numeric = _numerical_information(
        lambda y, m: scipy.stats.laplace.logpdf(y, m, 0.8), 0.0, -40, 40, step=1e-7
    )
    assert numeric == pytest.approx(float(information.subs(b, 0.8)), rel=1e-4)
    rate = sp.Symbol("rate", positive=True)
    t = sp.Symbol("t", positive=True)
    exponential = rate * sp.exp(-rate * t)
    information = symbolic.fisher_information(exponential, rate, t, support=(0, sp.oo))
    assert information == rate**-2
    numeric = _numerical_information(
        lambda y, r: np.log(r) - r * y, 2.5, low=0.0, high=40.0
    )
    assert float(information.subs(rate, 2.5)) == pytest.approx(numeric, rel=1e-6)


def test_cramer_rao_bound_and_the_median_efficiencies():
    s = sp.Symbol("s", positive=True)
    normal = stats.density(stats.Normal("Y", mu_, s))(y_)
    laplace = stats.density(stats.Laplace("Y", mu_, s))(y_)
    assert symbolic.cramer_rao_bound(normal, mu_, y_) == s**2 / symbolic.N
    assert symbolic.cramer_rao_bound(laplace, mu_, y_, n=5) == s**2 / 5
    normal_eff = symbolic.median_efficiency(normal, y_, mu_)
    assert normal_eff.efficiency == 2 / sp.pi
    assert normal_eff.median_variance == sp.pi * s**2 / 2
    laplace_eff = symbolic.median_efficiency(laplace, y_, mu_)
    assert laplace_eff.efficiency == 2
    assert laplace_eff.mean_variance == 2 * s**2
    # against scipy: 1 / (4 f(0)^2) and the variance of the standard normal
    assert float(normal_eff.median_variance.subs(s, 1)) == pytest.approx(
        1 / (4 * scipy.stats.norm.pdf(0) ** 2)
    )


def test_fisher_information_rejects_bad_input():
    s = sp.Symbol("s", positive=True)
    normal = stats.density(stats.Normal("Y", mu_, s))(y_)
    with pytest.raises(TypeError, match="density must be a sympy expression"):
        symbolic.fisher_information("exp(-y**2)", mu_, y_)
    with pytest.raises(TypeError, match="variable must be a sympy Symbol"):
        symbolic.fisher_information(normal, mu_, "y")
    with pytest.raises(ValueError, match="density must depend on parameter"):
        symbolic.fisher_information(normal, sp.Symbol("z"), y_)
    with pytest.raises(ValueError, match="density must integrate to 1"):
        symbolic.fisher_information(2 * normal, mu_, y_)
    with pytest.raises(TypeError, match="support must be a pair"):
        symbolic.fisher_information(normal, mu_, y_, support=3)
    skewed = stats.density(stats.Exponential("T", s))(y_)
    with pytest.raises(ValueError, match="density must depend on centre mu"):
        symbolic.median_efficiency(skewed, y_, mu_)
    shifted = sp.exp(-(y_ - mu_)) * sp.exp(
        -sp.exp(-(y_ - mu_))
    )  # Gumbel: not symmetric
    with pytest.raises(ValueError, match="density must be symmetric"):
        symbolic.median_efficiency(shifted, y_, mu_)


# ------------------------------------------------------------------- James-Stein risk


def _james_stein_risk_reference(distance, p, c=None):
    """E||(1 - c/|x|^2) x - theta||^2 for sigma = 1, by quadrature over scipy's ncx2."""
    c = p - 2 if c is None else c
    lam = distance**2
    inverse = scipy.integrate.quad(
        lambda q: (
            scipy.stats.ncx2.pdf(q, p, lam) / q
            if lam
            else scipy.stats.chi2.pdf(q, p) / q
        ),
        0,
        np.inf,
        limit=200,
    )[0]
    return p - (2 * c * (p - 2) - c**2) * inverse


@pytest.mark.parametrize("p", [3, 10])
def test_james_stein_risk_matches_quadrature_over_the_noncentral_chi_square(p):
    risk = sp.lambdify(
        symbolic.NONCENTRALITY,
        symbolic.james_stein_risk(p).subs(symbolic.SIGMA, 1),
        "mpmath",
    )
    for distance in (0.0, 1.0, 3.0, 10.0):
        reference = _james_stein_risk_reference(distance, p)
        assert float(risk(distance**2)) == pytest.approx(reference, rel=1e-7)
    general = symbolic.james_stein_risk(p, constant=1).subs(symbolic.SIGMA, 1)
    value = float(sp.lambdify(symbolic.NONCENTRALITY, general, "mpmath")(4.0))
    assert value == pytest.approx(_james_stein_risk_reference(2.0, p, c=1), rel=1e-7)


def test_james_stein_risk_matches_the_review_table_and_a_simulation():
    risk = symbolic.james_stein_risk(10).subs(symbolic.SIGMA, 1)
    at = sp.lambdify(symbolic.NONCENTRALITY, risk, "mpmath")
    values = [round(float(at(d**2)), 3) for d in range(0, 11, 2)]
    assert values == [2.0, 4.376, 7.172, 8.487, 9.088, 9.397]
    rng = np.random.default_rng(5)
    theta = np.full(10, 3 / np.sqrt(10))
    x = theta + rng.normal(size=(40_000, 10))
    shrunk = (1 - 8 / np.sum(x**2, axis=1, keepdims=True)) * x
    loss = np.sum((shrunk - theta) ** 2, axis=1)
    assert abs(loss.mean() - float(at(9.0))) < 4 * loss.std() / np.sqrt(len(loss))


def test_steins_unbiased_risk_estimate_is_unbiased():
    p = 6
    sure = sp.lambdify(
        symbolic.NORM, symbolic.james_stein_unbiased_risk(p).subs(symbolic.SIGMA, 1)
    )
    assert (
        symbolic.james_stein_unbiased_risk()
        == symbolic.P * symbolic.SIGMA**2
        - (symbolic.P - 2) ** 2 * symbolic.SIGMA**4 / symbolic.NORM**2
    )
    rng = np.random.default_rng(2)
    theta = np.linspace(-1, 1, p)
    x = theta + rng.normal(size=(40_000, p))
    estimates = sure(np.linalg.norm(x, axis=1))
    exact = float(
        symbolic.james_stein_risk(p)
        .subs({symbolic.SIGMA: 1, symbolic.NONCENTRALITY: float(theta @ theta)})
        .evalf()
    )
    assert abs(estimates.mean() - exact) < 4 * estimates.std() / np.sqrt(len(estimates))
    # the symbolic risk at the origin agrees with the chi-square derivation
    at_zero = sp.hyperexpand(
        symbolic.james_stein_risk().subs(symbolic.NONCENTRALITY, 0)
    )
    assert sp.simplify(at_zero - symbolic.james_stein_risk_at_zero()) == 0
    assert scipy.special.hyp1f1(1, 5, -2.0) == pytest.approx(
        float(sp.hyper([1], [5], -2).evalf())
    )


def test_james_stein_risk_rejects_bad_input():
    with pytest.raises(ValueError, match="p must be at least 3"):
        symbolic.james_stein_risk(2)
    with pytest.raises(ValueError, match="constant must be a non-negative number"):
        symbolic.james_stein_unbiased_risk(5, constant=-1)
    with pytest.raises(ValueError, match="p must be a positive integer symbol"):
        symbolic.james_stein_risk(sp.Symbol("q"))


# ---------------------------------------------------------- the new exercises' checkers


def _heavy_ball(L, mu):
    root = np.sqrt(L / mu)
    return 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, ((root - 1) / (root + 1)) ** 2


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (_heavy_ball, None),
        (lambda L, mu: list(_heavy_ball(L, mu)), None),
        (lambda L, mu: _heavy_ball(L, mu)[::-1], "swapped"),
        (
            lambda L, mu: (_heavy_ball(L, mu)[0], np.sqrt(_heavy_ball(L, mu)[1])),
            "the momentum is its square",
        ),
        (
            lambda L, mu: (_heavy_ball(L, mu)[0], ((L / mu - 1) / (L / mu + 1)) ** 2),
            "uses kappa where the formula has its square root",
        ),
        (
            lambda L, mu: (2 / (L + mu), _heavy_ball(L, mu)[1]),
            "best step of plain gradient descent",
        ),
        (
            lambda L, mu: (4 / (L + mu), _heavy_ball(L, mu)[1]),
            "misses the square roots",
        ),
        (lambda L, mu: 0.5, "return a pair (step, momentum)"),
        (lambda L, mu: None, "did you forget `return`?"),
    ],
)
def test_heavy_ball_checker(answer, explanation):
    feedback = exercises.heavy_ball_parameters.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)


def test_the_heavy_ball_parameters_give_the_square_root_rate():
    rng = np.random.default_rng(3)
    H = np.diag([100.0, 30.0, 1.0])  # the Hessian of 0.5 e^T H e: L = 100, mu = 1
    step, momentum = _heavy_ball(100.0, 1.0)
    e = rng.normal(size=3)
    start, previous = np.linalg.norm(e), e.copy()
    rate = (np.sqrt(100) - 1) / (np.sqrt(100) + 1)  # 9/11 per step
    for k in range(1, 201):
        e, previous = e - step * H @ e + momentum * (e - previous), e
        if k in (50, 100, 200):
            # rate^k times a factor linear in k (the roots coincide at mu and L)
            ratio = np.linalg.norm(e) / (rate**k * start)
            assert 0.5 * (k + 1) < ratio < 2 * (k + 1)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda t, p, n, s2: t + 2 * s2 * p / n, None),
        (lambda t, p, n, s2: t + s2 * p / n, "half the optimism"),
        (lambda t, p, n, s2: t + 2 * s2 * p, "divide by n"),
        (
            lambda t, p, n, s2: t * n / (n - p),
            "unbiased estimate of the noise variance",
        ),
        (lambda t, p, n, s2: t + 2 * s2 * p / (n - p), "divides by n - p"),
        (lambda t, p, n, s2: t - 2 * s2 * p / n, "subtracts the optimism"),
        (lambda t, p, n, s2: 1.0, "Cp is 0.168, not 1"),
        (lambda t, p, n, s2: None, "did you forget `return`?"),
    ],
)
def test_mallows_cp_checker(answer, explanation):
    feedback = exercises.mallows_cp.check(answer)
    if explanation is None:
        assert feedback.passed is True
    else:
        assert feedback.passed is False and explanation in repr(feedback)
