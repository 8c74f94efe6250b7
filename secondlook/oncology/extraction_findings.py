"""Gross and microscopic findings: size, lymph nodes, margins, LVI, grade, laterality.

Written from CAP synoptic wording ("Tumor Size: Greatest dimension: 2.0 cm", "Lymph Nodes
Examined: 15", "Margins: Uninvolved by invasive carcinoma") and from the free-text
sentences older reports use ("metastatic carcinoma in one of nine lymph nodes (1/9)",
"measuring 2.3 cm in largest dimension"). Pure: no Django import.
"""

from __future__ import annotations

import re

from secondlook.oncology.extraction_context import AFFIRMED, NEGATED, ReportContext
from secondlook.oncology.facts import ExtractedFact

_I = re.IGNORECASE
# A decimal comma ("3,7 cm") is the European and OCR spelling of a decimal point.
_NUMBER = r"\d{1,3}(?:[.,]\d{1,2})?"
# A size written just before its unit: "2.0 cm", "4.6. CM", "a 2-cm mass", "2 x 1.5 X 2 cm",
# and two foci given together ("7.2 and 0.7 cm"), of which the larger counts.
_DIMS_AT_UNIT = re.compile(
    rf"(?<![\d.,])(?P<dims>{_NUMBER}(?:\s*\.?\s*(?:[x×\*]|by|and)\.?\s*{_NUMBER}){{0,2}})\s*[.\-]?\s*(?P<unit>cm|mm)$"
)
# OCR cuts words at line ends: "a mas. measuring 50 mm" is a mass.
_TUMOR_WORD = r"(?:tumou?r|carcinoma|mass|\bmas(?=\.)|lesion|nodule|neoplasm|focus|foci\b)"
# Tiers, judged from the words before and after the size: a synoptic size field beats a
# "greatest dimension" sentence beats "tumor measuring" beats a size next to "tumor".
_SIZE_FIELD_BEFORE = re.compile(
    rf"{_TUMOR_WORD}\s+size[^.:]{{0,25}}[:\-]?\s*(?:\.\s*)?(?:greatest\s+dimensions?\s*[:\-]?\s*)?"
    # "Tumor size: Largest focus measures 4.5 cm": a multifocal tumor's T is its largest focus.
    r"(?:(?:the\s+)?largest\s+(?:focus|tumou?r|nodule)\s+(?:measures\s+|is\s+)?)?"
    r"(?:approximately\s+|about\s+)?$"
    # "Size of invasive component: 1.5 cm", "Invasive component size: 1.5 cm".
    r"|(?:size\s+of\s+(?:the\s+)?(?:largest\s+)?(?:invasive\s+)?(?:component|carcinoma|tumou?r|focus)"
    r"|invasive\s+component\s+size)\s*[:\-]\s*$"
    # The CAP breast checklist measures the invasive tumor apart from its in-situ part:
    # "Maximum dimension invasive component: 2.2 cm", "Greatest dimension of largest invasive
    # focus: 1.8 cm".
    r"|(?:greatest|largest|maximum|maximal)\s+dimensions?\s+(?:of\s+(?:the\s+)?)?(?:largest\s+)?"
    r"invasive\s+(?:component|focus|carcinoma|tumou?r)\s*[:\-]\s*$"
    # "Tumor diameter: 3.0 cm", "(tumor diameter 3.0 cm)".
    rf"|{_TUMOR_WORD}\s+diameter\s*[:\-]?\s*$"
)
_GREATEST_AFTER = re.compile(
    # Foci measured together share the phrase: "2.5 cm and 1.5 cm in greatest dimension".
    rf"(?:\s*,?\s*(?:and\s+)?{_NUMBER}\s*(?:cm|mm)){{0,3}}"
    r"\s*\.?\s*(?:in\s+)?(?:(?:greatest|largest|maximum|max\.?|maximal)\.?\s+(?:\w+\s+)?"
    r"(?:dimension|diameter|extent|size))"
)
_GREATEST_BEFORE = re.compile(
    r"(?:greatest|largest|maximum|maximal)\s+(?:tumou?r\s+)?(?:dimension|diameter)[^.\d]{0,20}$"
)
# OCR turns line breaks into ". ", so these allow a period inside a short gap.
_MEASURING_BEFORE = re.compile(
    # "Adrenal tumor is 172g; measuring 9 x 7 x 5 cm": the clause after the semicolon has
    # no subject of its own, so it still measures the tumor.
    rf"{_TUMOR_WORD}[^;:]{{0,40}}?(?:;\s*(?=measur))?\b(?:measur(?:es|ing|ed|e)|sized|is|was|of|forming\s+an?)\s+(?:up\s+to\s+|approximately\s+"
    r"|about\s+)?$|"
    + rf"{_TUMOR_WORD}\s*(?:mass\s*)?:\s*$"
    # A size field right after the lesion is named: "Lesion: a well-defined mass. Size: 3.5 cm".
    + rf"|{_TUMOR_WORD}[^;:]{{0,30}}?\.?\s*size\s*:\s*$"
    # The largest extent straight after the tumor: "vitreous tumor, max. 3.2 cm in size".
    + rf"|{_TUMOR_WORD}\s*,?\s*(?:max\.?|maximum|maximal)\s*$"
)
# Several foci given as a range: "foci of carcinoma ranging in size from 0.3 cm up to 1.8 cm";
# the upper bound is the largest focus.
_RANGE_BEFORE = re.compile(
    rf"{_TUMOR_WORD}[^;:]{{0,40}}?(?P<range>\brang(?:ing|es?)\s+(?:in\s+size\s+)?from\s+{_NUMBER}"
    r"\s*\.?\s*(?:[a-z]{2}\s+)?(?:up\s+)?to\.?\s+)$"
)
# The foci a range measures are often named early in a long diagnosis line ("multiple foci
# of invasive ductal carcinoma, NOS type, grade II/III (...), ranging in size from 0.3 cm
# up to 1.8 cm"): the range itself, when the tumor word is further back in the same item.
_RANGE_ONLY_BEFORE = re.compile(
    rf"(?P<range>\brang(?:ing|es?)\s+in\s+size\s+from\s+{_NUMBER}"
    r"\s*\.?\s*(?:[a-z]{2}\s+)?(?:up\s+)?to\.?\s+)$"
)
_RANGE_SUBJECT_REACH = 250
_RANGE_END = re.compile(rf"\bfrom\s+{_NUMBER}\s*(?:cm|mm)?\s*(?:-|to|up\s+to)\s*$")
_RANGE_END_REACH = 80
# In-situ disease is not the invasive tumor that T measures: "DCIS spans 4.0 cm".
_IN_SITU_BEFORE = re.compile(r"(?:dcis|in[\s\-]situ)(?![^.;]*invasive)[^.;]{0,40}$")
# A diagnosis line that gives the size straight after the tumor: "DUCT CARCINOMA, 9.0 BY 8.5 CM".
_TUMOR_COMMA_BEFORE = re.compile(rf"{_TUMOR_WORD}\s*,\s*$")
# The lesion word must end there: "a 1 cm lesioned node" is a node, not a lesion.
_TUMOR_AFTER = re.compile(rf"[^.;]{{0,25}}?\b(?:\w*carcinoma|{_TUMOR_WORD})(?:e?s)?\b")
_TUMOR_BEFORE_BRACKET = re.compile(rf"{_TUMOR_WORD}[^.;()]{{0,30}}\(\s*$")
# The diagnosis line's own size: "PAPILLARY CARCINOMA OF THYROID, LEFT LOBE (3.5 CM)".
_CARCINOMA_BEFORE_BRACKET = re.compile(r"(?:carcinoma|sarcoma|melanoma)[^.;()]{0,30}\(\s*$")
# "lymph" as in a lymph node, not "lymphovascular" or "lymphatic".
_LYMPH = r"lymph(?!o?[\s\-]?vascular|atic)"
_NOT_TUMOR_SIZE = re.compile(
    _LYMPH + r"|nodes?\b|\blns?\b|specimen|skin|ellipse|fragment|margin|from\s+the|away|distance"
    r"|nipple|areola|cassette|gallbladder|aggregate|portion|piece|metasta|deposit|\bto\s*$"
    r"|staple"
    # A neck dissection's level ("Level V measures 4.7 cm") is a nodal specimen.
    r"|\blevel\s+(?:[iv]{1,3}|[1-6])[ab]?\b"
)
# A distance ("2.0 cm. from the margin", across an OCR line break) or a node's size; a new
# sentence about the nodes ("1.2 cm. Lymph nodes: 0/3") does not disown the size before it.
_NOT_TUMOR_AFTER = re.compile(
    rf"\s*\.?\s*(?:from|away|to\s+the|of\s+(?:the\s+)?(?:\w+\s+)?margin)|\s*,?\s*(?:{_LYMPH}|node)"
    # The piece that holds the tumor: "tongue sized 4.2 x 2.6 cm with a tumour sized 3.1 cm".
    rf"|\s*,?\s*(?:with|containing)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?{_TUMOR_WORD}"
)
# The specimen as the gross describes it: "consists of an ovoid piece of adipose tissue,
# measuring 9.5 x 7.5 x 4.0 cm". A measurement after such words, with no tumor named and
# no new finding begun between them, is the specimen's.
_SPECIMEN_SUBJECT = re.compile(
    r"(?:\bconsist(?:s|ing)?\s+of|\bpiece\s+of|\bpart\s+of\s+the|\bspecimen\b)"
)
_MEASURED_BEFORE = re.compile(
    r"\b(?:measur\w*|sized|diameter\s+of)\s+(?:about\s+|approximately\s+)?$"
)
_NEW_FINDING = re.compile(r"\bthere\s+(?:is|are)\b|\bto\s+(?:show|reveal)\b|\breveals?\b")
_SPECIMEN_REACH = 120
# A size written as an adjective after an article ("a 3-cm, ulcerated squamous cell
# carcinoma", "a 2 cm firm tumor") belongs to the noun it qualifies, further on.
_ARTICLE_BEFORE = re.compile(r"\ban?\s+$")
_ATTRIBUTIVE_AFTER = re.compile(
    rf"[^;:()]{{0,90}}?\b(?:\w*carcinoma|{_TUMOR_WORD})(?:e?s)?\b(?!\s+in[\s\-]situ)"
)
_NOT_ATTRIBUTIVE = re.compile(r"\b(?:with|containing|showing)\b")
# A synoptic size with no unit, given as dimensions ("Tumor size: 2.5 X 2 X 2", "a tumour
# sized 3.1 x 1.7 x 0.9"), is in centimetres, the unit checklists use; a figure over 10
# may be millimetres and is left out.
_UNITLESS_SIZE = re.compile(
    rf"\btumou?r\s+(?:size\s*[:\-]|sized|measur(?:es|ing))\s*(?P<dims>{_NUMBER}"
    rf"(?:\s*[x×\*]\.?\s*{_NUMBER}){{1,2}})(?![\d,]|\.\d|\s*\.?\s*(?:cm|mm|x)\b|\s*[x×\*])"
)
_UNITLESS_MAX_CM = 10.0

