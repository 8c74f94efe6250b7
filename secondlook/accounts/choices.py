from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    NAVIGATOR = "navigator", "Navigator"
    SPECIALIST = "specialist", "Specialist"
    PATHOLOGIST = "pathologist", "Pathologist"
    RADIOLOGIST = "radiologist", "Radiologist"
    TUMOR_BOARD_CHAIR = "tumor_board_chair", "Tumor board chair"
    SUPPORTIVE_CARE = "supportive_care", "Supportive-care clinician"
    PROGRAM_ADMIN = "program_admin", "Program admin"


class Specialty(models.TextChoices):
    NONE = "", "—"
    MEDICAL_ONCOLOGY = "medical_oncology", "Medical oncology"
    SURGICAL_ONCOLOGY = "surgical_oncology", "Surgical oncology"
    RADIATION_ONCOLOGY = "radiation_oncology", "Radiation oncology"
    GYNECOLOGIC_ONCOLOGY = "gynecologic_oncology", "Gynecologic oncology"
    HEMATOLOGY_ONCOLOGY = "hematology_oncology", "Hematology/oncology"
    UROLOGIC_ONCOLOGY = "urologic_oncology", "Urologic oncology"
    NEURO_ONCOLOGY = "neuro_oncology", "Neuro-oncology"
    PATHOLOGY = "pathology", "Pathology"
    RADIOLOGY = "radiology", "Radiology"
    NUTRITION = "nutrition", "Nutrition"
    PAIN_PALLIATIVE = "pain_palliative", "Pain and palliative care"
    PSYCHO_ONCOLOGY = "psycho_oncology", "Psycho-oncology"
    SOCIAL_WORK = "social_work", "Social work"
    CHAPLAINCY = "chaplaincy", "Chaplaincy"


CLINICAL_ROLES = frozenset(
    {
        Role.SPECIALIST,
        Role.PATHOLOGIST,
        Role.RADIOLOGIST,
        Role.TUMOR_BOARD_CHAIR,
        Role.SUPPORTIVE_CARE,
    }
)
STAFF_ROLES = frozenset(set(Role) - {Role.PATIENT})
