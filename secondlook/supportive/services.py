"""Writes for supportive care: a distress screen, the referrals it routes, their outcomes.

A screen and its referrals are written in one transaction with the timeline event and
the audit rows. An urgent answer (thoughts of self-harm) also opens a task due now and
e-mails through a retried job once the screen is committed. An urgent alert is never
dropped: it goes to the urgent referral's clinician and the case's navigator, else the
site's navigators, else the program admins; if the program has nobody, the unassigned
task is logged (no patient detail) and shown on the program dashboard.

When a follow-up check-in falls due, the navigator is prompted to repeat the screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import User
from secondlook.accounts.selectors import program_current
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus, EventKind, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.services import case_event_record
from secondlook.core.business_days import add_business_days
from secondlook.core.errors import NotFound, PermissionDenied, ValidationFailed
from secondlook.supportive import routing
from secondlook.supportive.choices import (
    CLOSED_REFERRAL_STATUSES,
    RESCREEN_TITLE,
    URGENT_ALERT_TITLE,
    Problem,
    ReferralStatus,
    ScreenMoment,
    ScreenSource,
    Service,
)
from secondlook.supportive.models import DistressScreen, Referral
from secondlook.supportive.permissions import can_record_screen, can_work_referral

logger = logging.getLogger(__name__)

REFERRAL_DUE_BUSINESS_DAYS = 2
# A screen taken this many days before a check-in falls due already counts as its repeat.
RESCREEN_WINDOW_DAYS = 14

SERVICE_SPECIALTY: dict[str, str] = {
    Service.NUTRITION: Specialty.NUTRITION,
    Service.PAIN_PALLIATIVE: Specialty.PAIN_PALLIATIVE,
    Service.PSYCHO_ONCOLOGY: Specialty.PSYCHO_ONCOLOGY,
    Service.SOCIAL_WORK: Specialty.SOCIAL_WORK,
    Service.CHAPLAINCY: Specialty.CHAPLAINCY,
    Service.FINANCIAL: Specialty.SOCIAL_WORK,
}

_FOLLOW_UP_STATUSES = frozenset(
    {CaseStatus.OPINION_DELIVERED, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED}
)


def distress_threshold() -> int:
    """The score at which distress needs a clinician (NCCN: 4); a program may set its own."""
    return int(getattr(settings, "SECONDLOOK_DISTRESS_THRESHOLD", routing.DEFAULT_THRESHOLD))


@dataclass(frozen=True)
class ScreenAnswers:
    score: int
    problems: tuple[str, ...] = ()
    other_problem: str = ""


def _owner_for(case: Case, service: str) -> User | None:
    """The site's clinician of that service, else any supportive clinician at the site."""
    clinicians = User.objects.filter(
        role=Role.SUPPORTIVE_CARE, sites=case.site_id, is_active=True
    ).order_by("id")
    return clinicians.filter(specialty=SERVICE_SPECIALTY[service]).first() or clinicians.first()


def _due(now: datetime, *, urgent: bool) -> datetime:
    if urgent:
        return now
    program = program_current()
    return add_business_days(
        timezone.localtime(now),
        REFERRAL_DUE_BUSINESS_DAYS,
        country=program.holiday_country if program else "US",
        subdivision=(program.holiday_subdivision or None) if program else None,
    )


def _valid_answers(answers: ScreenAnswers) -> tuple[int, tuple[str, ...]]:
    if not 0 <= answers.score <= 10:
        raise ValidationFailed("Choose a number from 0 (no distress) to 10 (extreme distress).")
    problems = tuple(dict.fromkeys(answers.problems))
    unknown = [problem for problem in problems if problem not in Problem.values]
    if unknown:
        raise ValidationFailed(f"Unknown problem: {', '.join(unknown)}.")
    return answers.score, problems


