from __future__ import annotations

from django.db import models


class Service(models.TextChoices):
    """What a patient can need during the visit; each resource offers some of these."""

    CT = "ct", "CT scan"
    MRI = "mri", "MRI scan"
    PET = "pet", "PET scan"
    PATHOLOGY_REVIEW = "pathology_review", "Pathology re-review"
    MEDICAL_ONCOLOGY = "medical_oncology", "Medical oncologist consult"
    SURGICAL_ONCOLOGY = "surgical_oncology", "Surgical oncologist consult"
    RADIATION_ONCOLOGY = "radiation_oncology", "Radiation oncologist consult"
    GYNECOLOGIC_ONCOLOGY = "gynecologic_oncology", "Gynecologic oncologist consult"
    SUPPORTIVE_INTAKE = "supportive_intake", "Supportive-care intake"
    PLAN_WALKTHROUGH = "plan_walkthrough", "Plan walkthrough"


IMAGING = frozenset({Service.CT, Service.MRI, Service.PET})
CONSULTS = frozenset(
    {
        Service.MEDICAL_ONCOLOGY,
        Service.SURGICAL_ONCOLOGY,
        Service.RADIATION_ONCOLOGY,
        Service.GYNECOLOGIC_ONCOLOGY,
        Service.SUPPORTIVE_INTAKE,
    }
)


def stage_of(service: str) -> int:
    """Imaging and re-reviews first, consults that read them next, the walkthrough last."""
    if service in IMAGING or service == Service.PATHOLOGY_REVIEW:
        return 0
    if service == Service.PLAN_WALKTHROUGH:
        return 2
    return 1


class Modality(models.TextChoices):
    CT = "ct", "CT"
    MRI = "mri", "MRI"
    PET = "pet", "PET"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class RequestStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to be planned"
    PROPOSED = "proposed", "Itinerary proposed"
    ACCEPTED = "accepted", "Itinerary accepted"
    CANCELLED = "cancelled", "Cancelled"


class ItineraryStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    SUPERSEDED = "superseded", "Replaced by a newer plan"
