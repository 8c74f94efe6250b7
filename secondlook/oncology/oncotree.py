"""OncoTree cancer types a second-opinion program sees most.

A pure table (no Django import) so engines and forms share it. Codes and names follow
OncoTree (oncotree.mskcc.org); `tissue` is the OncoTree top-level tissue.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CancerType:
    code: str
    name: str
    tissue: str


CANCER_TYPES: tuple[CancerType, ...] = (
    CancerType("BRCA", "Invasive Breast Carcinoma", "Breast"),
    CancerType("IDC", "Breast Invasive Ductal Carcinoma", "Breast"),
    CancerType("ILC", "Breast Invasive Lobular Carcinoma", "Breast"),
    CancerType("DCIS", "Breast Ductal Carcinoma In Situ", "Breast"),
    CancerType("COAD", "Colon Adenocarcinoma", "Bowel"),
    CancerType("READ", "Rectal Adenocarcinoma", "Bowel"),
    CancerType("COADREAD", "Colorectal Adenocarcinoma", "Bowel"),
    CancerType("LUAD", "Lung Adenocarcinoma", "Lung"),
    CancerType("LUSC", "Lung Squamous Cell Carcinoma", "Lung"),
    CancerType("NSCLC", "Non-Small Cell Lung Cancer", "Lung"),
    CancerType("SCLC", "Small Cell Lung Cancer", "Lung"),
    CancerType("PRAD", "Prostate Adenocarcinoma", "Prostate"),
    CancerType("PAAD", "Pancreatic Adenocarcinoma", "Pancreas"),
    CancerType("UCEC", "Endometrial Carcinoma", "Uterus"),
    CancerType("UEC", "Uterine Endometrioid Carcinoma", "Uterus"),
    CancerType("USC", "Uterine Serous Carcinoma/Uterine Papillary Serous Carcinoma", "Uterus"),
    CancerType("CESC", "Cervical Squamous Cell Carcinoma", "Cervix"),
    CancerType("HGSOC", "High-Grade Serous Ovarian Cancer", "Ovary/Fallopian Tube"),
    CancerType("OVT", "Ovarian Cancer, Other", "Ovary/Fallopian Tube"),
    CancerType("SKCM", "Cutaneous Melanoma", "Skin"),
    CancerType("MEL", "Melanoma", "Skin"),
    CancerType("BLCA", "Bladder Urothelial Carcinoma", "Bladder/Urinary Tract"),
    CancerType("CCRCC", "Renal Clear Cell Carcinoma", "Kidney"),
    CancerType("PRCC", "Papillary Renal Cell Carcinoma", "Kidney"),
    CancerType("STAD", "Stomach Adenocarcinoma", "Esophagus/Stomach"),
    CancerType("ESCA", "Esophageal Adenocarcinoma", "Esophagus/Stomach"),
    CancerType("HNSC", "Head and Neck Squamous Cell Carcinoma", "Head and Neck"),
    CancerType("NPC", "Nasopharyngeal Carcinoma", "Head and Neck"),
    CancerType("THPA", "Papillary Thyroid Cancer", "Thyroid"),
    CancerType("THFO", "Follicular Thyroid Cancer", "Thyroid"),
    CancerType("THME", "Medullary Thyroid Cancer", "Thyroid"),
    CancerType("HCC", "Hepatocellular Carcinoma", "Liver"),
    CancerType("GBM", "Glioblastoma", "CNS/Brain"),
    CancerType("DLBCLNOS", "Diffuse Large B-Cell Lymphoma, NOS", "Lymphoid"),
    CancerType("HL", "Hodgkin Lymphoma", "Lymphoid"),
    CancerType("MM", "Plasma Cell Myeloma", "Lymphoid"),
    CancerType("AML", "Acute Myeloid Leukemia", "Myeloid"),
    CancerType("SARCNOS", "Sarcoma, NOS", "Soft Tissue"),
    CancerType("ACC", "Adrenocortical Carcinoma", "Adrenal Gland"),
    CancerType("CHOL", "Cholangiocarcinoma", "Biliary Tract"),
    CancerType("IHCH", "Intrahepatic Cholangiocarcinoma", "Biliary Tract"),
    CancerType("CHRCC", "Chromophobe Renal Cell Carcinoma", "Kidney"),
    CancerType("RCC", "Renal Cell Carcinoma", "Kidney"),
    CancerType("SEM", "Seminoma", "Testis"),
    CancerType("NSGCT", "Non-Seminomatous Germ Cell Tumor", "Testis"),
    CancerType("PLMESO", "Pleural Mesothelioma", "Pleura"),
    CancerType("UM", "Uveal Melanoma", "Eye"),
    CancerType("ESCC", "Esophageal Squamous Cell Carcinoma", "Esophagus/Stomach"),
    CancerType("ECAD", "Endocervical Adenocarcinoma", "Cervix"),
    CancerType("CSCC", "Cutaneous Squamous Cell Carcinoma", "Skin"),
    CancerType("CUP", "Cancer of Unknown Primary", "Other"),
)

BY_CODE: dict[str, CancerType] = {cancer_type.code: cancer_type for cancer_type in CANCER_TYPES}


def cancer_type_choices() -> list[tuple[str, str]]:
    return [(c.code, f"{c.name} ({c.code})") for c in CANCER_TYPES]
