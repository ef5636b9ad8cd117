"""Every public function against the same classes of odd input.

The public API is enumerated from ``__all__`` of :mod:`msebook` and of each public
submodule; :data:`SPECS` gives, for every public callable, a call with valid
arguments. Each argument in turn is then replaced by each odd value of
:data:`ODD_VALUES` (the others stay valid). An outcome passes when the call either

* returns (and a float result is not NaN unless a NaN went in), or
* raises ``ValueError`` or ``TypeError`` whose message names the argument,

within a few seconds and without any warning other than msebook's own
``ConvergenceWarning``. :func:`test_odd_pairs` makes the first two arguments odd
in the same way at once, and :func:`test_checkers_under_odd_answers` hands every
exercise checker answers that exit, raise, mutate or return strings. Any other
exception (``OverflowError``, ``IndexError``, ``ZeroDivisionError``,
``LinAlgError`` ...) or warning is a failure.

A public name missing from :data:`SPECS` fails
:func:`test_every_public_name_has_a_spec`, so a new function cannot escape the sweep.
"""

import contextlib
import decimal
import fractions
import importlib
import math
import signal
import warnings

import numpy as np
import pytest
import sympy as sp

import msebook
from msebook import exercises, history, streaming, symbolic
from msebook.models import ConvergenceWarning

try:  # dask is optional: only the reader's Dask environment and the test env have it
    import msebook.dask as msebook_dask
except ImportError:  # pragma: no cover - depends on the environment
    msebook_dask = None

SUBMODULES = ["streaming", "history", "datasets", "symbolic", "exercises"] + (
    ["dask"] if msebook_dask is not None else []
)
TIME_LIMIT = 5  # seconds for one call; every valid call here takes milliseconds


class _Odd:
    """A value that is neither a number nor an array."""


def _read_only():
    array = np.array([1.0, 2.0, 3.0])
    array.flags.writeable = False
    return array


def _masked():
    return np.ma.array([1.0, 2.0, 3.0], mask=[0, 1, 0])


# name -> (value, whether it holds a NaN)
ODD_VALUES = {
    "none": lambda: None,
    "string": lambda: "abc",
    "bytes": lambda: b"ab",
    "dict": lambda: {"a": 1},
    "object": lambda: _Odd(),
    "bool": lambda: True,
    "complex": lambda: 1 + 2j,
    "nan": lambda: math.nan,
    "inf": lambda: math.inf,
    "-inf": lambda: -math.inf,
    "zero": lambda: 0,
    "negative": lambda: -1,
    "huge_int": lambda: 10**400,
    "huge_float": lambda: 1e308,
    "tiny_float": lambda: 5e-324,
    "big_int": lambda: 2**62 + 1,
    "0d_array": lambda: np.array(2.0),
    "empty": lambda: np.array([]),
    "empty_2d": lambda: np.zeros((0, 2)),
    "short": lambda: np.array([1.0, 2.0]),
    "nan_array": lambda: np.array([1.0, np.nan, 3.0]),
    "inf_array": lambda: np.array([1.0, np.inf, 3.0]),
    "huge_array": lambda: np.array([1e308, -1e308, 1e308]),
    "tiny_array": lambda: np.array([5e-324, 0.0, 1e-310]),
    "int_2_62": lambda: np.array([2**62 + 1, 2**62, 2**62 + 3]),
    "longdouble": lambda: np.array([1.0, 2.0, 3.0], dtype=np.longdouble),
    "complex_array": lambda: np.array([1.0, 2.0, 3.0 + 1j]),
    "bool_array": lambda: np.array([True, False, True]),
    "object_array": lambda: np.array([1.0, "a", None], dtype=object),
    "string_list": lambda: ["a", "b", "c"],
    "masked": _masked,
    "3d": lambda: np.ones((3, 2, 2)),
    "ragged": lambda: [[1.0, 2.0], [3.0]],
    "uint64_top": lambda: np.array([2**64 - 1, 2**63, 2**64 - 3], dtype=np.uint64),
    "float16": lambda: np.array([1.0, 2.0, 3.0], dtype=np.float16),
    "read_only": _read_only,
    "negative_stride": lambda: np.array([3.0, 2.0, 1.0])[::-1],
    "numpy_true": lambda: np.True_,
    "longdouble_huge": lambda: np.longdouble("1e400"),
    "fraction": lambda: fractions.Fraction(1, 2),
}
NAN_KINDS = {"nan", "nan_array", "object_array", "masked"}


