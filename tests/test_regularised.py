"""The lasso, the elastic net, their paths and K-fold MSE agree with scikit-learn, and
reject bad input by name.
"""

import re
import warnings

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.linear_model import lasso_path as sklearn_lasso_path
from sklearn.model_selection import KFold, cross_val_score

from msebook import elastic_net, k_fold_mse, lasso, lasso_path, ols, ridge, ridge_path
from msebook.models import ConvergenceWarning


def _data(seed, n, p, correlated=True, shift=4.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if correlated:
        X += rng.normal(size=(n, 1))  # every pair of columns correlated
    X *= rng.uniform(0.5, 3.0, p)
    X += shift * rng.normal(size=p)  # far from centred: the intercept matters
    coef = np.zeros(p)
    coef[: min(p, 4)] = [1.5, -2.0, 0.5, 1.0][: min(p, 4)]
    return X, X @ coef + rng.normal(size=n) + 3.0


def _objective(X, y, coef, intercept, alpha, l1_ratio, weight=None):
    """scikit-learn's elastic-net objective, written out."""
    n = len(y)
    weight = np.ones(n) if weight is None else weight * n / weight.sum()
    r = y - X @ coef - intercept
    penalty = l1_ratio * np.abs(coef).sum() + 0.5 * (1 - l1_ratio) * coef @ coef
    return (weight * r) @ r / (2 * n) + alpha * penalty


def _tight(estimator, X, y, sample_weight=None):
    """A scikit-learn estimator fitted tightly: a duality gap of 1e-15 of var(y)."""
    estimator.set_params(tol=1e-15, max_iter=20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its gap may stall just above the tolerance
        return estimator.fit(X, y, sample_weight=sample_weight)


def _reference(X, y, alpha, l1_ratio, sample_weight=None, **options):
    """scikit-learn's elastic net, solved tightly."""
    return _tight(
        ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **options), X, y, sample_weight
    )


ENET_CASES = [  # seed, n, p, alpha, l1_ratio, fit_intercept
    (0, 100, 5, 0.1, 1.0, True),
    (1, 100, 5, 0.05, 0.5, True),
    (2, 1000, 20, 0.01, 0.9, True),
    (3, 200, 8, 1.0, 0.2, False),
    (4, 50, 200, 0.1, 1.0, True),  # more features than samples: residual updates
    (5, 40, 80, 0.2, 0.5, True),
    (6, 300, 10, 0.5, 0.0, True),  # ridge by coordinate descent
    (7, 80, 6, 10.0, 1.0, True),  # alpha above alpha_max: all zero
]


@pytest.mark.parametrize("case", ENET_CASES, ids=lambda c: f"seed{c[0]}")
def test_elastic_net_reaches_scikit_learns_minimum(case):
    seed, n, p, alpha, l1_ratio, fit_intercept = case
    X, y = _data(seed, n, p)
    fit = elastic_net(
        X,
        y,
        alpha=alpha,
        l1_ratio=l1_ratio,
        fit_intercept=fit_intercept,
        tol=1e-14,
        max_iter=10**5,
    )
    assert fit.converged
    reference = _reference(X, y, alpha, l1_ratio, fit_intercept=fit_intercept)
    best = _objective(X, y, reference.coef_, reference.intercept_, alpha, l1_ratio)
    mine = _objective(X, y, fit.coef, fit.intercept, alpha, l1_ratio)
    assert fit.objective == pytest.approx(mine, rel=1e-12)
    assert mine == pytest.approx(best, rel=1e-8)
    # the gap bounds the distance to the minimum
    assert mine - fit.dual_gap <= best * (1 + 1e-12)
    scale = max(1.0, np.abs(reference.coef_).max())
    np.testing.assert_allclose(fit.coef, reference.coef_, rtol=0, atol=1e-6 * scale)
    assert fit.intercept == pytest.approx(reference.intercept_, rel=1e-6, abs=1e-6)
    # exact zeros where scikit-learn has them, for the lasso
    if l1_ratio == 1:
        np.testing.assert_array_equal(fit.coef == 0, reference.coef_ == 0)


def test_lasso_is_elastic_net_with_l1_ratio_one_and_matches_scikit_learns_lasso():
    X, y = _data(10, 150, 6)
    fit = lasso(X, y, alpha=0.05, tol=1e-14)
    same = elastic_net(X, y, alpha=0.05, l1_ratio=1.0, tol=1e-14)
    np.testing.assert_array_equal(fit.coef, same.coef)
    reference = _tight(Lasso(alpha=0.05), X, y)
    np.testing.assert_allclose(fit.coef, reference.coef_, atol=1e-8)
    assert fit.intercept == pytest.approx(reference.intercept_, abs=1e-8)
    np.testing.assert_allclose(fit.predict(X[:3]), reference.predict(X[:3]), atol=1e-8)


def test_sample_weights_as_scikit_learn_and_as_repeated_rows():
    X, y = _data(11, 60, 4)
    weight = np.random.default_rng(0).integers(0, 4, size=60).astype(float)
    fit = elastic_net(X, y, alpha=0.05, l1_ratio=0.7, sample_weight=weight, tol=1e-14)
    reference = _reference(X, y, 0.05, 0.7, sample_weight=weight)
    np.testing.assert_allclose(fit.coef, reference.coef_, atol=1e-7)
    assert fit.objective == pytest.approx(
        _objective(X, y, fit.coef, fit.intercept, 0.05, 0.7, weight), rel=1e-12
    )
    # integer weights are repeated rows, with alpha unchanged (the weights are
    # rescaled to sum to n, as the mean over the repeated rows does)
    repeat = np.repeat(np.arange(60), weight.astype(int))
    repeated = elastic_net(X[repeat], y[repeat], alpha=0.05, l1_ratio=0.7, tol=1e-14)
    np.testing.assert_allclose(fit.coef, repeated.coef, atol=1e-8)
    assert fit.intercept == pytest.approx(repeated.intercept, abs=1e-8)


def test_the_gap_stopping_rule_follows_tol_and_warm_starts_save_sweeps():
    X, y = _data(12, 400, 30)
    loose = lasso(X, y, alpha=0.01, tol=1e-2)
    tight = lasso(X, y, alpha=0.01, tol=1e-12)
    variance = np.var(y)
    assert loose.dual_gap <= 1e-2 * variance and tight.dual_gap <= 1e-12 * variance
    assert loose.n_iter < tight.n_iter
    assert loose.objective - tight.objective <= loose.dual_gap * (1 + 1e-9)
    warm = lasso(X, y, alpha=0.01, tol=1e-12, coef_init=tight.coef)
    assert warm.n_iter == 1
    np.testing.assert_allclose(warm.coef, tight.coef, atol=1e-10)


def test_non_convergence_is_warned_and_flagged():
    X, y = _data(13, 100, 10)
    with pytest.warns(ConvergenceWarning, match="lasso did not converge in max_iter=2"):
        fit = lasso(X, y, alpha=0.001, max_iter=2, tol=1e-14)
    assert not fit.converged and fit.n_iter == 2 and fit.dual_gap > 0
    with pytest.warns(ConvergenceWarning, match="elastic_net did not converge"):
        elastic_net(X, y, alpha=0.001, l1_ratio=0.5, max_iter=1, tol=1e-14)


def test_a_constant_target_or_column_gives_zero_coefficients():
    X, y = _data(14, 50, 3)
    fit = lasso(X, np.full(50, 2.5), alpha=0.1)
    assert fit.converged and not fit.coef.any() and fit.intercept == 2.5
    X[:, 1] = 7.0
    fit = lasso(X, y, alpha=0.01, tol=1e-14)
    reference = _tight(Lasso(alpha=0.01), X, y)
    assert fit.coef[1] == 0.0
    np.testing.assert_allclose(fit.coef, reference.coef_, atol=1e-8)


# The paths


def test_lasso_path_matches_scikit_learn_on_its_grid():
    X, y = _data(20, 120, 8)
    path = lasso_path(X, y, n_alphas=30, eps=1e-3, tol=1e-13, max_iter=10**5)
    assert path.converged and path.coefs.shape == (8, 30)
    Xc, yc = X - X.mean(axis=0), y - y.mean()  # scikit-learn's path does not centre
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alphas, coefs, _ = sklearn_lasso_path(
            Xc, yc, n_alphas=30, eps=1e-3, tol=1e-15, max_iter=20_000
        )
    np.testing.assert_allclose(path.alphas, alphas, rtol=1e-12)
    # alpha_max: the smallest penalty that keeps every coefficient at zero
    assert not path.coefs[:, 0].any()
    assert path.alphas[0] == pytest.approx(np.abs(Xc.T @ yc).max() / len(y), rel=1e-14)
    assert lasso(X, y, alpha=path.alphas[0] * 0.999, tol=1e-10).coef.any()
    np.testing.assert_allclose(path.coefs, coefs, atol=1e-6)
    np.testing.assert_allclose(
        path.intercepts, y.mean() - X.mean(axis=0) @ path.coefs, rtol=1e-12
    )
    # each point is the lasso at that penalty
    k = 17
    fit = lasso(X, y, alpha=path.alphas[k], tol=1e-13)
    np.testing.assert_allclose(path.coefs[:, k], fit.coef, atol=1e-7)


def test_lasso_path_with_given_alphas_runs_from_the_largest():
    X, y = _data(21, 80, 5)
    path = lasso_path(X, y, alphas=[0.01, 1.0, 0.1], tol=1e-13)
    np.testing.assert_array_equal(path.alphas, [1.0, 0.1, 0.01])
    for k, alpha in enumerate(path.alphas):
        reference = _tight(Lasso(alpha=alpha), X, y)
        np.testing.assert_allclose(path.coefs[:, k], reference.coef_, atol=1e-7)
        assert path.intercepts[k] == pytest.approx(reference.intercept_, abs=1e-7)


def test_ridge_path_matches_scikit_learns_ridge_at_each_penalty():
    X, y = _data(22, 60, 7)
    alphas = np.array([1e-3, 0.1, 1.0, 10.0, 1e3])
    path = ridge_path(X, y, alphas=alphas)
    for k, alpha in enumerate(alphas):
        reference = Ridge(alpha=alpha, solver="svd").fit(X, y)
        np.testing.assert_allclose(path.coefs[:, k], reference.coef_, rtol=1e-9)
        assert path.intercepts[k] == pytest.approx(reference.intercept_, rel=1e-9)
    # without an intercept it is msebook.ridge
    no_intercept = ridge_path(X, y, alphas=alphas, fit_intercept=False)
    for k, alpha in enumerate(alphas):
        np.testing.assert_allclose(
            no_intercept.coefs[:, k], ridge(X, y, alpha=alpha), rtol=1e-9
        )
    # effective degrees of freedom: the trace of the hat matrix of the centred design
    Xc = X - X.mean(axis=0)
    for k, alpha in enumerate(alphas):
        hat = Xc @ np.linalg.solve(Xc.T @ Xc + alpha * np.eye(7), Xc.T)
        assert path.dof[k] == pytest.approx(np.trace(hat), rel=1e-10)
    assert np.all(np.diff(path.dof) < 0) and 0 < path.dof[-1] < path.dof[0] < 7


def test_ridge_path_of_a_rank_deficient_design_is_the_minimum_norm_limit():
    X, y = _data(23, 10, 30)  # more features than samples
    path = ridge_path(X, y, alphas=[1e-10, 1.0])
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    np.testing.assert_allclose(path.coefs[:, 0], np.linalg.pinv(Xc) @ yc, rtol=1e-6)
    assert path.dof[0] == pytest.approx(9, rel=1e-6)  # rank of the centred design


# K-fold cross-validation


def _lasso_model(alpha):
    return lambda X, y: lasso(X, y, alpha=alpha, tol=1e-12).predict


def test_k_fold_mse_matches_scikit_learns_cross_val_score_on_the_same_folds():
    X, y = _data(30, 103, 6)
    for folds, seed in [(5, None), (10, 3), (103, 0)]:
        result = k_fold_mse(_lasso_model(0.05), X, y, folds=folds, seed=seed)
        assert len(result.test_folds) == folds == len(result.fold_mse)
        # every observation held out exactly once; fold sizes as KFold's
        held_out = np.sort(np.concatenate(result.test_folds))
        np.testing.assert_array_equal(held_out, np.arange(103))
        sizes = [len(fold) for fold in result.test_folds]
        expected = [len(test) for _, test in KFold(folds).split(X)]
        assert sizes == expected
        if seed is None:  # contiguous folds: KFold without shuffling
            for mine, (_, test) in zip(result.test_folds, KFold(folds).split(X)):
                np.testing.assert_array_equal(mine, test)
        splits = [
            (np.setdiff1d(np.arange(103), test), test) for test in result.test_folds
        ]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a gap stalling just above 1e-15
            scores = -cross_val_score(
                Lasso(alpha=0.05, tol=1e-15, max_iter=20_000),
                X,
                y,
                cv=splits,
                scoring="neg_mean_squared_error",
            )
        np.testing.assert_allclose(result.fold_mse, scores, rtol=1e-7)
        assert result.mse == pytest.approx(scores.mean(), rel=1e-7)
        assert result.standard_error == pytest.approx(
            scores.std(ddof=1) / np.sqrt(folds), rel=1e-6
        )


def test_k_fold_mse_is_reproducible_and_its_seed_shuffles():
    X, y = _data(31, 40, 3)
    model = _lasso_model(0.1)
    first = k_fold_mse(model, X, y, folds=4, seed=7)
    again = k_fold_mse(model, X, y, folds=4, seed=7)
    other = k_fold_mse(model, X, y, folds=4, seed=8)
    np.testing.assert_array_equal(first.fold_mse, again.fold_mse)
    assert not all(
        np.array_equal(a, b) for a, b in zip(first.test_folds, other.test_folds)
    )
    # leave-one-out of least squares: the mean of the squared deleted residuals
    # (PRESS / n)
    design = np.column_stack([np.ones(40), X])
    hat = design @ np.linalg.solve(design.T @ design, design.T)
    residual = y - hat @ y
    press = np.mean((residual / (1 - np.diag(hat))) ** 2)

    def least_squares(X, y):
        theta = ols(np.column_stack([np.ones(len(X)), X]), y)
        return lambda Z: theta[0] + Z @ theta[1:]

    loo = k_fold_mse(least_squares, X, y, folds=40)
    assert loo.mse == pytest.approx(press, rel=1e-10)


@pytest.mark.parametrize("scale", [1e-300, 1e-200, 1e200, 1e300])
def test_the_lasso_scales_with_y(scale):
    # y of 1e-200: the stopping rule's |y|**2 underflowed and lasso returned
    # coef [0, 0] (exact [1.67e-200, 0]); 1e200 was refused as an overflow
    X, y = _data(31, 40, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = lasso(X, y * scale, alpha=0.1 * scale)
        path = lasso_path(X, y * scale, n_alphas=5)
        given = lasso_path(X, y * scale, alphas=np.array([0.1, 0.01]) * scale)
    base = lasso(X, y, alpha=0.1)
    np.testing.assert_allclose(fit.coef, base.coef * scale, rtol=1e-12, atol=0)
    assert fit.intercept == pytest.approx(base.intercept * scale, rel=1e-12, abs=0)
    for scaled, unscaled in [
        (path, lasso_path(X, y, n_alphas=5)),
        (given, lasso_path(X, y, alphas=np.array([0.1, 0.01]))),
    ]:
        np.testing.assert_allclose(scaled.alphas, unscaled.alphas * scale, rtol=1e-14)
        np.testing.assert_allclose(
            scaled.coefs, unscaled.coefs * scale, rtol=1e-12, atol=0
        )
        np.testing.assert_allclose(
            scaled.intercepts, unscaled.intercepts * scale, rtol=1e-12, atol=0
        )


@pytest.mark.parametrize(
    "output, error, message",
    [  # numpy's conversion named no argument, dropped an imaginary part with a
        # ComplexWarning, or read the value under a mask
        ("abc", TypeError, "model's predictor output must be an array of predictions"),
        (["a"] * 4, TypeError, "model's predictor output must hold real numbers"),
        (np.ones(4) * (1 + 1j), TypeError, "predictor output must hold real numbers"),
        (
            np.ma.array(np.ones(4), mask=[1, 0, 0, 0]),
            ValueError,
            "model's predictor output is a masked array",
        ),
        ([[1.0, 2.0], [3.0]], ValueError, "model's predictor output is ragged"),
    ],
)
def test_k_fold_mse_checks_the_predictions(output, error, message):
    X = np.column_stack([np.ones(8), np.arange(8.0)])
    y = 2 * np.arange(8.0) + np.tile([1.0, -1.0], 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=re.escape(message)):
            k_fold_mse(lambda X, y: lambda Z: output, X, y, folds=2)
        # predictions whose squared errors overflow: inf, without a warning
        huge = k_fold_mse(lambda X, y: lambda Z: np.full(len(Z), 1e200), X, y, folds=2)
    assert huge.mse == np.inf and np.isnan(huge.standard_error)


# Bad input


def _X():
    return _data(40, 20, 3)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda X, y: lasso(X[:, 0], y, alpha=0.1), ValueError, "X must be 2-D"),
        (
            lambda X, y: lasso(X, y[:-1], alpha=0.1),
            ValueError,
            "X and y must have the same number of samples, got 20 and 19",
        ),
        (
            lambda X, y: lasso(X, np.column_stack([y, y]), alpha=0.1),
            ValueError,
            r"y must be 1-D \(n_samples,\), got shape \(20, 2\)",
        ),
        (
            lambda X, y: lasso(np.where(X > 1, np.nan, X), y, alpha=0.1),
            ValueError,
            "X contains nan at index",
        ),
        (
            lambda X, y: lasso(X, np.r_[y[:-1], np.inf], alpha=0.1),
            ValueError,
            "y contains inf",
        ),
        (
            lambda X, y: lasso(X, y, alpha=-1),
            ValueError,
            "alpha must be positive, got -1",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0),
            ValueError,
            "alpha must be positive, got 0",
        ),
        (
            lambda X, y: lasso(X, y, alpha="0.1"),
            TypeError,
            "alpha must be a real number, got '0.1'",
        ),
        (
            lambda X, y: elastic_net(X, y, alpha=0.1, l1_ratio=1.5),
            ValueError,
            r"l1_ratio must be in \[0, 1\], got 1.5",
        ),
        (
            lambda X, y: elastic_net(X, y, alpha=0.1, l1_ratio=-0.1),
            ValueError,
            r"l1_ratio must be in \[0, 1\], got -0.1",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0.1, tol=0),
            ValueError,
            "tol must be positive, got 0",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0.1, max_iter=0),
            ValueError,
            "max_iter must be at least 1, got 0",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0.1, fit_intercept=1),
            TypeError,
            "fit_intercept must be True or False, got 1",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0.1, sample_weight=-np.ones(20)),
            ValueError,
            "sample_weight must be non-negative",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0.1, sample_weight=np.ones(19)),
            ValueError,
            "sample_weight must have length 20, got 19",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0.1, coef_init=np.zeros(2)),
            ValueError,
            r"coef_init must have shape \(3,\), got \(2,\)",
        ),
        (
            lambda X, y: lasso(X, y, alpha=0.1).predict(X[:, :2]),
            ValueError,
            r"X must have shape \(n_samples, 3\), got \(20, 2\)",
        ),
        (
            lambda X, y: lasso_path(X, y, alphas=[0.1, -0.2]),
            ValueError,
            "alphas must be positive, got -0.2 at index 1",
        ),
        (
            lambda X, y: lasso_path(X, y, eps=1.0),
            ValueError,
            "eps must be strictly between 0 and 1, got 1.0",
        ),
        (  # numpy's geomspace raised "Geometric sequence cannot include zero"
            lambda X, y: lasso_path(X, y / 10, eps=5e-324),
            ValueError,
            "eps=5e-324 times the largest penalty, .* underflows float64",
        ),
        (
            lambda X, y: lasso_path(X, y, n_alphas=0),
            ValueError,
            "n_alphas must be at least 1, got 0",
        ),
        (
            lambda X, y: lasso_path(X, np.ones(20)),
            ValueError,
            "y is constant",
        ),
        (
            lambda X, y: ridge_path(X, y, alphas=[1.0, 0.0]),
            ValueError,
            "alphas must be positive, got 0.0 at index 1",
        ),
        (
            lambda X, y: ridge_path(X, y, alphas=[[1.0]]),
            ValueError,
            r"alphas must be 1-D, got shape \(1, 1\)",
        ),
        (
            lambda X, y: ridge_path(X, y, alphas=[np.nan]),
            ValueError,
            "alphas contains nan",
        ),
        (
            lambda X, y: k_fold_mse("lasso", X, y),
            TypeError,
            "model must be callable",
        ),
        (
            lambda X, y: k_fold_mse(_lasso_model(0.1), X, y, folds=1),
            ValueError,
            "folds must be at least 2, got 1",
        ),
        (
            lambda X, y: k_fold_mse(_lasso_model(0.1), X, y, folds=21),
            ValueError,
            "folds must be at most the number of samples, 20, got 21",
        ),
        (
            lambda X, y: k_fold_mse(_lasso_model(0.1), X, y, folds=2.0),
            TypeError,
            "folds must be an integer, got float",
        ),
        (
            lambda X, y: k_fold_mse(_lasso_model(0.1), X, y, seed=-1),
            ValueError,
            "seed must be at least 0, got -1",
        ),
        (
            lambda X, y: k_fold_mse(lambda X, y: None, X, y),
            TypeError,
            "model must return a callable predictor, got NoneType",
        ),
        (
            lambda X, y: k_fold_mse(lambda X, y: lambda Z: Z, X, y),
            ValueError,
            r"model's predictor must return shape \(4,\) for 4 rows, got \(4, 3\)",
        ),
        (
            lambda X, y: k_fold_mse(lambda X, y: lambda Z: Z[:, 0] / 0.0, X, y),
            ValueError,
            "model's predictor returned non-finite values in fold 0",
        ),
    ],
)
def test_bad_input_is_rejected_with_the_argument_named(call, error, message):
    X, y = _X()
    with (
        np.errstate(divide="ignore", invalid="ignore"),
        pytest.raises(error, match=message),
    ):
        call(X, y)


