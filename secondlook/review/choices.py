from __future__ import annotations

from django.db import models


class DiagnosisVerdict(models.TextChoices):
    CONFIRMED = "confirmed", "Diagnosis confirmed"
    CHANGED = "changed", "Diagnosis changed"
    REFINED = "refined", "Diagnosis confirmed with changes to stage or extent"
    UNDETERMINED = "undetermined", "Cannot be confirmed without further tests"
