"""Refuse to start with patient records where a web server would serve them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register


def _served_folders() -> list[Path]:
    # A STATICFILES_DIRS entry may be a (prefix, path) pair.
    static_dirs = [d[1] if isinstance(d, tuple | list) else d for d in settings.STATICFILES_DIRS]
    folders = [settings.STATIC_ROOT, *static_dirs, settings.MEDIA_ROOT]
    return [Path(folder).resolve() for folder in folders if folder]


@register()
def records_root_is_private(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    root = Path(settings.SECONDLOOK_RECORDS_ROOT).resolve()
    errors = []
    for folder in _served_folders():
        if root == folder or folder in root.parents or root in folder.parents:
            errors.append(
                Error(
                    f"SECONDLOOK_RECORDS_ROOT ({root}) overlaps a folder served over the "
                    f"web ({folder}).",
                    hint="Keep patient records outside STATIC_ROOT, STATICFILES_DIRS and "
                    "MEDIA_ROOT; downloads go through the audited records view.",
                    id="records.E001",
                )
            )
    return errors
