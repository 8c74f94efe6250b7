"""Reads on cases, always scoped to what the user may see; case reads are audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Program, User
from secondlook.accounts.selectors import program_current
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import TERMINAL_STATUSES, CaseStatus
from secondlook.cases.models import Case, Task, TimelineEvent
from secondlook.cases.permissions import READ_FOR, access_purpose, case_access_filter
from secondlook.cases.sla import risk_of
from secondlook.core.errors import NotFound


@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    site_id: int | None = None
    mine: bool = False
    query: str = ""
    open_only: bool = False


def cases_visible_to(*, user: User) -> QuerySet[Case]:
    """The deny-by-default base of every case query: the rule of cases.permissions, which
    `case_get_for` applies to one case, so a list never shows a case its page refuses."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    return Case.objects.filter(case_access_filter(user))


def case_list_for(*, user: User, filters: CaseFilter | None = None) -> QuerySet[Case]:
    filters = filters or CaseFilter()
    cases = cases_visible_to(user=user).select_related("patient", "site", "navigator", "reviewer")
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.open_only:
        cases = cases.exclude(status__in=TERMINAL_STATUSES)
    if filters.site_id:
        cases = cases.filter(site_id=filters.site_id)
    if filters.mine:
        cases = cases.filter(Q(navigator=user) | Q(reviewer=user))
    if filters.query:
        q = filters.query.strip()
        cases = cases.filter(
            Q(reference__iexact=q)
            | Q(patient__last_name__istartswith=q)
            | Q(patient__first_name__istartswith=q)
        )
    return cases.order_by("-requested_at", "-id")


# Most urgent deadline first; cases with no running clock (opinion delivered, follow-up)
# last. Without nulls_last SQLite puts them first and PostgreSQL last.
_BY_RISK = (F("sla_due_at").asc(nulls_last=True), "requested_at", "id")


def _with_open_tasks(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case's open tasks as `case.open_tasks`, in one query per page of cases."""
    open_tasks = (
        Task.objects.filter(completed_at__isnull=True)
        .select_related("assignee")
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )
    return cases.prefetch_related(Prefetch("tasks", queryset=open_tasks, to_attr="open_tasks"))


def navigator_worklist(*, user: User) -> QuerySet[Case]:
    """The navigator's cases and the unowned requests at their sites, most at risk first."""
    open_cases = cases_visible_to(user=user).exclude(status__in=TERMINAL_STATUSES)
    mine_or_unowned = open_cases.filter(
        Q(navigator=user) | Q(status=CaseStatus.REQUESTED, navigator__isnull=True)
    )
    return _with_open_tasks(
        mine_or_unowned.select_related("patient", "site", "reviewer").order_by(*_BY_RISK)
    )


def reviewer_worklist(*, user: User) -> QuerySet[Case]:
    return _with_open_tasks(
        cases_visible_to(user=user)
        .filter(reviewer=user)
        .exclude(status__in=TERMINAL_STATUSES)
        .select_related("patient", "site", "navigator")
        .order_by(*_BY_RISK)
    )


def with_risk(cases: list[Case], program: Program | None = None) -> list[Case]:
    """Annotate each case with its SLA risk badge (overdue / at_risk / on_track / none).

    A page that already holds the program passes it, so it is read once per request."""
    if program is None:
        program = program_current()
    hours = program.at_risk_hours if program else 24
    now = timezone.now()
    for case in cases:
        case.risk = risk_of(case.sla_due_at, now, hours)  # type: ignore[attr-defined]
    return cases


def case_get_for(*, user: User, case_id: int | str, purpose: str = "") -> Case:
    """One case for a user; the read is written to the audit log with the reason for access."""
    lookup = {"reference": case_id} if str(case_id).startswith("SL-") else {"pk": case_id}
    case = (
        Case.objects.select_related(
            "patient", "site", "navigator", "reviewer", "referring_physician", "previous_case"
        )
        .filter(**lookup)
        .first()
    )
    why = access_purpose(user, case) if case is not None else None
    if case is None or why is None:
        if user.is_authenticated and case is not None:
            audit_record(
                actor=user,
                action=AuditAction.DENIED,
                target=case,
                case_reference=case.reference,
                purpose="no access",
            )
        raise NotFound("No such case, or you do not have access to it.")
    setattr(case, READ_FOR, (user.pk, why))
    if user.role != Role.PATIENT:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            target=case,
            case_reference=case.reference,
            purpose=purpose or why,
        )
    return case


def case_timeline(*, case: Case) -> QuerySet[TimelineEvent]:
    return case.events.select_related("actor").order_by("-created_at", "-id")


def case_open_tasks(*, case: Case) -> QuerySet[Task]:
    return (
        case.tasks.filter(completed_at__isnull=True).select_related("assignee").order_by("due_at")
    )


def case_history_for_patient(*, user: User, case: Case) -> QuerySet[Case]:
    """Every opinion this patient has asked for that the user may see, oldest first.

    Scoped like every case read: a patient's earlier opinion at another site is not
    shown to staff who do not work there.
    """
    return (
        cases_visible_to(user=user)
        .filter(patient_id=case.patient_id)
        .select_related("site")
        .order_by("requested_at", "id")
    )


def tasks_for(*, user: User) -> QuerySet[Task]:
    """The user's open tasks, limited to cases they may still see (sites change)."""
    return (
        Task.objects.filter(
            assignee=user,
            completed_at__isnull=True,
            case__in=cases_visible_to(user=user),
        )
        .select_related("case", "case__patient", "assignee")
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )
