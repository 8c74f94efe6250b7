"""A re-planned visit: lodging nights follow it, stale bookings are flagged and not confirmed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from secondlook.cases.models import Case, Task, TimelineEvent
from secondlook.core import extensions
from secondlook.core.business_days import is_business_day
from secondlook.core.errors import Conflict
from secondlook.core.testing import Personas
from secondlook.logistics import services
from secondlook.logistics.choices import BookingStatus, RateKind, TransportMode
from secondlook.logistics.models import Booking, PartnerHotel
from secondlook.scheduling import services as scheduling
from secondlook.scheduling.choices import Service
from secondlook.scheduling.tests.factories import clinic_week, open_week, visit_booked


def _open_week_after(monday: date) -> date:
    """The next Monday after this one whose five days are all business days."""
    monday += timedelta(days=7)
    while not all(is_business_day(monday + timedelta(days=i), subdivision="CA") for i in range(5)):
        monday += timedelta(days=7)
    return monday


def _visit(personas: Personas, monday: date) -> None:
    """Plan and accept CT and consult on Monday, the plan walkthrough on Tuesday."""
    visit_booked(
        actor=personas.nina,
        case=Case.objects.get(pk=personas.pat_case.pk),
        first_day=monday,
        last_day=monday + timedelta(days=1),
    )


def _rebook_tasks(case: Case) -> list[Task]:
    return list(
        Task.objects.filter(
            case=case, completed_at__isnull=True, title__startswith=services.REBOOK_TASK_TITLE
        )
    )


def _bookings_now() -> dict[int, tuple[object, ...]]:
    return {
        b.pk: (b.updated_at, b.status, b.outbound_on, b.return_on, b.nights, b.total_cost)
        for b in Booking.objects.all()
    }


@pytest.fixture
def hotel(personas: Personas) -> PartnerHotel:
    return PartnerHotel.objects.create(
        site=personas.pasadena,
        name="Garden Inn",
        rate_kind=RateKind.REDUCED,
        nightly_rate=Decimal("150.00"),
        program_pays_per_night=Decimal("120.00"),
    )


@pytest.fixture
def first_week(personas: Personas) -> date:
    clinic_week(personas.pasadena, oncologist=personas.olivia)
    monday = open_week()
    _visit(personas, monday)
    return monday


def _lodging(personas: Personas, hotel: PartnerHotel) -> Booking:
    return services.lodging_request(
        actor=personas.nina, case=personas.pat_case, hotel=hotel, with_caregiver=True
    )


def test_a_replan_to_other_days_re_derives_requested_lodging_nights_and_cost(
    personas: Personas, hotel: PartnerHotel, first_week: date
) -> None:
    # The first plan: CT and consult on Monday, walkthrough on Tuesday — two nights.
    lodging = _lodging(personas, hotel)
    assert lodging.nights == 2
    second = _open_week_after(first_week)
    request = scheduling.visit_request_create(
        actor=personas.nina,
        case=personas.pat_case,
        earliest_day=second,
        latest_day=second + timedelta(days=2),
        needs=[
            scheduling.NeedSpec(Service.CT, 30),
            scheduling.NeedSpec(Service.MEDICAL_ONCOLOGY, 60),
            scheduling.NeedSpec(Service.PLAN_WALKTHROUGH, 45, days_after_previous_stage=2),
        ],
    )
    itinerary = scheduling.itinerary_plan(actor=personas.nina, request=request).itinerary
    assert itinerary is not None
    scheduling.itinerary_accept(actor=personas.nina, itinerary=itinerary)

    lodging.refresh_from_db()
    # Monday to Wednesday now: check in Sunday, check out Wednesday, three nights.
    assert (lodging.outbound_on, lodging.return_on) == (
        second - timedelta(days=1),
        second + timedelta(days=2),
    )
    assert lodging.nights == 3
    assert lodging.total_cost == Decimal("450.00")
    assert lodging.program_pays == Decimal("360.00")
    assert lodging.patient_pays == Decimal("90.00")
    assert lodging.status == BookingStatus.REQUESTED
    assert TimelineEvent.objects.filter(
        case=personas.pat_case, summary__startswith="Lodging request follows the new itinerary"
    ).exists()
    # Requested, not booked: nothing to re-book, so no task; and it can now be confirmed.
    assert _rebook_tasks(personas.pat_case) == []
    services.booking_confirm(actor=personas.nina, booking=lodging, confirmation="H1")


def test_booked_lodging_left_stale_by_replans_gets_one_navigator_task(
    personas: Personas, hotel: PartnerHotel, first_week: date
) -> None:
    lodging = _lodging(personas, hotel)
    services.booking_confirm(actor=personas.nina, booking=lodging, confirmation="H1")
    second = _open_week_after(first_week)
    _visit(personas, second)

    tasks = _rebook_tasks(personas.pat_case)
    assert len(tasks) == 1
    assert tasks[0].assignee == personas.nina
    assert tasks[0].title.startswith("Itinerary changed: re-book lodging for the visit on")
    assert f"{second:%a %d %b}" in tasks[0].title
    lodging.refresh_from_db()
    # A booked room is the hotel's: left as it was for the navigator to re-book.
    assert (lodging.outbound_on, lodging.nights) == (first_week - timedelta(days=1), 2)

    third = _open_week_after(second)
    _visit(personas, third)
    tasks = _rebook_tasks(personas.pat_case)
    assert len(tasks) == 1
    assert f"{third:%a %d %b}" in tasks[0].title


def test_a_stale_requested_lodging_or_ill_timed_transport_cannot_be_confirmed(
    personas: Personas,
    hotel: PartnerHotel,
    first_week: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lodging = _lodging(personas, hotel)
    # As for a visit re-planned before lodging followed re-plans: nothing re-derived it.
    monkeypatch.setattr(extensions, "_itinerary_accepted", {})
    second = _open_week_after(first_week)
    _visit(personas, second)
    with pytest.raises(Conflict, match="no longer match the accepted itinerary") as refused:
        services.booking_confirm(actor=personas.nina, booking=lodging, confirmation="H1")
    assert "request lodging again" in refused.value.message
    assert Booking.objects.get(pk=lodging.pk).status == BookingStatus.REQUESTED

    def flight(outbound_on: date, return_on: date) -> Booking:
        return services.transport_request(
            actor=personas.nina,
            case=personas.pat_case,
            mode=TransportMode.AIR,
            origin="Fresno",
            outbound_on=outbound_on,
            return_on=return_on,
            with_caregiver=True,
            estimated_cost=Decimal("380.00"),
        )

    early = flight(second - timedelta(days=2), second + timedelta(days=1))
    with pytest.raises(Conflict, match="do not fit the accepted visit"):
        services.booking_confirm(actor=personas.nina, booking=early, confirmation="F0")
    before_the_end = flight(second - timedelta(days=1), second)
    with pytest.raises(Conflict, match="do not fit the accepted visit"):
        services.booking_confirm(actor=personas.nina, booking=before_the_end, confirmation="F1")
    # The day before the first appointment and the day after the last are normal.
    around = flight(second - timedelta(days=1), second + timedelta(days=2))
    booked = services.booking_confirm(actor=personas.nina, booking=around, confirmation="F2")
    assert booked.status == BookingStatus.BOOKED


def test_a_replan_to_the_same_days_changes_nothing(
    personas: Personas, hotel: PartnerHotel, first_week: date
) -> None:
    requested = _lodging(personas, hotel)
    flight = services.transport_request(
        actor=personas.nina,
        case=personas.pat_case,
        mode=TransportMode.TRAIN,
        origin="San Diego",
        outbound_on=first_week - timedelta(days=1),
        return_on=first_week + timedelta(days=1),
        with_caregiver=False,
        estimated_cost=Decimal("90.00"),
    )
    services.booking_confirm(actor=personas.nina, booking=flight, confirmation="T1")
    before = _bookings_now()
    last_event = TimelineEvent.objects.filter(case=personas.pat_case).order_by("-id").first()

    _visit(personas, first_week)

    after = _bookings_now()
    assert after == before
    assert requested.pk in after
    assert _rebook_tasks(personas.pat_case) == []
    # Only the scheduling entries (request, proposal, itinerary changed) are new.
    new = TimelineEvent.objects.filter(case=personas.pat_case, id__gt=last_event.pk)
    assert new.exists()
    assert not any("odging" in e.summary or "re-book" in e.summary for e in new)


def test_a_replan_back_to_the_booked_days_closes_the_re_book_task(
    personas: Personas, hotel: PartnerHotel, first_week: date
) -> None:
    lodging = _lodging(personas, hotel)
    services.booking_confirm(actor=personas.nina, booking=lodging, confirmation="H1")
    _visit(personas, _open_week_after(first_week))
    assert len(_rebook_tasks(personas.pat_case)) == 1
    _visit(personas, first_week)
    assert _rebook_tasks(personas.pat_case) == []
