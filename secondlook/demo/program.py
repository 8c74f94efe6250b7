"""The synthetic demo program that `make run` loads.

Two sites, staff of every role, about forty patients with cases in every lifecycle
state, and the three stories of the brief (Rosie's colorectal visit, Karin's several
breast opinions, Wendy's endometrial review with a gyn-oncologist and a radiation
oncologist). Cases are walked through the real services, so the demo exercises the
same guards, timeline and audit trail as production; only the clock is then moved
back so the worklist shows cases on track, at risk and overdue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import import_module

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from secondlook.accounts.choices import Role, Specialty
from secondlook.accounts.models import Program, Site, User
from secondlook.cases import services as case_services
from secondlook.cases.choices import CaseStatus, PayerType, Urgency
from secondlook.cases.models import Case, Task, TimelineEvent
from secondlook.cases.services import CaseDetails, PatientDetails, ReferringDetails
from secondlook.demo.reports import report_pdf
from secondlook.oncology.oncotree import BY_CODE

DEMO_PASSWORD = "demo-secondlook-2026"
PROGRAM_NAME = "SecondLook Demo Cancer Center — Second Opinion Program"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    sites: tuple[str, ...]
    specialty: str = ""
    title: str = ""
    phone: str = ""


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec(
        "nina.navigator",
        "Nina",
        "Demo-Navarro",
        Role.NAVIGATOR,
        ("pasadena",),
        title="RN",
        phone="(555) 010-0111",
    ),
    StaffSpec(
        "nora.navigator",
        "Nora",
        "Demo-Quist",
        Role.NAVIGATOR,
        ("pasadena",),
        title="RN",
        phone="(555) 010-0112",
    ),
    StaffSpec(
        "noah.navigator",
        "Noah",
        "Demo-Brandt",
        Role.NAVIGATOR,
        ("chicago",),
        title="RN",
        phone="(555) 010-0113",
    ),
    StaffSpec(
        "olivia.oncologist",
        "Olivia",
        "Demo-Okafor",
        Role.SPECIALIST,
        ("pasadena",),
        Specialty.MEDICAL_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "priya.oncologist",
        "Priya",
        "Demo-Pillai",
        Role.SPECIALIST,
        ("pasadena",),
        Specialty.MEDICAL_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "gina.gynonc",
        "Gina",
        "Demo-Gallo",
        Role.SPECIALIST,
        ("pasadena",),
        Specialty.GYNECOLOGIC_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "rafael.radonc",
        "Rafael",
        "Demo-Reyes",
        Role.SPECIALIST,
        ("pasadena",),
        Specialty.RADIATION_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "sofia.surgeon",
        "Sofia",
        "Demo-Sato",
        Role.SPECIALIST,
        ("pasadena",),
        Specialty.SURGICAL_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "marcus.oncologist",
        "Marcus",
        "Demo-Meyer",
        Role.SPECIALIST,
        ("chicago",),
        Specialty.MEDICAL_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "helen.radonc",
        "Helen",
        "Demo-Haas",
        Role.SPECIALIST,
        ("chicago",),
        Specialty.RADIATION_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "paula.pathologist",
        "Paula",
        "Demo-Prieto",
        Role.PATHOLOGIST,
        ("pasadena", "chicago"),
        Specialty.PATHOLOGY,
        "MD",
    ),
    StaffSpec(
        "ravi.radiologist",
        "Ravi",
        "Demo-Rao",
        Role.RADIOLOGIST,
        ("pasadena", "chicago"),
        Specialty.RADIOLOGY,
        "MD",
    ),
    StaffSpec(
        "carmen.chair",
        "Carmen",
        "Demo-Castillo",
        Role.TUMOR_BOARD_CHAIR,
        ("pasadena",),
        Specialty.MEDICAL_ONCOLOGY,
        "MD",
    ),
    StaffSpec(
        "sam.supportive",
        "Sam",
        "Demo-Singh",
        Role.SUPPORTIVE_CARE,
        ("pasadena", "chicago"),
        Specialty.SOCIAL_WORK,
        "LCSW",
    ),
    StaffSpec("ada.admin", "Ada", "Demo-Adler", Role.PROGRAM_ADMIN, ()),
)

NAVIGATORS = {"pasadena": ("nina.navigator", "nora.navigator"), "chicago": ("noah.navigator",)}
REVIEWERS = {
    ("pasadena", "gyn"): "gina.gynonc",
    ("pasadena", "other"): "olivia.oncologist",
    ("chicago", "gyn"): "marcus.oncologist",
    ("chicago", "other"): "marcus.oncologist",
}
GYN = {"UEC", "UCEC", "HGSOC", "CESC", "OVT", "USC"}

# Order of the walk through the lifecycle; CANCELLED branches off from any open state.
PATH = (
    CaseStatus.REQUESTED,
    CaseStatus.INTAKE,
    CaseStatus.RECORDS_PENDING,
    CaseStatus.RECORDS_COMPLETE,
    CaseStatus.UNDER_REVIEW,
    CaseStatus.VISIT_SCHEDULED,
    CaseStatus.OPINION_DRAFTED,
    CaseStatus.OPINION_DELIVERED,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
)

FIRST_NAMES = (
    "Alma",
    "Bruno",
    "Celia",
    "Dario",
    "Elena",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Luis",
    "Mara",
    "Nils",
    "Opal",
    "Pedro",
    "Rhea",
    "Soren",
    "Tala",
    "Umar",
    "Vera",
    "Wes",
    "Xenia",
    "Yusuf",
    "Zora",
    "Abel",
    "Bette",
    "Cyrus",
    "Dina",
    "Emil",
    "Fern",
    "Gus",
    "Hana",
    "Ivo",
)
SURNAMES = (
    "Ashford",
    "Bellamy",
    "Corwin",
    "Dunmore",
    "Ellery",
    "Fairweather",
    "Greystone",
    "Holloway",
    "Ingram",
    "Jessup",
    "Kestrel",
    "Larkin",
    "Merriweather",
    "Northcott",
    "Oakes",
    "Pennington",
)
CANCER_MIX = ("COAD", "IDC", "LUAD", "PRAD", "PAAD", "SKCM", "UEC", "HGSOC", "READ", "BLCA")
QUESTIONS = {
    "COAD": "Do I need chemotherapy after surgery? How soon should treatment start?",
    "READ": "Is there a way to avoid a permanent colostomy?",
    "IDC": "Is a lumpectomy enough, and do I need radiation or chemotherapy?",
    "LUAD": "Is there a targeted pill for my mutation instead of chemotherapy?",
    "PRAD": "Should I choose surgery, radiation or active surveillance?",
    "PAAD": "Am I a candidate for surgery? Are there clinical trials for me?",
    "SKCM": "Do I need immunotherapy after the excision?",
    "UEC": "Do I need radiation after my hysterectomy?",
    "HGSOC": "Should I get a PARP inhibitor? What does my BRCA result mean for my family?",
    "BLCA": "Can I keep my bladder?",
}
PAYERS = (
    PayerType.COMMERCIAL,
    PayerType.COMMERCIAL,
    PayerType.MEDICARE,
    PayerType.MEDICAID,
    PayerType.TRICARE_VA,
    PayerType.SELF_PAY,
)


class DemoBuilder:
    """Walks synthetic cases through the real services, one step at a time."""

    def __init__(self, program: Program, sites: dict[str, Site], staff: dict[str, User]) -> None:
        self.program = program
        self.sites = sites
        self.staff = staff
        self.rng = random.Random(2026)
        self.lab = 0

    def reviewer_for(self, case: Case) -> User:
        family = "gyn" if case.cancer_type_code in GYN else "other"
        return self.staff[REVIEWERS[(case.site.code, family)]]

    def upload_pathology(self, case: Case, actor: User) -> None:
        from secondlook.records.services import document_upload

        self.lab += 1
        pdf = report_pdf(case.cancer_type_code, case.patient.full_name, self.lab)
        document_upload(
            actor=actor,
            case=case,
            uploaded=SimpleUploadedFile("outside-pathology.pdf", pdf, "application/pdf"),
            kind="pathology",
            description="Outside surgical pathology report",
        )

    def write_opinion(self, case: Case, *, sign: bool) -> None:
        from secondlook.review.demo import demo_letter
        from secondlook.review.services import opinion_draft_save, opinion_sign

        reviewer = case.reviewer
        assert reviewer is not None
        cancer = BY_CODE.get(case.cancer_type_code)
        # The plan verdict follows the case number, not the shared random stream, so the
        # rest of the demo stays as it was: about one plan in four changes, as published
        # second-opinion series report, and a few patients came without a plan.
        if case.pk % 9 == 0:
            plan_change = "no_prior_plan"
            answer = "No treatment had been proposed yet; the plan we recommend is above."
        elif case.pk % 4 == 0:
            plan_change = "changed"
            answer = (
                "We recommend a different plan from the one first proposed; the change "
                "and why are explained above."
            )
        else:
            plan_change = "confirmed"
            answer = "Yes, the plan your doctors proposed is appropriate."
        opinion = opinion_draft_save(
            actor=reviewer,
            case=case,
            verdict="confirmed",
            plan_change=plan_change,
            diagnosis=f"{cancer.name if cancer else 'Cancer'} confirmed on review of the outside "
            "pathology; stage as reported.",
            recommendations="Proceed with the treatment discussed at the visit. "
            "We recommend the tests listed below before treatment starts.",
            answers=f"You asked: {case.patient_questions} Our answer: {answer}",
            # The structured plan the letter prints and the patient summary is generated from.
            letter=demo_letter(case.cancer_type_code),
        )
        if sign:
            opinion_sign(actor=reviewer, opinion=opinion, password=DEMO_PASSWORD)

    def advance(self, case: Case, target: str) -> Case:
        """Move a case forward through the real transition services until it reaches target."""
        cancel = target == CaseStatus.CANCELLED
        stop = CaseStatus.RECORDS_PENDING if cancel else target
        while PATH.index(case.status) < PATH.index(stop):
            case = self.step(case, stop)
        if cancel:
            navigator = case.navigator or self.staff[NAVIGATORS[case.site.code][0]]
            case = case_services.case_cancel(
                actor=navigator, case=case, reason="Patient chose to be treated closer to home."
            )
        return case

    def step(self, case: Case, target: str = CaseStatus.CLOSED) -> Case:
        """One move; a case meant to stay delivered is one delivered before follow-up
        became automatic, so delivery does not start its follow-up."""
        navigator = case.navigator
        status = case.status
        if status == CaseStatus.REQUESTED:
            taker = self.staff[self.rng.choice(NAVIGATORS[case.site.code])]
            return case_services.case_intake_start(actor=taker, case=case)
        assert navigator is not None
        if status == CaseStatus.INTAKE:
            return case_services.case_records_request(actor=navigator, case=case)
        if status == CaseStatus.RECORDS_PENDING:
            self.upload_pathology(case, navigator)
            return case_services.case_records_complete(actor=navigator, case=case)
        if status == CaseStatus.RECORDS_COMPLETE:
            return case_services.case_review_start(
                actor=navigator, case=case, reviewer=self.reviewer_for(case)
            )
        if status == CaseStatus.UNDER_REVIEW:
            return case_services.case_visit_schedule(
                actor=navigator,
                case=case,
                visit_at=_at(timezone.localdate() + timedelta(days=self.rng.randint(1, 6)), 9),
            )
        if status == CaseStatus.VISIT_SCHEDULED:
            self.write_opinion(case, sign=self.rng.random() < 0.5)
            return Case.objects.get(pk=case.pk)
        if status == CaseStatus.OPINION_DRAFTED:
            from secondlook.review.selectors import opinion_latest
            from secondlook.review.services import opinion_sign

            latest = opinion_latest(case=case)
            if latest is not None and not latest.is_signed:
                opinion_sign(actor=case.reviewer, opinion=latest, password=DEMO_PASSWORD)
            return case_services.case_opinion_deliver(
                actor=navigator,
                case=case,
                start_follow_up=False if target == CaseStatus.OPINION_DELIVERED else None,
            )
        if status == CaseStatus.OPINION_DELIVERED:
            return case_services.case_follow_up_start(actor=navigator, case=case)
        return case_services.case_close(actor=navigator, case=case, reason="Follow-up complete.")


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _check_ins_follow_delivery(case: Case) -> None:
    """Check-ins were scheduled at delivery, before the history was moved back in time."""
    if case.opinion_delivered_at is None:
        return
    from secondlook.followup.models import CheckIn

    delivered_on = timezone.localtime(case.opinion_delivered_at).date()
    check_ins = list(CheckIn.objects.filter(case=case))
    for check_in in check_ins:
        check_in.due_on = delivered_on + timedelta(days=check_in.day)
    CheckIn.objects.bulk_update(check_ins, ["due_on"])


def _backdate(case: Case, days_ago: float) -> None:
    """Spread the case's history over the past `days_ago` days and re-run its SLA clock."""
    now = timezone.now()
    start = now - timedelta(days=days_ago)
    events = list(TimelineEvent.objects.filter(case=case).order_by("created_at", "id"))
    step = (now - start) / (len(events) + 1)
    moments: dict[str, datetime] = {}
    for index, event in enumerate(events):
        event.created_at = start + step * index
        if event.to_status and event.to_status not in moments:
            moments[event.to_status] = event.created_at
    TimelineEvent.objects.bulk_update(events, ["created_at"])
    case.requested_at = start
    if case.first_contact_at is not None:
        case.first_contact_at = moments.get(CaseStatus.INTAKE, start + step)
    for field, status in (
        ("records_complete_at", CaseStatus.RECORDS_COMPLETE),
        ("opinion_delivered_at", CaseStatus.OPINION_DELIVERED),
        ("closed_at", case.status),
    ):
        if getattr(case, field) is not None and status in moments:
            setattr(case, field, moments[status])
    case_services.case_clock_refresh(case)
    case.save()
    _check_ins_follow_delivery(case)
    Task.objects.filter(case=case, completed_at__isnull=True).update(due_at=case.sla_due_at)
    if case.opinion_delivered_at is not None:
        # Keep history in order: an opinion is signed before it is delivered.
        from secondlook.review.models import OpinionVersion

        OpinionVersion.objects.filter(case=case).signing_times_backdate(
            later_than=case.opinion_delivered_at,
            to=case.opinion_delivered_at - timedelta(minutes=30),
        )


