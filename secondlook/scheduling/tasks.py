"""Background jobs for visit planning: thin, they load ids and call a service."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=60)
def notify_itinerary_changed(case_id: int) -> None:
    from secondlook.scheduling.services import itinerary_notice_send

    itinerary_notice_send(case_id=case_id)
