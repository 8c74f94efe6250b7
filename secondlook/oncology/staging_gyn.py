"""FIGO stages for endometrial, cervical and ovarian cancer, derived from TNM where the
AJCC 8th edition defines the mapping (pure, no Django import).

AJCC 8 aligns corpus uteri and cervix with FIGO 2009 and ovary with FIGO 2014; a FIGO
stage the report states outright (FIGO 2018 cervix, FIGO 2023 endometrium) is read by
`normalize_figo` and kept as stated, since newer FIGO editions use findings TNM lacks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from secondlook.oncology.staging_core import Axis, SiteRules, Variant
from secondlook.oncology.staging_sites import M_ALIASES, NODE_ALIASES

_FIGO_RE = re.compile(
    r"^(?:FIGO)?\s*(?:STAGE)?\s*(IV|III|II|I|4|3|2|1)\s*([A-C])?\s*([0-9])?\s*(\((?:I|II|i|ii)\))?$",
    re.IGNORECASE,
)
_ARABIC = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def normalize_figo(text: str) -> str:
    """ "FIGO IIIC1", "stage 3c1", "IIIa1(ii)" → "IIIC1"/"IIIA1(ii)"; "" when not a stage."""
    match = _FIGO_RE.match((text or "").strip())
    if not match:
        return ""
    numeral, letter, digit, sub = match.groups()
    numeral = _ARABIC.get(numeral, numeral.upper())
    return f"{numeral}{(letter or '').upper()}{digit or ''}{(sub or '').lower()}"


def endometrium(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if m != "M0":
        return "IVB"
    if t == "T4":
        return "IVA"
    if n.startswith("N2"):
        return "IIIC2"
    if n.startswith("N1"):
        return "IIIC1"
    return {"T1a": "IA", "T1b": "IB", "T2": "II", "T3a": "IIIA", "T3b": "IIIB"}[t]


ENDOMETRIUM = SiteRules(
    key="endometrium",
    name="endometrium (corpus uteri carcinoma)",
    system="AJCC 8 / FIGO 2009",
    t=Axis("T category", ("T1a", "T1b", "T2", "T3a", "T3b", "T4"), (), {"T0": "TX"}),
    n=Axis("N category", ("N0", "N1mi", "N1a", "N2mi", "N2a"), (), NODE_ALIASES),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={"anatomic": Variant(endometrium)},
)

# FIGO 2009 (and so AJCC 8) stages the cervix without the nodes; FIGO 2018 added IIIC.
_CERVIX_N0 = {
    "T1a1": "IA1",
    "T1a2": "IA2",
    "T1b1": "IB1",
    "T1b2": "IB2",
    "T2a1": "IIA1",
    "T2a2": "IIA2",
    "T2b": "IIB",
    "T3a": "IIIA",
    "T3b": "IIIB",
}


def cervix(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if m != "M0":
        return "IVB"
    if t == "T4":
        return "IVA"
    return _CERVIX_N0[t]


CERVIX = SiteRules(
    key="cervix",
    name="cervix uteri",
    system="AJCC 8 / FIGO 2009",
    t=Axis("T category", (*_CERVIX_N0, "T4"), (), {"T0": "TX"}),
    n=Axis("N category", ("N0", "N1"), (), NODE_ALIASES),
    m=Axis("M category", ("M0", "M1"), (), M_ALIASES),
    variants={"anatomic": Variant(cervix)},
)

_OVARY_N0 = {
    "T1a": "IA",
    "T1b": "IB",
    "T1c1": "IC",
    "T1c2": "IC",
    "T1c3": "IC",
    "T2a": "IIA",
    "T2b": "IIB",
    "T3a": "IIIA2",
    "T3b": "IIIB",
    "T3c": "IIIC",
}


def ovary(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if m != "M0":
        return "IVB" if m == "M1b" else "IVA"
    if n != "N0" and t.startswith(("T1", "T2")):
        return "IIIA1"
    return _OVARY_N0[t]


OVARY = SiteRules(
    key="ovary",
    name="ovary, fallopian tube and primary peritoneum",
    system="AJCC 8 / FIGO 2014",
    t=Axis("T category", tuple(_OVARY_N0), (), {"T0": "TX"}),
    n=Axis("N category", ("N0", "N1a", "N1b"), (), NODE_ALIASES),
    m=Axis("M category", ("M0", "M1a", "M1b"), (), M_ALIASES),
    variants={"anatomic": Variant(ovary)},
)