def _patient_details(first: str, last: str, rng: random.Random, sex: str) -> PatientDetails:
    return PatientDetails(
        first_name=first,
        last_name=f"Demo-{last}",
        date_of_birth=date(rng.randint(1945, 1990), rng.randint(1, 12), rng.randint(1, 28)),
        phone=f"555-01{rng.randint(0, 99):02d}-{rng.randint(1000, 9999)}",
        email=f"{first.lower()}.{last.lower()}@example.test",
        sex=sex,
        postal_code=f"9{rng.randint(1000, 9999)}",
    )


def _case_details(code: str, payer: str, urgency: str, questions: str = "") -> CaseDetails:
    return CaseDetails(
        cancer_type_code=code,
        outside_diagnosis=f"{BY_CODE[code].name}, per outside pathology.",
        patient_questions=questions or QUESTIONS.get(code, "What are my treatment options?"),
        payer_type=payer,
        insurance_name={
            PayerType.COMMERCIAL: "Blue Example PPO (synthetic)",
            PayerType.MEDICARE: "Medicare Part B",
            PayerType.MEDICAID: "Medi-Cal",
            PayerType.TRICARE_VA: "TRICARE Select",
            PayerType.SELF_PAY: "",
        }[payer],
        insurance_member_id="" if payer == PayerType.SELF_PAY else "SYN-000-0000",
        urgency=urgency,
    )


