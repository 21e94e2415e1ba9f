"""Fixtures shared by the test modules."""
from __future__ import annotations

import pytest

from sitroom.geo.gazetteer import Gazetteer, get_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    """The packaged gazetteer, loaded once per module (a module may define its own)."""
    return get_gazetteer()
