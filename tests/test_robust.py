"""Robust regression and the biweight loss agree with scikit-learn and scipy, and reject
bad input by name.
"""

import warnings

import numpy as np
import pytest
from scipy import optimize
from sklearn.linear_model import HuberRegressor
from sklearn.linear_model._huber import _huber_loss_and_gradient

from msebook import huber, huber_regression, quantile_regression, tukey_biweight
from msebook.models import ConvergenceWarning


def _data(seed, n, p, scaled=False):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if scaled:
        X *= rng.uniform(0.1, 10, p)
    y = X @ rng.normal(size=p) + 3 + rng.standard_t(2, n)  # heavy tails: outliers
    return X, y


def _sklearn_huber_objective(
    coef, intercept, scale, X, y, epsilon, alpha, fit_intercept
):
    w = np.r_[coef, [intercept] if fit_intercept else [], scale]
    return _huber_loss_and_gradient(w, X, y, epsilon, alpha, np.ones(len(y)))[0]


# Huber regression


HUBER_CASES = [  # seed, n, p, epsilon, alpha, fit_intercept, scaled columns
    (0, 200, 3, 1.35, 0.0, True, False),
    (1, 60, 5, 1.35, 0.1, True, True),
    (2, 150, 2, 2.0, 10.0, True, False),
    (3, 120, 4, 1.1, 0.0, False, True),
    (4, 30, 1, 1.35, 1.0, False, False),
]


@pytest.mark.parametrize("case", HUBER_CASES, ids=lambda c: f"seed{c[0]}")
def test_huber_regression_reaches_the_minimum_of_scikit_learns_objective(case):
    seed, n, p, epsilon, alpha, fit_intercept, scaled = case
    X, y = _data(seed, n, p, scaled)
    options = {"epsilon": epsilon, "alpha": alpha, "fit_intercept": fit_intercept}
    fit = huber_regression(X, y, **options)
    assert fit.converged and fit.n_iter < 30
    reference = HuberRegressor(**options, tol=1e-10, max_iter=100_000).fit(X, y)
    ref_args = (X, y, epsilon, alpha, fit_intercept)
    value = _sklearn_huber_objective(
        reference.coef_, reference.intercept_, reference.scale_, *ref_args
    )
    # the objective reported is scikit-learn's, and no higher than its tight solution
    assert fit.objective == pytest.approx(
        _sklearn_huber_objective(fit.coef, fit.intercept, fit.scale, *ref_args),
        rel=1e-14,
    )
    assert fit.objective <= value * (1 + 1e-15)
    # L-BFGS-B run from there with no tolerance on the objective: the same point
    w = np.r_[
        reference.coef_,
        [reference.intercept_] if fit_intercept else [],
        reference.scale_,
    ]
    bounds = [(None, None)] * (len(w) - 1) + [(1e-15, None)]
    tight = optimize.minimize(
        _huber_loss_and_gradient,
        w,
        args=(X, y, epsilon, alpha, np.ones(n)),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"ftol": 0, "gtol": 1e-12, "maxiter": 100_000, "maxcor": 50},
    )
    assert fit.objective <= tight.fun * (1 + 1e-14)
    np.testing.assert_allclose(fit.coef, tight.x[:p], rtol=1e-6, atol=1e-9)
    assert fit.scale == pytest.approx(tight.x[-1], rel=1e-6)
    # and scikit-learn's own estimate, where its L-BFGS-B (which also stops when the
    # objective stalls, whatever tol says) gets that close: on unscaled columns
    if not scaled:
        np.testing.assert_allclose(fit.coef, reference.coef_, rtol=1e-4, atol=1e-6)


def test_huber_regression_is_equivariant_and_resists_an_outlier():
    X, y = _data(5, 100, 2)
    fit = huber_regression(X, y)
    scaled = huber_regression(X, 1000 * y + 7)
    np.testing.assert_allclose(scaled.coef, 1000 * fit.coef, rtol=1e-9)
    assert scaled.intercept == pytest.approx(1000 * fit.intercept + 7, rel=1e-9)
    assert scaled.scale == pytest.approx(1000 * fit.scale, rel=1e-9)
    spoiled = y.copy()
    spoiled[0] += 1e6
    moved = huber_regression(X, spoiled)
    # one huge value moves the fit by a bounded amount; least squares follows it
    assert np.abs(moved.coef - fit.coef).max() < 0.2
    least_squares = np.linalg.lstsq(
        np.column_stack([X, np.ones(100)]), spoiled, rcond=None
    )[0]
    assert np.abs(least_squares[:2] - fit.coef).max() > 1000


