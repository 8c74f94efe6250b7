"""Travel and lodging pages: thin — check the form, call one service, show its message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from secondlook.cases.models import Case
from secondlook.cases.selectors import case_get_for
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.logistics import services
from secondlook.logistics.forms import ConfirmForm, LodgingForm, TransportForm
from secondlook.logistics.models import Booking
from secondlook.logistics.selectors import hotels_for_case


def _staff_case(request: HttpRequest, pk: int) -> Case:
    if not request.user.is_authenticated or not request.user.is_clinic_staff:
        raise Http404
    try:
        return case_get_for(user=request.user, case_id=pk, purpose="travel and lodging")
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _back(case: Case) -> HttpResponse:
    return redirect(f"{reverse('cases:detail', args=[case.pk])}#travel-heading")


def _form_errors(request: HttpRequest, form: object) -> None:
    for errors in form.errors.values():  # type: ignore[attr-defined]
        messages.error(request, " ".join(errors))


@login_required
@require_POST
def transport_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _staff_case(request, pk)
    form = TransportForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    try:
        services.transport_request(actor=request.user, case=case, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, f"Travel request refused. {exc.message}")
    else:
        messages.success(request, "Transport requested.")
    return _back(case)


@login_required
@require_POST
def lodging_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _staff_case(request, pk)
    form = LodgingForm(request.POST, hotels=hotels_for_case(case=case))
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    try:
        services.lodging_request(actor=request.user, case=case, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, f"Lodging request refused. {exc.message}")
    else:
        messages.success(request, "Lodging requested.")
    return _back(case)


@login_required
@require_POST
def booking_confirm(request: HttpRequest, pk: int, booking_id: int) -> HttpResponse:
    case = _staff_case(request, pk)
    booking = get_object_or_404(Booking, pk=booking_id, case=case)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(case)
    try:
        services.booking_confirm(actor=request.user, booking=booking, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Booking confirmed.")
    return _back(case)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int, booking_id: int) -> HttpResponse:
    case = _staff_case(request, pk)
    booking = get_object_or_404(Booking, pk=booking_id, case=case)
    try:
        services.booking_cancel(
            actor=request.user, booking=booking, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Booking cancelled.")
    return _back(case)
