"""Every derivation in msebook.symbolic agrees with an independent numerical evaluation.

The references are finite differences, numpy linear algebra, scipy's distributions and
optimisers, and Monte Carlo runs whose tolerances follow from their sample sizes.
"""

import decimal
import fractions
import re

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, optimize
from scipy import stats as scipy_stats
from sympy import stats

from msebook import james_stein, mse, symbolic
from msebook.symbolic import N
from msebook.symbolic.linear_estimators import _noise_expectation


def _numbers(expr, substitutions):
    """Evaluate a sympy scalar or matrix expression to a float numpy array."""
    value = expr.subs(substitutions).doit()
    if getattr(value, "is_Matrix", False):
        return np.array(sp.Matrix(value).evalf(), dtype=float)
    return float(value)


def _numeric_gradient(function, point, step=1e-6):
    point = np.asarray(point, dtype=float)
    gradient = np.empty_like(point)
    for i in range(len(point)):
        shift = np.zeros_like(point)
        shift[i] = step
        gradient[i] = (function(point + shift) - function(point - shift)) / (2 * step)
    return gradient


# ---- MSE as a function of the predictions --------------------------------------------


@pytest.mark.parametrize("n", [1, 4])
def test_mse_expression_is_the_metric(n):
    rng = np.random.default_rng(n + 100)
    y_values, yhat_values = rng.normal(size=(2, n))
    y, yhat = symbolic.prediction_symbols(n)
    values = {**dict(zip(y, y_values)), **dict(zip(yhat, yhat_values))}
    assert _numbers(symbolic.mse_expression(n), values) == pytest.approx(
        mse(y_values, yhat_values), rel=1e-12
    )
    y_vector, yhat_vector = symbolic.prediction_symbols(N)
    matrix_form = symbolic.mse_expression(N).subs(N, n)
    vectors = {
        y_vector.subs(N, n): sp.Matrix(y_values),
        yhat_vector.subs(N, n): sp.Matrix(yhat_values),
    }
    assert _numbers(matrix_form, vectors).item() == pytest.approx(
        mse(y_values, yhat_values), rel=1e-12
    )


@pytest.mark.parametrize("n", [1, 3, 7])
def test_gradient_matches_finite_differences_of_the_metric(n):
    rng = np.random.default_rng(n)
    y_values, yhat_values = rng.normal(size=n), rng.normal(size=n)
    y, yhat = symbolic.prediction_symbols(n)
    values = {**dict(zip(y, y_values)), **dict(zip(yhat, yhat_values))}
    derived = _numbers(symbolic.mse_gradient(n), values).ravel()
    numeric = _numeric_gradient(lambda p: mse(y_values, p), yhat_values)
    np.testing.assert_allclose(derived, numeric, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(derived, 2 / n * (yhat_values - y_values), rtol=1e-12)


def test_vector_gradient_and_hessian_agree_with_the_components():
    n = 4
    rng = np.random.default_rng(1)
    y_values, yhat_values = rng.normal(size=(n, 1)), rng.normal(size=(n, 1))
    y, yhat = symbolic.prediction_symbols(N)
    sized = {N: n}
    values = {
        y.subs(sized): sp.Matrix(y_values),
        yhat.subs(sized): sp.Matrix(yhat_values),
    }
    vector = _numbers(symbolic.mse_gradient(N).subs(sized), values)
    np.testing.assert_allclose(vector, 2 / n * (yhat_values - y_values), rtol=1e-12)
    hessian = symbolic.mse_hessian(N).subs(sized).doit()
    np.testing.assert_allclose(
        np.array(sp.Matrix(hessian), dtype=float), 2 / n * np.eye(n), rtol=1e-12
    )


def test_hessian_is_constant_so_the_gradient_is_globally_lipschitz():
    n = 5
    hessian = np.array(symbolic.mse_hessian(n), dtype=float)
    np.testing.assert_allclose(hessian, 2 / n * np.eye(n))
    y, yhat = symbolic.prediction_symbols(n)
    gradient = sp.lambdify([list(y), list(yhat)], symbolic.mse_gradient(n))
    rng = np.random.default_rng(2)
    y_values = rng.normal(size=n)
    for scale in (
        1e-3,
        1.0,
        1e6,
    ):  # far-apart points too: the constant does not depend on a bounded domain
        a, b = rng.normal(scale=scale, size=(2, n))
        ratio = np.linalg.norm(
            gradient(y_values, a) - gradient(y_values, b)
        ) / np.linalg.norm(a - b)
        assert ratio == pytest.approx(2 / n, rel=1e-9)
    # the metric itself is not Lipschitz: its slope grows without bound with the error
    slopes = [
        abs(mse(y_values, y_values + t) - mse(y_values, y_values + t + 1))
        for t in (1.0, 10.0, 100.0)
    ]
    assert slopes[0] < slopes[1] < slopes[2] and slopes[2] > 100


def test_shift_derivative_is_the_sum_of_the_gradient_components():
    n = 4
    rng = np.random.default_rng(3)
    y_values, yhat_values = rng.normal(size=n), rng.normal(size=n)
    y, yhat = symbolic.prediction_symbols(n)
    values = {**dict(zip(y, y_values)), **dict(zip(yhat, yhat_values))}
    derived = _numbers(symbolic.mse_shift_derivative(n), values)
    numeric = _numeric_gradient(lambda c: mse(y_values, yhat_values + c[0]), [0.0])[0]
    assert derived == pytest.approx(numeric, rel=1e-6)
    assert derived == pytest.approx(
        _numbers(symbolic.mse_gradient(n), values).sum(), rel=1e-12
    )
    # it is not the gradient: the components differ from one another
    assert np.ptp(_numbers(symbolic.mse_gradient(n), values)) > 0.1


# ---- linear models -------------------------------------------------------------------


def _linear_values(n, p, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, p)), rng.normal(size=(p, 1)), rng.normal(size=(n, 1))


