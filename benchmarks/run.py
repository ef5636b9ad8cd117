"""Time msebook against scikit-learn and plain numpy, and write the figures into benchmarks/README.md.

Run with ``make bench``. Every timing is the median of several repeats, all in
this one run on this one machine, which the report names. The script prints
whether each target of the metrics library is met and exits with status 1 if
one is not.
"""

import os
import platform
import re
import statistics
import sys
import timeit
import tracemalloc
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as sk

import msebook

README = Path(__file__).with_name("README.md")
BEGIN, END = "<!-- results: begin -->", "<!-- results: end -->"
REPEATS = 7


def median_seconds(function, number):
    """The median time of one call of ``function``, over ``REPEATS`` runs of ``number`` calls."""
    return (
        statistics.median(timeit.repeat(function, number=number, repeat=REPEATS))
        / number
    )


def machine():
    """A one-line description of the machine and the software versions."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{model}, {os.cpu_count()} logical cores; Python {platform.python_version()}, "
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, msebook {msebook.__version__}"
    )


def small_inputs():
    rng = np.random.default_rng(0)
    y_true = rng.uniform(0.5, 2.0, size=10)
    return y_true, y_true + rng.normal(0, 0.3, size=10)


# name: (msebook call, scikit-learn call or None, plain numpy expression)
SMALL = {
    "mse": (msebook.mse, sk.mean_squared_error, lambda t, p: np.mean((t - p) ** 2)),
    "rmse": (
        msebook.rmse,
        sk.root_mean_squared_error,
        lambda t, p: np.sqrt(np.mean((t - p) ** 2)),
    ),
    "mae": (msebook.mae, sk.mean_absolute_error, lambda t, p: np.mean(np.abs(t - p))),
    "msle": (
        msebook.msle,
        sk.mean_squared_log_error,
        lambda t, p: np.mean((np.log1p(t) - np.log1p(p)) ** 2),
    ),
    "rmsle": (
        msebook.rmsle,
        sk.root_mean_squared_log_error,
        lambda t, p: np.sqrt(np.mean((np.log1p(t) - np.log1p(p)) ** 2)),
    ),
    "mape": (
        msebook.mape,
        sk.mean_absolute_percentage_error,
        lambda t, p: np.mean(
            np.abs(t - p) / np.maximum(np.abs(t), np.finfo(float).eps)
        ),
    ),
    "pinball": (
        msebook.pinball,
        sk.mean_pinball_loss,
        lambda t, p: np.mean(np.maximum(0.5 * (t - p), -0.5 * (t - p))),
    ),
    "r2": (
        msebook.r2,
        sk.r2_score,
        lambda t, p: 1 - np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2),
    ),
    "smape": (
        msebook.smape,
        None,
        lambda t, p: np.mean(2 * np.abs(t - p) / (np.abs(t) + np.abs(p))),
    ),
    "huber": (
        msebook.huber,
        None,
        lambda t, p: np.mean(
            np.where(np.abs(t - p) <= 1, 0.5 * (t - p) ** 2, np.abs(t - p) - 0.5)
        ),
    ),
    "log_cosh": (msebook.log_cosh, None, lambda t, p: np.mean(np.log(np.cosh(t - p)))),
    "nmse": (
        msebook.nmse,
        None,
        lambda t, p: np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2),
    ),
    "sse": (msebook.sse, None, lambda t, p: np.sum((t - p) ** 2)),
}


def bench_small(lines, verdicts):
    y_true, y_pred = small_inputs()
    lines += [
        "| metric | msebook (µs) | scikit-learn (µs) | plain numpy (µs) | scikit-learn / msebook | target ≥ 50× |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for name, (ours, theirs, plain) in SMALL.items():
        ours_time = median_seconds(lambda ours=ours: ours(y_true, y_pred), 20_000)
        plain_time = median_seconds(lambda plain=plain: plain(y_true, y_pred), 20_000)
        if theirs is None:
            lines.append(
                f"| {name} | {ours_time * 1e6:.2f} | (none) | {plain_time * 1e6:.2f} | | |"
            )
            continue
        theirs_time = median_seconds(
            lambda theirs=theirs: theirs(y_true, y_pred), 1_000
        )
        ratio = theirs_time / ours_time
        met = ratio >= 50
        verdicts.append(
            (f"n = 10, {name}: {ratio:.0f}x faster than scikit-learn (target 50x)", met)
        )
        lines.append(
            f"| {name} | {ours_time * 1e6:.2f} | {theirs_time * 1e6:.1f} | {plain_time * 1e6:.2f} "
            f"| {ratio:.0f}× | {'met' if met else 'NOT met'} |"
        )


def bench_large(lines, verdicts):
    rng = np.random.default_rng(1)
    a, b = rng.random(10**7), rng.random(10**7)
    timings = {
        "`msebook.mse(a, b)`": median_seconds(lambda: msebook.mse(a, b), 3),
        "`a @ a + b @ b` (the floor: reads both inputs once)": median_seconds(
            lambda: a @ a + b @ b, 3
        ),
        "`np.mean((a - b) ** 2)`": median_seconds(lambda: np.mean((a - b) ** 2), 3),
        "`sklearn.metrics.mean_squared_error(a, b)`": median_seconds(
            lambda: sk.mean_squared_error(a, b), 3
        ),
    }
    lines += ["| n = 10⁷ float64 | time (ms) |", "|---|---:|"]
    lines += [f"| {name} | {seconds * 1e3:.1f} |" for name, seconds in timings.items()]
    ours, floor, naive = list(timings.values())[:3]
    verdicts.append(
        (
            f"n = 1e7: mse takes {ours / floor:.2f}x the floor (target at most 1.6x)",
            ours <= 1.6 * floor,
        )
    )
    verdicts.append(
        (
            f"n = 1e7: mse is {naive / ours:.2f}x faster than the naive mean (target 2.5x)",
            naive >= 2.5 * ours,
        )
    )


def peak_extra_bytes(function):
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def bench_memory(lines, verdicts):
    n = 10**8
    a = np.full(n, 0.5)
    b = np.zeros(n)
    ours = peak_extra_bytes(lambda: msebook.mse(a, b))
    naive = peak_extra_bytes(lambda: np.mean((a - b) ** 2))
    lines += [
        "| n = 10⁸ float64 | peak extra allocation (MB) |",
        "|---|---:|",
        f"| `msebook.mse(a, b)` | {ours / 1e6:.2f} |",
        f"| `np.mean((a - b) ** 2)` | {naive / 1e6:.0f} |",
    ]
    verdicts.append(
        (
            f"n = 1e8: mse allocates at most {ours / 1e6:.2f} MB extra (target under 64 MB)",
            ours < 64e6,
        )
    )


def main():
    lines, verdicts = [f"Measured on: {machine()}.", ""], []
    print("timing n = 10 ...", flush=True)
    bench_small(lines, verdicts)
    lines.append("")
    print("timing n = 1e7 ...", flush=True)
    bench_large(lines, verdicts)
    lines.append("")
    print("measuring memory at n = 1e8 ...", flush=True)
    bench_memory(lines, verdicts)
    lines += ["", "Targets:", ""]
    lines += [f"- {'met' if met else 'NOT met'}: {text}" for text, met in verdicts]
    text = README.read_text()
    block = "\n".join([BEGIN, *lines, END])
    README.write_text(
        re.sub(
            re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S
        )
    )
    for text, met in verdicts:
        print(f"{'met    ' if met else 'NOT MET'}  {text}")
    print(f"Figures written to {README.name} in benchmarks/.")
    return 0 if all(met for _, met in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
