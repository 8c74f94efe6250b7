"""Synthetic outside records for the demo program.

Each cancer type has a short pathology report written the way outside labs write them,
so the demo shows what real records look like. Every name, number and institution here
is invented.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache

from django.template.loader import render_to_string


@dataclass(frozen=True)
class SyntheticReport:
    title: str
    specimen: str
    diagnosis: tuple[str, ...]
    synoptic: tuple[tuple[str, str], ...]
    comment: str = ""


REPORTS: dict[str, SyntheticReport] = {
    "COAD": SyntheticReport(
        title="Surgical Pathology Report",
        specimen="Colon, sigmoid, segmental resection",
        diagnosis=(
            "Invasive adenocarcinoma, moderately differentiated (G2).",
            "Tumor invades through the muscularis propria into pericolorectal tissue (pT3).",
            "Metastatic carcinoma in 2 of 18 regional lymph nodes (pN1b).",
        ),
        synoptic=(
            ("Tumor size", "4.2 cm"),
            ("Margins", "Negative; closest radial margin 0.8 cm"),
            ("Lymphovascular invasion", "Present"),
            ("Mismatch repair (IHC)", "MLH1, MSH2, MSH6, PMS2 retained (proficient)"),
            ("Pathologic stage (AJCC 8th)", "pT3 pN1b"),
        ),
    ),
    "IDC": SyntheticReport(
        title="Surgical Pathology Report",
        specimen="Left breast, lumpectomy with sentinel lymph node biopsy",
        diagnosis=(
            "Invasive ductal carcinoma, Nottingham grade 2 of 3.",
            "Tumor size 1.8 cm (pT1c).",
            "Sentinel lymph nodes: 0 of 3 positive (pN0(sn)).",
        ),
        synoptic=(
            ("Estrogen receptor", "Positive, 95%, strong"),
            ("Progesterone receptor", "Positive, 60%, moderate"),
            ("HER2 (IHC)", "1+ (negative)"),
            ("Ki-67", "18%"),
            ("Margins", "Negative; closest 3 mm (anterior)"),
        ),
    ),
    "UEC": SyntheticReport(
        title="Surgical Pathology Report",
        specimen="Uterus, cervix, bilateral tubes and ovaries, total hysterectomy",
        diagnosis=(
            "Endometrioid adenocarcinoma, FIGO grade 1.",
            "Myometrial invasion 6 of 14 mm (less than one half).",
            "Lymphovascular space invasion not identified.",
        ),
        synoptic=(
            ("Cervical stromal involvement", "Not identified"),
            ("Mismatch repair (IHC)", "MLH1 and PMS2 loss; MSH2 and MSH6 retained"),
            ("p53 (IHC)", "Wild-type pattern"),
            ("FIGO stage (2009)", "IA"),
        ),
    ),
    "LUAD": SyntheticReport(
        title="Cytology and Surgical Pathology Report",
        specimen="Right upper lobe, CT-guided core needle biopsy",
        diagnosis=("Adenocarcinoma, acinar predominant.", "TTF-1 positive, p40 negative."),
        synoptic=(
            ("PD-L1 (22C3) tumor proportion score", "60%"),
            ("EGFR", "Exon 19 deletion detected"),
            ("ALK (IHC D5F3)", "Negative"),
            ("Clinical stage", "cT2a cN2 cM0"),
        ),
    ),
    "PRAD": SyntheticReport(
        title="Surgical Pathology Report",
        specimen="Prostate, 12-core needle biopsies",
        diagnosis=(
            "Prostatic adenocarcinoma, Gleason score 3+4=7 (Grade Group 2).",
            "Carcinoma present in 5 of 12 cores, up to 40% of core length.",
        ),
        synoptic=(("Perineural invasion", "Present"), ("PSA at diagnosis", "7.8 ng/mL")),
    ),
    "PAAD": SyntheticReport(
        title="Surgical Pathology Report",
        specimen="Pancreas, head, EUS-guided fine needle biopsy",
        diagnosis=("Adenocarcinoma, consistent with pancreatic ductal origin.",),
        synoptic=(("CA 19-9", "412 U/mL"), ("Clinical stage", "cT2 cN1 cM0")),
    ),
    "SKCM": SyntheticReport(
        title="Dermatopathology Report",
        specimen="Skin, left upper back, wide local excision",
        diagnosis=(
            "Invasive melanoma, superficial spreading type.",
            "Breslow thickness 1.6 mm; ulceration absent (pT2a).",
        ),
        synoptic=(("Mitotic rate", "3 per mm2"), ("BRAF V600E", "Detected")),
    ),
    "HGSOC": SyntheticReport(
        title="Surgical Pathology Report",
        specimen="Bilateral ovaries and omentum, debulking",
        diagnosis=(
            "High-grade serous carcinoma involving both ovaries and omentum.",
            "Omental deposit 3.5 cm.",
        ),
        synoptic=(("BRCA1 (germline)", "Pathogenic variant reported"), ("FIGO stage", "IIIC")),
    ),
}

OUTSIDE_LABS = (
    "Valley Regional Pathology (synthetic)",
    "Lakeside Community Hospital Laboratory (synthetic)",
    "Northgate Medical Group Pathology (synthetic)",
)


@lru_cache(maxsize=64)
def report_pdf(cancer_type_code: str, patient_name: str, lab_index: int) -> bytes:
    """Render the report for one patient; cached because the demo reuses combinations."""
    from weasyprint import HTML

    report = REPORTS.get(cancer_type_code, REPORTS["COAD"])
    html = render_to_string(
        "demo/pathology_report.html",
        {
            "report": report,
            "patient_name": patient_name,
            "lab": OUTSIDE_LABS[lab_index % len(OUTSIDE_LABS)],
            "accession": f"SP-26-{zlib.crc32(patient_name.encode()) % 90000 + 10000}",
        },
    )
    return HTML(string=html).write_pdf()