def _regression():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(8), np.arange(8.0), np.arange(8.0) ** 2 / 10])
    y = X @ [1.0, 2.0, -0.5] + rng.normal(0, 0.3, 8)
    return X, y


X8, Y8 = _regression()
T3, P3 = np.array([1.0, 2.0, 3.0]), np.array([1.5, 1.5, 3.5])
IMG = np.random.default_rng(1).random((16, 16))
IMG2 = np.clip(IMG + np.random.default_rng(2).normal(0, 0.05, (16, 16)), 0, 1)
IMG_BIG = np.random.default_rng(3).random((180, 180))
IMG_BIG2 = np.clip(IMG_BIG + 0.05, 0, 1)


def metric_spec(extra=None):
    spec = {
        "y_true": T3,
        "y_pred": P3,
        "sample_weight": np.array([1.0, 2.0, 1.0]),
        "multioutput": "uniform_average",
        "nan_policy": "raise",
    }
    spec.update(extra or {})
    return spec


x_sym, mu_sym = sp.symbols("x mu", real=True)
sigma_sym = sp.Symbol("sigma", positive=True)
GAUSS = sp.exp(-((x_sym - mu_sym) ** 2) / 2) / sp.sqrt(2 * sp.pi)

# public name -> (callable, {argument: valid value}, positional argument names)
# Arguments listed after the positional ones are passed by keyword.
SPECS = {}
for _name in [
    "mse",
    "rmse",
    "mae",
    "msle",
    "rmsle",
    "mape",
    "smape",
    "log_cosh",
    "r2",
    "nmse",
    "sse",
]:
    SPECS[_name] = (getattr(msebook, _name), metric_spec(), 2)
