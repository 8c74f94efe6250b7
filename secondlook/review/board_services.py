"""Writes on tumor board sessions: planning, the agenda, and what the session decided.

The agenda is built from cases marked ready for board, most urgent first; the chair may
reorder it. During the session the chair records who attended and, per case, the
consensus, each dissent with the member's name and reason, and the follow-up actions.
Each recorded decision writes a timeline event on the case (without clinical detail).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.accounts.selectors import site_ids_for
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind, Urgency
from secondlook.cases.models import Case
from secondlook.cases.services import case_event_record
from secondlook.core.errors import Conflict, PermissionDenied, ValidationFailed
from secondlook.review.choices import BoardSessionStatus
from secondlook.review.models import (
    BoardAgendaItem,
    BoardDissent,
    BoardPreparation,
    BoardSession,
    DiseaseTeam,
)
from secondlook.review.permissions import can_plan_board, can_run_board
from secondlook.review.team_services import REVIEW_STATUSES


def _require_chair(actor: User, session: BoardSession) -> None:
    if not can_run_board(actor, session.chair_id):
        raise PermissionDenied("Only the session's chair (or a program admin) runs the board.")


def _locked(session: BoardSession) -> BoardSession:
    return BoardSession.objects.select_for_update().select_related("team__site").get(pk=session.pk)


@transaction.atomic
def board_session_create(
    *,
    actor: User,
    team: DiseaseTeam,
    starts_at: datetime,
    chair: User,
    place: str = "",
    video_link: str = "",
) -> BoardSession:
    if not can_plan_board(actor) or team.site_id not in site_ids_for(actor):
        raise PermissionDenied(
            "Board sessions are planned by chairs, navigators and admins of the site."
        )
    if team.site_id not in site_ids_for(chair):
        raise ValidationFailed(f"{chair.display_name} does not work at {team.site.name}.")
    if not place.strip() and not video_link.strip():
        raise ValidationFailed("Give the room or the video link, so people know where to go.")
    session = BoardSession.objects.create(
        team=team,
        starts_at=starts_at,
        chair=chair,
        place=place.strip(),
        video_link=video_link.strip(),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=session, purpose="board session")
    return session


def _urgency_key(case: Case) -> tuple[int, float, int]:
    due = case.sla_due_at.timestamp() if case.sla_due_at else float("inf")
    return (0 if case.urgency == Urgency.URGENT else 1, due, case.pk)


@transaction.atomic
def board_agenda_build(*, actor: User, session: BoardSession) -> list[BoardAgendaItem]:
    """Add the team's ready cases not yet on an open agenda, urgent first, then by deadline."""
    session = _locked(session)
    _require_chair(actor, session)
    if session.status == BoardSessionStatus.CLOSED:
        raise Conflict("This session is closed; plan a new one.")
    on_agenda = BoardAgendaItem.objects.exclude(
        session__status=BoardSessionStatus.CLOSED, consensus=""
    ).values_list("case_id", flat=True)
    cases = [
        preparation.case
        for preparation in BoardPreparation.objects.filter(
            team=session.team,
            ready_at__isnull=False,
            case__status__in=REVIEW_STATUSES,
        )
        .exclude(case_id__in=on_agenda)
        .select_related("case")
    ]
    start = session.items.aggregate(last=Max("position"))["last"] or 0
    items = [
        BoardAgendaItem.objects.create(session=session, case=case, position=start + index)
        for index, case in enumerate(sorted(cases, key=_urgency_key), start=1)
    ]
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=session, purpose="board agenda built"
    )
    return items


@transaction.atomic
def board_item_move(*, actor: User, item: BoardAgendaItem, direction: str) -> None:
    """Swap an agenda item with its neighbour ('up' or 'down'); at either end nothing moves."""
    session = _locked(item.session)
    _require_chair(actor, session)
    items = list(session.items.order_by("position", "id"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items, start=1):
        if agenda_item.position != position:
            BoardAgendaItem.objects.filter(pk=agenda_item.pk).update(position=position)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=session, purpose="board agenda reordered"
    )


@transaction.atomic
def board_session_start(*, actor: User, session: BoardSession) -> BoardSession:
    session = _locked(session)
    _require_chair(actor, session)
    if session.status != BoardSessionStatus.PLANNED:
        raise Conflict("This session has already started.")
    session.status = BoardSessionStatus.IN_PROGRESS
    session.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=session, purpose="board started")
    return session


@transaction.atomic
def board_session_close(*, actor: User, session: BoardSession) -> BoardSession:
    session = _locked(session)
    _require_chair(actor, session)
    session.status = BoardSessionStatus.CLOSED
    session.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=session, purpose="board closed")
    return session


def _require_in_session(session: BoardSession) -> None:
    if session.status != BoardSessionStatus.IN_PROGRESS:
        raise Conflict("Start the session first; decisions are recorded during the session.")


@transaction.atomic
def board_attendance_record(
    *, actor: User, session: BoardSession, attendees: list[User]
) -> BoardSession:
    session = _locked(session)
    _require_chair(actor, session)
    _require_in_session(session)
    allowed = set(session.team.site.staff.values_list("pk", flat=True))
    strangers = [user.display_name for user in attendees if user.pk not in allowed]
    if strangers:
        raise ValidationFailed(f"Not staff of {session.team.site.name}: {', '.join(strangers)}.")
    session.attendees.set(attendees)
    audit_record(actor=actor, action=AuditAction.UPDATE, target=session, purpose="board attendance")
    return session


@transaction.atomic
def board_consensus_record(
    *, actor: User, item: BoardAgendaItem, consensus: str, follow_up_actions: str = ""
) -> BoardAgendaItem:
    session = _locked(item.session)
    _require_chair(actor, session)
    _require_in_session(session)
    if not consensus.strip():
        raise ValidationFailed("Write the board's consensus recommendation.")
    item = BoardAgendaItem.objects.select_for_update().select_related("case").get(pk=item.pk)
    first = not item.consensus
    item.consensus = consensus.strip()
    item.follow_up_actions = follow_up_actions.strip()
    item.discussed_at = item.discussed_at or timezone.now()
    item.save()
    case_event_record(
        case=item.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary="Tumor board consensus recorded" if first else "Tumor board consensus updated",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=item,
        case_reference=item.case.reference,
        purpose="board consensus",
    )
    return item


@transaction.atomic
def board_dissent_record(
    *, actor: User, item: BoardAgendaItem, member: User, reason: str
) -> BoardDissent:
    """A member who disagrees with the consensus, by name and with their reason."""
    session = _locked(item.session)
    _require_chair(actor, session)
    _require_in_session(session)
    if not reason.strip():
        raise ValidationFailed(f"Give {member.display_name}'s reason for disagreeing.")
    if not session.attendees.filter(pk=member.pk).exists():
        raise ValidationFailed(
            f"{member.display_name} is not recorded as attending; record attendance first."
        )
    dissent = BoardDissent.objects.create(item=item, member=member, reason=reason.strip())
    case_event_record(
        case=item.case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"Tumor board dissent recorded for {member.display_name}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=dissent,
        case_reference=item.case.reference,
        purpose="board dissent",
    )
    return dissent
