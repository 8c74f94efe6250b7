from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from secondlook.accounts.models import Site
from secondlook.cases.choices import (
    TERMINAL_STATUSES,
    CaseStatus,
    EventKind,
    IntakeChannel,
    PayerType,
    SlaClock,
    TaskKind,
    Urgency,
    WaitingOn,
)
from secondlook.core.models import BaseModel


class Patient(BaseModel):
    """A person seeking an opinion; may have a portal account, may have several cases."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patient",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(
        max_length=10,
        choices=[
            ("female", "Female"),
            ("male", "Male"),
            ("other", "Other"),
            ("unknown", "Unknown"),
        ],
        default="unknown",
    )
    phone = models.CharField(max_length=40)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    postal_code = models.CharField(max_length=12, blank=True)
    preferred_language = models.CharField(
        max_length=10, choices=[("en", "English"), ("es", "Spanish")], default="en"
    )
    caregiver_name = models.CharField(max_length=200, blank=True)
    caregiver_phone = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["last_name", "first_name"])]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def __str__(self) -> str:
        return f"Patient #{self.pk}"


class ReferringPhysician(BaseModel):
    name = models.CharField(max_length=200)
    practice = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name


class Case(BaseModel):
    """One second opinion. A patient asking again gets a new case linked to the earlier one."""

    reference = models.CharField(max_length=20, unique=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="cases")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="cases")
    navigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="navigated_cases",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_cases",
        help_text="The attending specialist who writes and signs the opinion.",
    )
    previous_case = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="later_cases"
    )
    referring_physician = models.ForeignKey(
        ReferringPhysician, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    status = models.CharField(
        max_length=32, choices=CaseStatus.choices, default=CaseStatus.REQUESTED
    )
    channel = models.CharField(max_length=16, choices=IntakeChannel.choices)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    cancer_type_code = models.CharField(max_length=16, blank=True)
    cancer_type_name = models.CharField(max_length=200, blank=True)
    outside_diagnosis = models.TextField(
        blank=True, help_text="The diagnosis as the referring team wrote it."
    )
    patient_questions = models.TextField(
        blank=True, help_text="What the patient wants this opinion to answer."
    )
    payer_type = models.CharField(
        max_length=16, choices=PayerType.choices, default=PayerType.UNKNOWN
    )
    insurance_name = models.CharField(max_length=200, blank=True)
    insurance_member_id = models.CharField(max_length=60, blank=True)
    visit_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    requested_at = models.DateTimeField()
    first_contact_at = models.DateTimeField(null=True, blank=True)
    records_complete_at = models.DateTimeField(null=True, blank=True)
    opinion_delivered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    sla_clock = models.CharField(max_length=24, choices=SlaClock.choices, blank=True)
    sla_due_at = models.DateTimeField(
        null=True, blank=True, help_text="Deadline of the clock now running; orders the worklist."
    )
    waiting_on = models.CharField(
        max_length=16, choices=WaitingOn.choices, default=WaitingOn.NAVIGATOR
    )

    class Meta:
        indexes = [
            models.Index(fields=["site", "status", "sla_due_at"]),
            models.Index(fields=["navigator", "status", "sla_due_at"]),
            models.Index(fields=["reviewer", "status"]),
            models.Index(fields=["status", "sla_due_at"]),
            # The worklist reads only open cases: keep its index free of closed history.
            models.Index(
                fields=["navigator", "sla_due_at"],
                condition=~Q(status__in=[CaseStatus.CLOSED, CaseStatus.CANCELLED]),
                name="case_open_by_navigator_due",
            ),
            models.Index(
                fields=["site", "sla_due_at"],
                condition=Q(status=CaseStatus.REQUESTED, navigator__isnull=True),
                name="case_unowned_request_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[CaseStatus.REQUESTED, CaseStatus.CANCELLED])
                | Q(navigator__isnull=False),
                name="case_has_navigator_after_request",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL_STATUSES


class TimelineEvent(models.Model):
    """Append-only history of a case: who did what, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    from_status = models.CharField(max_length=32, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=CaseStatus.choices, blank=True)
    summary = models.CharField(max_length=300)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return self.summary


class Task(BaseModel):
    """Something a person must do for a case, with a due date from the SLA clocks."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=24, choices=TaskKind.choices)
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["assignee", "completed_at", "due_at"])]
        ordering = ["completed_at", "due_at"]

    @property
    def is_open(self) -> bool:
        return self.completed_at is None
