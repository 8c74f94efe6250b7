"""Resources the visit planner books, the patient's visit request and the itinerary.

A clinic template says "this clinician (or this scanner) offers this service at this site
every Tuesday 8:00–12:00 in 60-minute slots"; exceptions and the site's public holidays
take days out. Booked appointments of accepted itineraries take slots out.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from secondlook.accounts.models import Site
from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.scheduling.choices import (
    IMAGING,
    ItineraryStatus,
    Modality,
    RequestStatus,
    Service,
    Weekday,
)


class SiteCalendar(BaseModel):
    """Which public holidays close a site (the program's country by default)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="calendar")
    holiday_country = models.CharField(max_length=2, default="US")
    holiday_subdivision = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return f"{self.site} holidays ({self.holiday_country} {self.holiday_subdivision})"


class Room(BaseModel):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return f"{self.name}, {self.site}"


class Scanner(BaseModel):
    """One imaging machine (CT, MRI, PET) at a site."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="scanners")
    modality = models.CharField(max_length=8, choices=Modality.choices)
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_modality_display()}), {self.site}"


class ClinicTemplate(BaseModel):
    """A weekly block in which a clinician or a scanner offers one service."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="clinic_templates")
    service = models.CharField(max_length=32, choices=Service.choices)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="clinic_templates",
    )
    scanner = models.ForeignKey(
        Scanner, null=True, blank=True, on_delete=models.CASCADE, related_name="templates"
    )
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField(default=time(8, 0))
    ends_at = models.TimeField(default=time(12, 0))
    slot_minutes = models.PositiveSmallIntegerField(default=60)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(clinician__isnull=False, scanner__isnull=True)
                | Q(clinician__isnull=True, scanner__isnull=False),
                name="clinic_template_one_resource",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="clinic_template_ends_after"
            ),
        ]
        indexes = [models.Index(fields=["site", "weekday"])]

    def clean(self) -> None:
        if self.service in IMAGING and self.scanner_id is None:
            raise ValidationError("Imaging is offered by a scanner, not a clinician.")
        if self.service not in IMAGING and self.clinician_id is None:
            raise ValidationError("Consults, re-reviews and walkthroughs need a clinician.")
        if None in (self.weekday, self.starts_at, self.ends_at):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError("The clinic must end after it starts.")
        other = self.overlapping().select_related("site", "clinician", "scanner", "room").first()
        if other is not None:
            raise ValidationError(
                f"{self._shared_with(other)} is already in the {other.get_service_display()} "
                f"clinic at {other.site} on {other.get_weekday_display()} "
                f"{other.starts_at:%H:%M}–{other.ends_at:%H:%M}. A clinician, scanner or "
                "room offers one clinic at a time, so these hours may not overlap."
            )

    def overlapping(self) -> models.QuerySet[ClinicTemplate]:
        """Other templates on the same weekday, at any site, whose hours overlap this one's
        and that share its clinician, scanner or room.

        The planner books a template's slot as if its resource were free; it does not know
        that two templates are one person or one room, so overlapping templates would let
        it book them twice at once.
        """
        shared = Q()
        if self.clinician_id is not None:
            shared |= Q(clinician_id=self.clinician_id)
        if self.scanner_id is not None:
            shared |= Q(scanner_id=self.scanner_id)
        if self.room_id is not None:
            shared |= Q(room_id=self.room_id)
        if not shared:
            return ClinicTemplate.objects.none()
        return (
            ClinicTemplate.objects.filter(
                shared,
                weekday=self.weekday,
                starts_at__lt=self.ends_at,
                ends_at__gt=self.starts_at,
            )
            .exclude(pk=self.pk)
            .order_by("starts_at", "pk")
        )

    def _shared_with(self, other: ClinicTemplate) -> str:
        """The clinician, scanner or room this template has in common with the other."""
        if self.clinician_id is not None and self.clinician_id == other.clinician_id:
            assert other.clinician is not None
            return other.clinician.display_name
        if self.scanner_id is not None and self.scanner_id == other.scanner_id:
            assert other.scanner is not None
            return other.scanner.name
        assert other.room is not None
        return other.room.name

    @property
    def resource_label(self) -> str:
        if self.scanner is not None:
            return self.scanner.name
        assert self.clinician is not None
        return self.clinician.display_name

    def __str__(self) -> str:
        return f"{self.get_service_display()} · {self.get_weekday_display()} {self.starts_at:%H:%M}"


class AvailabilityException(BaseModel):
    """A day a clinician or scanner is away (leave, maintenance, a conference)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scanner = models.ForeignKey(Scanner, null=True, blank=True, on_delete=models.CASCADE)
    day = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Away {self.day}"


class VisitRequest(BaseModel):
    """What one patient needs on their visit and when they can travel."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visit_requests")
    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    earliest_day = models.DateField(help_text="First day the patient can be at the site.")
    latest_day = models.DateField(help_text="Last day the patient can be at the site.")
    arrive_after = models.TimeField(
        default=time(8, 0), help_text="On the first day, nothing before this time."
    )
    leave_before = models.TimeField(
        default=time(18, 0), help_text="On the last day, everything over by this time."
    )
    gap_minutes = models.PositiveSmallIntegerField(
        default=15, help_text="Time to get from one appointment to the next."
    )
    urgent = models.BooleanField(default=False)
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["status", "earliest_day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latest_day__gte=models.F("earliest_day")),
                name="visit_request_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"Visit request #{self.pk}"


class VisitNeed(models.Model):
    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="needs")
    service = models.CharField(max_length=32, choices=Service.choices)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    days_after_previous_stage = models.PositiveSmallIntegerField(
        default=0, help_text="e.g. 1: the plan walkthrough a day after the consults."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_service_display()


class Itinerary(BaseModel):
    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="itineraries")
    status = models.CharField(
        max_length=16, choices=ItineraryStatus.choices, default=ItineraryStatus.PROPOSED
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "itineraries"

    def __str__(self) -> str:
        return f"Itinerary #{self.pk}"


class Appointment(models.Model):
    itinerary = models.ForeignKey(Itinerary, on_delete=models.CASCADE, related_name="appointments")
    service = models.CharField(max_length=32, choices=Service.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(ClinicTemplate, null=True, on_delete=models.SET_NULL)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scanner = models.ForeignKey(Scanner, null=True, blank=True, on_delete=models.PROTECT)
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL)
    with_whom = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["clinician", "starts_at"]),
            models.Index(fields=["scanner", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.starts_at:%Y-%m-%d %H:%M}"
