from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.followup.choices import CheckInStatus, RevisionStatus


class CheckIn(BaseModel):
    """A scheduled follow-up contact with the patient, N days after the opinion."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="check_ins")
    day = models.PositiveSmallIntegerField(help_text="Days after the opinion was delivered.")
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=CheckInStatus.choices, default=CheckInStatus.SCHEDULED
    )
    note = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "day"], name="check_in_once_per_day_mark")
        ]

    def __str__(self) -> str:
        return f"Day-{self.day} check-in of case #{self.case_id}"


class PlanRevision(BaseModel):
    """A follow-up re-review that changed the plan: which opinion version, what and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_revisions")
    opinion = models.OneToOneField(
        "review.OpinionVersion", on_delete=models.PROTECT, related_name="plan_revision"
    )
    what_changed = models.TextField()
    why = models.TextField()
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=RevisionStatus.choices, default=RevisionStatus.DRAFTED
    )
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Plan revision #{self.pk} of case #{self.case_id}"
