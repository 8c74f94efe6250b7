from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.portal.choices import Agreement, Recommend


class Message(BaseModel):
    """One message in the patient ↔ navigator thread of a case (secure: it stays here)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="portal_messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_patient = models.BooleanField()
    body = models.TextField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "from_patient", "read_at"])]

    def __str__(self) -> str:
        return f"Message #{self.pk} on case #{self.case_id}"


class QuestionList(BaseModel):
    """The patient's own list of questions to bring to their doctor; starts from the case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="question_list")
    questions = models.JSONField(default=list)
    edited = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Questions of case #{self.case_id}"


class SurveyResponse(BaseModel):
    """The satisfaction survey: one answer per second opinion (per case), after delivery."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="survey_response")
    opinion = models.ForeignKey(
        "review.OpinionVersion", on_delete=models.PROTECT, related_name="survey_responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommend = models.CharField(max_length=16, choices=Recommend.choices)
    explained_clearly = models.CharField(max_length=10, choices=Agreement.choices, blank=True)
    navigator_helpful = models.CharField(max_length=10, choices=Agreement.choices, blank=True)
    felt_heard = models.CharField(max_length=10, choices=Agreement.choices, blank=True)
    comments = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Survey of case #{self.case_id}"


class ReferringUploadLink(BaseModel):
    """An upload link for the referring physician, for one case, for a limited time.

    Physicians who send records rarely have (or want) an account here; the navigator
    issues a link that carries a signed token naming this row. The row is what makes the
    link revocable and rate-limited, and what the audit log points to.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referring_upload_links")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    physician_name = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    uploads = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(null=True, blank=True)
    window_attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Upload link #{self.pk} for case #{self.case_id}"
