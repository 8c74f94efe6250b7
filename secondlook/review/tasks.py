"""Background jobs for opinions: thin, they load ids and call a service."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=60)
def notify_opinion_delivered(case_id: int) -> None:
    from secondlook.review.services import opinion_delivery_notify

    opinion_delivery_notify(case_id=case_id)