def _linear_substitutions(n, p, X_values, theta_values, y_values):
    X, theta, y = symbolic.linear_model_symbols(n, p)
    return {
        X: sp.Matrix(X_values),
        theta: sp.Matrix(theta_values),
        y: sp.Matrix(y_values),
    }


def test_linear_gradient_and_hessian_match_numpy_and_finite_differences():
    n, p = 6, 3
    X_values, theta_values, y_values = _linear_values(n, p, seed=4)
    values = _linear_substitutions(n, p, X_values, theta_values, y_values)
    gradient = _numbers(symbolic.linear_mse_gradient(n, p), values)
    numeric = _numeric_gradient(
        lambda t: mse(y_values.ravel(), X_values @ t), theta_values.ravel()
    )
    np.testing.assert_allclose(gradient.ravel(), numeric, rtol=1e-6, atol=1e-8)
    hessian = _numbers(symbolic.linear_mse_hessian(n, p), values)
    np.testing.assert_allclose(hessian, 2 / n * X_values.T @ X_values, rtol=1e-12)


def test_symbolic_sizes_give_the_same_gradient():
    n, p = 5, 2
    X_values, theta_values, y_values = _linear_values(n, p, seed=5)
    sized = symbolic.linear_mse_gradient().subs({symbolic.N: n, symbolic.P: p})
    values = _linear_substitutions(n, p, X_values, theta_values, y_values)
    np.testing.assert_allclose(
        _numbers(sized, values),
        2 / n * X_values.T @ (X_values @ theta_values - y_values),
        rtol=1e-12,
    )


def test_normal_equations_hold_exactly_at_the_least_squares_solution():
    n, p = 7, 3
    X_values, _, y_values = _linear_values(n, p, seed=6)
    solution = np.linalg.lstsq(X_values, y_values, rcond=None)[0]
    equations = symbolic.normal_equations(n, p)
    for theta_values, holds in [(solution, True), (solution + 0.1, False)]:
        values = _linear_substitutions(n, p, X_values, theta_values, y_values)
        lhs, rhs = _numbers(equations.lhs, values), _numbers(equations.rhs, values)
        assert np.allclose(lhs, rhs, rtol=1e-10) is holds


def test_one_newton_step_lands_on_the_least_squares_solution():
    n, p = 8, 3
    X_values, theta0, y_values = _linear_values(n, p, seed=7)
    values = _linear_substitutions(n, p, X_values, theta0, y_values)
    landing = _numbers(
        symbolic.newton_step().subs({symbolic.N: n, symbolic.P: p}), values
    )
    np.testing.assert_allclose(
        landing, np.linalg.lstsq(X_values, y_values, rcond=None)[0], rtol=1e-10
    )
    # the same step taken numerically from theta0 with the derived gradient and Hessian
    gradient = _numbers(symbolic.linear_mse_gradient(n, p), values)
    hessian = _numbers(symbolic.linear_mse_hessian(n, p), values)
    np.testing.assert_allclose(
        theta0 - np.linalg.solve(hessian, gradient), landing, rtol=1e-10
    )


# ---- bias-variance decompositions ----------------------------------------------------


def test_expectation_needs_every_moment():
    x = sp.Symbol("x")
    with pytest.raises(ValueError, match=r"E\[x\*\*3\]"):
        symbolic.expectation(x**3, [x], {x: 0, x**2: 1})


def test_estimator_decomposition_matches_monte_carlo_for_a_shrunk_mean():
    derivation = symbolic.estimator_mse_decomposition()
    assert [term for _, term in derivation.cross_terms] == [0]
    # estimator 0.8 * mean of m normal values with mean theta and sd s
    rng = np.random.default_rng(8)
    theta, s, m, reps = 2.0, 1.5, 10, 200_000
    estimates = 0.8 * rng.normal(theta, s, size=(reps, m)).mean(axis=1)
    bias, variance = (0.8 - 1) * theta, 0.8**2 * s**2 / m
    formula = float(
        derivation.expected.subs({symbolic.BIAS: bias, symbolic.VARIANCE: variance})
    )
    squared = (estimates - theta) ** 2
    standard_error = squared.std() / np.sqrt(reps)
    assert abs(squared.mean() - formula) < 4 * standard_error
    # the expansion itself is an identity: with sample moments the cross term is exactly
    # zero
    deviations = estimates - estimates.mean()
    expanded = sp.lambdify([symbolic.DELTA, symbolic.BIAS], derivation.expanded)(
        deviations, estimates.mean() - theta
    )
    assert expanded.mean() == pytest.approx(squared.mean(), rel=1e-12)


