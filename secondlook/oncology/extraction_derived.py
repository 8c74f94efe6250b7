"""T and N a registrar would abstract when the report gives findings but no category.

Many reports never write "pT2": they give the tumor size, how deep it invades, and how
many nodes hold metastases. Registrars then assign the category from the AJCC rules for
that site; this module does the same, so a report without a TNM line still gets an
answer. These facts carry `code_system="AJCC pTNM (derived)"` and confidence 0.5, below
any category the report states, and point at the finding they rest on. The rules are the
AJCC size, depth-of-invasion and node-count thresholds for each site (8th edition, and
where it differs from the 7th, the shared ground both accept). Pure: no Django import.
"""

from __future__ import annotations

import re

from secondlook.oncology.extraction_context import AFFIRMED, ReportContext
from secondlook.oncology.facts import ExtractedFact

DERIVED = "AJCC pTNM (derived)"
_CONFIDENCE = 0.5

# Size thresholds (mm) per organ: the T for a tumor up to each bound.
_SIZE_RULES: dict[str, tuple[tuple[float, str], ...]] = {
    "breast": ((20, "T1"), (50, "T2"), (1e9, "T3")),
    "lung": ((30, "T1"), (50, "T2"), (70, "T3"), (1e9, "T4")),
    "kidney": ((70, "T1"), (1e9, "T2")),
    "thyroid": ((20, "T1"), (40, "T2"), (1e9, "T3")),
    "adrenal": ((50, "T1"), (1e9, "T2")),
    "head_neck": ((20, "T1"), (40, "T2"), (1e9, "T3")),
    "pancreas": ((20, "T1"), (40, "T2"), (1e9, "T3")),
    "liver": ((1e9, "T1"),),
    "bile_duct": ((1e9, "T1"),),
    "cervix": ((40, "T1b1"), (1e9, "T1b2")),
}
# Where the 7th edition (2010–2017) drew other lines; older reports were staged by it.
_SIZE_RULES_7TH: dict[str, tuple[tuple[float, str], ...]] = {
    "lung": ((30, "T1"), (70, "T2"), (1e9, "T3")),
    "pancreas": ((20, "T1"), (1e9, "T2")),
}


def _cue(pattern: str) -> re.Pattern[str]:
    """A finding's wording, matched on the lower-cased report."""
    return re.compile(pattern)


def _split_top(source: str, separator: str = "|") -> list[str]:
    """Split a regex at top-level `|` (or return its top-level groups with `separator=""`)."""
    parts, depth, current, escaped = [], 0, "", False
    for char in source:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            current, escaped = current + char, True
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "|" and depth == 0 and separator:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return parts


def _needles(source: str) -> set[str] | None:
    """Words one of which must be in any text the regex matches, or None if unknown.

    Lets `_deepest` skip a finding's regex with a substring test for most reports.
    """
    needles: set[str] = set()
    for branch in _split_top(source):
        outside, groups, depth, start, escaped = "", [], 0, 0, False
        for index, char in enumerate(branch):
            if escaped:
                escaped = False
                if depth == 0:
                    outside += " "
                continue
            if char == "\\":
                escaped = True
                continue
            if char == "(":
                if depth == 0:
                    start = index
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    optional = branch[index + 1 : index + 2] in ("?", "*")
                    if not optional:
                        groups.append(branch[start + 1 : index].removeprefix("?:"))
                    outside += " "
            elif depth == 0:
                outside += char
        words = [word for word in re.findall(r"[a-z]{4,}", outside) if "?" not in word]
        optional_chars = re.findall(r"[a-z][?*]", outside)
        words = [word for word in words if not any(word.endswith(c[0]) for c in optional_chars)]
        if words:
            needles.add(max(words, key=len))
            continue
        inner = next((found for group in groups if (found := _needles(group))), None)
        if inner is None:
            return None
        needles |= inner
    return needles


