from __future__ import annotations

app_name = "trials"

urlpatterns: list = []
