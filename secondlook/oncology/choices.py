from __future__ import annotations

from django.db import models


class DiagnosisKind(models.TextChoices):
    OUTSIDE = "outside", "Outside (referring) diagnosis"
    REVIEW = "review", "Second-opinion diagnosis"


class DiagnosisStatus(models.TextChoices):
    """An outside diagnosis is "as reported"; a review diagnosis is a draft until confirmed."""

    AS_REPORTED = "as_reported", "As reported"
    ENTERED = "entered", "Entered by hand"
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for review"
    CONFIRMED = "confirmed", "Confirmed"
    EDITED = "edited", "Corrected"
    REJECTED = "rejected", "Rejected"


class Certainty(models.TextChoices):
    AFFIRMED = "affirmed", "Stated"
    NEGATED = "negated", "Negated"
    UNCERTAIN = "uncertain", "Uncertain"
    NOT_ASSESSABLE = "not_assessable", "Cannot be assessed"


class ConcordanceGrade(models.TextChoices):
    NONE = "none", "No change"
    MINOR = "minor", "Minor change"
    MAJOR = "major", "Major change"


class Laterality(models.TextChoices):
    UNKNOWN = "", "Not stated"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BILATERAL = "bilateral", "Bilateral"
    NOT_APPLICABLE = "not_applicable", "Not a paired organ"


class FactField(models.TextChoices):
    """What an extracted fact is about, in the words a pathologist uses."""

    CANCER_TYPE = "cancer_type", "Cancer type"
    PRIMARY_SITE = "primary_site", "Primary site"
    HISTOLOGY = "histology", "Histology"
    GRADE = "grade", "Grade"
    LATERALITY = "laterality", "Laterality"
    TUMOR_SIZE = "tumor_size_mm", "Tumor size (mm)"
    MARGINS = "margins", "Margins"
    NODES_EXAMINED = "nodes_examined", "Lymph nodes examined"
    NODES_POSITIVE = "nodes_positive", "Lymph nodes positive"
    LVI = "lvi", "Lymphovascular invasion"
    T = "t", "T category"
    N = "n", "N category"
    M = "m", "M category"
    AJCC_EDITION = "ajcc_edition", "AJCC edition"
    FIGO_STAGE = "figo_stage", "FIGO stage"
    STAGE_GROUP = "stage_group", "Stage group"
    BIOMARKER = "biomarker", "Biomarker"