# Extension findings that raise T regardless of size, in rising order per organ.
_EXTENSION_RULES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "breast": (
        (
            _cue(r"\b(?:chest\s+wall|skin\s+ulceration|peau\s+d.orange|inflammatory\s+carcinoma)"),
            "T4",
        ),
    ),
    "lung": (
        (
            _cue(
                r"\bvisceral\s+pleura(?:l)?\s+(?:invasion|involvement)|invad\w+\s+(?:the\s+)?visceral\s+pleura"
            ),
            "T2",
        ),
        (
            _cue(
                r"\b(?:parietal\s+pleura|chest\s+wall|pericardium|phrenic\s+nerve)\s+(?:invasion|involved)"
            ),
            "T3",
        ),
        (_cue(r"\bsatellite\s+(?:tumou?r\s+)?nodules?\s+in\s+(?:the\s+)?same\s+lobe"), "T3"),
    ),
    "kidney": (
        (
            _cue(
                r"\b(?:perinephric|perirenal|renal\s+sinus|sinus)\s+(?:fat|adipose)[^.;]{0,20}"
                r"(?:invasion|involve|invaded|extension)|invad\w+\s+(?:into\s+)?(?:the\s+)?(?:perinephric|"
                r"perirenal|renal\s+sinus)\s+(?:fat|adipose|tissue)|renal\s+vein\s+(?:invasion|involvement|thromb)"
            ),
            "T3",
        ),
        (_cue(r"\b(?:beyond|through)\s+gerota|gerota.s\s+fascia\s+(?:invasion|involved)"), "T4"),
    ),
    "thyroid": (
        (
            _cue(r"\bstrap\s+muscles?\s+(?:invasion|involve)|invad\w+[^.;]{0,30}strap\s+muscle"),
            "T3",
        ),
    ),
    "adrenal": (
        (
            _cue(
                r"\b(?:invad\w*|invasion|extend\w*|extension|infiltrat\w*)\s+(?:\w+\s+){0,3}?"
                r"(?:periadrenal|peri-adrenal|surrounding)\s+(?:fat|adipose|soft\s+tissue)"
            ),
            "T3",
        ),
    ),
    "liver": (
        (
            _cue(r"\b(?:vascular|microvascular|venous|portal\s+vein)\s+(?:invasion|involvement)"),
            "T2",
        ),
        (
            _cue(
                r"\bmultiple\s+(?:tumou?rs|nodules|masses|foci)|\bmultifocal|tumou?r\s+number\s*:\s*"
                r"(?:two|three|four|five|multiple|[2-9])|\b(?:two|three|four|five|several)\s+(?:separate\s+)?"
                r"(?:tumou?rs|nodules|masses|foci)"
            ),
            "T2",
        ),
        (
            _cue(
                r"\b(?:major\s+branch|main\s+portal|hepatic\s+vein)[^.;]{0,30}(?:invasion|involve)"
            ),
            "T3",
        ),
        (_cue(r"\bvisceral\s+peritoneum\s+(?:perforation|invasion|involved)"), "T4"),
    ),
    "bile_duct": (
        (
            _cue(
                r"\b(?:vascular|venous)\s+(?:invasion|involvement)|\bmultiple\s+(?:tumou?rs|nodules)"
            ),
            "T2",
        ),
    ),
    "head_neck": (
        (
            _cue(
                r"\b(?:mandible|maxilla|cortical\s+bone|thyroid\s+cartilage|bone)\s+(?:invasion|involved)|invad\w+[^.;]{0,20}\b(?:bone|mandible|cartilage)"
            ),
            "T4",
        ),
    ),
    "prostate": (
        (_cue(r"\b(?:organ[\s-]confined|confined\s+to\s+the\s+prostate)"), "T2"),
        (
            _cue(
                r"\bextra-?prostatic\s+extension|\bextracapsular\s+extension|\bperiprostatic\s+(?:fat|soft\s+tissue)"
            ),
            "T3a",
        ),
        (
            _cue(
                r"\bseminal\s+vesicle\s+(?:invasion|involvement|involved)|invad\w+[^.;]{0,40}seminal\s+vesicle"
            ),
            "T3b",
        ),
    ),
    "testis": (
        (_cue(r"\blimited\s+to\s+(?:the\s+)?testis|\bconfined\s+to\s+(?:the\s+)?testis"), "T1"),
        (
            _cue(
                r"\b(?:lympho-?vascular|vascular|angiolymphatic)\s+(?:space\s+)?invasion|tunica\s+vaginalis|hilar\s+soft\s+tissue|epididym"
            ),
            "T2",
        ),
        (
            _cue(
                r"\bspermatic\s+cord\s+(?:invasion|involve)|invad\w+\s+(?:the\s+)?spermatic\s+cord"
            ),
            "T3",
        ),
    ),
}