def test_prediction_error_decomposition_matches_monte_carlo():
    derivation = symbolic.prediction_error_decomposition()
    assert len(derivation.cross_terms) == 3 and all(
        value == 0 for _, value in derivation.cross_terms
    )
    # predict f = 1.0 at a point by 0.5 * mean of m noisy observations; the new target
    # has fresh noise
    rng = np.random.default_rng(9)
    f, sigma, m, reps = 1.0, 0.7, 5, 400_000
    predictions = 0.5 * (f + rng.normal(0, sigma, size=(reps, m))).mean(axis=1)
    targets = f + rng.normal(0, sigma, size=reps)
    squared = (targets - predictions) ** 2
    moments = {
        symbolic.BIAS: -0.5 * f,
        symbolic.VARIANCE: 0.25 * sigma**2 / m,
        symbolic.SIGMA: sigma,
    }
    formula = float(derivation.expected.subs(moments))
    assert abs(squared.mean() - formula) < 4 * squared.std() / np.sqrt(reps)


# ---- likelihoods ---------------------------------------------------------------------


def _total_nll(likelihood, values, losses):
    return float(
        likelihood.total.subs({**values, N: len(losses), symbolic.SSE: losses.sum()})
    )


def test_gaussian_nll_is_scipys_and_affine_in_the_sum_of_squares():
    likelihood = symbolic.gaussian_negative_log_likelihood()
    rng = np.random.default_rng(10)
    sigma, mu, y_values = 1.7, rng.normal(size=20), rng.normal(size=20)
    values = {symbolic.SIGMA: sigma}
    reference = -scipy_stats.norm.logpdf(y_values, loc=mu, scale=sigma).sum()
    assert _total_nll(likelihood, values, (y_values - mu) ** 2) == pytest.approx(
        reference, rel=1e-12
    )
    assert likelihood.scale.subs(values) > 0


def test_gaussian_maximum_likelihood_fit_is_least_squares():
    likelihood = symbolic.gaussian_negative_log_likelihood()
    rng = np.random.default_rng(11)
    X_values = np.column_stack([np.ones(30), rng.normal(size=30)])
    y_values = X_values @ [1.0, -2.0] + rng.normal(scale=0.5, size=30)

    def nll(t):
        return _total_nll(
            likelihood, {symbolic.SIGMA: 0.9}, (y_values - X_values @ t) ** 2
        )

    fitted = optimize.minimize(nll, x0=[0.0, 0.0], method="BFGS").x
    np.testing.assert_allclose(
        fitted, np.linalg.lstsq(X_values, y_values, rcond=None)[0], atol=1e-5
    )


def test_laplace_nll_is_scipys_and_affine_in_the_absolute_errors():
    likelihood = symbolic.laplace_negative_log_likelihood()
    rng = np.random.default_rng(12)
    scale, mu, y_values = 0.8, rng.normal(size=15), rng.normal(size=15)
    values = {symbolic.LAPLACE_SCALE: scale}
    reference = -scipy_stats.laplace.logpdf(y_values, loc=mu, scale=scale).sum()
    assert _total_nll(likelihood, values, np.abs(y_values - mu)) == pytest.approx(
        reference, rel=1e-12
    )


def test_variance_mle_is_scipys_normal_fit():
    rng = np.random.default_rng(13)
    data = rng.normal(3.0, 2.0, size=50)
    _, scale = scipy_stats.norm.fit(data)
    sse = ((data - data.mean()) ** 2).sum()
    derived = float(
        symbolic.gaussian_variance_mle().subs({symbolic.SSE: sse, N: len(data)})
    )
    assert derived == pytest.approx(scale**2, rel=1e-9)


# ---- variance estimators -------------------------------------------------------------


def test_variance_estimator_formulas_match_monte_carlo():
    rng = np.random.default_rng(14)
    n, sigma, reps = 5, 2.0, 400_000
    sums = (
        (lambda x: (x - x.mean(axis=1, keepdims=True)) ** 2)(
            rng.normal(0, sigma, size=(reps, n))
        )
    ).sum(axis=1)
    for divisor in (N - 1, N, N + 1):
        derived = symbolic.variance_estimator_mse(divisor)
        values = {N: n, symbolic.SIGMA: sigma}
        estimates = sums / float(divisor.subs(N, n))
        squared = (estimates - sigma**2) ** 2
        assert abs(
            squared.mean() - float(derived.mse.subs(values))
        ) < 4 * squared.std() / np.sqrt(reps)
        assert abs(
            estimates.mean() - sigma**2 - float(derived.bias.subs(values))
        ) < 4 * estimates.std() / np.sqrt(reps)


def test_variance_estimator_closed_forms():
    sigma = symbolic.SIGMA
    assert (
        sp.simplify(symbolic.variance_estimator_mse(N - 1).mse - 2 * sigma**4 / (N - 1))
        == 0
    )
    assert (
        sp.simplify(
            symbolic.variance_estimator_mse(N).mse - (2 * N - 1) * sigma**4 / N**2
        )
        == 0
    )
    assert (
        sp.simplify(symbolic.variance_estimator_mse(N + 1).mse - 2 * sigma**4 / (N + 1))
        == 0
    )
    assert symbolic.variance_estimator_mse(N - 1).bias == 0


