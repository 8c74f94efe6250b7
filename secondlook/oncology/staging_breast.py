"""AJCC 8 breast stage: the anatomic stage groups and the clinical and pathological
prognostic stage groups (pure, no Django import).

The prognostic groups move a patient up or down from the anatomic group by grade, ER, PR
and HER2 (and, for pathological staging of small node-negative hormone-positive HER2-
negative tumors, a 21-gene recurrence score under 11). AJCC 8 writes them as five blocks
of rows, one per anatomic "bucket"; each rule below is one row of that table:
(grades, HER2, ER, PR, stage, stage when the recurrence score is under 11 or "").
"""

from __future__ import annotations

from collections.abc import Mapping

from secondlook.oncology.staging_core import Axis, Grouping, SiteRules, Variant

Rule = tuple[str, str, str, str, str, str]

# Clinical prognostic stage (AJCC 8 table, 2018 update).
CLINICAL: dict[str, tuple[Rule, ...]] = {
    "A": (  # T1 N0, T0-1 N1mi
        ("123", "+", "*", "*", "IA", ""),
        ("12", "-", "+", "*", "IA", ""),
        ("12", "-", "-", "+", "IA", ""),
        ("12", "-", "-", "-", "IB", ""),
        ("3", "-", "+", "+", "IA", ""),
        ("3", "-", "+", "-", "IB", ""),
        ("3", "-", "-", "*", "IB", ""),
    ),
    "B": (  # T0-1 N1, T2 N0
        ("123", "+", "+", "+", "IB", ""),
        ("123", "+", "+", "-", "IIA", ""),
        ("123", "+", "-", "*", "IIA", ""),
        ("12", "-", "+", "+", "IB", ""),
        ("12", "-", "+", "-", "IIA", ""),
        ("1", "-", "-", "*", "IIA", ""),
        ("2", "-", "-", "+", "IIA", ""),
        ("2", "-", "-", "-", "IIB", ""),
        ("3", "-", "+", "+", "IIA", ""),
        ("3", "-", "+", "-", "IIB", ""),
        ("3", "-", "-", "*", "IIB", ""),
    ),
    "C": (  # T2 N1, T3 N0
        ("123", "+", "+", "+", "IB", ""),
        ("12", "+", "+", "-", "IIA", ""),
        ("12", "+", "-", "+", "IIA", ""),
        ("12", "+", "-", "-", "IIB", ""),
        ("12", "-", "+", "+", "IIA", ""),
        ("12", "-", "+", "-", "IIB", ""),
        ("1", "-", "-", "*", "IIB", ""),
        ("2", "-", "-", "+", "IIB", ""),
        ("2", "-", "-", "-", "IIIB", ""),
        ("3", "+", "+", "-", "IIB", ""),
        ("3", "+", "-", "*", "IIB", ""),
        ("3", "-", "+", "+", "IIB", ""),
        ("3", "-", "+", "-", "IIIA", ""),
        ("3", "-", "-", "+", "IIIA", ""),
        ("3", "-", "-", "-", "IIIB", ""),
    ),
    "D": (  # T0-2 N2, T3 N1-2
        ("12", "*", "+", "+", "IIA", ""),
        ("12", "*", "+", "-", "IIIA", ""),
        ("12", "+", "-", "*", "IIIA", ""),
        ("12", "-", "-", "+", "IIIA", ""),
        ("12", "-", "-", "-", "IIIB", ""),
        ("3", "+", "+", "+", "IIB", ""),
        ("3", "+", "+", "-", "IIIA", ""),
        ("3", "+", "-", "*", "IIIA", ""),
        ("3", "-", "+", "+", "IIIA", ""),
        ("3", "-", "+", "-", "IIIB", ""),
        ("3", "-", "-", "+", "IIIB", ""),
        ("3", "-", "-", "-", "IIIC", ""),
    ),
    "E": (  # T4 N0-2, any T N3
        ("12", "+", "+", "+", "IIIA", ""),
        ("12", "+", "+", "-", "IIIB", ""),
        ("123", "+", "-", "*", "IIIB", ""),
        ("12", "-", "+", "*", "IIIB", ""),
        ("12", "-", "-", "+", "IIIB", ""),
        ("12", "-", "-", "-", "IIIC", ""),
        ("3", "+", "+", "*", "IIIB", ""),
        ("3", "-", "+", "+", "IIIB", ""),
        ("3", "-", "+", "-", "IIIC", ""),
        ("3", "-", "-", "*", "IIIC", ""),
    ),
}

