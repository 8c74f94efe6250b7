"""Every route that reaches a case, found by walking the URL resolver, against every role.

The hand-written table of test_permission_matrix.py checks finer rules on the routes it
names; this test makes sure no route is forgotten. It walks `get_resolver()` and sorts
every route with a parameter into one of:

- a case route: a parameter that is the case's id (`case_id`, `case_pk`, or `pk` right
  after `cases/`);
- an object route: the id of something that belongs to one case (a record, a task, a
  board agenda item, a referral…), named in OBJECT_ROUTES with how to find Pat's;
- a container route: a board session, whose agenda lists cases: it may open for staff
  of the site, but never shows a case the user may not see;
- not about a case (a trial, a team, the knowledge base, Django's admin), in NOT_A_CASE.

A route it cannot sort, or a parameter on a case route it cannot fill, fails the test:
whoever adds a route says what it reaches, and a new case route is checked the day it is
added.

The rule (cases.permissions): Pat's case at Pasadena is seen by Nina (its navigator),
Olivia (attending), Paul (proposed pathology reviewer), Rita (radiologist on the GI team
with the case on a board agenda), Carmen (tumor-board chair at the site), Sam
(supportive care, the case has a referral), Ada (program admin) and Pat herself. Nate and
Raj (Chicago), Quinn (another patient), Sid (a Pasadena specialist not on the case) and
anonymous visitors may not see it: on every case and object route, by GET and by POST,
they get a 404, 403, 405, 401 or a redirect to log in (the portal sends staff to their
own start page; the API answers a malformed body with a 422 before it reads anything),
never anything of Pat's case, never a 500, and nothing is written. On a board session's
pages they may see the session, never Pat's case. Those who may see the case are never
refused it (a 404 with the refusal audited) on their side (staff pages and the API for
staff, portal pages for Pat); a 404 for a finer rule (the review forms are for the
reviewers) or a missing part (no summary yet) is left to the hand-written matrix.

Each request runs in a savepoint that is rolled back, so one world serves every route.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_create
from secondlook.accounts.tests.factories import UserFactory
from secondlook.audit.choices import AuditAction
from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case
from secondlook.cases.tests.factories import OpinionVersionFactory, TaskFactory
from secondlook.core.testing import Personas, make_personas
from secondlook.followup.models import CheckIn, PlanRevision
from secondlook.logistics.choices import BookingKind
from secondlook.logistics.models import Booking
from secondlook.oncology.models import FactProposal
from secondlook.portal.education import all_articles
from secondlook.portal.models import ReferringUploadLink
from secondlook.records.choices import DocumentKind
from secondlook.records.models import Document
from secondlook.records.services import document_upload
from secondlook.review.choices import DiseaseTeamKind, ReviewerStatus
from secondlook.review.documents import opinion_pdf_store
from secondlook.review.models import (
    BoardAgendaItem,
    BoardSession,
    CaseReviewer,
    DiseaseTeam,
    DiseaseTeamMember,
    FollowUpQuestion,
    OpinionVersion,
)
from secondlook.scheduling.models import Appointment, Itinerary, VisitRequest
from secondlook.supportive.models import DistressScreen, Referral
from secondlook.therapies.models import ChosenOption
from secondlook.therapies.tests.factories import KnowledgeVersionFactory
from secondlook.trials.tests.factories import TrialFactory

# Marked so pytest-django sets the test database up; the world itself is module-scoped.
pytestmark = pytest.mark.django_db

LAST_NAME = "Pemberton-Synthetic"
QUESTIONS = "Would proton therapy spare my bladder?"
PRIVATE = (LAST_NAME, QUESTIONS)

VIEWERS = ("nina", "olivia", "paul", "rita", "carmen", "sam", "ada")
OUTSIDERS = ("nate", "raj", "quinn", "sid", "anon")
ROLES = (*VIEWERS, *OUTSIDERS, "pat")

# Refusals that say nothing about the case.
REFUSED = {401, 403, 404, 405}
# Rows a refused request may still write: the audit of the refusal, the log-in session,
# the throttle, the token's last use.
BOOKKEEPING_TABLES = ("audit_auditevent", "django_session", "axes_", "accounts_apitoken")

# Parameter names that are the case's own id, and `pk` when it follows `cases/`.
CASE_ID_PARAMS = frozenset({"case_id", "case_pk"})
PK_OF_A_CASE = re.compile(r"cases/<(?:int:)?pk>")

OBJECT_ROUTES: dict[str, str] = {
    # route name: which object of Pat's case its `pk` is (a key of World.objects)
    "cases:task_complete": "task",
    "records:download": "record",
    "records:reclassify": "record",
    "records:patient_download": "record",
    "oncology:decide": "fact",
    "oncology:text": "record",
    "supportive:claim": "referral",
    "supportive:update": "referral",
    "review:board_item_move": "item",
    "review:board_presentation": "item",
    "review:board_consensus": "item",
    "review:board_dissent": "item",
}
CONTAINER_ROUTES: dict[str, str] = {
    "review:board_session": "session",
    "review:board_agenda_build": "session",
    "review:board_start": "session",
    "review:board_close": "session",
    "review:board_attendance": "session",
    "review:board_summary": "session",
}
NOT_A_CASE: dict[str, str] = {
    "accounts:invitation": "an account invitation link",
    "accounts:api_token_revoke": "the user's own API token",
    "portal:referring_upload": (
        "a referring physician's upload link: its signed token is the access "
        "(portal/tests/test_referring_upload.py)"
    ),
    "review:team_member_add": "a disease team",
    "review:team_member_remove": "a disease team membership",
    "therapies:knowledge_new": "a knowledge-base kind",
    "therapies:knowledge_entry": "a knowledge-base entry",
    "therapies:knowledge_edit": "a knowledge-base entry",
    "therapies:knowledge_retire": "a knowledge-base entry",
    "trials:detail": "a trial of the registry",
    "trials:site_runs": "a trial of the registry",
    "api:registry_trial": "a trial of the registry",
}
NOT_A_CASE_NAMESPACES = {"admin": "Django's admin, for superusers; no case model is registered"}


@dataclass
class World:
    people: Personas
    sid: User
    case: Case
    objects: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def user(self, who: str) -> User | None:
        if who == "anon":
            return None
        if who == "sid":
            return self.sid
        return getattr(self.people, who)


# Filling the other parameters of a case route with Pat's objects --------------------------

PARAMS: dict[str, Callable[[World], object]] = {
    "number": lambda w: 1,
    "language": lambda w: "en",
    "slug": lambda w: all_articles()[0].slug,
    "direction": lambda w: "up",
    "question_id": lambda w: w.objects["question"],
    "chosen_id": lambda w: w.objects["chosen_option"],
    "trial_pk": lambda w: w.objects["trial"],
    "request_id": lambda w: w.objects["visit_request"],
    "itinerary_id": lambda w: w.objects["itinerary"],
    "appointment_id": lambda w: w.objects["appointment"],
    "booking_id": lambda w: w.objects["booking"],
    "check_in_id": lambda w: w.objects["check_in"],
    "revision_id": lambda w: w.objects["revision"],
    "link_pk": lambda w: w.objects["upload_link"],
}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name
    pattern: str
    params: tuple[str, ...]
    kind: str  # "case", "object", "container"

    @property
    def side(self) -> str:
        """Whose pages these are: the API and /staff/ are staff's, /portal/ the patient's."""
        if self.pattern.startswith("api/"):
            return "api"
        return "portal" if self.pattern.startswith("portal/") else "staff"

    def url(self, w: World) -> str:
        kwargs: dict[str, object] = {}
        for param in self.params:
            if self.kind == "case" and (param in CASE_ID_PARAMS or param == "pk"):
                kwargs[param] = w.case.pk
            elif param == "pk":
                table = OBJECT_ROUTES if self.kind == "object" else CONTAINER_ROUTES
                kwargs[param] = w.objects[table[self.name]]
            else:
                kwargs[param] = PARAMS[param](w)
        return reverse(self.name, kwargs=kwargs)


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """(full pattern, namespace, namespaced name, regex group names) of every route."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            groups = tuple(entry.pattern.regex.groupindex)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield prefix + str(entry.pattern), namespace, name, groups


