"""Background jobs for supportive care: thin, they load ids and call a service."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=5, retry_delay=30)
def alert_urgent_distress(screen_id: int) -> None:
    """The task on the case is the alert of record; this e-mail makes sure it is seen."""
    from secondlook.supportive.services import urgent_alert_send

    urgent_alert_send(screen_id=screen_id)
