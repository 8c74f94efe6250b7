from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from secondlook.accounts.tests.factories import SiteFactory
from secondlook.cases.choices import CaseStatus, IntakeChannel, PayerType
from secondlook.cases.models import Case, Patient


class PatientFactory(DjangoModelFactory[Patient]):
    class Meta:
        model = Patient

    first_name = "Synthetic"
    last_name = factory.Sequence(lambda n: f"Patient{n}")
    date_of_birth = dt.date(1965, 4, 2)
    sex = "female"
    phone = "555-010-1234"
    email = factory.Sequence(lambda n: f"patient{n}@example.test")


class CaseFactory(DjangoModelFactory[Case]):
    """A case placed directly in a state, for reads; lifecycle tests go through services."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"SL-2026-{n:06d}")
    patient = factory.SubFactory(PatientFactory)
    site = factory.SubFactory(SiteFactory)
    status = CaseStatus.REQUESTED
    channel = IntakeChannel.WEB
    cancer_type_code = "COAD"
    cancer_type_name = "Colon Adenocarcinoma"
    patient_questions = "Is surgery or chemotherapy first the better choice for me?"
    payer_type = PayerType.COMMERCIAL
    requested_at = factory.LazyFunction(timezone.now)