def test_optimal_divisor_is_n_plus_one_by_numerical_minimisation():
    assert symbolic.optimal_variance_divisor() == N + 1
    # minimise the exact MSE of sum-of-squares / d numerically, with E[S] and E[S^2]
    # from scipy's chi-square
    for n in (3, 10, 40):
        chi2 = scipy_stats.chi2(n - 1)
        first, second = chi2.mean(), chi2.moment(2)

        def risk(d, first=first, second=second):  # sigma = 1
            return second / d**2 - 2 * first / d + 1

        best = optimize.minimize_scalar(
            risk, bounds=(1, 3 * n), method="bounded", options={"xatol": 1e-8}
        ).x
        assert best == pytest.approx(n + 1, rel=1e-6)


def test_variance_estimator_rejects_other_symbols():
    with pytest.raises(ValueError, match="divisor"):
        symbolic.variance_estimator_mse(sp.Symbol("k") + 1)


# ---- mean and median -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "variable, frozen",
    [
        (stats.Exponential("Y", 3), scipy_stats.expon(scale=1 / 3)),
        (stats.Pareto("Y", 2, 3), scipy_stats.pareto(3, scale=2)),
    ],
    ids=["exponential", "pareto"],
)
def test_minimisers_of_expected_loss_are_mean_and_median(variable, frozen):
    def expected_loss(a, loss):
        low, high = frozen.support()
        parts = [(low, a), (a, high)]
        return sum(
            integrate.quad(lambda y: loss(y - a) * frozen.pdf(y), lo, hi)[0]
            for lo, hi in parts
        )

    lo, hi = frozen.ppf(0.01), frozen.ppf(0.9)
    squared = optimize.minimize_scalar(
        lambda a: expected_loss(a, np.square), bounds=(lo, hi), method="bounded"
    ).x
    absolute = optimize.minimize_scalar(
        lambda a: expected_loss(a, np.abs), bounds=(lo, hi), method="bounded"
    ).x
    assert float(symbolic.squared_loss_minimiser(variable)) == pytest.approx(
        frozen.mean(), rel=1e-12
    )
    assert float(symbolic.absolute_loss_minimiser(variable)) == pytest.approx(
        frozen.median(), rel=1e-12
    )
    assert squared == pytest.approx(frozen.mean(), rel=1e-4)
    assert absolute == pytest.approx(frozen.median(), rel=1e-4)


def test_generic_minimiser_conditions():
    assert symbolic.squared_loss_minimiser() == symbolic.E(sp.Symbol("Y", real=True))
    condition = symbolic.absolute_loss_minimiser()
    assert condition.rhs == sp.Rational(1, 2)


# ---- sigmoid -------------------------------------------------------------------------


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_sigmoid_gradients_match_finite_differences(label):
    gradients = symbolic.sigmoid_loss_gradients()
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    losses = {
        "squared_error": lambda z: (sigmoid(z) - label) ** 2,
        "cross_entropy": lambda z: (
            -label * np.log(sigmoid(z)) - (1 - label) * np.log(1 - sigmoid(z))
        ),
    }
    for z in (-4.0, -0.3, 0.0, 2.5):
        values = {
            sp.Symbol("p", positive=True): sigmoid(z),
            sp.Symbol("y", real=True): label,
        }
        for name, loss in losses.items():
            numeric = _numeric_gradient(lambda t, loss=loss: loss(t[0]), [z])[0]
            assert float(gradients[name].subs(values)) == pytest.approx(
                numeric, rel=1e-6, abs=1e-9
            )


# ---- input checks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, error, match",
    [
        (0, ValueError, "n must be at least 1"),
        (2.5, TypeError, "n must be an integer, got float"),
        (True, TypeError, "n must be"),
        (sp.Symbol("k"), ValueError, "positive integer symbol"),
    ],
)
def test_sizes_are_checked(n, error, match):
    with pytest.raises(error, match=match):
        symbolic.mse_gradient(n)


def test_shift_derivative_needs_a_number():
    with pytest.raises(TypeError, match="n must be an int"):
        symbolic.mse_shift_derivative(N)


# ---- least squares and gradient descent ----------------------------------------------


def test_least_squares_solution_is_numpys():
    n, p = 9, 3
    X_values, _, y_values = _linear_values(n, p, seed=15)
    solution = symbolic.least_squares_solution()
    assert solution.lhs == symbolic.linear_model_symbols()[1]
    values = _linear_substitutions(n, p, X_values, np.zeros((p, 1)), y_values)
    derived = _numbers(solution.rhs.subs({N: n, symbolic.P: p}), values)
    np.testing.assert_allclose(
        derived, np.linalg.lstsq(X_values, y_values, rcond=None)[0], rtol=1e-10
    )


