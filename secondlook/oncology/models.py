from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.oncology.choices import (
    Certainty,
    ConcordanceGrade,
    DiagnosisKind,
    DiagnosisStatus,
    FactField,
    Laterality,
    ProposalStatus,
)
from secondlook.records.models import Document


class Diagnosis(BaseModel):
    """One structured diagnosis of a case: the outside one, or the second-opinion one.

    The outside diagnosis is built from what the referring reports state (or entered by
    hand); the review diagnosis from the facts a pathologist or specialist confirmed.
    T/N/M keep their classification prefix ("pT3", "ycN1") because a clinical and a
    pathologic stage are different statements.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="diagnoses")
    kind = models.CharField(max_length=10, choices=DiagnosisKind.choices)
    status = models.CharField(max_length=12, choices=DiagnosisStatus.choices)
    cancer_type_code = models.CharField("OncoTree code", max_length=16, blank=True)
    cancer_type_name = models.CharField(max_length=200, blank=True)
    primary_site_code = models.CharField("ICD-O-3 topography", max_length=8, blank=True)
    primary_site_name = models.CharField(max_length=200, blank=True)
    histology_code = models.CharField("ICD-O-3 morphology", max_length=8, blank=True)
    histology_name = models.CharField(max_length=200, blank=True)
    grade = models.CharField(max_length=40, blank=True)
    laterality = models.CharField(max_length=16, choices=Laterality.choices, blank=True)
    tumor_size_mm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    margins = models.CharField(max_length=120, blank=True)
    nodes_examined = models.PositiveSmallIntegerField(null=True, blank=True)
    nodes_positive = models.PositiveSmallIntegerField(null=True, blank=True)
    lvi = models.CharField("Lymphovascular invasion", max_length=40, blank=True)
    t = models.CharField("T category", max_length=16, blank=True)
    n = models.CharField("N category", max_length=16, blank=True)
    m = models.CharField("M category", max_length=16, blank=True)
    ajcc_edition = models.CharField(max_length=8, blank=True)
    stage_group = models.CharField(max_length=16, blank=True)
    stage_system = models.CharField(max_length=40, blank=True)
    stage_note = models.CharField(
        max_length=300, blank=True, help_text="Why the stage could not be computed, if so."
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="diagnosis_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of case #{self.case_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == DiagnosisStatus.CONFIRMED


class DiagnosisBiomarker(models.Model):
    """A tumor marker or gene result of a diagnosis (ER 95%, HER2 1+, EGFR exon 19 deletion)."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="biomarkers")
    name = models.CharField(max_length=20)
    alteration = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=12, default="positive")
    value = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} {self.alteration}".strip()


class FactProposal(BaseModel):
    """One fact a record states, waiting for a pathologist or specialist to decide on it.

    `value` is what the report says (never changed); `confirmed_value` is what the
    reviewer accepted or corrected it to. `start`/`end` point into the record's text.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="fact_proposals")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="fact_proposals")
    field = models.CharField(max_length=20, choices=FactField.choices)
    value = models.CharField(max_length=120)
    display = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    confidence = models.FloatField()
    certainty = models.CharField(
        max_length=16, choices=Certainty.choices, default=Certainty.AFFIRMED
    )
    specimen = models.CharField(max_length=8, blank=True)
    code_system = models.CharField(max_length=40, blank=True)
    superseded = models.BooleanField(default=False)
    biomarker_name = models.CharField(max_length=20, blank=True)
    biomarker_alteration = models.CharField(max_length=80, blank=True)
    biomarker_status = models.CharField(max_length=12, blank=True)
    biomarker_value = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    confirmed_value = models.CharField(max_length=120, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document_id", "start", "id"]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.value}"

    @property
    def label(self) -> str:
        if self.field == FactField.BIOMARKER and self.biomarker_name:
            return self.biomarker_name
        return self.get_field_display()

    @property
    def current_value(self) -> str:
        """What the fact stands for now: the reviewer's value once decided, else the report's."""
        if self.status in (ProposalStatus.CONFIRMED, ProposalStatus.EDITED):
            return self.confirmed_value
        return self.value


class FactEdit(models.Model):
    """History of a decision on a proposal: who changed what from what to what, and when."""

    proposal = models.ForeignKey(FactProposal, on_delete=models.CASCADE, related_name="edits")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, choices=ProposalStatus.choices)
    to_status = models.CharField(max_length=12, choices=ProposalStatus.choices)
    old_value = models.CharField(max_length=120, blank=True)
    new_value = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"


class ConcordanceAssessment(BaseModel):
    """How the second-opinion diagnosis differs from the outside one, graded, with why.

    A new assessment is written each time the review diagnosis is confirmed again; the
    latest one is the case's grade.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="concordance")
    grade = models.CharField(max_length=8, choices=ConcordanceGrade.choices)
    changes_management = models.BooleanField()
    reason = models.TextField()
    differences = models.JSONField(default=list)
    stage_outside = models.CharField(max_length=16, blank=True)
    stage_review = models.CharField(max_length=16, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} for case #{self.case_id}"
