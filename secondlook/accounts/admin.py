"""Configuration only: program, sites, staff accounts and API tokens.

Patient data is deliberately not registered here: the admin would show it without the
access checks and audit rows that every case page writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from secondlook.accounts.choices import Role
from secondlook.accounts.models import ApiToken, Program, Site, User
from secondlook.accounts.services import api_token_revoke
from secondlook.cases.services import program_clocks_apply
from secondlook.cases.sla import CLOCK_FIELDS


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "first_contact_days", "records_complete_days", "opinion_days"]
    fieldsets = [
        (None, {"fields": ["name", "phone"]}),
        (
            "SLA clocks (business days)",
            {
                "fields": [
                    ("first_contact_days", "urgent_first_contact_days"),
                    ("records_complete_days", "urgent_records_complete_days"),
                    ("opinion_days", "urgent_opinion_days"),
                    "at_risk_hours",
                ]
            },
        ),
        ("Holiday calendar", {"fields": ["holiday_country", "holiday_subdivision"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Program, form: Any, change: bool) -> None:
        """Open cases' stored deadlines follow the clocks the admin just changed."""
        super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & set(CLOCK_FIELDS):
            program_clocks_apply(actor=request.user, program=obj)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "phone", "program"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "specialty", "is_active"]
    list_filter = ["role", "specialty", "sites", "is_active"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("Role in the program", {"fields": ["role", "specialty", "title", "phone", "sites"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (
            "Role in the program",
            {"fields": ["first_name", "last_name", "email", "role", "specialty", "sites"]},
        ),
    ]
    filter_horizontal = ["sites", "groups", "user_permissions"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        """Staff accounts only: patient accounts belong to their cases, seen through the audit."""
        return super().get_queryset(request).exclude(role=Role.PATIENT)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = [
        "user",
        "name",
        "token_hash",
        "minted_after_second_step",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, actor=request.user)