# A size field that names its unit before the figure: "Tumour Size (cm). 3.5", "Tumor size
# (mm): 12 x 10".
_UNIT_FIRST = re.compile(
    rf"\btumou?r\s+size\s*\(\s*(?:in\s+)?(?P<unit>cm|mm)\s*\)\s*[.:\-]?\s*"
    rf"(?P<dims>{_NUMBER}(?:\s*[x×\*]\.?\s*{_NUMBER}){{0,2}})(?![\d,]|\.\d)"
)
# What a checklist label says the size belongs to, when it is not the tumor: "Specimen size:
# Greatest dimensions: 4.8 cm", "Metastatic tumor measures 2.5 cm in greatest dimension
# (ranging from 0.7 cm ...)", "Sum of the sizes of multiple invasive tumors: 14.3 cm",
# "Extranodal extension is present, measuring 0.1 cm".
_NOT_TUMOR_LABEL = re.compile(
    r"specimen\s+size|metasta|\bsum\s+of|aggregate|extra-?nodal|extracapsular"
)
# A staging form's definition of a category, not a measurement: "pT2: Tumor more than 2 cm
# but not more than 4 cm in greatest dimension".
_CATEGORY_DEFINITION = re.compile(r"\bp?t[0-4][a-d]?\s*:[^:]{0,60}$")

