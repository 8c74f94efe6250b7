"""The visit panels on the staff case page and on the patient's case page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.scheduling.choices import ItineraryStatus, Service
from secondlook.scheduling.forms import VisitRequestForm
from secondlook.scheduling.selectors import (
    itinerary_accepted_for_case,
    itinerary_latest,
    patient_itinerary,
    visit_request_current,
)


def staff_panel(user: User, case: Case) -> dict[str, object] | None:
    if not user.is_clinic_staff:
        return None
    request = visit_request_current(case=case)
    latest = itinerary_latest(request=request) if request is not None else None
    coordinator = can_coordinate(user, case) and case.is_open
    today = timezone.localdate()
    return {
        "visit_request": request,
        "itinerary": latest,
        "accepted": itinerary_accepted_for_case(case=case),
        "proposed": latest is not None and latest.status == ItineraryStatus.PROPOSED,
        "can_plan": coordinator,
        "problems": request.problems[0] if request is not None and request.problems else None,
        "request_form": VisitRequestForm(
            initial={
                "earliest_day": today + timedelta(days=1),
                "latest_day": today + timedelta(days=3),
                "services": [
                    Service.CT,
                    Service.MEDICAL_ONCOLOGY,
                    Service.PLAN_WALKTHROUGH,
                ],
            }
        )
        if coordinator
        else None,
    }


def patient_panel(user: User, case: Case) -> dict[str, object] | None:
    itinerary = patient_itinerary(user=user, case=case)
    if itinerary is None:
        return None
    return {"itinerary": itinerary}
