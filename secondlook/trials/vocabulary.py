"""Words the matcher recognises in trial and patient text (pure tables).

Cancer types are keyed by OncoTree code (the codes intake and the diagnosis use) and
grouped into families, so a "non-small cell lung cancer" trial matches a lung
adenocarcinoma patient. Clinical abbreviations are expanded so a note saying "HTN,
DM2, s/p MI" finds trials written in full words.
"""

from __future__ import annotations

import re

# family -> (member OncoTree codes, phrases that name the family in trial text)
CANCER_FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "breast": (
        ("BRCA", "IDC", "ILC", "DCIS"),
        (
            "breast cancer",
            "breast carcinoma",
            "breast neoplasm",
            "ductal carcinoma",
            "lobular carcinoma",
            "breast tumor",
        ),
    ),
    "colorectal": (
        ("COAD", "READ", "COADREAD"),
        (
            "colorectal",
            "colon cancer",
            "rectal cancer",
            "colon adenocarcinoma",
            "rectal adenocarcinoma",
            "bowel cancer",
            "colon carcinoma",
        ),
    ),
    "lung": (
        ("LUAD", "LUSC", "NSCLC", "SCLC"),
        (
            "lung cancer",
            "nsclc",
            "non-small cell lung",
            "non small cell lung",
            "small cell lung",
            "sclc",
            "lung adenocarcinoma",
            "lung carcinoma",
            "lung neoplasm",
            "mesothelioma",
        ),
    ),
    "prostate": (
        ("PRAD",),
        ("prostate cancer", "prostate adenocarcinoma", "prostatic", "crpc", "castration-resistant"),
    ),
    "pancreas": (("PAAD",), ("pancreatic", "pancreas")),
    "uterus": (("UCEC", "UEC", "USC"), ("endometrial", "uterine", "uterus")),
    "cervix": (("CESC",), ("cervical cancer", "cervix", "cervical carcinoma")),
    "ovary": (("HGSOC", "OVT"), ("ovarian", "ovary", "fallopian tube", "primary peritoneal")),
    "melanoma": (("SKCM", "MEL"), ("melanoma",)),
    "bladder": (("BLCA",), ("bladder", "urothelial")),
    "kidney": (("CCRCC", "PRCC"), ("renal cell", "kidney cancer", "rcc", "renal cancer")),
    "gastroesophageal": (
        ("STAD", "ESCA"),
        ("gastric", "stomach", "esophageal", "oesophageal", "gastroesophageal"),
    ),
    "head_neck": (
        ("HNSC",),
        ("head and neck", "oropharyn", "laryn", "oral cavity", "nasopharyn", "hnscc"),
    ),
    "thyroid": (("THPA", "THFO"), ("thyroid",)),
    "liver": (("HCC",), ("hepatocellular", "liver cancer", "hcc")),
    "brain": (("GBM",), ("glioblastoma", "glioma", "astrocytoma", "brain tumor", "gbm")),
    "lymphoma": (("DLBCLNOS", "HL"), ("lymphoma", "dlbcl")),
    "myeloma": (("MM",), ("myeloma",)),
    "leukemia": (("AML",), ("leukemia", "leukaemia", "aml")),
    "sarcoma": (("SARCNOS",), ("sarcoma",)),
}
# Within a family, histologies that are different diseases with different trials: a trial
# that names only small cell lung cancer is not for a lung adenocarcinoma patient, and the
# reverse. family -> subtype -> (member OncoTree codes, pattern that names it in trial text).
# "non-small cell" contains "small cell", so the small-cell pattern refuses a "non" before it.
CANCER_SUBTYPES: dict[str, dict[str, tuple[tuple[str, ...], re.Pattern[str]]]] = {
    "lung": {
        "non_small_cell": (
            ("LUAD", "LUSC", "NSCLC"),
            re.compile(
                r"\bnon[- ]?small[- ]cell|\bnsclc\b|lung adenocarcinoma|adenocarcinoma of the lung"
                r"|squamous[- ]cell (?:lung|carcinoma of the lung)",
                re.IGNORECASE,
            ),
        ),
        "small_cell": (
            ("SCLC",),
            re.compile(
                r"(?<!non)(?<!non-)(?<!non )\bsmall[- ]cell (?:lung|carcinoma|cancer)|\bsclc\b",
                re.IGNORECASE,
            ),
        ),
    },
}
SUBTYPE_OF_CODE: dict[str, tuple[str, str]] = {
    code: (family, subtype)
    for family, subtypes in CANCER_SUBTYPES.items()
    for subtype, (codes, _) in subtypes.items()
    for code in codes
}


def cancer_subtypes_in(family: str, text: str) -> set[str]:
    """The subtypes of one family a trial's text names ("SCLC" -> {"small_cell"})."""
    return {
        subtype
        for subtype, (_, pattern) in CANCER_SUBTYPES.get(family, {}).items()
        if pattern.search(text)
    }


