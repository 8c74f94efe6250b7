"""Follow-up jobs: thin, they call a service."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="6", minute="15"))
def schedule_missing_check_ins() -> None:
    """Every morning: follow-up cases that nobody scheduled check-ins for get them."""
    from secondlook.followup.services import check_ins_schedule_missing

    check_ins_schedule_missing()