# Depth of invasion through a hollow organ's wall: deepest layer named wins.
_WALL_LAYERS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "colon": (
        (_cue(r"\b(?:submucosa|intramucosal|lamina\s+propria)"), "T1"),
        (_cue(r"\b(?:into|within|invad\w+)\s+(?:the\s+)?muscularis\s+propria"), "T2"),
        (
            _cue(
                r"\b(?:through\s+(?:the\s+)?muscularis\s+propria|subserosa|pericolic|pericolonic|perirectal|mesorectal|mesocolic|perimuscular)"
            ),
            "T3",
        ),
        (
            _cue(
                r"\b(?:visceral\s+peritoneum|serosal?\s+(?:surface|involvement|penetration)|through\s+(?:the\s+)?serosa|peritoneal\s+surface)"
            ),
            "T4",
        ),
    ),
    "stomach": (
        (_cue(r"\b(?:submucosa|lamina\s+propria|muscularis\s+mucosae)"), "T1"),
        (_cue(r"\b(?:into|within|invad\w+)\s+(?:the\s+)?muscularis\s+propria"), "T2"),
        (_cue(r"\b(?:subserosa|through\s+(?:the\s+)?muscularis\s+propria|perigastric)"), "T3"),
        (
            _cue(
                r"\b(?:visceral\s+peritoneum|serosal?\s+(?:surface|involvement|penetration)|through\s+(?:the\s+)?serosa)"
            ),
            "T4",
        ),
    ),
    "esophagus": (
        (_cue(r"\b(?:submucosa|lamina\s+propria|muscularis\s+mucosae)"), "T1"),
        (
            _cue(
                r"\b(?:into|within|invad\w+)\s+(?:the\s+)?muscularis\s+propria|depth\s+of\s+invasion\s*:\s*muscularis\s+propria"
            ),
            "T2",
        ),
        (_cue(r"\b(?:adventitia|periesophageal|through\s+(?:the\s+)?muscularis\s+propria)"), "T3"),
    ),
    "bladder": (
        (_cue(r"\b(?:lamina\s+propria|subepithelial\s+connective)"), "T1"),
        (_cue(r"\b(?:muscularis\s+propria|detrusor)"), "T2"),
        (_cue(r"\b(?:perivesical|through\s+(?:the\s+)?muscularis\s+propria)"), "T3"),
        (
            _cue(
                r"\b(?:prostatic\s+stroma|seminal\s+vesicle|uterus|vagina|pelvic\s+wall)\s+(?:invasion|involved)"
            ),
            "T4",
        ),
    ),
}
# Synoptic checklists name the deepest layer after a label: "Extent of invasion: Muscularis
# propria", "Tumor extent: Serosa (visceral peritoneum)".
_LAYER_LABEL = (
    r"(?:extent|invasion|depth|infiltration)[^.:;]{0,20}:\s*(?:the\s+)?(?:into\s+)?(?:the\s+)?"
)
for _organ, _t2, _t3, _t4 in (
    ("colon", "T2", "T3", "T4"),
    ("stomach", "T2", "T3", "T4"),
    ("esophagus", "T2", "T3", "T4"),
    ("bladder", "T2", "T3", "T4"),
):
    _WALL_LAYERS[_organ] = _WALL_LAYERS[_organ] + (
        (_cue(_LAYER_LABEL + r"muscularis\s+propria"), _t2),
        (_cue(_LAYER_LABEL + r"(?:subserosa|perivesical|adventitia|pericolic|perigastric)"), _t3),
        (_cue(_LAYER_LABEL + r"(?:serosa\b|visceral)"), _t4),
    )
_WALL_LAYERS["rectum"] = _WALL_LAYERS["colon"]
_EXTENSION_RULES["cervix"] = (
    (_cue(r"\b(?:vagina|vaginal\s+(?:wall|cuff|mucosa))[^.;]{0,20}(?:invasion|involve)"), "T2a"),
    (
        _cue(
            r"\bparametri\w*[^.;]{0,20}(?:invasion|involve|extension)|invad\w+[^.;]{0,20}parametri"
        ),
        "T2b",
    ),
)
_EXTENSION_RULES_7TH: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "thyroid": ((_cue(r"\bextra-?thyroidal\s+(?:extension|invasion)"), "T3"),),
    "pancreas": (
        (
            _cue(r"\b(?:peripancreatic\s+(?:soft\s+tissue|fat|adipose)|beyond\s+the\s+pancreas)"),
            "T3",
        ),
    ),
}
# A synoptic label with an empty or other value ("Seminal Vesicle Invasion: Periprostatic
# Fat Involved:") is not a finding; after a colon, only an affirming word counts.
_LABEL_VALUE = re.compile(r"(?:\s+[a-z]+){0,2}\s*:\s*(?P<value>[a-z\-]+)?")
_AFFIRMING = frozenset(
    (
        "present",
        "identified",
        "yes",
        "positive",
        "involved",
        "extensive",
        "focal",
        "seen",
        "focally",
        "invasion",
    )
)

