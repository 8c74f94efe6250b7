from __future__ import annotations

app_name = "supportive"

urlpatterns: list = []