def _params_of(pattern: str, found: tuple[str, ...]) -> tuple[str, ...]:
    """Names of the parameters of a full route, in order (regex groups or <converters>)."""
    named = tuple(re.findall(r"<(?:[a-z_]+:)?([a-z_]+)>", pattern))
    return named or found


def classify() -> tuple[list[Route], list[str]]:
    """Every route with a parameter, sorted; and the ones this test cannot sort."""
    routes: dict[str, Route] = {}
    unknown: list[str] = []
    for pattern, namespace, name, found in _walk(get_resolver()):
        params = _params_of(pattern, found)
        if not params:
            continue  # a list or a form with no case in its address
        if namespace.split(":")[0] in NOT_A_CASE_NAMESPACES or name in NOT_A_CASE:
            continue
        if CASE_ID_PARAMS & set(params) or PK_OF_A_CASE.search(pattern):
            kind = "case"
        elif name in OBJECT_ROUTES:
            kind = "object"
        elif name in CONTAINER_ROUTES:
            kind = "container"
        else:
            unknown.append(f"{pattern} ({name or 'no name'})")
            continue
        others = [p for p in params if p not in CASE_ID_PARAMS and p != "pk" and p not in PARAMS]
        if others:
            unknown.append(f"{pattern} ({name}): no value for {', '.join(others)}")
            continue
        # Ninja serves several operations (GET and POST) from one pattern.
        routes.setdefault(pattern, Route(name, pattern, params, kind))
    return sorted(routes.values(), key=lambda r: r.pattern), unknown


