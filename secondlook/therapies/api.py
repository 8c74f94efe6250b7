"""JSON API: a case's treatment options and the knowledge-base version they came from."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from secondlook.cases.selectors import case_get_for
from secondlook.core.errors import NotFound
from secondlook.therapies.selectors import knowledge_version_current, therapy_plan_for
from secondlook.therapies.vignettes import plan_json

router = Router(tags=["treatment options"])


class OptionsQuery(Schema):
    setting: str = ""
    goals: list[str] = []


@router.get("/knowledge/version")
def knowledge_version(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_clinic_staff:
        raise NotFound("Not found.")
    version = knowledge_version_current()
    if version is None:
        return {"number": None, "note": "no knowledge base loaded"}
    return {"number": version.number, "created_at": version.created_at, "note": version.note}


@router.get("/cases/{case_id}/options")
def case_options(
    request: HttpRequest, case_id: int, filters: Query[OptionsQuery]
) -> dict[str, Any]:
    """Options, not-indicated therapies, missing tests and cannot-decide reasons."""
    case = case_get_for(user=request.user, case_id=case_id, purpose="treatment options")
    plan, version = therapy_plan_for(
        user=request.user, case=case, setting=filters.setting, goals=tuple(filters.goals)
    )
    return {"knowledge_version": version.number if version else None, **plan_json(plan)}