SPECS["huber"] = (msebook.huber, metric_spec({"delta": 1.0}), 2)
SPECS["pinball"] = (msebook.pinball, metric_spec({"alpha": 0.3}), 2)
SPECS["tukey_biweight"] = (msebook.tukey_biweight, metric_spec({"c": 4.685}), 2)
_se = metric_spec()
del _se["multioutput"]
SPECS["squared_errors"] = (msebook.squared_errors, _se, 2)
SPECS["mase"] = (
    msebook.mase,
    metric_spec({"y_train": np.array([1.0, 3.0, 2.0, 4.0]), "seasonality": 1}),
    2,
)
SPECS["test_error_interval"] = (
    msebook.test_error_interval,
    {
        "y_true": np.arange(6.0),
        "y_pred": np.arange(6.0) + [0.5, -0.2, 0.1, 0.3, -0.4, 0.2],
        "loss": "squared",
        "level": 0.95,
        "horizon": 1,
        "small_sample": True,
    },
    2,
)
SPECS["paired_comparison"] = (
    msebook.paired_comparison,
    {
        "y_true": np.arange(6.0),
        "pred_a": np.arange(6.0) + [0.5, -0.2, 0.1, 0.3, -0.4, 0.2],
        "pred_b": np.arange(6.0) + [0.1, -0.6, 0.4, 0.0, -0.1, 0.7],
        "loss": "squared",
        "level": 0.95,
        "alternative": "two-sided",
    },
    3,
)
_brier = {
    "y_true": np.array([0, 1, 1, 0]),
    "y_prob": np.array([0.2, 0.7, 0.9, 0.4]),
    "sample_weight": np.array([1.0, 2.0, 1.0, 1.0]),
    "nan_policy": "raise",
}
SPECS["brier_score"] = (msebook.brier_score, _brier, 2)
SPECS["brier_decomposition"] = (msebook.brier_decomposition, _brier, 2)
SPECS["psnr"] = (
    msebook.psnr,
    {"image_true": IMG, "image_test": IMG2, "data_range": 1.0},
    2,
)
SPECS["ssim"] = (
    msebook.ssim,
    {
        "im1": IMG,
        "im2": IMG2,
        "data_range": 1.0,
        "win_size": 7,
        "K1": 0.01,
        "K2": 0.03,
        "sigma": 1.5,
        "gaussian_weights": True,
    },
    2,
)
SPECS["ms_ssim"] = (
    msebook.ms_ssim,
    {"im1": IMG_BIG, "im2": IMG_BIG2, "data_range": 1.0, "sigma": 1.5},
    2,
)
SPECS["ols"] = (msebook.ols, {"X": X8, "y": Y8}, 2)
SPECS["min_norm_least_squares"] = (
    msebook.min_norm_least_squares,
    {"X": X8, "y": Y8},
    2,
)
SPECS["ridge"] = (msebook.ridge, {"X": X8, "y": Y8, "alpha": 0.5}, 2)
SPECS["weighted_least_squares"] = (
    msebook.weighted_least_squares,
    {"X": X8, "y": Y8, "sample_weight": np.linspace(1, 2, 8)},
    2,
)
SPECS["gls"] = (
    msebook.gls,
    {"X": X8, "y": Y8, "cov": np.diag(np.linspace(1, 2, 8))},
    2,
)
SPECS["gradient_descent"] = (
    msebook.gradient_descent,
    {"X": X8[:, :2], "y": Y8, "learning_rate": 0.01, "steps": 20},
    2,
)
SPECS["least_squares_lipschitz"] = (msebook.least_squares_lipschitz, {"X": X8}, 1)
SPECS["polynomial_features"] = (
    msebook.polynomial_features,
    {"x": np.array([1.0, 2.0, 3.0]), "degree": 3},
    2,
)
SPECS["james_stein"] = (
    msebook.james_stein,
    {"x": np.array([3.0, 0.5, -4.0]), "sigma2": 1.0, "positive_part": False},
    2,
)
SPECS["huber_regression"] = (
    msebook.huber_regression,
    {"X": X8[:, 1:], "y": Y8, "epsilon": 1.35, "alpha": 0.0, "max_iter": 100},
    2,
)
SPECS["quantile_regression"] = (
    msebook.quantile_regression,
    {"X": X8[:, 1:], "y": Y8, "quantile": 0.5, "alpha": 0.0, "max_iter": 100},
    2,
)
SPECS["hat_matrix"] = (msebook.hat_matrix, {"X": X8}, 1)
SPECS["leverage"] = (msebook.leverage, {"X": X8}, 1)
SPECS["hc_covariance"] = (msebook.hc_covariance, {"X": X8, "y": Y8, "kind": "HC2"}, 2)
SPECS["feasible_wls"] = (msebook.feasible_wls, {"X": X8, "y": Y8}, 2)
SPECS["lasso"] = (
    msebook.lasso,
    {"X": X8[:, 1:], "y": Y8, "alpha": 0.1, "max_iter": 1000, "tol": 1e-4},
    2,
)
SPECS["elastic_net"] = (
    msebook.elastic_net,
    {"X": X8[:, 1:], "y": Y8, "alpha": 0.1, "l1_ratio": 0.5, "tol": 1e-4},
    2,
)
SPECS["lasso_path"] = (
    msebook.lasso_path,
    {"X": X8[:, 1:], "y": Y8, "n_alphas": 5, "eps": 1e-3},
    2,
)
SPECS["ridge_path"] = (
    msebook.ridge_path,
    {"X": X8[:, 1:], "y": Y8, "alphas": np.array([0.1, 1.0])},
    2,
)
SPECS["k_fold_mse"] = (
    msebook.k_fold_mse,
    {
        "model": lambda X, y: msebook.ols(X, y).__rmatmul__,
        "X": X8,
        "y": Y8,
        "folds": 2,
        "seed": 0,
    },
    3,
)


