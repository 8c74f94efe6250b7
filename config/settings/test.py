"""Tests: fast hashing, in-memory mail, jobs run in-process, records in a temp folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import HUEY

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECONDLOOK_RECORDS_ROOT = Path(tempfile.mkdtemp(prefix="secondlook-records-"))
HUEY = {**HUEY, "immediate": True}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files from the app folders (WhiteNoise's finders), not a collected root.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: Django shares one in-memory connection between the test thread
    # and the browser tests' live server thread, and a page that polls (the diagnosis
    # panel) then races the test's own queries. A file gives each thread its connection.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"secondlook-test-{os.getpid()}.sqlite3")
    }