def test_huber_regression_of_normal_data_is_close_to_least_squares():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(5000, 2))
    y = X @ [1.0, -1.0] + rng.normal(size=5000)
    fit = huber_regression(X, y)
    np.testing.assert_allclose(fit.coef, [1.0, -1.0], atol=0.05)
    # the scale is not the standard deviation: setting the derivative in sigma to
    # zero, it solves E[min(Z**2, (epsilon sigma)**2)] = sigma**2, 0.6813 for the normal
    assert fit.scale == pytest.approx(0.6813, abs=0.02)


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e200, 1e300])
def test_robust_regressions_of_an_extreme_design(scale):
    # X'X overflowed (RuntimeWarning, then NaN); the coefficients scale as 1/scale
    X, y = _data(9, 60, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        huber_fit = huber_regression(X * scale, y)
        quantile_fit = quantile_regression(X * scale, y, quantile=0.3)
    huber_base = huber_regression(X, y)
    quantile_base = quantile_regression(X, y, quantile=0.3)
    np.testing.assert_allclose(huber_fit.coef * scale, huber_base.coef, rtol=1e-7)
    assert huber_fit.scale == pytest.approx(huber_base.scale, rel=1e-7)
    assert quantile_fit.objective == pytest.approx(quantile_base.objective, rel=1e-12)
    np.testing.assert_allclose(quantile_fit.coef * scale, quantile_base.coef, rtol=1e-9)


@pytest.mark.parametrize("alpha", [1e3, 1e10, 1e50, 1e100])
def test_huber_regression_with_a_huge_penalty_fits_location_and_scale(alpha):
    # a huge penalty zeroes coef; the fit is then Huber's location and scale of y.
    # Newton's method once passed through a point where every residual is an
    # outlier (the objective linear in intercept and scale, the Hessian singular
    # there) and stopped, reporting convergence, at intercept 1.19 and scale 0.023
    rng = np.random.default_rng(0)
    X = np.column_stack([np.arange(8.0), np.arange(8.0) ** 2 / 10])
    y = X @ [2.0, -0.5] + 1 + rng.normal(0, 0.3, 8)
    fit = huber_regression(X, y, alpha=alpha)
    assert fit.converged
    ref_args = (X, y, 1.35, alpha, True)
    assert fit.objective == pytest.approx(
        _sklearn_huber_objective(fit.coef, fit.intercept, fit.scale, *ref_args),
        rel=1e-14,
    )
    w = np.r_[fit.coef, fit.intercept, fit.scale]
    tight = optimize.minimize(
        _huber_loss_and_gradient,
        w,
        args=(X, y, 1.35, alpha, np.ones(8)),
        jac=True,
        method="L-BFGS-B",
        bounds=[(None, None)] * 3 + [(1e-15, None)],
        options={"ftol": 0, "gtol": 1e-12, "maxiter": 100_000},
    )
    assert fit.objective <= tight.fun * (1 + 1e-14)
    if alpha >= 1e10:  # coef -> 0 as 1/alpha; the limit: a direct minimisation
        np.testing.assert_allclose(
            fit.coef * alpha, [18.1709667, 12.7035269], rtol=1e-6
        )

        def location_scale(v):
            w = np.r_[0.0, 0.0, v]
            return _huber_loss_and_gradient(w, X, y, 1.35, 0.0, np.ones(8))[0]

        limit = optimize.minimize(
            location_scale,
            [7.0, 3.0],
            method="Nelder-Mead",
            options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 10_000},
        )
        assert fit.intercept == pytest.approx(limit.x[0], rel=1e-8)
        assert fit.scale == pytest.approx(limit.x[1], rel=1e-8)
        assert fit.objective <= limit.fun * (1 + 1e-14)


def test_huber_regression_warns_when_it_stops_early():
    X, y = _data(6, 80, 3)
    with pytest.warns(
        ConvergenceWarning, match="huber_regression did not converge in max_iter=1"
    ):
        fit = huber_regression(X, y, max_iter=1)
    assert not fit.converged and fit.n_iter == 1


# Quantile regression