_BRESLOW = re.compile(r"\bbreslow[^.\d]{0,30}(?P<mm>\d{1,2}(?:\.\d{1,2})?)\s*mm")
_NEEDLES: dict[re.Pattern[str], set[str] | None] = {
    pattern: _needles(pattern.pattern)
    for table in (_EXTENSION_RULES, _EXTENSION_RULES_7TH, _WALL_LAYERS)
    for rules in table.values()
    for pattern, _ in rules
}
_FIGO_TO_T = {"I": "T1", "II": "T2", "III": "T3", "IV": "T4"}

# Positive-node count thresholds: N for a count up to each bound.
_NODE_RULES: dict[str, tuple[tuple[int, str], ...]] = {
    "breast": ((0, "N0"), (3, "N1"), (9, "N2"), (10_000, "N3")),
    "colon": ((0, "N0"), (3, "N1"), (10_000, "N2")),
    "rectum": ((0, "N0"), (3, "N1"), (10_000, "N2")),
    "stomach": ((0, "N0"), (2, "N1"), (6, "N2"), (10_000, "N3")),
    "esophagus": ((0, "N0"), (2, "N1"), (6, "N2"), (10_000, "N3")),
    "pancreas": ((0, "N0"), (3, "N1"), (10_000, "N2")),
    "bladder": ((0, "N0"), (1, "N1"), (10_000, "N2")),
    "head_neck": ((0, "N0"), (1, "N1"), (10_000, "N2")),
    "skin": ((0, "N0"), (1, "N1"), (3, "N2"), (10_000, "N3")),
}


def _deepest(
    ctx: ReportContext, rules: tuple[tuple[re.Pattern[str], str], ...]
) -> tuple[str, re.Match[str]] | None:
    found: tuple[str, re.Match[str]] | None = None
    low = ctx.low
    for pattern, category in rules:
        needles = _NEEDLES[pattern]
        if needles is not None and not any(needle in low for needle in needles):
            continue
        for match in pattern.finditer(low):
            label = _LABEL_VALUE.match(low, match.end())
            if label and label.group("value") not in _AFFIRMING:
                continue
            if ctx.certainty(match.start(), match.end()) == AFFIRMED:
                if found is None or category > found[0]:
                    found = (category, match)
                break
    return found


def _derived(
    field: str, value: str, fact_or_match: ExtractedFact | re.Match[str], text: str = ""
) -> ExtractedFact:
    if isinstance(fact_or_match, ExtractedFact):
        start, end, display = fact_or_match.start, fact_or_match.end, fact_or_match.display
    else:
        start, end = fact_or_match.start(), fact_or_match.end()
        display = text[start:end]
    return ExtractedFact(field, value, display, start, end, _CONFIDENCE, code_system=DERIVED)


def derive_t(
    ctx: ReportContext,
    organ: str,
    sizes: list[ExtractedFact],
    figo: list[ExtractedFact],
    edition: int = 8,
) -> ExtractedFact | None:
    """The T a registrar would assign from size and extension when no category is written.

    `edition` is the AJCC edition to apply (the report's own when it states one).
    """
    candidates: list[ExtractedFact] = []
    size_rule = _SIZE_RULES.get(organ)
    extension_rules = _EXTENSION_RULES.get(organ, ())
    if edition < 8:
        size_rule = _SIZE_RULES_7TH.get(organ, size_rule)
        extension_rules = _EXTENSION_RULES_7TH.get(organ, extension_rules)
    if size_rule and sizes:
        best = max(sizes, key=lambda fact: (fact.confidence, float(fact.value)))
        tier = [fact for fact in sizes if fact.confidence == best.confidence]
        largest = max(tier, key=lambda fact: float(fact.value))
        size = float(largest.value)
        category = next(t for bound, t in size_rule if size <= bound)
        candidates.append(_derived("t", category, largest))
    for rules in (extension_rules, _WALL_LAYERS.get(organ, ())):
        found = _deepest(ctx, rules)
        if found:
            candidates.append(_derived("t", found[0], found[1], ctx.text))
    if organ == "skin":
        breslow = _BRESLOW.search(ctx.low) if "breslow" in ctx.low else None
        if breslow:
            depth = float(breslow.group("mm"))
            category = "T1" if depth <= 1 else "T2" if depth <= 2 else "T3" if depth <= 4 else "T4"
            candidates.append(_derived("t", category, breslow, ctx.text))
    if organ in ("cervix", "uterus", "ovary") and figo:
        stage = figo[0].value
        roman = stage.rstrip("ABC123")
        if roman in _FIGO_TO_T:
            candidates.append(
                _derived("t", _FIGO_TO_T[roman] + stage[len(roman) :].lower()[:1], figo[0])
            )
    if not candidates:
        return None
    return max(candidates, key=lambda fact: fact.value)