def _streamed(cls):
    def run(first, second, **options):
        metric = cls(**options).update(first, second)
        other = cls(**options).update(first, second)
        return metric.merge(other).result()

    return run


# streaming: the constructor's options, then update with valid options
for _name in streaming.__all__:
    _cls = getattr(streaming, _name)
    if _name == "BrierScore":
        _options = {"nan_policy": "raise", "scale_by_half": "auto"}
        _batch = {"y_true": np.array([0, 1, 1]), "y_prob": np.array([0.2, 0.6, 0.9])}
    else:
        _options = {"multioutput": "uniform_average", "nan_policy": "raise"}
        _batch = {"y_true": T3, "y_pred": P3}

    SPECS["streaming." + _name] = (_streamed(_cls), {**_batch, **_options}, 2)


SPECS["history.names"] = (history.names, {}, 0)
SPECS["history.load"] = (history.load, {"name": "cavendish_1798"}, 1)
SPECS["history.Table"] = (
    lambda name, title, citation, units, caveats, data: history.Table(
        name, title, citation, units, caveats, data
    ),
    {
        "name": "t",
        "title": "T",
        "citation": "C",
        "units": {"a": "m"},
        "caveats": [],
        "data": {"a": np.array([1.0, 2.0])},
    },
    6,
)
_design = np.column_stack([np.ones(5), np.arange(5.0)])
_target = np.array([1.0, 2.9, 5.2, 7.1, 8.8])
SPECS["history.least_squares"] = (
    history.least_squares,
    {"design": _design, "target": _target, "sample_weight": np.ones(5)},
    2,
)
SPECS["history.boscovich_rule"] = (
    history.boscovich_rule,
    {"x": np.arange(5.0), "y": _target},
    2,
)
SPECS["history.least_absolute_deviations"] = (
    history.least_absolute_deviations,
    {"x": np.arange(5.0), "y": _target},
    2,
)
SPECS["history.mayer_averages"] = (
    history.mayer_averages,
    {"design": _design, "target": _target, "groups": np.array([0, 0, 1, 1, 1])},
    3,
)
SPECS["history.dms_to_degrees"] = (
    history.dms_to_degrees,
    {"degrees": 49, "minutes": 23, "seconds": 10},
    3,
)
SPECS["history.format_dms"] = (
    history.format_dms,
    {"angle": 49.38, "seconds": True},
    1,
)
SPECS["history.ellipticity"] = (
    history.ellipticity,
    {"intercept": 56751.0, "slope": 723.4, "at": "equator"},
    2,
)
SPECS["datasets.load_breast_cancer"] = (
    importlib.import_module("msebook.datasets").load_breast_cancer,
    {},
    0,
)

# symbolic: small sizes; defaults are symbols
for _name in ["prediction_symbols", "mse_expression", "mse_gradient", "mse_hessian"]:
    SPECS["symbolic." + _name] = (getattr(symbolic, _name), {"n": 3}, 1)
SPECS["symbolic.mse_shift_derivative"] = (symbolic.mse_shift_derivative, {"n": 3}, 1)
SPECS["symbolic.weighted_least_squares_weights"] = (
    symbolic.weighted_least_squares_weights,
    {"n": 3},
    1,
)
for _name in [
    "linear_model_symbols",
    "linear_mse_gradient",
    "linear_mse_hessian",
    "normal_equations",
    "newton_step",
    "least_squares_solution",
    "gradient_descent_error_map",
    "linear_estimator_symbols",
    "least_squares_estimator",
    "gauss_markov_proof",
    "generalised_least_squares",
    "ridge_estimator",
]:
    SPECS["symbolic." + _name] = (getattr(symbolic, _name), {"n": 4, "p": 2}, 0)