FAMILY_OF_CODE: dict[str, str] = {
    code: family for family, (codes, _) in CANCER_FAMILIES.items() for code in codes
}
PAN_TUMOR_PHRASES = (
    "solid tumor",
    "solid tumour",
    "advanced cancer",
    "advanced malignanc",
    "any cancer",
    "metastatic cancer",
    "tumor agnostic",
    "neoplasms",
)

BIOMARKER_NAMES = (
    "EGFR",
    "ALK",
    "ROS1",
    "BRAF",
    "KRAS",
    "NRAS",
    "HER2",
    "ERBB2",
    "ER",
    "PR",
    "PD-L1",
    "MSI",
    "MMR",
    "TMB",
    "BRCA1",
    "BRCA2",
    "PIK3CA",
    "MET",
    "RET",
    "NTRK",
    "FGFR2",
    "FGFR3",
    "IDH1",
    "IDH2",
    "KIT",
    "ESR1",
    "AR",
    "HRD",
    "ATM",
    "PALB2",
    "CLDN18.2",
    "FLT3",
    "NPM1",
)
BIOMARKER_ALIASES = {
    "ERBB2": "HER2",
    "ESTROGEN RECEPTOR": "ER",
    "OESTROGEN RECEPTOR": "ER",
    "PROGESTERONE RECEPTOR": "PR",
    "HORMONE RECEPTOR": "HR",
    "PDL1": "PD-L1",
    "PD L1": "PD-L1",
    "MSI-H": "MSI",
    "DMMR": "MMR",
}
BIOMARKER_PATTERN = re.compile(
    r"\b("
    + "|".join(
        re.escape(n)
        for n in sorted({*BIOMARKER_NAMES, *BIOMARKER_ALIASES, "HR"}, key=len, reverse=True)
    )
    + r")(?!\w)",
    re.IGNORECASE,
)

THERAPY_CLASSES: dict[str, tuple[str, ...]] = {
    "chemotherapy": (
        "chemotherapy",
        "platinum",
        "cisplatin",
        "carboplatin",
        "oxaliplatin",
        "paclitaxel",
        "docetaxel",
        "taxane",
        "gemcitabine",
        "folfox",
        "folfiri",
        "capecitabine",
        "temozolomide",
        "doxorubicin",
        "anthracycline",
        "pemetrexed",
        "etoposide",
        "irinotecan",
        "fluorouracil",
        "5-fu",
    ),
    "immunotherapy": (
        "immunotherapy",
        "checkpoint inhibitor",
        "pd-1",
        "pd-l1 inhibitor",
        "pembrolizumab",
        "nivolumab",
        "atezolizumab",
        "durvalumab",
        "ipilimumab",
        "cemiplimab",
    ),
    "targeted therapy": (
        "tyrosine kinase inhibitor",
        "tki",
        "osimertinib",
        "erlotinib",
        "gefitinib",
        "alectinib",
        "crizotinib",
        "lorlatinib",
        "trastuzumab",
        "pertuzumab",
        "bevacizumab",
        "cetuximab",
        "olaparib",
        "parp inhibitor",
        "cdk4/6",
        "palbociclib",
        "ribociclib",
        "abemaciclib",
        "sotorasib",
        "dabrafenib",
        "vemurafenib",
    ),
    "endocrine therapy": (
        "endocrine therapy",
        "hormonal therapy",
        "tamoxifen",
        "letrozole",
        "anastrozole",
        "exemestane",
        "fulvestrant",
        "aromatase inhibitor",
        "androgen deprivation",
        "enzalutamide",
        "abiraterone",
    ),
    "radiation": ("radiation", "radiotherapy", "chemoradiation", "sbrt", "stereotactic"),
    "surgery": (
        "surgery",
        "resection",
        "mastectomy",
        "lobectomy",
        "prostatectomy",
        "colectomy",
        "hysterectomy",
        "whipple",
    ),
    "stem cell transplant": (
        "stem cell transplant",
        "bone marrow transplant",
        "autologous transplant",
        "allogeneic transplant",
    ),
}