_NODE_NEGATIVE = re.compile(
    r"negative\s+for|\bno\s+(?:evidence\s+of\s+)?(?:\w+\s+)?(?:tumou?r|carcinoma|metasta|malignan|neoplas)"
    r"|free\s+of\s+(?:\w+\s+)?(?:tumou?r|carcinoma|metasta)|\bbenign\b|\breactive\b|\bwithout\s+"
    r"(?:evidence\s+of\s+)?(?:\w+\s+)?(?:tumou?r|carcinoma|metasta)|\bnegative\b|\(0/\d"
)
_NODE_POSITIVE = re.compile(
    r"metasta\w*\s+(?:\w+\s+){0,3}?(?:carcinoma|adenocarcinoma|tumou?r|melanoma|seminoma|disease)"
    r"|positive\s+for|involved\s+by|with\s+metasta|\bmetastases\b"
)
# Lung node stations 2–9 (mediastinal, subcarinal) are N2; 10–14 (hilar, intrapulmonary) N1.
_LUNG_N2 = re.compile(
    r"mediastin|subcarinal|paratracheal|aortopulmonary|para-?esophageal|pulmonary\s+ligament"
    r"|\b(?:level|station)\s*[2-9][lr]?\b|\b[lr]\s?[2-9][lr]?\b"
)
# Kept short: the proposal table stores 40 characters of code system.
ASSUMED = "AJCC pTNM (assumed)"


def derive_n(
    ctx: ReportContext, organ: str, positive: list[ExtractedFact], examined: list[ExtractedFact]
) -> ExtractedFact | None:
    """The N a registrar would assign from the nodes the report describes.

    From the count of positive regional nodes when the report gives one; else from what
    it says about the nodes ("lymph node, negative for tumor"); else, when the report
    mentions no nodal disease at all, N0 the way registries code it (clinically node
    negative), flagged as assumed and with the lowest confidence.
    """
    if positive:
        return _n_from_counts(ctx, organ, positive, examined)
    low = ctx.low
    negative_at = None
    for position in ctx.positions(("lymph", "node", "nodes")):
        left, right = ctx.sentence(position, position + 5)
        clause = low[left:right]
        if _NODE_POSITIVE.search(clause) and not _NODE_NEGATIVE.search(clause):
            category = "N2" if organ == "lung" and _LUNG_N2.search(clause) else "N1"
            return _clause_fact(ctx, left, right, category, 0.4, DERIVED)
        if negative_at is None and _NODE_NEGATIVE.search(clause):
            negative_at = (left, right)
    if negative_at is not None:
        return _clause_fact(ctx, negative_at[0], negative_at[1], "N0", _CONFIDENCE, DERIVED)
    return ExtractedFact("n", "N0", "", 0, 0, 0.3, code_system=ASSUMED)


def _clause_fact(
    ctx: ReportContext, left: int, right: int, category: str, confidence: float, system: str
) -> ExtractedFact:
    """A fact pointing at the clause it rests on, trimmed of surrounding spaces."""
    while left < right and ctx.text[left].isspace():
        left += 1
    while right > left and ctx.text[right - 1].isspace():
        right -= 1
    return ExtractedFact(
        "n", category, ctx.text[left:right], left, right, confidence, code_system=system
    )


def _n_from_counts(
    ctx: ReportContext, organ: str, positive: list[ExtractedFact], examined: list[ExtractedFact]
) -> ExtractedFact | None:
    summary = [fact for fact in positive if fact.confidence >= 0.9]
    if summary:
        chosen = max(summary, key=lambda fact: int(fact.value))
        count = int(chosen.value)
    else:
        unique: dict[str, ExtractedFact] = {}
        for fact in positive:
            unique.setdefault(fact.value + "|" + _total_near(fact, examined), fact)
        count = sum(int(fact.value) for fact in unique.values())
        chosen = max(unique.values(), key=lambda fact: int(fact.value))
    rule = _NODE_RULES.get(organ, ((0, "N0"), (10_000, "N1")))
    category = next(n for bound, n in rule if count <= bound)
    if organ == "lung" and count > 0:
        stations = [
            fact for fact in positive if int(fact.value) > 0 and _LUNG_N2.search(_around(ctx, fact))
        ]
        if stations:
            category, chosen = "N2", stations[0]
    return _derived("n", category, chosen)


def _around(ctx: ReportContext, fact: ExtractedFact) -> str:
    left, right = ctx.sentence(fact.start, fact.end)
    return ctx.low[max(left, fact.start - 120) : right]


def _total_near(fact: ExtractedFact, examined: list[ExtractedFact]) -> str:
    same = next((other for other in examined if other.start == fact.start), None)
    return same.value if same else ""
