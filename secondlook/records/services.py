"""Writes on records: adding an outside record to a case, and re-classifying one.

An upload is checked in the order a person would ask: may you add records to this case,
is the case still open, is the file within the size limit, what is it really (by
content, never by name), and is it already in the case's records. Every refusal is a
`ValidationFailed` (or `PermissionDenied` / `NotFound` / `Conflict`) whose message a
patient can act on, and a refused upload leaves nothing behind: no file on disk, no row.

The copy-and-parse work runs *before* the database transaction on purpose: reading a
50 MB scan must not hold the database write lock (SQLite takes it when the transaction
begins). The database part — row, timeline event, audit row and the final rename of
the file — is one atomic block, and a failure anywhere in it removes the file again.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus, EventKind, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.cases.permissions import can_upload_records, can_view_case
from secondlook.cases.services import case_event_record
from secondlook.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from secondlook.records import storage
from secondlook.records.choices import DocumentKind, DocumentSource, MediaType
from secondlook.records.ingestion import document_ingest_enqueue
from secondlook.records.inspection import Inspection, inspect
from secondlook.records.models import Document

DESCRIPTION_MAX_LENGTH = 200


class FileTooLarge(ValidationFailed):
    """A file over the upload limit; 413 in the API, the HTTP status for exactly this."""

    status_code = 413


def upload_limit_bytes() -> int:
    return settings.SECONDLOOK_MAX_UPLOAD_MB * 1024 * 1024


def document_upload(
    *,
    actor: User,
    case: Case,
    uploaded: UploadedFile,
    kind: str,
    description: str = "",
) -> Document:
    """Add an outside record (PDF, image, text, FHIR bundle, HL7 v2 message) to an open case.

    Raises NotFound if the actor cannot see the case, PermissionDenied if their role may
    not add records, ValidationFailed for a closed case or an unacceptable file,
    FileTooLarge over `SECONDLOOK_MAX_UPLOAD_MB`, Conflict if the same bytes are
    already in this case's records.

    Called inside a caller's own transaction, the file is on disk once this returns; if
    that outer transaction later rolls back, the file stays without a row (harmless to
    readers, since nothing points to it, and found by comparing the folder with
    `Document.storage_name`).
    """
    _require_records_access(actor, case)
    source = DocumentSource.PATIENT if actor.role == Role.PATIENT else DocumentSource.CARE_TEAM
    return _document_store(
        actor=actor,
        case=case,
        uploaded=uploaded,
        kind=kind,
        description=description,
        source=source,
        purpose="record upload",
    )


def document_upload_from_referring(
    *,
    case: Case,
    uploaded: UploadedFile,
    kind: str,
    description: str = "",
    link_label: str,
) -> Document:
    """A referring physician's record, sent through the upload link the navigator issued.

    The physician has no account: the portal has already checked the signed, expiring
    link and that it names this case. The file goes through exactly the checks of any
    other upload (open case, size, content, duplicates), the document says it came from
    the referring physician, and the audit row names the link (`link_label`).
    """
    if not case.is_open:
        raise _closed(case)
    return _document_store(
        actor=None,
        case=case,
        uploaded=uploaded,
        kind=kind,
        description=description,
        source=DocumentSource.REFERRING_PHYSICIAN,
        purpose=f"record upload by referring physician ({link_label})",
    )


def _document_store(
    *,
    actor: User | None,
    case: Case,
    uploaded: UploadedFile,
    kind: str,
    description: str,
    source: str,
    purpose: str,
) -> Document:
    """Check, stage, inspect and record one file; a refusal leaves nothing behind."""
    kind = _valid_kind(kind)
    description = _valid_description(description)
    name = _original_name(uploaded.name)
    limit = upload_limit_bytes()
    if not uploaded.size:
        raise _empty()
    if uploaded.size > limit:
        raise _too_large()
    try:
        staged = storage.stage(uploaded.chunks(), max_bytes=limit)
    except storage.SizeLimitExceeded as exc:
        raise _too_large() from exc

    published: Path | None = None
    try:
        if staged.size == 0:
            raise _empty()
        inspection = inspect(staged.path, name)
        with transaction.atomic():
            document = _document_record(
                actor=actor,
                case=case,
                kind=kind,
                description=description,
                original_name=name,
                size_bytes=staged.size,
                sha256=staged.sha256,
                inspection=inspection,
                source=source,
                purpose=purpose,
            )
            published = storage.path_for(document.storage_name)
            storage.publish(staged, document.storage_name)
    except BaseException:
        # Refused, or the database write failed (even at commit): keep no copy.
        storage.discard(staged.path)
        if published is not None:
            storage.discard(published)
        raise
    return document


def _document_record(
    *,
    actor: User | None,
    case: Case,
    kind: str,
    description: str,
    original_name: str,
    size_bytes: int,
    sha256: str,
    inspection: Inspection,
    source: str,
    purpose: str,
) -> Document:
    """The database half of an upload; runs inside the caller's atomic block."""
    locked = Case.objects.select_for_update().only("id", "status").get(pk=case.pk)
    if not locked.is_open:
        raise _closed(locked)
    _refuse_duplicate(case, sha256)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case=case,
                uploaded_by=actor,
                source=source,
                kind=kind,
                description=description,
                original_name=original_name,
                media_type=inspection.media_type,
                size_bytes=size_bytes,
                sha256=sha256,
                storage_name=storage.new_storage_name(),
                page_count=inspection.page_count,
            )
    except IntegrityError:
        # Someone added the same file a moment ago: say so, as for any duplicate.
        _refuse_duplicate(case, sha256)
        raise
    # The summary names kind and format only: an original file name often carries the
    # patient's name, and the timeline and audit log must not.
    sender = " by the referring physician" if source == DocumentSource.REFERRING_PHYSICIAN else ""
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.RECORD_ADDED,
        summary=f"{_kind_summary(kind)} added{sender} ({_format_summary(inspection)})",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=document,
        case_reference=case.reference,
        purpose=purpose,
    )
    if locked.status in AFTER_DELIVERY:
        _new_results_notice(case=case, document=document, source=source)
    # Read the record in the background once the upload has committed.
    document_ingest_enqueue(document)
    return document


