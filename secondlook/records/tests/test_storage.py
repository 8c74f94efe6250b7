"""Where files go on disk, and the start-up check that keeps them off the web."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from secondlook.records import storage
from secondlook.records.checks import records_root_is_private


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABCDEF", "", "a" * 31, "g" * 32])
def test_only_our_own_random_names_map_to_a_file(name: str) -> None:
    with pytest.raises(ValueError):
        storage.path_for(name)


def test_names_are_random_and_files_are_spread_over_sub_folders(records_root: Path) -> None:
    names = {storage.new_storage_name() for _ in range(50)}
    assert len(names) == 50
    name = names.pop()
    assert storage.path_for(name) == records_root / name[:2] / name


def test_staging_hashes_and_counts_what_it_writes(records_root: Path) -> None:
    staged = storage.stage(iter([b"synthetic ", b"record"]), max_bytes=100)
    assert staged.size == len(b"synthetic record")
    assert staged.path.read_bytes() == b"synthetic record"
    assert staged.path.stat().st_mode & 0o777 == 0o600
    assert staged.sha256 == hashlib.sha256(b"synthetic record").hexdigest()


def test_the_default_records_folder_passes_the_start_up_check() -> None:
    assert records_root_is_private() == []


def test_a_records_folder_inside_the_static_files_fails_the_start_up_check(
    settings: Settings, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path / "static" / "records"
    (error,) = records_root_is_private()
    assert error.id == "records.E001"