def _linprog_quantile(X, y, quantile, alpha, fit_intercept):
    """The same linear programme, solved by HiGHS: (coefficients with intercept,
    objective).
    """
    n, p = X.shape
    design = np.column_stack([X, np.ones(n)]) if fit_intercept else X
    k = design.shape[1]
    penalty = np.r_[np.full(p, alpha), np.zeros(k - p)]
    cost = np.r_[
        penalty, penalty, np.full(n, quantile / n), np.full(n, (1 - quantile) / n)
    ]
    constraints = np.hstack([design, -design, np.eye(n), -np.eye(n)])
    result = optimize.linprog(
        cost, A_eq=constraints, b_eq=y, bounds=(0, None), method="highs"
    )
    assert result.status == 0
    return result.x[:k] - result.x[k : 2 * k], result.fun


QUANTILE_CASES = [  # seed, n, p, quantile, alpha, fit_intercept, scaled columns
    (10, 100, 3, 0.5, 0.0, True, False),
    (11, 150, 2, 0.1, 0.0, True, True),
    (12, 60, 4, 0.9, 0.05, True, False),
    (13, 200, 1, 0.27, 0.0, False, True),
    (14, 40, 5, 0.5, 0.3, False, False),
    (15, 12, 5, 0.75, 0.0, True, False),
]


@pytest.mark.parametrize("case", QUANTILE_CASES, ids=lambda c: f"seed{c[0]}")
def test_quantile_regression_solves_the_linear_programme_exactly(case):
    seed, n, p, quantile, alpha, fit_intercept, scaled = case
    X, y = _data(seed, n, p, scaled)
    fit = quantile_regression(
        X, y, quantile=quantile, alpha=alpha, fit_intercept=fit_intercept
    )
    assert fit.converged
    coefficients, value = _linprog_quantile(X, y, quantile, alpha, fit_intercept)
    assert fit.objective == pytest.approx(value, rel=1e-8)
    assert fit.objective <= value * (1 + 1e-12)
    # the optimum of continuous data is unique: the same vertex
    mine = np.r_[fit.coef, [fit.intercept] if fit_intercept else []]
    np.testing.assert_allclose(mine, coefficients, rtol=1e-8, atol=1e-10)
    # a vertex: the fit passes through at least as many points as it has free
    # coefficients
    residual = y - X @ fit.coef - fit.intercept
    free = int((np.abs(fit.coef) > 1e-12).sum()) + fit_intercept
    assert (np.abs(residual) <= 1e-9 * np.abs(y).max()).sum() >= free


def test_quantile_regression_agrees_with_scikit_learns_quantile_regressor():
    from sklearn.linear_model import QuantileRegressor

    X, y = _data(16, 80, 2)
    for quantile, alpha in [(0.5, 0.0), (0.2, 0.01)]:
        fit = quantile_regression(X, y, quantile=quantile, alpha=alpha)
        reference = QuantileRegressor(
            quantile=quantile, alpha=alpha, solver="highs"
        ).fit(X, y)
        np.testing.assert_allclose(fit.coef, reference.coef_, rtol=1e-8, atol=1e-10)
        assert fit.intercept == pytest.approx(reference.intercept_, rel=1e-8)


def test_the_median_of_a_constant_design_is_the_sample_median():
    y = np.array([3.0, -1.0, 10.0, 2.0, 7.0, 100.0, 4.0])
    fit = quantile_regression(np.zeros((7, 1)), y)
    assert fit.intercept == 4.0 and fit.coef[0] == 0.0
    fit = quantile_regression(np.ones((7, 1)), y, fit_intercept=False, quantile=0.25)
    assert fit.coef[0] == 2.0  # the 0.25-quantile of 7 values: the second smallest


def test_quantile_regression_warns_when_it_stops_early():
    X, y = _data(17, 80, 3)
    with pytest.warns(ConvergenceWarning, match="quantile_regression did not converge"):
        fit = quantile_regression(X, y, max_iter=2)
    assert not fit.converged


def test_extreme_targets_are_fitted_without_overflow():
    X, y = _data(18, 50, 2)
    for factor in (1e300, 1e-300):
        fit = quantile_regression(X, factor * y)
        plain = quantile_regression(X, y)
        np.testing.assert_allclose(fit.coef, factor * plain.coef, rtol=1e-9)


# Bad input