# Pathological prognostic stage (surgery first; not for post-neoadjuvant ypTNM).
PATHOLOGICAL: dict[str, tuple[Rule, ...]] = {
    "A": (
        ("1", "*", "*", "*", "IA", ""),
        ("23", "+", "*", "*", "IA", ""),
        ("23", "-", "+", "*", "IA", ""),
        ("23", "-", "-", "+", "IA", ""),
        ("23", "-", "-", "-", "IB", ""),
    ),
    "B": (
        ("123", "+", "+", "+", "IA", ""),
        ("12", "+", "+", "-", "IB", ""),
        ("12", "+", "-", "+", "IB", ""),
        ("12", "+", "-", "-", "IIA", ""),
        ("12", "-", "+", "+", "IA", ""),
        ("1", "-", "+", "-", "IB", "IA"),
        ("1", "-", "-", "+", "IB", ""),
        ("2", "-", "+", "-", "IIA", "IA"),
        ("2", "-", "-", "+", "IIA", ""),
        ("12", "-", "-", "-", "IIA", ""),
        ("3", "+", "+", "-", "IIA", ""),
        ("3", "+", "-", "*", "IIA", ""),
        ("3", "-", "+", "+", "IB", "IA"),
        ("3", "-", "+", "-", "IIA", "IA"),
        ("3", "-", "-", "*", "IIA", ""),
    ),
    "C": (
        ("1", "*", "+", "+", "IA", ""),
        ("123", "+", "+", "-", "IIB", ""),
        ("123", "+", "-", "*", "IIB", ""),
        ("123", "-", "+", "-", "IIB", ""),
        ("12", "-", "-", "*", "IIB", ""),
        ("2", "*", "+", "+", "IB", ""),
        ("3", "+", "+", "+", "IB", ""),
        ("3", "-", "+", "+", "IIA", ""),
        ("3", "-", "-", "+", "IIB", ""),
        ("3", "-", "-", "-", "IIIA", ""),
    ),
    "D": (
        ("12", "*", "+", "+", "IB", ""),
        ("123", "+", "+", "-", "IIIA", ""),
        ("123", "+", "-", "*", "IIIA", ""),
        ("123", "-", "+", "-", "IIIA", ""),
        ("1", "-", "-", "*", "IIIA", ""),
        ("2", "-", "-", "+", "IIIA", ""),
        ("2", "-", "-", "-", "IIIB", ""),
        ("3", "+", "+", "+", "IIA", ""),
        ("3", "-", "+", "+", "IIB", ""),
        ("3", "-", "-", "+", "IIIA", ""),
        ("3", "-", "-", "-", "IIIC", ""),
    ),
    "E": (
        ("12", "*", "+", "+", "IIIA", ""),
        ("12", "*", "+", "-", "IIIB", ""),
        ("12", "+", "-", "*", "IIIB", ""),
        ("1", "-", "-", "*", "IIIB", ""),
        ("2", "-", "-", "+", "IIIB", ""),
        ("2", "-", "-", "-", "IIIC", ""),
        ("3", "+", "*", "*", "IIIB", ""),
        ("3", "-", "+", "+", "IIIB", ""),
        ("3", "-", "+", "-", "IIIC", ""),
        ("3", "-", "-", "*", "IIIC", ""),
    ),
}


def bucket(t: str, n: str) -> str | None:
    """Which block of the prognostic table an invasive T/N pair falls in."""
    if n.startswith("N3"):
        return "E"
    if t.startswith("T4"):
        return "E"
    if n.startswith("N2"):
        return "D"
    if n == "N0":
        return {"T0": None, "T2": "B", "T3": "C"}.get(t, "A")
    if t == "T3":
        return "D"
    if t == "T2":
        return "C"
    return "A" if n == "N1mi" else "B"


_ANATOMIC = {"A": "IA", "B": "IIA", "C": "IIB", "D": "IIIA"}


def anatomic(t: str, n: str, m: str, _: Mapping[str, str]) -> str | None:
    if t == "Tis":
        return "0" if n == "N0" and m == "M0" else None
    if m != "M0":
        return "IV"
    block = bucket(t, n)
    if block is None:
        return None
    if block == "E":
        return "IIIC" if n.startswith("N3") else "IIIB"
    if block == "A" and n == "N1mi":
        return "IB"
    return _ANATOMIC[block]


def _prognostic(table: Mapping[str, tuple[Rule, ...]], pathological: bool) -> Grouping:
    def grouping(t: str, n: str, m: str, factors: Mapping[str, str]) -> str | None:
        if t == "Tis":
            return "0" if n == "N0" and m == "M0" else None
        if m != "M0":
            return "IV"
        block = bucket(t, n)
        if block is None:
            return None
        low_score = pathological and n == "N0" and factors.get("oncotype") == "<11"
        for grades, her2, er, pr, stage, low_score_stage in table[block]:
            if (
                factors["grade"] in grades
                and her2 in ("*", factors["her2"])
                and er in ("*", factors["er"])
                and pr in ("*", factors["pr"])
            ):
                return low_score_stage if low_score and low_score_stage else stage
        return None

    return grouping


clinical_prognostic = _prognostic(CLINICAL, pathological=False)
pathological_prognostic = _prognostic(PATHOLOGICAL, pathological=True)

_T = ("Tis", "T0", "T1mi", "T1a", "T1b", "T1c", "T1", "T2", "T3", "T4a", "T4b", "T4c", "T4d", "T4")
_N = ("N0", "N1mi", "N1a", "N1b", "N1c", "N1", "N2a", "N2b", "N2", "N3a", "N3b", "N3c", "N3")
_T_AXIS = Axis("T category", _T, ("T0", "T1", "T2", "T3", "T4"))
_N_AXIS = Axis(
    "N category",
    _N,
    ("N0", "N1mi", "N1", "N2", "N3"),
    {"N0(i+)": "N0", "N0(mol+)": "N0"},
)
_M_AXIS = Axis("M category", ("M0", "M1"), (), {"M0(i+)": "M0"})

BREAST_ANATOMIC = SiteRules(
    key="breast",
    name="breast",
    system="AJCC 8",
    t=_T_AXIS,
    n=_N_AXIS,
    m=_M_AXIS,
    variants={"anatomic": Variant(anatomic, "anatomic", "anatomic stage table")},
)

BREAST_PROGNOSTIC = SiteRules(
    key="breast",
    name="breast",
    system="AJCC 8",
    t=_T_AXIS,
    n=_N_AXIS,
    m=_M_AXIS,
    variants={
        "clinical": Variant(clinical_prognostic, "prognostic", "clinical prognostic stage table"),
        "pathological": Variant(
            pathological_prognostic, "prognostic", "pathological prognostic stage table"
        ),
    },
)
