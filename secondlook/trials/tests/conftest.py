"""The colon-cancer trial near Pasadena that the case tests match the demo patient against."""

from __future__ import annotations

import pytest

from secondlook.core.testing import Personas
from secondlook.trials.models import Criterion, SiteCoordinates, Trial
from secondlook.trials.tests.factories import TrialFactory, TrialLocationFactory


@pytest.fixture
def colon_trial(personas: Personas) -> Trial:
    SiteCoordinates.objects.create(site=personas.pasadena, latitude=34.1478, longitude=-118.1445)
    trial = TrialFactory(
        brief_title="FOLFOX with a new antibody for colon adenocarcinoma",
        conditions=["Colon Cancer"],
        contact_phone="555-0199",
    )
    TrialLocationFactory(
        trial=trial, contact_name="Colon trial nurse (synthetic)", contact_phone="555-0142"
    )
    Criterion.objects.create(
        trial=trial,
        kind="inclusion",
        order=1,
        text="Age 18 years or older",
        checks=[{"kind": "age", "op": ">=", "value": 18}],
    )
    Criterion.objects.create(
        trial=trial,
        kind="exclusion",
        order=2,
        text="Pregnant or breastfeeding",
        checks=[{"kind": "pregnancy"}],
    )
    TrialFactory(brief_title="Breast cancer vaccine", conditions=["Breast Cancer"])
    return trial
