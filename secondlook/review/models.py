from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.review.choices import DiagnosisVerdict


class OpinionVersion(BaseModel):
    """One version of a case's written opinion.

    A signed version never changes: its PDF and a hash of its content are kept, and a
    correction is a new version that says what it supersedes and why.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="opinion_versions")
    number = models.PositiveSmallIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=16, choices=DiagnosisVerdict.choices)
    diagnosis = models.TextField(help_text="The diagnosis as this review finds it.")
    recommendations = models.TextField()
    answers = models.TextField(help_text="Answers to the patient's own questions.")
    correction_reason = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    pdf_storage_name = models.CharField(max_length=80, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="opinion_version_unique"),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True)
                | Q(signed_by__isnull=False, content_sha256__gt=""),
                name="opinion_signed_has_signer_and_hash",
            ),
        ]
        ordering = ["case", "-number"]

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def __str__(self) -> str:
        return f"Opinion v{self.number} for case #{self.case_id}"
