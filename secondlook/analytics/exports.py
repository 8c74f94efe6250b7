"""The dashboard as CSV rows: one figure per row, so a spreadsheet can pivot them."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from secondlook.analytics.selectors import Dashboard


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, Decimal):
        # Money: always cents, whatever places the database's SUM kept.
        return f"{value:.2f}"
    return str(value)


def dashboard_rows(dashboard: Dashboard) -> list[tuple[str, str, str, str]]:
    """(figure, measure, value, what it counts in the period) for every figure shown."""
    cohort = dashboard.counted_by["cases"]
    rows: list[tuple[str, str, str, str]] = [
        ("requests", "count", _fmt(dashboard.requests), cohort),
        ("opinions delivered", "count", _fmt(dashboard.opinions), cohort),
        ("conversion to opinion", "rate", _fmt(dashboard.conversion), cohort),
    ]
    for week, requested, delivered in dashboard.requests_by_week:
        rows += [
            ("requests by week", f"week of {week}: requests", _fmt(requested), cohort),
            ("requests by week", f"week of {week}: opinions delivered", _fmt(delivered), cohort),
        ]
    for clock in dashboard.clocks:
        rows += [
            (clock.name, "cases measured", _fmt(clock.spread.count), cohort),
            (clock.name, f"median ({clock.unit})", _fmt(clock.spread.median), cohort),
            (clock.name, f"p90 ({clock.unit})", _fmt(clock.spread.p90), cohort),
            (clock.name, "SLA breaches", _fmt(clock.breaches), cohort),
        ]
    rows += [
        ("plan change", key, _fmt(value), cohort) for key, value in dashboard.plan_change.items()
    ]
    for key, value in dashboard.distress.items():
        if isinstance(value, dict):
            rows += [
                ("distress referrals", f"service: {k}", _fmt(v), cohort) for k, v in value.items()
            ]
        else:
            rows.append(("distress", key, _fmt(value), cohort))
    for key in ("answers", "definitely_yes", "rate"):
        rows.append(("would definitely recommend", key, _fmt(dashboard.recommend[key]), cohort))
    rows += [
        ("would you recommend", f"answer: {answer}", _fmt(count), cohort)
        for answer, count in dashboard.recommend["by_answer"].items()
    ]
    for name, key, figure in (
        ("diagnosis change", "diagnosis_change", dashboard.diagnosis_change),
        ("trials", "trials", dashboard.trials),
        ("board preparation", "board_preparation", dashboard.board_preparation),
    ):
        basis = dashboard.counted_by[key]
        rows += [(name, measure, _fmt(value), basis) for measure, value in figure.items()]
    for use in dashboard.travel:
        for key in (
            "cases",
            "transport_booked",
            "lodging_booked",
            "nights",
            "program_cost",
            "patient_cost",
        ):
            rows.append(
                (
                    f"travel and lodging: {use.site}",
                    key,
                    _fmt(getattr(use, key)),
                    dashboard.counted_by["travel"],
                )
            )
    rows.append(
        (
            "urgent distress alerts nobody could be given",
            "open",
            _fmt(len(dashboard.unreached_alerts)),
            "open now, whenever the case was requested",
        )
    )
    return rows


def dashboard_csv(dashboard: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    site = dashboard.site.name if dashboard.site else "all sites"
    writer.writerow(["site", "since", "until", "figure", "measure", "value", "counted by"])
    for figure, measure, value, counted_by in dashboard_rows(dashboard):
        writer.writerow(
            [
                site,
                dashboard.period.since,
                dashboard.period.until,
                figure,
                measure,
                value,
                counted_by,
            ]
        )
    return out.getvalue()
