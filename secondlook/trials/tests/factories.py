from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from secondlook.trials.models import Trial, TrialLocation


class TrialFactory(DjangoModelFactory[Trial]):
    class Meta:
        model = Trial

    nct_id = factory.Sequence(lambda n: f"NCT8{n:07d}")
    brief_title = "Synthetic colon cancer trial"
    conditions = factory.LazyFunction(lambda: ["Colon Cancer"])
    overall_status = "RECRUITING"


class TrialLocationFactory(DjangoModelFactory[TrialLocation]):
    class Meta:
        model = TrialLocation

    trial = factory.SubFactory(TrialFactory)
    facility = "Synthetic Cancer Institute"
    status = "RECRUITING"
    latitude = 34.15
    longitude = -118.14
