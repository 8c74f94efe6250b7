"""The patient's voice: goals from the portal reach every reviewer; follow-up questions
after delivery are limited and answered by signed, immutable addenda."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.core.errors import Conflict, NotFound, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import voice_services
from secondlook.review.models import Addendum, FollowUpQuestion
from secondlook.review.services import PasswordNotAccepted
from secondlook.review.tests.helpers import signed

pytestmark = pytest.mark.django_db


def test_patient_writes_goals_in_the_portal_and_the_reviewer_reads_them(
    personas: Personas, case: Case, client: Client
) -> None:
    client.force_login(personas.pat)
    portal = client.get(f"/portal/cases/{case.pk}/")
    assert b"What matters to you" in portal.content
    response = client.post(
        f"/portal/cases/{case.pk}/goals/",
        {"what_matters": "I want a say in whether I need radiation.", "work": "I teach."},
    )
    assert response.status_code == 302

    client.force_login(personas.olivia)
    page = client.get(f"/staff/cases/{case.pk}/review/findings/").content.decode()
    assert "I want a say in whether I need radiation." in page
    assert "Patient, in the portal" in page


def test_another_patient_cannot_write_goals_on_a_case_not_theirs(
    personas: Personas, case: Case
) -> None:
    with pytest.raises(NotFound):
        voice_services.patient_voice_save(actor=personas.quinn, case=case, what_matters="x")


def test_navigator_adds_the_view_of_options_without_erasing_the_patients_words(
    personas: Personas, case: Case
) -> None:
    voice_services.patient_voice_save(actor=personas.pat, case=case, what_matters="Stay home.")
    voice = voice_services.patient_voice_save(
        actor=personas.nina, case=case, view_of_options="Prefers the shorter radiation course."
    )
    assert voice.what_matters == "Stay home."
    assert voice.view_of_options == "Prefers the shorter radiation course."


def _delivered(personas: Personas, case: Case) -> Case:
    signed(personas, case)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.OPINION_DELIVERED, opinion_delivered_at=timezone.now()
    )
    return Case.objects.get(pk=case.pk)


def test_three_follow_up_questions_per_opinion_by_default(personas: Personas, case: Case) -> None:
    case = _delivered(personas, case)
    for number in range(3):
        voice_services.follow_up_question_ask(actor=personas.pat, case=case, question=f"Q{number}?")
    assert voice_services.follow_up_questions_left(case=case) == 0
    with pytest.raises(ValidationFailed, match="3 follow-up questions"):
        voice_services.follow_up_question_ask(actor=personas.pat, case=case, question="One more?")


def test_the_follow_up_limit_is_configurable(
    personas: Personas, case: Case, settings: Settings
) -> None:
    settings.SECONDLOOK_FOLLOW_UP_QUESTIONS = 1
    case = _delivered(personas, case)
    voice_services.follow_up_question_ask(actor=personas.pat, case=case, question="Why?")
    with pytest.raises(ValidationFailed):
        voice_services.follow_up_question_ask(actor=personas.pat, case=case, question="And?")


def test_no_follow_up_question_before_the_opinion_is_delivered(
    personas: Personas, case: Case
) -> None:
    with pytest.raises(ValidationFailed, match="once your opinion is delivered"):
        voice_services.follow_up_question_ask(actor=personas.pat, case=case, question="Why?")


def test_attending_answers_with_a_signed_addendum_the_patient_reads(
    personas: Personas, case: Case, client: Client
) -> None:
    case = _delivered(personas, case)
    question = voice_services.follow_up_question_ask(
        actor=personas.pat, case=case, question="Can I wait until after my daughter's wedding?"
    )
    with pytest.raises(PasswordNotAccepted):
        voice_services.addendum_sign(
            actor=personas.olivia, question=question, answer="Yes.", password="wrong"
        )
    assert AuditEvent.objects.filter(purpose="addendum signature: password not accepted").exists()

    client.force_login(personas.olivia)
    response = client.post(
        f"/staff/cases/{case.pk}/opinion/questions/{question.pk}/answer/",
        {"answer": "Yes: a four-week wait does not change the outcome.", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    addendum = Addendum.objects.get(question=question)
    assert addendum.content_sha256 and addendum.signed_by == personas.olivia

    client.force_login(personas.pat)
    portal = client.get(f"/portal/cases/{case.pk}/").content.decode()
    assert "a four-week wait does not change the outcome." in portal
    assert "You can ask 2 more questions" in portal


def test_a_signed_addendum_never_changes(personas: Personas, case: Case) -> None:
    case = _delivered(personas, case)
    question = voice_services.follow_up_question_ask(actor=personas.pat, case=case, question="Q?")
    addendum = voice_services.addendum_sign(
        actor=personas.olivia, question=question, answer="A.", password=TEST_PASSWORD
    )
    addendum.answer = "Changed."
    with pytest.raises(Conflict):
        addendum.save()
    with pytest.raises(Conflict, match="already has a signed answer"):
        voice_services.addendum_sign(
            actor=personas.olivia, question=question, answer="Again.", password=TEST_PASSWORD
        )
    assert FollowUpQuestion.objects.get(pk=question.pk).addendum.answer == "A."


def test_only_the_attending_answers(personas: Personas, case: Case, client: Client) -> None:
    case = _delivered(personas, case)
    question = voice_services.follow_up_question_ask(actor=personas.pat, case=case, question="Q?")
    client.force_login(personas.carmen)
    url = f"/staff/cases/{case.pk}/opinion/questions/{question.pk}/answer/"
    assert client.get(url).status_code == 404
