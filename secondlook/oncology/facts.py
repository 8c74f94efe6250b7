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
