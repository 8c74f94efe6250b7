"""Typing the outside diagnosis from the referral: who may, what is refused, what it does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.accounts.models import User
from secondlook.audit.models import AuditEvent
from secondlook.core.errors import ValidationFailed
from secondlook.core.testing import Personas
from secondlook.oncology import services
from secondlook.oncology.models import Diagnosis

BREAST = {
    "cancer_type_code": "IDC",
    "histology_name": "Invasive ductal carcinoma",
    "laterality": "left",
    "grade": "2",
    "tumor_size_mm": "24",
    "nodes_examined": "3",
    "nodes_positive": "1",
    "t": "pT2",
    "n": "pN1a",
    "m": "cM0",
    "ajcc_edition": "8",
}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(personas: Personas) -> str:
    return reverse("oncology:outside", args=[personas.pat_case.pk])


def test_navigator_types_the_referral_and_the_stage_is_computed(personas: Personas) -> None:
    client = _client(personas.nina)
    case_page = client.get(reverse("cases:detail", args=[personas.pat_case.pk])).content.decode()
    assert _url(personas) in case_page

    response = client.post(_url(personas), BREAST)

    assert response.status_code == 302
    outside = Diagnosis.objects.get(case=personas.pat_case, kind="outside")
    assert (outside.status, outside.t, outside.n, outside.nodes_positive) == (
        "entered", "pT2", "pN1a", 1,
    )  # fmt: skip
    assert outside.cancer_type_name == "Breast Invasive Ductal Carcinoma"
    assert outside.primary_site_name == ""
    assert outside.stage_group.startswith("II"), outside.stage_note
    assert personas.pat_case.events.filter(summary="Outside diagnosis entered").exists()
    assert AuditEvent.objects.filter(
        actor=personas.nina, object_type="oncology.diagnosis", purpose="outside diagnosis entered"
    ).exists()


def test_the_form_starts_from_what_is_recorded(personas: Personas) -> None:
    services.outside_diagnosis_enter(
        actor=personas.paul, case=personas.pat_case, values={"cancer_type_code": "ILC", "t": "pT3"}
    )
    html = _client(personas.nina).get(_url(personas)).content.decode()
    assert 'value="pT3"' in html
    assert '<option value="ILC" selected>' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("t", "T5", "is not a TNM category"),
        ("n", "N-one", "is not a TNM category"),
        ("nodes_positive", "7", "cannot be more than the 3 examined"),
    ],
)
def test_typos_are_refused_with_the_reason_and_nothing_is_saved(
    personas: Personas, field: str, value: str, message: str
) -> None:
    response = _client(personas.nina).post(_url(personas), {**BREAST, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Invasive ductal carcinoma"' in response.content.decode()
    assert not Diagnosis.objects.filter(case=personas.pat_case).exists()


def test_the_service_refuses_an_unknown_cancer_type_and_a_huge_tumor(personas: Personas) -> None:
    with pytest.raises(ValidationFailed, match="not a cancer type"):
        services.outside_diagnosis_enter(
            actor=personas.nina, case=personas.pat_case, values={"cancer_type_code": "NOPE"}
        )
    with pytest.raises(ValidationFailed, match="between 0 and 2000"):
        services.outside_diagnosis_enter(
            actor=personas.nina, case=personas.pat_case, values={"tumor_size_mm": 4500}
        )


def test_who_may_enter_it(personas: Personas) -> None:
    assert _client(personas.rita).get(_url(personas)).status_code == 403
    assert _client(personas.sam).post(_url(personas), BREAST).status_code == 403
    assert _client(personas.nate).get(_url(personas)).status_code == 404
    assert _client(personas.pat).get(_url(personas)).status_code in (403, 404)
    assert _client(personas.olivia).get(_url(personas)).status_code == 200
    assert not Diagnosis.objects.filter(case=personas.pat_case).exists()


def test_a_nasopharynx_primary_is_staged_by_the_nasopharynx_table(personas: Personas) -> None:
    outside = services.outside_diagnosis_enter(
        actor=personas.nina,
        case=personas.pat_case,
        values={
            "cancer_type_code": "HNSC",
            "primary_site_name": "Nasopharynx",
            "t": "cT1",
            "n": "cN1",
            "m": "cM0",
        },
    )
    assert outside.stage_group == "II"
