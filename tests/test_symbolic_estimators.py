"""The derivations for linear estimators and James-Stein agree with numbers: matrices substituted into them,
and Monte Carlo simulations with tolerances set by their size."""
import numpy as np
import pytest
import sympy as sp

from msebook import james_stein, ridge, symbolic


def evaluate(expr, matrices, scalars):
    """Evaluate a sympy matrix expression with numpy; ``matrices`` maps MatrixSymbol names to arrays."""
    if isinstance(expr, sp.MatrixSymbol):
        return matrices[expr.name]
    if isinstance(expr, (sp.Identity, sp.ZeroMatrix)):
        rows, cols = (int(sp.sympify(size).subs(scalars)) for size in expr.shape)
        return np.eye(rows) if isinstance(expr, sp.Identity) else np.zeros((rows, cols))
    if isinstance(expr, sp.Transpose):
        return evaluate(expr.arg, matrices, scalars).T
    if isinstance(expr, sp.Inverse):
        return np.linalg.inv(evaluate(expr.arg, matrices, scalars))
    if isinstance(expr, sp.MatAdd):
        return sum(evaluate(term, matrices, scalars) for term in expr.args)
    if isinstance(expr, sp.MatMul):
        result = 1.0
        for factor in expr.args:
            value = evaluate(factor, matrices, scalars)
            result = result @ value if np.ndim(result) and np.ndim(value) else result * value
        return result
    return float(sp.sympify(expr).subs(scalars))  # a scalar coefficient such as sigma**2


@pytest.fixture
def numbers():
    rng = np.random.default_rng(5)
    n, p = 7, 3
    X = rng.normal(size=(n, p))
    root = rng.normal(size=(n, n))
    return {
        "rng": rng,
        "matrices": {"X": X, "theta": rng.normal(size=(p, 1)), "C": rng.normal(size=(p, n)),
                     "Sigma": root @ root.T + n * np.eye(n)},
        "scalars": {symbolic.N: n, symbolic.P: p, symbolic.SIGMA: 1.3, sp.Symbol("alpha", positive=True): 0.8},
    }


def test_linear_estimator_moments_match_a_simulation(numbers):
    moments = symbolic.linear_estimator_moments()
    m, s = numbers["matrices"], numbers["scalars"]
    mean = evaluate(moments.mean, m, s)
    covariance = evaluate(moments.covariance, m, s)
    draws = 200_000
    errors = 1.3 * numbers["rng"].normal(size=(7, draws))
    estimates = m["C"] @ (m["X"] @ m["theta"] + errors)
    np.testing.assert_allclose(estimates.mean(axis=1, keepdims=True), mean, atol=4 * np.sqrt(covariance.diagonal().max() / draws))
    simulated = np.cov(estimates)
    # Standard error of a covariance entry of normal data: sqrt((s_ii s_jj + s_ij^2) / draws).
    tolerance = 4 * np.sqrt((np.outer(covariance.diagonal(), covariance.diagonal()) + covariance**2) / draws)
    assert np.all(np.abs(simulated - covariance) < tolerance)
    assert evaluate(moments.bias, m, s) == pytest.approx(m["C"] @ m["X"] @ m["theta"] - m["theta"])


def test_least_squares_is_unbiased_with_covariance_sigma2_inverse_gram(numbers):
    X, _, _ = symbolic.linear_model_symbols()
    moments = symbolic.linear_estimator_moments((X.T * X).I * X.T)
    m, s = numbers["matrices"], numbers["scalars"]
    np.testing.assert_allclose(evaluate(moments.bias, m, s), 0, atol=1e-12)
    np.testing.assert_allclose(evaluate(moments.covariance, m, s), 1.3**2 * np.linalg.inv(m["X"].T @ m["X"]), rtol=1e-12)


def test_gauss_markov_gap_holds_for_any_d_with_dx_zero(numbers):
    gap = symbolic.gauss_markov_gap()
    m, s = dict(numbers["matrices"]), numbers["scalars"]
    X = m["X"]
    hat = X @ np.linalg.solve(X.T @ X, X.T)
    m["D"] = numbers["rng"].normal(size=(3, 7)) @ (np.eye(7) - hat)  # any D with D X = 0
    assert np.allclose(m["D"] @ X, 0)
    A = np.linalg.solve(X.T @ X, X.T)
    C = A + m["D"]
    np.testing.assert_allclose(evaluate(gap["expanded"], m, s), C @ C.T, rtol=1e-10)
    np.testing.assert_allclose(evaluate(gap["result"], m, s), C @ C.T, rtol=1e-10)
    assert len(gap["cross_terms"]) == 2
    for term in gap["cross_terms"]:
        np.testing.assert_allclose(evaluate(term, m, s), 0, atol=1e-10)
    # A D with D X != 0 makes the cross terms matter: the identity is a consequence of the condition.
    m["D"] = numbers["rng"].normal(size=(3, 7))
    C = A + m["D"]
    assert not np.allclose(evaluate(gap["result"], m, s), C @ C.T)


def test_gls_is_unbiased_and_its_covariance_is_smaller_than_the_sandwich(numbers):
    result = symbolic.least_squares_covariances()
    assert result["gls_unbiased"] == sp.Identity(symbolic.P)
    m, s = numbers["matrices"], numbers["scalars"]
    X, Sigma = m["X"], m["Sigma"]
    G = np.linalg.solve(X.T @ np.linalg.solve(Sigma, X), X.T @ np.linalg.inv(Sigma))
    A = np.linalg.solve(X.T @ X, X.T)
    gls_cov = evaluate(result["gls"].covariance, m, s)
    sandwich = evaluate(result["least_squares"].covariance, m, s)
    np.testing.assert_allclose(gls_cov, G @ Sigma @ G.T, rtol=1e-10)
    np.testing.assert_allclose(sandwich, A @ Sigma @ A.T, rtol=1e-10)
    assert np.linalg.eigvalsh(sandwich - gls_cov).min() > -1e-12


def test_ridge_moments_match_a_simulation_with_msebook_ridge(numbers):
    moments = symbolic.ridge_moments()
    m, s = numbers["matrices"], numbers["scalars"]
    bias, covariance = evaluate(moments.bias, m, s), evaluate(moments.covariance, m, s)
    draws = 100_000
    Y = m["X"] @ m["theta"] + 1.3 * numbers["rng"].normal(size=(7, draws))
    estimates = ridge(m["X"], Y, alpha=0.8)
    error_of_mean = 4 * np.sqrt(covariance.diagonal() / draws)[:, None]
    assert np.all(np.abs(estimates.mean(axis=1, keepdims=True) - m["theta"] - bias) < error_of_mean)
    tolerance = 4 * np.sqrt((np.outer(covariance.diagonal(), covariance.diagonal()) + covariance**2) / draws)
    assert np.all(np.abs(np.cov(estimates) - covariance) < tolerance)
    assert np.abs(bias).max() > 0.01  # the bias is real, not a rounding error


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
