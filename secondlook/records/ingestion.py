"""Reading an uploaded record: its text, its kind, and the facts it states.

`document_ingest` runs as a background job (`records.tasks.ingest_document`) after an
upload commits. Reading the file (text layer, OCR, FHIR, HL7) happens outside any
database transaction; everything the reading produces — the text and its pages, the
kind suggestion, the fact proposals, the outside diagnosis they imply, the timeline
event and the audit row — is written in one transaction, so a crash half-way leaves
nothing half-imported. The same bytes are never read twice (keyed by document id and
content sha256), so a retried or repeated job changes nothing.

A record that cannot be read (password-protected PDF, empty OCR, malformed bundle) is
marked with the reason and becomes a task for the case's navigator, shown on the case.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind, TaskKind
from secondlook.cases.models import Task
from secondlook.cases.services import case_event_record
from secondlook.oncology.facts import ExtractedFact
from secondlook.records import storage
from secondlook.records.choices import DocumentKind, IngestionStatus
from secondlook.records.models import Document, DocumentPage, DocumentText
from secondlook.records.readers import ReadResult, Unreadable, classify, read_document

logger = logging.getLogger(__name__)

FAILED_TASK_PREFIX = "Record cannot be read"


def document_ingest_enqueue(document: Document) -> None:
    """Queue the reading of a record once the upload has committed."""
    from secondlook.records.tasks import ingest_document

    document_id = document.pk
    transaction.on_commit(lambda: ingest_document(document_id))


def document_ingest(*, document_id: int) -> Document:
    """Read a record and turn it into text and fact proposals; a no-op if already read.

    Raises nothing for an unreadable record (it is marked failed, with a navigator
    task); any other exception is transient (disk, database busy) and the job retries.
    """
    document = Document.objects.select_related("case").get(pk=document_id)
    if _already_read(document):
        return document
    try:
        result = read_document(storage.path_for(document.storage_name), document.media_type)
    except Unreadable as exc:
        return document_ingest_failed(document_id=document_id, reason=exc.reason)
    facts = result.facts if result.facts is not None else _extract(result.text)
    return _record_reading(document_id=document_id, result=result, facts=facts)


def _already_read(document: Document) -> bool:
    return document.ingested_sha256 == document.sha256 and document.ingestion_status in (
        IngestionStatus.READ,
        IngestionStatus.FAILED,
    )


def _extract(text: str) -> tuple[ExtractedFact, ...]:
    from secondlook.oncology.extraction import extract

    return tuple(extract(text).facts)


@transaction.atomic
def _record_reading(
    *, document_id: int, result: ReadResult, facts: tuple[ExtractedFact, ...]
) -> Document:
    from secondlook.oncology.services import fact_proposals_record

    document = Document.objects.select_for_update().select_related("case").get(pk=document_id)
    if _already_read(document):
        return document
    DocumentText.objects.filter(document=document).delete()
    text = DocumentText.objects.create(
        document=document, method=result.method, text=result.text, sha256=document.sha256
    )
    DocumentPage.objects.bulk_create(
        DocumentPage(document_text=text, number=number, start=start, end=end)
        for number, (start, end) in enumerate(result.pages, start=1)
    )
    suggested = classify(result.text)
    document.suggested_kind = "" if suggested == DocumentKind.OTHER else suggested
    document.ingestion_status = IngestionStatus.READ
    document.ingestion_failure = ""
    document.ingested_sha256 = document.sha256
    document.ingested_at = timezone.now()
    document.save(
        update_fields=[
            "suggested_kind",
            "ingestion_status",
            "ingestion_failure",
            "ingested_sha256",
            "ingested_at",
            "updated_at",
        ]
    )
    count = fact_proposals_record(document=document, facts=facts)
    summary = f"Record #{document.pk} read: {count} fact{'' if count == 1 else 's'} found"
    if document.kind == DocumentKind.OTHER and document.suggested_kind:
        summary += f"; looks like a {DocumentKind(document.suggested_kind).label.lower()}"
    case_event_record(case=document.case, actor=None, kind=EventKind.UPDATED, summary=summary)
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        target=document,
        case_reference=document.case.reference,
        purpose="record read (ingestion)",
    )
    return document


@transaction.atomic
def document_ingest_failed(*, document_id: int, reason: str) -> Document:
    """Mark a record unreadable, with the reason, and ask the case's navigator to act.

    Idempotent: a second failure of the same bytes adds no second task.
    """
    document = Document.objects.select_for_update().select_related("case").get(pk=document_id)
    if document.ingested_sha256 == document.sha256 and (
        document.ingestion_status == IngestionStatus.FAILED
    ):
        return document
    document.ingestion_status = IngestionStatus.FAILED
    document.ingestion_failure = reason[:300]
    document.ingested_sha256 = document.sha256
    document.ingested_at = timezone.now()
    document.save(
        update_fields=[
            "ingestion_status",
            "ingestion_failure",
            "ingested_sha256",
            "ingested_at",
            "updated_at",
        ]
    )
    case = document.case
    title = f"{FAILED_TASK_PREFIX} (#{document.pk}): {reason}"
    Task.objects.create(
        case=case,
        kind=TaskKind.OTHER,
        title=title[:200],
        assignee=case.navigator,
        due_at=case.sla_due_at,
    )
    case_event_record(
        case=case,
        actor=None,
        kind=EventKind.UPDATED,
        summary=f"Record #{document.pk} cannot be read",
        reason=reason,
    )
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        target=document,
        case_reference=case.reference,
        purpose="record unreadable (ingestion)",
    )
    logger.info("Record #%s cannot be read", document.pk)
    return document
