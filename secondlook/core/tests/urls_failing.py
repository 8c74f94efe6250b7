"""The project's URLs plus a view that fails while holding a patient's record, for the
test that the 500 page and the error log give nothing of that record away."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as project_urlpatterns
from secondlook.cases.models import Patient

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def failing_view(request: HttpRequest, pk: int) -> HttpResponse:
    patient = Patient.objects.get(pk=pk)
    raise ValueError(
        f"could not file record for {patient.full_name} ({patient.email}, "
        f"born {patient.date_of_birth}, phone {patient.phone})"
    )


urlpatterns = [path("failing/<int:pk>/", failing_view), *project_urlpatterns]