_WORD_NUMBERS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_COUNT = r"(?:\d{1,3}|" + "|".join(_WORD_NUMBERS) + r")"
_FRACTION = re.compile(r"(?<![\d/.])(?P<pos>\d{1,2})\s*/\s*(?P<total>\d{1,3})(?![\d/.])")
# Words just before a node word: "in one of nine lymph nodes", "2 (two) of 14 nodes".
_OF_BEFORE = re.compile(
    rf"\b(?P<pos>{_COUNT})\s*(?:\(\w+\)\s*)?\(?(?:out\s+)?of\s+(?P<total>{_COUNT})\s*(?:\(\w+\)\s*)?"
    r"[\s().,;:\-]*(?:[\w\-]+[\s().,;:\-]+){0,3}?$"
)
_SCORE_BEFORE = re.compile(r"(?:grade|score|nottingham|gleason|\bg\s?[1-4]|allred)[^.;]{0,12}$")
_ALL_NEGATIVE = re.compile(rf"\b(?P<total>{_COUNT})\s+(?:[\w\-]+\s+)?$")
_NEGATIVE_AFTER = re.compile(
    r"[^.;]{0,30}?(?:negative|free\s+of|no\s+(?:evidence\s+of\s+)?(?:metasta|tumou?r|carcinoma|malignan)"
    r"|benign|without)"
)
_NODES_EXAMINED = re.compile(
    r"(?:regional\s+)?lymph\s+nodes?\s+(?:examined|recovered|identified|sampled)\s*[:\-]?\s*(?P<n>\d{1,3})\b"
    r"(?![.,]\d|\s*(?:cm|mm))"
)
_NODES_POSITIVE = re.compile(
    r"(?:regional\s+)?lymph\s+nodes?\s+(?:involved|positive|with\s+metasta\w*(?:\s+\w+)?)"
    r"(?:\s+by\s+[\w ]{0,30}?)?\s*[:\-]?\s*(?P<n>\d{1,3})\b(?![.,]\d|\s*(?:cm|mm))"
)
_NODE_WORD = re.compile(r"lymph|nodes?\b|lns?\b")
_MARGIN = re.compile(
    r"\bmargins?\b[^.;]{0,60}?\b(?P<word>negative|free|uninvolved|clear|not\s+involved|positive|"
    r"involved|close)\b|\b(?P<rword>R\s?[012])\b(?![0-9a-z])"
    r"|\b(?:tumou?r|carcinoma)\s+(?:extends\s+to|is\s+present\s+at|involves|is\s+at)\s+(?:the\s+)?"
    r"(?:[\w\-]+\s+){0,2}margin",
    _I,
)
_LVI = re.compile(
    r"\b(?:lympho-?vascular|angio-?lymphatic|lymphatic(?:/vascular)?|vascular|venous|"
    r"lymph-?vascular|blood\s+vessel)\s+(?:space\s+)?(?:invasion|involvement|permeation|"
    r"tumou?r\s+emboli)(?:\s*\(LVI\))?\s*[:\-]?\s*(?P<word>present|identified|not\s+identified|absent|"
    r"negative|positive|indeterminate|seen|noted)?|\bLVI\b\s*[:\-]?\s*(?P<word2>present|absent|"
    r"not\s+identified|negative|positive|identified)?",
    _I,
)
_GRADE = re.compile(
    r"\b(?:(?P<system>nottingham|histologic|nuclear|fuhrman|isup|who|tumou?r|overall|combined)"
    r"\s+)?grade\s*(?:\(\w+\))?\s*[:\-]?\s*(?:(?:is|of)\s+)?(?P<grade>[1-4]|I{1,3}V?|IV)"
    r"(?:\s*(?:/|of)\s*(?:3|4|III|IV))?\b|\bG\s?(?P<g>[1-4])\b"
    r"|\b(?P<diff>well|moderately|poorly|un)[\s\-]*(?:to\s+(?:moderately|poorly)\s+)?differentiated",
    _I,
)
_GLEASON = re.compile(
    r"\bgleason\s*(?:score|grade|pattern)?\s*[:\-]?\s*(?:(?P<a>[1-5])\s*\+\s*(?P<b>[1-5])"
    r"(?:\s*=\s*(?P<sum>\d{1,2}))?|(?P<only>\d{1,2})\s*\(\s*(?P<a2>[1-5])\s*\+\s*(?P<b2>[1-5])\s*\))",
    _I,
)
_LATERALITY = re.compile(
    r"\b(?P<side>left|right|bilateral)\b(?=[\s,]+(?:\w+\s+){0,2}?(?:breast|lung|kidney|lobe|"
    r"ovary|testis|adrenal|thyroid|lobe|axilla|neck|eye|globe|renal|upper|lower|middle|hemi))",
    _I,
)

