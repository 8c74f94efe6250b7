"""Words pathologists use for organs and tumor types, with their codes.

ICD-O-3 topography (C-codes) and morphology (behaviour-coded M-codes) are what tumor
registries file; OncoTree codes are what trial and therapy engines match on. The tables
are written from the classifications and from how surgical pathology reports name
specimens ("left upper lobe, lobectomy", "radical prostatectomy"), not from any one
report. Organs are named by lower-case word stems (matched at a word start); histologies
by a trigger stem and a pattern matched at the trigger. Pure: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Organ:
    """An organ the extractor recognizes, with the stems that name it or its operations."""

    key: str
    topography: str
    name: str
    stems: tuple[str, ...]
    weight: float = 1.0


ORGANS: tuple[Organ, ...] = (
    Organ(
        "breast",
        "C50.9",
        "Breast",
        ("breast", "mastectomy", "lumpectomy", "nipple", "areola", "axillary tail", "nottingham"),
    ),
    Organ(
        "lung",
        "C34.9",
        "Lung",
        (
            "lung",
            "upper lobe",
            "lower lobe",
            "middle lobe",
            "lobectomy",
            "pneumonectomy",
            "bronchus",
            "bronchial",
            "pulmonary",
            "visceral pleura",
            "wedge resection",
        ),
    ),
    Organ(
        "colon",
        "C18.9",
        "Colon",
        (
            "colon",
            "cecum",
            "caecum",
            "cecal",
            "sigmoid",
            "colectomy",
            "hemicolectomy",
            "ileocecal",
            "ileocolic",
            "hepatic flexure",
            "splenic flexure",
            "pericolic",
            "pericolonic",
        ),
    ),
    Organ(
        "rectum",
        "C20.9",
        "Rectum",
        (
            "rectum",
            "rectal",
            "rectosigmoid",
            "anterior resection",
            "abdominoperineal",
            "perirectal",
            "mesorect",
        ),
        1.2,
    ),
    Organ(
        "liver",
        "C22.0",
        "Liver",
        ("liver", "hepatectomy", "hepatocellular", "hepatoma", "segmentectomy", "hepatic lobe"),
    ),
    Organ(
        "bile_duct",
        "C22.1",
        "Intrahepatic bile duct",
        ("cholangiocarcinoma", "cholangiolar", "intrahepatic bile duct", "perihilar"),
        1.5,
    ),
    Organ("prostate", "C61.9", "Prostate", ("prostat", "gleason", "seminal vesicle"), 1.5),
    Organ(
        "stomach",
        "C16.9",
        "Stomach",
        (
            "stomach",
            "gastric",
            "gastrectomy",
            "antrum",
            "antral",
            "pylor",
            "lesser curvature",
            "greater curvature",
            "perigastric",
        ),
    ),
    Organ(
        "esophagus",
        "C15.9",
        "Esophagus",
        ("esophag", "oesophag", "barrett", "gastroesophageal junction", "periesophageal"),
        1.3,
    ),
    Organ(
        "bladder",
        "C67.9",
        "Bladder",
        (
            "bladder",
            "urothelial",
            "transitional cell",
            "cystectomy",
            "cystoprostatectomy",
            "perivesical",
        ),
    ),
    Organ(
        "kidney",
        "C64.9",
        "Kidney",
        ("kidney", "renal", "nephrectomy", "perinephric", "chromophobe", "gerota", "fuhrman"),
    ),
    Organ("pancreas", "C25.9", "Pancreas", ("pancrea", "whipple", "peripancreatic"), 1.2),
    Organ(
        "thyroid",
        "C73.9",
        "Thyroid gland",
        ("thyroid", "thyroidectomy", "isthmus", "extrathyroidal"),
        1.3,
    ),
    Organ(
        "head_neck",
        "C76.0",
        "Head and neck",
        (
            "tongue",
            "larynx",
            "laryngeal",
            "pharynx",
            "oropharyn",
            "hypopharyn",
            "nasopharyn",
            "oral cavity",
            "floor of mouth",
            "floor of the mouth",
            # The mouth is the oral cavity, however the line breaks ("Floor of. mouth").
            "mouth",
            "tonsil",
            "glottic",
            "supraglottic",
            "epiglott",
            "mandib",
            "maxilla",
            "gingiva",
            "buccal",
            "palat",
            "alveolar ridge",
            "glossectomy",
            "laryngectomy",
            "retromolar",
            "vocal cord",
        ),
    ),
    Organ(
        "cervix",
        "C53.9",
        "Cervix uteri",
        (
            "cervix",
            "ectocervi",
            "endocervi",
            "exocervi",
            "cervical stroma",
            "cervical cone",
            # The radical (Wertheim) hysterectomy is the operation for cervical cancer.
            "radical hysterectomy",
        ),
        1.5,
    ),
    Organ(
        "uterus",
        "C54.1",
        "Endometrium",
        ("endometrium", "endometrial", "myometri", "uterine corpus", "corpus uteri"),
    ),
    Organ("ovary", "C56.9", "Ovary", ("ovary", "ovarian", "fallopian")),
    Organ("adrenal", "C74.0", "Adrenal cortex", ("adrenal", "adrenocortical", "adrenalectomy")),
    Organ(
        "testis",
        "C62.9",
        "Testis",
        (
            "testis",
            "testes",
            "testicular",
            "orchiectomy",
            "spermatic cord",
            "seminoma",
            "germ cell",
            "rete testis",
            "tunica",
        ),
        1.5,
    ),
    Organ(
        "pleura",
        "C38.4",
        "Pleura",
        ("mesothelioma", "pleurectomy", "extrapleural", "parietal pleura", "decortication"),
        2.0,
    ),
    Organ(
        "eye",
        "C69.4",
        "Eye (uvea)",
        (
            "uvea",
            "uveal",
            "choroid",
            "ciliary body",
            "enucleation",
            "globe",
            "sclera",
            "optic nerve",
            "retina",
        ),
        1.5,
    ),
    Organ(
        "skin",
        "C44.9",
        "Skin",
        ("skin", "cutaneous", "breslow", "clark level", "dermis", "epidermis"),
        0.6,
    ),
)

ORGAN_BY_KEY: dict[str, Organ] = {organ.key: organ for organ in ORGANS}


@dataclass(frozen=True)
class Histology:
    """A tumor type: trigger stems, and a pattern (lower-case) matched at each trigger.

    `organs` restricts a name that only means this type in those organs ("papillary
    carcinoma" is thyroid in a thyroidectomy, not in a kidney); `points_to` is the organ
    the name itself implies ("hepatocellular carcinoma" is liver wherever it is written).
    """

    key: str
    morphology: str
    name: str
    triggers: tuple[str, ...]
    pattern: re.Pattern[str]
    organs: tuple[str, ...] = ()
    points_to: str = ""


def _at(pattern: str) -> re.Pattern[str]:
    """A lower-case pattern; OCR turns line breaks into ". ", so words may be split by one."""
    return re.compile(pattern.replace(r"\s+", r"[\s.]+"))


# Most specific first: the first affirmed type in this order that fits the organ wins.
HISTOLOGIES: tuple[Histology, ...] = (
    Histology(
        "hcc",
        "8170/3",
        "Hepatocellular carcinoma",
        ("hepatocellular", "hepatoma"),
        _at(r"hepatocellular\s+carcinoma|hepatoma"),
        points_to="liver",
    ),
    Histology(
        "cholangio",
        "8160/3",
        "Cholangiocarcinoma",
        ("cholangiocarcinoma", "bile duct"),
        _at(r"cholangiocarcinoma|bile\s+duct\s+(?:adeno)?carcinoma"),
        points_to="bile_duct",
    ),
    Histology(
        "chromophobe",
        "8317/3",
        "Chromophobe renal cell carcinoma",
        ("chromophobe",),
        _at(r"chromophobe"),
        points_to="kidney",
    ),
    Histology(
        "papillary_rcc",
        "8260/3",
        "Papillary renal cell carcinoma",
        ("papillary", "renal cell"),
        _at(
            r"papillary\s+renal\s+cell|renal\s+cell\s+carcinoma[^.;]{0,30}papillary"
            r"|papillary\s+(?:type|variant)\s*(?:1|2|i{1,2})\b|papillary\s+(?:\w+\s+){0,2}renal"
        ),
        points_to="kidney",
    ),
    Histology(
        "clear_cell_rcc",
        "8310/3",
        "Clear cell renal cell carcinoma",
        ("clear", "conventional", "renal cell"),
        _at(
            r"clear[\s-]*cell\s+(?:type\s+)?(?:renal\s+cell|carcinoma|type)|conventional\s+"
            r"(?:\(clear\s+cell\)\s+)?(?:type\s+)?renal\s+cell|renal\s+cell\s+carcinoma[^.;]{0,30}clear[\s-]*cell"
        ),
        organs=("kidney",),
    ),
    Histology(
        "rcc",
        "8312/3",
        "Renal cell carcinoma",
        ("renal cell",),
        _at(r"renal\s+cell\s+carcinoma"),
        points_to="kidney",
    ),
    Histology(
        "urothelial",
        "8120/3",
        "Urothelial carcinoma",
        ("urothelial", "transitional cell"),
        _at(
            # Grade words may sit inside the name: "urothelial high grade carcinoma".
            r"urothelial\s+(?:(?:cell|papillary|high|low|grade|high-grade|low-grade|invasive)\s+)"
            r"{0,3}carcinoma|transitional\s+cell\s+carcinoma"
        ),
        points_to="bladder",
    ),
    Histology(
        "adrenocortical",
        "8370/3",
        "Adrenal cortical carcinoma",
        ("adrenal", "adrenocortical"),
        _at(
            r"adrenal[\s-]*cortical\s+(?:carcinoma|neoplasm)|adrenocortical\s+(?:carcinoma|neoplasm)"
        ),
        points_to="adrenal",
    ),
    Histology(
        "mesothelioma",
        "9050/3",
        "Mesothelioma",
        ("mesothelioma",),
        _at(r"mesothelioma"),
        points_to="pleura",
    ),
    Histology(
        "nonseminoma",
        "9085/3",
        "Mixed germ cell tumor",
        (
            "mixed germ",
            "embryonal",
            "yolk",
            "teratoma",
            "choriocarcinoma",
            "non-seminoma",
            "nonseminoma",
        ),
        _at(
            r"mixed\s+germ\s+cell|embryonal\s+carcinoma|yolk\s+sac|teratoma|choriocarcinoma"
            r"|non-?\s*seminoma"
        ),
        points_to="testis",
    ),
    Histology(
        "seminoma",
        "9061/3",
        "Seminoma",
        ("seminoma",),
        _at(r"seminoma"),
        points_to="testis",
    ),
    Histology("melanoma", "8720/3", "Melanoma", ("melanoma",), _at(r"melanoma")),
    Histology(
        "papillary_thyroid",
        "8260/3",
        "Papillary thyroid carcinoma",
        ("papillary", "follicular variant", "tall cell"),
        _at(
            r"papillary\s+(?:thyroid\s+)?(?:micro)?carcinoma|papillary\s+(?:type|variant)"
            r"|follicular\s+variant|tall\s+cell\s+variant"
        ),
        organs=("thyroid",),
    ),
    Histology(
        "follicular_thyroid",
        "8330/3",
        "Follicular thyroid carcinoma",
        ("follicular carcinoma", "hurthle", "hürthle"),
        _at(r"follicular\s+carcinoma|h[uü]rthle\s+cell\s+carcinoma"),
        organs=("thyroid",),
    ),
    Histology(
        "ilc",
        "8520/3",
        "Invasive lobular carcinoma",
        ("lobular",),
        # The organ may sit inside the name: "invasive lobular breast carcinoma".
        _at(r"lobular\s+(?:breast\s+)?carcinoma(?!\s+in\s+situ)"),
        points_to="breast",
    ),
    Histology(
        "idc",
        "8500/3",
        "Invasive ductal carcinoma",
        ("ductal", "no special type"),
        _at(r"ductal\s+(?:adeno)?carcinoma(?!\s+in\s+situ)|no\s+special\s+type"),
    ),
    Histology(
        "small_cell",
        "8041/3",
        "Small cell carcinoma",
        ("small cell",),
        _at(r"small\s+cell\s+(?:neuroendocrine\s+)?carcinoma"),
    ),
    Histology(
        "adenosquamous",
        "8560/3",
        "Adenosquamous carcinoma",
        ("adenosquamous",),
        _at(r"adenosquamous\s+carcinoma"),
    ),
    Histology(
        "squamous",
        "8070/3",
        "Squamous cell carcinoma",
        ("squamous", "epidermoid"),
        _at(r"squamous\s+(?:cell\s+)?(?:carcinoma|cancer)|epidermoid\s+carcinoma"),
    ),
    Histology(
        "mucinous",
        "8480/3",
        "Mucinous adenocarcinoma",
        ("mucinous", "colloid"),
        _at(r"mucinous\s+(?:adeno)?carcinoma|colloid\s+carcinoma"),
    ),
    Histology(
        "signet_ring",
        "8490/3",
        "Signet ring cell carcinoma",
        ("signet",),
        _at(r"signet[\s-]+ring"),
    ),
    Histology(
        "serous",
        "8441/3",
        "Serous carcinoma",
        ("serous",),
        _at(r"serous\s+(?:papillary\s+)?(?:adeno)?carcinoma"),
    ),
    Histology(
        "endometrioid",
        "8380/3",
        "Endometrioid adenocarcinoma",
        ("endometrioid",),
        _at(r"endometrioid\s+(?:adeno)?carcinoma"),
    ),
    Histology(
        "neuroendocrine",
        "8246/3",
        "Neuroendocrine carcinoma",
        ("neuroendocrine", "carcinoid"),
        _at(r"neuroendocrine\s+(?:carcinoma|tumou?r)|carcinoid"),
    ),
    Histology(
        "adenocarcinoma",
        "8140/3",
        "Adenocarcinoma",
        ("adenocarcinoma", "adenoca"),
        _at(r"adenocarcinoma|adenoca\b"),
    ),
    Histology(
        "dcis",
        "8500/2",
        "Ductal carcinoma in situ",
        ("ductal", "dcis"),
        _at(r"ductal\s+carcinoma\s+in\s+situ|dcis"),
        points_to="breast",
    ),
    Histology("carcinoma", "8010/3", "Carcinoma, NOS", ("carcinoma",), _at(r"carcinoma")),
)
