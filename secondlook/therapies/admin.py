from __future__ import annotations

from django.contrib import admin

from secondlook.therapies.models import Curator, KnowledgeVersion


@admin.register(Curator)
class CuratorAdmin(admin.ModelAdmin):
    """Program admins flag specialists as knowledge-base curators here."""

    list_display = ("user", "granted_by", "created_at")
    raw_id_fields = ("user",)
    exclude = ("granted_by",)

    def save_model(self, request, obj, form, change) -> None:  # noqa: ANN001
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(KnowledgeVersion)
class KnowledgeVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "created_by", "created_at", "note")

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
