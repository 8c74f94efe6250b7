"""Choices of the treatment-options knowledge base; values match the pure engine's."""

from __future__ import annotations

from django.db import models


class Modality(models.TextChoices):
    SURGERY = "surgery", "Surgery"
    RADIATION = "radiation", "Radiation"
    SYSTEMIC = "systemic", "Systemic therapy"
    SURVEILLANCE = "surveillance", "Surveillance"
    SUPPORTIVE = "supportive", "Supportive care"


class Setting(models.TextChoices):
    NEOADJUVANT = "neoadjuvant", "Neoadjuvant (before surgery)"
    ADJUVANT = "adjuvant", "Adjuvant (after surgery)"
    DEFINITIVE = "definitive", "Definitive (primary treatment)"
    FIRST_LINE_METASTATIC = "first_line_metastatic", "First-line metastatic"
    LATER_LINE = "later_line", "Later lines"


class EvidenceLevel(models.TextChoices):
    FDA_APPROVED = "fda_approved", "FDA-approved"
    GUIDELINE = "guideline", "Guideline"
    CLINICAL_TRIAL = "clinical_trial", "Clinical trial"
    CLINICAL_EVIDENCE = "clinical_evidence", "Clinical evidence"
    PRECLINICAL = "preclinical", "Preclinical"


class Effect(models.TextChoices):
    SENSITIVITY = "sensitivity", "Sensitivity (proposes the therapy)"
    RESISTANCE = "resistance", "Resistance (rules the therapy out)"


class OptionCategory(models.TextChoices):
    STANDARD_OF_CARE = "standard_of_care", "Standard of care"
    TARGETED_THERAPY = "targeted_therapy", "Targeted therapy"
    IMMUNOTHERAPY = "immunotherapy", "Immunotherapy"
    CLINICAL_TRIAL = "clinical_trial", "Consider a clinical trial"


class Goal(models.TextChoices):
    CURE = "cure", "Cure"
    LONGER_LIFE = "longer_life", "Longer life"
    QUALITY_OF_LIFE = "quality_of_life", "Quality of life"
    FERTILITY = "fertility", "Keep fertility"
    AVOID_SURGERY = "avoid_surgery", "Avoid surgery"
    STAY_NEAR_HOME = "stay_near_home", "Stay near home"


class EntryKind(models.TextChoices):
    """The three kinds of knowledge-base entry, as they appear in addresses."""

    STANDARD_OF_CARE = "standard-of-care", "Standard of care"
    BIOMARKER = "biomarker", "Biomarker assertion"
    WORKUP = "workup", "Work-up rule"


class EntryOrigin(models.TextChoices):
    CURATED = "curated", "Curated by the program"
    CIVIC = "civic", "Imported from CIViC"
