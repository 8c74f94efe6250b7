# The table below is wider than the 100-column limit on purpose: one route, one line.
# ruff: noqa: E501
"""Every role against every case page and API route, as one table of expected outcomes.

The rules (issue 3, deny by default):
- a patient sees only their own case (anyone else's is a 404) and never a staff page;
- staff see the cases of their sites only (another site's case is a 404); navigators and
  tumor-board chairs see every case of their sites, other clinicians only the cases they
  are on (issue 7: Sid, a specialist at Pasadena not on Pat's case, gets a 404);
- only the owning navigator, or a program admin covering, coordinates a case;
- only the case's attending reviewer writes and signs its opinion;
- the program admin sees every site and alone reads the audit log;
- patients have no API tokens (`api_token_create` refuses them), so to the API they are
  anonymous.

Every route that takes a case id is also walked, for every role, by
test_case_route_access.py; this table keeps the finer rules of the routes it names.

The world: Pat's case at Pasadena, owned by Nina, reviewed by Olivia with Paul, Rita and
Sam on it too (cases.permissions), its signed opinion delivered, a pathology record
uploaded. Quinn's case is at Chicago with Nate, Raj on it. Routes that
need more (a web request to take, a draft to sign, a task to tick off, a second navigator
to hand off to) add it in their `setup`, so every allowed request can really succeed.

Outcomes:
  ok      200/201 and Pat's case data is on it (a write that also succeeded)
  page    200, and nothing of Pat's case on it (a list of another site, a blank form)
  done    the write went through: a redirect with a success message
  denied  redirected back with a permission refusal as the message; nothing changed
  403 404 refused outright; nothing of Pat's case in the body, nothing changed
  401     the API without a (staff) token
  login   anonymous: sent to the log-in page
  home    portal pages send staff to their own start page
  refused allowed past the permission check, then refused for a business reason: a
          redirect with a message that is not a permission refusal, or a 409
Any state change that is not `ok`/`done` fails the test, as does any `done` that changes
nothing. A key's [bracket] names a variant of the world for that row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_create
from secondlook.accounts.tests.factories import TEST_PASSWORD, UserFactory
from secondlook.cases.choices import CaseStatus, PayerType, TaskKind, Urgency
from secondlook.cases.models import Case, Task, TimelineEvent
from secondlook.cases.tests.factories import (
    CaseFactory,
    OpinionVersionFactory,
    PatientFactory,
    TaskFactory,
)
from secondlook.core.errors import ValidationFailed
from secondlook.core.testing import Personas, put_on_case
from secondlook.records.choices import DocumentKind
from secondlook.records.models import Document
from secondlook.records.services import document_upload
from secondlook.review.documents import opinion_pdf_store
from secondlook.review.models import CorrectionDelivery, OpinionVersion

# fmt: off
PEOPLE = ("nina", "nate", "olivia", "raj", "paul", "rita", "carmen", "sam", "ada", "pat", "quinn", "anon", "sid")

EXPECTED: dict[str, tuple[str, ...]] = {
    #                                                       nina       nate       olivia     raj        paul       rita       carmen     sam        ada        pat        quinn      anon       sid
    # Staff pages of one case
    "GET cases:detail":                                    ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "403",     "403",     "login",   "404"),
    "GET cases:details_edit":                              ("ok",      "404",     "403",     "404",     "403",     "403",     "403",     "403",     "ok",      "403",     "403",     "login",   "404"),
    "POST cases:details_edit":                             ("done",    "404",     "403",     "404",     "403",     "403",     "403",     "403",     "done",    "403",     "403",     "login",   "404"),
    "GET cases:follow_on":                                 ("ok",      "404",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "login",   "403"),
    "POST cases:follow_on":                                ("done",    "404",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "login",   "403"),
    "POST cases:handoff":                                  ("done",    "404",     "denied",  "404",     "denied",  "denied",  "denied",  "denied",  "done",    "403",     "403",     "login",   "404"),
    "POST cases:transition":                               ("done",    "404",     "denied",  "404",     "denied",  "denied",  "denied",  "denied",  "done",    "403",     "403",     "login",   "404"),
    "POST cases:take":                                     ("done",    "404",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "login",   "403"),
    "POST cases:task_complete":                            ("done",    "404",     "denied",  "404",     "denied",  "denied",  "denied",  "denied",  "done",    "403",     "403",     "login",   "404"),
    # Records
    "POST records:upload":                                 ("done",    "404",     "done",    "404",     "done",    "done",    "denied",  "denied",  "done",    "403",     "403",     "login",   "404"),
    "POST records:reclassify":                             ("done",    "404",     "done",    "404",     "done",    "done",    "denied",  "denied",  "done",    "403",     "403",     "login",   "404"),
    "GET records:download":                                ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "404",     "login",   "404"),
    "GET records:patient_download":                        ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "ok",      "404",     "login",   "404"),
    "POST records:patient_upload":                         ("403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "done",    "404",     "login",   "403"),
    # The opinion
    "GET review:opinion_edit":                             ("403",     "404",     "ok",      "404",     "403",     "403",     "403",     "403",     "403",     "404",     "404",     "login",   "404"),
    "POST review:opinion_edit":                            ("403",     "404",     "done",    "404",     "403",     "403",     "403",     "403",     "403",     "404",     "404",     "login",   "404"),
    "GET review:opinion_sign":                             ("403",     "404",     "ok",      "404",     "403",     "403",     "403",     "403",     "403",     "404",     "404",     "login",   "404"),
    "POST review:opinion_sign":                            ("403",     "404",     "done",    "404",     "403",     "403",     "403",     "403",     "403",     "404",     "404",     "login",   "404"),
    "GET review:opinion_versions":                         ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "404",     "404",     "login",   "404"),
    "GET review:opinion_version":                          ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "404",     "404",     "login",   "404"),
    "GET review:opinion_pdf":                              ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "404",     "404",     "login",   "404"),
    "GET review:opinion_version_pdf":                      ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "404",     "404",     "login",   "404"),
    "POST review:correction_deliver":                      ("done",    "404",     "denied",  "404",     "denied",  "denied",  "denied",  "denied",  "done",    "404",     "404",     "login",   "404"),
    # The patient's own pages
    "GET review:patient_opinion_pdf":                      ("404",     "404",     "404",     "404",     "404",     "404",     "404",     "404",     "404",     "ok",      "404",     "login",   "404"),
    "GET portal:case":                                     ("home",    "home",    "home",    "home",    "home",    "home",    "home",    "home",    "home",    "ok",      "404",     "login",   "home"),
    "GET portal:request_another":                          ("home",    "home",    "home",    "home",    "home",    "home",    "home",    "home",    "home",    "ok",      "404",     "login",   "home"),
    # Lists
    "GET cases:worklist":                                  ("ok",      "page",    "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "login",   "403"),
    "GET cases:intake":                                    ("page",    "page",    "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "login",   "403"),
    "GET cases:my_reviews":                                ("page",    "page",    "ok",      "page",    "page",    "page",    "page",    "page",    "page",    "403",     "403",     "login",   "page"),
    "GET cases:list":                                      ("ok",      "page",    "ok",      "page",    "ok",      "ok",      "ok",      "ok",      "ok",      "403",     "403",     "login",   "page"),
    "GET audit:search":                                    ("403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "page",    "403",     "403",     "login",   "403"),
    "GET audit:export":                                    ("403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "page",    "403",     "403",     "login",   "403"),
    # API, bearer token
    "GET api:case_list":                                   ("ok",      "page",    "ok",      "page",    "ok",      "ok",      "ok",      "ok",      "ok",      "401",     "401",     "401",     "page"),
    "POST api:case_create":                                ("ok",      "403",     "403",     "403",     "403",     "403",     "403",     "403",     "403",     "401",     "401",     "401",     "403"),
    "GET api:case_get":                                    ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "401",     "401",     "401",     "404"),
    "POST api:case_transition":                            ("ok",      "404",     "403",     "404",     "403",     "403",     "403",     "403",     "ok",      "401",     "401",     "401",     "404"),
    "GET api:records_list":                                ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "401",     "401",     "401",     "404"),
    "POST api:records_upload":                             ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "403",     "403",     "ok",      "401",     "401",     "401",     "404"),
    "GET api:opinion_pdf":                                 ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "401",     "401",     "401",     "404"),
    # The same routes in another state of the case
    "POST cases:transition [no pathology report]":         ("refused", "404",     "denied",  "404",     "denied",  "denied",  "denied",  "denied",  "refused", "403",     "403",     "login",   "404"),
    "GET review:patient_opinion_pdf [not delivered yet]":  ("404",     "404",     "404",     "404",     "404",     "404",     "404",     "404",     "404",     "404",     "404",     "login",   "404"),
    "GET api:opinion_pdf [not delivered yet]":             ("ok",      "404",     "ok",      "404",     "ok",      "ok",      "ok",      "ok",      "ok",      "401",     "401",     "401",     "404"),
    "GET cases:detail [Quinn's case at Chicago]":          ("404",     "ok",      "404",     "ok",      "404",     "404",     "404",     "404",     "ok",      "403",     "403",     "login",   "404"),
    "GET api:case_get [Quinn's case at Chicago]":          ("404",     "ok",      "404",     "ok",      "404",     "404",     "404",     "404",     "ok",      "401",     "401",     "401",     "404"),
}
# fmt: on

# Pat's case data, made distinctive so no page shows it by accident.
LAST_NAME = "Pemberton-Synthetic"
QUESTIONS = "Would proton therapy spare my bladder?"
RECORD_NAME = f"{LAST_NAME}-pathology.txt"
PATIENT_DATA = (LAST_NAME, QUESTIONS)
QUINN_LAST_NAME = "Quimby-Synthetic"
OPINION_PDF = f"%PDF-1.4\n% Second opinion for {LAST_NAME} (synthetic)\n".encode()

PERMISSION_REFUSALS = (
    "Only the case's",
    "Your role cannot",
    "You do not work at this case's site",
    "Only the care team",
    "This task is someone else's",
)


@dataclass
class World:
    people: Personas
    case: Case  # Pat's, delivered
    record: Document  # its pathology report
    signed: OpinionVersion  # version 1, delivered
    extra: dict[str, Any] = field(default_factory=dict)


Url = Callable[[World], str]
Data = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    url: Url
    data: Data | None = None
    setup: Callable[[World], None] | None = None
    # Shown on an `ok` response; the default is Pat's name or questions.
    markers: tuple[str, ...] = PATIENT_DATA
    # Never shown on a refusal, nor on a `page`.
    private: tuple[str, ...] = (*PATIENT_DATA, RECORD_NAME)
    json: bool = False


def case_url(name: str, **kwargs: Any) -> Url:
    return lambda w: reverse(name, kwargs={"pk": w.case.pk, **kwargs})


def api_url(name: str) -> Url:
    return lambda w: reverse(name, kwargs={"case_id": w.case.pk})


def a_text_file(name: str = "lab-results.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"Synthetic lab results: CEA 3.1 ng/mL.\n", "text/plain")


# Setups for routes that need more than the base world ------------------------------------


def add_web_request(w: World) -> None:
    w.extra["request"] = CaseFactory(
        site=w.people.pasadena,
        status=CaseStatus.REQUESTED,
        patient=PatientFactory(last_name=LAST_NAME),
        patient_questions=QUESTIONS,
    )


def add_second_pasadena_navigator(w: World) -> None:
    w.extra["nora"] = UserFactory(username="nora", role=Role.NAVIGATOR, sites=[w.people.pasadena])


def add_task_for_nina(w: World) -> None:
    w.extra["task"] = TaskFactory(case=w.case, kind=TaskKind.FOLLOW_UP, assignee=w.people.nina)


def add_correction(*, signed: bool) -> Callable[[World], None]:
    def setup(w: World) -> None:
        extra: dict[str, Any] = {}
        if signed:
            extra = {
                "signed_by": w.people.olivia,
                "signed_at": timezone.now(),
                "content_sha256": "1" * 64,
                "pdf_storage_name": opinion_pdf_store(OPINION_PDF),
            }
        OpinionVersionFactory(
            case=w.case,
            number=2,
            author=w.people.olivia,
            supersedes=w.signed,
            correction_reason="The stage was misread.",
            **extra,
        )

    return setup


def remove_pathology_report(w: World) -> None:
    """Back to records pending, with no pathology report: records cannot be complete."""
    Document.objects.filter(case=w.case).delete()
    Case.objects.filter(pk=w.case.pk).update(status=CaseStatus.RECORDS_PENDING)


def undeliver(w: World) -> None:
    """Signed, not yet delivered: staff read it, the patient does not yet."""
    Case.objects.filter(pk=w.case.pk).update(
        status=CaseStatus.OPINION_DRAFTED, opinion_delivered_at=None
    )


def use_quinns_case(w: World) -> None:
    """Quinn's case at Chicago, Nate's: the program admin sees every site."""
    patient = w.people.quinn_case.patient
    patient.last_name = QUINN_LAST_NAME
    patient.save()
    w.case = w.people.quinn_case
    put_on_case(w.case, w.people.raj)


CASE_DETAILS = {
    "cancer_type_code": "COAD",
    "patient_questions": QUESTIONS,
    "payer_type": PayerType.COMMERCIAL,
    "urgency": Urgency.ROUTINE,
}
OPINION = {
    "verdict": "refined",
    "diagnosis": "Adenocarcinoma of the sigmoid colon, pT3 N1b.",
    "recommendations": "Surgery first, then adjuvant chemotherapy.",
    "answers": "Proton therapy is not needed for you.",
    "correction_reason": "Node count corrected.",
}

ROUTES: dict[str, Route] = {
    "GET cases:detail": Route(case_url("cases:detail")),
    "GET cases:details_edit": Route(case_url("cases:details_edit")),
    "POST cases:details_edit": Route(
        case_url("cases:details_edit"),
        lambda w: {**CASE_DETAILS, "reason": "Insurance confirmed."},
    ),
    "GET cases:follow_on": Route(case_url("cases:follow_on")),
    "POST cases:follow_on": Route(
        case_url("cases:follow_on"),
        lambda w: {**CASE_DETAILS, "site": w.people.pasadena.pk},
    ),
    "POST cases:handoff": Route(
        case_url("cases:handoff"),
        lambda w: {"to_navigator": w.extra["nora"].pk, "reason": "Going on leave."},
        setup=add_second_pasadena_navigator,
    ),
    "POST cases:transition": Route(
        case_url("cases:transition"),
        lambda w: {"to": CaseStatus.FOLLOW_UP, "reason": "Check-in booked."},
    ),
    "POST cases:take": Route(
        lambda w: reverse("cases:take", kwargs={"pk": w.extra["request"].pk}),
        lambda w: {},
        setup=add_web_request,
    ),
    "POST cases:task_complete": Route(
        lambda w: reverse("cases:task_complete", kwargs={"pk": w.extra["task"].pk}),
        lambda w: {},
        setup=add_task_for_nina,
    ),
    "POST records:upload": Route(
        lambda w: reverse("records:upload", kwargs={"case_pk": w.case.pk}),
        lambda w: {"kind": DocumentKind.LAB, "file": a_text_file(), "description": ""},
    ),
    "POST records:reclassify": Route(
        lambda w: reverse("records:reclassify", kwargs={"pk": w.record.pk}),
        lambda w: {"kind": DocumentKind.RADIOLOGY},
    ),
    "GET records:download": Route(
        lambda w: reverse("records:download", kwargs={"pk": w.record.pk})
    ),
    "GET records:patient_download": Route(
        lambda w: reverse("records:patient_download", kwargs={"pk": w.record.pk})
    ),
    "POST records:patient_upload": Route(
        lambda w: reverse("records:patient_upload", kwargs={"case_pk": w.case.pk}),
        lambda w: {"kind": DocumentKind.OTHER, "file": a_text_file(), "description": ""},
    ),
    "GET review:opinion_edit": Route(case_url("review:opinion_edit")),
    "POST review:opinion_edit": Route(case_url("review:opinion_edit"), lambda w: OPINION),
    "GET review:opinion_sign": Route(
        case_url("review:opinion_sign"), setup=add_correction(signed=False)
    ),
    "POST review:opinion_sign": Route(
        case_url("review:opinion_sign"),
        lambda w: {"password": TEST_PASSWORD},
        setup=add_correction(signed=False),
    ),
    # The versions table names the case by reference only.
    "GET review:opinion_versions": Route(
        case_url("review:opinion_versions"), markers=("Version 1",)
    ),
    "GET review:opinion_version": Route(case_url("review:opinion_version", number=1)),
    "GET review:opinion_pdf": Route(case_url("review:opinion_pdf")),
    "GET review:opinion_version_pdf": Route(case_url("review:opinion_version_pdf", number=1)),
    "POST review:correction_deliver": Route(
        case_url("review:correction_deliver"),
        lambda w: {"note": "Called the patient."},
        setup=add_correction(signed=True),
    ),
    "GET review:patient_opinion_pdf": Route(case_url("review:patient_opinion_pdf")),
    # The portal names the patient's own records; the request form, the reference.
    "GET portal:case": Route(case_url("portal:case"), markers=(RECORD_NAME,)),
    "GET portal:request_another": Route(
        case_url("portal:request_another"), markers=("Request another opinion",)
    ),
    "GET cases:worklist": Route(lambda w: reverse("cases:worklist")),
    "GET cases:intake": Route(lambda w: reverse("cases:intake")),
    "GET cases:my_reviews": Route(lambda w: reverse("cases:my_reviews")),
    "GET cases:list": Route(lambda w: reverse("cases:list")),
    "GET audit:search": Route(lambda w: reverse("audit:search")),
    "GET audit:export": Route(lambda w: reverse("audit:export")),
    "GET api:case_list": Route(lambda w: reverse("api:case_list")),
    "POST api:case_create": Route(
        lambda w: reverse("api:case_create"),
        lambda w: {
            "site_id": w.people.pasadena.pk,
            "patient": {
                "first_name": "Ike",
                "last_name": "Okafor-Synthetic",
                "date_of_birth": "1970-01-02",
                "phone": "555-010-8888",
            },
        },
        markers=("Okafor-Synthetic",),
        json=True,
    ),
    "GET api:case_get": Route(api_url("api:case_get")),
    "POST api:case_transition": Route(
        api_url("api:case_transition"),
        lambda w: {"to": CaseStatus.FOLLOW_UP, "reason": "Check-in booked."},
        json=True,
    ),
    "GET api:records_list": Route(api_url("api:records_list"), markers=(RECORD_NAME,)),
    "POST api:records_upload": Route(
        api_url("api:records_upload"),
        lambda w: {"kind": DocumentKind.LAB, "file": a_text_file()},
        markers=("lab-results.txt",),
    ),
    "GET api:opinion_pdf": Route(api_url("api:opinion_pdf")),
    "POST cases:transition [no pathology report]": Route(
        case_url("cases:transition"),
        lambda w: {"to": CaseStatus.RECORDS_COMPLETE},
        setup=remove_pathology_report,
    ),
    "GET review:patient_opinion_pdf [not delivered yet]": Route(
        case_url("review:patient_opinion_pdf"), setup=undeliver
    ),
    "GET api:opinion_pdf [not delivered yet]": Route(api_url("api:opinion_pdf"), setup=undeliver),
    "GET cases:detail [Quinn's case at Chicago]": Route(
        case_url("cases:detail"),
        setup=use_quinns_case,
        markers=(QUINN_LAST_NAME,),
        private=(QUINN_LAST_NAME,),
    ),
    "GET api:case_get [Quinn's case at Chicago]": Route(
        api_url("api:case_get"),
        setup=use_quinns_case,
        markers=(QUINN_LAST_NAME,),
        private=(QUINN_LAST_NAME,),
    ),
}


# The world -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def records_root(settings: Settings, tmp_path: Any) -> None:
    settings.SECONDLOOK_RECORDS_ROOT = tmp_path


@pytest.fixture
def world(personas: Personas) -> World:
    case = personas.pat_case
    case.patient.last_name = LAST_NAME
    case.patient.save()
    case.patient_questions = QUESTIONS
    case.reviewer = personas.olivia
    case.save()
    put_on_case(case, personas.paul, personas.rita, personas.sam)
    sid = UserFactory(
        username="sid",
        role=Role.SPECIALIST,
        specialty=Specialty.SURGICAL_ONCOLOGY,
        sites=[personas.pasadena],
    )
    record = document_upload(
        actor=personas.nina,
        case=case,
        uploaded=SimpleUploadedFile(
            RECORD_NAME, f"Outside pathology report for {LAST_NAME}.\n".encode(), "text/plain"
        ),
        kind=DocumentKind.PATHOLOGY,
    )
    now = timezone.now()
    signed = OpinionVersionFactory(
        case=case,
        author=personas.olivia,
        signed_by=personas.olivia,
        signed_at=now - dt.timedelta(hours=1),
        content_sha256="0" * 64,
        pdf_storage_name=opinion_pdf_store(OPINION_PDF),
    )
    case.status = CaseStatus.OPINION_DELIVERED
    case.opinion_delivered_at = now
    case.save()
    return World(people=personas, case=case, record=record, signed=signed, extra={"sid": sid})


def snapshot() -> tuple[object, ...]:
    """Everything a write on these routes would change."""
    return (
        list(Case.objects.order_by("pk").values_list("pk", "status", "navigator_id")),
        list(Case.objects.order_by("pk").values_list("payer_type", "updated_at")),
        TimelineEvent.objects.count(),
        list(Document.objects.order_by("pk").values_list("pk", "kind")),
        list(OpinionVersion.objects.order_by("pk").values_list("pk", "signed_at")),
        CorrectionDelivery.objects.count(),
        Task.objects.filter(completed_at__isnull=True).count(),
    )


# Making the request and reading its outcome ----------------------------------------------


def body(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        # Consuming the stream closes the response inside the test client's guard; a
        # second close() would fire request_finished and drop the test's connection.
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def outcome(response: HttpResponse) -> str:
    status = response.status_code
    if status in (200, 201):
        return "ok"
    if status == 409:
        return "refused"
    if status != 302:
        return str(status)
    location = response["Location"]
    if location.startswith(reverse("accounts:login")):
        return "login"
    shown = list(get_messages(response.wsgi_request))
    if any(m.level == message_levels.SUCCESS for m in shown):
        return "done"
    errors = [m.message for m in shown if m.level >= message_levels.WARNING]
    if any(phrase in error for error in errors for phrase in PERMISSION_REFUSALS):
        return "denied"
    if shown:
        return "refused"
    if location == reverse("home"):
        return "home"
    return f"302 to {location}"


def call(client: Client, method: str, route: Route, w: World, headers: dict[str, str]) -> Any:
    url = route.url(w)
    if method == "GET":
        return client.get(url, headers=headers)
    data = route.data(w) if route.data else {}
    if route.json:
        return client.post(url, json.dumps(data), content_type="application/json", headers=headers)
    return client.post(url, data, headers=headers)


def client_for(who: str, w: World, api: bool) -> tuple[Client, dict[str, str]]:
    client = Client()
    user: User | None = (
        None if who == "anon" else w.extra["sid"] if who == "sid" else getattr(w.people, who)
    )
    if user is None:
        return client, {}
    if not api:
        client.force_login(user)
        return client, {}
    if not user.is_clinic_staff:
        return client, {}  # a patient has no token to send
    _, raw = api_token_create(user=user, name="permission matrix")
    return client, {"Authorization": f"Bearer {raw}"}


CASES = [
    pytest.param(key, who, expected, id=f"{key}-{who}".replace(" ", "-"))
    for key, row in EXPECTED.items()
    for who, expected in zip(PEOPLE, row, strict=True)
]


def test_the_table_covers_every_route() -> None:
    assert EXPECTED.keys() == ROUTES.keys()


@pytest.mark.parametrize(("key", "who", "expected"), CASES)
def test_permission(key: str, who: str, expected: str, world: World) -> None:
    method, name = key.split(" ")[:2]
    route = ROUTES[key]
    if route.setup:
        route.setup(world)
    client, headers = client_for(who, world, api=name.startswith("api:"))
    before = snapshot()

    response = call(client, method, route, world, headers)

    got = outcome(response)
    text = body(response)
    shows_case = any(marker in text for marker in route.markers)
    if got == "ok" and method == "GET" and not shows_case:
        got = "page"
    assert got == expected, f"{key} as {who}: {got} ({response.status_code}), not {expected}"
    if expected == "ok":
        assert shows_case, f"{key} as {who} does not show {route.markers}"
    else:
        leaked = [marker for marker in route.private if marker in text]
        assert not leaked, f"{key} as {who} ({got}) shows {leaked}"
    changed = snapshot() != before
    if expected == "done" or (expected == "ok" and method == "POST"):
        assert changed, f"{key} as {who} reported success but changed nothing"
    else:
        assert not changed, f"{key} as {who} was refused ({got}) yet changed something"


def test_patients_cannot_have_api_tokens(personas: Personas) -> None:
    """Why the patient columns of the API rows are 401: no token can be made for them."""
    with pytest.raises(ValidationFailed):
        api_token_create(user=personas.pat, name="mine")
