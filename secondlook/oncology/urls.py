from __future__ import annotations

app_name = "oncology"

urlpatterns: list = []
