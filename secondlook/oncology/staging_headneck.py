"""AJCC 8 stage groups for head and neck and thyroid cancers (pure, no Django import).

Oral cavity, larynx, hypopharynx and p16-negative oropharynx share one stage grouping in
the 8th edition; HPV-mediated (p16-positive) oropharynx has its own, different for clinical
and pathological staging. Differentiated thyroid cancer is staged by age (under 55 or 55
and older), anaplastic thyroid cancer is always stage IV.
"""

from __future__ import annotations

from collections.abc import Mapping

from secondlook.oncology.staging_core import (
    Axis,
    ExtraAxis,
    SiteRules,
    StagingInput,
    Variant,
)
from secondlook.oncology.staging_sites import M_ALIASES, NODE_ALIASES


def head_neck(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return "0" if n == "N0" and m == "M0" else None
    if m != "M0":
        return "IVC"
    if t == "T4b" or n.startswith("N3"):
        return "IVB"
    if t == "T4a" or n.startswith("N2"):
        return "IVA"
    if n == "N1":
        return "III"
    return {"T2": "II", "T3": "III"}.get(t, "I")


_HN_T = ("T1", "T2", "T3", "T4a", "T4b")
HEAD_NECK = SiteRules(
    key="head_neck",
    name="head and neck (oral cavity, larynx, hypopharynx, p16-negative oropharynx)",
    system="AJCC 8",
    t=Axis("T category", ("Tis", "T1", "T1a", "T1b", *_HN_T[1:]), _HN_T, {"T0": "TX"}),
    n=Axis("N category", ("N0", "N1", "N2a", "N2b", "N2c", "N3a", "N3b"), (), NODE_ALIASES),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={"anatomic": Variant(head_neck)},
)


def oropharynx_p16_clinical(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if m != "M0":
        return "IV"
    if t == "T4" or n == "N3":
        return "III"
    if n == "N2" or t == "T3":
        return "II"
    return None if (t, n) == ("T0", "N0") else "I"


def oropharynx_p16_pathological(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if m != "M0":
        return "IV"
    large = t in ("T3", "T4")
    if n == "N3":
        return "III"
    if n == "N2":
        return "III" if large else "II"
    if (t, n) == ("T0", "N0"):
        return None
    return "II" if large else "I"


OROPHARYNX_P16 = SiteRules(
    key="oropharynx_p16",
    name="HPV-mediated (p16-positive) oropharynx",
    system="AJCC 8",
    t=Axis("T category", ("T0", "T1", "T2", "T3", "T4")),
    n=Axis("N category", ("N0", "N1", "N2", "N3"), (), NODE_ALIASES),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={
        "clinical": Variant(oropharynx_p16_clinical, "clinical", "clinical (cTNM) stage table"),
        "pathological": Variant(oropharynx_p16_pathological, "anatomic", "pathological table"),
    },
)


def thyroid_differentiated(t: str, n: str, m: str, extra: Mapping[str, str]) -> str | None:
    if extra["age"] == "<55":
        return "II" if m == "M1" else "I"
    if m == "M1":
        return "IVB"
    if t == "T0":
        return None
    if t == "T4b":
        return "IVA"
    if t == "T4a":
        return "III"
    if t.startswith("T3") or n.startswith("N1"):
        return "II"
    return "I"


def thyroid_extras(data: StagingInput) -> list[ExtraAxis]:
    if data.age is None or data.age < 0:
        return [ExtraAxis("age", ("<55", ">=55"), "age at diagnosis")]
    return [ExtraAxis("age", ("<55" if data.age < 55 else ">=55",))]


_THYROID_T = ("T0", "T1a", "T1b", "T2", "T3a", "T3b", "T4a", "T4b")
_THYROID_N = ("N0", "N1a", "N1b")
THYROID = SiteRules(
    key="thyroid",
    name="differentiated thyroid",
    system="AJCC 8",
    t=Axis("T category", _THYROID_T),
    n=Axis(
        "N category",
        ("NX", *_THYROID_N),
        _THYROID_N,
        {**NODE_ALIASES, "N0a": "N0", "N0b": "N0"},
    ),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={"anatomic": Variant(thyroid_differentiated)},
    extras=thyroid_extras,
)


def thyroid_anaplastic(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if m == "M1":
        return "IVC"
    if n.startswith("N1") or t in ("T3b", "T4a", "T4b"):
        return "IVB"
    return "IVA"


THYROID_ANAPLASTIC = SiteRules(
    key="thyroid_anaplastic",
    name="anaplastic thyroid",
    system="AJCC 8",
    t=Axis("T category", ("T1a", "T1b", "T2", "T3a", "T3b", "T4a", "T4b")),
    n=Axis("N category", ("N0", "N1a", "N1b"), (), NODE_ALIASES),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={"anatomic": Variant(thyroid_anaplastic)},
)


def thyroid_medullary(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    """Medullary thyroid cancer is staged on anatomy alone (no age split), unlike DTC."""
    if m == "M1":
        return "IVC"
    if t == "T4b":
        return "IVB"
    if t == "T4a" or n == "N1b":
        return "IVA"
    if n == "N1a":
        return "III"
    if t in ("T2", "T3a", "T3b"):
        return "II"
    return "I"


THYROID_MEDULLARY = SiteRules(
    key="thyroid_medullary",
    name="medullary thyroid",
    system="AJCC 8",
    t=Axis("T category", _THYROID_T[1:], _THYROID_T[1:], {"T0": "TX"}),
    n=Axis("N category", _THYROID_N, (), {**NODE_ALIASES, "N0a": "N0", "N0b": "N0"}),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={"anatomic": Variant(thyroid_medullary)},
)


def nasopharynx(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    """Nasopharynx has its own grouping: nodes weigh less than elsewhere in the head and neck
    (N1 with T1 is stage II), and T0 exists for EBV-positive nodes without a found primary."""
    if t == "Tis":
        return "0" if n == "N0" and m == "M0" else None
    if m != "M0":
        return "IVB"
    if t == "T4" or n == "N3":
        return "IVA"
    if n == "N2" or t == "T3":
        return "III"
    if n == "N1" or t == "T2":
        return "II"
    return None if t == "T0" else "I"


NASOPHARYNX = SiteRules(
    key="nasopharynx",
    name="nasopharynx",
    system="AJCC 8",
    t=Axis("T category", ("T0", "Tis", "T1", "T2", "T3", "T4"), ("T0", "T1", "T2", "T3", "T4")),
    n=Axis("N category", ("N0", "N1", "N2", "N3"), (), NODE_ALIASES),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={"anatomic": Variant(nasopharynx)},
)
