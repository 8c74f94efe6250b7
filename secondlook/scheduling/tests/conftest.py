from __future__ import annotations

from datetime import date, timedelta

import pytest

from secondlook.core.testing import Personas
from secondlook.scheduling import services
from secondlook.scheduling.models import VisitRequest
from secondlook.scheduling.tests.factories import STORY, clinic_week, open_week


@pytest.fixture
def monday(personas: Personas) -> date:
    personas.program.holiday_subdivision = "CA"
    personas.program.save()
    clinic_week(personas.pasadena, oncologist=personas.olivia)
    return open_week()


@pytest.fixture
def visit_request(personas: Personas, monday: date) -> VisitRequest:
    return services.visit_request_create(
        actor=personas.nina,
        case=personas.pat_case,
        earliest_day=monday,
        latest_day=monday + timedelta(days=2),
        needs=STORY,
    )