@transaction.atomic
def distress_screen_record(*, actor: User, case: Case, answers: ScreenAnswers) -> DistressScreen:
    """Record a screen and create the referrals it calls for, each with owner and due date."""
    if not can_record_screen(actor, case):
        raise PermissionDenied("You cannot record a distress screen on this case.")
    score, problems = _valid_answers(answers)
    threshold = distress_threshold()
    routed = routing.route(score=score, problems=problems, threshold=threshold)
    screen = DistressScreen.objects.create(
        case=case,
        score=score,
        problems=list(problems),
        other_problem=answers.other_problem.strip()[:300],
        moment=ScreenMoment.FOLLOW_UP
        if case.status in _FOLLOW_UP_STATUSES
        else ScreenMoment.INTAKE,
        source=ScreenSource.PORTAL if actor.role == Role.PATIENT else ScreenSource.NAVIGATOR,
        completed_by=actor,
        threshold=threshold,
        urgent=routed.urgent,
    )
    now = timezone.now()
    referrals = [
        Referral.objects.create(
            case=case,
            screen=screen,
            service=need.service,
            problems=list(need.problems),
            urgent=need.urgent,
            owner=_owner_for(case, need.service),
            due_at=_due(now, urgent=need.urgent),
        )
        for need in routed.needs
    ]
    # A NOTE: staff see it on the timeline; the patient's portal hides notes.
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"Distress screen recorded: score {score}, "
        f"{len(referrals)} supportive-care referral(s)",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=screen,
        case_reference=case.reference,
        purpose="distress screen",
    )
    if routed.urgent:
        _urgent_alert_open(case=case, screen=screen, now=now)
    if screen.moment == ScreenMoment.FOLLOW_UP:
        _rescreen_prompts_complete(case=case, actor=actor, now=now)
    return screen


def _urgent_contacts(case: Case, screen: DistressScreen) -> list[tuple[str, list[User]]]:
    """Who an urgent answer alerts, tier by tier, each tier named in the clinic's words.

    First the urgent referral's clinician and the case's navigator, who know the patient;
    then every navigator at the site; then the program admins, who cover every site.
    Only active accounts count: an alert to someone who has left reaches nobody.
    """
    owners = [
        referral.owner
        for referral in screen.referrals.filter(urgent=True).select_related("owner")
        if referral.owner is not None and referral.owner.is_active
    ]
    navigator = [case.navigator] if case.navigator is not None and case.navigator.is_active else []
    active = User.objects.filter(is_active=True).order_by("id")
    return [
        ("clinician" if owners else "case navigator", list(dict.fromkeys(owners + navigator))),
        ("navigator at the site", list(active.filter(role=Role.NAVIGATOR, sites=case.site_id))),
        ("program admin", list(active.filter(role=Role.PROGRAM_ADMIN))),
    ]


def _urgent_alert_open(*, case: Case, screen: DistressScreen, now: datetime) -> None:
    tier, people = next(
        ((tier, people) for tier, people in _urgent_contacts(case, screen) if people),
        ("", []),
    )
    Task.objects.create(
        case=case,
        kind=TaskKind.OTHER,
        title=URGENT_ALERT_TITLE,
        assignee=people[0] if people else None,
        due_at=now,
    )
    if people:
        summary = f"Urgent distress answer: {tier} alerted (self-harm)"
    else:
        # Case and screen ids only: the log is not a place for patient details.
        logger.warning(
            "Urgent distress alert on case %s (screen %s) has nobody to go to: no active "
            "clinician, navigator or program admin; shown on the program dashboard.",
            case.pk,
            screen.pk,
        )
        summary = "Urgent distress answer: NOBODY could be alerted; a program admin must act"
    case_event_record(case=case, actor=None, kind=EventKind.NOTE, summary=summary)
    from secondlook.supportive.tasks import alert_urgent_distress

    screen_id = screen.pk
    transaction.on_commit(lambda: alert_urgent_distress(screen_id), robust=True)


def urgent_alert_send(*, screen_id: int) -> None:
    """E-mail the first tier of contacts that has an address; the message names the case,
    never the answer (e-mail is not a secure channel), and asks them to open SecondLook."""
    screen = DistressScreen.objects.select_related("case", "case__navigator").get(pk=screen_id)
    case = screen.case
    recipients = next(
        (
            sorted({person.email for person in people if person.email})
            for _, people in _urgent_contacts(case, screen)
            if any(person.email for person in people)
        ),
        [],
    )
    if not recipients:
        logger.warning(
            "Urgent distress alert on case %s (screen %s): nobody has an e-mail address; "
            "the task on the case is the only alert.",
            case.pk,
            screen.pk,
        )
        return
    link = f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{reverse('cases:detail', args=[case.pk])}"
    send_mail(
        subject=f"URGENT supportive-care alert on case {case.reference}",
        message=(
            f"A patient answer on case {case.reference} needs a clinician today.\n\n"
            f"Open the case now: {link}\n\nThe details are in SecondLook, not in this e-mail."
        ),
        from_email=None,
        recipient_list=recipients,
    )


