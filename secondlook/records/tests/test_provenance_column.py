"""The staff records table says who sent each record, so a reviewer can weigh it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from secondlook.cases.tests.factories import PathologyReportFactory
from secondlook.core.testing import Personas
from secondlook.records.choices import DocumentSource


def test_records_table_names_the_source_of_each_record(client: Client, personas: Personas) -> None:
    case = personas.pat_case
    PathologyReportFactory(case=case, uploaded_by=None, source=DocumentSource.REFERRING_PHYSICIAN)
    PathologyReportFactory(case=case, uploaded_by=personas.pat, source=DocumentSource.PATIENT)
    client.force_login(personas.nina)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "Referring physician" in page
    assert "(patient)" in page
