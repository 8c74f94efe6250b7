from __future__ import annotations

from django.db import models


class CaseStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    INTAKE = "intake", "Intake"
    RECORDS_PENDING = "records_pending", "Records pending"
    RECORDS_COMPLETE = "records_complete", "Records complete"
    UNDER_REVIEW = "under_review", "Under review"
    VISIT_SCHEDULED = "visit_scheduled", "Visit scheduled"
    OPINION_DRAFTED = "opinion_drafted", "Opinion drafted"
    OPINION_DELIVERED = "opinion_delivered", "Opinion delivered"
    FOLLOW_UP = "follow_up", "Follow-up"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


TERMINAL_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.CANCELLED})


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class PayerType(models.TextChoices):
    COMMERCIAL = "commercial", "Commercial"
    MEDICARE = "medicare", "Medicare"
    MEDICAID = "medicaid", "Medicaid"
    TRICARE_VA = "tricare_va", "TRICARE / VA"
    SELF_PAY = "self_pay", "Self-pay"
    UNKNOWN = "unknown", "Not yet known"


GOVERNMENT_PAYERS = frozenset({PayerType.MEDICARE, PayerType.MEDICAID, PayerType.TRICARE_VA})


class IntakeChannel(models.TextChoices):
    PHONE = "phone", "Phone call"
    WEB = "web", "Web request"
    REFERRAL = "referral", "Physician referral"


class EventKind(models.TextChoices):
    CREATED = "created", "Case created"
    TRANSITION = "transition", "Status changed"
    HANDOFF = "handoff", "Navigator hand-off"
    ASSIGNMENT = "assignment", "Reviewer assigned"
    RECORD_ADDED = "record_added", "Record added"
    OPINION = "opinion", "Opinion"
    NOTE = "note", "Note"
    UPDATED = "updated", "Details updated"


class WaitingOn(models.TextChoices):
    NAVIGATOR = "navigator", "Navigator"
    PATIENT = "patient", "Patient / outside records"
    SPECIALIST = "specialist", "Reviewing specialist"
    NOBODY = "nobody", "Nobody"


class TaskKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", "Make first contact"
    COLLECT_RECORDS = "collect_records", "Collect outside records"
    START_REVIEW = "start_review", "Assign reviewer and start review"
    REVIEW = "review", "Review case and draft opinion"
    DELIVER_OPINION = "deliver_opinion", "Deliver the signed opinion"
    FOLLOW_UP = "follow_up", "Follow-up check-in"
    OTHER = "other", "Other"


class SlaClock(models.TextChoices):
    FIRST_CONTACT = "first_contact", "First contact"
    RECORDS_COMPLETE = "records_complete", "Records complete"
    OPINION_DELIVERED = "opinion_delivered", "Opinion delivered"
