"""Who may download the signed opinion PDF, when, and that every download is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.services import case_close, case_opinion_deliver
from secondlook.core.errors import NotFound
from secondlook.core.testing import Personas, put_on_case
from secondlook.review import selectors
from secondlook.review.tests.helpers import draft, signed


def _patient_url(case: Case) -> str:
    return reverse("review:patient_opinion_pdf", args=[case.pk])


def test_patient_cannot_download_a_signed_opinion_before_it_is_delivered(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    client.force_login(personas.pat)

    assert client.get(_patient_url(case)).status_code == 404
    with pytest.raises(NotFound):
        selectors.opinion_pdf_for(user=personas.pat, case=case)


def test_patient_downloads_the_opinion_once_the_navigator_delivered_it(
    personas: Personas, case: Case, client: Client
) -> None:
    opinion = signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)
    client.force_login(personas.pat)

    response = client.get(_patient_url(case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"second-opinion-{case.reference}-v1.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, actor=personas.pat, object_id=str(opinion.pk)
    ).exists()


def test_patient_still_reads_the_opinion_in_follow_up_and_after_closing(
    personas: Personas, case: Case
) -> None:
    signed(personas, case)
    case = case_opinion_deliver(actor=personas.nina, case=case)
    assert case.status == CaseStatus.FOLLOW_UP  # delivery started follow-up by itself
    assert selectors.opinion_pdf_for(user=personas.pat, case=case)[0].startswith(b"%PDF")

    case = case_close(actor=personas.nina, case=case)

    assert case.status == CaseStatus.CLOSED
    assert selectors.opinion_pdf_for(user=personas.pat, case=case)[0].startswith(b"%PDF")


def test_another_patient_never_gets_pats_opinion(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)
    client.force_login(personas.quinn)

    assert client.get(_patient_url(case)).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=personas.quinn).exists()


def test_staff_download_the_signed_opinion_before_delivery_and_it_is_audited_with_why(
    personas: Personas, case: Case, client: Client
) -> None:
    opinion = signed(personas, case)
    client.force_login(personas.nina)

    response = client.get(reverse("review:opinion_pdf", args=[case.pk]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    audit = AuditEvent.objects.get(action=AuditAction.DOWNLOAD, actor=personas.nina)
    assert audit.object_id == str(opinion.pk)
    assert audit.case_reference == case.reference
    assert audit.purpose == "owning navigator"


def test_staff_of_the_other_site_get_404_and_the_attempt_is_audited(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    client.force_login(personas.nate)

    assert client.get(reverse("review:opinion_pdf", args=[case.pk])).status_code == 404
    assert client.get(reverse("review:opinion_version_pdf", args=[case.pk, 1])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, actor=personas.nate).exists()


def test_staff_get_404_while_no_version_is_signed(
    personas: Personas, case: Case, client: Client
) -> None:
    draft(personas, case)
    client.force_login(personas.olivia)

    assert client.get(reverse("review:opinion_pdf", args=[case.pk])).status_code == 404
    assert client.get(reverse("review:opinion_version_pdf", args=[case.pk, 1])).status_code == 404


def test_staff_can_still_download_a_superseded_version(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    draft(personas, case, diagnosis="Stage IIIC.", correction_reason="Stage misread.")
    put_on_case(case, personas.paul)
    client.force_login(personas.paul)

    response = client.get(reverse("review:opinion_version_pdf", args=[case.pk, 1]))

    assert response.status_code == 200
    assert "v1.pdf" in response["Content-Disposition"]


def test_patients_cannot_use_the_staff_download_and_staff_not_the_patients(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)

    client.force_login(personas.pat)
    assert client.get(reverse("review:opinion_pdf", args=[case.pk])).status_code == 404
    assert client.get(reverse("review:opinion_version_pdf", args=[case.pk, 1])).status_code == 404
    client.force_login(personas.nina)
    assert client.get(_patient_url(case)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(case: Case, client: Client) -> None:
    response = client.get(_patient_url(case))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
