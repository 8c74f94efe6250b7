"""Ranking for patients described in prose, general medicine as well as cancer."""

from __future__ import annotations

from secondlook.oncology.facts import DiagnosisFacts
from secondlook.trials.matching import MatchRequest, TrialDocument, TrialIndex, query_terms
from secondlook.trials.patient_text import affirmed_text, facts_from_text

NO_FACTS = DiagnosisFacts(cancer_type_code="")


def _trial(nct_id: str, title: str, summary: str = "", **kwargs: object) -> TrialDocument:
    return TrialDocument(nct_id=nct_id, title=title, summary=summary or title, **kwargs)  # type: ignore[arg-type]


def _ranked(index: TrialIndex, text: str, *, hard_filters: bool = False) -> list[str]:
    request = MatchRequest(
        facts=facts_from_text(text),
        text=text,
        hard_filters=hard_filters,
        require_open=False,
        limit=20,
    )
    return [m.nct_id for m in index.match(request)]


HEART_FAILURE_YOUNGER = _trial(
    "NCT10",
    "Diuretic dosing in heart failure",
    "Adults with heart failure and fluid overload.",
    minimum_age_years=18,
    maximum_age_years=65,
)
HEART_FAILURE_ANY_AGE = _trial(
    "NCT11",
    "Home monitoring after a heart failure admission",
    "Telemonitoring of weight in heart failure.",
    minimum_age_years=18,
)


def test_a_70_year_old_is_not_ranked_into_a_trial_that_stops_at_65() -> None:
    index = TrialIndex([HEART_FAILURE_YOUNGER, HEART_FAILURE_ANY_AGE])
    text = "A 70-year-old man with heart failure and fluid overload, diuretic dosing."
    assert _ranked(index, text) == ["NCT11", "NCT10"]
    assert _ranked(index, text, hard_filters=True) == ["NCT11"]
    assert _ranked(index, text.replace("70-year-old", "60-year-old"))[0] == "NCT10"


def test_an_eight_month_old_fits_a_trial_that_starts_at_six_months() -> None:
    infants = _trial("NCT12", "Bronchiolitis in infants", minimum_age_years=0.5)
    index = TrialIndex([infants])
    text = "An 8-month-old boy with bronchiolitis."
    assert facts_from_text(text).age == 0
    assert _ranked(index, text, hard_filters=True) == ["NCT12"]


def test_a_woman_is_not_ranked_into_a_trial_for_men() -> None:
    men = _trial("NCT13", "Gout flares treated with colchicine", sex="MALE")
    everyone = _trial("NCT14", "Gout flare prevention", sex="ALL")
    index = TrialIndex([men, everyone])
    assert _ranked(index, "A 52-year-old woman with gout flares on colchicine.") == [
        "NCT14",
        "NCT13",
    ]


def test_a_denied_condition_does_not_match() -> None:
    diabetes = _trial("NCT20", "Insulin titration in type 2 diabetes")
    asthma = _trial("NCT21", "Inhaled steroids for asthma exacerbation")
    index = TrialIndex([diabetes, asthma])
    text = "A 40-year-old woman with an asthma exacerbation. She denies diabetes."
    assert _ranked(index, text)[0] == "NCT21"
    assert "diabetes" not in affirmed_text(text)


def test_a_denial_stops_where_the_sentence_turns_to_the_complaint() -> None:
    text = "A 40-year-old woman with no past medical history presents with severe arm pain."
    kept = affirmed_text(text)
    assert "arm pain" in kept
    assert "medical history" not in kept
    listed = affirmed_text("He has had no fever, cough, rash or diarrhea. He is confused.")
    assert not {"fever", "cough", "rash", "diarrhea"} & set(listed.split())
    assert "confused" in listed


def test_a_relatives_illness_is_not_the_patients() -> None:
    text = "A 58-year-old woman with chest pain and a family history of breast cancer."
    assert "breast" not in affirmed_text(text)
    assert facts_from_text(text).cancer_type_code == ""


def test_healthy_volunteer_studies_come_after_studies_of_the_patients_disease() -> None:
    vaccine = _trial(
        "NCT30",
        "Dengue fever vaccine in healthy adults",
        "Dengue fever vaccine for travellers to Asia.",
    )
    treatment = _trial("NCT31", "Fluids for dengue", "Dengue treatment.")
    index = TrialIndex([vaccine, treatment])
    text = "An 18-year-old man back from Asia with high fever and suspected dengue fever."
    assert _ranked(index, text) == ["NCT31", "NCT30"]


def test_case_presentation_words_do_not_choose_the_trial() -> None:
    wordy = _trial(
        "NCT40",
        "Emergency department history taking by patients",
        "Patients presenting to the emergency department report their history.",
    )
    disease = _trial("NCT41", "Antibiotics for community acquired pneumonia")
    index = TrialIndex([wordy, disease])
    text = (
        "A 67-year-old woman presents to the emergency department with a history of "
        "cough; the examination shows pneumonia."
    )
    assert _ranked(index, text)[0] == "NCT41"
    assert "emergency" not in query_terms(MatchRequest(facts=NO_FACTS, text=text))


def test_an_organ_named_without_a_cancer_is_no_cancer_type() -> None:
    assert (
        facts_from_text("A 36-year-old woman with an 18-week sized uterus.").cancer_type_code == ""
    )
    assert facts_from_text("A 60-year-old woman with endometrial cancer.").cancer_type_code


def test_an_everyday_word_is_not_read_as_an_abbreviation() -> None:
    lower = query_terms(MatchRequest(facts=NO_FACTS, text="pain in all joints"))
    upper = query_terms(MatchRequest(facts=NO_FACTS, text="relapsed ALL"))
    assert "leukemia" not in lower
    assert "leukemia" in upper


def test_a_trial_like_the_other_candidates_beats_an_outlier_with_the_same_words() -> None:
    """Both trials name the patient's two findings in as many words; only one is about
    what the other candidates are about (a pulmonary embolism), so it goes first."""
    outlier = _trial("NCT50", "Dyspnea and tachycardia", "Dyspnea and tachycardia in school exams.")
    alike = _trial(
        "NCT51", "Dyspnea and tachycardia", "Dyspnea and tachycardia in pulmonary embolism."
    )
    others = [
        _trial(f"NCT6{i}", title, f"Anticoagulation for pulmonary embolism: {title.lower()}.")
        for i, title in enumerate(
            ("Apixaban for embolism", "Thrombolysis in embolism", "Embolism follow-up")
        )
    ]
    index = TrialIndex([outlier, alike, *others])
    ranked = _ranked(index, "A 30-year-old woman with dyspnea and tachycardia.")
    assert ranked[:2] == ["NCT51", "NCT50"]


def test_the_patient_is_the_sex_the_note_introduces() -> None:
    """Later pronouns may be someone else's, and "f/u" is no "F"."""
    assert facts_from_text("62 yo male with a neurogenic bladder; f/u next week.").sex == "male"
    text = "A 53-year-old man with headaches; his wife says she and her sister noticed it."
    assert facts_from_text(text).sex == "male"
    assert facts_from_text("74F with COPD. He is her son.").sex == "female"


def test_an_age_written_without_old_is_read() -> None:
    assert facts_from_text("Fernandez is a 41 year man who plays soccer.").age == 41