_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}
_DIFFERENTIATION = {"well": "1", "moderately": "2", "poorly": "3", "un": "4"}


def _fact(
    field: str, value: str, match: re.Match[str], confidence: float, **extra: object
) -> ExtractedFact:
    return ExtractedFact(
        field, value, match.group(0), match.start(), match.end(), confidence, **extra
    )  # type: ignore[arg-type]


STEMS = (
    "cm",
    "mm",
    "lymph",
    "node",
    "nodes",
    "ln",
    "lns",
    "margin",
    "r0",
    "r1",
    "r2",
    "r 0",
    "r 1",
    "r 2",
    "lymphovascular",
    "lympho-vascular",
    "lymph-vascular",
    "angiolymphatic",
    "angio-lymphatic",
    "lymphatic",
    "vascular",
    "venous",
    "blood vessel",
    "lvi",
    "grade",
    "g1",
    "g2",
    "g3",
    "g4",
    "g 1",
    "g 2",
    "g 3",
    "g 4",
    "well",
    "moderately",
    "poorly",
    "undifferentiated",
    "gleason",
    "left",
    "right",
    "bilateral",
)


def size_facts(ctx: ReportContext) -> list[ExtractedFact]:
    """Tumor sizes in millimetres; lymph nodes, specimens and margin distances left out."""
    text, low = ctx.text, ctx.low
    facts: list[ExtractedFact] = []
    for position in ctx.positions(("cm", "mm")):
        unit_end = position + 2
        if unit_end < len(low) and low[unit_end].isalpha():
            continue
        match = _DIMS_AT_UNIT.search(low, max(0, position - 40), unit_end)
        if not match:
            continue
        before = low[max(0, match.start() - 70) : match.start()]
        after = low[unit_end : unit_end + 50]
        if _SIZE_FIELD_BEFORE.search(before):
            confidence = 0.9
        elif _GREATEST_AFTER.match(after) or _GREATEST_BEFORE.search(before):
            confidence = 0.85
        elif _MEASURING_BEFORE.search(before) or _CARCINOMA_BEFORE_BRACKET.search(before):
            confidence = 0.7
        elif ranged := _RANGE_BEFORE.search(before) or _range_of_foci(ctx, before, match.start()):
            before = before[: ranged.start("range")]
            confidence = 0.7
        elif (
            _TUMOR_AFTER.match(after)
            or _TUMOR_BEFORE_BRACKET.search(before)
            or _TUMOR_COMMA_BEFORE.search(before)
        ):
            confidence = 0.55
        elif _attributive(before, low, unit_end):
            # The noun phrase starts at the article: what precedes it does not describe it.
            before = ""
            confidence = 0.55
        else:
            continue
        if confidence < 0.9 and (
            _NOT_TUMOR_SIZE.search(before[-35:]) or _NOT_TUMOR_AFTER.match(after)
        ):
            continue
        # The upper end of a range ("nodes ... ranging from 7-40mm") measures the range's
        # subject, named further back.
        if _RANGE_END.search(before) and _NOT_TUMOR_SIZE.search(before[-_RANGE_END_REACH:]):
            continue
        if _IN_SITU_BEFORE.search(before) or _CATEGORY_DEFINITION.search(before):
            continue
        if confidence < 0.9 and _specimen_measured(low, match.start()):
            continue
        if confidence < 0.9:
            left, _ = ctx.sentence(match.start(), unit_end)
            if _NOT_TUMOR_LABEL.search(low, max(left, match.start() - 80), match.start()):
                continue
        millimetres = _millimetres(match)
        if not 0 < millimetres < 400:
            continue
        facts.append(
            ExtractedFact(
                "tumor_size_mm",
                f"{millimetres:g}",
                text[match.start() : unit_end],
                match.start(),
                unit_end,
                confidence,
            )
        )
    facts.extend(_unit_first_sizes(ctx))
    facts.extend(_unitless_sizes(ctx))
    return facts