ABBREVIATIONS: dict[str, str] = {
    "htn": "hypertension",
    "dm": "diabetes mellitus",
    "dm2": "type 2 diabetes mellitus",
    "t2dm": "type 2 diabetes mellitus",
    "iddm": "type 1 diabetes",
    "mi": "myocardial infarction",
    "chf": "congestive heart failure",
    "cad": "coronary artery disease",
    "copd": "chronic obstructive pulmonary disease",
    "afib": "atrial fibrillation",
    "af": "atrial fibrillation",
    "ckd": "chronic kidney disease",
    "esrd": "end stage renal disease",
    "cva": "stroke",
    "tia": "transient ischemic attack",
    "dvt": "deep vein thrombosis",
    "pe": "pulmonary embolism",
    "uti": "urinary tract infection",
    "gerd": "gastroesophageal reflux",
    "hld": "hyperlipidemia",
    "osa": "obstructive sleep apnea",
    "ra": "rheumatoid arthritis",
    "sle": "lupus",
    "ibd": "inflammatory bowel disease",
    "hcv": "hepatitis c",
    "hbv": "hepatitis b",
    "hiv": "hiv infection",
    "tb": "tuberculosis",
    "ards": "acute respiratory distress syndrome",
    "aki": "acute kidney injury",
    "bph": "benign prostatic hyperplasia",
    "nsclc": "non-small cell lung cancer",
    "sclc": "small cell lung cancer",
    "hcc": "hepatocellular carcinoma",
    "crc": "colorectal cancer",
    "aml": "acute myeloid leukemia",
    "all": "acute lymphoblastic leukemia",
    "cll": "chronic lymphocytic leukemia",
    "cml": "chronic myeloid leukemia",
    "mds": "myelodysplastic syndrome",
    "sob": "shortness of breath dyspnea",
    "loc": "loss of consciousness",
    "ams": "altered mental status",
    "bmi": "body mass index obesity",
    "etoh": "alcohol",
    "pna": "pneumonia",
    "ptsd": "post traumatic stress disorder",
    "adhd": "attention deficit hyperactivity disorder",
    "ms": "multiple sclerosis",
    "pcos": "polycystic ovary syndrome",
}


def cancer_families_in(text: str) -> set[str]:
    """Cancer families a piece of text names ("EGFR-mutant NSCLC" -> {"lung"})."""
    lowered = text.lower()
    return {
        family
        for family, (_, phrases) in CANCER_FAMILIES.items()
        if any(phrase in lowered for phrase in phrases)
    }


def is_pan_tumor(text: str) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in PAN_TUMOR_PHRASES)


def canonical_biomarker(name: str) -> str:
    upper = name.upper()
    return BIOMARKER_ALIASES.get(upper, upper)


# Words of case-presentation prose ("a 58-year-old woman presents to the ER with …") that
# say how the story is told, not what the patient has; searched for, they favour trials
# that happen to repeat them ("patients", "history", "women") over trials about the
# disease. "healthy" is among them: a "generally healthy" patient is no healthy volunteer.
NARRATIVE_WORDS = frozenset(
    {
        "patient",
        "patients",
        "pt",
        "presents",
        "presented",
        "presenting",
        "presentation",
        "comes",
        "came",
        "come",
        "brought",
        "arrives",
        "arrived",
        "year",
        "years",
        "yr",
        "yrs",
        "old",
        "aged",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "ago",
        "earlier",
        "later",
        "last",
        "prior",
        "previous",
        "previously",
        "past",
        "recent",
        "recently",
        "current",
        "currently",
        "today",
        "yesterday",
        "morning",
        "evening",
        "night",
        "time",
        "first",
        "second",
        "third",
        "history",
        "emergency",
        "department",
        "room",
        "er",
        "ed",
        "clinic",
        "office",
        "hospital",
        "admission",
        "admitted",
        "visit",
        "evaluation",
        "evaluated",
        "complains",
        "complaining",
        "complaint",
        "complaints",
        "reports",
        "reported",
        "reporting",
        "notes",
        "noted",
        "states",
        "stated",
        "describes",
        "described",
        "found",
        "finds",
        "shows",
        "showed",
        "reveals",
        "revealed",
        "demonstrates",
        "demonstrated",
        "examination",
        "exam",
        "examined",
        "physical",
        "otherwise",
        "unremarkable",
        "normal",
        "generally",
        "healthy",
        "well",
        "known",
        "woman",
        "women",
        "man",
        "men",
        "female",
        "male",
        "boy",
        "girl",
        "lady",
        "gentleman",
        "child",
        "infant",
        "baby",
        "mother",
        "father",
        "daughter",
        "son",
        "wife",
        "husband",
        "parents",
        "parent",
        "family",
        "friend",
        "physician",
        "doctor",
        "nurse",
        "african",
        "american",
        "white",
        "black",
        "caucasian",
        "hispanic",
        "asian",
        "started",
        "began",
        "begun",
        "since",
        "also",
        "still",
        "now",
        "then",
        "initially",
        "several",
        "few",
        "some",
        "many",
        "much",
        "very",
        "mild",
        "moderate",
        "slight",
        "approximately",
        "about",
        "around",
        "left",
        "right",
        "bilateral",
        "upper",
        "lower",
        "side",
        "taking",
        "takes",
        "take",
        "took",
        "given",
        "gives",
    }
)

# Abbreviations that are also everyday words ("all of which resolved", "Ms. Smith"):
# spelled out only when written in capitals.
WORDLIKE_ABBREVIATIONS = frozenset({"all", "ms", "pe", "ra", "mi", "af", "loc", "ams", "sob"})