AFTER_DELIVERY = frozenset({CaseStatus.OPINION_DELIVERED, CaseStatus.FOLLOW_UP})


def _new_results_notice(*, case: Case, document: Document, source: str) -> None:
    """A record after the opinion is a new result: someone must look at it.

    The portal promises the patient "our team will look at them", so the navigator gets a
    task to file the record and the attending who signed the opinion gets one to decide
    whether it changes the plan (a re-review makes a new opinion version), plus an
    e-mail that names only the case reference: record contents never go by e-mail.
    """
    from secondlook.review.team_services import review_task_due

    due = review_task_due(case)
    sender = DocumentSource(source).label.lower()
    Task.objects.create(
        case=case,
        kind=TaskKind.FOLLOW_UP,
        title=f"New result after the opinion (record #{document.pk}, from the {sender}): "
        "file it and tell the attending",
        assignee=case.navigator,
        due_at=due,
    )
    if case.reviewer_id is None:
        return
    Task.objects.create(
        case=case,
        kind=TaskKind.FOLLOW_UP,
        title=f"New result after your opinion (record #{document.pk}): does it change the plan?",
        assignee=case.reviewer,
        due_at=due,
    )
    reviewer_id = case.reviewer_id
    transaction.on_commit(
        partial(_new_results_mail_send, user_id=reviewer_id, reference=case.reference),
        robust=True,
    )


def _new_results_mail_send(*, user_id: int, reference: str) -> None:
    reviewer = User.objects.filter(pk=user_id).only("email", "first_name").first()
    if reviewer is None or not reviewer.email:
        return
    send_mail(
        subject=f"New result on case {reference} after your opinion",
        message=(
            f"Hello {reviewer.first_name},\n\nA new record arrived on case {reference} after "
            "your opinion was delivered. It is in your task list: please look at it and decide "
            "whether the plan needs a re-review."
        ),
        from_email=None,
        recipient_list=[reviewer.email],
    )


@transaction.atomic
def document_kind_set(*, actor: User, document: Document, kind: str) -> Document:
    """Staff re-classify a record, e.g. mark the outside pathology report as one.

    What a record is matters: the case cannot reach "records complete" without a
    pathology report, so the change is on the timeline and in the audit log.
    """
    case = document.case
    _require_records_access(actor, case)
    if not actor.is_clinic_staff:
        raise PermissionDenied("Only the care team can change what kind of record this is.")
    kind = _valid_kind(kind)
    if document.kind == kind:
        return document
    previous = DocumentKind(document.kind).label
    document.kind = kind
    document.save(update_fields=["kind", "updated_at"])
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.UPDATED,
        summary=f"Record #{document.pk} re-classified: {previous} → {DocumentKind(kind).label}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=document,
        case_reference=case.reference,
        purpose="record re-classified",
    )
    return document


def _require_records_access(actor: User, case: Case) -> None:
    if not can_view_case(actor, case):
        raise NotFound("No such case, or you do not have access to it.")
    if not case.is_open:
        raise _closed(case)
    if not can_upload_records(actor, case):
        raise PermissionDenied("Your role cannot add or change records on a case.")


def _valid_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        choices = ", ".join(str(label).lower() for label in DocumentKind.labels)
        raise ValidationFailed(f"Say what kind of record this is: one of {choices}.")
    return kind


def _valid_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationFailed(
            f"Keep the description to {DESCRIPTION_MAX_LENGTH} characters or fewer."
        )
    return description


def _original_name(name: str | None) -> str:
    """The uploader's file name, without any folder a browser may have sent along."""
    return PurePath((name or "").replace("\\", "/")).name[:255]


def _refuse_duplicate(case: Case, sha256: str) -> None:
    existing = Document.objects.filter(case=case, sha256=sha256).only("created_at").first()
    if existing is not None:
        uploaded_on = date_format(timezone.localtime(existing.created_at), "DATE_FORMAT")
        raise Conflict(f"This file is already in the case's records (uploaded {uploaded_on}).")


def _kind_summary(kind: str) -> str:
    return "Record" if kind == DocumentKind.OTHER else DocumentKind(kind).label


def _format_summary(inspection: Inspection) -> str:
    media = MediaType(inspection.media_type).label
    if inspection.page_count is not None:
        pages = inspection.page_count
        return f"{media}, {pages} page{'' if pages == 1 else 's'}"
    if inspection.encrypted:
        return f"{media}, password-protected"
    return media


def _empty() -> ValidationFailed:
    return ValidationFailed(
        "This file is empty. Check that it opens on your device, then try again."
    )


def _too_large() -> FileTooLarge:
    return FileTooLarge(
        f"This file is larger than {settings.SECONDLOOK_MAX_UPLOAD_MB} MB, the most we can "
        "accept. Split it into smaller files, or ask your navigator for another way to send it."
    )


def _closed(case: Case) -> ValidationFailed:
    return ValidationFailed(
        f"This case is {case.get_status_display().lower()}, so records can no longer be added "
        "or changed."
    )
