"""Reads on opinions. PDF reads are access-checked and audited here, in one place,
so the staff pages, the patient portal and the API cannot disagree on who may read what."""

from __future__ import annotations

from datetime import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.permissions import access_purpose
from secondlook.core.errors import NotFound
from secondlook.review.documents import opinion_pdf_read
from secondlook.review.models import CorrectionDelivery, OpinionVersion

# A patient reads their opinion only once the navigator has delivered it.
PATIENT_OPINION_STATUSES = frozenset(
    {CaseStatus.OPINION_DELIVERED, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED}
)


def _delivered_q() -> Q:
    """Versions that have reached the patient.

    The case's delivery transition delivers the newest signed version of its moment, so
    every version signed before `Case.opinion_delivered_at` counts; a correction signed
    later counts once the navigator delivered it (a CorrectionDelivery row).
    """
    return Q(signed_at__isnull=False) & (
        Q(signed_at__lte=F("case__opinion_delivered_at"))
        | Exists(CorrectionDelivery.objects.filter(opinion=OuterRef("pk")))
    )


def opinion_latest(*, case: Case) -> OpinionVersion | None:
    return OpinionVersion.objects.filter(case=case).order_by("-number").first()


def opinion_latest_signed(*, case: Case) -> OpinionVersion | None:
    """The newest signed version, delivered or not: for staff, never for a patient."""
    return (
        OpinionVersion.objects.filter(case=case, signed_at__isnull=False)
        .select_related("signed_by")
        .order_by("-number")
        .first()
    )


def opinion_delivered_latest(*, case: Case) -> OpinionVersion | None:
    """The version the patient may read: the newest one delivered to them, if any."""
    if case.status not in PATIENT_OPINION_STATUSES:
        return None
    return (
        OpinionVersion.objects.filter(case=case)
        .filter(_delivered_q())
        .select_related("signed_by")
        .order_by("-number")
        .first()
    )


def opinion_versions(*, case: Case) -> QuerySet[OpinionVersion]:
    """Every version, newest first, each with `is_delivered` (it has reached the patient)."""
    return (
        OpinionVersion.objects.filter(case=case)
        .select_related("author", "signed_by", "supersedes")
        .annotate(is_delivered=ExpressionWrapper(_delivered_q(), output_field=BooleanField()))
        .order_by("-number")
    )


def opinion_get(*, case: Case, number: int) -> OpinionVersion:
    """One version of a case the caller has already been allowed to see."""
    opinion = (
        OpinionVersion.objects.filter(case=case, number=number)
        .select_related("case__patient", "case__site", "author", "signed_by", "supersedes")
        .first()
    )
    if opinion is None:
        raise NotFound(f"Case {case.reference} has no opinion version {number}.")
    return opinion


def _case_by_id(case_id: int) -> Case | None:
    return (
        Case.objects.select_related("patient", "site", "referring_physician")
        .filter(pk=case_id)
        .first()
    )


def _allowed_purpose(user: User, case: Case) -> str:
    """Why the user may read the case, or NotFound (refusals by staff are audited)."""
    purpose = access_purpose(user, case)
    if purpose is None:
        if user.is_authenticated:
            audit_record(
                actor=user,
                action=AuditAction.DENIED,
                target=case,
                case_reference=case.reference,
                purpose="opinion PDF: no access",
            )
        raise NotFound("No such case, or you do not have access to it.")
    return purpose


def _pdf(user: User, case: Case, opinion: OpinionVersion | None, purpose: str) -> tuple[bytes, str]:
    if opinion is None or not opinion.pdf_storage_name:
        raise NotFound(f"Case {case.reference} has no signed opinion you can download yet.")
    data = opinion_pdf_read(opinion.pdf_storage_name)
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        target=opinion,
        case_reference=case.reference,
        purpose=purpose,
    )
    return data, f"second-opinion-{case.reference}-v{opinion.number}.pdf"


def opinion_pdf_for(*, user: User, case: Case) -> tuple[bytes, str]:
    """PDF bytes and file name of the opinion this user may read; every download audited.

    Staff who may see the case get the newest signed version (the navigator must read a
    correction before delivering it). The case's own patient gets the newest version
    delivered to them, and nothing before delivery. Anyone else: NotFound, so the reply
    does not tell whether the case exists.
    """
    purpose = _allowed_purpose(user, case)
    if user.role == Role.PATIENT:
        return _pdf(user, case, opinion_delivered_latest(case=case), purpose)
    return _pdf(user, case, opinion_latest_signed(case=case), purpose)


def opinion_pdf_for_case_id(*, user: User, case_id: int) -> tuple[bytes, str]:
    """As opinion_pdf_for, from a case id (URLs and the API)."""
    case = _case_by_id(case_id)
    if case is None:
        raise NotFound("No such case, or you do not have access to it.")
    return opinion_pdf_for(user=user, case=case)


def opinion_version_pdf_for(*, user: User, case_id: int, number: int) -> tuple[bytes, str]:
    """A given signed version, superseded ones included: staff only, for the record."""
    case = _case_by_id(case_id)
    if case is None or user.role == Role.PATIENT:
        raise NotFound("No such case, or you do not have access to it.")
    purpose = _allowed_purpose(user, case)
    opinion = opinion_get(case=case, number=number)
    return _pdf(user, case, opinion if opinion.is_signed else None, purpose)


def opinion_summary_pdf_for(*, user: User, case_id: int, language: str) -> tuple[bytes, str]:
    """The plain-language summary PDF ('en' or 'es') of the opinion this user may read,
    with the same rules as the letter: the patient's delivered version, staff the newest
    signed one. Every download audited."""
    from secondlook.review.delivery import patient_summary_pdf

    case = _case_by_id(case_id)
    if case is None:
        raise NotFound("No such case, or you do not have access to it.")
    purpose = _allowed_purpose(user, case)
    if user.role == Role.PATIENT:
        opinion = opinion_delivered_latest(case=case)
    else:
        opinion = opinion_latest_signed(case=case)
    data = patient_summary_pdf(opinion, language) if opinion is not None else None
    if opinion is None or data is None:
        raise NotFound(f"Case {case.reference} has no plain-language summary you can download.")
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        target=opinion,
        case_reference=case.reference,
        purpose=f"{purpose}: patient summary ({language})",
    )
    return data, f"opinion-summary-{case.reference}-v{opinion.number}-{language}.pdf"


def opinion_deliveries(*, case: Case) -> list[tuple[datetime, str, str]]:
    """Every delivery of the case's opinion, newest first: (when, what, to whom).

    Portal deliveries come from the case transition and CorrectionDelivery rows; e-mail
    and FHIR sendings from OpinionDelivery rows.
    """
    from secondlook.review.models import OpinionDelivery

    rows: list[tuple[datetime, str, str]] = []
    if case.opinion_delivered_at is not None:
        rows.append((case.opinion_delivered_at, "Patient portal", "patient"))
    for correction in CorrectionDelivery.objects.filter(opinion__case=case).select_related(
        "opinion"
    ):
        rows.append(
            (
                correction.delivered_at,
                f"Patient portal (correction, version {correction.opinion.number})",
                "patient",
            )
        )
    for sent in OpinionDelivery.objects.filter(opinion__case=case).select_related("opinion"):
        rows.append(
            (
                sent.delivered_at,
                f"{sent.get_channel_display()} (version {sent.opinion.number})",
                sent.recipient or "—",
            )
        )
    return sorted(rows, key=lambda row: row[0], reverse=True)
