"""Time msebook against scikit-learn and plain numpy, and write the figures into
benchmarks/README.md.

Run with ``make bench``. Every timing is the median of several repeats, all in
this one run on this one machine, which the report names. The script prints
whether each target of the metrics library is met and exits with status 1 if
one is not.
"""

import functools
import os
import platform
import re
import statistics
import sys
import time
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
SMALL_REPEATS = (
    15  # n = 10: cheap to repeat, and the ratios are noisy on a busy machine
)


def median_seconds(function, number):
    """The median time of one call of ``function``, over ``REPEATS`` runs of ``number``
    calls.
    """
    return (
        statistics.median(timeit.repeat(function, number=number, repeat=REPEATS))
        / number
    )


def write_section(lines, begin, end):
    """Replace the part of benchmarks/README.md between the markers ``begin`` and
    ``end``.
    """
    block = "\n".join([begin, *lines, end])
    pattern = re.escape(begin) + ".*?" + re.escape(end)
    README.write_text(re.sub(pattern, lambda _: block, README.read_text(), flags=re.S))


def report(verdicts):
    """Print each target's verdict; the exit status: 0 when every target is met."""
    for text, met in verdicts:
        print(f"{'met    ' if met else 'NOT MET'}  {text}")
    return 0 if all(met for _, met in verdicts) else 1


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
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, msebook "
        f"{msebook.__version__}"
    )


def small_inputs():
    """Ten samples: one output, and two outputs (the second reversed), with weights."""
    rng = np.random.default_rng(0)
    y_true = rng.uniform(0.5, 2.0, size=10)
    y_pred = y_true + rng.normal(0, 0.3, size=10)
    weights = rng.uniform(0.5, 2.0, size=10)
    two_true = np.stack([y_true, y_true[::-1]], axis=1)
    two_pred = np.stack([y_pred, y_pred[::-1]], axis=1)
    return y_true, y_pred, weights, two_true, two_pred


# name: (msebook call, scikit-learn call)
WITH_SKLEARN = {
    "mse": (msebook.mse, sk.mean_squared_error),
    "rmse": (msebook.rmse, sk.root_mean_squared_error),
    "mae": (msebook.mae, sk.mean_absolute_error),
    "msle": (msebook.msle, sk.mean_squared_log_error),
    "rmsle": (msebook.rmsle, sk.root_mean_squared_log_error),
    "mape": (msebook.mape, sk.mean_absolute_percentage_error),
    "pinball": (msebook.pinball, sk.mean_pinball_loss),
    "r2": (msebook.r2, sk.r2_score),
}
# metrics scikit-learn does not have, timed with their plain numpy expression
WITHOUT_SKLEARN = {
    "smape": (
        msebook.smape,
        lambda t, p: np.mean(2 * np.abs(t - p) / (np.abs(t) + np.abs(p))),
    ),
    "huber": (
        msebook.huber,
        lambda t, p: np.mean(
            np.where(np.abs(t - p) <= 1, 0.5 * (t - p) ** 2, np.abs(t - p) - 0.5)
        ),
    ),
    "log_cosh": (msebook.log_cosh, lambda t, p: np.mean(np.log(np.cosh(t - p)))),
    "nmse": (
        msebook.nmse,
        lambda t, p: np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2),
    ),
    "sse": (msebook.sse, lambda t, p: np.sum((t - p) ** 2)),
}
SMALL_TARGET = 10  # at n = 10, at least this many times faster than scikit-learn


def option_sets(name):
    """The calls timed for one metric: every kind of option scikit-learn takes."""
    y_true, y_pred, weights, two_true, two_pred = small_inputs()
    sets = {
        "1 output": ((y_true, y_pred), {}),
        "sample_weight": ((y_true, y_pred), {"sample_weight": weights}),
        "2 outputs, raw_values": ((two_true, two_pred), {"multioutput": "raw_values"}),
        "2 outputs, uniform_average": ((two_true, two_pred), {}),
        "2 outputs, output weights": (
            (two_true, two_pred),
            {"multioutput": [0.3, 0.7]},
        ),
        "2 outputs, sample_weight and output weights": (
            (two_true, two_pred),
            {"sample_weight": weights, "multioutput": [0.3, 0.7]},
        ),
    }
    if name == "r2":
        sets["2 outputs, variance_weighted"] = (
            (two_true, two_pred),
            {"multioutput": "variance_weighted"},
        )
    return sets


