"""Time msebook.dask's mse on a local cluster against Dask's own ways, and write the
figures into benchmarks/README.md.

Run with ``make bench`` (after ``benchmarks/run.py``). n = 10**8 float64 values
in blocks of 10**6 are generated on the workers of a LocalCluster of 2
processes (one thread each, no dashboard) and kept there; then each way of
computing the MSE runs ``REPEATS`` times, and the script reports the median
time and the median, over the repeats, of the largest rise of a worker's peak
resident memory (``VmHWM``, reset before each run through
``/proc/self/clear_refs``) above its resident memory before the run.

The values lie on a grid of 2**-20, so every difference is exact and the
exact MSE is a sum of integers, computed on the workers too: each result's
error is reported in units of ``u = 2**-53`` of the exact value.

The script exits with status 1 if msebook.dask is not the fastest or not
within its documented bound (``msebook.dask``'s docstring).
"""

# This file is not named dask.py: run as a script, that name would hide Dask itself.

import logging
import os
import platform
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

import dask
import dask.array as da
import distributed
import numpy as np
from distributed import Client, LocalCluster
from run import write_section

import msebook
import msebook.dask

BEGIN, END = "<!-- dask results: begin -->", "<!-- dask results: end -->"
N, CHUNK = 10**8, 10**6
REPEATS = 5
GRID = 2**20  # the values are multiples of 1 / GRID
U = 2.0**-53
BOUND = 256 + 17 + 1 + 1 + 3 * 3  # in u: 100 blocks, 3 levels of the merge tree


def dask_ml_mse():
    """dask-ml's mean_squared_error, or None with the reason it cannot be used."""
    try:
        from dask_ml.metrics import mean_squared_error
    except Exception as error:  # ImportError, or an incompatible dependency
        return None, f"{type(error).__name__}: {error}"
    return mean_squared_error, None


def _reset_peak():
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _peak():
    return _status("VmHWM")


def _exact_sum_of_squares(block):
    """The exact sum of the squares of a block of multiples of 1 / GRID, as integers in
    units of GRID**-2.
    """
    steps = np.rint(block * GRID).astype(np.int64)
    squares = (steps * steps).astype(np.uint64)  # below 2**46 here
    high, low = squares >> np.uint64(23), squares & np.uint64(2**23 - 1)
    return np.array([int(high.sum()), int(low.sum())], dtype=object)


def measure(client, function):
    """(median seconds, median peak extra memory of the busiest worker, the last
    value).
    """
    seconds, peaks, value = [], [], None
    for _ in range(REPEATS):
        before = client.run(_reset_peak)
        start = time.perf_counter()
        value = function()
        seconds.append(time.perf_counter() - start)
        after = client.run(_peak)
        peaks.append(max(after[w] - before[w] for w in before))
    return statistics.median(seconds), statistics.median(peaks), value


def machine():
    model = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return (
        f"{model}, {os.cpu_count()} logical cores; Python {platform.python_version()}, "
        f"numpy {np.__version__}, "
        f"dask {dask.__version__}, distributed {distributed.__version__}, "
        f"msebook {msebook.__version__}"
    )


def main():
    cluster = LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        # no dashboard, and its HTTP server on a free port rather than 8787,
        # which another cluster on the machine may hold
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    try:
        rng = da.random.default_rng(20260801)
        y_true = (rng.normal(size=N, chunks=CHUNK) * GRID).round() / GRID
        noise = (rng.normal(scale=0.5, size=N, chunks=CHUNK).clip(-7, 7) * GRID).round()
        y_pred = y_true + noise / GRID
        y_true, y_pred = client.persist([y_true, y_pred])
        distributed.wait([y_true, y_pred])
        errors = y_true - y_pred  # exact: the grid holds every difference
        parts = errors.map_blocks(
            _exact_sum_of_squares, chunks=(2,), dtype=object
        ).reshape(-1, 2)
        high, low = (int(sum(column)) for column in parts.compute().T)
        exact = Fraction(high * 2**23 + low, N * GRID * GRID)

        ways = {
            "msebook.dask.mse": lambda: msebook.dask.mse(y_true, y_pred),
            "((a - b) ** 2).mean() in Dask": lambda: float(
                ((y_true - y_pred) ** 2).mean().compute()
            ),
        }
        mean_squared_error, why_not = dask_ml_mse()
        if mean_squared_error is not None:
            ways["dask-ml mean_squared_error"] = lambda: float(
                mean_squared_error(y_true, y_pred)
            )
        rows = {name: measure(client, way) for name, way in ways.items()}
    finally:
        client.close()
        cluster.close()

    lines = [
        f"Measured on: {machine()}; a LocalCluster of 2 worker processes, 1 thread "
        "each.",
        "",
        "| way | time (s) | peak extra memory per worker (MB) | error (units of u) |",
        "|---|---:|---:|---:|",
    ]
    errors_in_u = {}
    for name, (seconds, peak, value) in rows.items():
        errors_in_u[name] = float(abs(Fraction(value) - exact) / exact) / U
        lines.append(
            f"| {name} | {seconds:.2f} | {peak / 2**20:.0f} | {errors_in_u[name]:.1f} |"
        )
    if why_not is not None:
        lines += ["", f"dask-ml could not be used here: {why_not}"]
    ours = rows["msebook.dask.mse"][0]
    fastest = all(ours <= seconds for seconds, _, _ in rows.values())
    exact_enough = errors_in_u["msebook.dask.mse"] <= BOUND
    lines += [
        "",
        f"Target: msebook.dask fastest ({'met' if fastest else 'MISSED'}) and within "
        f"{BOUND} u of the exact MSE ({'met' if exact_enough else 'MISSED'}).",
    ]
    print("\n".join(lines))
    write_section(lines, BEGIN, END)
    print("Figures written to README.md in benchmarks/.")
    return 0 if fastest and exact_enough else 1


if __name__ == "__main__":
    sys.exit(main())
