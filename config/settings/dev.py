"""`make run`: the demo program on a laptop over plain HTTP."""

from __future__ import annotations

from config.env import env_bool
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", False)
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
