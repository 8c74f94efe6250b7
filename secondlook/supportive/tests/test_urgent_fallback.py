"""An urgent answer is never dropped: who it reaches when the usual people are missing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.accounts.tests.factories import UserFactory
from secondlook.analytics.selectors import Period, program_dashboard
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case, Task, TimelineEvent
from secondlook.core.testing import Personas
from secondlook.supportive.choices import URGENT_ALERT_TITLE
from secondlook.supportive.models import DistressScreen
from secondlook.supportive.services import ScreenAnswers, distress_screen_record

LONG_AGO = Period(since=date(2000, 1, 1), until=date(2000, 1, 31))


def _without(*people: User) -> None:
    """They have left the program: their accounts are deactivated."""
    User.objects.filter(pk__in=[person.pk for person in people]).update(is_active=False)


def _urgent_screen(
    personas: Personas, capture: Callable[..., Any], *, untaken: bool = False
) -> DistressScreen:
    if untaken:
        # Only a request no navigator has taken yet is without one.
        Case.objects.filter(pk=personas.pat_case.pk).update(
            navigator=None, status=CaseStatus.REQUESTED
        )
    case = Case.objects.get(pk=personas.pat_case.pk)
    with capture(execute=True):
        return distress_screen_record(
            actor=personas.pat, case=case, answers=ScreenAnswers(score=8, problems=("self_harm",))
        )


def _alert(personas: Personas) -> Task:
    return Task.objects.get(case=personas.pat_case, title=URGENT_ALERT_TITLE)


def test_without_a_supportive_clinician_the_cases_navigator_gets_the_alert(
    personas: Personas, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _without(personas.sam)  # the urgent referral has no owner

    _urgent_screen(personas, django_capture_on_commit_callbacks)

    assert _alert(personas).assignee == personas.nina
    assert mail.outbox[-1].to == [personas.nina.email]
    assert TimelineEvent.objects.filter(
        case=personas.pat_case, summary__contains="case navigator alerted"
    ).exists()


def test_with_no_clinician_and_no_navigator_on_the_case_the_sites_navigators_get_it(
    personas: Personas, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _without(personas.sam)
    second = UserFactory(role=Role.NAVIGATOR, sites=[personas.pasadena])

    _urgent_screen(personas, django_capture_on_commit_callbacks, untaken=True)

    assert _alert(personas).assignee == personas.nina
    assert set(mail.outbox[-1].to) == {personas.nina.email, second.email}
    assert personas.nate.email not in mail.outbox[-1].to  # Chicago's navigator is not asked
    assert TimelineEvent.objects.filter(
        case=personas.pat_case, summary__contains="navigator at the site alerted"
    ).exists()


def test_with_nobody_at_the_site_the_program_admins_get_it(
    personas: Personas, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _without(personas.sam, personas.nina)

    _urgent_screen(personas, django_capture_on_commit_callbacks)

    assert _alert(personas).assignee == personas.ada
    assert mail.outbox[-1].to == [personas.ada.email]
    assert "self-harm" not in mail.outbox[-1].body


def test_an_alert_nobody_can_take_is_logged_without_phi_and_shown_on_the_dashboard(
    client: Client,
    personas: Personas,
    django_capture_on_commit_callbacks: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _without(personas.sam, personas.nina, personas.ada)

    with caplog.at_level(logging.WARNING, logger="secondlook.supportive.services"):
        screen = _urgent_screen(personas, django_capture_on_commit_callbacks)

    alert = _alert(personas)
    assert alert.assignee is None and alert.is_open  # the alert is kept, not dropped
    assert mail.outbox == []
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert f"case {personas.pat_case.pk}" in logged and f"screen {screen.pk}" in logged
    for detail in ("Pat", "Synthetic", personas.pat_case.reference, "self-harm", "score"):
        assert detail not in logged
    assert TimelineEvent.objects.filter(
        case=personas.pat_case, summary__contains="NOBODY could be alerted"
    ).exists()

    covering = UserFactory(role=Role.PROGRAM_ADMIN)
    # The alert shows whatever the period: one long before the case was requested.
    d = program_dashboard(user=covering, site=None, period=LONG_AGO)
    assert d.unreached_alerts == [alert]
    at_chicago = program_dashboard(user=covering, site=personas.chicago, period=LONG_AGO)
    assert at_chicago.unreached_alerts == []
    client.force_login(covering)
    page = client.get(reverse("analytics:dashboard")).content.decode()
    assert "Urgent distress alerts nobody could be given" in page
    assert personas.pat_case.reference in page

    alert.assignee = personas.sam
    alert.save()
    assert program_dashboard(user=covering, site=None, period=LONG_AGO).unreached_alerts == []
