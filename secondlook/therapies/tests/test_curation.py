"""Curators edit the knowledge base in the staff pages; every edit is a new version."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.audit.models import AuditEvent
from secondlook.core.errors import PermissionDenied
from secondlook.core.testing import Personas
from secondlook.therapies.models import KnowledgeVersion, StandardOfCare
from secondlook.therapies.selectors import knowledge_base_at, knowledge_entry_history
from secondlook.therapies.services import knowledge_entry_save, knowledge_starter_load
from secondlook.therapies.tests.factories import CuratorFactory

KEY = "prad-as"


def _edit_post(label: str) -> dict[str, object]:
    return {
        "key": KEY,
        "cancer_types": "PRAD",
        "stage_groups": "I, IIA",
        "settings": ["definitive"],
        "conditions": "",
        "label": label,
        "modality": "surveillance",
        "therapies": "active surveillance",
        "evidence_level": "guideline",
        "source": "NCCN Prostate Cancer 2026",
        "goal_tags": "non_surgical, gentle",
        "note": "Updated to the 2026 guideline wording",
    }


@pytest.fixture
def loaded(personas: Personas) -> KnowledgeVersion:
    result = knowledge_starter_load(actor=personas.ada)
    assert result.version is not None
    return result.version


def test_loading_the_starter_set_twice_makes_no_second_version(loaded: KnowledgeVersion) -> None:
    again = knowledge_starter_load()

    assert again.version is None
    assert KnowledgeVersion.objects.count() == 1


def test_an_admins_edit_is_a_new_version_and_the_old_text_stays_in_history(
    client: Client, personas: Personas, loaded: KnowledgeVersion
) -> None:
    client.force_login(personas.ada)
    url = reverse("therapies:knowledge_edit", args=["standard-of-care", KEY])

    response = client.post(url, _edit_post("Active surveillance (2026 wording)"))

    assert response.status_code == 302
    history = knowledge_entry_history(kind="standard-of-care", key=KEY)
    assert [row.introduced_in.number for row in history] == [2, 1]
    assert history[0].label == "Active surveillance (2026 wording)"
    assert history[1].retired_in is not None and history[1].retired_in.number == 2
    assert history[0].edited_by == personas.ada
    old = next(o for o in knowledge_base_at(1).options if o.key == KEY)
    assert old.label.startswith("Active surveillance (PSA")
    assert AuditEvent.objects.filter(actor=personas.ada, purpose="knowledge base curation").exists()
    page = client.get(reverse("therapies:knowledge_entry", args=["standard-of-care", KEY]))
    assert "Updated to the 2026 guideline wording" in page.content.decode()


def test_a_specialist_flagged_as_curator_may_edit(
    client: Client, personas: Personas, loaded: KnowledgeVersion
) -> None:
    CuratorFactory(user=personas.olivia, granted_by=personas.ada)
    client.force_login(personas.olivia)

    response = client.post(
        reverse("therapies:knowledge_edit", args=["standard-of-care", KEY]),
        _edit_post("Edited by a curator"),
    )

    assert response.status_code == 302
    assert StandardOfCare.objects.get(key=KEY, retired_in__isnull=True).label == (
        "Edited by a curator"
    )


@pytest.mark.parametrize("who", ["olivia", "nina", "paul"])
def test_staff_who_are_not_curators_cannot_edit(
    client: Client, personas: Personas, loaded: KnowledgeVersion, who: str
) -> None:
    client.force_login(getattr(personas, who))
    url = reverse("therapies:knowledge_edit", args=["standard-of-care", KEY])

    assert client.get(url).status_code == 404
    assert client.post(url, _edit_post("Sneaky")).status_code == 404
    assert KnowledgeVersion.objects.count() == 1
    browse = client.get(reverse("therapies:knowledge_home"))
    assert browse.status_code == 200 and "Active surveillance" in browse.content.decode()


def test_patients_do_not_see_the_knowledge_base(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)

    assert client.get(reverse("therapies:knowledge_home")).status_code == 404


def test_the_service_refuses_a_non_curator_and_an_unreadable_condition(
    personas: Personas, loaded: KnowledgeVersion
) -> None:
    raw = {"key": "x-new", "types": ["PRAD"], "label": "x", "drugs": [], "source": "s"}
    with pytest.raises(PermissionDenied):
        knowledge_entry_save(
            actor=personas.nina, kind="standard-of-care", raw=raw, note="n", creating=True
        )

    from secondlook.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="not understood"):
        knowledge_entry_save(
            actor=personas.ada,
            kind="standard-of-care",
            raw={**raw, "if": ["when it feels right"]},
            note="n",
            creating=True,
        )
    assert KnowledgeVersion.objects.count() == 1


def test_a_curator_can_retire_an_entry_and_it_leaves_the_current_base(
    client: Client, personas: Personas, loaded: KnowledgeVersion
) -> None:
    client.force_login(personas.ada)

    response = client.post(
        reverse("therapies:knowledge_retire", args=["standard-of-care", KEY]),
        {"note": "Superseded"},
    )

    assert response.status_code == 302
    assert not StandardOfCare.objects.filter(key=KEY, retired_in__isnull=True).exists()
    assert all(o.key != KEY for o in knowledge_base_at(2).options)
