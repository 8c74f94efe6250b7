from __future__ import annotations

app_name = "therapies"

urlpatterns: list = []
