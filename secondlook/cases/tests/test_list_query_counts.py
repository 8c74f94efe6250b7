"""Pinned query count of the API case list: it must not grow with the cases on the page."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from pytest_django import DjangoAssertNumQueries

from secondlook.accounts.models import User
from secondlook.cases.choices import CaseStatus
from secondlook.cases.tests.factories import CaseFactory, TaskFactory
from secondlook.core.testing import Personas

API_LIST_QUERIES = 7


def test_api_case_list_query_count_does_not_grow_with_the_number_of_cases(
    client: Client,
    personas: Personas,
    bearer: Callable[[User], dict[str, str]],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    headers = bearer(personas.nina)

    def add_cases(how_many: int) -> None:
        for _ in range(how_many):
            case = CaseFactory(
                site=personas.pasadena,
                navigator=personas.nina,
                reviewer=personas.olivia,
                status=CaseStatus.UNDER_REVIEW,
            )
            TaskFactory(case=case, assignee=personas.nina)
            CaseFactory(site=personas.pasadena, status=CaseStatus.REQUESTED)

    add_cases(1)
    with django_assert_max_num_queries(API_LIST_QUERIES):
        assert client.get("/api/cases", headers=headers).status_code == 200
    add_cases(40)
    with django_assert_max_num_queries(API_LIST_QUERIES):
        body = client.get("/api/cases", headers=headers).json()
    assert body["count"] >= 81 and len(body["items"]) > 2
