from __future__ import annotations

from django.test import Client
from django.urls import reverse

from secondlook.core.testing import Personas


def test_admin_user_list_shows_staff_but_never_patient_accounts(
    client: Client, personas: Personas
) -> None:
    personas.ada.is_staff = True
    personas.ada.is_superuser = True
    personas.ada.save()
    client.force_login(personas.ada)

    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "nina" in page
    assert ">pat<" not in page and ">quinn<" not in page


def test_case_data_is_not_browsable_in_the_admin(client: Client, personas: Personas) -> None:
    personas.ada.is_staff = True
    personas.ada.is_superuser = True
    personas.ada.save()
    client.force_login(personas.ada)

    assert client.get("/django-admin/cases/case/").status_code == 404
