"""Pinned query count of the knowledge-base versions page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from secondlook.core.testing import Personas
from secondlook.therapies.models import KnowledgeVersion
from secondlook.therapies.tests.factories import KnowledgeVersionFactory

VERSIONS_QUERIES = 8


def test_knowledge_versions_query_count_does_not_grow_with_versions(
    client: Client, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(personas.ada)
    authors = [personas.ada, personas.olivia, None]

    def add_versions(how_many: int) -> None:
        start = (
            KnowledgeVersion.objects.order_by("-number").values_list("number", flat=True).first()
            or 0
        ) + 1
        for i in range(how_many):
            KnowledgeVersionFactory(
                number=start + i, created_by=authors[i % len(authors)], note=f"Change {start + i}"
            )

    add_versions(1)
    with django_assert_max_num_queries(VERSIONS_QUERIES):
        assert client.get(reverse("therapies:knowledge_versions")).status_code == 200
    add_versions(30)
    with django_assert_max_num_queries(VERSIONS_QUERIES):
        page = client.get(reverse("therapies:knowledge_versions")).content.decode()
    assert "Change 31" in page
