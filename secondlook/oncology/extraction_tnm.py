"""TNM categories, AJCC edition and FIGO stage as pathology reports write them.

Reports write TNM in many shapes: synoptic ("Primary Tumor (pT): pT2"), a summary line
("pT3 N1b M0", "ypT1c pN0(sn)", "pT2a/N0"), a sentence ("tumor stage of p T 4, p N 0"),
and OCR adds noise ("T4 NO MX", "pTl"). A bare "T2" is only taken as a category when the
report frames it as one (a prefix, an N category right after it, or a staging word just
before it), because "T1" is also a block label and "T2" an MRI sequence.

The classification prefix goes to `code_system` ("AJCC pTNM", "AJCC ypTNM", "AJCC cTNM"),
the category to `value` ("T3b", "N1mi", "N0(i+)"), so a staging engine reads the category
and a registrar still sees which classification the report used. Pure: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import replace

from secondlook.oncology.extraction_context import AFFIRMED, ReportContext
from secondlook.oncology.facts import ExtractedFact

_T_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])(?P<prefix>[yrma]{0,2})(?P<kind>[pcuP]\s?)?T\s?-?"
    r"(?P<value>[0-4]|is\b|IS\b|Is\b|[Xx]|[Oo](?=\s|,|/|N|$)|l(?=[abc\s,/]|N))"
    r"(?P<sub>[abcd][1-3]?(?![a-z])|[ABCD][1-3]?(?![A-Za-z])|\s?\((?:m|\d{1,2})\)|m(?![a-z]))?"
    r"(?![0-9A-LO-Za-mo-z])",
)
# "T2,NOS": the category with the registry's not-otherwise-specified qualifier after it.
_NOS = re.compile(r",?\s?NOS\b")
# What may close an N or M category: a non-word, or the next element of a run-together
# European summary ("pT2N0(sn)L0V0R0", OCR "LOVORO", "N0M0", "pN1 G2").
_CATEGORY_END = r"(?:(?![0-9A-Za-z])|(?=(?:[LVRMG]|Pn)[0-4OoXx](?![a-z])))"
_N_BODY = (
    r"(?P<prefix>[yr]?)(?P<kind>[pcP]\s?)?N\s?-?(?P<value>[0-3]|[Xx]|[Oo])"
    r"(?P<sub>[abc](?![a-z]))?(?P<itc>\(?i[+\-]\)?(?=\(|\W|[LVRM]|$))?"
    r"(?P<suffix>\s?\((?:sn|i[+\-]|mol[+\-]|f)\))?(?P<mi>\s?mi\b)?" + _CATEGORY_END
)
_M_BODY = (
    r"(?P<kind>[pc]\s?)?M\s?-?(?P<value>[01]|[Xx]|[Oo])(?P<sub>[abcd](?![a-z]))?"
    r"(?P<suffix>\s?\((?:i\+|mol\+)\))?" + _CATEGORY_END
)
_N_TOKEN = re.compile(r"(?<![A-Za-z0-9])" + _N_BODY)
_M_TOKEN = re.compile(r"(?<![A-Za-z0-9])" + _M_BODY)
# Right after the category before it, where reports often leave no space ("pT3N1M0").
_N_JOINED = re.compile(_N_BODY)
_M_JOINED = re.compile(_M_BODY)
# Forms that write the letter as a label and the category as its value: "T Stage: 2",
# "N stage: 0", "pT category: 3a".
_LABELLED = re.compile(
    r"(?<![A-Za-z0-9])(?P<kind>[pc]?)(?P<letter>[TNM])\.?\s*(?:stage|category)\s*[:\-]?\s*"
    r"(?P<value>[0-4]|is|X)(?P<sub>[a-d](?![a-z]))?(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_ANCHOR = re.compile(r"[TNM](?: ?-?[0-4Xx]|[Oo](?![A-Za-z])|l(?=[abc\s,/N])| ?(?:is|IS|Is)\b)")
_JOIN = re.compile(r"[\s,;/\-:]{0,4}")
_JOIN_SENTENCE = re.compile(r"\.\s{0,2}")
_STAGING_CUE = re.compile(
    r"(?:stag(?:e|ing)|tnm|ajcc|uicc|classification|primary\s+tumou?r|regional\s+lymph\s+nodes"
    r"|distant\s+metasta\w*|pathologic(?:al)?\s*[tnm]?|category|\([pcy]?[tnm]\)|descriptors?)"
    r"[^.]{0,12}(?:\.\s*)?[^.]{0,20}$",
    re.IGNORECASE,
)
_OPTION_LIST = re.compile(r"p\s?T\s?[0-4][a-d]?\s*:", re.IGNORECASE)
_AJCC_EDITION = re.compile(
    r"(?:ajcc|american\s+joint\s+committee)[^.]{0,40}?\b(?P<a>\d)(?:st|nd|rd|th)\s+ed"
    r"|\b(?P<b>\d)(?:st|nd|rd|th)\s+ed(?:ition|\.)?[^.]{0,20}?\bajcc"
    r"|ajcc\s*(?P<c>\d)\b"
)
_FIGO = re.compile(
    r"(?i:FIGO)\s*(?:stage|staging)?\s*(?:\(\d{4}\))?\s*[:\-]?\s*(?:stage\s*)?"
    r"(?P<stage>IV|I{1,3}|[1-4])(?P<sub>[ABC][1-3]?|[abc][1-3]?)?(?![A-Za-z0-9])",
)

_CONFIDENCE_PREFIXED = 0.95
_CONFIDENCE_FRAMED = 0.9
_CONFIDENCE_CUED = 0.8
# "TX"/"NX" say the category was not assessed; any assessed category, even one derived
# from the findings, is worth more to a registrar, so these rank last.
_CONFIDENCE_NOT_ASSESSED = 0.25


def _digit(raw: str) -> str:
    if raw in ("O", "o"):
        return "0"
    if raw == "l":
        return "1"
    if raw.lower() == "is":
        return "is"
    return raw.upper() if raw in ("x", "X") else raw


def _system(prefix: str, kind: str) -> str:
    letters = (prefix + kind).replace(" ", "").lower() or "p"
    if "c" in letters:
        return "AJCC " + letters.replace("c", "") + "cTNM"
    if "p" not in letters:
        letters += "p"
    return f"AJCC {letters}TNM"


def _option_list_spans(text: str) -> list[tuple[int, int]]:
    """Regions where a form lists every pT option ("pT1: Tumor ≤2 cm … pT2: …")."""
    hits = [m.start() for m in _OPTION_LIST.finditer(text)]
    spans: list[tuple[int, int]] = []
    for index in range(len(hits) - 2):
        if hits[index + 2] - hits[index] < 400:
            spans.append((hits[index], hits[index + 2] + 10))
    return spans


def _tokens(
    text: str, token: re.Pattern[str], letter: str, anchors: list[int]
) -> list[re.Match[str]]:
    """Full token matches for the anchors of one letter, each found once."""
    found: list[re.Match[str]] = []
    last_end = -1
    for anchor in anchors:
        if text[anchor] != letter:
            continue
        match = token.search(text, max(0, anchor - 5), min(len(text), anchor + 30))
        while match and match.end() <= anchor:
            match = token.search(text, match.end(), min(len(text), anchor + 30))
        if match and match.start() <= anchor and match.start() >= last_end:
            found.append(match)
            last_end = match.end()
    return found


def tnm_facts(ctx: ReportContext) -> list[ExtractedFact]:
    """Every T, N and M category the report states, most trustworthy wording first."""
    text = ctx.text
    facts: list[ExtractedFact] = []
    anchors = [match.start() for match in _ANCHOR.finditer(text)]
    if not anchors:
        return _labelled(ctx)
    option_lists = _option_list_spans(text)
    claimed: list[tuple[int, int]] = []
    for t_match in _tokens(text, _T_TOKEN, "T", anchors):
        start = t_match.start()
        if any(low <= start < high for low, high in option_lists):
            continue
        kind = t_match.group("kind") or ""
        raw_value = t_match.group("value")
        qualifier = _NOS.match(text, t_match.end())
        t_end = qualifier.end() if qualifier else t_match.end()
        after = _JOIN.match(text, t_end).end()
        n_match = _N_JOINED.match(text, after)
        m_after = _M_JOINED.match(text, after)
        framed_by_m = bool(m_after and m_after.group("value").isdigit())
        if n_match is None and not framed_by_m:
            # Tables flattened by OCR: "T1. N0. M0." (digits only: "T2. No evidence" is prose).
            joined = _JOIN_SENTENCE.match(text, t_end)
            if joined:
                n_match = _N_TOKEN.match(text, joined.end())
                if n_match and not n_match.group("value").isdigit():
                    n_match = None
                m_after = _M_TOKEN.match(text, joined.end())
                framed_by_m = bool(m_after and m_after.group("value").isdigit())
        if raw_value in ("O", "o", "l") and not kind and not n_match:
            continue
        if kind:
            confidence = _CONFIDENCE_PREFIXED
        elif n_match or framed_by_m:
            confidence = _CONFIDENCE_FRAMED
        elif _STAGING_CUE.search(text[max(0, start - 45) : start]):
            confidence = _CONFIDENCE_CUED
        else:
            continue
        system = _system(t_match.group("prefix") or "", kind)
        sub = (t_match.group("sub") or "").replace(" ", "").lower()
        if sub == "m":
            sub = "(m)"
        value = "T" + _digit(raw_value) + sub
        display = text[start : t_match.end()].rstrip()
        facts.append(
            ExtractedFact(
                "t",
                value,
                display,
                start,
                start + len(display),
                confidence,
                AFFIRMED,
                code_system=system,
            )
        )
        if n_match:
            facts.append(_n_fact(text, n_match, confidence, system))
            claimed.append((n_match.start(), n_match.end()))
            m_match = _M_JOINED.match(text, _JOIN.match(text, n_match.end()).end())
            if m_match:
                facts.append(_m_fact(text, m_match, confidence, system))
                claimed.append((m_match.start(), m_match.end()))
    facts.extend(_standalone(text, anchors, claimed, option_lists))
    facts.extend(_labelled(ctx))
    return [
        replace(fact, confidence=_CONFIDENCE_NOT_ASSESSED) if fact.value[1:2] == "X" else fact
        for fact in facts
    ]


def _standalone(
    text: str,
    anchors: list[int],
    claimed: list[tuple[int, int]],
    option_lists: list[tuple[int, int]],
) -> list[ExtractedFact]:
    """N and M written apart from T ("Regional Lymph Nodes (pN): pN1a")."""
    facts: list[ExtractedFact] = []
    for token, maker, letter in ((_N_TOKEN, _n_fact, "N"), (_M_TOKEN, _m_fact, "M")):
        for match in _tokens(text, token, letter, anchors):
            start = match.start()
            if any(low <= start < high for low, high in claimed + option_lists):
                continue
            kind = match.group("kind") or ""
            if match.group("value") in ("O", "o") and not kind:
                continue
            if kind:
                confidence = _CONFIDENCE_PREFIXED
            elif _STAGING_CUE.search(text[max(0, start - 45) : start]):
                confidence = _CONFIDENCE_CUED
            else:
                continue
            prefix = match.groupdict().get("prefix") or ""
            facts.append(maker(text, match, confidence, _system(prefix, kind)))
    return facts


def _labelled(ctx: ReportContext) -> list[ExtractedFact]:
    """Categories written as a labelled field ("T Stage: 2 N Stage: 0 M Stage: 0")."""
    facts: list[ExtractedFact] = []
    for match in ctx.finditer(_LABELLED, ctx.positions(("stage", "category")), 8, 20):
        letter = match.group("letter").upper()
        value = match.group("value")
        value = "is" if value.lower() == "is" else value.upper()
        if letter == "M" and value not in ("0", "1", "X"):
            continue
        if letter == "N" and value == "4":
            continue
        facts.append(
            ExtractedFact(
                letter.lower(),
                letter + value + (match.group("sub") or "").lower(),
                match.group(0),
                match.start(),
                match.end(),
                _CONFIDENCE_CUED,
                code_system=_system("", match.group("kind").lower()),
            )
        )
    return facts


def _n_fact(text: str, match: re.Match[str], confidence: float, system: str) -> ExtractedFact:
    suffix = (match.group("suffix") or "").replace(" ", "")
    mi = "mi" if match.group("mi") else ""
    itc = match.group("itc") or ""
    if itc:
        suffix = "(" + itc.strip("()") + ")" + suffix
    value = "N" + _digit(match.group("value")) + (match.group("sub") or "") + mi + suffix
    display = text[match.start() : match.end()].rstrip()
    return ExtractedFact(
        "n",
        value,
        display,
        match.start(),
        match.start() + len(display),
        confidence,
        code_system=system,
    )


def _m_fact(text: str, match: re.Match[str], confidence: float, system: str) -> ExtractedFact:
    suffix = (match.group("suffix") or "").replace(" ", "")
    value = "M" + _digit(match.group("value")) + (match.group("sub") or "") + suffix
    display = text[match.start() : match.end()].rstrip()
    return ExtractedFact(
        "m",
        value,
        display,
        match.start(),
        match.start() + len(display),
        confidence,
        code_system=system,
    )


def edition_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(
        _AJCC_EDITION, ctx.positions(("ajcc", "american joint")), 40, 60, lower=True
    ):
        edition = match.group("a") or match.group("b") or match.group("c")
        facts.append(
            ExtractedFact(
                "ajcc_edition",
                edition,
                text[match.start() : match.end()],
                match.start(),
                match.end(),
                0.9,
                code_system="AJCC",
            )
        )
    return facts


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def figo_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(_FIGO, ctx.positions(("figo",)), 0, 40):
        if re.search(r"grade\s*[:\-]?\s*$", text[match.start() : match.start("stage")], re.I):
            continue
        stage = _ROMAN.get(match.group("stage"), match.group("stage"))
        value = stage + (match.group("sub") or "").upper()
        facts.append(
            ExtractedFact(
                "figo_stage",
                value,
                match.group(0),
                match.start(),
                match.end(),
                0.9,
                code_system="FIGO",
            )
        )
    return facts


STEMS = ("ajcc", "american joint", "figo", "stage", "category")


def t_rank(value: str) -> tuple[int, str]:
    """Order T categories as a registrar does when several are stated: the highest wins."""
    core = value[1:]
    if core.startswith("is"):
        return (1, core)
    if core.startswith("X"):
        return (-1, core)
    if core[:1].isdigit():
        return (2 + int(core[0]) * 2, core)
    return (0, core)


def n_rank(value: str) -> tuple[int, str]:
    core = value[1:]
    if core.startswith("X"):
        return (-1, core)
    return (int(core[0]) if core[:1].isdigit() else 0, core)