ROUTES, UNCLASSIFIED = classify()


def test_every_route_with_a_parameter_is_sorted() -> None:
    """A new route must say what it reaches: add it to the tables above if it is not a case
    route (a case route, with `case_id`, `case_pk` or `cases/<pk>`, is found by itself)."""
    assert not UNCLASSIFIED, "Routes this test cannot classify:\n" + "\n".join(UNCLASSIFIED)


def test_the_walk_finds_the_case_routes_of_every_side() -> None:
    """Guards the walk itself: if it found nothing, every other test would pass vacuously."""
    kinds = {(route.kind, route.side) for route in ROUTES}
    assert {("case", "staff"), ("case", "portal"), ("case", "api")} <= kinds
    assert {("object", "staff"), ("container", "staff")} <= kinds
    assert len([r for r in ROUTES if r.kind == "case"]) >= 80
    named = set(OBJECT_ROUTES) | set(CONTAINER_ROUTES) | set(NOT_A_CASE)
    walked = {name for _, _, name, _ in _walk(get_resolver())}
    assert named <= walked, f"Tables name routes that no longer exist: {named - walked}"


# The world ------------------------------------------------------------------------------


def _build(personas: Personas) -> World:
    p = personas
    case = p.pat_case
    case.patient.last_name = LAST_NAME
    case.patient.save()
    case.patient_questions = QUESTIONS
    case.reviewer = p.olivia
    case.cancer_type_code = "COAD"
    case.cancer_type_name = "Colon Adenocarcinoma"
    case.save()
    sid = UserFactory(
        username="sid",
        first_name="Sid",
        last_name="Synthetic",
        role=Role.SPECIALIST,
        specialty=Specialty.SURGICAL_ONCOLOGY,
        sites=[p.pasadena],
    )
    w = World(people=p, sid=sid, case=case)
    record = document_upload(
        actor=p.nina,
        case=case,
        uploaded=SimpleUploadedFile(
            f"{LAST_NAME}-pathology.txt",
            f"Outside pathology report for {LAST_NAME}: adenocarcinoma.\n".encode(),
            "text/plain",
        ),
        kind=DocumentKind.PATHOLOGY,
    )
    w.objects["record"] = record.pk
    now = timezone.now()
    signed = OpinionVersionFactory(
        case=case,
        author=p.olivia,
        signed_by=p.olivia,
        signed_at=now - dt.timedelta(hours=1),
        content_sha256="0" * 64,
        pdf_storage_name=opinion_pdf_store(b"%PDF-1.4\n% synthetic\n"),
    )
    case.status = CaseStatus.OPINION_DELIVERED
    case.opinion_delivered_at = now
    case.save()
    _on_the_case(w, signed)
    _around_the_case(w, signed, record)
    for who in (*VIEWERS, "nate", "raj", "sid"):
        user = w.user(who)
        assert user is not None
        w.tokens[who] = api_token_create(user=user, name="route access")[1]
    return w


