"""The data the dashboard's charts draw, as plain JSON-able dicts (json_script)."""

from __future__ import annotations

from typing import Any

from secondlook.analytics.selectors import Dashboard
from secondlook.portal.choices import Recommend
from secondlook.supportive.choices import Service


def chart_data(dashboard: Dashboard) -> dict[str, Any]:
    service_labels = dict(Service.choices)
    return {
        "weekly": {
            "labels": [week for week, _, _ in dashboard.requests_by_week],
            "requests": [n for _, n, _ in dashboard.requests_by_week],
            "opinions": [o for _, _, o in dashboard.requests_by_week],
        },
        "clocks": {
            "labels": [f"{c.name} ({c.unit})" for c in dashboard.clocks],
            "median": [c.spread.median for c in dashboard.clocks],
            "p90": [c.spread.p90 for c in dashboard.clocks],
        },
        "recommend": {
            "labels": [str(label) for label in Recommend.labels],
            "counts": [dashboard.recommend["by_answer"][value] for value in Recommend.values],
        },
        "referrals": {
            "labels": [
                str(service_labels.get(key, key))
                for key in dashboard.distress["referrals_by_service"]
            ],
            "counts": list(dashboard.distress["referrals_by_service"].values()),
        },
    }
