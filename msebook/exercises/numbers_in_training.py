"""Exercises of the chapter "Numbers in training": the fate of a float16 square, and
loss scaling.
"""

import numpy as np

from ._core import AnswerProblem, function_exercise, number

FATES = ("normal", "subnormal", "zero", "overflow")

# errors whose float16 squares are: normal, subnormal, subnormal between half the
# smallest subnormal and the smallest, zero, overflow, and the edges of each range
_FATE_CASES = [
    (0.1,),
    (-0.02,),
    (2.0**-7,),
    (0.005,),
    (-0.001,),
    (2.0**-12.2,),
    (1.5e-4,),
    (0.0,),
    (255.0,),
    (-256.0,),
    (1000.0,),
]


def float16_square_fate(error):
    """The reference answer: what the float16 square of ``error`` (itself rounded to
    float16) is.
    """
    with np.errstate(over="ignore"):
        square = np.float16(error) * np.float16(error)
    if np.isinf(square):
        return "overflow"
    if square == 0:
        return "zero"
    if square < np.finfo(np.float16).smallest_normal:
        return "subnormal"
    return "normal"


def _judge_fate(value, error):
    if value is None:
        raise AnswerProblem("your function returned None; did you forget `return`?")
    if not isinstance(value, str) or value not in FATES:
        raise AnswerProblem(
            f"for error={error!r} your function returned {value!r:.40}; return one of "
            + ", ".join(repr(fate) for fate in FATES)
            + "."
        )
    expected = float16_square_fate(error)
    if value == expected:
        return None
    case = (
        f"for error={error!r} you say {value!r}, but the float16 square is "
        f"{expected!r}: "
    )
    if error == 0.0:
        return case + "0 squared is exactly 0, which is neither normal nor subnormal."
    square = float(np.float16(error)) ** 2
    if value == "normal" and expected == "subnormal":
        return case + (
            f"{square:.3g} is below float16's smallest normal number 2**-14 ≈ 6.1e-05; "
            "compare the square, not the error, with the limits."
        )
    if value == "zero" and expected == "subnormal" and square >= 2.0**-25:
        return case + (
            f"{square:.3g} lies between half the smallest subnormal (2**-25) and the "
            "smallest (2**-24), so it rounds up to 2**-24, not down to 0."
        )
    if value == "subnormal" and expected == "zero":
        return case + (
            f"{square:.3g} is below half the smallest subnormal, 2**-25, and rounds to "
            "0."
        )
    if expected == "overflow":
        return case + (
            f"{square:.6g} is beyond float16's largest finite number 65504 and becomes "
            "inf."
        )
    if value == "overflow":
        return case + f"{square:.6g} is at most 65504, float16's largest finite number."
    return case + f"its square {square:.3g} is {expected}."


fp16_square_fate = function_exercise(
    "fate",
    _FATE_CASES,
    _judge_fate,
    hint="round the error to float16, square it in float16, and compare the square "
    "with 0, with float16's smallest normal number 2**-14 and with infinity.",
    solution="""def fate(error):
    with np.errstate(over="ignore"):
        square = np.float16(error) * np.float16(error)
    if np.isinf(square):
        return "overflow"
    if square == 0:
        return "zero"
    if square < 2.0**-14:
        return "subnormal"
    return "normal\"""",
)


# (scale, good_steps, found_inf, growth_interval)
_SCALE_CASES = [
    (65536.0, 0, False, 2000),
    (65536.0, 10, True, 2000),
    (65536.0, 1998, False, 2000),
    (65536.0, 1999, False, 2000),
    (1024.0, 3, False, 4),
    (1024.0, 3, True, 4),
    (2.0, 0, False, 1),
]


def update_scale_reference(scale, good_steps, found_inf, growth_interval):
    """GradScaler's rule with PyTorch's factors: halve on inf/NaN, double after
    growth_interval good steps.
    """
    if found_inf:
        return scale * 0.5, 0
    good_steps += 1
    if good_steps == growth_interval:
        return scale * 2.0, 0
    return scale, good_steps


def _judge_scale(value, scale, good_steps, found_inf, growth_interval):
    if value is None:
        raise AnswerProblem("your function returned None; did you forget `return`?")
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise AnswerProblem(
            f"your function returned {value!r:.40}; return a pair (new_scale, "
            "new_good_steps)."
        )
    new_scale = number(value[0], kind="the new scale is a {type}; return a number.")
    new_steps = number(value[1], kind="the new count is a {type}; return a number.")
    expected_scale, expected_steps = update_scale_reference(
        scale, good_steps, found_inf, growth_interval
    )
    if new_scale == expected_scale and new_steps == expected_steps:
        return None
    case = (
        f"for scale={scale}, good_steps={good_steps}, found_inf={found_inf}, "
        f"growth_interval={growth_interval} you return ({new_scale:g}, {new_steps:g}) "
        f"instead of ({expected_scale:g}, {expected_steps}): "
    )
    if found_inf and new_scale == expected_scale and new_steps != 0:
        return case + "after an overflow the count of good steps starts again from 0."
    if found_inf and new_scale != expected_scale:
        return case + "an inf or NaN gradient halves the scale (backoff factor 0.5)."
    if not found_inf and new_scale == scale * 2 and expected_scale == scale:
        return case + (
            "the scale doubles only after growth_interval good steps in a row, "
            "not after every one."
        )
    if not found_inf and expected_scale == scale * 2 and new_scale == scale:
        return case + (
            f"this is good step number {growth_interval} in a row, so the scale "
            "doubles."
        )
    if expected_scale == scale * 2 and new_steps != 0:
        return case + "after the scale grows, the count of good steps restarts at 0."
    if new_steps == good_steps and expected_steps == good_steps + 1:
        return case + "a good step adds 1 to the count."
    return case + "see GradScaler's rule in the text."


grad_scaler_update = function_exercise(
    "update_scale",
    _SCALE_CASES,
    _judge_scale,
    hint="on an inf or NaN, halve the scale and reset the count; otherwise add 1 to "
    "the count, and when it reaches growth_interval, double the scale and reset it.",
    solution="""def update_scale(scale, good_steps, found_inf, growth_interval):
    if found_inf:
        return scale * 0.5, 0
    good_steps += 1
    if good_steps == growth_interval:
        return scale * 2.0, 0
    return scale, good_steps""",
)