def _on_the_case(w: World, signed: OpinionVersion) -> None:
    """Paul proposed as reviewer; Rita on the GI team with the case on its agenda; a
    referral for Sam; Sid a specialist at the site with no part in the case."""
    p = w.people
    CaseReviewer.objects.create(
        case=w.case,
        reviewer=p.paul,
        specialty=Specialty.PATHOLOGY,
        reason="Outside pathology to re-review.",
        status=ReviewerStatus.PROPOSED,
    )
    team = DiseaseTeam.objects.create(site=p.pasadena, kind=DiseaseTeamKind.GI, name="GI team")
    DiseaseTeamMember.objects.create(team=team, user=p.rita, specialty=Specialty.RADIOLOGY)
    session = BoardSession.objects.create(
        team=team, starts_at=timezone.now() + dt.timedelta(days=1), chair=p.carmen
    )
    item = BoardAgendaItem.objects.create(session=session, case=w.case, position=1)
    screen = DistressScreen.objects.create(
        case=w.case, score=6, moment="intake", source="navigator", completed_by=p.nina, threshold=4
    )
    referral = Referral.objects.create(
        case=w.case,
        screen=screen,
        service="social_work",
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    w.objects.update(session=session.pk, item=item.pk, referral=referral.pk)
    w.objects["question"] = FollowUpQuestion.objects.create(
        opinion=signed, asked_by=p.pat, question="Can I travel?"
    ).pk


def _around_the_case(w: World, signed: OpinionVersion, record: Document) -> None:
    """One of everything a case route names by its own id, so each route finds Pat's."""
    p, case = w.people, w.case
    w.objects["task"] = TaskFactory(case=case, kind=TaskKind.FOLLOW_UP, assignee=p.nina).pk
    w.objects["fact"] = FactProposal.objects.create(
        case=case,
        document=record,
        field="histology",
        value="adenocarcinoma",
        display="Adenocarcinoma",
        start=0,
        end=14,
        confidence=0.9,
    ).pk
    w.objects["chosen_option"] = ChosenOption.objects.create(
        case=case,
        category="standard",
        label="FOLFOX",
        evidence_level="guideline",
        why="Stage III colon cancer.",
        source="Synthetic guideline",
        knowledge_version=KnowledgeVersionFactory(),
        chosen_by=p.olivia,
    ).pk
    w.objects["trial"] = TrialFactory().pk
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    visit = VisitRequest.objects.create(
        case=case, earliest_day=monday, latest_day=monday + dt.timedelta(days=2), created_by=p.nina
    )
    itinerary = Itinerary.objects.create(request=visit, planned_by=p.nina)
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time(9)))
    appointment = Appointment.objects.create(
        itinerary=itinerary,
        service="medical_oncology",
        site=p.pasadena,
        with_whom="Dr Olivia Synthetic",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    w.objects["upload_link"] = ReferringUploadLink.objects.create(
        case=case,
        issued_by=p.nina,
        physician_name="Dr Referring Synthetic",
        expires_at=timezone.now() + dt.timedelta(days=7),
    ).pk
    booking = Booking.objects.create(
        case=case,
        kind=BookingKind.LODGING,
        nights=2,
        total_cost=Decimal("300"),
        requested_by=p.nina,
    )
    check_in = CheckIn.objects.create(case=case, day=30, due_on=timezone.localdate())
    revision = PlanRevision.objects.create(
        case=case,
        opinion=signed,
        what_changed="Start with surgery.",
        why="New scan.",
        revised_by=p.olivia,
    )
    w.objects.update(
        visit_request=visit.pk,
        itinerary=itinerary.pk,
        appointment=appointment.pk,
        booking=booking.pk,
        check_in=check_in.pk,
        revision=revision.pk,
    )


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Built once per module (per worker): every request after it is rolled back."""
    records = Path(tmp_path_factory.mktemp("records"))
    with (
        django_db_blocker.unblock(),
        override_settings(SECONDLOOK_RECORDS_ROOT=records),
        transaction.atomic(),
    ):
        yield _build(make_personas())
        transaction.set_rollback(True)


# Making the requests --------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    location: str
    body: str
    writes: list[str]
    denied: bool = False
    error: str = ""


def _body(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _ask(w: World, route: Route, who: str, method: str) -> Answer:
    client = Client(raise_request_exception=False)
    headers: dict[str, str] = {}
    user = w.user(who)
    if route.side == "api":
        if who in w.tokens:
            headers["Authorization"] = f"Bearer {w.tokens[who]}"
    elif user is not None:
        client.force_login(user)
    url = route.url(w)
    writes: list[str] = []

    def watch(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE") and not any(
            table in sql for table in BOOKKEEPING_TABLES
        ):
            writes.append(sql[:120])
        return execute(sql, *args)

    denied_before = AuditEvent.objects.filter(
        action=AuditAction.DENIED, case_reference=w.case.reference
    ).count()
    with transaction.atomic(), connection.execute_wrapper(watch):
        if method == "GET":
            response = client.get(url, headers=headers)
        elif route.side == "api":
            response = client.post(url, "{}", content_type="application/json", headers=headers)
        else:
            response = client.post(url, {}, headers=headers)
        denied = AuditEvent.objects.filter(
            action=AuditAction.DENIED, case_reference=w.case.reference
        ).count()
        transaction.set_rollback(True)
    error = ""
    if response.status_code >= 500:
        error = str(getattr(response, "exc_info", "") or "")
    return Answer(
        response.status_code,
        response.get("Location", ""),
        _body(response),
        writes,
        denied > denied_before,
        error,
    )


def _refused(route: Route, method: str, answer: Answer) -> bool:
    if answer.status in REFUSED:
        return True
    if route.side == "api" and method == "POST" and answer.status == 422:
        return True  # the API checks the body's shape before anything else: no case read
    if answer.status != 302:
        return False
    if answer.location.startswith(reverse("accounts:login")):
        return True
    # The portal sends staff to their own start page, whatever the case.
    return route.side == "portal" and answer.location == reverse("home")


def _told_it_does_not_exist(w: World, route: Route, who: str, answer: Answer) -> bool:
    """A 404 that is the case refusal (audited as denied), not a finer rule of the route
    (the review forms are for those on the review) or a missing part (no summary yet)."""
    if answer.status != 404 or route.kind == "container":
        return False
    if who == "pat" and route.side != "portal":
        return False  # staff pages hide themselves from patients with a 404
    return answer.denied


def _problems(w: World, route: Route) -> list[str]:
    problems = []
    for who in ROLES:
        for method in ("GET", "POST"):
            answer = _ask(w, route, who, method)
            said = f"{method} {route.pattern} as {who}: {answer.status} {answer.location}"
            if answer.status >= 500:
                problems.append(f"{said} (server error {answer.error})")
                continue
            if who not in OUTSIDERS:
                if _told_it_does_not_exist(w, route, who, answer):
                    problems.append(f"{said}: may see the case, was refused it")
                continue
            leaked = [marker for marker in PRIVATE if marker in answer.body]
            if leaked:
                problems.append(f"{said}: shows {leaked}")
            if route.kind != "container" and not _refused(route, method, answer):
                problems.append(f"{said}: not refused")
            if answer.writes:
                problems.append(f"{said}: refused yet wrote {answer.writes[:3]}")
    return problems


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.kind}:{r.pattern}" for r in ROUTES])
def test_route(route: Route, world: World) -> None:
    problems = _problems(world, route)
    assert not problems, "\n".join(problems)


def test_the_rule_and_the_lists_agree_on_who_sees_the_case(world: World) -> None:
    """The world is what the docstring says: the page check and the list query agree."""
    from secondlook.cases.permissions import can_view_case
    from secondlook.cases.selectors import cases_visible_to

    for who in (*VIEWERS, "pat", *OUTSIDERS):
        user = world.user(who)
        if user is None:
            continue
        expected = who not in OUTSIDERS
        assert can_view_case(user, world.case) is expected, who
        listed = cases_visible_to(user=user).filter(pk=world.case.pk).exists()
        assert listed is expected, who


def test_api_refusals_are_json(world: World) -> None:
    """Sanity of the harness on one route: an outsider's token gets the API's JSON 404."""
    route = next(r for r in ROUTES if r.name == "api:case_get")
    answer = _ask(world, route, "sid", "GET")
    assert answer.status == 404
    assert "message" in json.loads(answer.body) or "detail" in json.loads(answer.body)
