from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import OpinionVersionFactory
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.portal.education import all_articles
from secondlook.portal.models import Message, SurveyResponse
from secondlook.portal.services import SurveyAnswers, message_send, survey_submit
from secondlook.review.readability import TARGET_GRADE, measure


def _spanish(client: Client) -> None:
    client.cookies["django_language"] = "es"


def test_case_page_renders_in_spanish_when_the_patient_chooses_it(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)
    url = reverse("portal:case", args=[personas.pat_case.pk])
    response = client.post(reverse("portal:set_language"), {"language": "es", "next": url})
    assert response.status_code == 302

    page = client.get(url).content.decode()

    assert '<html lang="es">' in page
    assert "Cómo va su caso" in page and "Estamos reuniendo sus expedientes médicos." in page
    assert "Where things stand" not in page


def test_patient_who_prefers_spanish_gets_spanish_without_choosing(
    client: Client, personas: Personas
) -> None:
    personas.pat_case.patient.preferred_language = "es"
    personas.pat_case.patient.save()
    client.force_login(personas.pat)

    page = client.get(reverse("portal:home")).content.decode()

    assert "Sus segundas opiniones" in page


def test_distress_screen_is_in_spanish_too(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)
    _spanish(client)

    page = client.get(
        reverse("supportive:patient_screen", args=[personas.pat_case.pk])
    ).content.decode()

    assert "¿Cómo se siente?" in page and "Pensamientos de hacerme daño" in page


@pytest.mark.parametrize("article", all_articles(), ids=lambda a: a.slug)
def test_every_education_article_reads_at_grade_8_or_below(article: Any) -> None:
    assert measure(article.plain_text, "en").grade <= TARGET_GRADE


def test_brief_topics_are_all_covered() -> None:
    slugs = {article.slug for article in all_articles()}
    assert {
        "is-my-diagnosis-accurate",
        "six-reasons-for-a-second-opinion",
        "breast-cancer-second-opinion",
        "lung-cancer-second-opinion",
        "five-steps-after-a-diagnosis",
        "questions-to-ask-your-doctor",
    } <= slugs


def test_education_is_tailored_to_the_cancer_type(client: Client, personas: Personas) -> None:
    Case.objects.filter(pk=personas.pat_case.pk).update(
        cancer_type_code="LUAD", cancer_type_name="Lung Adenocarcinoma"
    )
    client.force_login(personas.pat)

    page = client.get(reverse("portal:education", args=[personas.pat_case.pk])).content.decode()

    assert "A second opinion for lung cancer" in page
    assert "A second opinion for breast cancer" not in page
    article = client.get(
        reverse("portal:article", args=[personas.pat_case.pk, "lung-cancer-second-opinion"])
    ).content.decode()
    assert "PD-L1" in article


def test_questions_are_generated_from_the_case_then_editable(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)
    url = reverse("portal:questions", args=[personas.pat_case.pk])

    page = client.get(url).content.decode()
    assert "Are you sure my cancer is Colon Adenocarcinoma?" in page

    client.post(url, {"text": "Can I keep working?\n\n  Who pays for the scan?  "})
    printable = client.get(
        reverse("portal:questions_print", args=[personas.pat_case.pk])
    ).content.decode()
    assert "Can I keep working?" in printable and "Who pays for the scan?" in printable
    assert "Are you sure my cancer is" not in printable

    client.post(url, {"action": "reset"})
    assert "Are you sure my cancer is" in client.get(url).content.decode()


def test_another_patient_cannot_open_pats_questions(client: Client, personas: Personas) -> None:
    client.force_login(personas.quinn)
    url = reverse("portal:questions", args=[personas.pat_case.pk])
    assert client.get(url).status_code == 404


def test_patient_writes_to_the_navigator_who_sees_it_unread_on_the_case_page(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)
    client.post(
        reverse("portal:messages", args=[personas.pat_case.pk]), {"body": "Is my scan booked?"}
    )
    client.force_login(personas.nina)

    page = client.get(reverse("cases:detail", args=[personas.pat_case.pk])).content.decode()

    assert "Is my scan booked?" in page and "1 unread" in page
    assert AuditEvent.objects.filter(object_type="portal.message", actor=personas.nina).exists()


def test_navigator_reply_reaches_the_patient_by_a_content_free_email(
    client: Client,
    personas: Personas,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(personas.nina)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:staff_reply", args=[personas.pat_case.pk]),
            {"body": "Yes, Tuesday at 9."},
        )
    assert mail.outbox[-1].to == [personas.pat_case.patient.email]
    assert "Tuesday" not in mail.outbox[-1].body

    client.force_login(personas.pat)
    page = client.get(reverse("portal:messages", args=[personas.pat_case.pk])).content.decode()
    assert "Yes, Tuesday at 9." in page
    assert Message.objects.get().read_at is not None


def test_others_cannot_write_in_pats_thread(personas: Personas) -> None:
    for outsider in (personas.quinn, personas.nate, personas.olivia):
        with pytest.raises(PermissionDenied):
            message_send(actor=outsider, case=personas.pat_case, body="Hello")
    with pytest.raises(ValidationFailed):
        message_send(actor=personas.pat, case=personas.pat_case, body="   ")


def _delivered(personas: Personas) -> Case:
    OpinionVersionFactory(case=personas.pat_case, author=personas.olivia, signed=True)
    Case.objects.filter(pk=personas.pat_case.pk).update(
        status=CaseStatus.OPINION_DELIVERED,
        reviewer=personas.olivia,
        opinion_delivered_at=timezone.now(),
    )
    return Case.objects.get(pk=personas.pat_case.pk)


def test_survey_waits_for_the_opinion(personas: Personas) -> None:
    with pytest.raises(ValidationFailed):
        survey_submit(
            actor=personas.pat, case=personas.pat_case, answers=SurveyAnswers("definitely_yes")
        )


def test_survey_is_answered_once_per_opinion(client: Client, personas: Personas) -> None:
    case = _delivered(personas)
    client.force_login(personas.pat)
    url = reverse("portal:survey", args=[case.pk])
    assert (
        "Tell us how we did" in client.get(reverse("portal:case", args=[case.pk])).content.decode()
    )

    client.post(url, {"recommend": "definitely_yes", "felt_heard": "always"})

    response = SurveyResponse.objects.get(case=case)
    assert response.recommend == "definitely_yes" and response.felt_heard == "always"
    with pytest.raises(Conflict):
        survey_submit(actor=personas.pat, case=case, answers=SurveyAnswers("probably_no"))
    assert "you answer it once" in client.get(url).content.decode()


def test_only_the_patient_answers_the_survey(personas: Personas) -> None:
    case = _delivered(personas)
    with pytest.raises(PermissionDenied):
        survey_submit(actor=personas.nina, case=case, answers=SurveyAnswers("definitely_yes"))
