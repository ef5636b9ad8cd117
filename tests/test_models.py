"""The estimators agree with scikit-learn and scipy, with their closed forms, and reject
bad input by name.
"""

import warnings

import numpy as np
import pytest
import scipy.linalg
from sklearn.linear_model import LinearRegression, Ridge

from msebook import (
    gls,
    gradient_descent,
    james_stein,
    least_squares_lipschitz,
    min_norm_least_squares,
    ols,
    polynomial_features,
    ridge,
    weighted_least_squares,
)


@pytest.fixture
def data():
    rng = np.random.default_rng(7)
    X = np.column_stack([np.ones(40), rng.normal(size=(40, 3))])
    y = X @ np.array([1.0, -2.0, 0.5, 3.0]) + rng.normal(scale=0.3, size=40)
    return X, y


def test_ols_matches_scikit_learn_and_the_normal_equations(data):
    X, y = data
    theta = ols(X, y)
    reference = LinearRegression(fit_intercept=False).fit(X, y).coef_
    np.testing.assert_allclose(theta, reference, rtol=1e-10)
    np.testing.assert_allclose(X.T @ X @ theta, X.T @ y, rtol=1e-10)


def test_ols_fits_each_column_of_a_2d_y_separately(data):
    X, y = data
    Y = np.column_stack([y, 2 * y - 1])
    theta = ols(X, Y)
    assert theta.shape == (4, 2)
    np.testing.assert_allclose(theta[:, 1], ols(X, 2 * y - 1), rtol=1e-10)


def test_ols_refuses_a_rank_deficient_design_and_points_to_the_minimum_norm_solution(
    data,
):
    X, y = data
    deficient = np.column_stack([X, X[:, 1] + X[:, 2]])
    with pytest.raises(
        ValueError,
        match="full column rank: it has 5 columns but rank 4.*min_norm_least_squares",
    ):
        ols(deficient, y)


def test_min_norm_least_squares_is_the_pseudo_inverse_solution(data):
    X, y = data
    deficient = np.column_stack([X, X[:, 1] + X[:, 2]])
    theta = min_norm_least_squares(deficient, y)
    np.testing.assert_allclose(theta, scipy.linalg.lstsq(deficient, y)[0], rtol=1e-8)
    # It fits as well as OLS on the full-rank columns, and any other minimiser has a
    # larger norm.
    np.testing.assert_allclose(deficient @ theta, X @ ols(X, y), rtol=1e-9)
    null = np.array([0, 1, 1, 0, -1.0])
    assert np.allclose(deficient @ null, 0)
    assert np.linalg.norm(theta + 0.1 * null) > np.linalg.norm(theta)
    np.testing.assert_allclose(min_norm_least_squares(X, y), ols(X, y), rtol=1e-10)


def test_ridge_matches_scikit_learn_and_its_closed_form(data):
    X, y = data
    theta = ridge(X, y, alpha=2.5)
    np.testing.assert_allclose(
        theta, Ridge(alpha=2.5, fit_intercept=False).fit(X, y).coef_, rtol=1e-9
    )
    np.testing.assert_allclose(
        theta, np.linalg.solve(X.T @ X + 2.5 * np.eye(4), X.T @ y), rtol=1e-10
    )
    assert np.linalg.norm(theta) < np.linalg.norm(ols(X, y))


def test_ridge_exists_without_full_column_rank():
    theta = ridge([[1, 1], [2, 2]], [1, 2], alpha=1.0)
    np.testing.assert_allclose(theta, [5 / 11, 5 / 11])


def test_weighted_least_squares_matches_scikit_learn_with_sample_weight(data):
    X, y = data
    weights = np.linspace(0.1, 3, 40)
    reference = (
        LinearRegression(fit_intercept=False).fit(X, y, sample_weight=weights).coef_
    )
    np.testing.assert_allclose(
        weighted_least_squares(X, y, sample_weight=weights), reference, rtol=1e-9
    )
    np.testing.assert_allclose(
        weighted_least_squares(X, y, sample_weight=np.ones(40)), ols(X, y), rtol=1e-10
    )