BAD_INPUT = [
    (
        huber_regression,
        {"epsilon": 1.0},
        ValueError,
        "epsilon must be greater than 1, got 1.0",
    ),
    (
        huber_regression,
        {"epsilon": "2"},
        TypeError,
        "epsilon must be a real number, got '2'",
    ),
    (
        huber_regression,
        {"alpha": -0.1},
        ValueError,
        "alpha must be non-negative, got -0.1",
    ),
    (
        huber_regression,
        {"max_iter": 0},
        ValueError,
        "max_iter must be at least 1, got 0",
    ),
    (
        huber_regression,
        {"fit_intercept": 1},
        TypeError,
        "fit_intercept must be True or False, got 1",
    ),
    (
        quantile_regression,
        {"quantile": 0.0},
        ValueError,
        "quantile must be strictly between 0 and 1, got 0.0",
    ),
    (
        quantile_regression,
        {"quantile": 1.5},
        ValueError,
        "quantile must be strictly between 0 and 1, got 1.5",
    ),
    (
        quantile_regression,
        {"quantile": np.nan},
        ValueError,
        "quantile must be finite, got nan",
    ),
    (
        quantile_regression,
        {"alpha": -1},
        ValueError,
        "alpha must be non-negative, got -1",
    ),
    (
        quantile_regression,
        {"max_iter": 2.5},
        TypeError,
        "max_iter must be an integer, got float",
    ),
]


@pytest.mark.parametrize("function, options, error, message", BAD_INPUT)
def test_bad_options_are_named(function, options, error, message):
    X, y = _data(19, 20, 2)
    with pytest.raises(error, match=f"^{message}"):
        function(X, y, **options)


@pytest.mark.parametrize("function", [huber_regression, quantile_regression])
def test_bad_data_are_named(function):
    X, y = _data(20, 20, 2)
    with pytest.raises(ValueError, match="X must be 2-D"):
        function(X[:, 0], y)
    with pytest.raises(
        ValueError, match="X and y must have the same number of samples, got 20 and 19"
    ):
        function(X, y[:-1])
    with pytest.raises(
        ValueError, match=r"y must be 1-D \(n_samples,\), got shape \(20, 2\)"
    ):
        function(X, np.column_stack([y, y]))
    bad = y.copy()
    bad[3] = np.nan
    with pytest.raises(ValueError, match="y contains nan at index 3"):
        function(X, bad)
    with pytest.raises(TypeError, match="X must hold real numbers"):
        function(X.astype(complex), y)


# Tukey's biweight loss


def _biweight_reference(r, c):
    r = np.asarray(r, dtype=float)
    return np.where(np.abs(r) <= c, c**2 / 6 * (1 - (1 - (r / c) ** 2) ** 3), c**2 / 6)


def test_tukey_biweight_is_its_definition():
    rng = np.random.default_rng(21)
    y_true, y_pred = rng.normal(size=300), rng.normal(scale=4, size=300)
    weights = rng.uniform(0, 2, 300)
    for c in (0.5, 4.685, 30.0):
        terms = _biweight_reference(y_true - y_pred, c)
        assert tukey_biweight(y_true, y_pred, c=c) == pytest.approx(
            terms.mean(), rel=1e-13
        )
        assert tukey_biweight(
            y_true, y_pred, c=c, sample_weight=weights
        ) == pytest.approx(np.average(terms, weights=weights), rel=1e-13)


def test_tukey_biweight_is_half_the_squared_error_near_zero_and_bounded():
    small = np.array([1e-9, -3e-5, 1e-3])
    assert tukey_biweight(np.zeros(3), small) == pytest.approx(
        np.mean(small**2 / 2), rel=1e-5
    )
    assert tukey_biweight([0.0], [1e-9]) == pytest.approx(
        0.5e-18, rel=1e-12
    )  # no cancellation
    assert tukey_biweight([0.0, 0.0], [1e6, -1e300], c=2.0) == pytest.approx(
        4 / 6, rel=1e-15
    )
    assert tukey_biweight([1e308], [-1e308]) == pytest.approx(4.685**2 / 6, rel=1e-15)
    # below huber with delta = c everywhere, equal to first order near zero
    r = np.linspace(-10, 10, 101)
    assert tukey_biweight(r, 0 * r, multioutput="raw_values") <= huber(
        r, 0 * r, delta=4.685
    )


