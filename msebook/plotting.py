"""The book's figure style and the plots it reuses.

Figures have a white background (so they stay readable in dark mode), large
labels and a colour-blind-safe palette. Call :func:`use_style` once per chapter.
"""
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

#: Okabe–Ito colours, distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

STYLE = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.frameon": False,
    "svg.hashsalt": "msebook",
}


def use_style():
    """Apply the book's style to every figure made afterwards.

    >>> use_style()
    >>> plt.rcParams["savefig.facecolor"]
    'white'
    """
    mpl.rcParams.update(STYLE)


def plot_squared_errors(y_true, y_pred, ax=None):
    """Plot observed against predicted values, drawing each squared error as a square.

    A perfect prediction lies on the diagonal; the vertical distance of a point
    from it is its error, and the square on that segment has the squared error
    as its area. The mean area of the squares is the MSE. Returns the ``Axes``.

    >>> ax = plot_squared_errors([1.0, 3.0, 2.0], [1.5, 2.0, 2.5])
    >>> len(ax.patches)
    3
    """
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if ax is None:
        ax = plt.figure().add_subplot()
    for observed, predicted in zip(y_true, y_pred):
        side = observed - predicted
        ax.add_patch(mpl.patches.Rectangle((predicted, predicted), abs(side), side, color=PALETTE[1], alpha=0.25, lw=0))
        ax.plot([predicted, predicted], [predicted, observed], color=PALETTE[1], lw=1)
    low, high = min(y_true.min(), y_pred.min()), max(y_true.max(), y_pred.max())
    ax.plot([low, high], [low, high], "--", color=PALETTE[0], label="perfect prediction")
    ax.plot(y_pred, y_true, "o", color=PALETTE[1], label="observed", zorder=3)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("predicted")
    ax.set_ylabel("observed")
    ax.legend(loc="upper left")
    return ax
