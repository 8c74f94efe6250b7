"""The treatment-options knowledge base, versioned, and the options a specialist chose.

Every edit makes a new KnowledgeVersion. An entry row is never changed in place: an
edit retires the row (`retired_in`) and adds a new one with the same `key`
(`introduced_in`), so the knowledge base as it stood at any version — the one an
opinion cites — can be rebuilt exactly, and each entry's history is its rows by key.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.therapies.choices import (
    Effect,
    EntryOrigin,
    EvidenceLevel,
    Modality,
    OptionCategory,
)


class KnowledgeVersion(BaseModel):
    number = models.PositiveIntegerField(unique=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Knowledge base version {self.number}"


class Curator(BaseModel):
    """A specialist allowed to edit the knowledge base (program admins always may)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="knowledge_curator")
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Curator: {self.user.username}"


class VersionedEntry(BaseModel):
    key = models.SlugField(max_length=80)
    introduced_in = models.ForeignKey(KnowledgeVersion, on_delete=models.PROTECT, related_name="+")
    retired_in = models.ForeignKey(
        KnowledgeVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_note = models.CharField(max_length=300, blank=True)
    cancer_types = models.JSONField(default=list, blank=True)
    stage_groups = models.JSONField(default=list, blank=True)
    settings = models.JSONField(default=list, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    curated_on = models.DateField()

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.retired_in_id is None


class StandardOfCare(VersionedEntry):
    label = models.CharField(max_length=400)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    therapies = models.JSONField(default=list, blank=True)
    evidence_level = models.CharField(
        max_length=20, choices=EvidenceLevel.choices, default=EvidenceLevel.GUIDELINE
    )
    source = models.CharField(max_length=400)
    goal_tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["key", "-introduced_in__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(retired_in__isnull=True),
                name="therapies_soc_one_current_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.label


class BiomarkerAssertion(VersionedEntry):
    gene = models.CharField(max_length=40)
    alteration = models.CharField(max_length=200)
    therapies = models.JSONField(default=list)
    effect = models.CharField(max_length=20, choices=Effect.choices)
    evidence_level = models.CharField(max_length=20, choices=EvidenceLevel.choices)
    category = models.CharField(
        max_length=20, choices=OptionCategory.choices, default=OptionCategory.TARGETED_THERAPY
    )
    label = models.CharField(max_length=400, blank=True)
    citation = models.CharField(max_length=400)
    origin = models.CharField(
        max_length=10, choices=EntryOrigin.choices, default=EntryOrigin.CURATED
    )

    class Meta:
        ordering = ["key", "-introduced_in__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(retired_in__isnull=True),
                name="therapies_assertion_one_current_per_key",
            )
        ]
        indexes = [models.Index(fields=["gene"])]

    def __str__(self) -> str:
        return self.label or f"{self.gene} {self.alteration}"


class WorkupRule(VersionedEntry):
    test = models.CharField(max_length=120)
    why = models.TextField()
    markers = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["key", "-introduced_in__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(retired_in__isnull=True),
                name="therapies_workup_one_current_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.test


class ChosenOption(BaseModel):
    """An option the reviewing specialist put in the draft opinion, as the matcher gave it.

    The text is copied, not linked, and the knowledge-base version is kept, so the opinion
    says what was proposed and on which evidence even after the entry is edited.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chosen_options")
    category = models.CharField(max_length=20, choices=OptionCategory.choices)
    label = models.CharField(max_length=400)
    therapies = models.JSONField(default=list, blank=True)
    evidence_level = models.CharField(max_length=20, choices=EvidenceLevel.choices)
    why = models.TextField()
    source = models.CharField(max_length=400)
    entry_key = models.CharField(max_length=80, blank=True)
    knowledge_version = models.ForeignKey(
        KnowledgeVersion, on_delete=models.PROTECT, related_name="chosen_options"
    )
    chosen_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "category", "label"],
                condition=Q(withdrawn_at__isnull=True),
                name="therapies_option_chosen_once",
            )
        ]

    def __str__(self) -> str:
        """How the opinion lists it: the option, its evidence and the KB version it cites."""
        therapies = f": {', '.join(self.therapies)}" if self.therapies else ""
        return (
            f"{self.get_category_display()} — {self.label}{therapies} "
            f"({self.get_evidence_level_display()}; {self.source}; "
            f"knowledge base version {self.knowledge_version.number})"
        )
