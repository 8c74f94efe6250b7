"""mCODE (FHIR R4) bundles of a confirmed diagnosis: write one, read one (pure, no Django).

`bundle_write` shapes a diagnosis like mCODE STU4: Patient (cancer patient), the
PrimaryCancerCondition (OncoTree code, ICD-O-3 histology and topography, laterality),
the TNM stage group with its T, N and M category Observations, TumorMarkerTest and
GenomicVariant Observations, a tumor-size Observation and the HumanSpecimen. The bundle
is checked with fhir.resources (R4B models: R4-compatible for every resource used here)
before it leaves, so a receiving system never gets a bundle we would refuse ourselves.

`bundle_read` reads such a bundle — ours or another system's, profile by profile — into
lines of text and `ExtractedFact`s pointing into that text, so an imported bundle goes
through the same proposal → confirmation path as a scanned report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from secondlook.oncology.facts import Biomarker, ExtractedFact

MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ONCOTREE = "http://oncotree.mskcc.org"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
AJCC = "http://cancerstaging.org"
HISTOLOGY_EXTENSION = MCODE + "mcode-histology-morphology-behavior"
LATERALITY_EXTENSION = MCODE + "mcode-laterality-qualifier"
GRADE_EXTENSION = "http://secondlook.example.org/fhir/StructureDefinition/histologic-grade"

LATERALITY = {"left": "7771000", "right": "24028007", "bilateral": "51440002"}
STATUS_CODES = {
    "positive": ("10828004", "Positive"),
    "negative": ("260385009", "Negative"),
    "equivocal": ("42425007", "Equivocal"),
    "unknown": ("261665006", "Unknown"),
}
# SNOMED codes of the TNM observations: (clinical, pathologic) per category.
TNM_CODES = {
    "stage_group": ("399537006", "399588009"),
    "t": ("399504009", "384625004"),
    "n": ("399534004", "371494008"),
    "m": ("399387003", "371497001"),
}
TNM_PROFILES = {
    "stage_group": "mcode-tnm-stage-group",
    "t": "mcode-tnm-primary-tumor-category",
    "n": "mcode-tnm-regional-nodes-category",
    "m": "mcode-tnm-distant-metastases-category",
}
TNM_LABELS = {"stage_group": "Stage group", "t": "T category", "n": "N category", "m": "M category"}
# Tumor markers with their LOINC code; anything else is sent with its name as text.
MARKER_LOINC = {
    "ER": ("85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen"),
    "PR": ("85339-0", "Progesterone receptor Ag [Presence] in Breast cancer specimen"),
    "HER2": ("48676-1", "HER2 [Interpretation] in Tissue"),
    "KI-67": ("85319-2", "Ki-67 Ag [Presence] in Tissue"),
    "PD-L1": ("85147-7", "PD-L1 by clone 22C3 [Interpretation] in Tissue"),
    "MSI": ("81695-9", "Microsatellite instability [Interpretation] in Cancer specimen"),
    "TMB": ("94076-7", "Mutations/Megabase [# Ratio] in Tumor"),
}
GENES = frozenset(
    {
        "EGFR", "ALK", "ROS1", "KRAS", "NRAS", "BRAF", "NTRK", "NTRK1", "NTRK2", "NTRK3",
        "RET", "MET", "ERBB2", "BRCA1", "BRCA2", "PIK3CA", "IDH1", "IDH2", "FGFR2", "FGFR3",
        "TP53", "PTEN", "ATM", "PALB2", "KIT", "POLE",
    }
)  # fmt: skip
GENE_STUDIED = "48018-6"
AMINO_ACID_CHANGE = "48005-3"


class MalformedBundle(Exception):
    """The JSON is not a FHIR R4 bundle we can read; the message says what is wrong."""


@dataclass(frozen=True)
class PatientRecord:
    identifier: str
    given: str
    family: str
    birth_date: str
    gender: str


@dataclass(frozen=True)
class DiagnosisRecord:
    """The structured diagnosis as exported and imported; "" or None when unknown."""

    cancer_type_code: str = ""
    cancer_type_name: str = ""
    primary_site_code: str = ""
    primary_site_name: str = ""
    laterality: str = ""
    histology_code: str = ""
    histology_name: str = ""
    grade: str = ""
    tumor_size_mm: float | None = None
    t: str = ""
    n: str = ""
    m: str = ""
    stage_group: str = ""
    stage_system: str = ""
    biomarkers: tuple[Biomarker, ...] = ()


@dataclass(frozen=True)
class ImportedBundle:
    text: str
    facts: tuple[ExtractedFact, ...]
    diagnosis: DiagnosisRecord = field(default_factory=DiagnosisRecord)


def _concept(system: str, code: str, display: str = "", text: str = "") -> dict[str, Any]:
    coding: dict[str, Any] = {"system": system, "code": code}
    if display:
        coding["display"] = display
    concept: dict[str, Any] = {"coding": [coding]}
    if text:
        concept["text"] = text
    return concept


def _is_pathologic(diagnosis: DiagnosisRecord) -> bool:
    return any(value.lower().startswith(("p", "yp", "rp")) for value in (diagnosis.t, diagnosis.n))


def bundle_write(
    *, patient: PatientRecord, diagnosis: DiagnosisRecord, bundle_id: str, issued: str
) -> dict[str, Any]:
    """An mCODE-shaped collection Bundle of one patient's confirmed diagnosis, validated."""
    subject = {"reference": f"Patient/{patient.identifier}"}
    resources: list[dict[str, Any]] = [_patient(patient)]
    condition = _condition(diagnosis, subject)
    resources.append(condition)
    focus = [{"reference": "Condition/primary-cancer"}]
    pathologic = _is_pathologic(diagnosis)
    members = []
    for key in ("t", "n", "m"):
        value = getattr(diagnosis, key)
        if value:
            resources.append(_tnm(key, value, subject, focus, pathologic, issued))
            members.append({"reference": f"Observation/tnm-{key}"})
    if diagnosis.stage_group:
        group = _tnm("stage_group", diagnosis.stage_group, subject, focus, pathologic, issued)
        if diagnosis.stage_system:
            group["method"] = {"text": diagnosis.stage_system}
        if members:
            group["hasMember"] = members
        resources.append(group)
    for number, marker in enumerate(diagnosis.biomarkers, start=1):
        if marker.name.upper() in GENES:
            resources.append(_variant(number, marker, subject, focus, issued))
        else:
            resources.append(_tumor_marker(number, marker, subject, focus, issued))
    if diagnosis.tumor_size_mm is not None:
        resources.append(_tumor_size(diagnosis.tumor_size_mm, subject, focus, issued))
    resources.append(_specimen(diagnosis, subject))
    bundle = {
        "resourceType": "Bundle",
        "id": bundle_id,
        "type": "collection",
        "timestamp": issued,
        "entry": [
            {"fullUrl": f"urn:secondlook:{r['resourceType']}/{r['id']}", "resource": r}
            for r in resources
        ],
    }
    Bundle.model_validate(bundle)
    return bundle


