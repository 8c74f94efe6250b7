from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from secondlook.cases.models import Case
from secondlook.core.errors import Conflict
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Last line of defence behind the services: a signed row is never written again.

        The services refuse first with a readable message; this catches any other code
        path (admin, shell, a future service, a stale copy of the row) by asking the
        database, not the in-memory copy, whether the row is already signed.
        """
        if (
            not self._state.adding
            and OpinionVersion.objects.filter(pk=self.pk, signed_at__isnull=False).exists()
        ):
            raise Conflict(
                f"Opinion version {self.number} is signed and cannot change; "
                "write a correction instead."
            )
        super().save(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_correction(self) -> bool:
        return self.supersedes_id is not None

    def __str__(self) -> str:
        return f"Opinion v{self.number} for case #{self.case_id}"


class CorrectionDelivery(models.Model):
    """The navigator released a corrected version to a patient who already had an opinion.

    The first delivery is the case's own transition (`Case.opinion_delivered_at`); a
    correction signed after that reaches the patient only through one of these rows, so
    a patient never reads a version nobody has talked them through.
    """

    opinion = models.OneToOneField(
        OpinionVersion, on_delete=models.PROTECT, related_name="correction_delivery"
    )
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Delivery of opinion #{self.opinion_id}"
