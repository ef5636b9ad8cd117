"""Scaling by powers of two: exact, so a result computed from scaled values is the same
number.

Sums of squares over- or underflow float64 long before the values themselves
do. Dividing every value by the same power of two changes no digit (barring
subnormal values), so the computations that would over- or underflow run on
values near 1 and the scale is put back at the end.
"""

import math

import numpy as np

SAFE = 2.0**250
"""Values between ``1 / SAFE`` and ``SAFE`` in magnitude can be squared and summed
without trouble.
"""


def power_of_two_above(values):
    """Per value, a power of two above it but at most 2**1023 (1 for 0, inf or nan):
    dividing by it is exact.

    >>> power_of_two_above([3.0, 0.0, 1e308]).tolist() == [4.0, 1.0, 2.0**1023]
    True
    """
    values = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(values) & (values > 0)
    return np.where(
        ok, np.ldexp(1.0, np.minimum(np.frexp(np.where(ok, values, 1.0))[1], 1023)), 1.0
    )


def scale_of(values, *, safe=SAFE):
    """1 for values whose squares stay well inside float64 (magnitudes between
    ``1 / safe`` and ``safe``, or none at all), else a power of two near their
    largest magnitude.

    >>> scale_of([1.0, 1e6]), scale_of([1e-200, 0.0]) == 2.0**-664
    (1.0, True)
    """
    if isinstance(values, float):
        largest = abs(values)
    else:  # no values: nothing to scale
        largest = float(np.max(np.abs(values), initial=0.0))
    if largest == 0 or not math.isfinite(largest) or 1 / safe <= largest <= safe:
        return 1.0
    return float(power_of_two_above(largest))