def test_gradient_descent_error_map_matches_a_numeric_step():
    n, p = 10, 2
    X_values, theta_values, y_values = _linear_values(n, p, seed=16)
    solution = np.linalg.lstsq(X_values, y_values, rcond=None)[0]
    eta = 0.3
    stepped = theta_values - eta * 2 / n * X_values.T @ (
        X_values @ theta_values - y_values
    )
    X, _, _ = symbolic.linear_model_symbols(n, p)
    error = sp.MatrixSymbol("e", p, 1)
    mapped = symbolic.gradient_descent_error_map(n, p).subs(
        {
            X: sp.Matrix(X_values),
            error: sp.Matrix(theta_values - solution),
            symbolic.ETA: eta,
        }
    )
    np.testing.assert_allclose(
        _numbers(mapped, {}), stepped - solution, rtol=1e-10, atol=1e-12
    )


@pytest.mark.parametrize(
    "factor, converges",
    [(0.5, True), (1.0, True), (1.9, True), (2.1, False), (3.0, False)],
)
def test_step_size_condition_predicts_convergence(factor, converges):
    multiplier, condition = symbolic.step_size_condition()
    curvature = 1.7
    eta = factor / curvature
    assert (
        bool(condition.subs({symbolic.ETA: eta, symbolic.LAMBDA: curvature}))
        is converges
    )
    # iterate the one-dimensional quadratic (curvature / 2) * t**2 by gradient descent
    t = 1.0
    for _ in range(200):
        t -= eta * curvature * t
    assert (abs(t) < 1e-6) is converges
    assert float(
        multiplier.subs({symbolic.ETA: eta, symbolic.LAMBDA: curvature})
    ) == pytest.approx(1 - factor)


# ---- linear estimators: covariance, Gauss-Markov, generalised least squares, ridge ---


def _design(n, p, seed):
    """A random full-rank design, parameters and positive definite error covariance."""
    rng = np.random.default_rng(seed)
    X_values = np.column_stack([np.ones(n), rng.normal(size=(n, p - 1))])
    root = rng.normal(size=(n, n)) / np.sqrt(n)
    return rng, X_values, rng.normal(size=(p, 1)), root @ root.T + 0.5 * np.eye(n)


def _estimator_values(n, p, X_values, theta_values, Sigma_values=None, **matrices):
    """Substitutions for X, theta, Sigma and the estimator symbols C, A, D given as
    keyword arguments.
    """
    X, theta, _ = symbolic.linear_model_symbols(n, p)
    values = {X: sp.Matrix(X_values), theta: sp.Matrix(theta_values)}
    if Sigma_values is not None:
        values[symbolic.noise_symbols(n)[1]] = sp.Matrix(Sigma_values)
    symbols = dict(zip("CAD", symbolic.linear_estimator_symbols(n, p)))
    values.update({symbols[name]: sp.Matrix(value) for name, value in matrices.items()})
    return values


def _monte_carlo_covariance(matrix, Sigma_values, rng, reps):
    """Sample covariance of matrix @ eps over reps draws of eps ~ N(0, Sigma), and the
    standard error of each entry.
    """
    noise = np.linalg.cholesky(Sigma_values) @ rng.normal(
        size=(len(Sigma_values), reps)
    )
    estimates = matrix @ noise  # the deviation of Cy from its mean, whatever theta is
    products = estimates[:, None, :] * estimates[None, :, :]
    return products.mean(axis=2), products.std(axis=2) / np.sqrt(reps)


def test_linear_estimator_mean_and_sandwich_match_numpy_and_monte_carlo():
    n, p, reps = 6, 2, 200_000
    rng, X_values, theta_values, Sigma_values = _design(n, p, seed=20)
    C_values = rng.normal(size=(p, n))
    _, Sigma = symbolic.noise_symbols(n)
    derived = symbolic.linear_estimator(covariance=Sigma, n=n, p=p)
    values = _estimator_values(n, p, X_values, theta_values, Sigma_values, C=C_values)
    np.testing.assert_allclose(
        _numbers(derived.mean, values), C_values @ X_values @ theta_values, rtol=1e-12
    )
    np.testing.assert_allclose(
        _numbers(derived.bias, values),
        C_values @ X_values @ theta_values - theta_values,
        rtol=1e-12,
    )
    sandwich = C_values @ Sigma_values @ C_values.T
    np.testing.assert_allclose(
        _numbers(derived.covariance, values), sandwich, rtol=1e-12
    )
    bias = C_values @ X_values @ theta_values - theta_values
    np.testing.assert_allclose(
        _numbers(derived.mse, values), sandwich + bias @ bias.T, rtol=1e-12
    )
    simulated, standard_error = _monte_carlo_covariance(
        C_values, Sigma_values, rng, reps
    )
    assert np.all(np.abs(simulated - sandwich) < 4 * standard_error)
    # spherical errors by default: sigma^2 C C^T
    spherical = symbolic.linear_estimator(n=n, p=p).covariance
    np.testing.assert_allclose(
        _numbers(spherical, {**values, symbolic.SIGMA: 1.3}),
        1.69 * C_values @ C_values.T,
        rtol=1e-12,
    )


def test_least_squares_covariance_is_numpys_and_simulated():
    n, p, sigma, reps = 8, 3, 0.7, 200_000
    rng, X_values, theta_values, _ = _design(n, p, seed=21)
    derived = symbolic.least_squares_estimator(n, p)
    assert derived.bias == sp.ZeroMatrix(p, 1)
    values = {**_estimator_values(n, p, X_values, theta_values), symbolic.SIGMA: sigma}
    exact = sigma**2 * np.linalg.inv(X_values.T @ X_values)
    np.testing.assert_allclose(_numbers(derived.covariance, values), exact, rtol=1e-10)
    A_values = np.linalg.solve(X_values.T @ X_values, X_values.T)
    simulated, standard_error = _monte_carlo_covariance(
        A_values, sigma**2 * np.eye(n), rng, reps
    )
    assert np.all(np.abs(simulated - exact) < 4 * standard_error)


