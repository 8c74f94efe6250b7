"""Background jobs for opinions: thin, they load ids and call a service."""

from __future__ import annotations

from huey.api import Task
from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=60, context=True)
def notify_opinion_delivered(case_id: int, task: Task | None = None) -> None:
    """E-mail the patient; when the last retry fails too, the navigator is asked to call."""
    from secondlook.review.services import opinion_delivery_notify, opinion_delivery_notify_failed

    try:
        opinion_delivery_notify(case_id=case_id)
    except Exception:
        if task is None or not task.retries:
            opinion_delivery_notify_failed(case_id=case_id)
        raise
