"""AJCC 8th-edition anatomic stage groups for the solid tumors a second-opinion program
sees most (pure, no Django import).

Each grouping is written from the AJCC 8 chapter's stage table over leaf categories and
returns None for a combination the chapter does not allow (Tis with positive nodes).
Vague categories ("T2", "NX", "M1") are expanded by `staging_core`, so these functions
never see them. Breast and the gynecologic (FIGO) sites live in their own modules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from secondlook.oncology.staging_core import (
    Axis,
    ExtraAxis,
    SiteRules,
    StagingInput,
    Variant,
    parse_category,
)

NODE_ALIASES = {"N0(i+)": "N0", "N0(mol+)": "N0", "M0(i+)": "M0"}
M_ALIASES = {"M0(i+)": "M0"}
NO_EXTRAS: Mapping[str, str] = {}


def _t(*leaves: str, unknown: tuple[str, ...] = (), aliases: dict[str, str] | None = None) -> Axis:
    return Axis("T category", leaves, unknown, aliases)


def _n(*leaves: str, unknown: tuple[str, ...] = ()) -> Axis:
    return Axis("N category", leaves, unknown, NODE_ALIASES)


def _m(*leaves: str) -> Axis:
    return Axis("M category", leaves, (), M_ALIASES)


def _in_situ(t: str, n: str, stage: str = "0") -> str | None:
    return stage if n == "N0" else None


# Colorectal (AJCC 8 chapter 20). T0 with positive nodes groups like T1 (e.g. ypT0 N1).
def colorectal(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return _in_situ(t, n) if m == "M0" else None
    if m != "M0":
        return {"M1a": "IVA", "M1b": "IVB", "M1c": "IVC"}[m]
    if n == "N0":
        return {"T0": None, "T1": "I", "T2": "I", "T3": "IIA", "T4a": "IIB", "T4b": "IIC"}[t]
    if t == "T4b":
        return "IIIC"
    if n.startswith("N1"):
        return "IIIA" if t in ("T0", "T1", "T2") else "IIIB"
    if n == "N2a":
        return {"T0": "IIIA", "T1": "IIIA", "T2": "IIIB", "T3": "IIIB"}.get(t, "IIIC")
    return "IIIB" if t in ("T0", "T1", "T2") else "IIIC"


COLORECTAL = SiteRules(
    key="colorectal",
    name="colon and rectum",
    system="AJCC 8",
    t=_t(
        "Tis", "T0", "T1", "T2", "T3", "T4a", "T4b", unknown=("T0", "T1", "T2", "T3", "T4a", "T4b")
    ),
    n=_n("N0", "N1a", "N1b", "N1c", "N2a", "N2b"),
    m=_m("M0", "M1a", "M1b", "M1c"),
    variants={"anatomic": Variant(colorectal)},
)


# Lung (AJCC 8 chapter 36), non-small cell and small cell alike.
_LUNG_N0 = {
    "T1mi": "IA1",
    "T1a": "IA1",
    "T1b": "IA2",
    "T1c": "IA3",
    "T2a": "IB",
    "T2b": "IIA",
    "T3": "IIB",
    "T4": "IIIA",
}


def lung(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return _in_situ(t, n) if m == "M0" else None
    if m != "M0":
        return "IVB" if m == "M1c" else "IVA"
    small = t.startswith(("T1", "T2"))
    if n == "N0":
        return _LUNG_N0[t]
    if n == "N1":
        return "IIB" if small else "IIIA"
    if n == "N2":
        return "IIIA" if small else "IIIB"
    return "IIIB" if small else "IIIC"


_LUNG_T = ("T1mi", "T1a", "T1b", "T1c", "T2a", "T2b", "T3", "T4")
LUNG = SiteRules(
    key="lung",
    name="lung",
    system="AJCC 8",
    t=_t("Tis", *_LUNG_T, unknown=_LUNG_T, aliases={"T0": "TX"}),
    n=_n("N0", "N1", "N2", "N3"),
    m=_m("M0", "M1a", "M1b", "M1c"),
    variants={"anatomic": Variant(lung)},
    exact={("TX", "N0", "M0"): "Occult carcinoma"},
)


# Exocrine pancreas (AJCC 8 chapter 28).
def pancreas(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return _in_situ(t, n) if m == "M0" else None
    if m != "M0":
        return "IV"
    if t == "T4" or n == "N2":
        return "III"
    if n == "N1":
        return "IIB"
    return {"T2": "IB", "T3": "IIA"}.get(t, "IA")


PANCREAS = SiteRules(
    key="pancreas",
    name="exocrine pancreas",
    system="AJCC 8",
    t=_t(
        "Tis",
        "T1a",
        "T1b",
        "T1c",
        "T2",
        "T3",
        "T4",
        unknown=("T1a", "T1b", "T1c", "T2", "T3", "T4"),
        aliases={"T0": "TX"},
    ),
    n=_n("N0", "N1", "N2"),
    m=_m("M0", "M1"),
    variants={"anatomic": Variant(pancreas)},
)


# Stomach (AJCC 8 chapter 17): clinical, pathological and post-neoadjuvant tables differ.
_STOMACH_PATH = {
    "N0": {"T1": "IA", "T2": "IB", "T3": "IIA", "T4a": "IIB", "T4b": "IIIA"},
    "N1": {"T1": "IB", "T2": "IIA", "T3": "IIB", "T4a": "IIIA", "T4b": "IIIB"},
    "N2": {"T1": "IIA", "T2": "IIB", "T3": "IIIA", "T4a": "IIIA", "T4b": "IIIB"},
    "N3a": {"T1": "IIB", "T2": "IIIA", "T3": "IIIB", "T4a": "IIIB", "T4b": "IIIC"},
    "N3b": {"T1": "IIIB", "T2": "IIIB", "T3": "IIIC", "T4a": "IIIC", "T4b": "IIIC"},
}
_STOMACH_YP = {
    "N0": {"T1": "I", "T2": "I", "T3": "II", "T4a": "II", "T4b": "III"},
    "N1": {"T1": "I", "T2": "II", "T3": "II", "T4a": "III", "T4b": "III"},
    "N2": {"T1": "II", "T2": "II", "T3": "III", "T4a": "III", "T4b": "III"},
    "N3": {"T1": "II", "T2": "III", "T3": "III", "T4a": "III", "T4b": "III"},
}


def _stomach_t(t: str) -> str:
    return "T1" if t.startswith("T1") else t


def stomach_pathological(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return _in_situ(t, n) if m == "M0" else None
    if m != "M0":
        return "IV"
    return _STOMACH_PATH[n][_stomach_t(t)]


def stomach_clinical(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return _in_situ(t, n) if m == "M0" else None
    if m != "M0":
        return "IVB"
    if t == "T4b":
        return "IVA"
    early = _stomach_t(t) in ("T1", "T2")
    if n == "N0":
        return "I" if early else "IIB"
    return "IIA" if early else "III"


def stomach_post_therapy(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return None
    if m != "M0":
        return "IV"
    return _STOMACH_YP["N3" if n.startswith("N3") else n][_stomach_t(t)]


_STOMACH_T = ("T1a", "T1b", "T2", "T3", "T4a", "T4b")
STOMACH = SiteRules(
    key="stomach",
    name="stomach",
    system="AJCC 8",
    t=_t("Tis", *_STOMACH_T, unknown=_STOMACH_T, aliases={"T0": "TX"}),
    n=_n("N0", "N1", "N2", "N3a", "N3b"),
    m=_m("M0", "M1"),
    variants={
        "clinical": Variant(stomach_clinical, "clinical", "clinical (cTNM) stage table"),
        "pathological": Variant(stomach_pathological, "anatomic", "pathological stage table"),
        "post_therapy": Variant(stomach_post_therapy, "anatomic", "post-neoadjuvant table"),
    },
)


# Urinary bladder (AJCC 8 chapter 62).
def bladder(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t in ("Ta", "Tis"):
        return ("0a" if t == "Ta" else "0is") if n == "N0" and m == "M0" else None
    if m != "M0":
        return "IVB" if m == "M1b" else "IVA"
    if t == "T0" and n == "N0":
        return None
    if t == "T4b":
        return "IVA"
    if n in ("N2", "N3"):
        return "IIIB"
    if n == "N1":
        return "IIIA"
    return {"T1": "I", "T2a": "II", "T2b": "II"}.get(t, "IIIA")


_BLADDER_T = ("T1", "T2a", "T2b", "T3a", "T3b", "T4a", "T4b")
BLADDER = SiteRules(
    key="bladder",
    name="urinary bladder",
    system="AJCC 8",
    t=_t("Ta", "Tis", "T0", *_BLADDER_T, unknown=_BLADDER_T),
    n=_n("N0", "N1", "N2", "N3"),
    m=_m("M0", "M1a", "M1b"),
    variants={"anatomic": Variant(bladder)},
)


# Kidney (AJCC 8 chapter 60).
def kidney(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "T0" and n == "N0" and m == "M0":
        return None
    if m != "M0" or t == "T4":
        return "IV"
    if n == "N1" or t.startswith("T3"):
        return "III"
    return "II" if t.startswith("T2") else "I"


KIDNEY = SiteRules(
    key="kidney",
    name="kidney",
    system="AJCC 8",
    t=_t(
        "T0",
        "T1a",
        "T1b",
        "T2a",
        "T2b",
        "T3a",
        "T3b",
        "T3c",
        "T4",
        unknown=("T1a", "T1b", "T2a", "T2b", "T3a", "T3b", "T3c", "T4"),
    ),
    n=_n("N0", "N1"),
    m=_m("M0", "M1"),
    variants={"anatomic": Variant(kidney)},
)


# Prostate (AJCC 8 chapter 58): T, N, M, PSA and grade group together.
def prostate(t: str, n: str, m: str, extra: Mapping[str, str]) -> str | None:
    if m != "M0":
        return "IVB"
    if n == "N1":
        return "IVA"
    group, psa = extra["grade_group"], extra["psa"]
    if group == "5":
        return "IIIC"
    if t.startswith(("T3", "T4")):
        return "IIIB"
    if psa == ">=20":
        return "IIIA"
    if group in ("3", "4"):
        return "IIC"
    if group == "2":
        return "IIB"
    if t in ("T2b", "T2c") or psa == "10-20":
        return "IIA"
    return "I"


_PSA_BANDS = ("<10", "10-20", ">=20")
_GRADE_GROUPS = ("1", "2", "3", "4", "5")
_ASSUMED = "(grouped without it, as AJCC 8 allows)"


def prostate_extras(data: StagingInput) -> list[ExtraAxis]:
    """PSA band and Grade Group, as far as they are known.

    AJCC 8: "when either PSA or Grade Group is not available, grouping should be
    determined by T category and/or either PSA or Grade Group as available". That applies
    to the rows of localized disease (cT1-cT2a, pT2) where the table names PSA and Grade
    Group: there a missing Grade Group is read as 1 and a missing PSA (with Grade Group 1)
    as under 10, and the factor is still listed as missing. Everywhere else an unknown
    factor is expanded like any other, so the engine only states what is certain.
    """
    psa_known = data.psa is not None and math.isfinite(data.psa) and data.psa >= 0
    group_number = data.gleason_grade_group
    localized = parse_category("T", data.t).code in ("T1a", "T1b", "T1c", "T1", "T2", "T2a")
    if group_number in (1, 2, 3, 4, 5):
        group = ExtraAxis("grade_group", (str(group_number),))
    elif localized:
        group = ExtraAxis("grade_group", ("1",), f"Grade Group {_ASSUMED}")
    else:
        group = ExtraAxis("grade_group", _GRADE_GROUPS, "Grade Group (Gleason)")
    if psa_known:
        value = float(data.psa or 0)
        psa = ExtraAxis("psa", ("<10" if value < 10 else "10-20" if value < 20 else ">=20",))
    elif localized and group.values == ("1",):
        psa = ExtraAxis("psa", ("<10",), f"PSA {_ASSUMED}")
    else:
        psa = ExtraAxis("psa", _PSA_BANDS, "PSA")
    return [psa, group]


PROSTATE = SiteRules(
    key="prostate",
    name="prostate",
    system="AJCC 8",
    t=_t(
        "T1a",
        "T1b",
        "T1c",
        "T2",
        "T2a",
        "T2b",
        "T2c",
        "T3a",
        "T3b",
        "T4",
        unknown=("T1a", "T1b", "T1c", "T2a", "T2b", "T2c", "T3a", "T3b", "T4"),
        aliases={"T0": "TX"},
    ),
    n=_n("N0", "N1"),
    m=_m("M0", "M1a", "M1b", "M1c"),
    variants={"anatomic": Variant(prostate)},
    extras=prostate_extras,
)


# Cutaneous melanoma (AJCC 8 chapter 47): clinical stage III is not subdivided.
_MELANOMA_N0 = {
    "T1a": "IA",
    "T1b": "IA",
    "T2a": "IB",
    "T2b": "IIA",
    "T3a": "IIA",
    "T3b": "IIB",
    "T4a": "IIB",
    "T4b": "IIC",
}


def _melanoma_common(t: str, n: str, m: str) -> str | None:
    if m != "M0":
        return "IV"
    if t == "Tis":
        return "0" if n == "N0" else None
    if n == "N0" and t == "T0":
        return None
    return ""


def melanoma_clinical(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis" and n != "N0" and m == "M0":
        return "III"
    common = _melanoma_common(t, n, m)
    if common != "":
        return common
    if n != "N0":
        return "III"
    return "IB" if t == "T1b" else _MELANOMA_N0[t]


def melanoma_pathological(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    common = _melanoma_common(t, n, m)
    if common != "":
        return common
    if n == "N0":
        return _MELANOMA_N0[t]
    if t == "T0":
        if n in ("N1b", "N1c"):
            return "IIIB"
        return "IIIC" if n in ("N2b", "N2c", "N3b", "N3c") else None
    if t in ("T1a", "T1b", "T2a"):
        if n in ("N1a", "N2a"):
            return "IIIA"
        return "IIIB" if n in ("N1b", "N1c", "N2b") else "IIIC"
    if t in ("T2b", "T3a"):
        return "IIIB" if n in ("N1a", "N1b", "N1c", "N2a", "N2b") else "IIIC"
    if t in ("T3b", "T4a"):
        return "IIIC"
    return "IIID" if n.startswith("N3") else "IIIC"


_MELANOMA_T = ("T0", "T1a", "T1b", "T2a", "T2b", "T3a", "T3b", "T4a", "T4b")
MELANOMA = SiteRules(
    key="melanoma",
    name="cutaneous melanoma",
    system="AJCC 8",
    t=_t("Tis", *_MELANOMA_T, unknown=_MELANOMA_T),
    n=_n("N0", "N1a", "N1b", "N1c", "N2a", "N2b", "N2c", "N3a", "N3b", "N3c"),
    m=_m("M0", "M1a", "M1b", "M1c", "M1d"),
    variants={
        "clinical": Variant(melanoma_clinical, "clinical", "clinical (cTNM) stage table"),
        "pathological": Variant(melanoma_pathological, "anatomic", "pathological stage table"),
    },
)
