"""Helpers for running the book's chapters in plain Jupyter.

The chapters insert numbers computed in code into their prose with myst-nb's
*glue*. :func:`glue` here stores exactly what ``myst_nb.glue`` stores, so a
chapter runs with only msebook and Jupyter installed, and the book's build
still finds every glued value.
"""

GLUE_PREFIX = "application/papermill.record/"


def glue(name, variable, display=True):
    """Store ``variable``'s display value under ``name`` for the book to insert.

    Parameters
    ----------
    name : str
        The key the chapter's prose uses, as in ``{glue:text}`name```.
    variable : object
        The value; what is stored is what Jupyter would display for it.
    display : bool, default True
        Also show the value in the notebook. With ``False`` the output is
        stored under myst-nb's hidden MIME prefix and nothing is shown.

    Examples
    --------
    >>> from msebook.notebook import glue
    >>> glue("answer", 42)
    42
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"`name` must be a non-empty string, got {name!r}")
    if not isinstance(display, bool):
        raise TypeError(f"`display` must be True or False, got {display!r}")
    try:
        from IPython.core.formatters import format_display_data
        from IPython.display import display as ipython_display
    except ImportError as error:  # pragma: no cover - IPython comes with Jupyter
        raise ImportError(
            "glue needs IPython, which every Jupyter kernel has"
        ) from error
    bundle, metadata = format_display_data(variable)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipython_display(
        {prefix + key: value for key, value in bundle.items()},
        raw=True,
        metadata=metadata,
    )
