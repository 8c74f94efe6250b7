"""The patient's voice: what matters to them, in their own words."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.review.choices import VoiceSource


class PatientVoice(BaseModel):
    """Goals and preferences, shown to every reviewer, at the board and quoted in the opinion."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="patient_voice")
    what_matters = models.TextField(blank=True)
    fears = models.TextField(blank=True)
    fertility = models.TextField(blank=True)
    work = models.TextField(blank=True)
    travel = models.TextField(blank=True)
    family = models.TextField(blank=True)
    questions = models.TextField(blank=True)
    view_of_options = models.TextField(
        blank=True, help_text="After the consult: what the patient thinks of the options."
    )
    source = models.CharField(max_length=12, choices=VoiceSource.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    FIELDS = (
        "what_matters",
        "fears",
        "fertility",
        "work",
        "travel",
        "family",
        "questions",
        "view_of_options",
    )

    def __str__(self) -> str:
        return f"Patient voice of case #{self.case_id}"

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.FIELDS)
