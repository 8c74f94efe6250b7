"""The matching engine: hard filters, ranking, and a reason for every criterion."""

from __future__ import annotations

from secondlook.oncology.facts import Biomarker, DiagnosisFacts
from secondlook.trials.criteria import parse_eligibility
from secondlook.trials.evaluation import EXCLUDED, MET, NOT_MET, UNKNOWN, evaluate_criterion
from secondlook.trials.matching import MatchRequest, TrialDocument, TrialIndex, TrialSite
from secondlook.trials.patient_text import facts_from_text

PASADENA = (34.1478, -118.1445)
CHICAGO_SITE = TrialSite("Chicago Research", status="RECRUITING", latitude=41.88, longitude=-87.63)
LA_SITE = TrialSite(
    "LA Research", status="RECRUITING", latitude=34.05, longitude=-118.24, contact="555-0100"
)


def _trial(nct_id: str, title: str, condition: str, **kwargs: object) -> TrialDocument:
    return TrialDocument(
        nct_id=nct_id, title=title, conditions=(condition,), summary=title, **kwargs
    )  # type: ignore[arg-type]


LUNG = _trial(
    "NCT1",
    "Osimertinib for EGFR-mutant lung adenocarcinoma",
    "Non-Small Cell Lung Cancer",
    sites=(LA_SITE,),
    minimum_age_years=18,
    criteria=tuple(
        parse_eligibility(
            "Inclusion Criteria:\n* EGFR mutation positive\nExclusion Criteria:\n* Brain metastases"
        )
    ),
)
BREAST = _trial(
    "NCT2", "Trastuzumab for HER2-positive breast cancer", "Breast Cancer", sites=(LA_SITE,)
)
PEDIATRIC = _trial(
    "NCT3",
    "Lung cancer trial for children",
    "Non-Small Cell Lung Cancer",
    maximum_age_years=17,
    sites=(LA_SITE,),
)
CLOSED = _trial(
    "NCT4",
    "Vaccine study for survivors of EGFR lung cancer",
    "Non-Small Cell Lung Cancer",
    overall_status="COMPLETED",
)
FAR = _trial(
    "NCT5",
    "Exercise program during EGFR lung cancer therapy in Chicago",
    "Non-Small Cell Lung Cancer",
    sites=(CHICAGO_SITE,),
)
MEN_ONLY = _trial(
    "NCT6",
    "Osimertinib for EGFR-mutant lung adenocarcinoma in men",
    "Non-Small Cell Lung Cancer",
    sex="MALE",
    sites=(LA_SITE,),
)
NO_COORDS = _trial(
    "NCT7",
    "Registry of outcomes and quality of life in EGFR lung cancer",
    "Non-Small Cell Lung Cancer",
    sites=(TrialSite("Somewhere Clinic"),),
)
INDEX = TrialIndex([LUNG, BREAST, PEDIATRIC, CLOSED, FAR, MEN_ONLY, NO_COORDS])

PATIENT = DiagnosisFacts(
    cancer_type_code="LUAD",
    cancer_type_name="Lung Adenocarcinoma",
    age=64,
    sex="female",
    biomarkers=(Biomarker("EGFR", "exon 19 deletion", source="NGS report, doc 12"),),
    brain_metastases=False,
    sources={"brain_metastases": "MRI brain, doc 14"},
)


def _ids(request: MatchRequest) -> list[str]:
    return [m.nct_id for m in INDEX.match(request)]


def test_hard_filters_drop_closed_wrong_age_sex_type_and_distant_trials() -> None:
    ids = _ids(MatchRequest(facts=PATIENT, origins=(PASADENA,), max_distance_km=300))
    assert ids[0] == "NCT1"
    assert set(ids) == {"NCT1", "NCT7"}


def test_unknown_distance_is_said_not_guessed() -> None:
    result = next(
        m
        for m in INDEX.match(MatchRequest(facts=PATIENT, origins=(PASADENA,)))
        if m.nct_id == "NCT7"
    )
    assert result.distance_km is None
    assert result.nearest_site is not None and result.nearest_site.facility == "Somewhere Clinic"


def test_nearest_open_site_and_its_contact_come_with_the_match() -> None:
    best = INDEX.match(MatchRequest(facts=PATIENT, origins=(PASADENA,)))[0]
    assert best.nearest_site == LA_SITE
    assert best.distance_km is not None and best.distance_km < 20