def cpu_seconds(function, number):
    """The processor time of one call of ``function``, from ``number`` calls in a
    row.
    """
    start = time.process_time()
    for _ in range(number):
        function()
    return (time.process_time() - start) / number


def side_by_side(ours, theirs, repeats):
    """Median times of ``ours`` and ``theirs`` and the median of their ratios.

    Each repeat times both, one right after the other, so that a change in the
    load of the machine affects both alike; processor time, not wall time,
    since other processes share the cores.
    """
    ours_times, theirs_times, ratios = [], [], []
    for _ in range(repeats):
        mine, other = cpu_seconds(ours, 400), cpu_seconds(theirs, 40)
        ours_times.append(mine)
        theirs_times.append(other)
        ratios.append(other / mine)
    return (
        statistics.median(ours_times),
        statistics.median(theirs_times),
        statistics.median(ratios),
    )


def bench_small(lines, verdicts):
    lines += [
        f"| metric | options | msebook (µs) | scikit-learn (µs) "
        f"| scikit-learn / msebook | target ≥ {SMALL_TARGET}× |",
        "|---|---|---:|---:|---:|:---:|",
    ]
    for name, (ours, theirs) in WITH_SKLEARN.items():
        for options, (args, kwargs) in option_sets(name).items():
            ours_time, theirs_time, ratio = side_by_side(
                functools.partial(ours, *args, **kwargs),
                functools.partial(theirs, *args, **kwargs),
                SMALL_REPEATS,
            )
            met = ratio >= SMALL_TARGET
            verdicts.append(
                (
                    f"n = 10, {name}, {options}: {ratio:.0f}x faster than "
                    f"scikit-learn (target {SMALL_TARGET}x)",
                    met,
                )
            )
            lines.append(
                f"| {name} | {options} | {ours_time * 1e6:.1f} | "
                f"{theirs_time * 1e6:.0f} | {ratio:.0f}× | "
                f"{'met' if met else 'NOT met'} |"
            )
    y_true, y_pred = small_inputs()[:2]
    lines += [
        "",
        "| metric (no scikit-learn counterpart) | msebook (µs) | plain numpy (µs) |",
        "|---|---:|---:|",
    ]
    for name, (ours, plain) in WITHOUT_SKLEARN.items():
        ours_time, plain_time, _ = side_by_side(
            functools.partial(ours, y_true, y_pred),
            functools.partial(plain, y_true, y_pred),
            SMALL_REPEATS,
        )
        lines.append(f"| {name} | {ours_time * 1e6:.1f} | {plain_time * 1e6:.1f} |")


def bench_large(lines, verdicts):
    rng = np.random.default_rng(1)
    a, b = rng.random(10**7), rng.random(10**7)
    calls = {
        "`msebook.mse(a, b)`": lambda: msebook.mse(a, b),
        "`a @ a + b @ b` (the floor: reads both inputs once)": lambda: a @ a + b @ b,
        "`np.mean((a - b) ** 2)`": lambda: np.mean((a - b) ** 2),
        "`sklearn.metrics.mean_squared_error(a, b)`": lambda: sk.mean_squared_error(
            a, b
        ),
    }
    # wall time (mse shares its blocks among threads), each repeat timing all four
    # one after the other, so that a change in the machine's load affects them alike
    rounds = [
        [min(timeit.repeat(call, number=1, repeat=3)) for call in calls.values()]
        for _ in range(REPEATS)
    ]
    timings = dict(
        zip(calls, (statistics.median(column) for column in zip(*rounds)), strict=True)
    )
    lines += ["| n = 10⁷ float64 | time (ms) |", "|---|---:|"]
    lines += [f"| {name} | {seconds * 1e3:.1f} |" for name, seconds in timings.items()]
    to_floor = statistics.median(ours / floor for ours, floor, *_ in rounds)
    than_naive = statistics.median(naive / ours for ours, _, naive, _ in rounds)
    verdicts.append(
        (
            f"n = 1e7: mse takes {to_floor:.2f}x the floor (target at most 1.6x)",
            to_floor <= 1.6,
        )
    )
    verdicts.append(
        (
            f"n = 1e7: mse is {than_naive:.2f}x faster than the naive mean (target "
            "2.5x)",
            than_naive >= 2.5,
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
            f"n = 1e8: mse allocates at most {ours / 1e6:.2f} MB extra (target under "
            "64 MB)",
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
    write_section(lines, BEGIN, END)
    print(f"Figures written to {README.name} in benchmarks/.")
    return report(verdicts)


if __name__ == "__main__":
    sys.exit(main())
