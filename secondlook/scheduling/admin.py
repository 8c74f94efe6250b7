from __future__ import annotations

from django.contrib import admin

from secondlook.scheduling.models import (
    AvailabilityException,
    ClinicTemplate,
    Room,
    Scanner,
    SiteCalendar,
)


@admin.register(ClinicTemplate)
class ClinicTemplateAdmin(admin.ModelAdmin):
    """Saving runs `ClinicTemplate.clean`, which refuses a clinician, scanner or room in
    two clinics at the same hours."""

    list_display = (
        "site",
        "service",
        "clinician",
        "scanner",
        "room",
        "weekday",
        "starts_at",
        "ends_at",
    )
    list_filter = ("site", "service", "weekday", "room")


admin.site.register(Scanner)
admin.site.register(Room)
admin.site.register(SiteCalendar)
admin.site.register(AvailabilityException)
