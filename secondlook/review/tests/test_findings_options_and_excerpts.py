"""Reviewers pick favoured options from the treatment-options list; the board reads the
confirmed facts in the reports' own words."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.choices import Specialty
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import PathologyReportFactory
from secondlook.core.testing import Personas
from secondlook.oncology.models import FactProposal
from secondlook.records.models import DocumentText
from secondlook.review import board_services
from secondlook.review.board_selectors import key_fact_excerpts
from secondlook.review.models import BoardPreparation, ReviewerFinding
from secondlook.review.tests.factories import clinician, gi_team, session_for
from secondlook.therapies import services as therapy_services
from secondlook.therapies.selectors import therapy_plan_for

pytestmark = pytest.mark.django_db

FOLFOX = "FOLFOX, CAPOX or FOLFIRI with bevacizumab"
REPORT = (
    "FINAL DIAGNOSIS: Sigmoid colon, resection. Histologic type: adenocarcinoma, "
    "moderately differentiated. Lymph nodes: 2 of 14 involved (pN1b)."
)


def _findings_url(case: Case) -> str:
    return reverse("review:findings", args=[case.pk])


def test_reviewer_picks_options_from_the_list_and_the_attending_sees_them(
    personas: Personas, case: Case, client: Client
) -> None:
    therapy_services.knowledge_starter_load(actor=personas.ada)
    plan, version = therapy_plan_for(
        user=personas.olivia, case=case, setting="first_line_metastatic"
    )
    option = next(o for o in plan.options if o.label == FOLFOX)
    therapy_services.option_choose(actor=personas.olivia, case=case, option=option, version=version)
    client.force_login(personas.olivia)

    form = client.get(_findings_url(case)).content.decode()
    assert f"standard_of_care|{FOLFOX}" in form

    client.post(
        _findings_url(case),
        {
            "diagnosis_agreement": "agree",
            "plan_agreement": "partly",
            "options_picked": [f"standard_of_care|{FOLFOX}"],
            "options_favoured": "Watch and wait if she declines chemotherapy.",
            "submit": "1",
        },
    )

    finding = ReviewerFinding.objects.get(case=case, reviewer=personas.olivia)
    (picked,) = finding.options_picked
    assert picked["label"] == FOLFOX and picked["evidence_level"] == option.evidence_level
    assert picked["knowledge_version"] == version.number
    assert finding.options_favoured.startswith("Watch and wait")
    page = client.get(reverse("review:opinion_edit", args=[case.pk])).content.decode()
    assert "Favours, from the options list" in page and FOLFOX in page
    assert "Also favours: Watch and wait" in page


def test_without_a_list_the_reviewer_names_options_in_free_text(
    personas: Personas, case: Case, client: Client
) -> None:
    client.force_login(personas.olivia)

    page = client.get(_findings_url(case)).content.decode()

    assert "No treatment-options list for this case yet" in page
    assert "Other options you favour" in page


def _fact(case: Case, document: object, field: str, words: str, status: str) -> FactProposal:
    start = REPORT.index(words)
    return FactProposal.objects.create(
        case=case,
        document=document,
        field=field,
        value=words,
        display=words,
        start=start,
        end=start + len(words),
        confidence=0.9,
        status=status,
        confirmed_value=words if status != "proposed" else "",
    )


def test_board_presentation_quotes_confirmed_facts_from_their_report(
    personas: Personas, case: Case, client: Client
) -> None:
    report = PathologyReportFactory(case=case, description="Outside surgical pathology")
    DocumentText.objects.create(document=report, method="text_layer", text=REPORT, sha256="0")
    _fact(case, report, "histology", "adenocarcinoma", "confirmed")
    _fact(case, report, "n", "pN1b", "edited")
    _fact(case, report, "grade", "moderately differentiated", "rejected")
    _fact(case, report, "margins", "resection", "proposed")

    excerpts = key_fact_excerpts(case=case)

    assert [(e.label, e.value) for e in excerpts] == [
        ("Histology", "adenocarcinoma"),
        ("N category", "pN1b"),
    ]
    assert "<mark>adenocarcinoma</mark>" in excerpts[0].excerpt
    assert excerpts[0].document == report

    team = gi_team(personas, clinician("rose", personas.pasadena, Specialty.RADIATION_ONCOLOGY))
    now = timezone.now()
    BoardPreparation.objects.create(case=case, team=team, opened_at=now, ready_at=now)
    session = session_for(team, personas.carmen)
    (item,) = board_services.board_agenda_build(actor=personas.carmen, session=session)
    client.force_login(personas.carmen)

    page = client.get(f"/staff/board/items/{item.pk}/").content.decode()

    assert "Key findings in the reports" in page
    assert "<mark>pN1b</mark>" in page
    assert "Outside surgical pathology" in page
