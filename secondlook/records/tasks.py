"""Background jobs for records: thin, they load ids and call a service."""

from __future__ import annotations

from huey.api import Task
from huey.contrib.djhuey import db_task
from huey.exceptions import RetryTask

RETRIES = 4
FIRST_RETRY_SECONDS = 15


def retry_delay(retries_left: int) -> int:
    """Back-off between tries: 15 s, 30 s, 60 s, 120 s."""
    return FIRST_RETRY_SECONDS * 2 ** (RETRIES - retries_left)


@db_task(retries=RETRIES, context=True)
def ingest_document(document_id: int, task: Task | None = None) -> None:
    """Read one record. A transient error retries with back-off; when the last try fails,
    the record is marked unreadable and the navigator gets a task, so nothing waits silently.
    """
    from secondlook.records.ingestion import document_ingest, document_ingest_failed

    try:
        document_ingest(document_id=document_id)
    except Exception as exc:
        if task is None or not task.retries:
            document_ingest_failed(
                document_id=document_id,
                reason="Reading this record failed several times. Try again later or ask "
                "support to look at it.",
            )
            raise
        # Huey counts a RetryTask as one extra try; take it back so RETRIES still bounds
        # the tries, and set the back-off delay ourselves.
        task.retries -= 1
        raise RetryTask(delay=retry_delay(task.retries + 1)) from exc
