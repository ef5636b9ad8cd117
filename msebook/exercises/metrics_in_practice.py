"""Exercises of the chapter "Metrics in practice": the Huber loss, batch RMSEs against
the running RMSE, and merging two summaries by Chan's formulas."""

import numpy as np

from ..metrics import huber
from ._core import (
    RETURNED_NONE,
    AnswerProblem,
    function_exercise,
    number,
    numbers_array,
    same,
    shape,
)

_HUBER_CASES = [
    ([0.0, 0.0, 0.0, 0.0], [0.2, -0.8, 1.5, -3.0], 1.0),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [1.5, 0.5, 3.1, 7.0, 5.0], 2.0),
    ([10.0, -4.0, 2.5], [9.0, -1.0, 2.0], 0.5),
]


def _huber_mistakes(y_true, y_pred, delta):
    """The usual slips in a Huber loss, each as (wrong value, explanation)."""
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    quadratic = r <= delta
    return [
        (
            np.sum(np.where(quadratic, 0.5 * r**2, delta * (r - 0.5 * delta))),
            "is the sum of the losses; average them instead.",
        ),
        (
            np.mean(np.where(quadratic, r**2, delta * (r - 0.5 * delta))),
            "uses r² in the quadratic branch; it is ½r².",
        ),
        (
            np.mean(np.where(quadratic, 0.5 * r**2, delta * r)),
            "uses δ|r| in the linear branch; it is δ(|r| − δ/2), so the two branches "
            "meet.",
        ),
        (
            np.mean(np.where(quadratic, 0.5 * r**2 / delta, r - 0.5 * delta)),
            "is the Smooth L1 loss, the Huber loss divided by δ.",
        ),
        (
            np.mean(np.where(r <= 1, 0.5 * r**2, r - 0.5)),
            "ignores `delta` and always switches branches at 1.",
        ),
        (
            np.mean(0.5 * r**2),
            "is half the MSE: the quadratic branch applies only where |r| ≤ δ.",
        ),
    ]


def _judge_huber(value, y_true, y_pred, delta):
    value, expected = number(value), huber(y_true, y_pred, delta=delta)
    if same(value, expected):
        return None
    case = (
        f"for y_true={y_true}, y_pred={y_pred} and delta={delta}, your result "
        f"{value:g} "
    )
    for wrong, explanation in _huber_mistakes(y_true, y_pred, delta):
        if same(value, wrong):
            return case + explanation
    return case + f"should be {expected:g}."


implement_huber = function_exercise(
    "my_huber",
    _HUBER_CASES,
    _judge_huber,
    hint="with r = |y_true - y_pred|, each loss is 0.5 * r**2 where r <= delta "
    "and delta * (r - 0.5 * delta) elsewhere; "
    "np.where picks per element.",
    solution="""def my_huber(y_true, y_pred, delta):
    r = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))
    losses = np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))
    return float(np.mean(losses))""",
)


# ---- Equal chunks: when is the mean of the batch RMSEs above the running RMSE? ----


def _constant_chunks(sizes, errors):
    return [(np.zeros(n), np.full(n, float(e))) for n, e in zip(sizes, errors)]


def _chunk_cases():
    draw = np.random.default_rng(1983)
    y_true = draw.normal(50, 10, 4_000)
    y_pred = y_true + draw.standard_t(3, 4_000)
    boundaries = np.sort(draw.choice(np.arange(1, 4_000), size=19, replace=False))
    return [
        (_constant_chunks((10, 10, 10, 10), (1, 2, 1, 1)),),
        (_constant_chunks((10, 90, 10, 90), (3, 1, 3, 1)),),
        (list(zip(np.split(y_true, boundaries), np.split(y_pred, boundaries))),),
        (list(zip(np.split(y_true, 20), np.split(y_pred, 20))),),
    ]


def _running_comparisons(chunks):
    """For each k: (mean of the first k batch RMSEs, RMSE of the first k chunks,
    mean of the first k batch MSEs), the RMSE from sums and counts."""
    rows, batch_rmse, batch_mse, total, count = [], [], [], 0.0, 0
    for t, p in chunks:
        squared = (np.asarray(t, float) - np.asarray(p, float)) ** 2
        batch_mse.append(squared.mean())
        batch_rmse.append(np.sqrt(squared.mean()))
        total, count = total + squared.sum(), count + squared.size
        rows.append((np.mean(batch_rmse), np.sqrt(total / count), np.mean(batch_mse)))
    return rows


def _counts(pairs):
    """How many of the (a, b) pairs have a > b: (fewest, most) over the ways rounding
    can break a tie, since a tie in exact arithmetic may come out either way."""
    pairs = list(pairs)
    return (
        sum(a > b * (1 + 1e-12) for a, b in pairs),
        sum(a > b * (1 - 1e-12) for a, b in pairs),
    )


