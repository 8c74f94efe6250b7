"""Follow-up panels: check-ins and plan revisions for staff; what is next for the patient."""

from __future__ import annotations

from secondlook.accounts.models import User
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate, can_write_opinion
from secondlook.followup.forms import CheckInForm, PlanRevisionForm
from secondlook.followup.selectors import check_ins_of, delivered_revisions_of, plan_revisions_of

_AFTER_DELIVERY = frozenset({CaseStatus.OPINION_DELIVERED, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED})


def staff_panel(user: User, case: Case) -> dict[str, object] | None:
    if not user.is_clinic_staff or case.status not in _AFTER_DELIVERY:
        return None
    from secondlook.review.selectors import opinion_latest

    in_follow_up = case.status == CaseStatus.FOLLOW_UP
    coordinator = can_coordinate(user, case)
    check_ins = list(check_ins_of(case=case))
    revision_form = None
    # Only the attending revising the plan needs the latest version; others skip the read.
    latest = opinion_latest(case=case) if in_follow_up and can_write_opinion(user, case) else None
    if latest is not None:
        revision_form = PlanRevisionForm(
            initial={
                "verdict": latest.verdict,
                "diagnosis": latest.diagnosis,
                "recommendations": latest.recommendations,
                "answers": latest.answers,
            }
        )
    return {
        "in_follow_up": in_follow_up,
        "check_ins": check_ins,
        "can_schedule": in_follow_up and coordinator and not check_ins,
        "coordinator": coordinator,
        "check_in_form": CheckInForm(),
        "revisions": list(plan_revisions_of(case=case)),
        "revision_form": revision_form,
    }


def patient_panel(user: User, case: Case) -> dict[str, object] | None:
    if case.status != CaseStatus.FOLLOW_UP:
        return None
    upcoming = check_ins_of(case=case).filter(completed_at__isnull=True).first()
    return {"next_check_in": upcoming, "revisions": list(delivered_revisions_of(case=case))}
