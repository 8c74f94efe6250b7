from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from secondlook.accounts.choices import STAFF_ROLES, Role, Specialty
from secondlook.core.models import BaseModel


class Program(BaseModel):
    """The second-opinion program: its name, phone line and SLA clocks.

    Clocks are in business days. Urgent cases run on the shorter clocks.
    """

    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    first_contact_days = models.PositiveSmallIntegerField(default=1)
    records_complete_days = models.PositiveSmallIntegerField(default=5)
    opinion_days = models.PositiveSmallIntegerField(default=10)
    urgent_first_contact_days = models.PositiveSmallIntegerField(default=1)
    urgent_records_complete_days = models.PositiveSmallIntegerField(default=3)
    urgent_opinion_days = models.PositiveSmallIntegerField(default=5)
    at_risk_hours = models.PositiveSmallIntegerField(
        default=24, help_text="A clock this close to its deadline shows as at risk."
    )
    holiday_country = models.CharField(max_length=2, default="US")
    holiday_subdivision = models.CharField(max_length=10, blank=True, default="CA")

    def __str__(self) -> str:
        return self.name


class Site(BaseModel):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=20, unique=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Staff member or patient; the role decides what they can see and do."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PATIENT)
    specialty = models.CharField(
        max_length=40, choices=Specialty.choices, blank=True, default=Specialty.NONE
    )
    title = models.CharField(max_length=60, blank=True, help_text="e.g. MD, RN, MSW")
    phone = models.CharField(max_length=40, blank=True)
    sites = models.ManyToManyField(Site, blank=True, related_name="staff")

    class Meta:
        indexes = [models.Index(fields=["role"])]

    @property
    def is_clinic_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def display_name(self) -> str:
        full = self.get_full_name()
        return f"{full}, {self.title}" if full and self.title else (full or self.username)


class ApiToken(BaseModel):
    """A bearer token for the JSON API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    minted_after_second_step = models.BooleanField(
        default=False,
        help_text="Created in a session that passed two-step log-in; "
        "with SECONDLOOK_REQUIRE_MFA only such tokens are accepted.",
    )

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def __str__(self) -> str:
        return f"{self.name} ({self.user.username})"
