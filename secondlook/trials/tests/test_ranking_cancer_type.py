"""Which cancer a patient described in prose has: the one the note names as a cancer first."""

from __future__ import annotations

from secondlook.trials.matching import MatchRequest, TrialDocument, TrialIndex
from secondlook.trials.patient_text import facts_from_text


def _trial(nct_id: str, title: str) -> TrialDocument:
    return TrialDocument(nct_id=nct_id, title=title, summary=title)


def test_the_cancer_named_first_is_the_patients_not_an_organ_mentioned_later() -> None:
    text = (
        "A 75-year-old man with metastatic papillary thyroid cancer and dysphagia. "
        "The neck mass was not resected: large tumor size, close to the recurrent "
        "laryngeal nerve."
    )
    assert facts_from_text(text).cancer_type_code == "THPA"


def test_an_organ_without_a_cancer_word_beside_it_is_not_the_cancer() -> None:
    text = (
        "A 64-year-old man with a neurogenic bladder and a suprapubic catheter. "
        "He was treated for multiple myeloma last year."
    )
    assert facts_from_text(text).cancer_type_code == "MM"


def test_a_relatives_cancer_gives_the_patient_no_cancer_type() -> None:
    text = (
        "A 47-year-old woman with low mood and weight loss for three weeks. "
        "Her husband was recently diagnosed with colon cancer."
    )
    assert facts_from_text(text).cancer_type_code == ""


def test_a_myeloma_patient_with_a_bladder_catheter_keeps_the_myeloma_trials() -> None:
    myeloma = _trial("NCT70", "Lenalidomide maintenance in multiple myeloma")
    bladder = _trial("NCT71", "Intravesical BCG for bladder cancer")
    index = TrialIndex([myeloma, bladder])
    text = (
        "A 64-year-old man with a neurogenic bladder and a suprapubic catheter. "
        "He was treated for multiple myeloma last year."
    )
    request = MatchRequest(facts=facts_from_text(text), text=text, require_open=False)
    assert [m.nct_id for m in index.match(request)] == ["NCT70"]
