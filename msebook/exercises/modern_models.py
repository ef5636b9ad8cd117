"""Exercises of the chapter "MSE inside modern models".

The masked MSE of a masked autoencoder, BYOL's normalised squared error, and
the targets of Q-learning. The checkers take NumPy arrays and floats, so the
package needs no deep-learning library.
"""

import numpy as np

from ._core import AnswerProblem, function_exercise, number, numbers_array, same

_MASK_CASES = [
    (
        np.array([[0.5, 0.2, 0.9, 0.1], [0.3, 0.8, 0.0, 0.4]]),
        np.array([[0.4, 0.6, 0.9, 0.7], [0.1, 0.8, 0.5, 0.4]]),
        np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0]]),
    ),
    (
        np.array([2.0, -1.0, 0.5, 3.0, 1.0]),
        np.array([1.0, 1.0, 0.5, 0.0, 2.0]),
        np.array([0, 1, 1, 0, 0]),
    ),
]


def _judge_masked(value, prediction, target, visible):
    value = number(value)
    squared = (prediction - target) ** 2
    hidden = 1 - visible
    expected = np.sum(hidden * squared) / np.sum(hidden)
    if same(value, expected):
        return None
    slips = [
        (
            np.sum(visible * squared) / np.sum(visible),
            "averages over the visible entries;"
            " the loss is over the hidden ones (visible == 0).",
        ),
        (
            np.sum(hidden * squared) / squared.size,
            "divides by the number of all entries;"
            " divide by the number of hidden ones.",
        ),
        (np.mean(squared), "averages over every entry; keep only the hidden ones."),
        (
            np.sum(hidden * squared),
            "returns the sum; divide by the number of hidden entries.",
        ),
        (
            np.sum(hidden * np.abs(prediction - target)) / np.sum(hidden),
            "averages absolute errors; square them.",
        ),
    ]
    for wrong, explanation in slips:
        if same(value, wrong):
            return f"your result {value:.6g} " + explanation
    return (
        f"for visible={visible.tolist()}, your result {value:.6g} should be "
        f"{expected:.6g}."
    )


masked_mse = function_exercise(
    "my_masked_mse",
    _MASK_CASES,
    _judge_masked,
    hint="multiply the squared errors by (1 - visible), sum, and divide by the "
    "number of hidden entries, np.sum(1 - visible).",
    solution="""def my_masked_mse(prediction, target, visible):
    hidden = 1 - np.asarray(visible, float)
    error = np.asarray(prediction, float) - np.asarray(target, float)
    return np.sum(hidden * error**2) / np.sum(hidden)""",
)


_BYOL_CASES = [
    (
        np.array([[3.0, 4.0, 0.0], [1.0, 0.0, 1.0]]),
        np.array([[4.0, 3.0, 1.0], [0.0, 2.0, 2.0]]),
    ),
    (
        np.array([[1.0, 2.0, 2.0], [-1.0, 0.5, 0.0], [0.2, 0.2, 0.2]]),
        np.array([[2.0, 0.0, 1.0], [1.0, 1.0, 1.0], [0.4, 0.4, 0.4]]),
    ),
]


def _unit(rows):
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _judge_byol(value, online, target):
    got = numbers_array(value)
    expected = np.sum((_unit(online) - _unit(target)) ** 2, axis=1)
    if got.shape != expected.shape:
        raise AnswerProblem(
            f"your function returned shape {got.shape}; return one loss per row, "
            f"shape {expected.shape}."
        )
    if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        return None
    cosine = np.sum(_unit(online) * _unit(target), axis=1)
    slips = [
        (
            np.sum((online - target) ** 2, axis=1),
            "is the squared error of the raw vectors;"
            " normalise each row to unit length first.",
        ),
        (
            np.mean((_unit(online) - _unit(target)) ** 2, axis=1),
            "averages over the coordinates; BYOL sums them, which gives 2 - 2 cos.",
        ),
        (1 - cosine, "is 1 - cos; the squared distance of unit vectors is 2 - 2 cos."),
        (
            np.sum((_unit(online) - target) ** 2, axis=1),
            "normalises only the first argument; normalise both.",
        ),
        (
            np.sum((online - _unit(target)) ** 2, axis=1),
            "normalises only the second argument; normalise both.",
        ),
    ]
    for wrong, explanation in slips:
        if np.allclose(got, wrong, rtol=1e-9, atol=1e-12):
            return "your answer " + explanation
    return (
        f"for online={online.tolist()}, the losses should be "
        f"{np.round(expected, 6).tolist()}."
    )


byol_loss = function_exercise(
    "byol_loss",
    _BYOL_CASES,
    _judge_byol,
    hint="divide each row by its Euclidean norm (np.linalg.norm(..., axis=1, "
    "keepdims=True)), then sum the squared differences along each row.",
    solution="""def byol_loss(online, target):
    online = online / np.linalg.norm(online, axis=1, keepdims=True)
    target = target / np.linalg.norm(target, axis=1, keepdims=True)
    return np.sum((online - target) ** 2, axis=1)""",
)


_TD_CASES = [
    (
        np.array([0.0, 1.0, 0.5]),
        np.array([[0.2, 0.8], [0.5, 0.1], [0.3, 0.3]]),
        np.array([0.0, 1.0, 0.0]),
        0.9,
    ),
    (
        np.array([1.0, -1.0, 0.0, 2.0]),
        np.array(
            [[1.0, 2.0, 0.5], [0.0, -3.0, -1.0], [4.0, 4.0, 1.0], [2.0, 0.0, 1.0]]
        ),
        np.array([0.0, 0.0, 1.0, 0.0]),
        0.5,
    ),
]


def _judge_td(value, rewards, next_q, done, gamma):
    got = numbers_array(value)
    best = next_q.max(axis=1)
    expected = rewards + gamma * (1 - done) * best
    if got.shape != expected.shape:
        raise AnswerProblem(
            f"your function returned shape {got.shape}; return one target per "
            f"transition, shape {expected.shape}."
        )
    if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        return None
    slips = [
        (
            rewards + gamma * best,
            "bootstraps from terminal states; multiply by (1 - done).",
        ),
        (rewards + (1 - done) * best, "leaves out the discount gamma."),
        (
            rewards + gamma * (1 - done) * next_q.mean(axis=1),
            "averages the next values; Q-learning takes the maximum over actions.",
        ),
        (gamma * (1 - done) * best, "leaves out the reward."),
        (
            rewards + gamma * done * best,
            "bootstraps only from terminal states; use (1 - done).",
        ),
    ]
    for wrong, explanation in slips:
        if np.allclose(got, wrong, rtol=1e-9, atol=1e-12):
            return "your targets " + explanation
    return (
        f"for gamma={gamma} and done={done.tolist()}, the targets should be "
        f"{np.round(expected, 6).tolist()}."
    )


td_targets = function_exercise(
    "td_targets",
    _TD_CASES,
    _judge_td,
    hint="the target of a transition is r + gamma * max_a Q(s', a), and just r "
    "when s' is terminal.",
    solution="""def td_targets(rewards, next_q, done, gamma):
    return rewards + gamma * (1 - done) * np.max(next_q, axis=1)""",
)
