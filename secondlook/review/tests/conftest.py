"""Pat's case under review by Olivia at Pasadena, navigated by Nina; PDFs in a temp folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case, ReferringPhysician
from secondlook.cases.tests.factories import CaseFactory
from secondlook.core.testing import Personas


@pytest.fixture(autouse=True)
def records_root(settings: Settings, tmp_path: Path) -> Path:
    """Each test stores its PDFs in its own folder, so files can be counted."""
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case(personas: Personas) -> Case:
    return CaseFactory(
        reference="SL-2026-000777",
        patient=personas.pat_case.patient,
        site=personas.pasadena,
        navigator=personas.nina,
        reviewer=personas.olivia,
        status=CaseStatus.UNDER_REVIEW,
        referring_physician=ReferringPhysician.objects.create(
            name="Dr. Rhea Synthetic", practice="Valley Oncology (synthetic)"
        ),
        patient_questions="Is surgery or chemotherapy first the better choice for me?",
        records_complete_at=timezone.now() - dt.timedelta(days=2),
        sla_due_at=timezone.now() + dt.timedelta(days=8),
    )
