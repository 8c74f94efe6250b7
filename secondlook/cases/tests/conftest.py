from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_create
from secondlook.accounts.tests.factories import UserFactory
from secondlook.core.testing import Personas

LogIn = Callable[[User], Client]


@pytest.fixture
def log_in(client: Client) -> LogIn:
    """The test client, logged in as one persona."""

    def _log_in(user: User) -> Client:
        client.force_login(user)
        return client

    return _log_in


@pytest.fixture
def bearer() -> Callable[[User], dict[str, str]]:
    """Headers carrying a fresh API token of the given staff member."""

    def _bearer(user: User) -> dict[str, str]:
        _, raw = api_token_create(user=user, name="test")
        return {"Authorization": f"Bearer {raw}"}

    return _bearer


@pytest.fixture
def nora(personas: Personas) -> User:
    """A second navigator at Pasadena: Nina's colleague, for hand-offs."""
    return UserFactory(
        username="nora",
        first_name="Nora",
        last_name="Synthetic",
        role=Role.NAVIGATOR,
        sites=[personas.pasadena],
    )
