"""Travel and lodging for the patient and one caregiver, and the charges a patient may see."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from secondlook.accounts.models import Site
from secondlook.cases.choices import PayerType
from secondlook.cases.models import Case
from secondlook.core.models import BaseModel
from secondlook.logistics.choices import (
    BookingKind,
    BookingStatus,
    ChargeItem,
    RateKind,
    TransportMode,
)

MONEY = {"max_digits": 9, "decimal_places": 2}


class PartnerHotel(BaseModel):
    """A hotel near a site with a complimentary or reduced rate for our patients."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="partner_hotels")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    rate_kind = models.CharField(max_length=16, choices=RateKind.choices)
    nightly_rate = models.DecimalField(**MONEY, help_text="The hotel's partner rate per night.")
    program_pays_per_night = models.DecimalField(
        **MONEY, help_text="What the program pays of each night; the patient pays the rest."
    )
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(program_pays_per_night__lte=models.F("nightly_rate")),
                name="hotel_program_share_within_rate",
            )
        ]

    @property
    def patient_pays_per_night(self) -> Decimal:
        return self.nightly_rate - self.program_pays_per_night

    def __str__(self) -> str:
        return f"{self.name} ({self.get_rate_kind_display().lower()})"


class ServiceCharge(BaseModel):
    """What a patient with this kind of insurance may be billed for one item at a site.

    No row means the amount is not known, and the cost estimate says so.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="service_charges")
    item = models.CharField(max_length=24, choices=ChargeItem.choices)
    payer_type = models.CharField(max_length=16, choices=PayerType.choices)
    patient_amount = models.DecimalField(**MONEY)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "item", "payer_type"], name="one_charge_per_item_and_payer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} · {self.get_payer_type_display()}"


class Booking(BaseModel):
    """A transport or lodging request for the patient (and at most one caregiver)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="bookings")
    kind = models.CharField(max_length=16, choices=BookingKind.choices)
    status = models.CharField(
        max_length=16, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    with_caregiver = models.BooleanField(default=False)
    mode = models.CharField(max_length=16, choices=TransportMode.choices, blank=True)
    origin = models.CharField(max_length=200, blank=True)
    miles = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Own car: miles there and back, paid at the program's mileage rate.",
    )
    outbound_on = models.DateField(null=True, blank=True)
    return_on = models.DateField(null=True, blank=True)
    hotel = models.ForeignKey(PartnerHotel, null=True, blank=True, on_delete=models.PROTECT)
    nights = models.PositiveSmallIntegerField(default=0)
    total_cost = models.DecimalField(**MONEY, null=True, blank=True)
    program_pays = models.DecimalField(**MONEY, default=Decimal("0"))
    patient_pays = models.DecimalField(**MONEY, null=True, blank=True)
    confirmation = models.CharField(max_length=60, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "status"]), models.Index(fields=["created_at"])]

    @property
    def travellers(self) -> int:
        return 2 if self.with_caregiver else 1

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
