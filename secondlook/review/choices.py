from __future__ import annotations

from django.db import models


class DiagnosisVerdict(models.TextChoices):
    CONFIRMED = "confirmed", "Diagnosis confirmed"
    CHANGED = "changed", "Diagnosis changed"
    REFINED = "refined", "Diagnosis confirmed with changes to stage or extent"
    UNDETERMINED = "undetermined", "Cannot be confirmed without further tests"


class DiseaseTeamKind(models.TextChoices):
    """The disease teams a cancer center's board is organised by."""

    BREAST = "breast", "Breast"
    THORACIC = "thoracic", "Thoracic (lung)"
    GI = "gi", "Gastrointestinal"
    GYN = "gyn", "Gynecologic"
    GU = "gu", "Genitourinary"
    HEAD_NECK = "head_neck", "Head and neck"
    MELANOMA = "melanoma", "Melanoma and skin"
    HEME = "heme", "Hematologic"
    NEURO = "neuro", "Neuro-oncology"
    SARCOMA = "sarcoma", "Sarcoma"
    GENERAL = "general", "General oncology"


class ReviewerStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Not needed"


class Agreement(models.TextChoices):
    AGREE = "agree", "Agree"
    PARTLY = "partly", "Agree with changes"
    DISAGREE = "disagree", "Disagree"
    CANNOT_SAY = "cannot_say", "Cannot say yet"


class Concordance(models.TextChoices):
    """The reviewer's own grade of how the re-review compares with the outside report."""

    NONE = "none", "No difference"
    MINOR = "minor", "Minor difference (does not change management)"
    MAJOR = "major", "Major difference (changes management)"


class BoardSessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In session"
    CLOSED = "closed", "Closed"


class VoiceSource(models.TextChoices):
    PORTAL = "portal", "Patient, in the portal"
    NAVIGATOR = "navigator", "Navigator, from a conversation"


class DeliveryChannel(models.TextChoices):
    PORTAL = "portal", "Patient portal"
    EMAIL = "email", "E-mail to the referring physician"
    FHIR = "fhir", "FHIR DocumentReference export"


class SummaryLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


class Modality(models.TextChoices):
    """Treatments an opinion recommends or offers as alternatives (patient words in
    review/plain_language.py)."""

    SURGERY = "surgery", "Surgery"
    CHEMOTHERAPY = "chemotherapy", "Chemotherapy"
    RADIATION = "radiation", "Radiation therapy"
    BRACHYTHERAPY = "brachytherapy", "Vaginal brachytherapy"
    IMMUNOTHERAPY = "immunotherapy", "Immunotherapy"
    TARGETED = "targeted", "Targeted therapy"
    HORMONE = "hormone", "Hormone therapy"
    SURVEILLANCE = "surveillance", "Active surveillance / observation"
    CLINICAL_TRIAL = "clinical_trial", "Clinical trial"
    STEM_CELL = "stem_cell", "Stem cell transplant"
    PALLIATIVE = "palliative", "Palliative care"


class WorkupTest(models.TextChoices):
    CT = "ct", "CT scan"
    MRI = "mri", "MRI"
    PET = "pet", "PET-CT"
    BIOPSY = "biopsy", "Biopsy"
    GENETIC = "genetic", "Genetic testing (germline)"
    TUMOR_MARKERS = "tumor_markers", "Tumor molecular profiling"
    BLOOD = "blood", "Blood tests"


class SupportiveNeed(models.TextChoices):
    NUTRITION = "nutrition", "Nutrition"
    PAIN = "pain", "Pain and symptom care"
    EMOTIONAL = "emotional", "Emotional support (psycho-oncology)"
    SOCIAL_WORK = "social_work", "Social work"
    SPIRITUAL = "spiritual", "Spiritual care"
    FERTILITY = "fertility", "Fertility preservation"
    FINANCIAL = "financial", "Financial counseling"
