"""OncoTree codes and ICD-O-3 subsites for an organ and its histology.

The organ decides the tissue, the histology the type within it ("lung" + "squamous cell
carcinoma" is LUSC). Codes follow OncoTree (oncotree.mskcc.org) and ICD-O-3 topography.
Pure: no Django import.
"""

from __future__ import annotations


def oncotree_for(organ: str, histology_scores: dict[str, float]) -> str:
    """The OncoTree code for a tumor of `organ` given how strongly each histology is named.

    Organ first, then histology within the organ, because reports name the organ in the
    specimen line of every part but the histology sometimes only once.
    """

    def score(*keys: str) -> float:
        return sum(histology_scores.get(key, 0.0) for key in keys)

    if organ == "breast":
        if score("ilc") > score("idc") and score("ilc") > 0:
            return "ILC"
        if score("idc") > 0:
            return "IDC"
        return "DCIS" if score("dcis") > 0 and score("carcinoma") == 0 else "BRCA"
    if organ == "lung":
        if score("small_cell") > max(score("adenocarcinoma"), score("squamous")):
            return "SCLC"
        if score("squamous") > score("adenocarcinoma"):
            return "LUSC"
        return "LUAD" if score("adenocarcinoma", "mucinous") > 0 else "NSCLC"
    if organ in ("colon", "rectum"):
        return "READ" if organ == "rectum" else "COAD"
    if organ == "liver":
        return "IHCH" if score("cholangio") > score("hcc") else "HCC"
    if organ == "kidney":
        ranked = {
            "CHRCC": score("chromophobe"),
            "PRCC": score("papillary_rcc"),
            "CCRCC": score("clear_cell_rcc"),
        }
        best = max(ranked, key=lambda code: ranked[code])
        return best if ranked[best] > 0 else "RCC"
    if organ == "thyroid":
        if score("follicular_thyroid") > score("papillary_thyroid"):
            return "THFO"
        return "THPA"
    if organ == "testis":
        return "SEM" if score("seminoma") > score("nonseminoma") else "NSGCT"
    if organ == "esophagus":
        return "ESCC" if score("squamous") > score("adenocarcinoma") else "ESCA"
    if organ == "cervix":
        return "ECAD" if score("adenocarcinoma") > score("squamous") else "CESC"
    if organ == "eye":
        return "UM"
    if organ == "skin":
        return "SKCM" if score("melanoma") > 0 else "CSCC"
    if organ == "uterus":
        return "USC" if score("serous") > score("endometrioid") else "UEC"
    if organ == "ovary":
        return "HGSOC" if score("serous") > 0 else "OVT"
    return ORGAN_ONCOTREE[organ]


ORGAN_ONCOTREE: dict[str, str] = {
    "stomach": "STAD",
    "bladder": "BLCA",
    "pancreas": "PAAD",
    "prostate": "PRAD",
    "head_neck": "HNSC",
    "adrenal": "ACC",
    "pleura": "PLMESO",
    "bile_duct": "CHOL",
}


# ICD-O-3 topography subsites: the first stem found in the report names the subsite.
SUBSITES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "breast": (
        (("upper outer",), "C50.4"),
        (("upper inner",), "C50.2"),
        (("lower outer",), "C50.5"),
        (("lower inner",), "C50.3"),
        (("central", "subareolar", "retroareolar"), "C50.1"),
        (("axillary tail",), "C50.6"),
    ),
    "lung": (
        (("upper lobe",), "C34.1"),
        (("middle lobe",), "C34.2"),
        (("lower lobe",), "C34.3"),
        (("main bronchus",), "C34.0"),
    ),
    "colon": (
        (("cecum", "caecum", "cecal", "ileocecal"), "C18.0"),
        (("appendix",), "C18.1"),
        (("ascending", "right colon", "right hemicolectomy"), "C18.2"),
        (("hepatic flexure",), "C18.3"),
        (("transverse",), "C18.4"),
        (("splenic flexure",), "C18.5"),
        (("descending", "left colon"), "C18.6"),
        (("sigmoid",), "C18.7"),
    ),
    "rectum": ((("rectosigmoid",), "C19.9"),),
    "head_neck": (
        (("base of tongue", "base of the tongue"), "C01.9"),
        (("tongue", "glossectomy"), "C02.9"),
        (("gingiva", "alveolar ridge"), "C03.9"),
        (("floor of mouth", "floor of the mouth"), "C04.9"),
        (("palate",), "C05.9"),
        (("buccal",), "C06.0"),
        (("retromolar",), "C06.2"),
        (("tonsil",), "C09.9"),
        (("oropharyn",), "C10.9"),
        (("nasopharyn",), "C11.9"),
        (("hypopharyn",), "C13.9"),
        (("supraglottic", "epiglott"), "C32.1"),
        (("glottic", "vocal cord"), "C32.0"),
        (("laryn",), "C32.9"),
        (("oral cavity", "mandib", "maxilla"), "C06.9"),
    ),
    "stomach": (
        (("cardia ",), "C16.0"),
        (("fundus",), "C16.1"),
        (("body of stomach", "gastric body"), "C16.2"),
        (("antrum", "antral"), "C16.3"),
        (("pylor",), "C16.4"),
        (("lesser curvature",), "C16.5"),
        (("greater curvature",), "C16.6"),
    ),
    "pancreas": (
        (("head of pancreas", "head of the pancreas", "pancreatic head", "whipple"), "C25.0"),
        (("body of pancreas", "pancreatic body"), "C25.1"),
        (("tail of pancreas", "pancreatic tail", "distal pancreatectomy"), "C25.2"),
    ),
    "esophagus": (
        (("gastroesophageal junction",), "C16.0"),
        (("distal esophag", "lower third"), "C15.5"),
    ),
    "eye": ((("choroid",), "C69.3"), (("ciliary body",), "C69.4")),
    "bile_duct": ((("extrahepatic", "common bile duct", "hilar"), "C24.0"),),
}
