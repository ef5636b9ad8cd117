"""Exercise of the chapter "MSE over data that does not fit in memory": r2 from the
parts' statistics.
"""

import numpy as np

from ._core import function_exercise, number, same


def _parts(seed, sizes, offsets):
    """Data cut into parts, and each part's (n, sse, mean, m2): what a worker would
    send.
    """
    rng = np.random.default_rng(seed)
    y_true = np.concatenate(
        [offset + rng.normal(size=n) for n, offset in zip(sizes, offsets)]
    )
    y_pred = y_true + rng.normal(scale=0.5, size=len(y_true))
    parts, start = [], 0
    for n in sizes:
        t, p = y_true[start : start + n], y_pred[start : start + n]
        parts.append(
            (
                n,
                float(np.sum((t - p) ** 2)),
                float(t.mean()),
                float(np.sum((t - t.mean()) ** 2)),
            )
        )
        start += n
    return parts, y_true, y_pred


def _cases():
    return [
        (_parts(0, (50, 50), (0.0, 0.0))[0],),
        (_parts(1, (10, 200, 40), (0.0, 3.0, -2.0))[0],),
        (_parts(2, (7, 93), (5.0, 1.0))[0],),
    ]


def _exact(parts):
    """r2 of the data the parts describe, by the merge of Chan, Golub and LeVeque."""
    n = sum(part[0] for part in parts)
    mean = sum(part[0] * part[2] for part in parts) / n
    spread = sum(m2 + k * (centre - mean) ** 2 for k, _, centre, m2 in parts)
    return 1 - sum(part[1] for part in parts) / spread


def _r2_mistakes(parts):
    sse = sum(part[1] for part in parts)
    within = sum(part[3] for part in parts)
    plain_mean = float(np.mean([part[2] for part in parts]))
    unweighted = sum(m2 + k * (centre - plain_mean) ** 2 for k, _, centre, m2 in parts)
    return [
        (
            float(np.mean([1 - part[1] / part[3] for part in parts])),
            "averages the parts' R²; each part compares with its own mean, "
            "so pool the sums first.",
        ),
        (
            1 - sse / within,
            "adds the parts' spreads about their own means only; the spread of "
            "the means about the overall mean, n_k (mean_k - mean)², belongs too.",
        ),
        (
            1 - sse / unweighted,
            "takes the plain average of the parts' means; the overall mean weighs "
            "each part by its size n_k.",
        ),
        (
            1 - _exact(parts),
            "is SSE / SST, which is 1 − R².",
        ),
    ]


def _judge_r2(value, parts):
    value, expected = number(value), _exact(parts)
    if same(value, expected):
        return None
    shown = [(k, round(e, 3), round(c, 3), round(m2, 3)) for k, e, c, m2 in parts]
    case = f"for the parts {shown}, your result {value:g} "
    for wrong, explanation in _r2_mistakes(parts):
        if same(value, wrong):
            return case + explanation
    return case + f"should be {expected:g}."


r2_from_parts = function_exercise(
    "r2_from_parts",
    _cases,
    _judge_r2,
    hint="pool the counts and the squared errors; the overall mean is the "
    "count-weighted mean of the parts' means; each part's spread about it is "
    "m2 + n * (mean_k - mean)**2.",
    solution="""def r2_from_parts(parts):
    n = sum(k for k, _, _, _ in parts)
    mean = sum(k * centre for k, _, centre, _ in parts) / n
    sse = sum(e for _, e, _, _ in parts)
    sst = sum(m2 + k * (centre - mean) ** 2 for k, _, centre, m2 in parts)
    return 1 - sse / sst""",
)
