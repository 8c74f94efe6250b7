from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from secondlook.accounts.tests.factories import SiteFactory
from secondlook.cases.choices import CaseStatus, IntakeChannel, PayerType, TaskKind
from secondlook.cases.models import Case, Patient, Task
from secondlook.records.choices import DocumentKind, MediaType
from secondlook.records.models import Document
from secondlook.review.choices import DiagnosisVerdict
from secondlook.review.models import OpinionVersion


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

    # "SL-T…" cannot collide with the "SL-<year>-<pk>" references the intake services assign.
    reference = factory.Sequence(lambda n: f"SL-T-{n:06d}")
    patient = factory.SubFactory(PatientFactory)
    site = factory.SubFactory(SiteFactory)
    status = CaseStatus.REQUESTED
    channel = IntakeChannel.WEB
    cancer_type_code = "COAD"
    cancer_type_name = "Colon Adenocarcinoma"
    patient_questions = "Is surgery or chemotherapy first the better choice for me?"
    payer_type = PayerType.COMMERCIAL
    requested_at = factory.LazyFunction(timezone.now)


class TaskFactory(DjangoModelFactory[Task]):
    class Meta:
        model = Task

    case = factory.SubFactory(CaseFactory)
    kind = TaskKind.OTHER
    title = "Call the patient back"


class PathologyReportFactory(DjangoModelFactory[Document]):
    """The outside pathology report row (no file): what the review guards look for.

    Made directly because these tests are about the lifecycle, not about uploading.
    """

    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    uploaded_by = None
    kind = DocumentKind.PATHOLOGY
    original_name = "outside-pathology.pdf"
    media_type = MediaType.PDF
    size_bytes = 48_213
    sha256 = factory.Sequence(lambda n: hashlib.sha256(f"pathology-{n}".encode()).hexdigest())
    storage_name = factory.Sequence(lambda n: f"test-pathology-{n:08d}")


class OpinionVersionFactory(DjangoModelFactory[OpinionVersion]):
    """A draft opinion; `signed=True` makes it signed by its author, as delivery requires."""

    class Meta:
        model = OpinionVersion

    class Params:
        signed = factory.Trait(
            signed_by=factory.SelfAttribute("author"),
            signed_at=factory.LazyFunction(timezone.now),
            content_sha256="0" * 64,
        )

    case = factory.SubFactory(CaseFactory)
    number = 1
    author = factory.LazyAttribute(lambda o: o.case.reviewer)
    verdict = DiagnosisVerdict.CONFIRMED
    plan_change = "confirmed"
    diagnosis = "Colon adenocarcinoma, moderately differentiated, as reported."
    recommendations = "Surgery first, then adjuvant chemotherapy."
    answers = "Surgery first is the better choice here."
