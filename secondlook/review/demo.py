"""Demo data for review: disease teams at both sites, Wendy's multidisciplinary review
and a tumor board session with a consensus and one dissent.

Everything goes through the services, so the demo exercises the same guards, tasks,
timeline and audit trail as production. Wendy's opinion stays an unsigned draft so the
attending (gina.gynonc) can sign it in the browser.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.review import board_services, team_services, voice_services
from secondlook.review.choices import DiseaseTeamKind, ReviewerStatus
from secondlook.review.models import BoardPreparation, CaseReviewer, DiseaseTeam
from secondlook.review.proposals import team_kind_for
from secondlook.review.services import LetterContent
from secondlook.review.team_services import REVIEW_STATUSES

# (site, team kind) → members by username; the first listed chairs the team's board.
TEAMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("pasadena", DiseaseTeamKind.GYN): (
        "carmen.chair",
        "gina.gynonc",
        "rafael.radonc",
        "paula.pathologist",
        "ravi.radiologist",
    ),
    ("pasadena", DiseaseTeamKind.GI): (
        "carmen.chair",
        "olivia.oncologist",
        "priya.oncologist",
        "sofia.surgeon",
        "rafael.radonc",
        "paula.pathologist",
        "ravi.radiologist",
    ),
    ("pasadena", DiseaseTeamKind.BREAST): (
        "carmen.chair",
        "olivia.oncologist",
        "priya.oncologist",
        "sofia.surgeon",
        "rafael.radonc",
        "paula.pathologist",
        "ravi.radiologist",
    ),
    ("pasadena", DiseaseTeamKind.GENERAL): (
        "carmen.chair",
        "olivia.oncologist",
        "priya.oncologist",
        "sofia.surgeon",
        "rafael.radonc",
        "paula.pathologist",
    ),
    ("chicago", DiseaseTeamKind.GENERAL): (
        "marcus.oncologist",
        "helen.radonc",
        "paula.pathologist",
        "ravi.radiologist",
    ),
    ("chicago", DiseaseTeamKind.GYN): (
        "marcus.oncologist",
        "helen.radonc",
        "paula.pathologist",
        "ravi.radiologist",
    ),
}

WENDY_VOICE = {
    "what_matters": "I want a say in whether I need radiation.",
    "fears": "Being sick for months and not being able to look after my garden.",
    "travel": "My daughter can drive me, but not every day.",
    "family": "I live alone; my daughter lives twenty minutes away.",
    "view_of_options": "If the vaginal treatment is short, I would rather do that than "
    "the long course.",
}

# What each demo reviewer found on Wendy's case, by username.
WENDY_FINDINGS: dict[str, dict[str, str]] = {
    "gina.gynonc": {
        "diagnosis_agreement": "agree",
        "plan_agreement": "partly",
        "would_change": "Vaginal brachytherapy alone instead of pelvic external beam.",
        "tests_wanted": "Mismatch-repair immunohistochemistry if not done.",
        "options_favoured": "Vaginal brachytherapy; observation is reasonable.",
        "reasoning": "Stage IB grade 1 endometrioid, no LVSI: high-intermediate risk "
        "by age; PORTEC-2 supports brachytherapy over pelvic radiation.",
    },
    "rafael.radonc": {
        "diagnosis_agreement": "agree",
        "plan_agreement": "partly",
        "would_change": "Brachytherapy, 3 fractions over 2 weeks.",
        "options_favoured": "Vaginal brachytherapy.",
        "reasoning": "Equal vaginal control to pelvic EBRT with less bowel toxicity; "
        "fits her wish for a short course.",
    },
    "paula.pathologist": {
        "diagnosis_agreement": "partly",
        "plan_agreement": "agree",
        "concordance": "minor",
        "concordance_reason": "FIGO grade 1, not grade 2; myometrial invasion 55% as "
        "reported. Management unchanged.",
        "reasoning": "Slides re-reviewed; MMR proficient on our stains.",
    },
}


# Wendy's version 2: the board's plan (its consensus is added when the board has met).
WENDY_LETTER = LetterContent(
    concordance="minor",
    concordance_reason="Grade 1 on our review, grade 2 outside; management unchanged.",
    stage="IB",
    recommended_plan=("brachytherapy",),
    alternatives=("surveillance",),
    supportive_care=("emotional",),
    evidence="PORTEC-2 (Nout et al., Lancet 2010); NCCN Uterine Neoplasms.",
)

# The structured content of each demo opinion by cancer type, from which the letter's
# plan section and the patient summary are generated: the plans a second-opinion program
# typically recommends for the demo's cancers (synthetic; evidence cites the guideline
# or trial the plan rests on).
DEMO_LETTERS: dict[str, LetterContent] = {
    "COAD": LetterContent(
        stage="IIIB",
        recommended_plan=("surgery", "chemotherapy"),
        tests_recommended=("ct", "tumor_markers"),
        supportive_care=("nutrition",),
        evidence="NCCN Colon Cancer; IDEA collaboration (3 vs 6 months of adjuvant CAPOX).",
    ),
    "READ": LetterContent(
        stage="IIIB",
        recommended_plan=("chemotherapy", "radiation", "surgery"),
        alternatives=("surveillance",),
        tests_recommended=("mri", "tumor_markers"),
        supportive_care=("nutrition", "emotional"),
        evidence="NCCN Rectal Cancer; RAPIDO and PRODIGE 23 (total neoadjuvant therapy); "
        "OPRA (watch and wait after a clinical complete response).",
    ),
    "IDC": LetterContent(
        stage="IIA",
        recommended_plan=("surgery", "radiation", "hormone"),
        alternatives=("chemotherapy",),
        tests_recommended=("tumor_markers", "genetic"),
        supportive_care=("emotional", "fertility"),
        evidence="NCCN Breast Cancer; TAILORx (21-gene recurrence score); SOFT/TEXT.",
    ),
    "LUAD": LetterContent(
        stage="IVA",
        recommended_plan=("targeted",),
        alternatives=("chemotherapy", "immunotherapy"),
        tests_recommended=("tumor_markers", "mri"),
        supportive_care=("emotional", "social_work"),
        evidence="NCCN Non-Small Cell Lung Cancer; FLAURA (osimertinib first line).",
    ),
    "PRAD": LetterContent(
        stage="IIB",
        recommended_plan=("radiation", "hormone"),
        alternatives=("surgery", "surveillance"),
        tests_recommended=("mri",),
        evidence="NCCN Prostate Cancer; ProtecT; short-course ADT with radiation (RTOG 9408).",
    ),
    "PAAD": LetterContent(
        stage="IIB",
        recommended_plan=("chemotherapy", "surgery"),
        alternatives=("clinical_trial",),
        tests_recommended=("ct", "genetic"),
        supportive_care=("nutrition", "pain"),
        evidence="NCCN Pancreatic Adenocarcinoma; PREOPANC-2; germline testing for all.",
        trials="Open neoadjuvant trials at this center were discussed (synthetic demo).",
    ),
    "SKCM": LetterContent(
        stage="IIIA",
        recommended_plan=("immunotherapy",),
        alternatives=("targeted", "surveillance"),
        tests_recommended=("tumor_markers",),
        supportive_care=("emotional",),
        evidence="NCCN Melanoma: Cutaneous; CheckMate 238; COMBI-AD (BRAF V600).",
    ),
    "UEC": LetterContent(
        stage="IB",
        recommended_plan=("brachytherapy",),
        alternatives=("surveillance",),
        tests_recommended=("tumor_markers",),
        supportive_care=("emotional",),
        evidence="NCCN Uterine Neoplasms; PORTEC-2.",
    ),
    "HGSOC": LetterContent(
        stage="IIIC",
        recommended_plan=("surgery", "chemotherapy", "targeted"),
        alternatives=("clinical_trial",),
        tests_recommended=("genetic", "tumor_markers"),
        supportive_care=("emotional", "financial"),
        evidence="NCCN Ovarian Cancer; SOLO-1 and PRIMA (PARP inhibitor maintenance).",
        trials="A maintenance trial open at this center was discussed (synthetic demo).",
    ),
    "BLCA": LetterContent(
        stage="II",
        recommended_plan=("chemotherapy", "surgery"),
        alternatives=("radiation",),
        tests_recommended=("ct",),
        supportive_care=("social_work",),
        evidence="NCCN Bladder Cancer; SWOG 8710 (neoadjuvant cisplatin); BC2001 "
        "(bladder-sparing chemoradiation).",
    ),
}


def demo_letter(cancer_type_code: str) -> LetterContent:
    """The structured content of a demo opinion: the plan for its cancer type, the
    outside diagnosis confirmed (concordance none)."""
    plan = DEMO_LETTERS.get(
        cancer_type_code,
        LetterContent(recommended_plan=("surgery",), tests_recommended=("ct",)),
    )
    return replace(
        plan,
        concordance="none",
        concordance_reason="Our pathologist's review agrees with the outside report.",
    )


def _staff(builder: Any, username: str) -> User:
    return builder.staff[username]


def _teams(builder: Any) -> dict[tuple[str, str], DiseaseTeam]:
    admin = _staff(builder, "ada.admin")
    teams = {}
    for (site, kind), usernames in TEAMS.items():
        team = team_services.disease_team_create(actor=admin, site=builder.sites[site], kind=kind)
        for index, username in enumerate(usernames):
            team_services.disease_team_member_add(
                actor=admin, team=team, user=_staff(builder, username), is_chair=index == 0
            )
        teams[(site, kind)] = team
    return teams


def _review(case: Case, reviewers: dict[str, dict[str, str]], builder: Any) -> None:
    """Propose and confirm the team's reviewers, record findings, mark ready for board."""
    navigator = case.navigator
    assert navigator is not None
    # Starting the review proposes the team's reviewers when the team already exists.
    if not CaseReviewer.objects.filter(case=case).exists():
        team_services.reviewers_propose(actor=navigator, case=case)
    proposed = CaseReviewer.objects.filter(case=case, status=ReviewerStatus.PROPOSED)
    team_services.reviewers_confirm(
        actor=navigator, case=case, confirm=[row.pk for row in proposed]
    )
    on_case = [case.reviewer] + [
        row.reviewer for row in CaseReviewer.objects.filter(case=case, status="confirmed")
    ]
    for user in on_case:
        if user is None:
            continue
        fields = reviewers.get(
            user.username,
            {
                "diagnosis_agreement": "agree",
                "plan_agreement": "agree",
                "concordance": "none",
                "reasoning": "Outside work-up complete; agree with the proposed plan.",
            },
        )
        team_services.finding_save(actor=user, case=case, submit=True, **fields)
    team_services.board_ready_mark(actor=navigator, case=case)
    # The preparation took the better part of a working day in the demo's story.
    BoardPreparation.objects.filter(case=case).update(opened_at=timezone.now() - timedelta(hours=6))