def _null_space_difference(X_values, rng):
    """A random D with D X = 0: its rows lie in the null space of X^T."""
    n, p = X_values.shape
    basis = np.linalg.svd(X_values)[0][
        :, p:
    ]  # n x (n - p), orthogonal to the columns of X
    return rng.normal(size=(p, n - p)) @ basis.T


def test_gauss_markov_proof_holds_for_a_random_linear_unbiased_estimator():
    n, p, sigma, reps = 7, 2, 1.2, 200_000
    rng, X_values, theta_values, _ = _design(n, p, seed=22)
    A_values = np.linalg.solve(X_values.T @ X_values, X_values.T)
    D_values = _null_space_difference(X_values, rng)
    C_values = A_values + D_values
    assert np.abs(D_values @ X_values).max() < 1e-12 and np.abs(D_values).max() > 0.1
    proof = symbolic.gauss_markov_proof(n, p)
    values = {
        **_estimator_values(
            n, p, X_values, theta_values, C=C_values, A=A_values, D=D_values
        ),
        symbolic.SIGMA: sigma,
    }
    # the conditions hold numerically: CX = I, DX = 0 ...
    np.testing.assert_allclose(
        _numbers(proof.unbiased.lhs, values),
        _numbers(proof.unbiased.rhs, values),
        atol=1e-12,
    )
    np.testing.assert_allclose(
        _numbers(proof.difference.lhs, values), np.zeros((p, p)), atol=1e-12
    )
    # ... and fail for an estimator that is not unbiased
    biased = {
        **values,
        symbolic.linear_estimator_symbols(n, p)[0]: sp.Matrix(C_values + 0.1),
    }
    assert np.abs(_numbers(proof.unbiased.lhs, biased) - np.eye(p)).max() > 0.1
    exact = sigma**2 * C_values @ C_values.T
    np.testing.assert_allclose(_numbers(proof.expanded, values), exact, rtol=1e-10)
    for term, written_out, value in proof.cross_terms:
        np.testing.assert_allclose(
            _numbers(term, values), _numbers(written_out, values), atol=1e-12
        )
        np.testing.assert_allclose(
            _numbers(written_out, values), np.zeros((p, p)), atol=1e-12
        )
        assert value == sp.ZeroMatrix(p, p)
    np.testing.assert_allclose(
        _numbers(proof.least_squares.rhs, values), A_values @ A_values.T, rtol=1e-10
    )
    np.testing.assert_allclose(_numbers(proof.covariance, values), exact, rtol=1e-10)
    excess = exact - sigma**2 * np.linalg.inv(X_values.T @ X_values)
    assert np.linalg.eigvalsh(excess).min() > -1e-12 and np.trace(excess) > 0.01
    simulated, standard_error = _monte_carlo_covariance(
        C_values, sigma**2 * np.eye(n), rng, reps
    )
    assert np.all(np.abs(simulated - exact) < 4 * standard_error)


def test_generalised_least_squares_is_msebooks_gls_and_has_the_derived_covariance():
    from msebook import gls

    n, p, reps = 6, 2, 200_000
    rng, X_values, theta_values, Sigma_values = _design(n, p, seed=23)
    aitken = symbolic.generalised_least_squares(n, p)
    assert aitken.whitened_covariance == sp.Identity(n)
    assert aitken.sandwich == aitken.covariance
    X, theta, y = symbolic.linear_model_symbols(n, p)
    assert aitken.solution.lhs == theta
    y_values = X_values @ theta_values + rng.normal(size=(n, 1))
    values = {
        **_estimator_values(n, p, X_values, theta_values, Sigma_values),
        y: sp.Matrix(y_values),
    }
    np.testing.assert_allclose(
        _numbers(aitken.solution.rhs, values),
        gls(X_values, y_values, cov=Sigma_values),
        rtol=1e-10,
    )
    inverse = np.linalg.inv(Sigma_values)
    G_values = np.linalg.solve(X_values.T @ inverse @ X_values, X_values.T @ inverse)
    exact = G_values @ Sigma_values @ G_values.T
    np.testing.assert_allclose(_numbers(aitken.covariance, values), exact, rtol=1e-10)
    simulated, standard_error = _monte_carlo_covariance(
        G_values, Sigma_values, rng, reps
    )
    assert np.all(np.abs(simulated - exact) < 4 * standard_error)
    # and it beats least squares, whose sandwich covariance is larger
    A_values = np.linalg.solve(X_values.T @ X_values, X_values.T)
    assert (
        np.linalg.eigvalsh(A_values @ Sigma_values @ A_values.T - exact).min() > -1e-12
    )