def _patient(patient: PatientRecord) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": patient.identifier,
        "meta": {"profile": [MCODE + "mcode-cancer-patient"]},
        "name": [{"family": patient.family, "given": [patient.given]}],
        "gender": patient.gender if patient.gender in ("female", "male", "other") else "unknown",
    }
    if patient.birth_date:
        resource["birthDate"] = patient.birth_date
    return resource


def _condition(diagnosis: DiagnosisRecord, subject: dict[str, str]) -> dict[str, Any]:
    condition: dict[str, Any] = {
        "resourceType": "Condition",
        "id": "primary-cancer",
        "meta": {"profile": [MCODE + "mcode-primary-cancer-condition"]},
        "clinicalStatus": _concept(
            "http://terminology.hl7.org/CodeSystem/condition-clinical", "active"
        ),
        "verificationStatus": _concept(
            "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"
        ),
        "category": [
            _concept(
                "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item"
            )
        ],
        "code": _concept(
            ONCOTREE,
            diagnosis.cancer_type_code or "UNKNOWN",
            diagnosis.cancer_type_name,
            diagnosis.cancer_type_name or diagnosis.cancer_type_code,
        ),
        "subject": subject,
    }
    extensions = []
    if diagnosis.histology_code:
        extensions.append(
            {
                "url": HISTOLOGY_EXTENSION,
                "valueCodeableConcept": _concept(
                    ICDO3, diagnosis.histology_code, diagnosis.histology_name
                ),
            }
        )
    if diagnosis.grade:
        extensions.append({"url": GRADE_EXTENSION, "valueString": diagnosis.grade})
    if extensions:
        condition["extension"] = extensions
    if diagnosis.primary_site_code or diagnosis.laterality:
        site = _concept(ICDO3, diagnosis.primary_site_code or "C80.9", diagnosis.primary_site_name)
        if diagnosis.laterality in LATERALITY:
            site["extension"] = [
                {
                    "url": LATERALITY_EXTENSION,
                    "valueCodeableConcept": _concept(
                        SNOMED, LATERALITY[diagnosis.laterality], diagnosis.laterality
                    ),
                }
            ]
        condition["bodySite"] = [site]
    return condition