# The chapter's exercises: the checkers name the usual mistakes


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (lambda z, t: np.where(np.abs(z) > t, z, 0.0), "hard thresholding"),
        (lambda z, t: np.maximum(np.abs(z) - t, 0.0), "lose the sign"),
        (lambda z, t: np.asarray(z) - t * np.sign(z), "cross it"),
        (lambda z, t: np.maximum(np.asarray(z) - t, 0.0), "clip only from above"),
        (lambda z, t: np.asarray(z) / (1 + t), "as ridge does"),
        (lambda z, t: 0.0, "return one value per entry"),
    ],
)
def test_the_soft_threshold_checker_names_the_mistake(answer, explanation):
    from msebook import exercises

    feedback = exercises.soft_threshold.check(answer)
    assert not feedback and explanation in repr(feedback)


@pytest.mark.parametrize(
    "answer, explanation",
    [
        (
            lambda X, a: np.sum((d := np.linalg.svd(X, compute_uv=False)) / (d + a)),
            "uses the singular values d",
        ),
        (
            lambda X, a: np.sum(a / (np.linalg.svd(X, compute_uv=False) ** 2 + a)),
            "what each direction loses",
        ),
        (lambda X, a: float(X.shape[1]), "degrees of freedom of least squares"),
        (
            lambda X, a: np.sum(
                (d := np.linalg.svd(X, compute_uv=False)) ** 2 / (d**2 + a**2)
            ),
            "squares alpha",
        ),
        (
            lambda X, a: (
                np.sum((d := np.linalg.svd(X, compute_uv=False)) ** 2 / (d**2 + a))
                + X.shape[1]
                - len(d)
            ),
            "beyond the rank",
        ),
    ],
)
def test_the_ridge_dof_checker_names_the_mistake(answer, explanation):
    from msebook import exercises

    feedback = exercises.ridge_dof.check(answer)
    assert not feedback and explanation in repr(feedback)