def test_weighted_and_generalised_least_squares_fit_each_column_of_a_2d_y(data):
    X, y = data
    Y = np.column_stack([y, 3 - y])
    weights = np.linspace(0.5, 2, 40)
    np.testing.assert_allclose(
        weighted_least_squares(X, Y, sample_weight=weights)[:, 1],
        weighted_least_squares(X, 3 - y, sample_weight=weights),
        rtol=1e-10,
    )
    cov = np.diag(1 / weights)
    np.testing.assert_allclose(
        gls(X, Y, cov=cov),
        weighted_least_squares(X, Y, sample_weight=weights),
        rtol=1e-10,
    )
    np.testing.assert_allclose(
        ridge(X, Y, alpha=0.5)[:, 0], ridge(X, y, alpha=0.5), rtol=1e-10
    )


def test_gls_matches_its_closed_form_and_reduces_to_wls_for_a_diagonal_covariance(data):
    X, y = data
    rng = np.random.default_rng(3)
    A = rng.normal(size=(40, 40))
    cov = A @ A.T + 40 * np.eye(40)
    inverse = np.linalg.inv(cov)
    closed_form = np.linalg.solve(X.T @ inverse @ X, X.T @ inverse @ y)
    np.testing.assert_allclose(gls(X, y, cov=cov), closed_form, rtol=1e-8)
    variances = np.linspace(0.5, 4, 40)
    np.testing.assert_allclose(
        gls(X, y, cov=np.diag(variances)),
        weighted_least_squares(X, y, sample_weight=1 / variances),
        rtol=1e-10,
    )


@pytest.mark.parametrize(
    "cov, message",
    [
        (np.eye(3), r"cov must have shape \(2, 2\), got \(3, 3\)"),
        ([[1.0, 0.5], [0.0, 1.0]], "cov must be symmetric"),
        ([[1.0, 2.0], [2.0, 1.0]], "cov must be positive definite"),
    ],
)
def test_gls_rejects_a_bad_covariance(cov, message):
    with pytest.raises(ValueError, match=message):
        gls([[1.0], [2.0]], [1.0, 2.0], cov=cov)


def test_the_options_of_ridge_gls_and_weighted_least_squares_are_keyword_only():
    X, y = [[1.0], [1.0]], [0.0, 3.0]
    for call in (
        lambda: ridge(X, y, 1.0),
        lambda: gls(X, y, np.eye(2)),
        lambda: weighted_least_squares(X, y, [1.0, 1.0]),
    ):
        with pytest.raises(TypeError, match="positional"):
            call()


def test_least_squares_lipschitz_is_the_largest_hessian_eigenvalue(data):
    X, _ = data
    hessian = 2 * X.T @ X / len(X)
    assert least_squares_lipschitz(X) == pytest.approx(
        np.linalg.eigvalsh(hessian).max(), rel=1e-12
    )
    assert least_squares_lipschitz(X, reduction="sum") == pytest.approx(
        len(X) * least_squares_lipschitz(X), rel=1e-12
    )


def test_gradient_descent_converges_to_ols_below_two_over_l_and_diverges_above(data):
    X, y = data
    limit = 2 / least_squares_lipschitz(X)
    converging = gradient_descent(X, y, learning_rate=0.9 * limit, steps=3000)
    np.testing.assert_allclose(converging.thetas[-1], ols(X, y), rtol=1e-8)
    assert np.all(np.diff(converging.losses) <= 1e-12)
    diverging = gradient_descent(X, y, learning_rate=1.1 * limit, steps=200)
    assert diverging.losses[-1] > 1e6 * diverging.losses[0]


def test_gradient_descent_loss_and_steps_follow_the_reduction(data):
    X, y = data
    path = gradient_descent(X, y, learning_rate=0.01, steps=3)
    assert path.thetas.shape == (4, 4) and path.losses.shape == (4,)
    assert path.losses[0] == pytest.approx(np.mean(y**2))
    # One step of size eta on the mean is one step of size eta / n on the sum.
    summed = gradient_descent(X, y, learning_rate=0.01 / 40, steps=3, reduction="sum")
    np.testing.assert_allclose(summed.thetas, path.thetas, rtol=1e-12)
    np.testing.assert_allclose(summed.losses, 40 * path.losses, rtol=1e-12)
    second = path.thetas[0] - 0.01 * (2 / 40) * X.T @ (X @ path.thetas[0] - y)
    np.testing.assert_allclose(path.thetas[1], second, rtol=1e-12)