def test_weighted_least_squares_is_generalised_least_squares_with_a_diagonal_covariance():  # noqa: E501
    from msebook import gls, weighted_least_squares

    n, p = 5, 2
    rng, X_values, theta_values, _ = _design(n, p, seed=24)
    deviations = rng.uniform(0.5, 3.0, size=n)
    factor, weights = symbolic.weighted_least_squares_weights(n)
    values = dict(zip(sp.symbols(f"sigma_1:{n + 1}", positive=True), deviations))
    np.testing.assert_allclose(
        np.array(factor.subs(values), dtype=float),
        np.linalg.cholesky(np.diag(deviations**2)),
        rtol=1e-12,
    )
    weight_values = np.diag(np.array(weights.subs(values), dtype=float))
    np.testing.assert_allclose(weight_values, 1 / deviations**2, rtol=1e-12)
    y_values = X_values @ theta_values.ravel() + deviations * rng.normal(size=n)
    np.testing.assert_allclose(
        weighted_least_squares(X_values, y_values, sample_weight=weight_values),
        gls(X_values, y_values, cov=np.diag(deviations**2)),
        rtol=1e-10,
    )


@pytest.mark.slow
def test_ridge_bias_covariance_and_mse_match_numpy_and_monte_carlo():
    from msebook import ridge

    n, p, sigma, alpha, reps = 10, 3, 0.8, 2.5, 100_000
    rng, X_values, theta_values, _ = _design(n, p, seed=25)
    derived = symbolic.ridge_estimator(n, p)
    values = {
        **_estimator_values(n, p, X_values, theta_values),
        symbolic.SIGMA: sigma,
        symbolic.ALPHA: alpha,
    }
    gram = X_values.T @ X_values
    inverse = np.linalg.inv(gram + alpha * np.eye(p))
    bias = inverse @ gram @ theta_values - theta_values
    np.testing.assert_allclose(_numbers(derived.bias, values), bias, rtol=1e-10)
    np.testing.assert_allclose(bias, -alpha * inverse @ theta_values, rtol=1e-10)
    covariance = sigma**2 * inverse @ gram @ inverse
    np.testing.assert_allclose(
        _numbers(derived.covariance, values), covariance, rtol=1e-10
    )
    np.testing.assert_allclose(
        _numbers(derived.mse, values), covariance + bias @ bias.T, rtol=1e-10
    )
    Y = X_values @ theta_values + sigma * rng.normal(size=(n, reps))
    losses = np.sum((ridge(X_values, Y, alpha=alpha) - theta_values) ** 2, axis=0)
    total_mse = np.trace(_numbers(derived.mse, values))
    assert abs(losses.mean() - total_mse) < 4 * losses.std() / np.sqrt(reps)


def test_linear_estimator_inputs_are_checked():
    X, _, y = symbolic.linear_model_symbols()
    with pytest.raises(
        ValueError, match=r"matrix must be a matrix expression of shape \(p, n\)"
    ):
        symbolic.linear_estimator(X)
    with pytest.raises(ValueError, match="free of y"):
        symbolic.linear_estimator(X.T * y * y.T)
    with pytest.raises(
        ValueError, match=r"covariance must be a matrix expression of shape \(n, n\)"
    ):
        symbolic.linear_estimator(covariance=X)
    with pytest.raises(TypeError, match="n must be an int"):
        symbolic.weighted_least_squares_weights(N)
    with pytest.raises(ValueError, match="n must be at least 1"):
        symbolic.noise_symbols(0)


def test_noise_expectation_needs_only_the_first_two_moments():
    noise, Sigma = symbolic.noise_symbols(3)
    C = sp.MatrixSymbol("C", 2, 3)
    assert (
        _noise_expectation(C * noise * noise.T * C.T, noise, Sigma) == C * Sigma * C.T
    )
    assert _noise_expectation(C * noise, noise, Sigma) == sp.ZeroMatrix(2, 1)
    with pytest.raises(ValueError, match="more than the noise covariance"):
        _noise_expectation(noise * noise.T * noise, noise, Sigma)


@pytest.mark.parametrize("p", [5, 10])  # the loss has a finite variance only for p > 4
def test_james_stein_risk_at_zero_matches_a_simulation(p):
    sigma = 1.5
    exact = float(symbolic.james_stein_risk_at_zero(p).subs(symbolic.SIGMA, sigma))
    assert exact == pytest.approx(2 * sigma**2)
    draws = 200_000
    x = sigma * np.random.default_rng(p).normal(size=(draws, p))
    losses = np.sum(james_stein(x, sigma2=sigma**2) ** 2, axis=1)
    assert abs(losses.mean() - exact) < 4 * losses.std() / np.sqrt(draws)


def test_james_stein_risk_needs_three_dimensions():
    with pytest.raises(ValueError, match="p must be at least 3"):
        symbolic.james_stein_risk_at_zero(2)


# ---- regression tests for the adversarial search of the package ----------------------


@pytest.mark.parametrize(
    "function, limit",
    [
        (symbolic.prediction_symbols, 1000),
        (symbolic.mse_expression, 200),
        (symbolic.mse_gradient, 50),
        (symbolic.mse_hessian, 30),
        (symbolic.mse_shift_derivative, 20),
        (symbolic.noise_symbols, 1000),
        (symbolic.weighted_least_squares_weights, 30),
        (symbolic.james_stein_risk_at_zero, 200),
        (symbolic.linear_model_symbols, 1000),
    ],
)
def test_numeric_sizes_have_a_limit_that_names_the_symbol(function, limit):
    for size in (limit + 1, 10**9):
        with pytest.raises(
            ValueError,
            match=rf"must be at most {limit} here, got {size}: .* the symbol "
            r"symbolic\.[NP]",
        ):
            function(size)


