"""Which specialists should review a case: a pure engine (no Django import).

Two sources decide it, as a navigator would: the cancer type (its OncoTree tissue names
the disease team and the team's lead specialty) and the patient's own questions and goals
(radiation asked about → a radiation oncologist; surgery → a surgical oncologist; doubt
about the diagnosis → a pathologist; scans → a radiologist). Every proposal carries the
reason, so the navigator confirms knowingly. Among several members of one specialty the
one with the fewest open reviews is proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from secondlook.oncology.oncotree import BY_CODE

# OncoTree top-level tissue → disease team kind (values of review.choices.DiseaseTeamKind).
TISSUE_TEAM: dict[str, str] = {
    "Breast": "breast",
    "Lung": "thoracic",
    "Bowel": "gi",
    "Pancreas": "gi",
    "Esophagus/Stomach": "gi",
    "Liver": "gi",
    "Uterus": "gyn",
    "Cervix": "gyn",
    "Ovary/Fallopian Tube": "gyn",
    "Prostate": "gu",
    "Bladder/Urinary Tract": "gu",
    "Kidney": "gu",
    "Head and Neck": "head_neck",
    "Thyroid": "head_neck",
    "Skin": "melanoma",
    "Lymphoid": "heme",
    "Myeloid": "heme",
    "CNS/Brain": "neuro",
    "Soft Tissue": "sarcoma",
}

# The specialty that leads each team's reviews (values of accounts.choices.Specialty).
TEAM_LEAD: dict[str, str] = {
    "gyn": "gynecologic_oncology",
    "heme": "hematology_oncology",
    "gu": "urologic_oncology",
    "neuro": "neuro_oncology",
}
DEFAULT_LEAD = "medical_oncology"

# Words in the patient's questions that call for a specialty, with the reason shown.
_ASKS: tuple[tuple[str, str, str], ...] = (
    (
        "radiation_oncology",
        r"radiat|radiotherap|brachytherap|radiaci[oó]n|radioterapia",
        "the patient asks about radiation",
    ),
    (
        "surgical_oncology",
        r"surg|operat|resect|mastectom|lumpectom|cirug|operaci[oó]n",
        "the patient asks about surgery",
    ),
    (
        "pathology",
        r"patholog|biops|diagnos|slides|misdiagnos|really cancer|type of cancer|patolog",
        "the patient questions the diagnosis",
    ),
    (
        "radiology",
        r"\bscan|\bct\b|\bmri\b|\bpet\b|imaging|x-ray|spread",
        "the patient asks about scans",
    ),
    (
        "medical_oncology",
        r"chemo|immunotherap|targeted|hormone|pill|quimio",
        "the patient asks about drug treatment",
    ),
)


@dataclass(frozen=True)
class Member:
    user_id: int
    specialty: str
    open_reviews: int = 0


@dataclass(frozen=True)
class ProposalInput:
    cancer_type_code: str
    patient_text: str
    members: tuple[Member, ...]
    already_on_case: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Proposal:
    user_id: int
    specialty: str
    reason: str


def team_kind_for(cancer_type_code: str) -> str:
    """The disease team for an OncoTree code; unknown or 'Other' tissues go to general."""
    cancer = BY_CODE.get(cancer_type_code)
    return TISSUE_TEAM.get(cancer.tissue, "general") if cancer else "general"


def wanted_specialties(data: ProposalInput) -> list[tuple[str, str]]:
    """(specialty, reason) in the order a navigator would ask for them, without repeats."""
    team = team_kind_for(data.cancer_type_code)
    lead = TEAM_LEAD.get(team, DEFAULT_LEAD)
    wanted: list[tuple[str, str]] = [(lead, f"leads the {team.replace('_', ' ')} team's reviews")]
    text = data.patient_text.lower()
    for specialty, pattern, reason in _ASKS:
        if re.search(pattern, text):
            wanted.append((specialty, reason))
    if not any(specialty == "pathology" for specialty, _ in wanted):
        wanted.append(("pathology", "every second opinion re-reviews the outside pathology"))
    seen: set[str] = set()
    unique = []
    for specialty, reason in wanted:
        if specialty not in seen:
            seen.add(specialty)
            unique.append((specialty, reason))
    return unique


def propose(data: ProposalInput) -> list[Proposal]:
    """One member per wanted specialty, least loaded first; none twice, none already on it."""
    proposals: list[Proposal] = []
    taken = set(data.already_on_case)
    for specialty, reason in wanted_specialties(data):
        if any(
            member.specialty == specialty and member.user_id in taken for member in data.members
        ):
            continue
        candidates = sorted(
            (m for m in data.members if m.specialty == specialty and m.user_id not in taken),
            key=lambda member: (member.open_reviews, member.user_id),
        )
        if candidates:
            chosen = candidates[0]
            taken.add(chosen.user_id)
            proposals.append(Proposal(chosen.user_id, specialty, reason))
    return proposals
