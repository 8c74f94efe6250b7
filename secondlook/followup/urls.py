from __future__ import annotations

app_name = "followup"

urlpatterns: list = []