def test_gradient_descent_starts_at_theta0(data):
    X, y = data
    path = gradient_descent(X, y, learning_rate=0.1, steps=0, theta0=[1, 2, 3, 4])
    np.testing.assert_array_equal(path.thetas, [[1, 2, 3, 4]])
    assert path.losses[0] == pytest.approx(np.mean((X @ [1, 2, 3, 4] - y) ** 2))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"learning_rate": 0.0, "steps": 5},
            ValueError,
            "learning_rate must be positive, got 0.0",
        ),
        (
            {"learning_rate": "0.1", "steps": 5},
            TypeError,
            "learning_rate must be a real number, got '0.1'",
        ),
        (
            {"learning_rate": 0.1, "steps": 2.5},
            TypeError,
            "steps must be an integer, got float",
        ),
        (
            {"learning_rate": 0.1, "steps": -1},
            ValueError,
            "steps must be at least 0, got -1",
        ),
        (
            {"learning_rate": 0.1, "steps": 5, "reduction": "avg"},
            ValueError,
            "reduction must be 'mean' or 'sum', got 'avg'",
        ),
        (
            {"learning_rate": 0.1, "steps": 5, "theta0": [0, 0]},
            ValueError,
            r"theta0 must have shape \(4,\), got \(2,\)",
        ),
    ],
)
def test_gradient_descent_rejects_bad_arguments_by_name(data, kwargs, error, message):
    X, y = data
    with pytest.raises(error, match=message):
        gradient_descent(X, y, **kwargs)


def test_polynomial_features_matches_scikit_learn():
    from sklearn.preprocessing import PolynomialFeatures

    x = np.array([-1.5, 0.0, 2.0, 3.0])
    reference = PolynomialFeatures(degree=3).fit_transform(x[:, None])
    np.testing.assert_array_equal(polynomial_features(x, 3), reference)
    np.testing.assert_array_equal(polynomial_features(x, 0), np.ones((4, 1)))


def test_james_stein_formula_and_its_lower_risk_in_dimension_ten():
    rng = np.random.default_rng(11)
    theta = np.full(10, 0.5)
    draws = theta + rng.normal(size=(20_000, 10))
    estimates = james_stein(draws)
    factor = 1 - 8 / np.sum(draws**2, axis=1, keepdims=True)
    np.testing.assert_allclose(estimates, factor * draws, rtol=1e-12)
    # Risk of x is p = 10; at ||theta||^2 = 2.5 James-Stein's is far lower. The standard
    # error of the mean loss over 20,000 draws is below 0.04, so a gap of 3 cannot be
    # chance.
    risk_x = np.mean(np.sum((draws - theta) ** 2, axis=1))
    losses = np.sum((estimates - theta) ** 2, axis=1)
    assert losses.mean() < risk_x - 3
    positive = james_stein(draws, positive_part=True)
    assert np.mean(np.sum((positive - theta) ** 2, axis=1)) <= losses.mean()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: ols([1, 2, 3], [1, 2, 3]),
            ValueError,
            r"X must be 2-D \(n_samples, n_features\), got shape \(3,\)",
        ),
        (
            lambda: ols([[1], [2]], [1, 2, 3]),
            ValueError,
            "X and y must have the same number of samples, got 2 and 3",
        ),
        (lambda: ols([[1], [np.nan]], [1, 2]), ValueError, "X contains nan at index"),
        (
            lambda: ols([[1], [2]], None),
            TypeError,
            "y must be an array of real numbers, got None",
        ),
        (
            lambda: ridge([[1.0]], [1.0], alpha=-1),
            ValueError,
            "alpha must be positive, got -1",
        ),
        (
            lambda: weighted_least_squares(
                [[1.0], [2.0]], [1, 2], sample_weight=[1, -1]
            ),
            ValueError,
            "sample_weight must be non-negative",
        ),
        (
            lambda: polynomial_features([[1, 2]], 2),
            ValueError,
            r"x must be 1-D, got shape \(1, 2\)",
        ),
        (
            lambda: polynomial_features([1, 2], -1),
            ValueError,
            "degree must be at least 0, got -1",
        ),
        (
            lambda: polynomial_features([1, 2], 1.0),
            TypeError,
            "degree must be an integer, got float",
        ),
        (lambda: james_stein([1.0, 2.0]), ValueError, "dimension p >= 3 .* got p = 2"),
        (
            lambda: james_stein([0.0, 0.0, 0.0]),
            ValueError,
            "x must not be the zero vector",
        ),
        (
            lambda: james_stein([1.0, 2.0, 3.0], sigma2=0),
            ValueError,
            "sigma2 must be positive, got 0",
        ),
    ],
)
def test_bad_input_is_rejected_with_the_argument_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- Regression tests for the adversarial search of the package (inputs at the limits)


