"""Reads for supportive care, scoped by the user; staff reads of a case's screens are audited."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Site, User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.models import Case, Task
from secondlook.cases.selectors import cases_visible_to
from secondlook.supportive.choices import CLOSED_REFERRAL_STATUSES, URGENT_ALERT_TITLE
from secondlook.supportive.models import DistressScreen, Referral


def screens_of(*, case: Case) -> QuerySet[DistressScreen]:
    return case.distress_screens.select_related("completed_by").order_by("-created_at", "-id")


def referrals_of(*, case: Case) -> QuerySet[Referral]:
    return case.supportive_referrals.select_related("owner").order_by("due_at", "id")


def supportive_record_for(*, user: User, case: Case) -> tuple[list[DistressScreen], list[Referral]]:
    """Screens and referrals of one case for staff who can see it; the read is audited."""
    screens = list(screens_of(case=case))
    referrals = list(referrals_of(case=case))
    if screens or referrals:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="supportive.distressscreen",
            case_reference=case.reference,
            purpose="supportive-care record",
        )
    return screens, referrals


def referral_worklist(*, user: User) -> QuerySet[Referral]:
    """Open referrals at the user's sites: their own and the unowned ones, most urgent first.

    Program admins see every open referral, to cover for an absent clinician.
    """
    open_referrals = Referral.objects.filter(case__in=cases_visible_to(user=user)).exclude(
        status__in=CLOSED_REFERRAL_STATUSES
    )
    if user.role != Role.PROGRAM_ADMIN:
        open_referrals = open_referrals.filter(Q(owner=user) | Q(owner__isnull=True))
    return open_referrals.select_related("case", "case__patient", "case__site", "owner").order_by(
        "-urgent", "due_at", "id"
    )


def referral_get_for(*, user: User, referral_id: int) -> Referral | None:
    referral = (
        Referral.objects.filter(pk=referral_id, case__in=cases_visible_to(user=user))
        .select_related("case", "owner")
        .first()
    )
    if referral is not None:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=referral,
            case_reference=referral.case.reference,
            purpose="supportive referral",
        )
    return referral


def urgent_alerts_unassigned(*, user: User, site: Site | None) -> QuerySet[Task]:
    """Open urgent-distress alerts nobody could be given (no active clinician, navigator or
    program admin when the answer came in), whatever the period: they need an owner now."""
    alerts = Task.objects.filter(
        case__in=cases_visible_to(user=user),
        title=URGENT_ALERT_TITLE,
        assignee__isnull=True,
        completed_at__isnull=True,
    )
    if site is not None:
        alerts = alerts.filter(case__site=site)
    return alerts.select_related("case").order_by("due_at", "id")
