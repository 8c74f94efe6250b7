"""The machinery every site's stage table shares (pure, no Django import).

Each site states its AJCC 8 stage grouping as a small function over *leaf* categories
(T2a, N1b, M1c …). Reports are often less precise than the table ("T2" in the lung, "NX",
"M1" without a letter), so this module expands a vague category into the leaves it could
be, stages every combination, and keeps only what all of them agree on: the full stage
(IIIB), the roman-numeral group (III), or nothing. That is how a registrar reasons, and it
answers "which detail would settle it?" for free: the axes whose value changed the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

_PREFIX_RE = re.compile(r"^(?P<prefix>(?:yp|yc|rp|rc|[cpyrau])?)(?P<axis>[TNM])", re.IGNORECASE)
_CORE_RE = {
    "T": re.compile(r"^(IS|A|X|0|[1-4](?:MI|[A-E][0-9]?)?)", re.IGNORECASE),
    "N": re.compile(r"^(X|[0-3](?:MI|[A-C][0-9]?)?)", re.IGNORECASE),
    "M": re.compile(r"^(X|0|1(?:[A-D])?)", re.IGNORECASE),
}
_ROMAN_RE = re.compile(r"^(IV|III|II|I|0|OC)([A-D]?)([0-9]?)(.*)$")


@dataclass(frozen=True)
class Category:
    """One T, N or M category read from a report.

    code: canonical form ("T1mi", "Tis", "Ta", "N1a", "N0(i+)", "M1c", "TX"), "" if absent.
    prefix: staging basis as written ("c", "p", "yp", "yc", "r", "" when none).
    """

    axis: str
    code: str
    prefix: str
    raw: str

    @property
    def post_therapy(self) -> bool:
        return "y" in self.prefix

    @property
    def unknown(self) -> bool:
        return self.code in ("", f"{self.axis}X")


def _canonical_core(axis: str, core: str) -> str:
    core = core.upper()
    if core == "IS":
        return f"{axis}is"
    if core == "A" and axis == "T":
        return "Ta"
    if core.endswith("MI"):
        return f"{axis}{core[:-2]}mi"
    return f"{axis}{core[0]}{core[1:].lower()}"


def parse_category(axis: str, raw: str | None) -> Category:
    """Read "pT3", "ypT2", "T1mi", "N1a", "cM0", "M1c(1)", "TX", "pN0(i+)" or just "3a".

    Never raises: text that is not a category of this axis gives code "" (unknown) and the
    caller reports it as missing.
    """
    text = (raw or "").strip()
    squeezed = re.sub(r"\s+", "", text)
    prefix = ""
    body = squeezed
    match = _PREFIX_RE.match(squeezed)
    if match and match.group("axis").upper() == axis:
        prefix = match.group("prefix").lower()
        body = squeezed[match.end() :]
    elif squeezed[:1].upper() in "TNM" and squeezed[:1].upper() != axis:
        return Category(axis, "", "", text)
    core_match = _CORE_RE[axis].match(body)
    if not core_match:
        return Category(axis, "", prefix, text)
    code = _canonical_core(axis, core_match.group(1))
    rest = body[core_match.end() :].upper()
    if code in ("N0", "M0") and re.match(r"^\(?I\+\)?", rest):
        code += "(i+)"
    elif code == "N0" and re.match(r"^\(?MOL\+\)?", rest):
        code += "(mol+)"
    return Category(axis, code, prefix, text)


# What may follow a category typed in full: sentinel node, FNA, multiple tumors, isolated
# tumor cells, molecular findings, or a count ("pN1(sn)", "pT2(m)", "pN0(i+)", "pM1c(1)").
_SUFFIX_RE = re.compile(r"^(?:\((?:sn|f|m|i[+-]|mol[+-]|\d{1,2})\))*$", re.IGNORECASE)


def is_category(axis: str, raw: str) -> bool:
    """Whether text is one whole T, N or M category and nothing more ("ypT2", "pN1a(sn)").

    `parse_category` reads reports leniently; text typed by hand is checked strictly, so
    "T5" or "T2 maybe" is refused instead of staged.
    """
    squeezed = re.sub(r"\s+", "", raw or "")
    match = _PREFIX_RE.match(squeezed)
    if not match or match.group("axis").upper() != axis:
        return False
    body = squeezed[match.end() :]
    core = _CORE_RE[axis].match(body)
    return bool(core) and bool(_SUFFIX_RE.match(body[core.end() :]))


@dataclass(frozen=True)
class Axis:
    """The categories one input may take at a site.

    leaves: the categories the stage table distinguishes.
    unknown: the leaves an unknown value (X or blank) could be; also used for T0 where the
    site treats an unfound primary like an unknown one.
    aliases: a category the table does not list, read as another ("N0(i+)" → "N0").
    """

    label: str
    leaves: tuple[str, ...]
    unknown: tuple[str, ...] = ()
    aliases: Mapping[str, str] | None = None

    def resolve(self, code: str) -> tuple[tuple[str, ...], str]:
        """(leaves the value may be, what is missing to pin it down, "" if nothing)."""
        code = (self.aliases or {}).get(code, code)
        if code in self.leaves:
            return (code,), ""
        if not code or code.endswith("X"):
            return self.unknown or self.leaves, self.label
        children = tuple(leaf for leaf in self.leaves if _is_child(leaf, code))
        if children:
            names = ", ".join(children)
            return children, f"{code} subcategory ({names})"
        base = code.split("(", 1)[0]
        if base != code:
            return self.resolve(base)
        parent = code[:2]
        if len(code) > 2 and parent != code:
            return self.resolve(parent)
        return (), f"a valid {self.label} (got {code})"


def _is_child(leaf: str, parent: str) -> bool:
    return leaf.startswith(parent) and len(leaf) > len(parent) and leaf[len(parent)] != "("


@dataclass(frozen=True)
class ExtraAxis:
    """A non-TNM factor the grouping needs (PSA band, grade group, age band…)."""

    label: str
    values: tuple[str, ...]
    missing: str = ""


Grouping = Callable[[str, str, str, Mapping[str, str]], "str | None"]


@dataclass(frozen=True)
class Outcome:
    stage_group: str
    exact: bool
    missing: tuple[str, ...]
    invalid: bool = False


def stage_parts(stage_group: str) -> tuple[str, ...]:
    """Split "IIIC1" into ("III", "C", "1") so partial agreement stays meaningful."""
    match = _ROMAN_RE.match(stage_group)
    if not match:
        return (stage_group,)
    return tuple(part for part in match.groups() if part)


def common_stage(stages: Sequence[str]) -> str:
    """The most specific stage every candidate shares, or "" when even the numeral differs."""
    parts = [stage_parts(stage) for stage in stages]
    shared: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        shared.append(column[0])
    if len(shared) == 0:
        return ""
    return "".join(shared)


def group_all(
    grouping: Grouping,
    axes: Sequence[tuple[tuple[str, ...], str]],
    extras: Sequence[ExtraAxis],
) -> Outcome:
    """Stage every combination the inputs allow and keep what they agree on."""
    dims = [values for values, _ in axes] + [extra.values for extra in extras]
    labels = [label for _, label in axes] + [extra.missing for extra in extras]
    names = [extra.label for extra in extras]
    if any(not values for values in dims):
        missing = tuple(label for values, label in zip(dims, labels, strict=True) if not values)
        return Outcome("", False, missing)
    results: dict[tuple[str, ...], str | None] = {}
    for combo in product(*dims):
        extra_values = dict(zip(names, combo[3:], strict=True))
        results[combo] = grouping(combo[0], combo[1], combo[2], extra_values)
    stages = set(results.values())
    if None in stages:
        if len(stages) == 1:
            return Outcome("", False, (), invalid=True)
        return Outcome("", False, _deciding(results, labels, len(dims)) or _labels(labels))
    assumed = tuple(extra.missing for extra in extras if extra.missing and len(extra.values) == 1)
    if len(stages) == 1:
        return Outcome(stages.pop() or "", True, assumed)
    shared = common_stage(sorted(s for s in stages if s))
    return Outcome(shared, False, _deciding(results, labels, len(dims)) + assumed)


def _labels(labels: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(label for label in labels if label))


def _deciding(
    results: Mapping[tuple[str, ...], str | None], labels: Sequence[str], width: int
) -> tuple[str, ...]:
    """The inputs whose value changes the stage: what the team should go and find."""
    deciding: list[str] = []
    for index in range(width):
        if not labels[index]:
            continue
        seen: dict[tuple[str, ...], set[str | None]] = {}
        for combo, stage in results.items():
            seen.setdefault(combo[:index] + combo[index + 1 :], set()).add(stage)
        if any(len(stages) > 1 for stages in seen.values()):
            deciding.append(labels[index])
    return tuple(dict.fromkeys(deciding))


@dataclass(frozen=True)
class StagingInput:
    """What staging reads: the categories as reports write them, plus the factors some
    sites need (breast markers, prostate PSA and grade group, thyroid age, FIGO as stated),
    and the histology and primary site that choose between tables of one cancer type.

    er/pr/her2: "positive", "negative" or "" (unknown). oncotype_recurrence_score: the
    21-gene recurrence score when tested (pathological prognostic breast stage only).
    """

    cancer_type_code: str
    t: str
    n: str
    m: str
    grade: str = ""
    er: str = ""
    pr: str = ""
    her2: str = ""
    psa: float | None = None
    gleason_grade_group: int | None = None
    figo: str = ""
    histology: str = ""
    primary_site: str = ""
    age: int | None = None
    oncotype_recurrence_score: int | None = None


@dataclass(frozen=True)
class StageResult:
    """The stage group and how it was reached, in words a tumor board can check.

    stage_group: "IIIB"; a bare numeral ("III") when only the numeral is certain; "" when
    it cannot be staged. missing: what would settle it ("N category", "PSA").
    """

    system: str
    stage_group: str
    kind: str
    can_stage: bool
    missing: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Variant:
    """One stage table of a site: some sites group clinical, pathological and post-therapy
    categories differently (stomach, melanoma, HPV-mediated oropharynx)."""

    grouping: Grouping
    kind: str = "anatomic"
    note: str = ""


@dataclass(frozen=True)
class SiteRules:
    """A site's AJCC 8 (or FIGO) stage table in the form the engine runs.

    exact: combinations the table names as written, before any expansion
    (lung "TX N0 M0" is occult carcinoma, not "unknown").
    extras: the non-TNM factors this site's grouping reads.
    """

    key: str
    name: str
    system: str
    t: Axis
    n: Axis
    m: Axis
    variants: Mapping[str, Variant]
    exact: Mapping[tuple[str, str, str], str] | None = None
    extras: Callable[[StagingInput], list[ExtraAxis]] | None = None

    def variant(self, basis: str) -> tuple[str, Variant]:
        if basis in self.variants:
            return basis, self.variants[basis]
        name = next(iter(self.variants))
        return name, self.variants[name]
