from __future__ import annotations

from django.db import models

# Days after the opinion is delivered at which the navigator checks in.
CHECK_IN_DAYS = (30, 90, 180)


class CheckInStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    DONE = "done", "Done"
    MISSED = "missed", "Could not reach the patient"


class RevisionStatus(models.TextChoices):
    DRAFTED = "drafted", "Drafted"
    DELIVERED = "delivered", "Delivered to the patient"