def _range_of_foci(ctx: ReportContext, before: str, start: int) -> re.Match[str] | None:
    """A size range whose diagnosis item names the tumor or its foci further back."""
    ranged = _RANGE_ONLY_BEFORE.search(before)
    if ranged is None:
        return None
    range_start = start - len(before) + ranged.start()
    window = ctx.low[max(0, range_start - _RANGE_SUBJECT_REACH) : range_start]
    item = window[window.rfind(";") + 1 :]
    return ranged if re.search(rf"\b(?:\w*carcinoma|{_TUMOR_WORD})", item) else None


def _attributive(before: str, low: str, unit_end: int) -> bool:
    """A size qualifying the tumor noun after it ("a 3-cm, ulcerated ... carcinoma")."""
    if not _ARTICLE_BEFORE.search(before):
        return False
    found = _ATTRIBUTIVE_AFTER.match(low, unit_end)
    if found is None:
        return False
    gap = low[unit_end : found.end()]
    return (
        gap.count(".") <= 1 and not _NOT_ATTRIBUTIVE.search(gap) and not _NOT_TUMOR_SIZE.search(gap)
    )


def _specimen_measured(low: str, start: int) -> bool:
    """Whether a size follows the gross's description of the specimen, no tumor between."""
    window = low[max(0, start - _SPECIMEN_REACH) : start]
    window = window[window.rfind(";") + 1 :]
    if not _MEASURED_BEFORE.search(window):
        return False
    subjects = list(_SPECIMEN_SUBJECT.finditer(window))
    if not subjects:
        return False
    between = window[subjects[-1].end() :]
    return not (
        re.search(rf"\b(?:\w*carcinoma|{_TUMOR_WORD})", between) or _NEW_FINDING.search(between)
    )


