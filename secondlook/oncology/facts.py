"""The structured facts of a case that every engine reads (pure, no Django import).

Trial matching, treatment options and visit planning all need the same picture of the
patient's disease. This is that picture: filled from the confirmed diagnosis when one
exists, otherwise from what intake recorded, and always honest about what is unknown
(empty string / None), so engines can say "cannot decide because …" instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Biomarker:
    """One tumor marker or gene result as the reports state it.

    name: gene or marker in upper case ("EGFR", "ER", "HER2", "PD-L1", "MSI", "TMB").
    alteration: the specific change when there is one ("exon 19 deletion", "V600E",
    "G12C", "fusion", "amplification"), else "".
    status: "positive" (present/detected/high), "negative" (absent/not detected/low),
    "equivocal", or "unknown".
    value: the measurement as written ("95%", "3+", "12 mut/Mb", "TPS 60%").
    source: where it came from (document id and character span, or "intake").
    """

    name: str
    alteration: str = ""
    status: str = "positive"
    value: str = ""
    source: str = ""


@dataclass(frozen=True)
class DiagnosisFacts:
    cancer_type_code: str
    cancer_type_name: str = ""
    histology: str = ""
    primary_site: str = ""
    grade: str = ""
    t: str = ""
    n: str = ""
    m: str = ""
    stage_group: str = ""
    biomarkers: tuple[Biomarker, ...] = ()
    age: int | None = None
    sex: str = ""
    ecog: int | None = None
    prior_therapies: tuple[str, ...] = ()
    brain_metastases: bool | None = None
    confirmed: bool = False
    sources: dict[str, str] = field(default_factory=dict)

    def biomarker(self, name: str) -> Biomarker | None:
        wanted = name.upper()
        return next((b for b in self.biomarkers if b.name.upper() == wanted), None)


@dataclass(frozen=True)
class ExtractedFact:
    """One fact a report states, with where it says it, so the page can highlight it.

    field: what the fact is about — "primary_site", "histology", "grade", "laterality",
    "tumor_size_mm", "margins", "nodes_examined", "nodes_positive", "lvi", "t", "n", "m",
    "ajcc_edition", "figo_stage", "cancer_type", or "biomarker" (then `biomarker` is set).
    value: the normalized value ("T3b", "N1", "C18.7", "8140/3", "2", "left", "positive").
    display: the words of the report that support it.
    start, end: character span of `display` in the document text.
    certainty: "affirmed", "negated", "uncertain" (suspicious for, cannot exclude) or
    "not_assessable" (cannot be assessed).
    specimen: the part label ("A", "B") for multi-part reports, else "".
    superseded: True when a later addendum or amended report replaces it.
    """

    field: str
    value: str
    display: str
    start: int
    end: int
    confidence: float
    certainty: str = "affirmed"
    specimen: str = ""
    code_system: str = ""
    biomarker: Biomarker | None = None
    superseded: bool = False


@dataclass(frozen=True)
class ExtractionResult:
    facts: tuple[ExtractedFact, ...]
    cancer_type_code: str = ""

    def current(self, field_name: str) -> list[ExtractedFact]:
        """Facts for a field that still stand (not superseded), most confident first."""
        found = [f for f in self.facts if f.field == field_name and not f.superseded]
        return sorted(found, key=lambda fact: -fact.confidence)