SPECS["symbolic.noise_symbols"] = (symbolic.noise_symbols, {"n": 3}, 0)
SPECS["symbolic.linear_estimator"] = (
    symbolic.linear_estimator,
    {"n": 4, "p": 2},
    0,
)
for _name in [
    "step_size_condition",
    "estimator_mse_decomposition",
    "prediction_error_decomposition",
    "gaussian_negative_log_likelihood",
    "laplace_negative_log_likelihood",
    "gaussian_variance_mle",
    "optimal_variance_divisor",
    "sigmoid_loss_gradients",
]:
    SPECS["symbolic." + _name] = (getattr(symbolic, _name), {}, 0)
SPECS["symbolic.expectation"] = (
    symbolic.expectation,
    {"expr": x_sym**2, "random": [x_sym], "moments": {x_sym: mu_sym}},
    3,
)
SPECS["symbolic.variance_estimator_mse"] = (
    symbolic.variance_estimator_mse,
    {"divisor": 4},
    1,
)
SPECS["symbolic.squared_loss_minimiser"] = (
    symbolic.squared_loss_minimiser,
    {"variable": x_sym},
    1,
)
SPECS["symbolic.absolute_loss_minimiser"] = (
    symbolic.absolute_loss_minimiser,
    {"variable": x_sym},
    1,
)
SPECS["symbolic.james_stein_risk_at_zero"] = (
    symbolic.james_stein_risk_at_zero,
    {"p": 5},
    1,
)
SPECS["symbolic.james_stein_unbiased_risk"] = (
    symbolic.james_stein_unbiased_risk,
    {"p": 5, "constant": 3},
    1,
)
SPECS["symbolic.james_stein_risk"] = (
    symbolic.james_stein_risk,
    {"p": 5, "constant": 3},
    1,
)
SPECS["symbolic.latex"] = (symbolic.latex, {"expr": x_sym - mu_sym}, 1)
SPECS["symbolic.fisher_information"] = (
    symbolic.fisher_information,
    {"density": GAUSS, "parameter": mu_sym, "variable": x_sym},
    3,
)
SPECS["symbolic.cramer_rao_bound"] = (
    symbolic.cramer_rao_bound,
    {"density": GAUSS, "parameter": mu_sym, "variable": x_sym, "n": 4},
    3,
)
SPECS["symbolic.median_efficiency"] = (
    symbolic.median_efficiency,
    {"density": GAUSS, "variable": x_sym, "centre": mu_sym},
    3,
)

if msebook_dask is not None:
    for _name in msebook_dask.__all__:
        if _name == "compute":
            SPECS["dask.compute"] = (msebook_dask.compute, {}, 0)
        elif _name == "brier_score":
            SPECS["dask.brier_score"] = (msebook_dask.brier_score, _brier, 2)
        elif _name == "mase":
            SPECS["dask.mase"] = (msebook_dask.mase, SPECS["mase"][1], 2)
        else:
            SPECS["dask." + _name] = (getattr(msebook_dask, _name), metric_spec(), 2)

# classes that are results (named tuples / data classes), not entry points
RESULT_TYPES = {
    "ErrorInterval",
    "PairedComparison",
    "BrierDecomposition",
    "FeasibleWLSFit",
    "datasets.BreastCancer",
    "symbolic.Decomposition",
    "symbolic.LinearEstimator",
    "symbolic.GaussMarkovProof",
    "symbolic.GeneralisedLeastSquares",
    "symbolic.LikelihoodLoss",
    "symbolic.BiasVariance",
    "symbolic.MedianEfficiency",
    "symbolic.E",
    "exercises.Exercise",
    "exercises.Feedback",
    "exercises.EXERCISES",
}


