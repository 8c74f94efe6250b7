from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.tests.factories import UserFactory
from secondlook.audit.models import AuditEvent
from secondlook.cases.models import Task, TimelineEvent
from secondlook.core.errors import PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.supportive.choices import ReferralStatus
from secondlook.supportive.models import Referral
from secondlook.supportive.services import (
    ScreenAnswers,
    distress_screen_record,
    referral_claim,
    referral_update,
)


def test_high_score_creates_referrals_owned_by_the_sites_matching_clinician(
    personas: Personas,
) -> None:
    dietitian = UserFactory(
        role=Role.SUPPORTIVE_CARE, specialty=Specialty.NUTRITION, sites=[personas.pasadena]
    )

    screen = distress_screen_record(
        actor=personas.pat,
        case=personas.pat_case,
        answers=ScreenAnswers(score=6, problems=("eating", "housing")),
    )

    owners = {r.service: r.owner for r in screen.referrals.all()}
    assert owners == {"nutrition": dietitian, "social_work": personas.sam}
    assert all(r.due_at > screen.created_at for r in screen.referrals.all())
    assert AuditEvent.objects.filter(object_type="supportive.distressscreen").exists()


def test_low_score_without_flagged_problems_makes_no_referral(personas: Personas) -> None:
    screen = distress_screen_record(
        actor=personas.pat, case=personas.pat_case, answers=ScreenAnswers(score=2)
    )

    assert screen.referrals.count() == 0


@override_settings(SECONDLOOK_DISTRESS_THRESHOLD=7)
def test_program_can_raise_the_threshold(personas: Personas) -> None:
    screen = distress_screen_record(
        actor=personas.pat, case=personas.pat_case, answers=ScreenAnswers(5, ("worry",))
    )

    assert screen.threshold == 7 and screen.referrals.count() == 0


def test_self_harm_alerts_a_clinician_at_once(
    personas: Personas, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        screen = distress_screen_record(
            actor=personas.pat,
            case=personas.pat_case,
            answers=ScreenAnswers(score=3, problems=("self_harm",)),
        )

    assert screen.urgent
    referral = screen.referrals.get()
    assert referral.urgent and referral.owner == personas.sam
    task = Task.objects.get(case=personas.pat_case, title__startswith="URGENT")
    assert task.assignee == personas.sam and task.due_at <= referral.created_at
    assert TimelineEvent.objects.filter(
        case=personas.pat_case, summary__contains="clinician alerted"
    ).exists()
    alert = mail.outbox[-1]
    assert "URGENT" in alert.subject
    assert set(alert.to) == {personas.sam.email, personas.nina.email}
    assert "self-harm" not in alert.body  # no clinical detail by e-mail


def test_patient_sees_crisis_resources_right_after_an_urgent_answer(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.pat)

    page = client.post(
        reverse("supportive:patient_screen", args=[personas.pat_case.pk]),
        {"score": "9", "problems_emotional": ["self_harm", "sadness"]},
    ).content.decode()

    assert "988" in page and "Suicide &amp; Crisis Lifeline" in page
    assert "Psycho-oncology" in page


def test_score_out_of_range_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationFailed):
        distress_screen_record(
            actor=personas.pat, case=personas.pat_case, answers=ScreenAnswers(score=12)
        )


def test_another_patient_cannot_screen_on_pats_case(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        distress_screen_record(
            actor=personas.quinn, case=personas.pat_case, answers=ScreenAnswers(score=5)
        )


def test_navigator_at_another_site_cannot_screen(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        distress_screen_record(
            actor=personas.nate, case=personas.pat_case, answers=ScreenAnswers(score=5)
        )


def _referral(personas: Personas) -> Referral:
    screen = distress_screen_record(
        actor=personas.nina,
        case=personas.pat_case,
        answers=ScreenAnswers(score=7, problems=("spiritual",)),
    )
    return screen.referrals.get()


def test_only_the_owner_records_the_outcome(personas: Personas) -> None:
    referral = _referral(personas)
    assert referral.owner == personas.sam

    with pytest.raises(PermissionDenied):
        referral_update(
            actor=personas.nina, referral_id=referral.pk, status="completed", outcome="Seen"
        )
    updated = referral_update(
        actor=personas.sam,
        referral_id=referral.pk,
        status=ReferralStatus.COMPLETED,
        outcome="Chaplain visit arranged",
    )
    assert updated.closed_at is not None and not updated.is_open


def test_closing_a_referral_needs_its_outcome(personas: Personas) -> None:
    referral = _referral(personas)

    with pytest.raises(ValidationFailed):
        referral_update(actor=personas.sam, referral_id=referral.pk, status="completed", outcome="")


def test_unowned_referral_is_taken_by_a_supportive_clinician_at_the_site(
    personas: Personas,
) -> None:
    referral = _referral(personas)
    Referral.objects.filter(pk=referral.pk).update(owner=None)
    chicago_clinician = UserFactory(role=Role.SUPPORTIVE_CARE, sites=[personas.chicago])

    with pytest.raises(PermissionDenied):
        referral_claim(actor=chicago_clinician, referral_id=referral.pk)
    with pytest.raises(PermissionDenied):
        referral_claim(actor=personas.olivia, referral_id=referral.pk)
    assert referral_claim(actor=personas.sam, referral_id=referral.pk).owner == personas.sam


def test_worklist_shows_the_clinicians_referrals_and_is_closed_to_navigators(
    client: Client, personas: Personas
) -> None:
    _referral(personas)
    client.force_login(personas.sam)
    page = client.get(reverse("supportive:worklist")).content.decode()
    assert personas.pat_case.reference in page and "Chaplaincy" in page

    client.force_login(personas.nina)
    assert client.get(reverse("supportive:worklist")).status_code == 403


def test_staff_case_page_shows_the_screen_and_referrals(client: Client, personas: Personas) -> None:
    _referral(personas)
    client.force_login(personas.nina)

    page = client.get(reverse("cases:detail", args=[personas.pat_case.pk])).content.decode()

    assert "Supportive care" in page and "7/10" in page and "Chaplaincy" in page


def test_worklist_query_count_does_not_grow_with_referrals(
    client: Client, personas: Personas, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for _ in range(4):
        _referral(personas)
    client.force_login(personas.sam)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("supportive:worklist"))

    assert response.content.decode().count("Chaplaincy") == 4
