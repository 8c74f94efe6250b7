"""Production settings pass Django's deployment check; .env.example lists every setting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
ENV_EXAMPLE = BASE_DIR / ".env.example"
READ_FROM_ENV = re.compile(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"')
SECRET = "a-long-random-test-value-that-is-not-the-development-key-0123456789"


def example_values() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def settings_variables() -> set[str]:
    names: set[str] = set()
    for module in (BASE_DIR / "config" / "settings").glob("*.py"):
        names |= set(READ_FROM_ENV.findall(module.read_text()))
    return names


def deploy_check(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECONDLOOK_", "DATABASE_URL"))
    }
    env.update(overrides)
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=config.settings.production",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_example_lists_every_variable_the_settings_read() -> None:
    listed = set(example_values())

    missing = settings_variables() - listed
    assert missing == set()
    assert "DJANGO_SETTINGS_MODULE" in listed


def test_production_with_the_documented_environment_passes_check_deploy(tmp_path: Path) -> None:
    documented = {
        **example_values(),
        "DJANGO_SECRET_KEY": SECRET,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECONDLOOK_VAR_DIR": str(tmp_path),
        "SECONDLOOK_RECORDS_ROOT": str(tmp_path / "records"),
        "SECONDLOOK_BEHIND_PROXY": "1",
    }

    result = deploy_check(**documented)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_turn_on_https_redirect_and_hsts(tmp_path: Path) -> None:
    """With only the secret and the host set, the deployment check is already clean."""
    result = deploy_check(
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="secondopinion.example.org",
        SECONDLOOK_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "W004" not in result.stderr + result.stdout
    assert "W008" not in result.stderr + result.stdout


def test_a_plain_http_lab_may_turn_redirect_and_hsts_off(tmp_path: Path) -> None:
    result = deploy_check(
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="lab.internal",
        SECONDLOOK_VAR_DIR=str(tmp_path),
        SECONDLOOK_SSL_REDIRECT="0",
        SECONDLOOK_HSTS_SECONDS="0",
    )

    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_production_refuses_an_empty_secret(tmp_path: Path) -> None:
    result = deploy_check(DJANGO_SECRET_KEY="", SECONDLOOK_VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_development_and_tests_keep_plain_http() -> None:
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SECURE_SSL_REDIRECT is False
