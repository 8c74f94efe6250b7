"""Tests: fast hashing, in-memory mail, jobs run in-process, records in a temp folder."""

from __future__ import annotations

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