def test_linear_model_sizes_have_limits_too():
    with pytest.raises(ValueError, match="p must be at most 20 here, got 21"):
        symbolic.linear_mse_gradient(30, 21)
    with pytest.raises(ValueError, match="n must be at most 1000 here, got 1001"):
        symbolic.linear_estimator_symbols(1001, 2)


def test_numpy_integers_are_sizes():
    assert symbolic.mse_gradient(np.int64(3)) == symbolic.mse_gradient(3)
    assert symbolic.prediction_symbols(np.int32(2)) == symbolic.prediction_symbols(2)


def test_expectation_refuses_what_it_cannot_take():
    x = sp.Symbol("x")
    with pytest.raises(
        ValueError, match=r"expr must be a polynomial in \[x\], got exp\(x\)"
    ):
        symbolic.expectation(sp.exp(x), [x], {})
    with pytest.raises(
        TypeError, match="expr must be a sympy expression, got str: 'x\\*\\*2'"
    ):
        symbolic.expectation("x**2", [x], {})
    with pytest.raises(TypeError, match="random must hold sympy Symbols, got str: 'x'"):
        symbolic.expectation(x**2, ["x"], {})


@pytest.mark.parametrize(
    "divisor, error, match",
    [
        (0, ValueError, "divisor must be positive for every n >= 2, got 0"),
        (N - 3, ValueError, "divisor must be positive for every n >= 2, got n - 3"),
        ("n+", TypeError, "divisor must be a sympy expression in the symbol n"),
        (sp.Symbol("m"), ValueError, "divisor must be an expression in the symbol n"),
    ],
)
def test_variance_estimator_mse_refuses_a_divisor_that_is_not_positive(
    divisor, error, match
):
    with pytest.raises(error, match=re.escape(match)):
        symbolic.variance_estimator_mse(divisor)


@pytest.mark.parametrize(
    "function", [symbolic.squared_loss_minimiser, symbolic.absolute_loss_minimiser]
)
def test_minimisers_take_only_random_variables(function):
    with pytest.raises(
        TypeError, match="variable must be a sympy.stats random variable, got str: 'x'"
    ):
        function("x")
    with pytest.raises(
        TypeError, match="variable must be a sympy.stats random variable, got Symbol"
    ):
        function(sp.Symbol("Y"))


def test_latex_prints_the_books_notation():
    gradient = symbolic.mse_gradient(symbolic.N)
    assert sp.latex(gradient) == r"\frac{2}{n} \left(- y + \hat{y}\right)"
    assert symbolic.latex(gradient) == r"\frac{2}{n} \left(\hat{y} - y\right)"
    assert symbolic.latex(symbolic.mse_hessian(symbolic.N)) == r"\frac{2}{n} I"
    eps, b, delta = symbolic.EPSILON, symbolic.BIAS, symbolic.DELTA
    assert symbolic.latex(symbolic.E(eps**2)) == (
        r"\operatorname{E}\left[\varepsilon^{2}\right]"
    )
    assert symbolic.latex(symbolic.E(delta) ** 2) == (
        r"\operatorname{E}\left[\delta\right]^{2}"
    )
    assert symbolic.latex((eps - b - delta) ** 2) == (
        r"\left(\varepsilon - b - \delta\right)^{2}"
    )


def test_latex_changes_only_the_notation():
    x, y, sigma = sp.symbols("x y sigma", positive=True)
    unchanged = [
        x**2 + 2 * x * y - y,  # a sum that starts with a positive term keeps its order
        sp.log(sigma) + (x - y) ** 2 / (2 * sigma**2),
        sp.Function("F")(x) - sp.Rational(1, 2),
        -x - y,  # nothing positive to move forward
    ]
    for expr in unchanged:
        assert symbolic.latex(expr) == sp.latex(expr), expr
    # the same terms, only reordered
    expr = symbolic.mse_gradient(symbolic.N)
    inline = sp.latex(expr, mode="inline")  # sympy's settings pass through
    assert symbolic.latex(expr, mode="inline") == inline.replace(
        r"- y + \hat{y}", r"\hat{y} - y"
    )
    expanded = sp.expand((symbolic.EPSILON - symbolic.BIAS) ** 2)
    ours = symbolic.latex(expanded).replace(r"\varepsilon", r"\epsilon")
    assert sorted(ours.split()) == sorted(sp.latex(expanded).split())


def test_latex_of_python_numbers_and_of_objects_it_cannot_print():
    # sympy's printer raised AttributeError on a Fraction and on a pandas Series
    assert symbolic.latex(fractions.Fraction(1, 2)) == sp.latex(sp.Rational(1, 2))
    assert symbolic.latex(decimal.Decimal("1.5")) == sp.latex(sp.Float("1.5"))

    pandas = pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="expr must be a sympy expression"):
        symbolic.latex(pandas.Series([1.0, 2.0]))