def public_names():
    """Every public callable, as ``name`` or ``submodule.name``."""
    names = []
    for name in msebook.__all__:
        if name in SUBMODULES:
            continue
        names.append(name)
    for module in SUBMODULES:
        mod = importlib.import_module("msebook." + module)
        for name in mod.__all__:
            value = getattr(mod, name)
            if isinstance(value, sp.Basic):
                continue  # a symbol, not a function
            if module == "exercises" and isinstance(value, exercises.Exercise):
                continue  # every checker is swept by test_checkers_under_odd_answers
            names.append(f"{module}.{name}")
    return names


def test_every_public_name_has_a_spec():
    missing = [
        name
        for name in public_names()
        if name not in SPECS and name not in RESULT_TYPES
    ]
    assert missing == [], f"add these public names to SPECS: {missing}"
    assert set(msebook.__all__) >= {"streaming", "history", "datasets"}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def run_case(function, arguments, positional):
    names = list(arguments)
    args = [arguments[n] for n in names[:positional]]
    kwargs = {n: arguments[n] for n in names[positional:]}
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.simplefilter("ignore", ConvergenceWarning)
            return function(*args, **kwargs)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _has_nan(value):
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return bool(np.isnan(value).any())
    if isinstance(value, tuple):
        return any(_has_nan(v) for v in value)
    return False


# A diverging gradient-descent path is documented to be returned as it is, NaN included.
NAN_DOCUMENTED = {("gradient_descent", "learning_rate")}


def _cases():
    for name, (_function, arguments, _positional) in SPECS.items():
        for argument in arguments:
            for kind in ODD_VALUES:
                yield name, argument, kind


CASES = list(_cases())


def _outcome(name, argument, kind):
    function, arguments, positional = SPECS[name]
    arguments = dict(arguments)
    arguments[argument] = ODD_VALUES[kind]()
    try:
        result = run_case(function, arguments, positional)
    except (ValueError, TypeError) as error:
        message = str(error)
        if argument not in message:
            return f"{type(error).__name__} not naming {argument!r}: {message}"
        return None
    except _Timeout:
        return f"no answer within {TIME_LIMIT} s"
    except Exception as error:  # noqa: BLE001 - any other type is the failure
        return f"{type(error).__name__}: {error}"
    documented = (name, argument) in NAN_DOCUMENTED
    if kind not in NAN_KINDS and not documented and _has_nan(result):
        return f"NaN result {result!r}"
    return None


