"""Pinned query count of the trial registry: it must not grow with the trials listed."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from secondlook.core.testing import Personas
from secondlook.trials.tests.factories import TrialFactory, TrialLocationFactory

REGISTRY_QUERIES = 10


def test_registry_query_count_does_not_grow_with_the_number_of_trials(
    client: Client, personas: Personas, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(personas.nina)

    def add_trials(how_many: int) -> None:
        for _ in range(how_many):
            trial = TrialFactory()
            TrialLocationFactory(trial=trial)
            trial.run_at_sites.add(personas.pasadena, personas.chicago)

    add_trials(1)
    with django_assert_max_num_queries(REGISTRY_QUERIES):
        assert client.get(reverse("trials:registry")).status_code == 200
    add_trials(40)
    with django_assert_max_num_queries(REGISTRY_QUERIES):
        page = client.get(reverse("trials:registry")).content.decode()
    assert page.count("Synthetic colon cancer trial") == 41