def test_tukey_biweight_follows_the_metric_conventions():
    y_true = np.array([[0.0, 1.0], [2.0, np.nan], [4.0, 5.0]])
    y_pred = np.array([[1.0, 1.0], [2.0, 3.0], [9.0, 5.0]])
    per_output = tukey_biweight(
        y_true, y_pred, multioutput="raw_values", nan_policy="omit", c=2.0
    )
    np.testing.assert_allclose(
        per_output, [(_biweight_reference(1.0, 2.0) + 4 / 6) / 3, 0.0]
    )
    propagated = tukey_biweight(
        y_true, y_pred, multioutput="raw_values", nan_policy="propagate"
    )
    assert np.isnan(propagated[1]) and np.isfinite(propagated[0])
    with pytest.raises(ValueError, match=r"y_true contains nan at index \(1, 1\)"):
        tukey_biweight(y_true, y_pred)
    with pytest.raises(ValueError, match="y_pred contains inf at index 0"):
        tukey_biweight([0.0], [np.inf])
    with pytest.raises(ValueError, match="c must be positive, got 0"):
        tukey_biweight([0.0], [1.0], c=0)
    with pytest.raises(TypeError, match="c must be a real number, got None"):
        tukey_biweight([0.0], [1.0], c=None)


# The chapter's exercise checkers


def test_the_trimmed_mean_checker_names_the_usual_slips():
    from msebook import exercises

    def right(values, proportion):
        ordered = sorted(values)
        g = int(proportion * len(ordered))
        return float(np.mean(ordered[g : len(ordered) - g]))

    def unsorted(values, proportion):
        g = int(proportion * len(values))
        return float(np.mean(values[g : len(values) - g]))

    def top_only(values, proportion):
        g = int(proportion * len(values))
        return float(np.mean(sorted(values)[: len(values) - g]))

    assert exercises.trimmed_mean.check(right).passed is True
    for answer, words in [
        (unsorted, "sort the values first"),
        (top_only, "cuts only the largest values"),
        (lambda v, p: float(np.mean(v)), "is the plain mean"),
        (lambda v, p: float(np.median(v)), "is the median"),
        (lambda v, p: 3.0, "should be 3.75 (cut 1 from each end)"),
    ]:
        feedback = exercises.trimmed_mean.check(answer)
        assert not feedback and words in repr(feedback), repr(feedback)


def test_the_biweight_weights_checker_names_the_usual_slips():
    from msebook import exercises

    def weights(u, c, inside=True, square=2, psi=False, scaled=True):
        u = np.asarray(u, dtype=float)
        v = u / c if scaled else u
        w = (1 - v**2) ** square * (u if psi else 1)
        return np.where(np.abs(v) < 1, w, 0.0) if inside else w

    assert exercises.biweight_weights.check(weights).passed is True
    for options, words in [
        ({"square": 1}, "the biweight squares it"),
        ({"inside": False}, "the weight is 0 for |u| >= c"),
        ({"psi": True}, "are psi(u) = u * w(u)"),
        ({"scaled": False}, "ignore c"),
    ]:
        feedback = exercises.biweight_weights.check(
            lambda u, c, o=options: weights(u, c, **o)
        )
        assert not feedback and words in repr(feedback), repr(feedback)
    feedback = exercises.biweight_weights.check(lambda u, c: 1.0)
    assert not feedback and "return one weight per residual, shape (7,)" in repr(
        feedback
    )


def test_exact_and_degenerate_data_are_fitted_without_warnings():
    x = np.arange(10.0)[:, None]
    line = 1 + 2 * x[:, 0]
    spoiled = line.copy()
    spoiled[3] += 40  # nine points on a line: the scale collapses, the fit is exact
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for y, coef, intercept in [
            (line, 2.0, 1.0),
            (spoiled, 2.0, 1.0),
            (np.full(10, 3.0), 0.0, 3.0),
            (np.zeros(10), 0.0, 0.0),
        ]:
            for function in (huber_regression, quantile_regression):
                fit = function(x, y)
                assert fit.converged
                assert fit.coef[0] == pytest.approx(coef, abs=1e-12)
                assert fit.intercept == pytest.approx(intercept, abs=1e-12)


def test_huber_regression_of_extreme_targets_scales_exactly():
    X, y = _data(22, 60, 2)
    plain = huber_regression(X, y, alpha=0.5)
    for power in (700, -700):
        scaled = huber_regression(X, 2.0**power * y, alpha=0.5 / 2.0**power)
        np.testing.assert_allclose(scaled.coef, 2.0**power * plain.coef, rtol=1e-12)
        assert scaled.scale == pytest.approx(2.0**power * plain.scale, rel=1e-12)
