"""The reviewing specialist sees options on the case page and adds them to the draft."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case, TimelineEvent
from secondlook.core.testing import Personas
from secondlook.therapies.models import ChosenOption
from secondlook.therapies.selectors import knowledge_version_current, options_chosen_for
from secondlook.therapies.services import knowledge_starter_load

METASTATIC = {"setting": "first_line_metastatic"}
FOLFOX_LABEL = "FOLFOX, CAPOX or FOLFIRI with bevacizumab"


@pytest.fixture
def review_case(personas: Personas) -> Case:
    """Pat's colon cancer case under Olivia's review, with the knowledge base loaded."""
    knowledge_starter_load(actor=personas.ada)
    case = personas.pat_case
    case.reviewer = personas.olivia
    case.status = CaseStatus.UNDER_REVIEW
    case.save(update_fields=["reviewer", "status"])
    return case


def _choose(client: Client, case: Case, **extra: str) -> object:
    return client.post(
        reverse("therapies:option_choose", args=[case.pk]),
        {"category": "standard_of_care", "label": FOLFOX_LABEL, **METASTATIC, **extra},
        HTTP_HX_REQUEST="true",
    )


def test_the_case_page_shows_options_missing_tests_and_why_it_cannot_decide(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.olivia)

    page = client.get(reverse("cases:detail", args=[review_case.pk])).content.decode()

    assert "Treatment options" in page
    assert "neither the stage group nor the treatment setting" in page
    assert "MSI/MMR" in page  # every colorectal cancer needs it


def test_choosing_a_setting_refreshes_the_options_with_reasons_and_sources(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.olivia)

    panel = client.get(
        reverse("therapies:options_panel", args=[review_case.pk]),
        {**METASTATIC, "goals": ["quality_of_life"]},
    ).content.decode()

    assert FOLFOX_LABEL in panel
    assert "NCCN Colon Cancer 2025" in panel
    assert "Add to draft opinion" in panel
    assert AuditEvent.objects.filter(
        actor=personas.olivia, case_reference=review_case.reference, purpose="treatment options"
    ).exists()


def test_the_attending_adds_an_option_to_the_draft_with_the_knowledge_base_version(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.olivia)

    response = _choose(client, review_case, note="Discussed at the visit")

    assert response.status_code == 200
    chosen = list(options_chosen_for(review_case))
    assert [c.label for c in chosen] == [FOLFOX_LABEL]
    assert chosen[0].knowledge_version == knowledge_version_current()
    assert "bevacizumab" in chosen[0].therapies and chosen[0].note == "Discussed at the visit"
    assert "knowledge base version 1" in str(chosen[0])
    assert "In the draft opinion" in response.content.decode()
    assert TimelineEvent.objects.filter(
        case=review_case, summary__contains="Treatment option added"
    ).exists()
    assert AuditEvent.objects.filter(purpose="treatment option chosen").exists()
    assert _choose(client, review_case).status_code == 200
    assert ChosenOption.objects.filter(case=review_case).count() == 1


def test_the_attending_can_remove_a_chosen_option(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.olivia)
    _choose(client, review_case)
    chosen = ChosenOption.objects.get(case=review_case)

    client.post(reverse("therapies:option_withdraw", args=[review_case.pk, chosen.pk]))

    assert list(options_chosen_for(review_case)) == []
    chosen.refresh_from_db()
    assert chosen.withdrawn_by == personas.olivia


def test_an_option_the_matcher_did_not_give_cannot_be_forged_into_the_opinion(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.olivia)

    client.post(
        reverse("therapies:option_choose", args=[review_case.pk]),
        {"category": "standard_of_care", "label": "Homeopathy", **METASTATIC},
    )

    assert not ChosenOption.objects.exists()


def test_a_navigator_at_the_site_sees_the_options_but_cannot_choose(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.nina)

    panel = client.get(
        reverse("therapies:options_panel", args=[review_case.pk]), METASTATIC
    ).content.decode()
    _choose(client, review_case)

    assert FOLFOX_LABEL in panel and "Add to draft opinion" not in panel
    assert not ChosenOption.objects.exists()


def test_staff_of_another_site_get_a_404(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.nate)

    assert client.get(reverse("therapies:options_panel", args=[review_case.pk])).status_code == 404
    assert _choose(client, review_case).status_code == 404
    assert not ChosenOption.objects.exists()


def test_patients_get_a_404_on_the_staff_options(
    client: Client, personas: Personas, review_case: Case
) -> None:
    client.force_login(personas.pat)

    assert client.get(reverse("therapies:options_panel", args=[review_case.pk])).status_code == 404


def test_the_api_returns_the_options_with_the_knowledge_base_version(
    client: Client, personas: Personas, review_case: Case
) -> None:
    from secondlook.accounts.services import api_token_create

    _, raw = api_token_create(user=personas.olivia, name="test")
    response = client.get(
        f"/api/therapies/cases/{review_case.pk}/options",
        {"setting": "first_line_metastatic"},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["knowledge_version"] == 1
    assert any("bevacizumab" in o["therapies"] for o in body["options"])
