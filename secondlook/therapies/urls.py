"""Treatment options beside the staff case pages; the knowledge base under /staff/knowledge/."""

from __future__ import annotations

from django.urls import path

from secondlook.therapies import views

app_name = "therapies"

urlpatterns = [
    path("staff/cases/<int:pk>/treatment-options/", views.options_panel, name="options_panel"),
    path(
        "staff/cases/<int:pk>/treatment-options/choose/",
        views.option_choose,
        name="option_choose",
    ),
    path(
        "staff/cases/<int:pk>/treatment-options/<int:chosen_id>/withdraw/",
        views.option_withdraw,
        name="option_withdraw",
    ),
    path("staff/knowledge/", views.knowledge_home, name="knowledge_home"),
    path("staff/knowledge/versions/", views.knowledge_versions, name="knowledge_versions"),
    path("staff/knowledge/<str:kind>/new/", views.knowledge_entry_edit, name="knowledge_new"),
    path("staff/knowledge/<str:kind>/<slug:key>/", views.knowledge_entry, name="knowledge_entry"),
    path(
        "staff/knowledge/<str:kind>/<slug:key>/edit/",
        views.knowledge_entry_edit,
        name="knowledge_edit",
    ),
    path(
        "staff/knowledge/<str:kind>/<slug:key>/retire/",
        views.knowledge_entry_retire,
        name="knowledge_retire",
    ),
]