def _observation(
    identifier: str,
    profile: str,
    code: dict[str, Any],
    subject: dict[str, str],
    focus: list[dict[str, str]],
    issued: str,
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": identifier,
        "meta": {"profile": [profile]},
        "status": "final",
        "category": [
            _concept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")
        ],
        "code": code,
        "subject": subject,
        "focus": focus,
        "effectiveDateTime": issued,
    }


def _tnm(
    key: str,
    value: str,
    subject: dict[str, str],
    focus: list[dict[str, str]],
    pathologic: bool,
    issued: str,
) -> dict[str, Any]:
    code = TNM_CODES[key][1 if pathologic else 0]
    prefix = "Pathologic" if pathologic else "Clinical"
    observation = _observation(
        "tnm-stage-group" if key == "stage_group" else f"tnm-{key}",
        MCODE + TNM_PROFILES[key],
        _concept(SNOMED, code, f"{prefix} {TNM_LABELS[key]}"),
        subject,
        focus,
        issued,
    )
    observation["valueCodeableConcept"] = _concept(AJCC, value, text=value)
    return observation


def _tumor_marker(
    number: int,
    marker: Biomarker,
    subject: dict[str, str],
    focus: list[dict[str, str]],
    issued: str,
) -> dict[str, Any]:
    loinc, display = MARKER_LOINC.get(marker.name.upper(), ("", ""))
    code = _concept(LOINC, loinc, display, marker.name) if loinc else {"text": marker.name}
    observation = _observation(
        f"tumor-marker-{number}", MCODE + "mcode-tumor-marker-test", code, subject, focus, issued
    )
    status_code, status_display = STATUS_CODES.get(marker.status, STATUS_CODES["unknown"])
    observation["valueCodeableConcept"] = _concept(
        SNOMED, status_code, status_display, marker.value or status_display
    )
    if marker.alteration:
        observation["note"] = [{"text": marker.alteration}]
    return observation


def _variant(
    number: int,
    marker: Biomarker,
    subject: dict[str, str],
    focus: list[dict[str, str]],
    issued: str,
) -> dict[str, Any]:
    observation = _observation(
        f"genomic-variant-{number}",
        MCODE + "mcode-genomic-variant",
        _concept(LOINC, "69548-6", "Genetic variant assessment"),
        subject,
        focus,
        issued,
    )
    present = marker.status != "negative"
    observation["valueCodeableConcept"] = _concept(
        LOINC, "LA9633-4" if present else "LA9634-2", "Present" if present else "Absent",
        marker.value or ("Present" if present else "Absent"),
    )  # fmt: skip
    components = [
        {
            "code": _concept(LOINC, GENE_STUDIED, "Gene studied [ID]"),
            "valueCodeableConcept": {"text": marker.name},
        }
    ]
    if marker.alteration:
        components.append(
            {
                "code": _concept(LOINC, AMINO_ACID_CHANGE, "Amino acid change [Type]"),
                "valueCodeableConcept": {"text": marker.alteration},
            }
        )
    observation["component"] = components
    return observation


def _tumor_size(
    size_mm: float, subject: dict[str, str], focus: list[dict[str, str]], issued: str
) -> dict[str, Any]:
    observation = _observation(
        "tumor-size",
        MCODE + "mcode-tumor-size",
        _concept(LOINC, "21889-1", "Size Tumor"),
        subject,
        focus,
        issued,
    )
    observation["valueQuantity"] = {
        "value": size_mm,
        "unit": "mm",
        "system": "http://unitsofmeasure.org",
        "code": "mm",
    }
    return observation


