from __future__ import annotations

from django.db import models


class BookingKind(models.TextChoices):
    TRANSPORT = "transport", "Transport"
    LODGING = "lodging", "Lodging"


class TransportMode(models.TextChoices):
    AIR = "air", "Flight"
    TRAIN = "train", "Train"
    GROUND = "ground", "Car service or shuttle"
    MILEAGE = "mileage", "Own car (mileage paid)"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"


class RateKind(models.TextChoices):
    COMPLIMENTARY = "complimentary", "Complimentary"
    REDUCED = "reduced", "Reduced rate"


class ChargeItem(models.TextChoices):
    CONSULT = "consult", "Specialist consult"
    IMAGING = "imaging", "Imaging"
    PATHOLOGY_REVIEW = "pathology_review", "Pathology review"
