"""The starter set, the vignette command line and the CIViC importer."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from secondlook.therapies.civic import ASSERTION_COLUMNS, EVIDENCE_COLUMNS, parse_evidence
from secondlook.therapies.knowledge import KnowledgeError, option_from, starter_set
from secondlook.therapies.models import BiomarkerAssertion, KnowledgeVersion
from secondlook.therapies.selectors import knowledge_base_current
from secondlook.therapies.services import civic_import, knowledge_starter_load

COVERED = ("BRCA", "COADREAD", "NSCLC", "SCLC", "PRAD", "PAAD", "UCEC", "OVT", "MEL", "BLCA")


def test_starter_set_covers_the_required_cancer_types_with_sources() -> None:
    starter = starter_set()
    types = {c for option in starter.options for c in option.cancer_types}

    assert set(COVERED) | {"RCC", "HNSC", "DLBCLNOS", "HL"} <= types
    assert all(option.source for option in starter.options)
    assert all(assertion.citation for assertion in starter.assertions)


def test_an_entry_with_a_condition_the_matcher_cannot_read_is_refused() -> None:
    raw = {
        "key": "bad",
        "types": ["BRCA"],
        "label": "x",
        "drugs": ["tamoxifen"],
        "source": "y",
        "if": ["HER2 positive please"],
    }

    with pytest.raises(KnowledgeError, match="condition 'HER2 positive please'"):
        option_from(raw)


def _run(path: Path, *args: str) -> object:
    out = io.StringIO()
    call_command("therapy_options", str(path), *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


VIGNETTE = {
    "id": "t1",
    "cancer_type": "COAD",
    "stage_group": "IV",
    "setting": "first_line_metastatic",
    "biomarkers": [{"gene": "KRAS", "alteration": "G12C"}, {"name": "MSI", "value": "MSS"}],
    "age": 60,
    "ecog": 1,
    "prior_therapies": [],
    "goals": ["longer_life"],
    "expected_therapies": ["bevacizumab"],
    "not_expected": ["cetuximab"],
    "expected_missing_tests": ["BRAF"],
}


@pytest.mark.django_db
def test_command_prints_the_issue_shape_for_one_vignette(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(VIGNETTE))

    result = _run(path)

    assert set(result) == {"options", "not_indicated", "missing_tests", "cannot_decide"}
    option = result["options"][0]
    assert set(option) == {"category", "therapies", "evidence_level", "why", "source"}
    assert all(t == t.lower() for o in result["options"] for t in o["therapies"])
    assert set(result["not_indicated"][0]) == {"therapies", "why"}
    assert "cetuximab" in result["not_indicated"][0]["therapies"]
    assert {"test", "why"} == set(result["missing_tests"][0])
    assert "BRAF" in [m["test"] for m in result["missing_tests"]]


@pytest.mark.django_db
def test_command_answers_a_list_with_a_list_using_the_loaded_knowledge_base(
    tmp_path: Path,
) -> None:
    knowledge_starter_load()
    path = tmp_path / "many.json"
    path.write_text(json.dumps([VIGNETTE, {**VIGNETTE, "cancer_type": ""}]))

    result = _run(path)

    assert isinstance(result, list) and len(result) == 2
    assert result[1]["cannot_decide"] and result[1]["options"] == []


def _tsv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(row.get(c, "") for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


EVIDENCE_ROWS = [
    {
        "molecular_profile": "EGFR L858R",
        "disease": "Lung Non-small Cell Carcinoma",
        "doid": "3908",
        "therapies": "Gefitinib",
        "evidence_type": "Predictive",
        "evidence_direction": "Supports",
        "evidence_level": "B",
        "significance": "Sensitivity/Response",
        "citation_id": "123",
        "citation": "Synthetic et al., 2020",
        "evidence_status": "accepted",
        "evidence_id": "1",
    },
    {
        "molecular_profile": "KRAS G12D",
        "disease": "Colorectal Cancer",
        "doid": "9256",
        "therapies": "Cetuximab,Panitumumab",
        "evidence_type": "Predictive",
        "evidence_direction": "Supports",
        "evidence_level": "A",
        "significance": "Resistance",
        "evidence_status": "accepted",
        "evidence_id": "2",
    },
    {
        "molecular_profile": "BRAF V600E AND KRAS G12D",
        "doid": "9256",
        "therapies": "Vemurafenib",
        "evidence_type": "Predictive",
        "evidence_direction": "Supports",
        "evidence_level": "C",
        "significance": "Sensitivity/Response",
        "evidence_status": "accepted",
        "evidence_id": "3",
    },
    {
        "molecular_profile": "TP53 Mutation",
        "doid": "9256",
        "evidence_type": "Prognostic",
        "significance": "Poor Outcome",
        "evidence_status": "accepted",
        "evidence_id": "4",
    },
    {
        "molecular_profile": "BRAF V600E",
        "disease": "Some Rare Disease",
        "doid": "999999",
        "therapies": "Dabrafenib",
        "evidence_type": "Predictive",
        "evidence_direction": "Supports",
        "evidence_level": "B",
        "significance": "Sensitivity/Response",
        "evidence_status": "accepted",
        "evidence_id": "5",
    },
]


def test_civic_evidence_rows_are_parsed_and_the_unusable_ones_counted_by_reason() -> None:
    parsed = parse_evidence(_tsv(EVIDENCE_COLUMNS, EVIDENCE_ROWS), curated_on="2026-01-01")

    keys = {a.key: a for a in parsed.assertions}
    assert set(keys) == {"civic-eid1", "civic-eid2"}
    assert keys["civic-eid1"].evidence_level == "clinical_evidence"
    assert keys["civic-eid1"].cancer_types == ("NSCLC",)
    assert keys["civic-eid2"].effect == "resistance"
    assert keys["civic-eid2"].therapies == ("cetuximab", "panitumumab")
    assert parsed.skipped["complex molecular profile"] == 1
    assert parsed.skipped["not predictive"] == 1
    assert parsed.skipped["disease not mapped to OncoTree"] == 1


def test_a_file_without_civic_columns_is_refused_with_the_columns_named() -> None:
    from secondlook.therapies.civic import CivicFormatError

    with pytest.raises(CivicFormatError, match="molecular_profile"):
        parse_evidence("gene\tvariant\nEGFR\tL858R\n", curated_on="2026-01-01")


@pytest.mark.django_db
def test_civic_import_adds_one_version_the_matcher_then_uses() -> None:
    knowledge_starter_load()
    rows = [
        {
            "molecular_profile": "ALK F1174L",
            "disease": "Lung Non-small Cell Carcinoma",
            "doid": "3908",
            "therapies": "Lorlatinib",
            "assertion_type": "Predictive",
            "assertion_direction": "Supports",
            "significance": "Sensitivity/Response",
            "regulatory_approval": "true",
            "assertion_summary": "ALK F1174L responds to lorlatinib (synthetic).",
            "assertion_id": "7",
        }
    ]

    result, parsed = civic_import(actor=None, text=_tsv(ASSERTION_COLUMNS, rows), kind="assertions")

    assert result.version is not None and result.version.number == 2
    row = BiomarkerAssertion.objects.get(key="civic-aid7")
    assert row.origin == "civic" and row.evidence_level == "fda_approved"
    kb = knowledge_base_current()
    assert kb is not None and any(a.key == "civic-aid7" for a in kb.assertions)
    again, _ = civic_import(actor=None, text=_tsv(ASSERTION_COLUMNS, rows), kind="assertions")
    assert again.version is None
    assert KnowledgeVersion.objects.count() == 2
