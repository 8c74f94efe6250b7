"""Reads for the patient portal, always through the patient's own cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Site, User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.selectors import case_timeline, cases_visible_to
from secondlook.oncology.oncotree import BY_CODE
from secondlook.portal.choices import JourneyStage
from secondlook.portal.education import Article, articles_for
from secondlook.portal.models import Message, QuestionList, SurveyResponse
from secondlook.portal.plain_language import PATIENT_EVENT_KINDS, StrOrPromise, event_text
from secondlook.portal.questions import CaseForQuestions, questions_for


@dataclass(frozen=True)
class PatientTimelineEntry:
    at: datetime
    text: StrOrPromise


def patient_cases(*, user: User) -> QuerySet[Case]:
    """The patient's own opinions, newest first, with what the home page shows about each."""
    return (
        cases_visible_to(user=user)
        .select_related("site", "navigator")
        .order_by("-requested_at", "-id")
    )


def patient_timeline(*, case: Case) -> list[PatientTimelineEntry]:
    """The case history in lines written for the patient; anything else stays out."""
    events = case_timeline(case=case).filter(kind__in=PATIENT_EVENT_KINDS)
    entries = []
    for event in events:
        text = event_text(kind=event.kind, to_status=event.to_status, channel=case.channel)
        if text is not None:
            entries.append(PatientTimelineEntry(at=event.created_at, text=text))
    return entries


def request_sites() -> QuerySet[Site]:
    """The locations a patient may choose for their opinion."""
    return Site.objects.order_by("name")


# --- Education, questions to ask, messages, survey ----------------------------------

_JOURNEY: dict[str, str] = {
    CaseStatus.REQUESTED: JourneyStage.BEFORE_REVIEW,
    CaseStatus.INTAKE: JourneyStage.BEFORE_REVIEW,
    CaseStatus.RECORDS_PENDING: JourneyStage.BEFORE_REVIEW,
    CaseStatus.RECORDS_COMPLETE: JourneyStage.BEFORE_REVIEW,
    CaseStatus.UNDER_REVIEW: JourneyStage.IN_REVIEW,
    CaseStatus.VISIT_SCHEDULED: JourneyStage.IN_REVIEW,
    CaseStatus.OPINION_DRAFTED: JourneyStage.IN_REVIEW,
    CaseStatus.OPINION_DELIVERED: JourneyStage.AFTER_OPINION,
    CaseStatus.FOLLOW_UP: JourneyStage.FOLLOW_UP,
    CaseStatus.CLOSED: JourneyStage.FOLLOW_UP,
    CaseStatus.CANCELLED: JourneyStage.BEFORE_REVIEW,
}


def journey_stage(*, case: Case) -> str:
    return _JOURNEY[case.status]


def education_for(*, case: Case, language: str = "en") -> list[Article]:
    """Articles for this case's cancer type and where the patient is in the journey,
    in the language the portal is showing."""
    cancer_type = BY_CODE.get(case.cancer_type_code)
    return articles_for(
        tissue=cancer_type.tissue if cancer_type else "",
        stage=journey_stage(case=case),
        language=language,
    )


def _options_in_opinion(case: Case) -> tuple[str, ...]:
    """The options the attending chose, when the therapies app provides them."""
    try:
        from secondlook.therapies.selectors import options_chosen_for
    except ImportError:
        return ()
    return tuple(option.label for option in options_chosen_for(case))


def _goals(case: Case) -> str:
    try:
        from secondlook.review.team_selectors import patient_voice_of
    except ImportError:
        return ""
    voice = patient_voice_of(case=case)
    return voice.what_matters if voice is not None else ""


def case_for_questions(*, case: Case) -> CaseForQuestions:
    from secondlook.oncology.selectors import case_diagnosis_facts

    facts = case_diagnosis_facts(case=case)
    return CaseForQuestions(
        cancer_type_name=facts.cancer_type_name or case.cancer_type_name,
        stage_group=facts.stage_group,
        options=_options_in_opinion(case) if journey_stage(case=case) in _AFTER else (),
        goals=_goals(case),
    )


_AFTER = frozenset({JourneyStage.AFTER_OPINION, JourneyStage.FOLLOW_UP})


def questions_to_ask(*, case: Case) -> tuple[list[str], bool]:
    """The patient's saved list, else suggestions built from the case; and whether edited."""
    saved = QuestionList.objects.filter(case=case).first()
    if saved is not None:
        return list(saved.questions), saved.edited
    return questions_for(case_for_questions(case=case), translate=gettext), False


def message_thread(*, case: Case) -> QuerySet[Message]:
    return case.portal_messages.select_related("sender").order_by("created_at", "id")


def message_thread_for_staff(*, user: User, case: Case) -> list[Message]:
    """The thread as staff read it; reading patient messages is audited."""
    thread = list(message_thread(case=case))
    if thread:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="portal.message",
            case_reference=case.reference,
            purpose="patient messages",
        )
    return thread


def unread_for(*, user: User, case: Case) -> int:
    """Messages from the other side the user has not read yet."""
    from_patient = user.role != Role.PATIENT
    return case.portal_messages.filter(from_patient=from_patient, read_at__isnull=True).count()


def survey_open_for(*, case: Case) -> bool:
    """The survey is offered once the opinion is delivered, until it is answered."""
    from secondlook.review.selectors import opinion_delivered_latest

    if SurveyResponse.objects.filter(case=case).exists():
        return False
    return opinion_delivered_latest(case=case) is not None
