"""Hypothesis profiles for the package's property tests.

``full`` (the default, for ``make test``) runs each property test with the
number of examples it asks for; ``check`` (``MSEBOOK_HYPOTHESIS_PROFILE=check``,
for ``make check``) with a tenth of them, for a quick edit-and-test loop.
"""

import os

from hypothesis import settings

settings.register_profile("full", deadline=None)
settings.register_profile("check", max_examples=10, deadline=None)
settings.load_profile(os.environ.get("MSEBOOK_HYPOTHESIS_PROFILE", "full"))


def examples(wanted):
    """``wanted`` under the full profile, a tenth of it (at least 5) under ``check``."""
    return max(5, wanted * settings.default.max_examples // 100)
