"""What every exercise shares: feedback, the exercise itself, and the checker skeleton.

A checker judges only the reader's answer. The reader's function is called by
:func:`call` on fresh copies of each case, so an answer that changes its
arguments cannot change the cases; whatever goes wrong inside it (an exception,
``exit()``, a value that is not a number) becomes an ``AnswerProblem``,
which :meth:`Exercise.check` turns into a message. Any other exception is a
fault of msebook and is raised as it is, never blamed on the reader.
"""

import copy
import math
import numbers

import numpy as np

RETURNED_NONE = "your function returned None; did you forget `return`?"


class AnswerProblem(Exception):
    """Something is wrong with the reader's answer itself; the message says what."""


class Feedback:
    """A message for the reader; true only for a correct answer.

    >>> Feedback(True, "Correct.")
    Correct.
    """

    def __init__(self, passed, message):
        self.passed = passed
        self.message = message

    def __bool__(self):
        return bool(self.passed)

    def __repr__(self):
        return self.message

    __str__ = __repr__


class Exercise:
    """One exercise: a checker that explains mistakes, a hint and a worked solution.

    Parameters
    ----------
    checker : callable
        Takes the reader's answer; returns None when it is right, otherwise a
        sentence saying what is wrong (or raises ``AnswerProblem``).
    hint, solution : str
        Shown by :meth:`hint` and :meth:`solution`.
    """

    def __init__(self, checker, hint, solution):
        self._checker = checker
        self._hint = hint
        self._solution = solution

    def check(self, answer):
        """Return :class:`Feedback` on ``answer``; what goes wrong in the answer becomes
        a message.
        """
        try:
            problem = self._checker(answer)
        except AnswerProblem as error:
            problem = str(error)
        if problem is None:
            return Feedback(True, "Correct.")
        return Feedback(False, f"Not yet: {problem}")

    def hint(self):
        """A nudge in the right direction."""
        return Feedback(None, f"Hint: {self._hint}")

    def solution(self):
        """The worked answer."""
        return Feedback(None, f"Solution:\n{self._solution}")


def function_exercise(name, cases, judge, *, hint, solution):
    """An exercise whose answer is a function, judged case by case.

    ``cases`` is a list of argument tuples (or a function returning one);
    ``judge(value, *arguments)`` returns None when the value the reader's
    function returned for those arguments is right, else what is wrong. The
    reader's function gets fresh copies of the arguments every time.
    """

    def checker(function):
        if not callable(function):
            return (
                f"pass the function itself, check({name}), not its result (got "
                f"{type(function).__name__})."
            )
        for arguments in cases() if callable(cases) else cases:
            problem = judge(call(function, *arguments), *arguments)
            if problem is not None:
                return problem
        return None

    return Exercise(checker, hint, solution)


def call(function, *arguments):
    """``function(*arguments)`` on deep copies of the arguments; its failures become
    ``AnswerProblem``.
    """
    arguments = copy.deepcopy(arguments)
    try:
        return function(*arguments)
    except SystemExit as error:
        raise AnswerProblem(
            f"your answer called exit() (SystemExit: {error}); return a value instead."
        ) from None
    except KeyboardInterrupt:  # the reader's stop button: stop, grade nothing
        raise
    except (
        BaseException  # GeneratorExit, or the reader's own BaseException subclass
    ) as error:  # the reader's code failed: report it, do not crash the notebook
        raise AnswerProblem(
            f"your answer raised {type(error).__name__}: {error}"
        ) from None


def number(
    value,
    *,
    array="your function returned an array of shape {shape}; it should return one "
    "number.",
    kind=None,
):
    """``value`` as a finite-or-not Python float, or an ``AnswerProblem`` saying why it
    is not a number.

    ``array`` is the message for an array (``{shape}`` is filled in); ``kind``,
    if given, the message for anything that is not a number at all (else the
    messages speak of "your function").
    """
    if value is None and kind is None:
        raise AnswerProblem(RETURNED_NONE)
    if isinstance(value, (list, tuple, np.ndarray)) and shape(value) != ():
        raise AnswerProblem(array.format(shape=shape(value)))
    if isinstance(value, np.ndarray):
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Number):
        raise AnswerProblem(
            kind.format(type=type(value).__name__)
            if kind
            else (
                f"your function returned a {type(value).__name__}, {value!r:.40}; "
                "return a number."
            )
        )
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise AnswerProblem(
            f"the answer {value} is a complex number; it should be real."
        )
    try:
        result = float(value)
    except OverflowError:
        raise AnswerProblem(
            f"the answer, an integer of {len(str(abs(int(value))))} digits, is too "
            "large for a float."
        ) from None
    except (TypeError, ValueError) as error:  # a timedelta64, a signalling NaN ...
        raise AnswerProblem(
            f"the answer {value!r:.40} is not a number that converts to a float "
            f"({error})."
        ) from None
    if math.isinf(result) and not _infinite(value):
        raise AnswerProblem(f"the answer {value!s} is beyond the range of a float.")
    return result


def shape(value):
    """``np.shape(value)``, or the string ``"(ragged)"`` for rows of different
    lengths.
    """
    try:
        return np.shape(value)
    except ValueError:
        return "(ragged)"


def _infinite(value):
    try:
        return bool(np.isinf(value))
    except (
        TypeError
    ):  # a Decimal or Fraction: infinite only if its float is and it says so
        return str(value).lstrip("+-").lower() in ("inf", "infinity")


def numbers_array(value, *, what="your function returned"):
    """``value`` as a float64 array, or an ``AnswerProblem`` saying why it does not hold
    numbers.
    """
    if value is None:
        raise AnswerProblem(RETURNED_NONE)
    if isinstance(value, (str, bytes)):
        raise AnswerProblem(
            f"{what} a {type(value).__name__}, {value!r:.40}; return numbers."
        )
    parts = value if isinstance(value, (list, tuple)) else [value]
    if any(isinstance(part, np.ma.MaskedArray) for part in parts):
        raise AnswerProblem(f"{what} a masked array; return plain numbers.")
    try:
        array = np.asarray(value)
    except ValueError:
        raise AnswerProblem(f"{what} rows of different lengths.") from None
    if array.dtype.kind == "c":
        raise AnswerProblem(f"{what} complex numbers; the answer is real.")
    bad = (
        [v for v in array.ravel().tolist() if not isinstance(v, numbers.Real)]
        if array.dtype.kind in "USO"
        else []
    )
    if bad:
        raise AnswerProblem(f"{what} {bad[0]!r:.40} among its values, not a number.")
    if array.dtype.kind not in "biufO":
        raise AnswerProblem(f"{what} values of type {array.dtype}, not numbers.")
    try:
        with np.errstate(over="ignore"):
            converted = array.astype(np.float64)
    except OverflowError:
        raise AnswerProblem(f"{what} values beyond the range of a float.") from None
    except (TypeError, ValueError) as error:  # a number whose float() fails
        raise AnswerProblem(
            f"{what} values that do not convert to floats ({error})."
        ) from None
    if np.isinf(converted).any() and np.isfinite(array.astype(np.longdouble)).all():
        raise AnswerProblem(f"{what} values beyond the range of a float.")
    return converted


def same(a, b):
    """Whether two numbers agree to about nine digits."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
