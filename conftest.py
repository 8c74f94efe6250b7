from __future__ import annotations

import pytest

from secondlook.core.testing import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()
