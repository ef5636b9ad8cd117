"""Reading large arrays block by block, and the thread pool that shares the blocks.

Every pass over the data reads it in blocks of about ``CHUNK`` elements, so the
extra memory a metric needs is one float64 block (per thread), whatever the
number of samples.

**When threads start.** An input with at least ``PARALLEL`` elements (2**21,
about two million) has its blocks shared among up to ``WORKERS`` threads (at
most 4, and no more than the CPUs this process may use). The pool is started
the first time such an input arrives and is reused afterwards; smaller inputs
never start a thread. Each thread gets whole blocks, the same blocks as without
threads, and the callers add the block results exactly, so the result is the
same bit for bit with or without threads. Set the environment variable
``MSEBOOK_NUM_THREADS=1`` before importing msebook to never start a thread.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

CHUNK = 1 << 17  # elements per block: a 1 MB float64 buffer stays in the cache (L2)
PARALLEL = 1 << 21  # from this many elements on, the blocks are shared among threads
_CPUS = (
    len(os.sched_getaffinity(0))
    if hasattr(os, "sched_getaffinity")
    else os.cpu_count() or 1
)
WORKERS = max(1, min(4, _CPUS, int(os.environ.get("MSEBOOK_NUM_THREADS", "4") or 4)))


def blocks(n_samples, n_outputs):
    """Yield ``(start, stop)`` row ranges of about ``CHUNK`` elements each."""
    rows = max(1, CHUNK // n_outputs)
    for start in range(0, n_samples, rows):
        yield start, min(start + rows, n_samples)


def map_blocks(work, n_samples, n_outputs):
    """``[work(start, stop, buffer) for each block]``, in threads for large inputs.

    ``buffer`` is a float64 array of shape (n_outputs, rows) that ``work`` may
    overwrite; each thread has its own. Floating-point warnings are off, as in
    the callers, since a non-finite result is examined afterwards.
    """
    rows = max(1, CHUNK // n_outputs)

    def run(first, last):
        buffer = np.empty((n_outputs, min(rows, last - first)))
        with np.errstate(all="ignore"):
            return [
                work(start, min(start + rows, last), buffer)
                for start in range(first, last, rows)
            ]

    n_blocks = -(-n_samples // rows)
    workers = min(WORKERS, n_blocks) if n_samples * n_outputs >= PARALLEL else 1
    if workers == 1:
        return run(0, n_samples)
    share = (
        -(-n_blocks // workers) * rows
    )  # whole blocks per thread: the same blocks as without threads
    groups = _thread_pool().map(
        lambda first: run(first, min(first + share, n_samples)),
        range(0, n_samples, share),
    )
    return [result for group in groups for result in group]


_POOLS = {}


def _thread_pool():
    """This process's pool of ``WORKERS`` threads, started once (starting threads per
    call costs as much as a block); keyed by process id, since a forked child inherits
    the pool object but not its threads."""
    pid = os.getpid()
    if pid not in _POOLS:
        _POOLS.clear()
        _POOLS[pid] = ThreadPoolExecutor(WORKERS, thread_name_prefix="msebook")
    return _POOLS[pid]
