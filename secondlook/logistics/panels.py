"""The travel panel on the staff case page and the cost panel on the patient's page."""

from __future__ import annotations

from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.selectors import cases_visible_to
from secondlook.logistics.eligibility import travel_eligibility
from secondlook.logistics.forms import ConfirmForm, LodgingForm, TransportForm
from secondlook.logistics.selectors import bookings_for_case, cost_estimate, hotels_for_case


def staff_panel(user: User, case: Case) -> dict[str, object] | None:
    if not user.is_clinic_staff:
        return None
    coordinator = can_coordinate(user, case) and case.is_open
    hotels = hotels_for_case(case=case)
    today = timezone.localdate()
    bookings = list(bookings_for_case(case=case))
    return {
        "eligibility": travel_eligibility(case),
        "bookings": bookings,
        "estimate": cost_estimate(case=case, bookings=bookings),
        "can_arrange": coordinator,
        "transport_form": TransportForm(initial={"outbound_on": today, "return_on": today})
        if coordinator
        else None,
        "lodging_form": LodgingForm(hotels=hotels) if coordinator else None,
        "confirm_form": ConfirmForm() if coordinator else None,
    }


def patient_panel(user: User, case: Case) -> dict[str, object] | None:
    if not cases_visible_to(user=user).filter(pk=case.pk, patient__user=user).exists():
        return None
    bookings = list(bookings_for_case(case=case))
    return {
        "eligibility": travel_eligibility(case),
        "bookings": bookings,
        "estimate": cost_estimate(case=case, bookings=bookings),
    }
