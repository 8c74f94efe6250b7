"""The pure matcher on the shipped starter set: rules a reviewing specialist relies on."""

from __future__ import annotations

import pytest

from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.therapies.kb import KnowledgeBase
from secondlook.therapies.knowledge import starter_knowledge_base
from secondlook.therapies.matcher import TherapyPlan, match_options


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return starter_knowledge_base()


def _plan(
    kb: KnowledgeBase, setting: str = "", goals: tuple[str, ...] = (), **facts
) -> TherapyPlan:
    return match_options(facts=DiagnosisFacts(**facts), kb=kb, setting=setting, goals=goals)


def _proposed(plan: TherapyPlan) -> set[str]:
    return {t for option in plan.options for t in option.therapies}


def _ruled_out(plan: TherapyPlan) -> set[str]:
    return {t for item in plan.not_indicated for t in item.therapies}


def test_kras_mutant_colorectal_cancer_rules_out_anti_egfr_antibodies(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        "first_line_metastatic",
        cancer_type_code="COAD",
        stage_group="IV",
        biomarkers=(Biomarker("KRAS", "G12D"), Biomarker("NRAS", "wild type", "negative")),
    )

    assert {"cetuximab", "panitumumab"} <= _ruled_out(plan)
    assert not {"cetuximab", "panitumumab"} & _proposed(plan)
    assert "bevacizumab" in _proposed(plan)
    assert any("KRAS G12D" in item.why for item in plan.not_indicated)


def test_egfr_mutant_lung_cancer_gets_osimertinib_not_checkpoint_inhibitor_alone(
    kb: KnowledgeBase,
) -> None:
    plan = _plan(
        kb,
        "first_line_metastatic",
        cancer_type_code="LUAD",
        stage_group="IVA",
        biomarkers=(Biomarker("EGFR", "exon 19 deletion"), Biomarker("PD-L1", value="TPS 80%")),
    )

    targeted = [o for o in plan.options if o.category == "targeted_therapy"]
    assert any("osimertinib" in o.therapies for o in targeted)
    assert targeted[0].evidence_level == "fda_approved"
    assert "FDA label" in targeted[0].source
    assert "pembrolizumab" not in _proposed(plan)
    assert "pembrolizumab" in _ruled_out(plan)


def test_driver_results_missing_in_advanced_lung_cancer_are_listed_and_block_immunotherapy(
    kb: KnowledgeBase,
) -> None:
    plan = _plan(kb, cancer_type_code="LUAD", stage_group="IV")

    missing = {m.test for m in plan.missing_tests}
    assert {"EGFR", "ALK", "ROS1", "BRAF", "KRAS", "MET", "RET", "NTRK", "PD-L1"} <= missing
    assert "pembrolizumab" not in _proposed(plan)
    assert any("driver_negative" in reason for reason in plan.cannot_decide)


def test_unknown_cancer_type_says_why_instead_of_an_empty_list(kb: KnowledgeBase) -> None:
    plan = _plan(kb, cancer_type_code="", stage_group="II")

    assert plan.options == ()
    assert plan.cannot_decide and "cancer type is unknown" in plan.cannot_decide[0]


def test_unknown_stage_and_setting_give_a_cannot_decide_reason(kb: KnowledgeBase) -> None:
    plan = _plan(kb, cancer_type_code="PAAD")

    assert any("neither the stage group nor the treatment setting" in r for r in plan.cannot_decide)


def test_conflicting_reports_of_a_marker_block_treatment_directed_at_it(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        cancer_type_code="BRCA",
        stage_group="IV",
        biomarkers=(
            Biomarker("ER", status="positive"),
            Biomarker("HER2", value="3+"),
            Biomarker("HER2", status="negative"),
        ),
    )

    assert any("conflicting HER2" in reason for reason in plan.cannot_decide)
    assert "trastuzumab" not in _proposed(plan)


def test_contradicting_stage_and_setting_are_flagged(kb: KnowledgeBase) -> None:
    plan = _plan(kb, "adjuvant", cancer_type_code="COAD", stage_group="IV")

    assert any("contradict" in reason for reason in plan.cannot_decide)
    assert not [o for o in plan.options if o.category == "standard_of_care"]


def test_fertility_goal_puts_fertility_sparing_choice_first(kb: KnowledgeBase) -> None:
    plan = _plan(kb, "definitive", ("fertility",), cancer_type_code="UEC", stage_group="IA", age=32)

    first = plan.options[0]
    assert "megestrol acetate" in first.therapies
    assert any("fertility" in note.lower() for note in first.goal_notes)
    surgery = next(o for o in plan.options if "hysterectomy" in o.therapies)
    assert "fertility preservation" in surgery.why


def test_a_therapy_already_received_is_not_proposed_again_in_later_lines(
    kb: KnowledgeBase,
) -> None:
    plan = _plan(
        kb,
        "later_line",
        cancer_type_code="LUAD",
        stage_group="IV",
        biomarkers=(Biomarker("EGFR", "L858R"), Biomarker("EGFR", "T790M")),
        prior_therapies=("osimertinib",),
    )

    assert "osimertinib" not in _proposed(plan)
    assert any("Already received" in item.why for item in plan.not_indicated)
    assert "amivantamab" in _proposed(plan)


def test_unknown_goal_is_reported_not_ignored(kb: KnowledgeBase) -> None:
    plan = _plan(kb, goals=("be rich",), cancer_type_code="PRAD", stage_group="I")

    assert any("be rich" in reason for reason in plan.cannot_decide)
    assert "active surveillance" in _proposed(plan)


def test_tumor_agnostic_fusion_is_offered_for_a_type_without_curated_entries(
    kb: KnowledgeBase,
) -> None:
    plan = _plan(
        kb,
        "later_line",
        cancer_type_code="STAD",
        stage_group="IV",
        biomarkers=(Biomarker("NTRK1", "TPM3-NTRK1 fusion"),),
    )

    assert "larotrectinib" in _proposed(plan)
    assert any("no curated entries" in reason for reason in plan.cannot_decide)
    assert any(o.category == "clinical_trial" for o in plan.options)
