from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


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
