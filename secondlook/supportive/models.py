from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.supportive.choices import (
    CLOSED_REFERRAL_STATUSES,
    ReferralStatus,
    ScreenMoment,
    ScreenSource,
    Service,
)


class DistressScreen(BaseModel):
    """One NCCN Distress Thermometer and problem list, as the patient answered it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="distress_screens")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    problems = models.JSONField(default=list, blank=True)
    other_problem = models.CharField(max_length=300, blank=True)
    moment = models.CharField(max_length=12, choices=ScreenMoment.choices)
    source = models.CharField(max_length=12, choices=ScreenSource.choices)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    threshold = models.PositiveSmallIntegerField(help_text="The cut-off in force when answered.")
    urgent = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=10), name="distress_score_0_to_10")
        ]

    def __str__(self) -> str:
        return f"Distress screen #{self.pk} of case #{self.case_id}"


class Referral(BaseModel):
    """A referral to one supportive-care service, owned by one clinician until closed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supportive_referrals")
    screen = models.ForeignKey(DistressScreen, on_delete=models.CASCADE, related_name="referrals")
    service = models.CharField(max_length=20, choices=Service.choices)
    problems = models.JSONField(default=list, blank=True)
    urgent = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supportive_referrals",
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    outcome = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.get_service_display()} referral #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_REFERRAL_STATUSES
