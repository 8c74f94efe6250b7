"""Education picked for the case (cancer type and stage of the journey) and the
"questions to ask your doctor" list built from its type, stage, options and goals."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.core.testing import Personas
from secondlook.oncology.choices import DiagnosisKind, DiagnosisStatus
from secondlook.oncology.models import Diagnosis
from secondlook.portal.education import all_articles
from secondlook.portal.questions import CaseForQuestions, questions_for
from secondlook.portal.selectors import education_for, journey_stage, questions_to_ask
from secondlook.review.choices import VoiceSource
from secondlook.review.models import PatientVoice
from secondlook.therapies.choices import EvidenceLevel, OptionCategory
from secondlook.therapies.models import ChosenOption
from secondlook.therapies.tests.factories import KnowledgeVersionFactory

CANCER_TYPE_ARTICLES = {a.slug for a in all_articles() if a.is_for_a_cancer_type}


def _case(personas: Personas, *, code: str = "", status: str = CaseStatus.RECORDS_PENDING) -> Case:
    Case.objects.filter(pk=personas.pat_case.pk).update(cancer_type_code=code, status=status)
    return Case.objects.get(pk=personas.pat_case.pk)


@pytest.mark.parametrize(
    ("code", "article"),
    [
        ("COAD", "colorectal-cancer-second-opinion"),
        ("READ", "colorectal-cancer-second-opinion"),
        ("PRAD", "prostate-cancer-second-opinion"),
        ("UCEC", "gynecologic-cancer-second-opinion"),
        ("CESC", "gynecologic-cancer-second-opinion"),
        ("HGSOC", "gynecologic-cancer-second-opinion"),
        ("SKCM", "melanoma-second-opinion"),
        ("PAAD", "pancreatic-cancer-second-opinion"),
        ("BRCA", "breast-cancer-second-opinion"),
        ("LUAD", "lung-cancer-second-opinion"),
    ],
)
def test_the_article_for_the_patients_cancer_comes_first_and_no_other_cancers(
    personas: Personas, code: str, article: str
) -> None:
    slugs = [a.slug for a in education_for(case=_case(personas, code=code))]

    assert slugs[0] == article
    assert CANCER_TYPE_ARTICLES & set(slugs) == {article}


def test_a_cancer_without_its_own_article_gets_only_the_general_ones(
    personas: Personas,
) -> None:
    for code in ("", "UM", "KIRC"):  # unknown yet; uveal melanoma (eye); no article
        slugs = {a.slug for a in education_for(case=_case(personas, code=code))}

        assert slugs and not slugs & CANCER_TYPE_ARTICLES


@pytest.mark.parametrize(
    ("status", "stage", "general"),
    [
        (
            CaseStatus.REQUESTED,
            "before_review",
            {
                "five-steps-after-a-diagnosis",
                "is-my-diagnosis-accurate",
                "six-reasons-for-a-second-opinion",
            },
        ),
        (
            CaseStatus.UNDER_REVIEW,
            "in_review",
            {"is-my-diagnosis-accurate", "questions-to-ask-your-doctor"},
        ),
        (
            CaseStatus.OPINION_DELIVERED,
            "after_opinion",
            {"after-your-opinion", "questions-to-ask-your-doctor"},
        ),
        (
            CaseStatus.FOLLOW_UP,
            "follow_up",
            {"after-your-opinion", "questions-to-ask-your-doctor"},
        ),
    ],
)
def test_articles_follow_the_stage_of_the_journey(
    personas: Personas, status: str, stage: str, general: set[str]
) -> None:
    case = _case(personas, code="PRAD", status=status)

    slugs = {a.slug for a in education_for(case=case)}

    assert journey_stage(case=case) == stage
    in_cancer_stage = stage != "follow_up"  # the cancer articles are for before and around
    expected = general | ({"prostate-cancer-second-opinion"} if in_cancer_stage else set())
    assert slugs == expected


def test_new_articles_are_read_in_spanish_by_a_spanish_speaker(personas: Personas) -> None:
    case = _case(personas, code="PAAD")

    titles = [a.title for a in education_for(case=case, language="es")]

    assert titles[0] == "Una segunda opinión para el cáncer de páncreas"


def test_patient_with_prostate_cancer_sees_and_opens_the_prostate_article(
    client: Client, personas: Personas
) -> None:
    case = _case(personas, code="PRAD")
    client.force_login(personas.pat)

    listing = client.get(reverse("portal:education", args=[case.pk])).content.decode()
    article = client.get(
        reverse("portal:article", args=[case.pk, "prostate-cancer-second-opinion"])
    ).content.decode()

    assert "A second opinion for prostate cancer" in listing
    assert "A second opinion for colon or rectal cancer" not in listing
    assert "Gleason" in article


# --- questions to ask your doctor -----------------------------------------------------


def test_questions_follow_the_type_stage_options_and_goals() -> None:
    questions = questions_for(
        CaseForQuestions(
            cancer_type_name="Prostate Adenocarcinoma",
            stage_group="IIB",
            options=("Active surveillance", "Radical prostatectomy"),
            goals="Keeping my bladder control.",
        )
    )

    assert "Are you sure my cancer is Prostate Adenocarcinoma? Which tests showed it?" in (
        questions
    )
    assert "My stage is IIB. What does that mean for me?" in questions
    assert "What would Active surveillance mean for me: benefits, side effects, time?" in questions
    assert (
        "What would Radical prostatectomy mean for me: benefits, side effects, time?" in questions
    )
    assert (
        "What matters most to me is: Keeping my bladder control. "
        "How does each choice fit with that?" in questions
    )


def test_without_stage_options_or_goals_the_list_asks_for_them() -> None:
    questions = questions_for(CaseForQuestions())

    assert "What type of cancer do I have? Which tests showed it?" in questions
    assert "What is the stage of my cancer? Do I need more tests to know?" in questions
    assert not any(q.startswith("What would") for q in questions)
    assert not any(q.startswith("What matters most to me") for q in questions)


def test_at_most_four_options_become_questions() -> None:
    options = tuple(f"Option {n}" for n in range(1, 7))

    questions = questions_for(CaseForQuestions(options=options))

    assert [q for q in questions if q.startswith("What would")] == [
        f"What would Option {n} mean for me: benefits, side effects, time?" for n in range(1, 5)
    ]


def _choose(personas: Personas, case: Case, label: str) -> None:
    ChosenOption.objects.create(
        case=case,
        category=OptionCategory.STANDARD_OF_CARE,
        label=label,
        evidence_level=EvidenceLevel.GUIDELINE,
        why="Synthetic",
        source="Synthetic guideline",
        knowledge_version=KnowledgeVersionFactory(),
        chosen_by=personas.olivia,
    )


def test_the_case_list_carries_its_stage_goals_and_after_the_opinion_its_options(
    personas: Personas,
) -> None:
    case = _case(personas, code="COAD", status=CaseStatus.UNDER_REVIEW)
    Diagnosis.objects.create(
        case=case,
        kind=DiagnosisKind.OUTSIDE,
        status=DiagnosisStatus.AS_REPORTED,
        cancer_type_code="COAD",
        cancer_type_name="Colon Adenocarcinoma",
        stage_group="IIIB",
    )
    PatientVoice.objects.create(
        case=case,
        what_matters="Being at my daughter's wedding in June",
        source=VoiceSource.NAVIGATOR,
        updated_by=personas.nina,
    )
    _choose(personas, case, "Colectomy then FOLFOX")

    during_review, edited = questions_to_ask(case=case)

    assert not edited
    assert "Are you sure my cancer is Colon Adenocarcinoma? Which tests showed it?" in (
        during_review
    )
    assert "My stage is IIIB. What does that mean for me?" in during_review
    assert any("daughter's wedding in June" in q for q in during_review)
    # The options are the attending's until the opinion is delivered: not asked about yet.
    assert not any("FOLFOX" in q for q in during_review)

    Case.objects.filter(pk=case.pk).update(status=CaseStatus.OPINION_DELIVERED)
    after, _ = questions_to_ask(case=Case.objects.get(pk=case.pk))

    assert "What would Colectomy then FOLFOX mean for me: benefits, side effects, time?" in after
