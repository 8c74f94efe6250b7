from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from secondlook.core.testing import put_on_case


@pytest.fixture(autouse=True)
def records_root(tmp_path: Path, settings: Settings) -> Path:
    """Each test gets its own empty records folder, so "nothing stored" can be checked."""
    root = tmp_path / "records"
    settings.SECONDLOOK_RECORDS_ROOT = root
    return root


@pytest.fixture
def stored_files(records_root: Path) -> Callable[[], list[Path]]:
    """Every file under the records root, staging area included."""

    def files() -> list[Path]:
        return sorted(p for p in records_root.rglob("*") if p.is_file())

    return files


@pytest.fixture(autouse=True)
def care_team_on_pats_case(request: pytest.FixtureRequest) -> None:
    """Clinicians see only the cases they are on (cases.permissions): in these tests
    Olivia, Paul, Rita and Sam are on Pat's case, so what is tested is what their roles
    may do there."""
    if "personas" not in request.fixturenames:
        return
    personas = request.getfixturevalue("personas")
    put_on_case(personas.pat_case, personas.olivia, personas.paul, personas.rita, personas.sam)