def _specimen(diagnosis: DiagnosisRecord, subject: dict[str, str]) -> dict[str, Any]:
    specimen: dict[str, Any] = {
        "resourceType": "Specimen",
        "id": "specimen",
        "meta": {"profile": [MCODE + "mcode-human-specimen"]},
        "type": _concept(
            "http://terminology.hl7.org/CodeSystem/v2-0487", "TUMOR", "Tumor", "Tumor tissue"
        ),
        "subject": subject,
    }
    if diagnosis.primary_site_code:
        specimen["collection"] = {
            "bodySite": _concept(ICDO3, diagnosis.primary_site_code, diagnosis.primary_site_name)
        }
    return specimen


class _Lines:
    """Builds the text of an imported bundle and the facts pointing into it."""

    def __init__(self) -> None:
        self.text = ""
        self.facts: list[ExtractedFact] = []

    def add(
        self,
        label: str,
        shown: str,
        fact: str,
        value: str,
        *,
        code_system: str = "",
        biomarker: Biomarker | None = None,
    ) -> None:
        if not shown:
            return
        if self.text:
            self.text += "\n"
        self.text += f"{label}: "
        start = len(self.text)
        self.text += shown
        self.facts.append(
            ExtractedFact(
                field=fact,
                value=value,
                display=shown,
                start=start,
                end=len(self.text),
                confidence=1.0,
                code_system=code_system,
                biomarker=biomarker,
            )
        )


def _coding(concept: dict[str, Any] | None, system: str = "") -> tuple[str, str]:
    """(code, display) of the first coding, from `system` when given."""
    for coding in (concept or {}).get("coding", []):
        if not system or coding.get("system") == system:
            return str(coding.get("code", "")), str(coding.get("display", ""))
    return "", ""


def _profiles(resource: dict[str, Any]) -> list[str]:
    return [p.rsplit("/", 1)[-1] for p in resource.get("meta", {}).get("profile", [])]


def _extension(resource: dict[str, Any], url: str) -> dict[str, Any] | None:
    return next((e for e in resource.get("extension", []) if e.get("url") == url), None)


