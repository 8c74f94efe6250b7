"""Background jobs for supportive care: thin, they load ids and call a service."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=5, retry_delay=30)
def alert_urgent_distress(screen_id: int) -> None:
    """The task on the case is the alert of record; this e-mail makes sure it is seen."""
    from secondlook.supportive.services import urgent_alert_send

    urgent_alert_send(screen_id=screen_id)


@db_periodic_task(crontab(hour="6", minute="30"))
def prompt_follow_up_rescreens() -> None:
    """Every morning, after check-ins are scheduled: check-ins due prompt a repeat screen."""
    from secondlook.supportive.services import rescreen_prompts_open

    rescreen_prompts_open()
