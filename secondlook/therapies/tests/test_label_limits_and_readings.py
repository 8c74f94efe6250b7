"""Label stage limits, how results are read, settings as clinicians write them, OncoTree
subtypes, the newer starter entries, and the command line on an unmigrated database."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError

from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.therapies.kb import (
    KnowledgeBase,
    alteration_matches,
    lineage,
    marker_state,
)
from secondlook.therapies.knowledge import assertion_from, starter_knowledge_base
from secondlook.therapies.matcher import TherapyPlan, match_options, normalize_setting
from secondlook.therapies.vignettes import missing_test_reported, vignette_facts


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return starter_knowledge_base()


def _plan(
    kb: KnowledgeBase,
    setting: str = "",
    *,
    resectable: bool | None = None,
    metastatic_sites: tuple[str, ...] | None = None,
    **facts: Any,
) -> TherapyPlan:
    return match_options(
        facts=DiagnosisFacts(**facts),
        kb=kb,
        setting=setting,
        resectable=resectable,
        metastatic_sites=metastatic_sites,
    )


def _proposed(plan: TherapyPlan) -> set[str]:
    return {t for option in plan.options for t in option.therapies}


def _missing(plan: TherapyPlan) -> set[str]:
    return {m.test for m in plan.missing_tests}


# ---------------------------------------------------------------- command line


def test_therapy_options_falls_back_to_the_starter_set_without_migrated_tables(
    tmp_path: Path,
) -> None:
    path = tmp_path / "case.json"
    path.write_text(
        json.dumps({"cancer_type": "COAD", "stage_group": "IIIB", "setting": "adjuvant"})
    )
    out, err = io.StringIO(), io.StringIO()
    missing_table = OperationalError("no such table: therapies_knowledgeversion")

    with mock.patch(
        "secondlook.therapies.selectors.knowledge_base_current", side_effect=missing_table
    ):
        call_command("therapy_options", str(path), stdout=out, stderr=err)

    result = json.loads(out.getvalue())
    assert "oxaliplatin" in {t for o in result["options"] for t in o["therapies"]}
    assert "starter set" in err.getvalue()
    assert "migrate" in err.getvalue()


# ---------------------------------------------------------------- stage limits


def test_adjuvant_braf_therapy_is_for_stage_iii_melanoma_only(kb: KnowledgeBase) -> None:
    braf = (Biomarker("BRAF", "V600E"),)
    early = _plan(kb, "adjuvant", cancer_type_code="SKCM", stage_group="IB", biomarkers=braf)
    node_positive = _plan(
        kb, "adjuvant", cancer_type_code="SKCM", stage_group="IIIB", biomarkers=braf
    )

    assert not {"dabrafenib", "trametinib", "pembrolizumab", "nivolumab"} & _proposed(early)
    assert any("stage III" in item.why for item in early.not_indicated)
    assert "surveillance" in _proposed(early)
    assert {"dabrafenib", "trametinib", "nivolumab"} <= _proposed(node_positive)


def test_adjuvant_checkpoint_inhibitors_skip_stage_ia_lung_cancer(kb: KnowledgeBase) -> None:
    markers = (
        Biomarker("PD-L1", value="TPS 60%"),
        Biomarker("EGFR", "wild type", "negative"),
        Biomarker("ALK", "", "negative", "negative"),
    )
    stage_ia = _plan(kb, "adjuvant", cancer_type_code="LUAD", stage_group="IA2", biomarkers=markers)
    stage_iib = _plan(
        kb, "adjuvant", cancer_type_code="LUAD", stage_group="IIB", biomarkers=markers
    )

    assert not {"atezolizumab", "pembrolizumab"} & _proposed(stage_ia)
    assert {"atezolizumab", "pembrolizumab"} <= _proposed(stage_iib)


def test_adjuvant_osimertinib_needs_stage_ib_to_iiia(kb: KnowledgeBase) -> None:
    egfr = (Biomarker("EGFR", "L858R"),)

    assert "osimertinib" not in _proposed(
        _plan(kb, "adjuvant", cancer_type_code="LUAD", stage_group="IA3", biomarkers=egfr)
    )
    assert "osimertinib" in _proposed(
        _plan(kb, "adjuvant", cancer_type_code="LUAD", stage_group="IB", biomarkers=egfr)
    )


def test_adjuvant_olaparib_is_for_high_risk_not_stage_i_breast_cancer(kb: KnowledgeBase) -> None:
    markers = (
        Biomarker("ER", "", "negative", "0%"),
        Biomarker("PR", "", "negative", "0%"),
        Biomarker("HER2", "", "negative", "0"),
        Biomarker("BRCA1", "germline"),
    )

    assert "olaparib" not in _proposed(
        _plan(kb, "adjuvant", cancer_type_code="BRCA", stage_group="IA", biomarkers=markers)
    )
    assert "olaparib" in _proposed(
        _plan(kb, "adjuvant", cancer_type_code="BRCA", stage_group="IIA", biomarkers=markers)
    )


def test_a_stage_limited_assertion_without_a_stage_asks_to_confirm_it(kb: KnowledgeBase) -> None:
    plan = _plan(kb, "adjuvant", cancer_type_code="SKCM", biomarkers=(Biomarker("BRAF", "V600E"),))

    braf = next(o for o in plan.options if "dabrafenib" in o.therapies)
    assert "confirm" in braf.why


def test_resected_stage_iv_melanoma_is_an_adjuvant_case(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        "adjuvant",
        cancer_type_code="SKCM",
        stage_group="IV",
        prior_therapies=("metastasectomy",),
    )

    assert "nivolumab" in _proposed(plan)
    assert not any("contradict" in reason for reason in plan.cannot_decide)


def test_stage_limits_are_read_from_the_starter_files_and_kept_in_the_database() -> None:
    raw = {
        "key": "x",
        "gene": "BRAF",
        "alteration": "V600",
        "types": ["MEL"],
        "stages": ["III"],
        "settings": ["adjuvant"],
        "drugs": ["dabrafenib"],
        "effect": "sensitivity",
        "level": "fda_approved",
        "citation": "label",
    }

    assert assertion_from(raw).stage_groups == ("III",)


@pytest.mark.django_db
def test_the_database_copy_of_the_knowledge_base_keeps_assertion_stages() -> None:
    from secondlook.therapies.selectors import knowledge_base_current
    from secondlook.therapies.services import knowledge_starter_load

    knowledge_starter_load(actor=None)
    current = knowledge_base_current()

    assert current is not None
    braf = next(a for a in current.assertions if a.key == "mel-braf-adj")
    assert braf.stage_groups == ("III",)


# ---------------------------------------------------------------- values as reported


@pytest.mark.parametrize("value", ["0%", "<1%", "less than 1%", "negative (<1%)"])
def test_receptor_below_one_percent_is_negative(value: str) -> None:
    facts = DiagnosisFacts("BRCA", biomarkers=(Biomarker("ER", "", "positive", value),))

    assert marker_state(facts, "ER") is False


def test_er_low_is_positive_and_vignette_zero_percent_is_negative() -> None:
    low = DiagnosisFacts("BRCA", biomarkers=(Biomarker("ER", "", "positive", "5%"),))
    facts = vignette_facts({"cancer_type": "BRCA", "biomarkers": [{"name": "ER", "value": "0%"}]})

    assert marker_state(low, "ER") is True
    assert facts.biomarkers[0].status == "negative"


def test_er_low_endocrine_option_says_its_benefit_is_uncertain(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        "adjuvant",
        cancer_type_code="IDC",
        stage_group="IB",
        biomarkers=(
            Biomarker("ER", "", "positive", "5%"),
            Biomarker("PR", "", "negative", "0%"),
            Biomarker("HER2", "", "negative", "1+"),
        ),
    )

    endocrine = next(o for o in plan.options if "tamoxifen" in o.therapies)
    assert "ER-low" in endocrine.why


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("TPS>=1", "<1%", False),
        ("TPS>=50", "<50%", False),
        ("TPS>=1", "TPS 1-49%", True),
        ("TPS>=50", "TPS 1-49%", False),
        ("TPS>=50", "≥50%", True),
        ("TPS>=1", "PD-L1 (22C3) TPS 60%", True),
        ("TPS>=1", "<50%", None),
    ],
)
def test_pd_l1_comparators_are_kept(pattern: str, value: str, expected: bool | None) -> None:
    assert alteration_matches(pattern, Biomarker("PD-L1", "", "positive", value)) is expected


def test_pd_l1_below_one_percent_gets_no_adjuvant_atezolizumab(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        "adjuvant",
        cancer_type_code="LUSC",
        stage_group="IIA",
        biomarkers=(
            Biomarker("PD-L1", "", "positive", "<1%"),
            Biomarker("EGFR", "wild type", "negative"),
            Biomarker("ALK", "", "negative", "negative"),
        ),
    )

    assert "atezolizumab" not in _proposed(plan)
    assert "pembrolizumab" in _proposed(plan)  # KEYNOTE-091: any PD-L1


# ---------------------------------------------------------------- mismatch repair


def test_loss_of_all_four_mmr_proteins_is_deficient() -> None:
    lost = tuple(Biomarker(g, "", "negative", "negative") for g in ("MLH1", "MSH2", "MSH6", "PMS2"))

    assert marker_state(DiagnosisFacts("COAD", biomarkers=lost), "MSI") is True


def test_extracted_mlh1_pms2_loss_with_partners_retained_is_deficient() -> None:
    markers = (
        Biomarker("MLH1", "loss of expression", "positive", "lost"),
        Biomarker("PMS2", "loss of expression", "positive", "lost"),
        Biomarker("MSH2", "loss of expression", "negative", "retained"),
        Biomarker("MSH6", "loss of expression", "negative", "retained"),
    )
    retained = tuple(
        Biomarker(g, "loss of expression", "negative", "retained")
        for g in ("MLH1", "MSH2", "MSH6", "PMS2")
    )

    assert marker_state(DiagnosisFacts("UEC", biomarkers=markers), "MSI") is True
    assert marker_state(DiagnosisFacts("UEC", biomarkers=retained), "MSI") is False


@pytest.mark.parametrize("value", ["intact", "retained", "positive", "no loss"])
def test_mmr_protein_retained_is_proficient(value: str) -> None:
    facts = DiagnosisFacts("COAD", biomarkers=(Biomarker("MLH1", "", "positive", value),))

    assert marker_state(facts, "MSI") is False


def test_vignette_mmr_protein_negative_gets_immunotherapy(kb: KnowledgeBase) -> None:
    facts = vignette_facts(
        {
            "cancer_type": "COAD",
            "stage_group": "IV",
            "biomarkers": [{"name": g, "value": "negative"} for g in ("MLH1", "PMS2")],
        }
    )

    plan = match_options(facts=facts, kb=kb, setting="first_line_metastatic")

    assert "pembrolizumab" in _proposed(plan)


# ---------------------------------------------------------------- work-up by setting


def test_stage_ia_breast_cancer_is_not_asked_for_metastatic_tests(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        cancer_type_code="BRCA",
        stage_group="IA",
        biomarkers=(
            Biomarker("ER", "", "positive", "90%"),
            Biomarker("PR", "", "positive", "50%"),
            Biomarker("HER2", "", "negative", "1+"),
        ),
    )

    assert not {"PIK3CA", "ESR1"} & _missing(plan)


def test_stage_i_prostate_cancer_is_not_asked_for_psma_pet(kb: KnowledgeBase) -> None:
    plan = _plan(kb, cancer_type_code="PRAD", stage_group="I")

    assert "PSMA PET" not in _missing(plan)


def test_metastatic_setting_still_lists_its_tests(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        "first_line_metastatic",
        cancer_type_code="BRCA",
        stage_group="IV",
        biomarkers=(Biomarker("ER", "", "positive", "90%"), Biomarker("HER2", "", "negative", "0")),
    )

    assert "PIK3CA" in _missing(plan)


# ---------------------------------------------------------------- settings vocabulary


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("third-line", "later_line"),
        ("1st line", "first_line_metastatic"),
        ("2nd line", "later_line"),
        ("2L+", "later_line"),
        ("second line or later", "later_line"),
        ("subsequent", "later_line"),
        ("Subsequent therapy", "later_line"),
        ("locally advanced", ""),
        ("maintenance", "first_line_metastatic"),
        ("palliative", "first_line_metastatic"),
        ("post-operative", "adjuvant"),
        ("unresectable", "definitive"),
        ("first-line metastatic", "first_line_metastatic"),
        ("whenever", None),
    ],
)
def test_settings_are_read_as_clinicians_write_them(raw: str, expected: str | None) -> None:
    assert normalize_setting(raw) == expected


def test_locally_advanced_uses_the_curative_entries_for_the_stage(kb: KnowledgeBase) -> None:
    plan = _plan(kb, "locally advanced", cancer_type_code="HNSC", stage_group="IVA")

    assert {"radiation therapy", "cisplatin"} <= _proposed(plan)
    assert not plan.cannot_decide


def test_maintenance_after_platinum_is_not_a_stage_contradiction(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        "maintenance",
        cancer_type_code="HGSOC",
        stage_group="IIIC",
        biomarkers=(Biomarker("BRCA1", "germline c.5266dupC"),),
        prior_therapies=("carboplatin", "paclitaxel"),
    )

    assert "olaparib" in _proposed(plan)


# ---------------------------------------------------------------- OncoTree subtypes


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("CHL", "HL"),
        ("FL", "LYMPH"),
        ("HGSFT", "OVT"),
        ("SOC", "OVT"),
        ("HGSOC", "OVT"),
        ("OPHSC", "HNSC"),
        ("CHRCC", "RCC"),
    ],
)
def test_oncotree_subtypes_reach_their_parent(code: str, parent: str) -> None:
    assert parent in lineage(code)


def test_classical_hodgkin_lymphoma_gets_hodgkin_entries(kb: KnowledgeBase) -> None:
    plan = _plan(kb, "definitive", cancer_type_code="CHL", stage_group="IIA")

    assert {"doxorubicin", "bleomycin", "vinblastine", "dacarbazine"} <= _proposed(plan)


# ---------------------------------------------------------------- newer starter entries


def test_her2_low_metastatic_breast_cancer_gets_trastuzumab_deruxtecan(kb: KnowledgeBase) -> None:
    def plan_for(her2: str) -> TherapyPlan:
        return _plan(
            kb,
            "later_line",
            cancer_type_code="BRCA",
            stage_group="IV",
            biomarkers=(
                Biomarker("ER", "", "positive", "90%"),
                Biomarker("HER2", "", "negative", her2),
            ),
            prior_therapies=("letrozole", "palbociclib", "capecitabine"),
        )

    assert "trastuzumab deruxtecan" in _proposed(plan_for("IHC 1+"))
    assert "trastuzumab deruxtecan" in _proposed(plan_for("IHC 2+, ISH negative"))
    assert "trastuzumab deruxtecan" not in _proposed(plan_for("0"))
    assert "trastuzumab" not in _proposed(plan_for("IHC 2+, ISH negative"))


@pytest.mark.parametrize("gene", ["PALB2", "CHEK2", "CDK12"])
def test_non_brca_hrr_mutations_in_crpc_get_parp_inhibitors(kb: KnowledgeBase, gene: str) -> None:
    plan = _plan(
        kb,
        "later_line",
        cancer_type_code="PRAD",
        stage_group="IVB",
        biomarkers=(Biomarker(gene, "mutation"),),
        prior_therapies=("leuprolide", "abiraterone"),
    )

    assert {"olaparib", "talazoparib"} & _proposed(plan)


def test_radium_223_needs_bone_metastases_without_visceral_disease(kb: KnowledgeBase) -> None:
    def plan_for(sites: tuple[str, ...] | None) -> TherapyPlan:
        return _plan(
            kb,
            "later_line",
            cancer_type_code="PRAD",
            stage_group="IVB",
            prior_therapies=("leuprolide", "abiraterone", "docetaxel"),
            metastatic_sites=sites,
        )

    assert "radium-223" in _proposed(plan_for(("bone",)))
    assert "radium-223" not in _proposed(plan_for(("bone", "liver")))
    unknown = plan_for(None)
    assert "radium-223" not in _proposed(unknown)
    assert any("Radium-223" in reason for reason in unknown.cannot_decide)


def test_avelumab_maintenance_after_platinum_in_urothelial_cancer(kb: KnowledgeBase) -> None:
    plan = _plan(
        kb,
        "maintenance",
        cancer_type_code="BLCA",
        stage_group="IV",
        prior_therapies=("gemcitabine", "cisplatin"),
    )

    assert "avelumab" in _proposed(plan)


def test_resectable_and_unresectable_conditions(kb: KnowledgeBase) -> None:
    resectable = _plan(
        kb, "first_line_metastatic", cancer_type_code="COAD", stage_group="IVA", resectable=True
    )
    unresectable_iii = _plan(kb, "unresectable", cancer_type_code="SKCM", stage_group="IIIC")

    assert "metastasectomy" in _proposed(resectable)
    assert {"nivolumab", "ipilimumab"} <= _proposed(unresectable_iii)


# ---------------------------------------------------------------- benchmark scorer


def test_a_test_family_matches_its_members() -> None:
    assert missing_test_reported("RAS", ["KRAS", "NRAS"])
    assert missing_test_reported("NTRK fusion", ["NTRK"])
    assert not missing_test_reported("RAS", ["BRAF"])
