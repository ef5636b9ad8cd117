"""msebook.plotting refuses what it cannot draw by name, and draws what it is given."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from msebook.plotting import (  # noqa: E402
    plain_log_labels,
    plot_squared_errors,
    retina_png,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_squared_errors_draws_one_square_per_pair():
    ax = plot_squared_errors([1.0, 3.0, 2.0], [1.5, 2.0, 2.5])
    areas = sorted(abs(p.get_width() * p.get_height()) for p in ax.patches)
    assert areas == [0.25, 0.25, 1.0]  # the squared errors
    ax = plot_squared_errors(np.array([1, 3]), [[1.5], [2.0]], ax=plt.figure().gca())
    assert len(ax.patches) == 2


@pytest.mark.parametrize(
    "y_true, y_pred, options, error, message",
    [
        # each once a silent plot (NaN dropped, masked value drawn, pairs cut
        # short by zip) or numpy's error naming no argument
        ([1.0, 2.0, 3.0], [1.0, 2.0], {}, ValueError, "y_true and y_pred"),
        ([1.0, np.nan], [1.0, 2.0], {}, ValueError, "y_true contains nan"),
        (
            np.ma.array([1.0, 2.0, 50.0], mask=[0, 0, 1]),
            [1.0, 2.0, 3.0],
            {},
            ValueError,
            "y_true is a masked array",
        ),
        (None, [1.0], {}, TypeError, "y_true must be an array of real numbers"),
        ([], [], {}, ValueError, "y_true is empty"),
        ([[1, 2], [3, 4]], [[1, 2], [3, 4]], {}, ValueError, "must be 1-D"),
        ([1.0], [2.0], {"ax": "left"}, TypeError, "ax must be a matplotlib Axes"),
    ],
)
def test_plot_squared_errors_refuses_bad_input_by_name(
    y_true, y_pred, options, error, message
):
    with pytest.raises(error, match=re.escape(message)):
        plot_squared_errors(y_true, y_pred, **options)


def test_the_helpers_name_a_wrong_argument():
    # AttributeError from deep inside matplotlib before
    with pytest.raises(TypeError, match="axis must be a matplotlib Axis"):
        plain_log_labels(plt.figure().gca())  # the Axes, not its yaxis
    with pytest.raises(TypeError, match="figure must be a matplotlib Figure"):
        retina_png(plt.figure().gca())


def test_plain_log_labels_of_every_value():
    formatter = plain_log_labels(plt.figure().gca().yaxis).get_major_formatter()
    labels = [formatter(v) for v in (0.0, 1e-12, 0.5, 1e6, np.inf, np.nan)]
    assert labels == ["0e0", "1e-12", "0.5", "1e6", "inf", "nan"]
