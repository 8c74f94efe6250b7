from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from secondlook.cases.models import Case
from secondlook.core.errors import Conflict
from secondlook.core.models import BaseModel
from secondlook.review.choices import Concordance, DeliveryChannel, DiagnosisVerdict


class PlanChange(models.TextChoices):
    """What the opinion did to the treatment plan the patient came with.

    Recorded by the attending on every version; the program's plan-change rate counts
    delivered opinions, not diagnosis verdicts (a refined stage may leave the plan as it was,
    and a confirmed diagnosis may still get a different plan).
    """

    CONFIRMED = "confirmed", "Outside plan confirmed"
    CHANGED = "changed", "Recommended plan differs from the outside plan"
    NO_PRIOR_PLAN = "no_prior_plan", "No outside plan to compare with"


class OpinionVersionQuerySet(models.QuerySet["OpinionVersion"]):
    """Bulk writes that would reach a signed version are refused, like single saves.

    `Model.save` is not called by `QuerySet.update` or `QuerySet.delete`, so the refusal
    lives here too: a bulk write touching any signed row changes nothing.
    """

    def _refuse_signed(self, what: str) -> None:
        signed = self.filter(signed_at__isnull=False).values_list("number", flat=True)[:1]
        if signed:
            raise Conflict(
                f"Opinion version {signed[0]} is signed and cannot be {what}; "
                "write a correction instead."
            )

    def update(self, **kwargs: Any) -> int:
        self._refuse_signed("changed")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_signed("deleted")
        return super().delete()

    def signing_times_backdate(self, *, later_than: datetime, to: datetime) -> int:
        """Move signing times later than `later_than` back to `to`, and nothing else.

        Only for the demo builder, which spreads a story over past days after the real
        services signed its opinions "now"; content, signer and hash are untouched, so
        every signed version still verifies.
        """
        return models.QuerySet.update(self.filter(signed_at__gt=later_than), signed_at=to)


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
    # The structured content both the clinician letter and the patient summary are built
    # from; lists hold keys of review.choices (Modality, WorkupTest, SupportiveNeed).
    concordance = models.CharField(max_length=8, choices=Concordance.choices, blank=True)
    concordance_reason = models.TextField(blank=True)
    stage = models.CharField(max_length=40, blank=True)
    recommended_plan = models.JSONField(default=list, blank=True)
    alternatives = models.JSONField(default=list, blank=True)
    tests_recommended = models.JSONField(default=list, blank=True)
    supportive_care = models.JSONField(default=list, blank=True)
    evidence = models.TextField(blank=True, help_text="Evidence for the plan and alternatives.")
    trials = models.TextField(blank=True)
    board_consensus = models.TextField(blank=True)
    # The treatment options the attending chose from the matcher, copied as they were
    # (category, label, therapies, evidence level, why, source, knowledge-base version),
    # and the knowledge-base version they came from: part of the signed content.
    chosen_options = models.JSONField(default=list, blank=True)
    knowledge_version = models.ForeignKey(
        "therapies.KnowledgeVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_versions",
    )
    plan_change = models.CharField(max_length=16, choices=PlanChange.choices, blank=True)
    # A follow-up revision or correction: what changed from the version it supersedes
    # (its reason is `correction_reason`).
    what_changed = models.TextField(blank=True)
    # Fixed at signing: the generated plain-language summaries and their reading grades.
    patient_summary_en = models.TextField(blank=True)
    patient_summary_es = models.TextField(blank=True)
    summary_grade_en = models.FloatField(null=True, blank=True)
    summary_grade_es = models.FloatField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    pdf_storage_name = models.CharField(max_length=80, blank=True)

    objects = OpinionVersionQuerySet.as_manager()

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

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """A signed version is a medical-legal record: it is never removed."""
        if OpinionVersion.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise Conflict(f"Opinion version {self.number} is signed and cannot be deleted.")
        return super().delete(*args, **kwargs)

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


class OpinionDelivery(models.Model):
    """One sending of a signed opinion outside the portal: e-mail or a FHIR export.

    Portal deliveries are already recorded by the case transition and CorrectionDelivery;
    the selector `opinion_deliveries` lists all of them together.
    """

    opinion = models.ForeignKey(OpinionVersion, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=8, choices=DeliveryChannel.choices)
    recipient = models.CharField(max_length=254, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} of opinion #{self.opinion_id}"


class FollowUpQuestion(models.Model):
    """A question the patient asked after reading their opinion; answered by an addendum."""

    opinion = models.ForeignKey(
        OpinionVersion, on_delete=models.PROTECT, related_name="follow_up_questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField()
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self) -> str:
        return f"Follow-up question #{self.pk}"


class Addendum(models.Model):
    """The attending's signed answer to a follow-up question. Written once, never changed."""

    opinion = models.ForeignKey(OpinionVersion, on_delete=models.PROTECT, related_name="addenda")
    question = models.OneToOneField(
        FollowUpQuestion, on_delete=models.PROTECT, related_name="addendum"
    )
    answer = models.TextField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    content_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"Addendum #{self.pk} to opinion #{self.opinion_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An addendum is signed when written: any second write is refused."""
        if not self._state.adding:
            raise Conflict("A signed addendum cannot change; write another answer instead.")
        super().save(*args, **kwargs)