REFERRING = ReferringDetails(
    name="Dr. Lee Demo-Whitaker",
    practice="Foothill Oncology Associates (synthetic)",
    phone="555-0150-2000",
    fax="555-0150-2001",
)


def _patient_account(details: PatientDetails, username: str) -> User:
    user = User.objects.create_user(
        username=username,
        email=details.email,
        password=DEMO_PASSWORD,
        first_name=details.first_name,
        last_name=details.last_name,
        role=Role.PATIENT,
    )
    return user


def _web_case(
    builder: DemoBuilder,
    details: PatientDetails,
    case: CaseDetails,
    site: str,
    username: str | None = None,
    previous: Case | None = None,
) -> Case:
    user = (
        previous.patient.user
        if previous is not None and previous.patient.user
        else _patient_account(details, username or details.email.split("@")[0])
    )
    return case_services.case_request_from_web(
        site=builder.sites[site],
        patient=details,
        details=case,
        referring=REFERRING,
        user=user,
        previous_case=previous,
        # A follow-on request in the story is made by the patient logged in to the portal.
        account_verified=previous is not None,
    )


def _brief_stories(builder: DemoBuilder) -> None:
    rng = builder.rng
    # Rosie: called the toll-free number; one person from the first call; CT, then the
    # plan walkthrough a day or so later.
    rosie = _patient_details("Rosie", "Paloma", rng, "female")
    case = case_services.case_create_by_phone(
        actor=builder.staff["nina.navigator"],
        site=builder.sites["pasadena"],
        patient=rosie,
        details=_case_details(
            "COAD",
            PayerType.COMMERCIAL,
            Urgency.URGENT,
            "My surgeon wants to operate next week. Should I have chemotherapy first? "
            "Can everything happen in one trip?",
        ),
        referring=REFERRING,
    )
    user = _patient_account(rosie, "rosie.demo")
    case.patient.user = user
    case.patient.save(update_fields=["user"])
    # Under review only: her visit is scheduled when her itinerary (CT, consult, then the
    # plan walkthrough a day later) is accepted in scheduling's demo, so the case's visit
    # time and its timeline come from that itinerary.
    case = builder.advance(case, CaseStatus.UNDER_REVIEW)
    _backdate(case, 3)

    # Karin: as many opinions as she wants — a first, delivered and closed; a second now.
    karin = _patient_details("Karin", "Nyberg", rng, "female")
    first = _web_case(
        builder,
        karin,
        _case_details("IDC", PayerType.COMMERCIAL, Urgency.ROUTINE),
        "pasadena",
        "karin.demo",
    )
    first = builder.advance(first, CaseStatus.CLOSED)
    _backdate(first, 120)
    second = _web_case(
        builder,
        karin,
        _case_details(
            "IDC",
            PayerType.COMMERCIAL,
            Urgency.ROUTINE,
            "My oncologist now suggests ovarian suppression. Is that right for me?",
        ),
        "pasadena",
        previous=first,
    )
    second = builder.advance(second, CaseStatus.UNDER_REVIEW)
    _backdate(second, 6)

    # Wendy: wants to know if radiation is the best option; gyn-oncologist and radiation
    # oncologist; everyone asked what she thought. Medicare: no travel benefits.
    wendy = _patient_details("Wendy", "Solberg", rng, "female")
    case = _web_case(
        builder,
        wendy,
        _case_details(
            "UEC",
            PayerType.MEDICARE,
            Urgency.ROUTINE,
            "Is radiation the best option for me after my hysterectomy? "
            "I want to know what you think, and I want a say in it.",
        ),
        "pasadena",
        "wendy.demo",
    )
    case = builder.advance(case, CaseStatus.OPINION_DRAFTED)
    _backdate(case, 8)


