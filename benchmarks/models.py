"""Time msebook's lasso and Huber regression against scikit-learn's, and record the
figures.

Run with ``make bench`` (after ``benchmarks/run.py``), which gives numpy's BLAS one
thread, as scikit-learn's compiled coordinate descent has. Both libraries fit the
same data, n = 10**5 observations of p = 100 features, with the same stopping
rule where there is one; every time is the median of several repeats in this run.
The figures replace the block between the models markers in
benchmarks/README.md. Exits with status 1 if msebook takes more than twice
scikit-learn's time on either fit.
"""

import statistics
import sys
import time
import warnings

import numpy as np
from run import machine, report, write_section
from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning
from sklearn.linear_model import HuberRegressor, Lasso

import msebook

BEGIN, END = "<!-- models: begin -->", "<!-- models: end -->"
REPEATS = 5
TARGET = 2.0
N, P = 100_000, 100


def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, P))
    coef = np.zeros(P)
    coef[:10] = rng.normal(size=10)
    y = X @ coef + 3.0 + rng.standard_t(3, size=N)  # heavy tails for Huber
    return X, y


def median_seconds(function):
    """The median wall time of one call of ``function`` over ``REPEATS`` calls, and its
    last result.
    """
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    X, y = data()
    lines, verdicts = [f"Measured on: {machine()}.", ""], []
    lines += [
        f"| n = 10⁵, p = {P} | msebook (s) | scikit-learn (s) "
        f"| msebook / scikit-learn | target ≤ {TARGET:g}× |",
        "|---|---:|---:|---:|:---:|",
    ]
    alpha = 0.01
    cases = {
        f"lasso, alpha = {alpha}, tol = 1e-4": (
            lambda: msebook.lasso(X, y, alpha=alpha, tol=1e-4),
            lambda: Lasso(alpha=alpha, tol=1e-4).fit(X, y),
            lambda mine, theirs: np.abs(mine.coef - theirs.coef_).max(),
        ),
        "Huber regression, epsilon = 1.35": (
            lambda: msebook.huber_regression(X, y, epsilon=1.35),
            lambda: HuberRegressor(epsilon=1.35).fit(X, y),
            lambda mine, theirs: np.abs(mine.coef - theirs.coef_).max(),
        ),
    }
    for name, (ours, theirs, difference) in cases.items():
        print(f"timing {name} ...", flush=True)
        with warnings.catch_warnings():
            # scikit-learn's L-BFGS may stop at its max_iter; its time is what it is
            warnings.simplefilter("ignore", SklearnConvergenceWarning)
            mine_time, mine = median_seconds(ours)
            their_time, reference = median_seconds(theirs)
        ratio = mine_time / their_time
        met = ratio <= TARGET
        lines.append(
            f"| {name} | {mine_time:.3f} | {their_time:.3f} | {ratio:.2f}× "
            f"| {'met' if met else 'NOT met'} |"
        )
        verdicts.append(
            (
                f"{name}: msebook takes {ratio:.2f}x scikit-learn's time "
                f"(target {TARGET:g}x); largest coefficient difference "
                f"{difference(mine, reference):.1e}",
                met,
            )
        )
    lines += ["", "Targets:", ""]
    lines += [f"- {'met' if met else 'NOT met'}: {text}" for text, met in verdicts]
    write_section(lines, BEGIN, END)
    return report(verdicts)


if __name__ == "__main__":
    sys.exit(main())
