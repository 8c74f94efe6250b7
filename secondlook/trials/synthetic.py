"""Synthetic oncology trials in the ClinicalTrials.gov v2 record shape (pure).

The demo program and the speed benchmark need a registry of realistic size without the
network. These records are generated from templates across cancer types, biomarkers,
phases, lines of therapy and US cancer-center locations; the NCT ids start with
NCT9 so they can never be mistaken for real registrations.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

# (family label, condition, typical biomarkers, drugs)
_DISEASES = (
    (
        "breast",
        "Breast Cancer",
        ("HER2", "ER", "PIK3CA", "ESR1", "BRCA1"),
        ("trastuzumab deruxtecan", "elacestrant", "capivasertib", "sacituzumab govitecan"),
    ),
    (
        "lung",
        "Non-Small Cell Lung Cancer",
        ("EGFR", "ALK", "KRAS", "ROS1", "MET", "PD-L1"),
        ("osimertinib", "amivantamab", "sotorasib", "lorlatinib", "datopotamab deruxtecan"),
    ),
    ("lung", "Small Cell Lung Cancer", ("DLL3",), ("tarlatamab", "lurbinectedin")),
    (
        "colorectal",
        "Colorectal Cancer",
        ("KRAS", "BRAF", "MSI", "HER2"),
        ("encorafenib", "adagrasib", "fruquintinib", "pembrolizumab"),
    ),
    (
        "prostate",
        "Prostate Cancer",
        ("AR", "BRCA2", "PSMA"),
        ("lutetium Lu 177 vipivotide tetraxetan", "darolutamide", "olaparib"),
    ),
    (
        "pancreas",
        "Pancreatic Adenocarcinoma",
        ("KRAS", "BRCA2"),
        ("daraxonrasib", "NALIRIFOX", "olaparib"),
    ),
    (
        "ovary",
        "Ovarian Cancer",
        ("BRCA1", "HRD", "FOLR1"),
        ("mirvetuximab soravtansine", "niraparib", "relacorilant"),
    ),
    (
        "uterus",
        "Endometrial Cancer",
        ("MMR", "HER2", "POLE"),
        ("dostarlimab", "lenvatinib", "trastuzumab deruxtecan"),
    ),
    ("melanoma", "Melanoma", ("BRAF", "NRAS"), ("relatlimab", "lifileucel", "dabrafenib")),
    (
        "bladder",
        "Urothelial Carcinoma",
        ("FGFR3", "HER2"),
        ("enfortumab vedotin", "erdafitinib", "disitamab vedotin"),
    ),
    ("kidney", "Renal Cell Carcinoma", ("VHL",), ("belzutifan", "cabozantinib")),
    (
        "gastroesophageal",
        "Gastric Cancer",
        ("HER2", "CLDN18.2", "PD-L1"),
        ("zolbetuximab", "nivolumab"),
    ),
    (
        "head_neck",
        "Head and Neck Squamous Cell Carcinoma",
        ("PD-L1", "HPV"),
        ("cetuximab", "pembrolizumab"),
    ),
    ("brain", "Glioblastoma", ("IDH1", "MGMT"), ("vorasidenib", "temozolomide")),
    (
        "lymphoma",
        "Diffuse Large B-Cell Lymphoma",
        ("CD19", "CD20"),
        ("glofitamab", "axicabtagene ciloleucel"),
    ),
    ("myeloma", "Multiple Myeloma", ("BCMA",), ("teclistamab", "ciltacabtagene autoleucel")),
)
_SETTINGS = (
    (
        "previously untreated advanced",
        "No prior systemic therapy for advanced disease.",
        "III",
        "IV",
    ),
    (
        "relapsed or refractory",
        "Progression after at least one prior line of systemic chemotherapy.",
        "III",
        "IV",
    ),
    ("locally advanced", "No prior chemotherapy or radiation for this cancer.", "II", "III"),
    (
        "early-stage resected",
        "Complete surgical resection within 12 weeks before enrollment.",
        "I",
        "III",
    ),
)
_PHASES = (("PHASE1",), ("PHASE1", "PHASE2"), ("PHASE2",), ("PHASE3",))
_STATUSES = ("RECRUITING",) * 7 + ("NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED")
CENTERS = (
    ("Pasadena Cancer Center", "Pasadena", "California", 34.1478, -118.1445),
    ("Chicago Cancer Center", "Chicago", "Illinois", 41.8781, -87.6298),
    ("City Cancer Institute", "Los Angeles", "California", 34.0522, -118.2437),
    ("Bay Area Oncology Research", "San Francisco", "California", 37.7749, -122.4194),
    ("Lakeshore Cancer Hospital", "Milwaukee", "Wisconsin", 43.0389, -87.9065),
    ("Gulf Coast Cancer Center", "Houston", "Texas", 29.7604, -95.3698),
    ("Northeast Oncology Partners", "Boston", "Massachusetts", 42.3601, -71.0589),
    ("Mid-Atlantic Cancer Institute", "Baltimore", "Maryland", 39.2904, -76.6122),
    ("Rocky Mountain Cancer Research", "Denver", "Colorado", 39.7392, -104.9903),
    ("Southeast Cancer Consortium", "Atlanta", "Georgia", 33.749, -84.388),
)


def _study(rng: random.Random, number: int) -> dict:
    family, condition, markers, drugs = rng.choice(_DISEASES)
    setting, prior, low, high = rng.choice(_SETTINGS)
    marker = rng.choice(markers)
    drug = rng.choice(drugs)
    phases = rng.choice(_PHASES)
    ecog = rng.choice((1, 2))
    status = rng.choice(_STATUSES)
    nct_id = f"NCT9{number:07d}"
    title = f"{drug.title()} in {marker}-Positive {setting.title()} {condition}"
    exclusion_brain = rng.random() < 0.6
    phase_words = "/".join(p.replace("PHASE", "Phase ") for p in phases)
    eligibility = "\n".join(
        [
            "Inclusion Criteria:",
            "",
            f"* Histologically confirmed {condition.lower()}, stage {low}-{high}",
            f"* {marker} positive by a CLIA-certified laboratory test",
            f"* ECOG performance status 0-{ecog}",
            "* Age 18 years or older",
            f"* {prior}",
            "* Absolute neutrophil count >= 1500/mm3 and platelets >= 100000/mm3",
            "",
            "Exclusion Criteria:",
            "",
            "* Untreated or symptomatic brain metastases"
            if exclusion_brain
            else "* Active autoimmune disease requiring systemic treatment",
            "* Pregnant or breastfeeding",
            f"* Prior treatment with {drug}",
        ]
    )
    centers = rng.sample(CENTERS, k=rng.randint(1, 4))
    return {
        "protocolSection": {
            "identificationModule": {
                "nctId": nct_id,
                "briefTitle": title,
                "officialTitle": f"A {phase_words} Study of {title}",
            },
            "statusModule": {
                "overallStatus": status,
                "lastUpdatePostDateStruct": {
                    "date": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
                },
            },
            "descriptionModule": {
                "briefSummary": (
                    f"This study tests {drug} for people with {setting} {condition.lower()} "
                    f"whose tumors are {marker}-positive. Participants receive {drug} and are "
                    "followed for response, side effects and survival."
                )
            },
            "conditionsModule": {"conditions": [condition], "keywords": [marker, drug, family]},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": list(phases)},
            "armsInterventionsModule": {"interventions": [{"type": "DRUG", "name": drug}]},
            "eligibilityModule": {
                "eligibilityCriteria": eligibility,
                "healthyVolunteers": False,
                "sex": "FEMALE"
                if family in ("ovary", "uterus")
                else "MALE"
                if family == "prostate"
                else "ALL",
                "minimumAge": "18 Years",
                "maximumAge": rng.choice(("", "", "75 Years", "85 Years")),
            },
            "contactsLocationsModule": {
                "centralContacts": [
                    {
                        "name": "Trial Office (synthetic)",
                        "phone": "555-0100",
                        "email": "trials@example.org",
                    }
                ],
                "locations": [
                    {
                        "facility": name,
                        "city": city,
                        "state": state,
                        "country": "United States",
                        "status": "RECRUITING" if status == "RECRUITING" else "NOT_YET_RECRUITING",
                        "geoPoint": {"lat": lat, "lon": lon},
                        "contacts": [
                            {
                                "name": f"Research nurse, {city} (synthetic)",
                                "phone": "555-0101",
                                "email": "research@example.org",
                            }
                        ],
                    }
                    for name, city, state, lat, lon in centers
                ],
            },
        }
    }


def synthetic_studies(count: int, *, seed: int = 2026) -> Iterator[dict]:
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield _study(rng, number)
