from __future__ import annotations

from django.contrib import admin

from secondlook.logistics.models import PartnerHotel, ServiceCharge


@admin.register(PartnerHotel)
class PartnerHotelAdmin(admin.ModelAdmin):
    list_display = ("name", "site", "rate_kind", "nightly_rate", "program_pays_per_night", "active")


@admin.register(ServiceCharge)
class ServiceChargeAdmin(admin.ModelAdmin):
    list_display = ("site", "item", "payer_type", "patient_amount")
    list_filter = ("site", "payer_type")