def _cohort(builder: DemoBuilder) -> int:
    """About forty more patients spread over every state, both sites, every payer."""
    rng = builder.rng
    targets = [*PATH, CaseStatus.CANCELLED]
    count = 0
    for index in range(37):
        target = targets[index % len(targets)]
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = SURNAMES[(index * 5) % len(SURNAMES)]
        code = CANCER_MIX[index % len(CANCER_MIX)]
        sex = "female" if code in GYN | {"IDC"} else rng.choice(("female", "male"))
        site = "pasadena" if index % 3 else "chicago"
        details = _patient_details(first, last, rng, sex)
        case_details = _case_details(
            code, PAYERS[index % len(PAYERS)], Urgency.URGENT if index % 5 == 0 else Urgency.ROUTINE
        )
        if index % 2 and target != CaseStatus.REQUESTED:
            case = case_services.case_create_by_phone(
                actor=builder.staff[NAVIGATORS[site][index % len(NAVIGATORS[site])]],
                site=builder.sites[site],
                patient=details,
                details=case_details,
                referring=REFERRING,
            )
        else:
            case = _web_case(builder, details, case_details, site)
        case = builder.advance(case, target)
        # Spread ages so some clocks are on track, some at risk and some overdue.
        _backdate(case, rng.choice((0.2, 0.8, 1.5, 3, 5, 8, 12, 20)))
        count += 1
    return count


