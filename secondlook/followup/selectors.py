"""Reads for follow-up, for a case the caller may already see."""

from __future__ import annotations

from django.db.models import QuerySet

from secondlook.cases.models import Case
from secondlook.followup.models import CheckIn, PlanRevision


def check_ins_of(*, case: Case) -> QuerySet[CheckIn]:
    return case.check_ins.select_related("completed_by").order_by("due_on", "id")


def plan_revisions_of(*, case: Case) -> QuerySet[PlanRevision]:
    return case.plan_revisions.select_related("opinion", "revised_by").order_by("-created_at")


def delivered_revisions_of(*, case: Case) -> QuerySet[PlanRevision]:
    """What the patient may read: only revisions their navigator has delivered."""
    return plan_revisions_of(case=case).filter(delivered_at__isnull=False)
