"""Tumor board: sessions, their agendas, what was agreed and who disagreed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.review.choices import BoardSessionStatus
from secondlook.review.models.team import DiseaseTeam


class BoardPreparation(BaseModel):
    """When a case's board preparation opened (reviewers confirmed) and when it was ready.

    The difference is the preparation time the analytics dashboard reports.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="board_preparation")
    team = models.ForeignKey(DiseaseTeam, on_delete=models.PROTECT, related_name="preparations")
    opened_at = models.DateTimeField()
    ready_at = models.DateTimeField(null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["team", "ready_at"])]

    @property
    def minutes(self) -> float | None:
        if self.ready_at is None:
            return None
        return (self.ready_at - self.opened_at).total_seconds() / 60


class BoardSession(BaseModel):
    team = models.ForeignKey(DiseaseTeam, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=BoardSessionStatus.choices, default=BoardSessionStatus.PLANNED
    )
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.team} board, {self.starts_at:%Y-%m-%d}"


class BoardAgendaItem(BaseModel):
    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="board_items")
    position = models.PositiveSmallIntegerField()
    consensus = models.TextField(blank=True)
    follow_up_actions = models.TextField(blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="agenda_case_once"),
        ]
        ordering = ["session", "position", "id"]

    def __str__(self) -> str:
        return f"Item {self.position} of session #{self.session_id}"


class BoardDissent(models.Model):
    item = models.ForeignKey(BoardAgendaItem, on_delete=models.CASCADE, related_name="dissents")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Dissent on agenda item #{self.item_id}"
