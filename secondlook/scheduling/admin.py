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
    list_display = ("site", "service", "clinician", "scanner", "weekday", "starts_at", "ends_at")
    list_filter = ("site", "service", "weekday")


admin.site.register(Scanner)
admin.site.register(Room)
admin.site.register(SiteCalendar)
admin.site.register(AvailabilityException)