@pytest.mark.parametrize("name", sorted(SPECS))
def test_odd_arguments(name):
    failures = []
    _function, arguments, _positional = SPECS[name]
    for argument in arguments:
        for kind in ODD_VALUES:
            problem = _outcome(name, argument, kind)
            if problem is not None:
                failures.append(f"{argument}={kind}: {problem}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("name", sorted(n for n in SPECS if SPECS[n][2] >= 2))
def test_odd_pairs(name):
    """The first two arguments odd in the same way (both huge, both 2**62, ...).

    A refusal may then name any argument: the odd pair can make another one wrong.
    """
    function, arguments, positional = SPECS[name]
    first, second = list(arguments)[:2]
    failures = []
    for kind, make in ODD_VALUES.items():
        case = {**arguments, first: make(), second: make()}
        try:
            result = run_case(function, case, positional)
        except (ValueError, TypeError) as error:
            if not any(argument in str(error) for argument in arguments):
                failures.append(f"{kind}: {type(error).__name__} naming none: {error}")
            continue
        except _Timeout:
            failures.append(f"{kind}: no answer within {TIME_LIMIT} s")
            continue
        except Exception as error:  # noqa: BLE001 - any other type is the failure
            failures.append(f"{kind}: {type(error).__name__}: {error}")
            continue
        documented = (name, first) in NAN_DOCUMENTED
        if kind not in NAN_KINDS and not documented and _has_nan(result):
            failures.append(f"{kind}: NaN result {result!r}")
    assert failures == [], "\n".join(failures)


# values an answer returns (or a value exercise is given) that float() or np.shape()
# fail on
def _array_arguments(name):
    """The arguments of ``name``'s valid call that are numeric arrays of two or more
    values.
    """
    return [
        argument
        for argument, value in SPECS[name][1].items()
        if isinstance(value, np.ndarray)
        and value.dtype.kind in "fiu"
        and value.size > 1
    ]


@pytest.mark.parametrize("name", sorted(n for n in SPECS if _array_arguments(n)))
def test_masked_values_never_count(name):
    """Two masked arrays that differ only under the mask give the same outcome.

    A function may honour the mask or refuse masked values by name; reading the
    values under it (numpy's conversions drop the mask) is a silent wrong number.
    """
    function, arguments, positional = SPECS[name]
    failures = []
    for argument in _array_arguments(name):
        outcomes = []
        for change in (0, 7):
            value = np.ma.array(arguments[argument].copy(), mask=False)
            value.mask.flat[0] = True
            value.data.flat[0] += change
            try:
                result = run_case(function, {**arguments, argument: value}, positional)
                outcomes.append(("returned", result))
            except (ValueError, TypeError) as error:
                outcomes.append(("refused", argument in str(error)))
        (first, a), (second, b) = outcomes
        if first == second == "refused" and a and b:
            continue
        try:
            assert first == second == "returned"
            np.testing.assert_equal(a, b)
        except AssertionError:
            failures.append(f"{argument}: {first} {a!r:.60} / {second} {b!r:.60}")
    assert failures == [], "\n".join(failures)


ODD_RESULTS = {
    "ragged": [[1.0], [2.0, 3.0]],
    "timedelta": np.timedelta64(
        1, "s"
    ),  # a numpy integer to isinstance, not to float()
    "signalling_nan": decimal.Decimal("sNaN"),
    "0d_object": np.array(1.5, dtype=object),
}

ODD_ANSWERS = {
    "exit": lambda *a: exit(3),
    "keyboard": lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()),
    "string": lambda *a: "0.5",
    "none": lambda *a: None,
    "huge": lambda *a: 10**400,
    "complex": lambda *a: 1 + 2j,
    "nan": lambda *a: math.nan,
    "object": lambda *a: _Odd(),
    "mutating": lambda *a: (
        [np.asarray(v).fill(0) for v in a if hasattr(v, "fill")] and 0.0
    ),
    "raises": lambda *a: 1 / 0,
    "generator_exit": lambda *a: (_ for _ in ()).throw(GeneratorExit()),
    **{
        f"returns_{kind}": (lambda v: lambda *a: v)(value)
        for kind, value in ODD_RESULTS.items()
    },
}


EXERCISE_NAMES = sorted(
    (chapter, name) for chapter, table in exercises.EXERCISES.items() for name in table
)


@pytest.mark.parametrize(("chapter", "exercise"), EXERCISE_NAMES)
def test_checkers_under_odd_answers(chapter, exercise):
    """A checker answers every odd answer with a failing Feedback, never an error."""
    checker = exercises.EXERCISES[chapter][exercise]
    for kind, answer in ODD_ANSWERS.items():
        if kind == "keyboard":  # the reader's stop button passes through, never graded
            # (a checker of a value never calls the answer, and fails it)
            with contextlib.suppress(KeyboardInterrupt):
                assert not checker.check(answer).passed
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            feedback = checker.check(answer)
        assert isinstance(feedback, exercises.Feedback), (kind, feedback)
        assert not feedback.passed, (exercise, kind, feedback.message)
        assert "msebook" not in feedback.message.lower() or kind == "object"


@pytest.mark.parametrize(("chapter", "exercise"), EXERCISE_NAMES)
def test_checkers_under_odd_values(chapter, exercise):
    """A value exercise given an odd value (a function exercise: not a function)
    fails it.
    """
    checker = exercises.EXERCISES[chapter][exercise]
    for kind, value in ODD_RESULTS.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            feedback = checker.check(value)
        assert not feedback.passed, (exercise, kind, feedback.message)