def demo_logins() -> list[DemoLogin]:
    logins = [
        DemoLogin(s.username, dict(Role.choices)[s.role], ", ".join(s.sites) or "all sites")
        for s in STAFF
    ]
    logins += [
        DemoLogin("rosie.demo", "Patient (colorectal story)", "pasadena"),
        DemoLogin("karin.demo", "Patient (breast, two opinions)", "pasadena"),
        DemoLogin("wendy.demo", "Patient (endometrial story)", "pasadena"),
    ]
    return logins


def demo_is_loaded() -> bool:
    return Program.objects.filter(name=PROGRAM_NAME).exists()


def demo_load() -> int:
    """Create the demo program and return the number of cases.

    All or nothing; the demo sends no mail: jobs run in-process into a memory outbox.
    """
    from huey.contrib.djhuey import HUEY

    previous_immediate = HUEY.immediate
    HUEY.immediate = True
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            return _demo_load()
    finally:
        HUEY.immediate = previous_immediate


@transaction.atomic
def _demo_load() -> int:
    program = Program.objects.create(name=PROGRAM_NAME, phone="(555) 010-0100")
    sites = {
        "pasadena": Site.objects.create(
            program=program,
            name="Pasadena Main Campus (demo)",
            code="pasadena",
            address="1 Example Way, Pasadena, CA 91000",
            phone="(555) 010-0101",
        ),
        "chicago": Site.objects.create(
            program=program,
            name="Chicago Cancer Center (demo)",
            code="chicago",
            address="2 Example Plaza, Zion, IL 60099",
            phone="(555) 010-0102",
        ),
    }
    staff: dict[str, User] = {}
    for spec in STAFF:
        user = User.objects.create_user(
            username=spec.username,
            password=DEMO_PASSWORD,
            first_name=spec.first_name,
            last_name=spec.last_name,
            role=spec.role,
            specialty=spec.specialty,
            title=spec.title,
            phone=spec.phone,
            email=f"{spec.username}@demo.secondlook.invalid",
            is_staff=spec.role == Role.PROGRAM_ADMIN,
            is_superuser=spec.role == Role.PROGRAM_ADMIN,
        )
        user.sites.set([sites[code] for code in spec.sites])
        staff[spec.username] = user
    builder = DemoBuilder(program, sites, staff)
    _brief_stories(builder)
    _cohort(builder)
    _extend_by_domain_apps(builder)
    return Case.objects.count()


def _extend_by_domain_apps(builder: DemoBuilder) -> None:
    """Each domain app may add its own demo data in `secondlook/<app>/demo.py`.

    The hook is `demo_extend(builder)`; it runs after every case exists, in app order.
    """
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("secondlook.") or app_config.label == "demo":
            continue
        try:
            module = import_module(f"{app_config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"{app_config.name}.demo":
                continue
            raise
        module.demo_extend(builder)
