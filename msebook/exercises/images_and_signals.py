"""Exercises of the chapter "Images and signals": PSNR from the MSE, and the Wiener
gain.
"""

import math

import numpy as np

from ..images import psnr
from ._core import AnswerProblem, function_exercise, number, numbers_array, same

_PSNR_CASES = [
    (
        np.array([[10, 20], [30, 40]], dtype=np.uint8),
        np.array([[12, 18], [30, 41]], dtype=np.uint8),
        255,
    ),
    (np.array([0.2, 0.5, 0.9]), np.array([0.25, 0.4, 1.0]), 1.0),
    (
        np.array([[100.0, 900.0], [4000.0, 20.0]]),
        np.array([[90.0, 950.0], [3900.0, 0.0]]),
        4095,
    ),
]


def _judge_psnr(value, image_true, image_test, data_range):
    value = number(value)
    expected = psnr(image_true, image_test, data_range=data_range)
    if same(value, expected):
        return None
    error = np.asarray(image_true, float) - np.asarray(image_test, float)
    mse = float(np.mean(error**2))
    wrapped = np.subtract(image_true, image_test)  # uint8 arithmetic wraps around
    slips = [
        (
            10 * math.log10(data_range**2 / float(np.mean(wrapped.astype(float) ** 2))),
            "subtracts uint8 images in uint8, where 10 - 12 is 254; convert to float "
            "first.",
        ),
        (
            10 * math.log10(data_range / mse),
            "uses MAX instead of MAX²; the ratio is of powers, MAX² / MSE.",
        ),
        (
            20 * math.log10(data_range**2 / mse),
            "multiplies by 20 and squares MAX; with MAX² / MSE the factor is 10.",
        ),
        (
            10 * math.log10(data_range**2 / math.sqrt(mse)),
            "divides by the RMSE; divide MAX² by the MSE.",
        ),
        (
            10 * math.log(data_range**2 / mse),
            "uses the natural logarithm; decibels use log10.",
        ),
        (
            10 * math.log10(mse / data_range**2),
            "has the ratio upside down: PSNR is large when the error is small.",
        ),
        (
            10 * math.log10(float(np.max(image_true)) ** 2 / mse),
            "uses the largest pixel value; MAX is data_range.",
        ),
        (
            10 * math.log10(data_range**2 / float(np.sum(error**2))),
            "divides by the sum of squared errors; use their mean.",
        ),
    ]
    case = f"for data_range={data_range}, your result {value:.6g} "
    for wrong, explanation in slips:
        if same(value, wrong):
            return case + explanation
    return case + f"should be {expected:.6g} dB."


implement_psnr = function_exercise(
    "my_psnr",
    _PSNR_CASES,
    _judge_psnr,
    hint="compute the MSE in float (uint8 differences wrap around), "
    "then 10 * log10(data_range**2 / mse).",
    solution="""def my_psnr(image_true, image_test, data_range):
    error = np.asarray(image_true, float) - np.asarray(image_test, float)
    return 10 * np.log10(data_range**2 / np.mean(error**2))""",
)


_GAIN_CASES = [
    (np.array([4.0, 1.0, 0.25, 0.0]), 1.0),
    (np.array([[9.0, 0.5], [2.0, 100.0]]), 0.5),
]


def _judge_gain(value, signal_power, noise_power):
    got = numbers_array(value)
    expected = signal_power / (signal_power + noise_power)
    if got.shape != expected.shape:
        raise AnswerProblem(
            f"your function returned shape {got.shape}; return one gain per frequency, "
            f"shape {expected.shape}."
        )
    if np.allclose(got, expected, rtol=1e-9, atol=1e-12):
        return None
    case = f"for signal_power={signal_power.tolist()} and noise_power={noise_power}, "
    slips = [
        (
            noise_power / (signal_power + noise_power),
            "is 1 minus the gain: it keeps the noise.",
        ),
        (
            signal_power / noise_power,
            "is the signal-to-noise ratio; divide by signal plus noise.",
        ),
        (
            np.sqrt(signal_power / (signal_power + noise_power)),
            "takes a square root; the gain is S / (S + N).",
        ),
    ]
    for wrong, explanation in slips:
        if np.allclose(got, wrong, rtol=1e-9, atol=1e-12):
            return case + "your answer " + explanation
    return case + f"the gains should be {np.round(expected, 6).tolist()}."


wiener_gain = function_exercise(
    "wiener_gain",
    _GAIN_CASES,
    _judge_gain,
    hint="minimise S |1 - h|² + N |h|² over h for each frequency; the derivative "
    "gives h = S / (S + N).",
    solution="""def wiener_gain(signal_power, noise_power):
    signal_power = np.asarray(signal_power, float)
    return signal_power / (signal_power + noise_power)""",
)
