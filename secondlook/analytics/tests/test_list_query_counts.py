"""Pinned query count of the program dashboard: figures are aggregates, whatever the volume."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from secondlook.cases.choices import CaseStatus
from secondlook.cases.tests.factories import CaseFactory, OpinionVersionFactory
from secondlook.core.testing import Personas

DASHBOARD_QUERIES = 25


def test_dashboard_query_count_does_not_grow_with_the_number_of_cases(
    client: Client, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(personas.ada)
    now = timezone.now()

    def add_cases(how_many: int) -> None:
        for i in range(how_many):
            site = personas.pasadena if i % 2 else personas.chicago
            navigator = personas.nina if i % 2 else personas.nate
            requested = now - timedelta(days=20 + i % 30)
            CaseFactory(
                site=site,
                navigator=navigator,
                status=CaseStatus.RECORDS_PENDING,
                requested_at=requested,
                first_contact_at=requested + timedelta(hours=3),
            )
            delivered = CaseFactory(
                site=site,
                navigator=navigator,
                reviewer=personas.olivia,
                status=CaseStatus.OPINION_DELIVERED,
                requested_at=requested,
                first_contact_at=requested + timedelta(hours=5),
                records_complete_at=requested + timedelta(days=3),
                opinion_delivered_at=requested + timedelta(days=12),
            )
            OpinionVersionFactory(
                case=delivered,
                author=personas.olivia,
                signed_by=personas.olivia,
                signed_at=requested + timedelta(days=11),
                content_sha256="0" * 64,
            )

    add_cases(2)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert client.get(reverse("analytics:dashboard")).status_code == 200
    add_cases(40)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = client.get(reverse("analytics:dashboard")).content.decode()
    assert 'id="analytics-data"' in page