def _unitless_sizes(ctx: ReportContext) -> list[ExtractedFact]:
    """Tumor sizes given without a unit ("Tumor size: 2.5 X 2 X 2"), read in centimetres."""
    low = ctx.low
    if "tumo" not in low:
        return []
    facts = []
    for match in _UNITLESS_SIZE.finditer(low):
        numbers = [float(n.replace(",", ".")) for n in re.findall(_NUMBER, match.group("dims"))]
        if not 0 < max(numbers) <= _UNITLESS_MAX_CM:
            continue
        if ctx.certainty(match.start(), match.end()) != AFFIRMED:
            continue
        facts.append(
            ExtractedFact(
                "tumor_size_mm",
                f"{max(numbers) * 10:g}",
                ctx.text[match.start("dims") : match.end("dims")],
                match.start("dims"),
                match.end("dims"),
                0.6,
            )
        )
    return facts


def _millimetres(match: re.Match[str]) -> float:
    """The largest dimension of a size match, in millimetres."""
    dims = match.group("dims")
    numbers = [float(number.replace(",", ".")) for number in re.findall(_NUMBER, dims)]
    return max(numbers) * (10 if match.group("unit") == "cm" else 1)


def _unit_first_sizes(ctx: ReportContext) -> list[ExtractedFact]:
    """Size fields that give the unit in the label ("Tumour Size (cm). 3.5"): a checklist's."""
    facts = []
    for position in ctx.positions(("cm", "mm")):
        if "(" not in ctx.low[max(0, position - 4) : position]:
            continue
        match = _UNIT_FIRST.search(ctx.low, max(0, position - 20), position + 40)
        if match is None or not 0 < (millimetres := _millimetres(match)) < 400:
            continue
        facts.append(
            ExtractedFact(
                "tumor_size_mm",
                f"{millimetres:g}",
                ctx.text[match.start() : match.end()],
                match.start(),
                match.end(),
                0.9,
            )
        )
    return facts


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_NUMBERS[word]