def test_gls_refuses_an_asymmetric_covariance_at_any_scale():
    for scale in (1e-10, 1.0, 1e10):
        with pytest.raises(ValueError, match="cov must be symmetric"):
            gls(np.eye(2), [1.0, 2.0], cov=scale * np.array([[1.0, 50.0], [0.0, 1.0]]))
    np.testing.assert_allclose(
        gls([[1.0], [1.0]], [0.0, 3.0], cov=1e-10 * np.diag([0.5, 1.0])),
        [1.0],
        rtol=1e-14,
    )


@pytest.mark.parametrize("scale", [1e-200, 1e-160, 1.0, 1e160, 1e200])
def test_james_stein_at_any_scale(scale):
    x = np.array(
        [3.0, 0.5, -4.0]
    )  # |x|**2 = 25.25, so the factor is 1 - 1 / (25.25 scale**2) for sigma2 = 1
    expected = x * scale - x * (
        1 / (25.25 * scale)
    )  # factor * x * scale, without under- or overflow
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(james_stein(x * scale), expected, rtol=1e-14)
        clipped = james_stein(x * scale, positive_part=True)
    np.testing.assert_allclose(
        clipped, expected if 25.25 * scale * scale > 1 else np.zeros(3), rtol=1e-14
    )


def test_james_stein_positive_part_must_be_a_flag():
    with pytest.raises(
        TypeError, match="positive_part must be True or False, got 'False'"
    ):
        james_stein([1.0, 2.0, 3.0], positive_part="False")


def test_lipschitz_constant_of_extreme_designs():
    for scale in (1e-200, 1e200):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert least_squares_lipschitz(np.eye(2) * scale) == pytest.approx(
                scale * scale, rel=1e-14
            )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert (
            least_squares_lipschitz(np.eye(2) * 1e300) == np.inf
        )  # 1e600 is not a float


def test_sizes_that_would_exhaust_memory_are_refused():
    with pytest.raises(
        ValueError,
        match=r"steps=1000000000000 would give .* values \(more than 100,000,000",
    ):
        gradient_descent(np.eye(2), [1.0, 2.0], learning_rate=0.1, steps=10**12)
    with pytest.raises(ValueError, match=r"degree=1000000000 would give"):
        polynomial_features([1.0, 2.0], 10**9)


def test_polynomial_features_refuse_powers_beyond_float64():
    with pytest.raises(
        ValueError, match=r"x\*\*309 overflows float64 for x = 10.0 \(index 1\)"
    ):
        polynomial_features([1.0, 10.0], 400)


def test_options_beyond_float64_are_refused_by_name():
    with pytest.raises(
        ValueError,
        match="alpha must be finite and fit in a float64, got an integer of 401 digits",
    ):
        ridge(np.eye(2), [1.0, 2.0], alpha=10**400)
    with pytest.raises(
        ValueError, match="learning_rate must be finite and fit in a float64"
    ):
        gradient_descent(np.eye(2), [1.0, 2.0], learning_rate=10**400, steps=1)
