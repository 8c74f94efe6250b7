"""Where record files live on disk.

Files sit under `settings.SECONDLOOK_RECORDS_ROOT`, which is outside the web root and is
never served by URL (`checks.py` refuses a root inside the static or media folders).
Each file gets a random name (`secrets.token_hex`) so neither a patient's name from the
original file name nor a guessable number ever reaches the disk, and lives in a
two-character sub-folder so no single directory grows to hundreds of thousands of
entries. Files and folders are readable by the service account only.

An upload is first *staged* in `incoming/` (same file system, so the final move is an
atomic rename) and only *published* under its final name once it has been checked; a
reader therefore never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_STORAGE_NAME = re.compile(r"^[0-9a-f]{32}$")
_INCOMING = "incoming"
_PRIVATE_DIR = 0o700


class SizeLimitExceeded(Exception):
    """The stream went past the byte limit; nothing was kept."""


@dataclass(frozen=True)
class StagedFile:
    path: Path
    size: int
    sha256: str


def records_root() -> Path:
    return Path(settings.SECONDLOOK_RECORDS_ROOT)


def new_storage_name() -> str:
    return secrets.token_hex(16)


def path_for(storage_name: str) -> Path:
    """The file of a stored record; refuses anything that is not one of our random names."""
    if not _STORAGE_NAME.match(storage_name):
        raise ValueError("Not a record storage name.")
    return records_root() / storage_name[:2] / storage_name


def stage(chunks: Iterable[bytes], *, max_bytes: int) -> StagedFile:
    """Copy an upload into a private temporary file, hashing it on the way.

    Stops and removes the partial copy as soon as the stream passes `max_bytes`.
    """
    incoming = records_root() / _INCOMING
    incoming.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=incoming, prefix=".upload-")
    path = Path(name)
    hasher = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(descriptor, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise SizeLimitExceeded
                hasher.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StagedFile(path=path, size=size, sha256=hasher.hexdigest())


def publish(staged: StagedFile, storage_name: str) -> Path:
    """Move a checked upload to its final name in one atomic step."""
    final = path_for(storage_name)
    final.parent.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    os.replace(staged.path, final)
    return final


def discard(path: Path) -> None:
    path.unlink(missing_ok=True)
