"""Read CIViC's public nightly TSV dumps into biomarker assertions (pure, no Django).

CIViC (civicdb.org, CC0) publishes `nightly-ClinicalEvidenceSummaries.tsv` and
`nightly-AssertionSummaries.tsv`. We keep what a treatment plan can use: predictive
items that are accepted, support their statement, name a therapy, concern one gene and
one variant the matcher can read, and a disease we can map to OncoTree. Everything else
is counted by reason, so the importing curator sees what was left out and why.

Evidence levels map conservatively: CIViC assertions with FDA regulatory approval →
fda_approved, with an NCCN guideline → guideline; evidence items level A (validated)
→ guideline, B/C (clinical, case study) → clinical_evidence, D/E (preclinical,
inferential) → preclinical. Imported entries only propose when FDA/guideline level;
otherwise they appear under "consider a clinical trial".
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from secondlook.therapies.kb import BiomarkerAssertion, alteration_pattern_valid

EVIDENCE_COLUMNS = (
    "molecular_profile",
    "molecular_profile_id",
    "disease",
    "doid",
    "phenotypes",
    "therapies",
    "therapy_interaction_type",
    "evidence_type",
    "evidence_direction",
    "evidence_level",
    "significance",
    "evidence_statement",
    "citation_id",
    "source_type",
    "asco_abstract_id",
    "citation",
    "nct_ids",
    "rating",
    "evidence_status",
    "evidence_id",
    "variant_origin",
    "last_review_date",
    "evidence_civic_url",
    "molecular_profile_civic_url",
    "is_flagged",
)
ASSERTION_COLUMNS = (
    "molecular_profile",
    "molecular_profile_id",
    "disease",
    "doid",
    "phenotypes",
    "therapies",
    "assertion_type",
    "assertion_direction",
    "significance",
    "acmg_codes",
    "amp_category",
    "nccn_guideline",
    "nccn_guideline_version",
    "regulatory_approval",
    "fda_companion_test",
    "assertion_summary",
    "assertion_description",
    "assertion_id",
    "evidence_item_ids",
    "last_review_date",
    "assertion_civic_url",
    "evidence_items_civic_url",
    "molecular_profile_civic_url",
    "is_flagged",
)

# Disease Ontology ids (and names, as fallback) of the diseases we map to OncoTree.
DOID_TO_ONCOTREE: dict[str, str] = {
    "162": "",  # "Cancer": tumor-agnostic
    "1612": "BRCA",
    "3459": "BRCA",
    "9256": "COADREAD",
    "219": "COAD",
    "1520": "COAD",
    "1993": "READ",
    "3908": "NSCLC",
    "3910": "LUAD",
    "3907": "LUSC",
    "5409": "SCLC",
    "10283": "PRAD",
    "2526": "PRAD",
    "1793": "PAAD",
    "4074": "PAAD",
    "1380": "UCEC",
    "2871": "UCEC",
    "2394": "OVT",
    "1909": "MEL",
    "8923": "SKCM",
    "11054": "BLCA",
    "4006": "BLCA",
    "4450": "RCC",
    "4467": "CCRCC",
    "4465": "PRCC",
    "5520": "HNSC",
    "0050745": "DLBCLNOS",
    "8567": "HL",
    "10534": "STAD",
    "684": "HCC",
}
NAME_TO_ONCOTREE: dict[str, str] = {
    "cancer": "",
    "solid tumor": "",
    "breast cancer": "BRCA",
    "colorectal cancer": "COADREAD",
    "lung non-small cell carcinoma": "NSCLC",
    "lung adenocarcinoma": "LUAD",
    "melanoma": "MEL",
    "skin melanoma": "SKCM",
    "ovarian cancer": "OVT",
    "prostate cancer": "PRAD",
    "pancreatic cancer": "PAAD",
}
LEVELS = {
    "A": "guideline",
    "B": "clinical_evidence",
    "C": "clinical_evidence",
    "D": "preclinical",
    "E": "preclinical",
}
_COMPLEX = re.compile(r"\b(AND|OR|NOT)\b")


@dataclass
class CivicImport:
    assertions: list[BiomarkerAssertion] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    rows: int = 0


class CivicFormatError(ValueError):
    """The file is not a CIViC dump of the expected kind; the message names what is missing."""


def alteration_pattern(variant: str) -> str | None:
    """CIViC's variant name as one of the matcher's alteration patterns, or None."""
    text = variant.strip()
    lower = text.lower()
    words = {
        "amplification": "amplification",
        "overexpression": "overexpression",
        "mutation": "mutation",
        "loss-of-function": "mutation",
        "fusion": "fusion",
        "rearrangement": "fusion",
        "exon 19 deletion": "exon 19 deletion",
        "exon 20 insertion": "exon 20 insertion",
        "exon 14 skipping mutation": "exon 14 skipping",
        "loss": "loss",
        "deletion": "loss",
    }
    if lower in words:
        return words[lower]
    if "::" in text or lower.endswith(" fusion") or re.fullmatch(r"[A-Z0-9]+-[A-Z0-9]+", text):
        return "fusion"
    candidate = text.removeprefix("p.")
    return candidate if alteration_pattern_valid(candidate) else None


def _gene_and_variant(profile: str) -> tuple[str, str] | None:
    if _COMPLEX.search(profile):
        return None
    parts = profile.strip().split(" ", 1)
    if len(parts) != 2:
        return None
    return parts[0].upper(), parts[1]


def _cancer_types(row: dict[str, str]) -> tuple[str, ...] | None:
    doid = row.get("doid", "").strip().removeprefix("DOID:")
    code = DOID_TO_ONCOTREE.get(doid)
    if code is None:
        code = NAME_TO_ONCOTREE.get(row.get("disease", "").strip().lower())
    if code is None:
        return None
    return (code,) if code else ()


def _therapies(raw: str) -> tuple[str, ...]:
    return tuple(t.strip().lower() for t in raw.split(",") if t.strip())


def _effect(significance: str) -> str | None:
    return {"sensitivity/response": "sensitivity", "resistance": "resistance"}.get(
        significance.strip().lower()
    )


def _reader(text: str, required: tuple[str, ...]) -> csv.DictReader[str]:
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise CivicFormatError(f"not a CIViC dump of this kind: columns missing {missing}")
    return reader


def _common(
    row: dict[str, str], result: CivicImport
) -> tuple[str, str, tuple[str, ...], tuple[str, ...], str] | None:
    """Gene, alteration pattern, cancer types, therapies, effect — or None, counted."""
    therapies = _therapies(row.get("therapies", ""))
    if not therapies:
        result.skipped["no therapy"] += 1
        return None
    effect = _effect(row.get("significance", ""))
    if effect is None:
        result.skipped["significance not sensitivity or resistance"] += 1
        return None
    parsed = _gene_and_variant(row.get("molecular_profile", ""))
    if parsed is None:
        result.skipped["complex molecular profile"] += 1
        return None
    gene, variant = parsed
    pattern = alteration_pattern(variant)
    if pattern is None:
        result.skipped["variant not readable"] += 1
        return None
    types = _cancer_types(row)
    if types is None:
        result.skipped["disease not mapped to OncoTree"] += 1
        return None
    return gene, pattern, types, therapies, effect


def parse_evidence(text: str, *, curated_on: str) -> CivicImport:
    """Predictive, accepted, supporting evidence items → assertions keyed civic-eid<N>."""
    result = CivicImport()
    for row in _reader(text, ("molecular_profile", "therapies", "evidence_id", "significance")):
        result.rows += 1
        if row.get("evidence_type", "").strip().lower() != "predictive":
            result.skipped["not predictive"] += 1
            continue
        if row.get("evidence_status", "accepted").strip().lower() != "accepted":
            result.skipped["not accepted"] += 1
            continue
        if row.get("evidence_direction", "").strip().lower() != "supports":
            result.skipped["does not support"] += 1
            continue
        common = _common(row, result)
        if common is None:
            continue
        gene, pattern, types, therapies, effect = common
        level = LEVELS.get(row.get("evidence_level", "").strip().upper(), "preclinical")
        citation = row.get("citation", "").strip() or "CIViC"
        pubmed = row.get("citation_id", "").strip()
        eid = row["evidence_id"].strip()
        result.assertions.append(
            BiomarkerAssertion(
                key=f"civic-eid{eid}",
                gene=gene,
                alteration=pattern,
                therapies=therapies,
                effect=effect,
                evidence_level=level,
                citation=f"CIViC EID{eid}: {citation}" + (f" (PMID {pubmed})" if pubmed else ""),
                cancer_types=types,
                label=f"{row['molecular_profile'].strip()} in {row.get('disease', '').strip()}: "
                f"{effect} to {', '.join(therapies)} (CIViC level "
                f"{row.get('evidence_level', '').strip()})",
                curated_on=curated_on,
            )
        )
    return result


def parse_assertions(text: str, *, curated_on: str) -> CivicImport:
    """Predictive, supporting CIViC assertions → assertions keyed civic-aid<N>."""
    result = CivicImport()
    for row in _reader(text, ("molecular_profile", "therapies", "assertion_id", "significance")):
        result.rows += 1
        if row.get("assertion_type", "").strip().lower() != "predictive":
            result.skipped["not predictive"] += 1
            continue
        if row.get("assertion_direction", "").strip().lower() != "supports":
            result.skipped["does not support"] += 1
            continue
        common = _common(row, result)
        if common is None:
            continue
        gene, pattern, types, therapies, effect = common
        approved = row.get("regulatory_approval", "").strip().lower() in ("true", "yes", "1")
        nccn = row.get("nccn_guideline", "").strip()
        level = "fda_approved" if approved else ("guideline" if nccn else "clinical_evidence")
        aid = row["assertion_id"].strip()
        summary = row.get("assertion_summary", "").strip()
        result.assertions.append(
            BiomarkerAssertion(
                key=f"civic-aid{aid}",
                gene=gene,
                alteration=pattern,
                therapies=therapies,
                effect=effect,
                evidence_level=level,
                citation=f"CIViC AID{aid}"
                + (f"; NCCN {nccn} {row.get('nccn_guideline_version', '').strip()}" if nccn else "")
                + ("; FDA regulatory approval" if approved else ""),
                cancer_types=types,
                label=summary or f"{row['molecular_profile'].strip()}: {effect}",
                curated_on=curated_on,
            )
        )
    return result
