"""msebook.notebook.glue stores exactly what myst_nb.glue stores, so chapters need no
myst-nb.
"""

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from myst_nb import glue as myst_glue

from msebook.notebook import GLUE_PREFIX, glue


def _outputs(function, *args, **kwargs):
    InteractiveShell.instance()  # displays are captured only once a shell exists
    with capture_output() as captured:
        function(*args, **kwargs)
    return [(output.data, output.metadata) for output in captured.outputs]


@pytest.mark.parametrize("display", [True, False])
@pytest.mark.parametrize("value", [42, 0.125, "1,234", np.float64(2.5), [1, 2]])
def test_glue_matches_myst_nb(value, display):
    ours = _outputs(glue, "key", value, display=display)
    theirs = _outputs(myst_glue, "key", value, display=display)
    assert ours == theirs
    data, metadata = ours[0]
    assert metadata["scrapbook"] == {
        "name": "key",
        "mime_prefix": "" if display else GLUE_PREFIX,
    }
    assert all(key.startswith(GLUE_PREFIX) != display for key in data)


def test_glue_names_a_bad_name():
    with pytest.raises(TypeError, match="`name` must be a non-empty string"):
        glue("", 1)


def test_glue_names_a_bad_display():
    with pytest.raises(TypeError, match="`display` must be True or False"):
        glue("key", 1, display="no")  # a non-empty string would have meant True
