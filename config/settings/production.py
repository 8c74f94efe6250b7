"""Production: refuse to start with development secrets; TLS, HSTS and redirects on.

A lab install on plain HTTP turns the redirect and HSTS off explicitly
(SECONDLOOK_SSL_REDIRECT=0, SECONDLOOK_HSTS_SECONDS=0) rather than by forgetting them.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int
from config.settings.base import *  # noqa: F403
from config.settings.base import SECRET_KEY

if not SECRET_KEY or SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value in production.")

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECONDLOOK_SSL_REDIRECT", True)
# One year: long enough to count (browsers and the preload list want a year or more).
SECURE_HSTS_SECONDS = env_int("SECONDLOOK_HSTS_SECONDS", 365 * 24 * 3600)
# The program runs on its own host name; its subdomains, if any, are its own too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECONDLOOK_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits the hospital's whole registrable domain to HTTPS in every browser:
# that is the domain owner's decision (SECONDLOOK_HSTS_PRELOAD=1), so its reminder is off.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
