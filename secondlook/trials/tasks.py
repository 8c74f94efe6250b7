"""Background matching: thin jobs that load ids and call services."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=60)
def match_case(case_id: int) -> None:
    from secondlook.cases.models import Case
    from secondlook.trials.services import case_trials_match

    case = Case.objects.select_related("patient", "site").filter(pk=case_id).first()
    if case is not None:
        case_trials_match(case=case)


@db_task()
def rematch_open_cases() -> None:
    """After a registry refresh: every open case is matched again."""
    from secondlook.trials.selectors import open_case_ids

    for case_id in open_case_ids():
        match_case(case_id)


@db_periodic_task(crontab(minute="*/15"))
def rematch_changed_cases() -> None:
    """Cases whose facts changed since their last run (a confirmed diagnosis, new stage)."""
    from secondlook.trials.selectors import case_ids_with_changed_facts

    for case_id in case_ids_with_changed_facts():
        match_case(case_id)
