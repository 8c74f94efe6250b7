from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.core import extensions
from secondlook.core.extensions import CasePanel, NavLink
from secondlook.core.testing import Personas


@pytest.fixture
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(extensions, "_panels", {})
    monkeypatch.setattr(extensions, "_links", {})
    yield


def test_a_registered_panel_appears_on_the_staff_case_page_only_when_it_has_content(
    client: Client, personas: Personas, isolated_registry: None
) -> None:
    extensions.register_case_panel(
        CasePanel(
            name="sla-echo",
            template="cases/partials/sla.html",
            context=lambda user, case: (
                {"shown_for": user.username} if user.role == "navigator" else None
            ),
        )
    )
    url = reverse("cases:detail", args=[personas.pat_case.pk])

    client.force_login(personas.nina)
    shown = client.get(url).content.decode()
    client.force_login(personas.olivia)
    hidden = client.get(url).content.decode()

    assert shown.count("No deadline") > hidden.count("No deadline")


def test_a_registered_patient_panel_appears_on_the_portal_case_page(
    client: Client, personas: Personas, isolated_registry: None
) -> None:
    extensions.register_case_panel(
        CasePanel(
            name="errors",
            template="errors/403.html",
            context=lambda user, case: {},
            audience="patient",
        )
    )
    client.force_login(personas.pat)

    page = client.get(reverse("portal:case", args=[personas.pat_case.pk])).content.decode()

    assert "You do not have access to this page" in page


def test_nav_links_are_shown_to_the_roles_they_name(
    client: Client, personas: Personas, isolated_registry: None
) -> None:
    extensions.register_nav_link(
        NavLink(label="Audit again", url_name="audit:search", roles=frozenset({"program_admin"}))
    )

    client.force_login(personas.ada)
    admin_page = client.get(reverse("cases:list")).content.decode()
    client.force_login(personas.nina)
    navigator_page = client.get(reverse("cases:worklist")).content.decode()

    assert "Audit again" in admin_page
    assert "Audit again" not in navigator_page