def test_without_hard_filters_failures_rank_below_and_say_why() -> None:
    results = INDEX.match(MatchRequest(facts=PATIENT, hard_filters=False, limit=10))
    reasons = {m.nct_id: m.failed_filters for m in results}
    assert "a different cancer type" in reasons["NCT2"]
    assert "outside the age or sex limits" in reasons["NCT3"]
    assert "not recruiting" in reasons["NCT4"]
    assert [m.nct_id for m in results].index("NCT2") > [m.nct_id for m in results].index("NCT1")


def test_each_criterion_gets_a_result_with_evidence_or_a_reason() -> None:
    best = INDEX.match(MatchRequest(facts=PATIENT))[0]
    rows = {row.text: row for row in best.criteria}
    assert rows["EGFR mutation positive"].status == MET
    assert "NGS report, doc 12" in rows["EGFR mutation positive"].evidence
    assert rows["Brain metastases"].status == MET
    assert "MRI brain, doc 14" in rows["Brain metastases"].evidence
    unknown = evaluate_criterion(parse_eligibility("* ECOG 0-1")[0], PATIENT)
    assert unknown.status == UNKNOWN and unknown.reason == "ECOG performance status not recorded"


def test_a_met_exclusion_marks_the_trial_excluded_with_that_criterion() -> None:
    with_mets = DiagnosisFacts(**{**PATIENT.__dict__, "brain_metastases": True})
    best = INDEX.match(MatchRequest(facts=with_mets))[0]
    assert best.verdict == EXCLUDED
    assert [r.text for r in best.criteria if r.status == NOT_MET] == ["Brain metastases"]


def test_free_text_patient_facts_are_read() -> None:
    facts = facts_from_text(
        "A 58-year-old woman with stage IV lung adenocarcinoma, EGFR exon 19 deletion positive, "
        "ECOG 1, progressed on osimertinib. She denies brain metastases."
    )
    assert (facts.age, facts.sex, facts.ecog, facts.stage_group) == (58, "female", 1, "IV")
    assert facts.cancer_type_code in ("LUAD", "NSCLC")
    assert facts.biomarker("EGFR") is not None and facts.biomarker("EGFR").status == "positive"
    assert "targeted therapy" in facts.prior_therapies
    assert facts.brain_metastases is None


def test_free_text_ranking_prefers_the_trial_about_the_patients_disease() -> None:
    text = "64 yo F with HER2 positive breast cancer, s/p lumpectomy."
    ranked = [
        m.nct_id
        for m in INDEX.match(
            MatchRequest(facts=facts_from_text(text), text=text, hard_filters=False)
        )
    ]
    assert ranked[0] == "NCT2"


def test_an_empty_registry_matches_nothing() -> None:
    assert TrialIndex([]).match(MatchRequest(facts=PATIENT)) == []


def test_a_trial_the_case_site_runs_comes_before_an_equal_one_elsewhere() -> None:
    twin = _trial(
        "NCT8", LUNG.title, "Non-Small Cell Lung Cancer", sites=(LA_SITE,), criteria=LUNG.criteria
    )
    index = TrialIndex([LUNG, twin])
    assert [m.nct_id for m in index.match(MatchRequest(facts=PATIENT))][0] == "NCT1"
    ours = index.match(MatchRequest(facts=PATIENT, own_trials=frozenset({"NCT8"})))
    assert ours[0].nct_id == "NCT8"


def test_small_cell_and_non_small_cell_lung_trials_are_different_diseases() -> None:
    small_cell = _trial(
        "NCT20",
        "Lurbinectedin for extensive-stage small cell lung cancer",
        "Small Cell Lung Cancer",
        sites=(LA_SITE,),
    )
    non_small_cell = _trial(
        "NCT21", "Osimertinib after surgery", "Non-Small Cell Lung Cancer", sites=(LA_SITE,)
    )
    any_lung = _trial("NCT22", "Smoking cessation in lung cancer", "Lung Cancer", sites=(LA_SITE,))
    both = _trial("NCT23", "Thoracic radiotherapy: NSCLC and SCLC", "Lung Cancer")
    index = TrialIndex([small_cell, non_small_cell, any_lung, both])

    adenocarcinoma = {m.nct_id for m in index.match(MatchRequest(facts=PATIENT))}
    small_cell_patient = DiagnosisFacts(cancer_type_code="SCLC", age=70, sex="male")
    for_sclc = {m.nct_id for m in index.match(MatchRequest(facts=small_cell_patient))}

    assert adenocarcinoma == {"NCT21", "NCT22", "NCT23"}
    assert for_sclc == {"NCT20", "NCT22", "NCT23"}
    reasons = {
        m.nct_id: m.failed_filters
        for m in index.match(MatchRequest(facts=PATIENT, hard_filters=False, limit=10))
    }
    assert "a different cancer type" in reasons["NCT20"]