def _count_mistakes(rows):
    final = rows[-1][1]
    return [
        (
            _counts((running, mean) for mean, running, _ in rows),
            "counts the chunks where the mean of the batch RMSEs is *below* the "
            "running RMSE; count those where it is larger.",
        ),
        (
            _counts((mean, final) for mean, _, _ in rows),
            "compares with the RMSE of all the data; compare with the RMSE of the "
            "chunks seen so far.",
        ),
    ]


def _judge_count(value, chunks):
    value = number(value)
    rows = _running_comparisons(chunks)
    fewest, most = _counts((mean, running) for mean, running, _ in rows)
    if fewest <= value <= most and value == int(value):
        return None
    sizes = [len(t) for t, _ in chunks]
    case = f"for {len(chunks)} chunks of sizes {sizes[:4]}..., your count {value:g} "
    for (low, high), explanation in _count_mistakes(rows):
        if low <= value <= high and not (low <= fewest and most <= high):
            return case + explanation
    return case + f"should be {fewest}."


equal_chunks = function_exercise(
    "count_above",
    _chunk_cases,
    _judge_count,
    hint="keep a running sum of squared errors and a running count for the RMSE of all "
    "chunks so far, and a list of the batch RMSEs; after each chunk compare "
    "np.mean(batch_rmses) with the running RMSE.",
    solution="""def count_above(chunks):
    batch_rmses, total, count, above = [], 0.0, 0, 0
    for t, p in chunks:
        squared = (np.asarray(t, float) - np.asarray(p, float)) ** 2
        batch_rmses.append(np.sqrt(squared.mean()))
        total, count = total + squared.sum(), count + squared.size
        above += np.mean(batch_rmses) > np.sqrt(total / count)
    return int(above)""",
)


# ---- Merging two summaries (n, mean, M) with Chan's formulas ----

_SUMMARY_CASES = [
    ((3, 2.0, 2.0), (5, 6.0, 10.0)),
    ((300, 1e4 + 0.01, 290.5), (701, 1e4 - 0.02, 712.25)),
    ((1, -4.0, 0.0), (1, 4.0, 0.0)),
    ((10, 0.5, 3.0), (10, 0.5, 7.0)),
]


def _merge_mistakes(a, b):
    (n_a, mean_a, m_a), (n_b, mean_b, m_b) = a, b
    n, delta = n_a + n_b, mean_b - mean_a
    mean = mean_a + delta * n_b / n
    return [
        (
            (n, mean, m_a + m_b),
            "adds the two M without the correction δ² n_a n_b / n for the distance "
            "between the two means.",
        ),
        (
            (n, mean, m_a + m_b + delta**2 * n_a * n_b),
            "forgets to divide δ² n_a n_b by n = n_a + n_b.",
        ),
        (
            (n, (mean_a + mean_b) / 2, m_a + m_b + delta**2 * n_a * n_b / n),
            "averages the two means with equal weight; weight each by its count.",
        ),
        (
            (n, mean, m_a + m_b + delta**2 * n_a * n_b / n**2),
            "divides δ² n_a n_b by n²; the correction is δ² n_a n_b / n.",
        ),
        (
            (n, mean, m_a + m_b + delta**2 / n),
            "uses δ² / n as the correction; it is δ² n_a n_b / n.",
        ),
    ]


def _judge_merge(value, a, b):
    if value is None:
        raise AnswerProblem(RETURNED_NONE)
    if shape(value) != (3,):
        raise AnswerProblem(
            "your function should return three numbers, (n, mean, M); "
            f"got shape {shape(value)}."
        )
    got = tuple(numbers_array(value).tolist())
    (n_a, mean_a, m_a), (n_b, mean_b, m_b) = a, b
    n, delta = n_a + n_b, mean_b - mean_a
    expected = (n, mean_a + delta * n_b / n, m_a + m_b + delta**2 * n_a * n_b / n)
    if all(same(x, y) for x, y in zip(got, expected)):
        return None
    case = f"for a={a} and b={b}, your summary {tuple(float(g) for g in got)} "
    for wrong, explanation in _merge_mistakes(a, b):
        if all(same(x, y) for x, y in zip(got, wrong)):
            return case + explanation
    which = [
        name for name, x, y in zip(("n", "mean", "M"), got, expected) if not same(x, y)
    ]
    return case + f"has the wrong {' and '.join(which)}; it should be {expected}."


chan_merge = function_exercise(
    "merge",
    _SUMMARY_CASES,
    _judge_merge,
    hint="with δ = mean_b - mean_a and n = n_a + n_b, the merged mean is "
    "mean_a + δ n_b / n and M = M_a + M_b + δ² n_a n_b / n.",
    solution="""def merge(a, b):
    (n_a, mean_a, m_a), (n_b, mean_b, m_b) = a, b
    n, delta = n_a + n_b, mean_b - mean_a
    return n, mean_a + delta * n_b / n, m_a + m_b + delta**2 * n_a * n_b / n""",
)