def _wendy_draft(wendy: Case, consensus: str) -> None:
    """Gina's draft gets its structured content, so signing shows the patient summary.

    When the demo builder already signed version 1, this is a correction (version 2)
    that adds the board's consensus and the generated patient summary, left unsigned so
    the attending signs it in the browser.
    """
    from secondlook.review.selectors import opinion_latest
    from secondlook.review.services import opinion_draft_save

    latest = opinion_latest(case=wendy)
    if latest is None or wendy.reviewer is None:
        return
    opinion_draft_save(
        actor=wendy.reviewer,
        case=wendy,
        verdict="refined",
        # The outside plan was pelvic radiation; the board recommends brachytherapy alone.
        plan_change="changed",
        diagnosis="Endometrioid adenocarcinoma of the endometrium, FIGO grade 1 (outside: "
        "grade 2), myometrial invasion 55%, no LVSI; FIGO 2009 stage IB. MMR proficient.",
        recommendations="Vaginal brachytherapy alone; observation is an acceptable "
        "alternative. Pelvic external-beam radiation is not recommended.",
        answers="You asked whether radiation is the best option and wanted a say. Both "
        "choices are reasonable; a short internal treatment lowers the chance of the cancer "
        "coming back in the vagina. We will decide together at your visit.",
        correction_reason="Adds the tumor board's consensus and the plain-language summary."
        if latest.is_signed
        else "",
        letter=replace(WENDY_LETTER, board_consensus=consensus),
    )


