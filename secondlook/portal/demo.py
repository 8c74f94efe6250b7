"""Demo portal data: a few patient ↔ navigator threads and satisfaction answers (about 7 in
10 'definitely yes', like the brief's program) on every delivered opinion with an account."""

from __future__ import annotations

from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.portal.choices import Agreement, Recommend
from secondlook.portal.models import SurveyResponse
from secondlook.portal.selectors import survey_open_for
from secondlook.portal.services import SurveyAnswers, message_send, survey_submit
from secondlook.review.selectors import opinion_latest_signed

RECOMMEND_CYCLE = (
    Recommend.DEFINITELY_YES,
    Recommend.DEFINITELY_YES,
    Recommend.PROBABLY_YES,
    Recommend.DEFINITELY_YES,
    Recommend.DEFINITELY_YES,
    Recommend.DEFINITELY_YES,
    Recommend.PROBABLY_NO,
    Recommend.DEFINITELY_YES,
    Recommend.DEFINITELY_YES,
    Recommend.PROBABLY_YES,
)

THREADS = (
    (
        "Do I need to bring my scans on a disc, or do you get them?",
        "We ask the hospital for them; if you have a disc, bring it too. Thank you!",
    ),
    (
        "Can my daughter come with me to the visit?",
        "Yes, please bring her. We have a caregiver lodging room if you need it.",
    ),
)


def demo_extend(builder: object) -> None:
    with_account = Case.objects.filter(patient__user__isnull=False).select_related(
        "patient__user", "navigator"
    )
    open_cases = with_account.exclude(
        status__in=[CaseStatus.REQUESTED, CaseStatus.CANCELLED, CaseStatus.CLOSED]
    ).order_by("id")
    for index, case in enumerate(open_cases[:6]):
        question, answer = THREADS[index % len(THREADS)]
        message_send(actor=case.patient.user, case=case, body=question)
        if index % 3 != 2:  # leave some unread for the navigator's case page
            message_send(actor=case.navigator, case=case, body=answer)
    delivered = with_account.filter(
        status__in=[CaseStatus.OPINION_DELIVERED, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED]
    ).order_by("id")
    for index, case in enumerate(delivered):
        recommend = RECOMMEND_CYCLE[index % len(RECOMMEND_CYCLE)]
        answers = SurveyAnswers(
            recommend=recommend,
            explained_clearly=Agreement.ALWAYS if index % 4 else Agreement.USUALLY,
            navigator_helpful=Agreement.ALWAYS,
            felt_heard=Agreement.ALWAYS
            if recommend == Recommend.DEFINITELY_YES
            else Agreement.SOMETIMES,
        )
        if survey_open_for(case=case):
            survey_submit(actor=case.patient.user, case=case, answers=answers)
        else:
            _backdated_answer(case, answers)


def _backdated_answer(case: Case, answers: SurveyAnswers) -> None:
    """The demo moves each case's history back in time after the opinion was signed, so
    its signed version looks 'signed after delivery' and the survey service (rightly)
    refuses; the demo records the answer against the newest signed version instead."""
    opinion = opinion_latest_signed(case=case)
    if opinion is None:
        return
    SurveyResponse.objects.create(
        case=case,
        opinion=opinion,
        respondent=case.patient.user,
        recommend=answers.recommend,
        explained_clearly=answers.explained_clearly,
        navigator_helpful=answers.navigator_helpful,
        felt_heard=answers.felt_heard,
    )