def _rescreen_prompts_complete(*, case: Case, actor: User, now: datetime) -> None:
    """A screen taken at follow-up answers the prompt to repeat it."""
    Task.objects.filter(
        case=case,
        kind=TaskKind.FOLLOW_UP,
        title__startswith=RESCREEN_TITLE,
        completed_at__isnull=True,
    ).update(completed_at=now, completed_by=actor, updated_at=now)


@transaction.atomic
def rescreen_prompts_open(*, today: date | None = None) -> int:
    """The daily job: when a follow-up check-in falls due, prompt the case's navigator to
    repeat the distress screen (NCCN screens again at follow-up, not only at intake).

    One prompt per case for its latest check-in due, none if that check-in already has
    one or if the patient was screened in the RESCREEN_WINDOW_DAYS before it fell due.
    """
    from secondlook.followup.models import CheckIn

    today = today or timezone.localdate()
    latest_due: dict[int, CheckIn] = {}
    for check_in in (
        CheckIn.objects.filter(due_on__lte=today, case__status=CaseStatus.FOLLOW_UP)
        .select_related("case", "case__navigator")
        .order_by("case_id", "due_on")
    ):
        latest_due[check_in.case_id] = check_in
    prompted = set(
        Task.objects.filter(
            case_id__in=list(latest_due), kind=TaskKind.FOLLOW_UP, title__startswith=RESCREEN_TITLE
        ).values_list("case_id", "title")
    )
    zone = timezone.get_current_timezone()
    count = 0
    for case_id, check_in in latest_due.items():
        title = f"{RESCREEN_TITLE} (day-{check_in.day} check-in)"
        window_opens = datetime.combine(
            check_in.due_on - timedelta(days=RESCREEN_WINDOW_DAYS), time.min, zone
        )
        if (case_id, title) in prompted or DistressScreen.objects.filter(
            case_id=case_id, created_at__gte=window_opens
        ).exists():
            continue
        Task.objects.create(
            case=check_in.case,
            kind=TaskKind.FOLLOW_UP,
            title=title,
            assignee=check_in.case.navigator,
            due_at=datetime.combine(check_in.due_on, time(17), zone),
        )
        case_event_record(
            case=check_in.case,
            actor=None,
            kind=EventKind.NOTE,
            summary=f"Day-{check_in.day} follow-up: repeat distress screen due",
        )
        count += 1
    return count


def _referral_for_update(actor: User, referral_id: int) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .select_related("case", "case__patient")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise NotFound("No such referral.")
    return referral


@transaction.atomic
def referral_claim(*, actor: User, referral_id: int) -> Referral:
    """A supportive clinician at the site takes an unowned referral."""
    referral = _referral_for_update(actor, referral_id)
    if actor.role != Role.SUPPORTIVE_CARE or not can_work_referral(actor, referral):
        raise PermissionDenied("Only a supportive-care clinician at the site may take it.")
    if referral.owner_id is not None and referral.owner_id != actor.pk:
        raise PermissionDenied("Someone else already owns this referral.")
    referral.owner = actor
    referral.save(update_fields=["owner", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=referral,
        case_reference=referral.case.reference,
        purpose="supportive referral taken",
    )
    return referral


@transaction.atomic
def referral_update(*, actor: User, referral_id: int, status: str, outcome: str) -> Referral:
    """The owner records what happened; closing a referral needs its outcome."""
    referral = _referral_for_update(actor, referral_id)
    if referral.owner_id != actor.pk and actor.role != Role.PROGRAM_ADMIN:
        raise PermissionDenied("Only the referral's owner records its outcome.")
    if not can_work_referral(actor, referral):
        raise PermissionDenied("You cannot work on this referral.")
    if status not in ReferralStatus.values:
        raise ValidationFailed("Choose the referral's status.")
    outcome = outcome.strip()
    if status in CLOSED_REFERRAL_STATUSES and not outcome:
        raise ValidationFailed("Write the outcome before closing the referral.")
    referral.status = status
    referral.outcome = outcome
    referral.closed_at = timezone.now() if status in CLOSED_REFERRAL_STATUSES else None
    referral.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    case_event_record(
        case=referral.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"{referral.get_service_display()} referral: {referral.get_status_display()}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=referral,
        case_reference=referral.case.reference,
        purpose="supportive referral outcome",
    )
    return referral