def demo_extend(builder: Any) -> None:
    teams = _teams(builder)
    wendy = Case.objects.select_related("site", "navigator", "reviewer").get(
        patient__user__username="wendy.demo"
    )
    voice_services.patient_voice_save(actor=wendy.navigator, case=wendy, **WENDY_VOICE)
    _review(wendy, WENDY_FINDINGS, builder)

    others = [
        case
        for case in Case.objects.filter(site__code="pasadena", status__in=REVIEW_STATUSES)
        .exclude(pk=wendy.pk)
        .select_related("site", "navigator", "reviewer")
        .order_by("pk")
        if team_kind_for(case.cancer_type_code) == DiseaseTeamKind.GYN
    ][:2]
    for case in others:
        _review(case, {}, builder)

    chair = _staff(builder, "carmen.chair")
    session = board_services.board_session_create(
        actor=chair,
        team=teams[("pasadena", DiseaseTeamKind.GYN)],
        starts_at=timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=2),
        chair=chair,
        place="Pasadena, conference room 3B",
        video_link="https://video.example.test/gyn-board",
    )
    items = board_services.board_agenda_build(actor=chair, session=session)
    board_services.board_session_start(actor=chair, session=session)
    board_services.board_attendance_record(
        actor=chair,
        session=session,
        # The team, and a medical oncologist who joins the gynecologic board.
        attendees=[
            _staff(builder, name)
            for name in (*TEAMS[("pasadena", DiseaseTeamKind.GYN)], "olivia.oncologist")
        ],
    )
    wendy_item = next(item for item in items if item.case_id == wendy.pk)
    consensus = (
        "Vaginal brachytherapy alone (3 fractions); observation is an acceptable "
        "alternative. Pelvic external-beam radiation not recommended."
    )
    board_services.board_consensus_record(
        actor=chair,
        item=wendy_item,
        consensus=consensus,
        follow_up_actions="Navigator books the brachytherapy planning visit; Dr Gallo "
        "talks the options through with Wendy before she decides.",
    )
    board_services.board_dissent_record(
        actor=chair,
        item=wendy_item,
        member=_staff(builder, "olivia.oncologist"),
        reason="Would offer observation first: the absolute benefit of brachytherapy at "
        "grade 1 is small, and she values avoiding treatment.",
    )
    _wendy_draft(wendy, consensus)