def _node_pair(
    text: str, start: int, end: int, positive: int, examined: int, confidence: float
) -> list[ExtractedFact]:
    display = text[start:end]
    return [
        ExtractedFact("nodes_positive", str(positive), display, start, end, confidence),
        ExtractedFact("nodes_examined", str(examined), display, start, end, confidence),
    ]


def node_facts(ctx: ReportContext) -> list[ExtractedFact]:
    """Lymph nodes examined and positive, from fractions, synoptic counts and 'all n negative'."""
    text, low = ctx.text, ctx.low
    facts: list[ExtractedFact] = []
    anchors = ctx.word_positions(("node", "nodes", "ln", "lns")) + ctx.positions(("lymph",))
    if not anchors:
        return facts
    anchors.sort()
    seen: set[int] = set()
    for window_start, window_end in ctx.windows(anchors, 70, 45):
        for match in _FRACTION.finditer(low, window_start, window_end):
            positive, examined = int(match.group("pos")), int(match.group("total"))
            if positive > examined or examined > 150 or match.start() in seen:
                continue
            if _SCORE_BEFORE.search(low, max(0, match.start() - 25), match.start()):
                continue
            seen.add(match.start())
            facts.extend(_node_pair(text, match.start(), match.end(), positive, examined, 0.85))
    for position in anchors:
        before = low[max(0, position - 60) : position]
        if " of " in before:
            match = _OF_BEFORE.search(before)
            if match:
                positive, examined = _count(match.group("pos")), _count(match.group("total"))
                start = position - len(before) + match.start()
                if positive <= examined <= 150 and start not in seen:
                    seen.add(start)
                    end = _node_word_end(low, position)
                    facts.extend(_node_pair(text, start, end, positive, examined, 0.85))
                continue
        negative = _ALL_NEGATIVE.search(before[-25:])
        if negative and _NEGATIVE_AFTER.match(low, position, position + 60):
            examined = _count(negative.group("total"))
            start = position - len(before[-25:]) + negative.start()
            if 0 < examined <= 150 and start not in seen:
                seen.add(start)
                facts.extend(
                    _node_pair(text, start, _node_word_end(low, position), 0, examined, 0.75)
                )
    for position in ctx.positions(("lymph",)):
        for pattern, field in (
            (_NODES_EXAMINED, "nodes_examined"),
            (_NODES_POSITIVE, "nodes_positive"),
        ):
            match = pattern.match(low, position)
            if match:
                facts.append(
                    ExtractedFact(
                        field,
                        match.group("n"),
                        text[match.start() : match.end()],
                        match.start(),
                        match.end(),
                        0.9,
                    )
                )
    return facts


