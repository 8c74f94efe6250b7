"""Reads on tumor board sessions, scoped to the staff of the team's site.

Opening a case's presentation is a read of patient data: it is audited, with the board
session as the purpose.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.safestring import SafeString

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.accounts.selectors import site_ids_for
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.models import Case, TimelineEvent
from secondlook.cases.selectors import cases_visible_to
from secondlook.core.errors import NotFound
from secondlook.oncology.choices import FactField, ProposalStatus
from secondlook.oncology.models import FactProposal
from secondlook.oncology.selectors import EXCERPT_CONTEXT, case_diagnosis_facts, highlighted
from secondlook.records.models import Document, DocumentText
from secondlook.records.selectors import case_documents
from secondlook.review import team_selectors
from secondlook.review.models import BoardAgendaItem, BoardDissent, BoardSession


def _site_filter(user: User) -> dict[str, object]:
    if user.role == Role.PROGRAM_ADMIN:
        return {}
    return {"team__site_id__in": site_ids_for(user)}


def board_sessions_for(*, user: User) -> QuerySet[BoardSession]:
    if not user.is_authenticated or not user.is_clinic_staff:
        return BoardSession.objects.none()
    return (
        BoardSession.objects.filter(**_site_filter(user))
        .select_related("team__site", "chair")
        .order_by("-starts_at")
    )


def board_session_get_for(*, user: User, session_id: int) -> BoardSession:
    session = board_sessions_for(user=user).filter(pk=session_id).first()
    if session is None:
        raise NotFound("No such board session, or it is not at your site.")
    return session


def agenda_items(*, user: User, session: BoardSession) -> QuerySet[BoardAgendaItem]:
    """The session's agenda, limited to the cases this user may see: a site colleague who
    is not on the disease team sees the session, not its patients (cases.permissions)."""
    return (
        session.items.filter(case__in=cases_visible_to(user=user))
        .select_related("case__patient")
        .prefetch_related(
            Prefetch("dissents", queryset=BoardDissent.objects.select_related("member"))
        )
        .order_by("position", "id")
    )


def board_item_get_for(*, user: User, item_id: int) -> BoardAgendaItem:
    item = (
        BoardAgendaItem.objects.filter(
            pk=item_id,
            session__in=board_sessions_for(user=user),
            case__in=cases_visible_to(user=user),
        )
        .select_related("session__team__site", "session__chair", "case__patient", "case__site")
        .first()
    )
    if item is None:
        raise NotFound("No such agenda item, or it is not at your site.")
    return item


# The facts a board reads first, in the order a pathology report is presented.
KEY_FACTS = (
    FactField.CANCER_TYPE,
    FactField.HISTOLOGY,
    FactField.GRADE,
    FactField.TUMOR_SIZE,
    FactField.T,
    FactField.N,
    FactField.M,
    FactField.STAGE_GROUP,
    FactField.FIGO_STAGE,
    FactField.BIOMARKER,
    FactField.MARGINS,
    FactField.LVI,
    FactField.NODES_POSITIVE,
)
EXCERPTS_SHOWN = 12


@dataclass(frozen=True)
class FactExcerpt:
    """A confirmed fact with the words of the report it was read from."""

    label: str
    value: str
    excerpt: SafeString
    document: Document


def key_fact_excerpts(*, case: Case) -> list[FactExcerpt]:
    """Source excerpts of the key facts a reviewer confirmed (or corrected), each with its
    report, so the board reads the outside words, not only our summary of them."""
    proposals = list(
        FactProposal.objects.filter(
            case=case,
            field__in=KEY_FACTS,
            status__in=(ProposalStatus.CONFIRMED, ProposalStatus.EDITED),
            superseded=False,
        ).select_related("document")
    )
    order = {field: index for index, field in enumerate(KEY_FACTS)}
    proposals.sort(key=lambda p: (order[p.field], p.document_id, p.start))
    proposals = proposals[:EXCERPTS_SHOWN]
    texts = dict(
        DocumentText.objects.filter(document_id__in={p.document_id for p in proposals}).values_list(
            "document_id", "text"
        )
    )
    return [
        FactExcerpt(
            label=p.label,
            value=p.current_value,
            excerpt=highlighted(
                texts.get(p.document_id, ""), p.start, p.end, context=EXCERPT_CONTEXT
            ),
            document=p.document,
        )
        for p in proposals
        if p.document_id in texts
    ]


def presentation_for(*, user: User, item: BoardAgendaItem) -> dict[str, object]:
    """Everything the board needs on one screen for one case; the read is audited."""
    case = item.case
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        target=case,
        case_reference=case.reference,
        purpose=f"tumor board presentation (session #{item.session_id})",
    )
    return {
        "item": item,
        "case": case,
        "facts": case_diagnosis_facts(case=case),
        "documents": list(case_documents(case=case)[:8]),
        "excerpts": key_fact_excerpts(case=case),
        "history": list(TimelineEvent.objects.filter(case=case).order_by("created_at", "id")[:12]),
        "reviewers": team_selectors.case_reviewers_with_findings(case=case),
        "options": team_selectors.options_chosen_for(case=case),
        "trials": team_selectors.trials_chosen_for(user=user, case=case),
        "voice": team_selectors.patient_voice_of(case=case),
        "dissents": list(item.dissents.select_related("member")),
    }


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def board_summary_csv(*, user: User, session: BoardSession) -> str:
    """One row per agenda item: what the board agreed, who dissented and why, what next."""
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        target=session,
        purpose="tumor board summary export",
    )
    attendees = "; ".join(a.display_name for a in session.attendees.order_by("last_name"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "position",
            "case",
            "patient",
            "cancer type",
            "consensus",
            "dissent",
            "follow-up actions",
            "session",
            "chair",
            "attendees",
        ]
    )
    for item in agenda_items(user=user, session=session):
        row = [
            item.position,
            item.case.reference,
            item.case.patient.full_name,
            item.case.cancer_type_name,
            item.consensus,
            "; ".join(f"{d.member.display_name}: {d.reason}" for d in item.dissents.all()),
            item.follow_up_actions,
            f"{session.team.name}, {session.starts_at:%Y-%m-%d %H:%M}",
            session.chair.display_name,
            attendees,
        ]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
