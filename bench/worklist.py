"""Server time of the navigator worklist and a case page with a program-sized database.

Fills the database named by DATABASE_URL (PostgreSQL is the target) with --cases
synthetic cases, each with its timeline events and documents' metadata, then renders
the worklist and case pages in-process through Django's full request stack (middleware,
audit row, template) and reports p50/p95 and the number of SQL queries per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/secondlook_bench \
        .venv/bin/python bench/worklist.py --cases 100000

The filled database is kept, so a second run only measures. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("SECONDLOOK_IDLE_TIMEOUT_MINUTES", "600")


def _ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in the URL if it does not exist yet."""
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the database")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--navigators", type=int, default=20)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        print(
            "DATABASE_URL is not set: point it at a PostgreSQL database to fill.", file=sys.stderr
        )
        return 2
    _ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from secondlook.cases.models import Case

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    created = _fill(args.cases, args.navigators)
    if created and connection.vendor == "postgresql":
        # Autovacuum would do this within a minute in production; a benchmark run right
        # after a bulk load must not measure plans made on empty-table statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    fill_seconds = time.monotonic() - started

    from secondlook.accounts.models import User

    navigator = User.objects.get(username="bench.navigator.0")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(navigator)
    worklist_url = reverse("cases:worklist")
    own_cases = list(Case.objects.filter(navigator=navigator).values_list("pk", flat=True)[:2000])
    rng = random.Random(7)

    def measure(urls: list[str]) -> tuple[list[float], int]:
        client.get(urls[0])  # warm caches and connections
        timings = []
        queries = 0
        for target in urls:
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(target)
                timings.append((time.perf_counter() - begin) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{target} answered {response.status_code}")
            queries = max(queries, len(captured.captured_queries))
        return timings, queries

    worklist_ms, worklist_queries = measure([worklist_url] * args.requests)
    case_ms, case_queries = measure(
        [reverse("cases:detail", args=[rng.choice(own_cases)]) for _ in range(args.requests)]
    )
    total_cases = Case.objects.count()
    figures = {
        "cases": total_cases,
        "created_now": created,
        "fill_seconds": round(fill_seconds, 1),
        "database": connection.vendor,
        "worklist_p50_ms": round(statistics.median(worklist_ms), 1),
        "worklist_p95_ms": round(_percentile(worklist_ms, 0.95), 1),
        "worklist_queries": worklist_queries,
        "case_page_p50_ms": round(statistics.median(case_ms), 1),
        "case_page_p95_ms": round(_percentile(case_ms, 0.95), 1),
        "case_page_queries": case_queries,
    }
    print(f"cases in database        {total_cases:>10,}")
    for page, queries in (("worklist", worklist_queries), ("case_page", case_queries)):
        p50, p95 = figures[f"{page}_p50_ms"], figures[f"{page}_p95_ms"]
        print(f"{page:<10} p50 / p95    {p50:>6} / {p95} ms   ({queries} queries)")
    print(json.dumps(figures))
    return 0


def _fill(target: int, navigator_count: int) -> int:
    """Bulk-insert synthetic rows until the database holds `target` cases."""
    from django.db import transaction
    from django.utils import timezone

    from secondlook.accounts.choices import Role, Specialty
    from secondlook.accounts.models import Program, Site, User
    from secondlook.cases.choices import CaseStatus, EventKind, IntakeChannel, PayerType, Urgency
    from secondlook.cases.models import Case, Patient, TimelineEvent
    from secondlook.cases.sla import clock_state
    from secondlook.records.models import Document

    existing = Case.objects.count()
    if existing >= target:
        return 0
    program = Program.objects.order_by("id").first() or Program.objects.create(name="Bench program")
    sites = [
        Site.objects.get_or_create(
            code=f"bench-{i}", defaults={"program": program, "name": f"Bench {i}"}
        )[0]
        for i in range(2)
    ]
    navigators = []
    for i in range(navigator_count):
        user, made = User.objects.get_or_create(
            username=f"bench.navigator.{i}",
            defaults={"role": Role.NAVIGATOR, "first_name": "Bench", "last_name": f"Nav{i}"},
        )
        if made:
            user.sites.set([sites[i % 2]])
        navigators.append(user)
    reviewer, made = User.objects.get_or_create(
        username="bench.oncologist",
        defaults={"role": Role.SPECIALIST, "specialty": Specialty.MEDICAL_ONCOLOGY},
    )
    if made:
        reviewer.sites.set(sites)

    rng = random.Random(2026)
    open_states = [s for s in CaseStatus.values if s not in ("closed", "cancelled", "requested")]
    now = timezone.now()
    batch = 5000
    for start in range(existing, target, batch):
        size = min(batch, target - start)
        with transaction.atomic():
            patients = Patient.objects.bulk_create(
                Patient(
                    first_name="Bench",
                    last_name=f"Patient{start + i}",
                    date_of_birth=date(1950 + (start + i) % 40, 1 + i % 12, 1 + i % 28),
                    phone="555-0100-0000",
                )
                for i in range(size)
            )
            cases = []
            for i, patient in enumerate(patients):
                roll = rng.random()
                status = (
                    CaseStatus.CLOSED
                    if roll < 0.75
                    else CaseStatus.CANCELLED
                    if roll < 0.8
                    else CaseStatus.REQUESTED
                    if roll < 0.82
                    else rng.choice(open_states)
                )
                nav = navigators[(start + i) % navigator_count]
                site = sites[((start + i) % navigator_count) % 2]
                requested = now - timedelta(days=rng.uniform(0, 700 if status == "closed" else 20))
                case = Case(
                    reference=f"SL-B-{start + i:07d}",
                    patient=patient,
                    site=site,
                    navigator=None if status == CaseStatus.REQUESTED else nav,
                    reviewer=reviewer
                    if status not in ("requested", "intake", "records_pending")
                    else None,
                    status=status,
                    channel=IntakeChannel.WEB if i % 2 else IntakeChannel.PHONE,
                    urgency=Urgency.URGENT if i % 7 == 0 else Urgency.ROUTINE,
                    cancer_type_code="COAD",
                    cancer_type_name="Colon Adenocarcinoma",
                    patient_questions="Synthetic benchmark question.",
                    payer_type=PayerType.COMMERCIAL,
                    requested_at=requested,
                    first_contact_at=requested + timedelta(hours=5),
                    records_complete_at=requested + timedelta(days=3),
                )
                state = clock_state(case, program)
                case.sla_clock, case.sla_due_at, case.waiting_on = (
                    state.clock,
                    state.due_at,
                    state.waiting_on,
                )
                cases.append(case)
            cases = Case.objects.bulk_create(cases)
            TimelineEvent.objects.bulk_create(
                TimelineEvent(
                    case=case,
                    actor=case.navigator,
                    kind=EventKind.TRANSITION,
                    summary=f"Synthetic event {n}",
                    to_status=case.status,
                )
                for case in cases
                for n in range(4)
            )
            Document.objects.bulk_create(
                Document(
                    case=case,
                    kind="pathology",
                    original_name="report.pdf",
                    media_type="application/pdf",
                    size_bytes=120_000,
                    sha256=f"{case.pk:060d}{n:04d}",
                    storage_name=f"bench-{case.pk}-{n}",
                    page_count=3,
                )
                for case in cases
                for n in range(1 if case.pk % 2 else 2)
            )
        print(f"  filled {start + size:,} / {target:,} cases", file=sys.stderr)
    return target - existing


if __name__ == "__main__":
    raise SystemExit(main())