def _node_word_end(low: str, position: int) -> int:
    match = _NODE_WORD.match(low, position)
    end = match.end() if match else position
    if low.startswith("lymph", position):
        rest = re.match(r"lymph\s*nodes?", low[position : position + 15])
        end = position + rest.end() if rest else end
    return end


def margin_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    anchors = ctx.positions(("margin", "r0", "r1", "r2", "r 0", "r 1", "r 2"))
    for match in ctx.finditer(_MARGIN, anchors, 80, 80):
        word = (match.group("word") or "").lower()
        residual = (match.group("rword") or "").replace(" ", "").upper()
        if residual:
            value = "negative" if residual == "R0" else "positive"
        elif word in ("negative", "free", "uninvolved", "clear", "not involved"):
            value = "negative"
        elif word == "close":
            value = "close"
        else:
            value = "positive"
        certainty = ctx.certainty(match.start(), match.end()) if value == "positive" else AFFIRMED
        if certainty == NEGATED:
            value, certainty = "negative", AFFIRMED
        facts.append(_fact("margins", value, match, 0.8, certainty=certainty))
    return facts


def lvi_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    anchors = ctx.positions(
        (
            "lymphovascular",
            "lympho-vascular",
            "lymph-vascular",
            "angiolymphatic",
            "angio-lymphatic",
            "lymphatic",
            "vascular",
            "venous",
            "blood vessel",
            "lvi",
        )
    )
    for match in ctx.finditer(_LVI, anchors, 2, 90):
        word = (match.group("word") or match.group("word2") or "").lower()
        if word in ("not identified", "absent", "negative"):
            value, certainty = "absent", AFFIRMED
        elif word == "indeterminate":
            value, certainty = "unknown", "not_assessable"
        else:
            certainty = ctx.certainty(match.start(), match.end())
            value = "absent" if certainty == NEGATED else "present"
            certainty = AFFIRMED if certainty == NEGATED else certainty
        facts.append(_fact("lvi", value, match, 0.85 if word else 0.7, certainty=certainty))
    return facts


def grade_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    for match in ctx.finditer(_GLEASON, ctx.positions(("gleason",)), 0, 60):
        first = match.group("a") or match.group("a2")
        second = match.group("b") or match.group("b2")
        value = f"Gleason {first}+{second}={int(first) + int(second)}"
        facts.append(_fact("grade", value, match, 0.9, code_system="Gleason"))
    anchors = ctx.positions(
        (
            "grade",
            "g1",
            "g2",
            "g3",
            "g4",
            "g 1",
            "g 2",
            "g 3",
            "g 4",
            "well",
            "moderately",
            "poorly",
            "undifferentiated",
        )
    )
    for match in ctx.finditer(_GRADE, anchors, 30, 50):
        raw = match.group("grade") or match.group("g")
        if raw:
            value = "G" + _ROMAN.get(raw.upper(), raw)
            system = (match.group("system") or "").capitalize()
            confidence = 0.85 if system or match.group("g") else 0.7
        else:
            value = "G" + _DIFFERENTIATION[match.group("diff").lower()]
            system, confidence = "differentiation", 0.75
        facts.append(_fact("grade", value, match, confidence, code_system=system))
    return facts


def laterality_facts(ctx: ReportContext) -> list[ExtractedFact]:
    anchors = ctx.word_positions(("left", "right", "bilateral"))
    matches = ctx.finditer(_LATERALITY, anchors, 0, 60)
    return [_fact("laterality", m.group("side").lower(), m, 0.8) for m in matches]
