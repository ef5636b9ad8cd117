"""The book's figure style and the plots it reuses.

Figures have a white background (so they stay readable in dark mode), a
colour-blind-safe palette, and one size: ``WIDTH`` inches wide, shown on
the page at ``DISPLAY_DPI`` CSS pixels per inch and stored at twice that
resolution, with no text smaller than ``SMALLEST_FONT`` points. On a phone,
whose content column is about 358 CSS pixels wide, that text is still about
10 CSS pixels high. Panels are stacked vertically, never side by side.
Call :func:`use_style` once per chapter.
"""

import base64
import contextlib
import io

import matplotlib as mpl
import matplotlib.axes
import matplotlib.axis
import matplotlib.figure
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import PIL.Image

from ._validation import check_targets

#: Okabe–Ito colours, distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

#: Width of every figure, in inches.
WIDTH = 5.0
#: CSS pixels per inch of a figure on the page; figures are stored at twice this.
DISPLAY_DPI = 100
#: The smallest font size in any figure, in points.
SMALLEST_FONT = 10

STYLE = {
    "figure.figsize": (WIDTH, 3.4),
    "figure.dpi": DISPLAY_DPI,
    "savefig.dpi": 2 * DISPLAY_DPI,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": SMALLEST_FONT,
    "ytick.labelsize": SMALLEST_FONT,
    "legend.fontsize": SMALLEST_FONT,
    "legend.title_fontsize": SMALLEST_FONT,
    "legend.frameon": False,
    "lines.markersize": 5,
    "figure.constrained_layout.use": True,
    "savefig.pad_inches": 0.05,
    "svg.hashsalt": "msebook",
}


def use_style():
    """Apply the book's style to every figure made afterwards.

    In a Jupyter kernel, figures are also shown by ``retina_png``.

    >>> use_style()
    >>> plt.rcParams["savefig.facecolor"]
    'white'
    """
    mpl.rcParams.update(STYLE)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with every Jupyter kernel
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    # Set up the inline backend first, so that it cannot replace the formatter.
    with contextlib.suppress(ImportError):
        import matplotlib_inline.backend_inline  # noqa: F401
    png = shell.display_formatter.formatters["image/png"]
    png.for_type(mpl.figure.Figure, retina_png)


def retina_png(figure):
    """The figure as a PNG at twice its display resolution, and its display width.

    Returns the base64-encoded PNG and ``{"width": w}``, ``w`` being half the
    PNG's width in pixels: Jupyter and the book show it ``w`` CSS pixels wide
    (never wider than the page), keeping its aspect ratio on any screen. The
    PNG holds at most 64 colours, which keeps it three to four times smaller.

    >>> figure = plt.figure(figsize=(2, 1), dpi=100)
    >>> data, metadata = retina_png(figure)
    >>> metadata  # 2 inches and the margins of 0.05 inch, at 100 CSS pixels per inch
    {'width': 210}
    >>> # the PNG's width in pixels
    >>> int.from_bytes(base64.b64decode(data)[16:20], "big")
    420
    """
    if not isinstance(figure, mpl.figure.Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {figure!r:.60}")
    buffer = io.BytesIO()
    figure.canvas.print_figure(
        buffer,
        format="png",
        dpi=2 * figure.dpi,
        bbox_inches="tight",
        pad_inches=STYLE["savefig.pad_inches"],
        facecolor=figure.get_facecolor(),
        edgecolor=figure.get_edgecolor(),
    )
    image = PIL.Image.open(buffer).convert("RGB")
    image = image.quantize(
        64, PIL.Image.Quantize.MEDIANCUT, dither=PIL.Image.Dither.NONE
    )
    buffer = io.BytesIO()
    dpi = 2 * figure.dpi
    image.save(buffer, format="png", optimize=True, dpi=(dpi, dpi))
    return base64.b64encode(buffer.getvalue()).decode("ascii"), {
        "width": image.width // 2
    }


def plain_log_labels(axis):
    """Label a logarithmic ``axis`` with numbers at full size: 0.01, 1, 1e12.

    Matplotlib writes powers of ten as 10 with a raised exponent, set at 70%
    of the label's size: smaller than ``SMALLEST_FONT`` allows. Returns ``axis``.

    >>> ax = plt.figure().add_subplot(yscale="log")
    >>> formatter = plain_log_labels(ax.yaxis).get_major_formatter()
    >>> [formatter(value) for value in (1e-12, 0.01, 1.0, 300.0, 1e6)]
    ['1e-12', '0.01', '1', '300', '1e6']
    """

    if not isinstance(axis, mpl.axis.Axis):
        raise TypeError(
            f"axis must be a matplotlib Axis (such as ax.yaxis), got {axis!r:.60}"
        )

    def label(value, position=None):
        if not np.isfinite(value):
            return f"{value:g}"
        if 1e-3 <= value < 1e4:
            return f"{value:g}"
        mantissa, exponent = f"{value:e}".split("e")
        return f"{float(mantissa):g}e{int(exponent)}"

    axis.set_major_formatter(mpl.ticker.FuncFormatter(label))
    axis.set_minor_formatter(mpl.ticker.NullFormatter())
    return axis


def plot_squared_errors(y_true, y_pred, ax=None):
    """Plot observed against predicted values, drawing each squared error as a square.

    A perfect prediction lies on the diagonal; the vertical distance of a point
    from it is its error, and the square on that segment has the squared error
    as its area. The mean area of the squares is the MSE. Returns the ``Axes``.

    >>> ax = plot_squared_errors([1.0, 3.0, 2.0], [1.5, 2.0, 2.5])
    >>> len(ax.patches)
    3
    """
    y_true, y_pred = check_targets(y_true, y_pred)  # finite, same shape, named
    if y_true.shape[1] != 1:
        raise ValueError(
            f"y_true and y_pred must be 1-D (one output), got shape {y_true.shape}"
        )
    y_true, y_pred = y_true[:, 0], y_pred[:, 0]
    if ax is not None and not isinstance(ax, mpl.axes.Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {ax!r:.60}")
    if ax is None:
        ax = plt.figure().add_subplot()
    for observed, predicted in zip(y_true, y_pred):
        side = observed - predicted
        square = mpl.patches.Rectangle(
            (predicted, predicted), abs(side), side, color=PALETTE[1], alpha=0.25, lw=0
        )
        ax.add_patch(square)
        ax.plot([predicted, predicted], [predicted, observed], color=PALETTE[1], lw=1)
    low, high = min(y_true.min(), y_pred.min()), max(y_true.max(), y_pred.max())
    ax.plot(
        [low, high], [low, high], "--", color=PALETTE[0], label="perfect prediction"
    )
    ax.plot(y_pred, y_true, "o", color=PALETTE[1], label="observed", zorder=3)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("predicted")
    ax.set_ylabel("observed")
    ax.legend(loc="upper left")
    return ax
