"""The dashboard as CSV rows: one figure per row, so a spreadsheet can pivot them."""

from __future__ import annotations

import csv
import io
from typing import Any

from secondlook.analytics.selectors import Dashboard


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def dashboard_rows(dashboard: Dashboard) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = [
        ("requests", "count", _fmt(dashboard.requests)),
        ("opinions delivered", "count", _fmt(dashboard.opinions)),
        ("conversion to opinion", "rate", _fmt(dashboard.conversion)),
    ]
    for clock in dashboard.clocks:
        rows += [
            (clock.name, "cases measured", _fmt(clock.spread.count)),
            (clock.name, f"median ({clock.unit})", _fmt(clock.spread.median)),
            (clock.name, f"p90 ({clock.unit})", _fmt(clock.spread.p90)),
            (clock.name, "SLA breaches", _fmt(clock.breaches)),
        ]
    for key, value in dashboard.plan_change.items():
        rows.append(("plan change", key, _fmt(value)))
    for name, figure in (
        ("diagnosis change", dashboard.diagnosis_change),
        ("trials", dashboard.trials),
        ("board preparation", dashboard.board_preparation),
    ):
        if isinstance(figure, str):
            rows.append((name, "status", figure))
        else:
            rows += [(name, key, _fmt(value)) for key, value in figure.items()]
    for key, value in dashboard.distress.items():
        if isinstance(value, dict):
            rows += [("distress referrals", f"service: {k}", _fmt(v)) for k, v in value.items()]
        else:
            rows.append(("distress", key, _fmt(value)))
    if isinstance(dashboard.travel, str):
        rows.append(("travel and lodging", "status", dashboard.travel))
    else:
        for use in dashboard.travel:
            for key in (
                "cases",
                "transport_booked",
                "lodging_booked",
                "nights",
                "program_cost",
                "patient_cost",
            ):
                rows.append((f"travel and lodging: {use.site}", key, _fmt(getattr(use, key))))
    for key in ("answers", "definitely_yes", "rate"):
        rows.append(("would definitely recommend", key, _fmt(dashboard.recommend[key])))
    return rows


def dashboard_csv(dashboard: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    site = dashboard.site.name if dashboard.site else "all sites"
    writer.writerow(["site", "since", "until", "figure", "measure", "value"])
    for figure, measure, value in dashboard_rows(dashboard):
        writer.writerow(
            [site, dashboard.period.since, dashboard.period.until, figure, measure, value]
        )
    return out.getvalue()
