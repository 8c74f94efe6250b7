"""Disease teams, the specialists reviewing a case, and what each of them found."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.accounts.choices import Specialty
from secondlook.accounts.models import Site
from secondlook.cases.models import Case, Task
from secondlook.core.models import BaseModel
from secondlook.review.choices import Agreement, Concordance, DiseaseTeamKind, ReviewerStatus


class DiseaseTeam(BaseModel):
    """The specialists of one site who review one family of cancers together."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="disease_teams")
    kind = models.CharField(max_length=16, choices=DiseaseTeamKind.choices)
    name = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "kind"], name="disease_team_one_per_site_kind")
        ]
        ordering = ["site__name", "name"]

    def __str__(self) -> str:
        return self.name


class DiseaseTeamMember(BaseModel):
    team = models.ForeignKey(DiseaseTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    specialty = models.CharField(max_length=40, choices=Specialty.choices)
    is_chair = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_member_once"),
        ]
        ordering = ["team", "specialty", "user__last_name"]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class CaseReviewer(BaseModel):
    """A specialist proposed for, then confirmed on, a case's review (beside the attending).

    Proposed rows carry why they were proposed; the navigator confirms or declines each.
    A confirmed reviewer gets a Task due inside the case's SLA.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="specialist_reviewers")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_reviews"
    )
    specialty = models.CharField(max_length=40, choices=Specialty.choices)
    reason = models.CharField(max_length=300)
    status = models.CharField(
        max_length=12, choices=ReviewerStatus.choices, default=ReviewerStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    task = models.OneToOneField(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="specialist_review"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "reviewer"], name="case_reviewer_once"),
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]
        ordering = ["case", "specialty"]

    def __str__(self) -> str:
        return f"{self.reviewer} on case #{self.case_id}"


class ReviewerFinding(BaseModel):
    """One reviewer's structured findings on a case; saved as a draft, then submitted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviewer_findings")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    specialty = models.CharField(max_length=40, choices=Specialty.choices, blank=True)
    diagnosis_agreement = models.CharField(max_length=12, choices=Agreement.choices)
    plan_agreement = models.CharField(max_length=12, choices=Agreement.choices)
    would_change = models.TextField(blank=True)
    tests_wanted = models.TextField(blank=True)
    options_favoured = models.TextField(blank=True)
    # Options picked from the matcher's list for the case, copied as shown (category,
    # label, therapies, evidence level, source); `options_favoured` holds anything else.
    options_picked = models.JSONField(default=list, blank=True)
    reasoning = models.TextField(blank=True)
    # Pathology and radiology re-reviews: the reviewer's own grade against the outside report.
    concordance = models.CharField(max_length=8, choices=Concordance.choices, blank=True)
    concordance_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "reviewer"], name="finding_one_per_reviewer"),
        ]
        ordering = ["case", "specialty"]

    def __str__(self) -> str:
        return f"Findings of {self.reviewer} on case #{self.case_id}"
