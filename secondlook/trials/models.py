"""The trial registry, each case's matches, and the navigator's referrals.

A trial comes from ClinicalTrials.gov or is added by hand by a site; its eligibility
text is kept whole and as one Criterion row per item with the checks parsed from it.
TrialMatch rows are the last matching run for a case (score, verdict, criteria table);
TrialReferral is what the navigator did about one trial for one case, with its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.accounts.models import Site
from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.trials.choices import (
    CriterionKind,
    MatchVerdict,
    ReferralStatus,
    TrialSex,
    TrialSource,
    TrialStatus,
)


class Trial(BaseModel):
    nct_id = models.CharField(
        "registry id",
        max_length=32,
        unique=True,
        help_text="NCT number, or LOCAL-… for a site's own trial",
    )
    source = models.CharField(max_length=8, choices=TrialSource.choices, default=TrialSource.CTGOV)
    brief_title = models.CharField(max_length=500)
    official_title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    conditions = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    phases = models.JSONField(default=list, blank=True)
    overall_status = models.CharField(
        max_length=32, choices=TrialStatus.choices, default=TrialStatus.RECRUITING
    )
    study_type = models.CharField(max_length=32, blank=True)
    interventions = models.JSONField(default=list, blank=True)
    minimum_age = models.CharField(max_length=20, blank=True)
    maximum_age = models.CharField(max_length=20, blank=True)
    sex = models.CharField(max_length=8, choices=TrialSex.choices, default=TrialSex.ALL)
    healthy_volunteers = models.BooleanField(default=False)
    eligibility_text = models.TextField(blank=True)
    last_update = models.DateField(null=True, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=60, blank=True)
    contact_email = models.CharField(max_length=200, blank=True)
    run_at_sites = models.ManyToManyField(Site, blank=True, related_name="trials_run")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["nct_id"]
        indexes = [models.Index(fields=["overall_status"]), models.Index(fields=["last_update"])]

    def __str__(self) -> str:
        return f"{self.nct_id} {self.brief_title}"

    @property
    def is_local(self) -> bool:
        return self.source == TrialSource.LOCAL


class TrialLocation(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="locations")
    facility = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=120, blank=True)
    zip = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=32, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=60, blank=True)
    contact_email = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.facility}, {self.city}"


class Criterion(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=10, choices=CriterionKind.choices)
    order = models.PositiveIntegerField()
    text = models.TextField()
    checks = models.JSONField(
        default=list, blank=True, help_text="structured checks parsed from the text"
    )

    class Meta:
        ordering = ["trial", "order"]
        constraints = [
            models.UniqueConstraint(fields=["trial", "order"], name="trials_criterion_order")
        ]

    def __str__(self) -> str:
        return f"{self.trial_id} {self.kind} {self.order}"


class SiteCoordinates(models.Model):
    """Where a program site is, so trial distance can be measured without a ZIP table."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="coordinates")
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return f"{self.site_id} at {self.latitude}, {self.longitude}"


class TrialMatchRun(models.Model):
    """One matching run for a case: when, on which facts, against how many trials."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="trial_match_runs")
    ran_at = models.DateTimeField(auto_now_add=True)
    facts_fingerprint = models.CharField(max_length=64)
    registry_version = models.CharField(max_length=64)
    trials_considered = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} for case {self.case_id}"


class TrialMatch(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="trial_matches")
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="matches")
    rank = models.PositiveIntegerField()
    score = models.FloatField()
    verdict = models.CharField(max_length=20, choices=MatchVerdict.choices)
    distance_km = models.FloatField(null=True, blank=True)
    nearest_site = models.JSONField(default=dict, blank=True)
    criteria = models.JSONField(default=list, blank=True)
    matched_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "rank"]
        constraints = [models.UniqueConstraint(fields=["case", "trial"], name="trials_match_once")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.trial_id} #{self.rank}"


class TrialReferral(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="trial_referrals")
    trial = models.ForeignKey(Trial, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    reason = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "trial"], name="trials_referral_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.trial_id}: {self.status}"


class TrialReferralEvent(models.Model):
    referral = models.ForeignKey(TrialReferral, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.status}"