def bundle_read(data: Any) -> ImportedBundle:
    """The diagnosis a FHIR R4 bundle states, as text lines and facts with spans."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise MalformedBundle('it is not a FHIR Bundle (resourceType must be "Bundle").')
    try:
        Bundle.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise MalformedBundle(f"{where}: {first['msg']}") from exc
    lines = _Lines()
    values: dict[str, Any] = {}
    markers: list[Biomarker] = []
    for entry in data.get("entry", []):
        resource = entry.get("resource") or {}
        profiles = _profiles(resource)
        if resource.get("resourceType") == "Condition" and (
            "mcode-primary-cancer-condition" in profiles or not values.get("cancer_type_code")
        ):
            values.update(_read_condition(resource, lines))
        elif resource.get("resourceType") == "Observation":
            _read_observation(resource, profiles, lines, values, markers)
    diagnosis = DiagnosisRecord(**values, biomarkers=tuple(markers))
    return ImportedBundle(text=lines.text, facts=tuple(lines.facts), diagnosis=diagnosis)


def _read_condition(resource: dict[str, Any], lines: _Lines) -> dict[str, Any]:
    found: dict[str, Any] = {}
    code, display = _coding(resource.get("code"), ONCOTREE)
    name = resource.get("code", {}).get("text") or display
    if code and code != "UNKNOWN":
        found.update(cancer_type_code=code, cancer_type_name=name)
        lines.add("Cancer type", f"{name} (OncoTree {code})", "cancer_type", code)
    histology = _extension(resource, HISTOLOGY_EXTENSION)
    if histology:
        code, display = _coding(histology.get("valueCodeableConcept"))
        found.update(histology_code=code, histology_name=display)
        shown = f"{display} ({code})" if display else code
        lines.add("Histology", shown, "histology", code, code_system="ICD-O-3")
    grade = _extension(resource, GRADE_EXTENSION)
    if grade and grade.get("valueString"):
        found["grade"] = grade["valueString"]
        lines.add("Grade", grade["valueString"], "grade", grade["valueString"])
    for site in resource.get("bodySite", [])[:1]:
        code, display = _coding(site, ICDO3)
        if code and code != "C80.9":
            found.update(primary_site_code=code, primary_site_name=display)
            shown = f"{display} ({code})" if display else code
            lines.add("Primary site", shown, "primary_site", code, code_system="ICD-O-3")
        laterality = _extension(site, LATERALITY_EXTENSION)
        if laterality:
            code, display = _coding(laterality.get("valueCodeableConcept"))
            side = next((k for k, v in LATERALITY.items() if v == code), display.lower())
            found["laterality"] = side
            lines.add("Laterality", side, "laterality", side)
    return found


def _read_observation(
    resource: dict[str, Any],
    profiles: list[str],
    lines: _Lines,
    values: dict[str, Any],
    markers: list[Biomarker],
) -> None:
    value = resource.get("valueCodeableConcept") or {}
    for key, profile in TNM_PROFILES.items():
        if profile in profiles:
            shown = value.get("text") or _ajcc_display(value)
            values[key] = shown
            if key == "stage_group":
                values["stage_system"] = resource.get("method", {}).get("text", "")
            lines.add(TNM_LABELS[key], shown, key, shown)
            return
    if "mcode-tumor-marker-test" in profiles:
        name = _marker_name(resource.get("code") or {})
        status = _status(_coding(value)[0])
        shown = value.get("text") or status
        alteration = next((n.get("text", "") for n in resource.get("note", [])), "")
        stated = "" if shown == STATUS_CODES[status][1] else shown
        marker = Biomarker(name=name, alteration=alteration, status=status, value=stated)
        markers.append(marker)
        lines.add(name, shown, "biomarker", status, biomarker=marker)
    elif "mcode-genomic-variant" in profiles:
        marker = _read_variant(resource, value)
        markers.append(marker)
        shown = " ".join(part for part in (marker.alteration, marker.value) if part)
        lines.add(marker.name, shown, "biomarker", marker.status, biomarker=marker)
    elif "mcode-tumor-size" in profiles:
        quantity = resource.get("valueQuantity") or {}
        if "value" in quantity:
            size = float(quantity["value"]) * (10 if quantity.get("code") == "cm" else 1)
            values["tumor_size_mm"] = size
            lines.add("Tumor size", f"{size:g} mm", "tumor_size_mm", f"{size:g}")


def _ajcc_display(value: dict[str, Any]) -> str:
    """ "American Joint Committee on Cancer cT3 (qualifier value)" → "cT3"; else the code."""
    code, display = _coding(value)
    found = re.search(r"Cancer\s+(?:stage\s+)?([0-9A-Za-z()+]+)", display)
    return found.group(1) if found else code


def _marker_name(code: dict[str, Any]) -> str:
    loinc, _ = _coding(code, LOINC)
    for name, (known, _display) in MARKER_LOINC.items():
        if loinc == known:
            return name
    return (code.get("text") or _coding(code)[1] or "marker").upper()


def _status(code: str) -> str:
    by_code = {snomed: status for status, (snomed, _) in STATUS_CODES.items()}
    by_code.update({"LA6576-8": "positive", "LA6577-6": "negative"})
    return by_code.get(code, "unknown")


def _read_variant(resource: dict[str, Any], value: dict[str, Any]) -> Biomarker:
    gene = alteration = ""
    for component in resource.get("component", []):
        code, _ = _coding(component.get("code"), LOINC)
        concept = component.get("valueCodeableConcept") or {}
        text = concept.get("text") or _coding(concept)[1] or _coding(concept)[0]
        if code == GENE_STUDIED:
            gene = text.upper()
        elif code in (AMINO_ACID_CHANGE, "48004-6", "81252-9") and not alteration:
            alteration = text
    present = _coding(value)[0] != "LA9634-2"
    shown = value.get("text", "")
    default = "Present" if present else "Absent"
    return Biomarker(
        name=gene or "VARIANT",
        alteration=alteration,
        status="positive" if present else "negative",
        value="" if shown == default else shown,
    )
