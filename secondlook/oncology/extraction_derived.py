"""T and N a registrar would abstract when the report gives findings but no category.

Many reports never write "pT2": they give the tumor size, how deep it invades, and how
many nodes hold metastases. Registrars then assign the category from the AJCC rules for
that site; this module does the same, so a report without a TNM line still gets an
answer. These facts carry `code_system="AJCC pTNM (derived)"` and confidence 0.5, below
any category the report states, and point at the finding they rest on. The rules are the
AJCC size, depth-of-invasion, extension and node-count rules for each site: the 8th
edition, with the 7th edition's own lines (`_SIZE_RULES_7TH`, `_EXTENSION_RULES_7TH`) for
reports staged before 2018. Pure: no Django import.
"""

from __future__ import annotations

import re

from secondlook.oncology.extraction_context import AFFIRMED, ReportContext
from secondlook.oncology.facts import ExtractedFact

DERIVED = "AJCC pTNM (derived)"
_CONFIDENCE = 0.5

# Size thresholds (mm) per organ: the T for a tumor up to each bound.
_SIZE_RULES: dict[str, tuple[tuple[float, str], ...]] = {
    # Microinvasion (T1mi) is left to the pathologist's own word for it, not a 1 mm reading.
    "breast": ((5, "T1a"), (10, "T1b"), (20, "T1c"), (50, "T2"), (1e9, "T3")),
    "lung": ((30, "T1"), (50, "T2"), (70, "T3"), (1e9, "T4")),
    "kidney": ((40, "T1a"), (70, "T1b"), (100, "T2a"), (1e9, "T2b")),
    "thyroid": ((10, "T1a"), (20, "T1b"), (40, "T2"), (1e9, "T3")),
    "adrenal": ((50, "T1"), (1e9, "T2")),
    "head_neck": ((20, "T1"), (40, "T2"), (1e9, "T3")),
    "pancreas": ((20, "T1"), (40, "T2"), (1e9, "T3")),
    "liver": ((1e9, "T1"),),
    "bile_duct": ((1e9, "T1"),),
    "cervix": ((40, "T1b1"), (1e9, "T1b2")),
}
# Where the 7th edition (2010–2017) drew other lines; older reports were staged by it.
_SIZE_RULES_7TH: dict[str, tuple[tuple[float, str], ...]] = {
    "lung": ((20, "T1a"), (30, "T1b"), (50, "T2a"), (70, "T2b"), (1e9, "T3")),
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


# Several hepatocellular tumors: T2, and T3(a) when any is larger than 5 cm (7th and 8th).
_LIVER_MULTIPLE = _cue(
    r"\bmultiple\s+(?:tumou?rs|nodules|masses|foci)|\bmultifocal(?!\s+(?:extension|involvement))"
    r"|\b(?:satellite|separate)\s+(?:\w+\s+)?(?:tumou?r\s+)?(?:nodules?|lesions?)"
    # The checklist's "Tumor focality: Multiple" (CAP hepatocellular and bile duct forms).
    r"|\bfocality\s*:\s*(?:multiple|multifocal)"
    r"|tumou?r\s+number\s*:\s*"
    r"(?:two|three|four|five|multiple|[2-9])|\b(?:two|three|four|five|several)\s+(?:separate\s+)?"
    r"(?:tumou?rs|nodules|masses|foci)"
)
_LIVER_MULTIPLE_LARGE_MM = 50.0

# A structure named as invaded, not merely named ("epididymis not present in the slides").
_INVADED = (
    r"|\b(?:{0})\s+(?:invasion|involve\w*|invaded)|\b(?:invasion|involvement)\s+of\s+(?:the\s+)?"
    r"(?:{0})|\binvad\w+[^.;]{{0,20}}(?:{0})"
)

# A verb of invasion and up to three words before the structure invaded.
_INVADES = (
    r"\b(?:invad\w*|invasion\s+of|involv\w*|extend\w*\s+(?:in)?to|extension\s+(?:in)?to"
    r"|infiltrat\w*|penetrat\w*)\s+(?:\w+\s+){0,3}?(?:the\s+)?"
)

# Breast microinvasion (no focus over 1 mm) is T1mi in the pathologist's own word; it is
# used only when the report gives no invasive size or extension to go by.
_MICROINVASION = _cue(r"\bmicro-?\s?invasi(?:on|ve)\b")

# "Invades into but not through the visceral pleura" is PL1, visceral pleural invasion.
_INTO_NOT_THROUGH_PLEURA = _cue(
    r"\b(?:invad\w*|infiltrat\w*|extend\w*)\s+into\s+but\s+not\s+through\s+(?:the\s+)?"
    r"visceral[.\s]+pleura"
)

# Extension findings that raise T regardless of size, in rising order per organ.
_EXTENSION_RULES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    # Breast (7th and 8th): chest wall T4a (counted when invaded, not as the deep margin's
    # name), skin ulceration, satellite skin nodules or peau d'orange T4b, inflammatory T4d.
    "breast": (
        (
            _cue(
                r"\b(?:invad\w*|invasion\s+of|involv\w*|extend\w*\s+(?:in)?to|extension\s+(?:in)?to"
                r"|infiltrat\w*)\s+(?:\w+\s+){0,3}?(?:the\s+)?chest\s+wall"
                r"|\bchest\s+wall\s+(?:invasion|involvement|involved)"
            ),
            "T4a",
        ),
        (
            _cue(
                r"\b(?:skin\s+ulceration|peau\s+d.orange|ulcerated\s+skin"
                r"|ulceration\s+of\s+(?:the\s+)?(?:overlying\s+)?skin|satellite\s+skin\s+nodules?)"
                # Direct extension of the carcinoma into the skin, as registrars code it; the
                # dermis alone does not count (AJCC 7th: "invasion of the dermis alone does
                # not qualify as T4").
                r"|\b(?:tumou?r|carcinoma)\s+(?:extension|extends|extending|invad\w*|infiltrat\w*)"
                r"\s+(?:in)?to\s+(?:the\s+)?(?:overlying\s+)?(?:skin|epidermis)\b"
                r"|\bextension\s+of\s+(?:the\s+)?(?:tumou?r|carcinoma)\s+into\s+(?:the\s+)?skin\b"
                r"|\bdirect\s+(?:invasion|extension)\s+(?:of|into)\s+(?:the\s+)?(?:overlying\s+)?skin\b"
                r"|\bskin(?:\s+status)?\s*[:,\-]\s*direct\s+invasion\s+by\s+(?:tumou?r|carcinoma)"
            ),
            "T4b",
        ),
        (_cue(r"\binflammatory\s+(?:breast\s+)?carcinoma"), "T4d"),
    ),
    "lung": (
        (
            _cue(
                r"\bvisceral\s+pleura(?:l)?\s+(?:invasion|involvement)|invad\w+\s+(?:the\s+)?visceral\s+pleura"
                r"|\b(?:extent|invasion)[^.:;]{0,20}:\s*(?:into\s+)?(?:the\s+)?visceral\s+pleura"
                r"|\b(?:involv|invad|infiltrat)\w*\s+(?:through\s+)?(?:the\s+)?(?:overlying\s+)?pleura\b"
                # An adjective before the visceral pleura, and the pleural invasion code: PL1 and
                # PL2 are visceral pleural invasion (7th: T2).
                r"|\b(?:involv|invad|infiltrat)\w*\s+(?:into\s+)?(?:the\s+)?(?:[a-z]+\s+)?visceral[.\s]+pleura"
                r"|\binto\s+(?:the\s+)?visceral[.\s]+pleura|\bpl[12]\b"
            ),
            "T2",
        ),
        (_INTO_NOT_THROUGH_PLEURA, "T2"),
        (
            _cue(
                r"\b(?:parietal\s+pleura|chest\s+wall|pericardium|phrenic\s+nerve|diaphragm)\s+(?:invasion|involved)"
                r"|\b(?:invad|involv|infiltrat|extend)\w*\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:parietal\s+pleura"
                r"|chest\s+wall|pericardium|diaphragm"
                # The ribs and intercostal tissue are the chest wall (7th: T3).
                r"|(?:adjacent\s+)?ribs?\b|intercostal)"
                # PL3: invasion of the parietal pleura (7th: T3).
                r"|\bpl3\b"
            ),
            "T3",
        ),
        (
            _cue(
                r"\b(?:satellite|separate|additional)\s+(?:tumou?r\s+)?nodules?\s+(?:\w+\s+){0,2}?in\s+"
                r"(?:the\s+)?same\s+lobe"
                # A satellite nodule is, by the word, in the primary's lobe.
                r"|\bsatellite\s+(?:tumou?r\s+)?nodules?\s+of\s+(?:\w+\s+)?(?:adeno)?carcinoma"
            ),
            "T3",
        ),
        (
            _cue(
                r"\b(?:invad|involv|infiltrat|extend)\w*\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:mediastin\w*+"
                r"(?!\s+pleura)|heart|great\s+vessels?|trachea|carina|esophag\w*|vertebral\s+body)"
                r"|\b(?:separate|additional)\s+(?:tumou?r\s+)?nodules?\s+(?:\w+\s+){0,2}?in\s+"
                r"(?:a\s+)?different\s+(?:ipsilateral\s+)?lobe"
                # The tumor found in the mediastinal fat is in the mediastinum (7th and 8th: T4).
                r"|\btumou?r\s+(?:is\s+)?(?:present|identified|seen)\s+(?:in|on|within)\s+"
                r"(?:[\w.]+\s+){0,6}?mediastinal\s+(?:soft\s+tissue|fat|adipose)"
            ),
            "T4",
        ),
    ),
    "kidney": (
        (
            _cue(
                # "Peri-renal" and "peri-nephric" are the same fat, hyphenated.
                r"\b(?:peri-?nephric|peri-?renal|renal\s+sinus|sinus)\s+(?:fat|adipose)[^.;]{0,20}"
                r"\b(?:invasion|involve|invaded|extension)|\b(?:invad\w*|invasion\s+of|involv\w*"
                r"|extend\w*\s+(?:in)?to|extension\s+(?:in)?to|invasive\s+(?:in)?to|infiltrat\w*)"
                r"\s+(?:\w+\s+){0,2}?"
                # The renal sinus fat is also called the (renal) hilar fat.
                r"(?:the\s+)?(?:peri-?nephric|peri-?renal|renal\s+sinus|sinus|(?:renal\s+)?hilar)\s+(?:fat|adipose"
                r"|tissue)"
                r"|renal\s+vein\s+(?:invasion|involvement|thromb)"
                # OCR may turn a line break into ". ": "invades the. renal vein".
                r"|\b(?:tumou?r\s+thromb\w*|invad\w+|extend\w*|extension)\s+(?:\w+\s+){0,3}?"
                r"(?:the[.\s]+)?(?:main\s+)?renal[.\s]+vein"
                # The renal sinus holds the segmental (muscle-containing) branches of the renal
                # vein: invasion of its vessels is T3a (7th and 8th).
                r"|\binva\w*[.\s]+(?:in)?to[.\s]+(?:[\w\-]+[.\s]+){0,3}?(?:vessels?|veins?)[.\s]+"
                r"(?:in|of|within)[.\s]+(?:the[.\s]+)?renal[.\s]+sinus"
                r"|\brenal\s+sinus\s+(?:vessels?|veins?|vascular)\s+(?:invasion|involvement)"
            ),
            "T3a",
        ),
        (
            _cue(
                r"\b(?:tumou?r\s+thromb\w*|invad\w+|extend\w*|extension)\s+(?:\w+\s+){0,3}?(?:the\s+)?"
                r"(?:inferior\s+)?vena\s+cava|\b(?:inferior\s+)?vena\s+cava\s+(?:invasion|involvement"
                r"|thromb\w*)"
            ),
            "T3b",
        ),
        (
            _cue(
                r"\b(?:beyond|through)\s+gerota|gerota.s\s+fascia\s+(?:invasion|involved)"
                # Direct invasion of the adrenal on the same side (7th and 8th: T4).
                r"|\b(?:invad\w+|direct(?:ly)?\s+(?:invasion|extension|extends?)\s+(?:in)?to)\s+"
                r"(?:\w+\s+){0,2}?(?:the\s+)?(?:ipsilateral\s+)?adrenal"
            ),
            "T4",
        ),
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
                r"|\bextra-?adrenal\s+(?:extension|invasion)"
            ),
            "T3",
        ),
        (
            _cue(
                # OCR breaks and stray margin letters may sit in between ("invade the. A. renal
                # vein").
                r"\b(?:invad\w*|invasion|extend\w*|extension|infiltrat\w*)[.\s]+(?:\w+[.\s]+){0,3}?"
                r"(?:in)?(?:to\s+)?(?:the\s+)?(?:kidney|liver|spleen|pancreas|diaphragm"
                r"|(?:inferior\s+)?vena\s+cava|renal[.\s]+vein)"
            ),
            "T4",
        ),
    ),
    # Pleural mesothelioma (7th): pleura alone T1; lung or diaphragm muscle T2; endothoracic
    # fascia, mediastinal fat, chest wall soft tissue or pericardium T3; rib, spine,
    # peritoneum (through the diaphragm) or the other pleura T4.
    "pleura": (
        (
            _cue(
                r"\b(?:involv\w+|invad\w+|infiltrat\w+|confined\s+to|limited\s+to)\s+(?:the\s+)?"
                r"(?:ipsilateral\s+)?(?:visceral|parietal)\s+pleura"
            ),
            "T1",
        ),
        (
            _cue(
                r"\b(?:invad\w+|invasion|involv\w+|infiltrat\w+|extend\w*|extension)\s+(?:\w+\s+){0,3}?"
                r"(?:in)?(?:to\s+)?(?:the\s+)?(?:(?:underlying\s+)?lung\s+parenchyma|diaphragm\w*\s+muscle)"
                r"|\b(?:lung\s+parenchym\w*|diaphragm\w*\s+muscle)\s+(?:invasion|involvement)"
            ),
            "T2",
        ),
        (
            _cue(
                r"\b(?:invad\w+|invasion|involv\w+|infiltrat\w+|extend\w*|extension)\s+(?:\w+\s+){0,3}?"
                r"(?:in)?(?:to\s+)?(?:the\s+)?(?:endothoracic\s+fascia|mediastinal\s+fat|pericardium"
                r"|(?:\w+\s+)?soft\s+tissues?\s+of\s+(?:the\s+)?chest\s+wall|chest\s+wall\s+soft\s+tissue)"
            ),
            "T3",
        ),
        (
            _cue(
                r"\b(?:invad\w+|invasion|involv\w+|infiltrat\w+|extend\w*|extension)\s+(?:\w+\s+){0,3}?"
                r"(?:in)?(?:to\s+)?(?:the\s+)?(?:rib|spine|vertebra\w*|peritoneum|contralateral\s+pleura)\b"
            ),
            "T4",
        ),
    ),
    "liver": (
        (
            _cue(
                r"\b(?:vascular|microvascular|venous|portal\s+vein)\s+(?:invasion|involvement)"
                r"|\bangio-?\.?\s*invasion"
                # The CAP liver checklist's "Lymph-vascular invasion: Present (small vessel)".
                r"|\b(?:lympho?-?\s?vascular|angio-?lymphatic)\s+(?:space\s+)?invasion"
            ),
            "T2",
        ),
        (_LIVER_MULTIPLE, "T2"),
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
                # Intrahepatic (7th): satellite tumors are multiple tumors (T2b).
                r"|\bmultiple\s+satellite\W+(?:\w+\W+)?(?:nodules|lesions|tumou?rs)"
                r"|\bfocality\s*:\s*(?:multiple|multifocal)"
            ),
            "T2",
        ),
    ),
    # Oral cavity and oropharynx: T4a from bone, the deep (extrinsic) muscle of the tongue,
    # the maxillary sinus or the skin of the face.
    "head_neck": (
        (
            _cue(
                r"\b(?:mandible|maxilla|cortical\s+bone|thyroid\s+cartilage|bone)\s+(?:invasion|involved)"
                r"|\b(?:invad|involv)\w+[^.;]{0,20}\b(?:cortical\s+bone|mandible|cartilage)"
                r"|invad\w+[^.;]{0,20}\bbone"
                r"|\b(?:invad\w*|invasion\s+(?:of|into)|involv\w*|extend\w*\s+(?:in)?to|infiltrat\w*)\s+"
                r"(?:\w+\s+){0,3}?(?:the\s+)?(?:(?:deep\s+)?extrinsic\s+(?:tongue\s+)?muscle"
                r"|maxillary\s+sinus|skin\s+of\s+(?:the\s+)?face"
                # The deep muscle of the tongue is its extrinsic muscle (7th: "deep [extrinsic]
                # muscle of tongue (genioglossus, hyoglossus, palatoglossus, styloglossus)").
                r"|deep\s+tongue\s+muscles?|deep\s+muscles?\s+of\s+(?:the\s+)?tongue"
                r"|(?:genio|hyo|stylo|palato)glossus)"
            ),
            "T4a",
        ),
    ),
    # Larynx (7th and 8th): T by extent, not size. T3 from the paraglottic or pre-epiglottic
    # space, the postcricoid area, the inner cortex of the thyroid cartilage or a fixed cord;
    # T4a through the thyroid cartilage or beyond the larynx (trachea, thyroid gland, strap
    # muscles, esophagus, soft tissue of the neck).
    "larynx": (
        (
            _cue(
                r"\b(?:(?:para|pre-?epi)glottic\s+space|postcricoid|inner\s+cortex)"
                r"[^.;]{0,20}(?:invasion|involve\w*|extension|invaded)"
                # OCR may turn a line break inside the phrase into ". ".
                r"|\b(?:invad\w*|invasion[.\s]+of|involv\w*|extend\w*\s+(?:in)?to|extension\s+(?:in)?to"
                r"|infiltrat\w*)[.\s]+(?:\w+\s+){0,3}?(?:the[.\s]+)?(?:(?:para|pre-?epi)glottic\s+space"
                r"|postcricoid|inner\s+cortex)|\b(?:vocal\s+)?cord\s+fixation|\bfixed\s+(?:vocal\s+)?cord"
            ),
            "T3",
        ),
        (
            _cue(
                r"\b(?:through|full[\s\-]thickness\s+(?:invasion\s+)?of|outer\s+cortex\s+of)\s+"
                r"(?:the\s+)?(?:thyroid\s+)?cartilage|\bthyroid\s+cartilage\s+(?:invasion|involved)"
                r"|\b(?:invad\w*|invasion\s+of|involv\w*|infiltrat\w*)\s+(?:\w+\s+){0,2}?(?:the\s+)?"
                r"thyroid\s+cartilage(?!\s+(?:inner|partial))"
                r"|\bextra-?laryngeal\s+(?:soft\s+tissue|extension|spread|invasion)"
                r"|\b(?:invad\w*|invasion\s+of|involv\w*|extend\w*\s+(?:in)?to|extension\s+(?:in)?to"
                r"|infiltrat\w*)\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:trachea|thyroid\s+gland|strap\s+muscles?"
                r"|esophag\w*|soft\s+tissues?\s+of\s+(?:the\s+)?neck|extra-?laryngeal)"
                # A list of the structures involved ("Involving right vocal cord, cartilage tissue
                # (thyroid, cricoid ...),. skeletal muscle tissue, soft tissue and thyroid
                # gland"): one beyond the larynx makes T4a. A denial ends the list.
                r"|\b(?:invad|involv|infiltrat)\w*\s+(?:(?!(?:no|not|without|free|negative)\b)"
                r"[\w\-]+[,.]*\s+|\([^()]{0,60}\)[,.]*\s+){0,14}?(?:the\s+)?"
                r"(?:trachea|thyroid\s+gland|strap\s+muscles?|soft\s+tissues?\s+of\s+(?:the\s+)?neck)"
                # The hyoid bone lies outside the larynx: its invasion is extralaryngeal spread.
                r"|\b(?:invad\w*|invasion\s+of|involv\w*|infiltrat\w*)\s+(?:[\w,]+[.\s]+){0,4}?"
                r"(?:the\s+)?hyoid\s+bone|\bhyoid\s+bone\s+(?:invasion|involved)"
            ),
            "T4a",
        ),
    ),
    # Esophagus (7th): T4a pleura, pericardium or diaphragm; T4b aorta, vertebral body or
    # trachea.
    "esophagus": (
        (_cue(_INVADES + r"(?:pleura|pericardium|diaphragm)\b"), "T4a"),
        (_cue(_INVADES + r"(?:aorta|vertebral\s+body|trachea)\b"), "T4b"),
    ),
    # Colon and rectum (7th): direct invasion of other organs or structures is T4b (the
    # liver is left out: a colon report names it mostly for metastases).
    "colon": (
        (
            _cue(
                _INVADES + r"(?:urinary\s+)?(?:bladder|small\s+(?:bowel|intestine)|uterus|ovar\w+"
                r"|abdominal\s+wall|vagina|prostate|seminal\s+vesicles?|spleen|stomach|pancreas"
                r"|kidney|ureter|duodenum)\b"
            ),
            "T4b",
        ),
    ),
    # Stomach (7th): invasion of the spleen, transverse colon, diaphragm, pancreas, abdominal
    # wall, adrenal, kidney, small intestine or retroperitoneum is T4b.
    "stomach": (
        (
            _cue(
                _INVADES + r"(?:spleen|transverse\s+colon|diaphragm|pancreas|abdominal\s+wall"
                r"|adrenal|kidney|small\s+(?:bowel|intestine)|retroperitoneum)\b"
            ),
            "T4b",
        ),
    ),
    "prostate": (
        (
            _cue(
                r"\b(?:organ[\s-]confined|confined\s+to\s+the\s+prostate"
                r"|confined\s+within\s+the\s+(?:prostatic\s+)?capsule)"
                # A prostatectomy that rules out extension is pT2 (there is no pT1).
                r"|\bno\s+(?:evidence\s+of\s+)?(?:extra-?prostatic|extra-?capsular)\s+(?:tumou?r\s+)?"
                r"extension|\b(?:extra-?prostatic|extra-?capsular)\s+(?:tumou?r\s+)?extension\s*[:.\-]?\s*"
                r"(?:not\s+identified"
                r"|not\s+present|absent|negative|none\b|no\b)"
            ),
            "T2",
        ),
        (
            _cue(
                r"\b(?:extra-?prostatic|extra-?capsular)\s+(?:tumou?r\s+)?extension"
                r"|\bperiprostatic\s+(?:fat|soft\s+tissue)"
                # "Tumor extending focally into extraprostatic tissue".
                r"|\b(?:extend\w*|extension|invad\w*|infiltrat\w*)\s+(?:\w+\s+){0,2}?(?:in)?to\s+"
                r"(?:the\s+)?(?:extra-?prostatic|peri-?prostatic)\s+(?:soft\s+)?(?:tissue|fat|adipose)"
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
                r"\b(?:lympho-?vascular|vascular|angiolymphatic)\s+(?:space\s+)?invasion"
                r"|\bangio-?\.?\s*invasion"
                + _INVADED.format(r"tunica\s+vaginalis|hilar\s+soft\s+tissue|epididym\w*")
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

# "Penetration of the (covering) serosa": the tumor reached the visceral peritoneum (7th: T4a).
_SEROSA_PENETRATED = r"|\b(?:penetrat|perforat)\w*\s+(?:of\s+)?(?:the\s+)?(?:\w+[.\s]+)?serosa\b"

# "Infiltration of all parietal layers" (the German "alle Wandschichten") is through the
# muscularis propria into the tissue beyond it: T3 of the colon, stomach, esophagus, bladder.
_ALL_LAYERS = (
    r"|\ball\s+(?:(?:the\s+)?parietal|(?:the\s+)?wall)[.\s]+layers"
    r"|\ball\s+layers\s+of\s+the\s+(?:\w+\s+)?wall"
)

# The muscularis propria reached, in translated and OCR'd wordings: "invasion of the lamina
# muscularis propria", "spread to the layers of the muscularis. propria", "infiltrates deep
# into the muscular membrane" (the muscular coat, not the mucosa's own muscle layer).
_INTO_PROPRIA = (
    r"|\b(?:into|within|to|invasion\s+of|infiltration\s+of)\s+(?:the\s+)?(?:layers?\s+of\s+(?:the\s+)?)?"
    r"(?:lamina\s+)?(?:muscularis[.\s]+propria"
    r"|muscular\s+(?:membrane|coat|layer)(?!\s+of\s+(?:the\s+)?mucosa))"
)

# Depth of invasion through a hollow organ's wall: deepest layer named wins.
_WALL_LAYERS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "colon": (
        (_cue(r"\b(?:submucosa|intramucosal|lamina\s+propria)"), "T1"),
        (
            _cue(r"\b(?:into|within|invad\w+)\s+(?:the\s+)?muscularis\s+propria" + _INTO_PROPRIA),
            "T2",
        ),
        (
            _cue(
                r"\b(?:through\s+(?:the\s+)?muscularis\s+propria|subserosa|pericolic|pericolonic|perirectal|mesorectal|mesocolic|perimuscular"
                r"|subserous|extramuscular)" + _ALL_LAYERS
            ),
            "T3",
        ),
        (
            _cue(
                r"\b(?:visceral\s+peritoneum|serosal?\s+(?:surface|involvement|penetration)|through\s+(?:the\s+)?serosa|peritoneal\s+surface)"
                + _SEROSA_PENETRATED
            ),
            "T4a",
        ),
    ),
    # Stomach and esophagus (7th): lamina propria or muscularis mucosae T1a, submucosa T1b.
    "stomach": (
        (_cue(r"\b(?:lamina\s+propria|muscularis\s+mucosae)"), "T1a"),
        (_cue(r"\bsubmucosa"), "T1b"),
        (
            _cue(r"\b(?:into|within|invad\w+)\s+(?:the\s+)?muscularis\s+propria" + _INTO_PROPRIA),
            "T2",
        ),
        (
            _cue(
                r"\b(?:subserosa|subserous|through\s+(?:the\s+)?muscularis\s+propria|perigastric)"
                + _ALL_LAYERS
            ),
            "T3",
        ),
        (
            _cue(
                r"\b(?:visceral\s+peritoneum|serosal?\s+(?:surface|involvement|penetration)|through\s+(?:the\s+)?serosa)"
                + _SEROSA_PENETRATED
            ),
            "T4a",
        ),
    ),
    "esophagus": (
        (_cue(r"\b(?:lamina\s+propria|muscularis\s+mucosae)"), "T1a"),
        (_cue(r"\bsubmucosa"), "T1b"),
        (
            _cue(
                r"\b(?:into|within|invad\w+)\s+(?:the\s+)?muscularis\s+propria|depth\s+of\s+invasion\s*:\s*muscularis\s+propria"
                + _INTO_PROPRIA
            ),
            "T2",
        ),
        (
            _cue(
                r"\b(?:adventitia|periesophag\w*|through\s+(?:the\s+)?muscularis\s+propria)"
                + _ALL_LAYERS
            ),
            "T3",
        ),
    ),
    "bladder": (
        (_cue(r"\b(?:lamina\s+propria|subepithelial\s+connective)"), "T1"),
        (_cue(r"\b(?:muscular(?:is)?\.?\s+propria|detrusor)"), "T2"),
        # Which half of the muscularis propria (7th and 8th): inner T2a, outer T2b.
        (
            _cue(
                r"\b(?:inner|superficial)\s+(?:half|third|[12]/[23])\s+of\s+(?:the\s+)?(?:muscular(?:is)?"
                r"(?:\.?\s+propria)?|detrusor)|\bsuperficial\s+(?:muscularis\s+propria|detrusor)"
            ),
            "T2a",
        ),
        (
            _cue(
                r"\b(?:outer|deep)\s+(?:half|third|two[\s\-]thirds|[12]/[23])\s+of\s+(?:the\s+)?"
                r"(?:muscular(?:is)?(?:\.?\s+propria)?|detrusor)|\bdeep\s+(?:muscularis\s+propria|detrusor)"
            ),
            "T2b",
        ),
        (_cue(r"\b(?:perivesical|through\s+(?:the\s+)?muscularis\s+propria)" + _ALL_LAYERS), "T3"),
        (
            _cue(
                r"\b(?:prostatic\s+stroma|seminal\s+vesicle|uterus|vagina|pelvic\s+wall)\s+(?:invasion|involved)"
                # The CAP checklist lists what the tumor reaches: "Direct extension of invasive
                # tumor: Perivesical fat. Prostatic stroma." (7th: T4a).
                r"|\bdirect\s+extension\s+of\s+invasive\s+tumou?r\s*:[^:]{0,40}?\b(?:prostatic\s+stroma"
                r"|seminal\s+vesicles?|uterus|vagina|pelvic\s+(?:side\s*)?wall|abdominal\s+wall)"
            ),
            "T4",
        ),
    ),
}
# Synoptic checklists name the deepest layer after a label: "Extent of invasion: Muscularis
# propria", "Tumor extent: Serosa (visceral peritoneum)".
_LAYER_LABEL = (
    r"(?:extent|invasion|involvement|depth|infiltration)[^.:;]{0,20}:\s*(?:the\s+)?(?:invades\s+)?"
    r"(?:(?:up\s+)?(?:in)?to\s+)?(?:the\s+)?"
)
# The checklist's answer, when there is one, is the depth the pathologist assigned; free
# text elsewhere in the report ("through the muscularis propria" in the gross) yields to it.
_MUCOSA_T1 = {"stomach": ("T1a", "T1b"), "esophagus": ("T1a", "T1b")}
_WALL_CHECKLIST: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    organ: (
        (
            _cue(_LAYER_LABEL + r"(?:lamina\s+propria|muscularis\s+mucosae)"),
            _MUCOSA_T1.get(organ, ("T1", "T1"))[0],
        ),
        (_cue(_LAYER_LABEL + r"submucosa"), _MUCOSA_T1.get(organ, ("T1", "T1"))[1]),
        (_cue(_LAYER_LABEL + r"muscularis\s+propria"), "T2"),
        (_cue(_LAYER_LABEL + r"(?:subserosa|perivesical|adventitia|pericolic|perigastric)"), "T3"),
    )
    for organ in ("colon", "stomach", "esophagus", "bladder")
}
# Serosa (visceral peritoneum): T4a of the colon and the stomach (7th).
for _organ in ("colon", "stomach"):
    _WALL_CHECKLIST[_organ] = _WALL_CHECKLIST[_organ] + (
        (_cue(_LAYER_LABEL + r"(?:serosa\b|visceral)"), "T4a"),
    )
# "Tumor extent: Adjacent structures (specify)" is T4b in the 7th edition.
for _organ in ("colon", "stomach", "esophagus"):
    _WALL_CHECKLIST[_organ] = _WALL_CHECKLIST[_organ] + (
        (_cue(_LAYER_LABEL + r"adjacent\.?\s+(?:structures?|organs?)"), "T4b"),
    )
_WALL_CHECKLIST["rectum"] = _WALL_CHECKLIST["colon"]
for _organ, _checklist in _WALL_CHECKLIST.items():
    if _organ != "rectum":
        _WALL_LAYERS[_organ] = _WALL_LAYERS[_organ] + _checklist
# "Into but not through the muscularis propria" is T2 however the denial reads.
_NOT_THROUGH = _cue(
    r"\b(?:in)?to\s+(?:\w+\s+){0,2}?(?:but\s+)?not\s+through\s+(?:the\s+)?muscularis\s+propria"
)
for _organ in ("colon", "stomach", "esophagus"):
    _WALL_LAYERS[_organ] = _WALL_LAYERS[_organ] + ((_NOT_THROUGH, "T2"),)
# Reports written in Latin ("Infiltratio carcinomatosa tunicae muscularis propriae et telae
# adiposae pericolicae"): submucosa, muscularis propria, the fat beyond it, the serosa.
for _organ in ("colon", "stomach", "esophagus"):
    _WALL_LAYERS[_organ] = _WALL_LAYERS[_organ] + (
        (_cue(r"\btel(?:a|ae)\.?\s+submucos\w*"), _MUCOSA_T1.get(_organ, ("T1", "T1"))[1]),
        (_cue(r"\btunic(?:a|ae)\.?\s+muscularis\s+p\w+"), "T2"),
        (_cue(r"\btel(?:a|ae)\.?\s+(?:subserosa\w*|adipos\w*(?!\s+perinodal))"), "T3"),
        (_cue(r"\b(?:tunic(?:a|ae)\.?\s+)?serosae\b|\btunica\s+serosa\b"), "T4a"),
    )
_WALL_LAYERS["rectum"] = _WALL_LAYERS["colon"]
_EXTENSION_RULES["rectum"] = _EXTENSION_RULES["colon"]
_EXTENSION_RULES["cervix"] = (
    (_cue(r"\b(?:vagina|vaginal\s+(?:wall|cuff|mucosa))[^.;]{0,20}(?:invasion|involve)"), "T2a"),
    (
        _cue(
            r"\bparametri\w*[^.;]{0,20}(?:invasion|involve|extension)|invad\w+[^.;]{0,20}parametri"
        ),
        "T2b",
    ),
    (
        _cue(
            r"\b(?:lower\s+third\s+of\s+(?:the\s+)?vagina|pelvic\s+(?:side\s*)?wall)[^.;]{0,20}"
            r"(?:invasion|involve|extension)|invad\w+[^.;]{0,30}(?:lower\s+third\s+of\s+(?:the\s+)?"
            r"vagina|pelvic\s+(?:side\s*)?wall)"
        ),
        "T3",
    ),
    (
        _cue(
            r"\b(?:bladder|rectal)\s+mucosa[^.;]{0,20}(?:invasion|involve)"
            r"|invad\w+[^.;]{0,30}(?:bladder|rectal)\s+mucosa"
        ),
        "T4",
    ),
)
# Bladder (7th and 8th): a tumor beyond the wall into the perivesical tissue is T3, whatever
# the wall layers say; "extravesical mass" is the macroscopic form (T3b).
_EXTENSION_RULES["bladder"] = (
    (
        _cue(
            r"\bextra-?\s?vesic(?:al|ular)\s+(?:tumou?r\s+)?(?:mass|extension|spread|invasion"
            r"|growth|involvement)"
        ),
        "T3",
    ),
)
# Bladder (7th and 8th): the prostatic stroma, seminal vesicles, uterus or vagina T4a; the
# pelvic or abdominal wall T4b.
_EXTENSION_RULES["bladder"] = _EXTENSION_RULES["bladder"] + (
    (_cue(_INVADES + r"(?:prostatic\s+stroma|seminal\s+vesicles?|uterus|vagina)\b"), "T4a"),
    (_cue(_INVADES + r"(?:pelvic\s+(?:side\s*)?wall|abdominal\s+wall)\b"), "T4b"),
)
# Thyroid (7th and 8th): extension to the subcutaneous soft tissue, larynx, trachea,
# esophagus or recurrent laryngeal nerve is T4a.
_THYROID_T4A = _cue(
    r"\b(?:invad|involv|infiltrat|extend)\w*\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:subcutaneous"
    r"\s+soft\s+tissue|larynx|trachea|esophag\w*|recurrent\s+laryngeal\s+nerve)"
)
_EXTENSION_RULES["thyroid"] = _EXTENSION_RULES["thyroid"] + ((_THYROID_T4A, "T4a"),)
_EXTENSION_RULES_7TH: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    # The 7th edition keeps epididymal and hilar soft tissue spread in T1 (the 8th made it T2).
    "testis": (
        _EXTENSION_RULES["testis"][0],
        (
            _cue(
                r"\b(?:lympho-?vascular|vascular|angiolymphatic)\s+(?:space\s+)?invasion"
                r"|\bangio-?\.?\s*invasion" + _INVADED.format(r"tunica\s+vaginalis")
            ),
            "T2",
        ),
        _EXTENSION_RULES["testis"][2],
    ),
    "thyroid": (
        (
            _cue(
                r"\bextra-?thyroid(?:al)?\s+(?:extension|invasion|spread)"
                r"|\b(?:invad\w*|invasion\s+of|involv\w*|extend\w*\s+(?:in)?to|extension\s+(?:in)?to"
                r"|infiltrat\w*)\s+(?:\w+\s+){0,2}?(?:the\s+)?perithyroid\w*"
                r"\s+(?:\w+\s+)?(?:soft\s+tissue|fat|adipose|fibroadipose|skeletal\s+muscle)"
                r"|\bstrap\s+muscles?\s+(?:invasion|involve)|invad\w+[^.;]{0,30}strap\s+muscle"
                # The tumor carried beyond the gland into the soft tissue around it: minimal
                # extrathyroidal extension ("Tumor extent: penetrates to regional soft tissue").
                r"|\b(?:extension|extend\w*|invad\w*|infiltrat\w*|penetrat\w*)\s+(?:in)?to\s+(?:the\s+)?"
                r"(?:regional|surrounding|adjacent|extra-?thyroid\w*)\s+(?:fibroadipose\s+)?"
                r"(?:soft\s+tissues?|fat|adipose)"
            ),
            "T3",
        ),
        (_THYROID_T4A, "T4a"),
    ),
    "pancreas": (
        (
            _cue(r"\b(?:peripancreatic\s+(?:soft\s+tissue|fat|adipose)|beyond\s+the\s+pancreas)"),
            "T3",
        ),
    ),
}
# A synoptic label with an empty or other value ("Seminal Vesicle Invasion: Periprostatic
# Fat Involved:") is not a finding; after a colon, only an affirming word counts.
# A colon before the next item of a lettered list ("... visceral peritoneum: B.
# Margins ...") ends a diagnosis line; it is not a label.
_LABEL_VALUE = re.compile(r"(?:\s+[a-z]+){0,2}\s*:(?!\s*[a-z][.)]\s)\s*(?P<value>[a-z\-]+)?")
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
        "invades",
    )
)

# Melanoma thickness, by Breslow's name or the checklist's ("Tumor thickness: 2.3 mm"); the
# decimal may be a comma and the unit centimetres.
_BRESLOW = re.compile(
    r"\b(?:breslow|tumou?r\s+thickness|maximum\s+(?:tumou?r\s+)?thickness)"
    r"[^.\d]{0,30}(?P<mm>\d{1,2}(?:[.,]\d{1,2})?)\s*(?P<unit>mm|cm)\b"
)
# In a melanoma report, the depth of invasion and a thickness written after the figure
# ("3.5 mm in thickness") are Breslow's measure too; a squamous carcinoma's depth is not.
_MELANOMA_DEPTH = (
    re.compile(
        r"\bdepth\s+of\s+(?:tumou?r\s+)?invasion[^.\d]{0,30}(?P<mm>\d{1,2}(?:[.,]\d{1,2})?)\s*"
        r"(?P<unit>mm|cm)\b"
    ),
    re.compile(
        r"(?<![\d.,])(?P<mm>\d{1,2}(?:[.,]\d{1,2})?)\s*(?P<unit>mm|cm)\s+(?:in\s+)?"
        r"(?:thickness|thick\b|\(?breslow)"
    ),
)


def _breslow(ctx: ReportContext) -> tuple[float, re.Match[str]] | None:
    """The thickest affirmed melanoma thickness the report gives, in millimetres."""
    if not any(word in ctx.low for word in ("thick", "breslow", "depth")):
        return None
    patterns = (_BRESLOW, *_MELANOMA_DEPTH) if "melanoma" in ctx.low else (_BRESLOW,)
    found = []
    for pattern in patterns:
        for match in pattern.finditer(ctx.low):
            if ctx.certainty(match.start(), match.end()) != AFFIRMED:
                continue
            value = float(match.group("mm").replace(",", "."))
            found.append((value * (10 if match.group("unit") == "cm" else 1), match))
    return max(found, key=lambda item: item[0]) if found else None


# Findings that are themselves a denial ("no extraprostatic extension", "confined to the
# testis"): the denial checks in `_stands` do not apply to them.
_ABSENCE_FINDINGS = frozenset(
    (
        _EXTENSION_RULES["prostate"][0][0],
        _EXTENSION_RULES["testis"][0][0],
        _NOT_THROUGH,
        _INTO_NOT_THROUGH_PLEURA,
    )
)
_OTHER_FINDINGS = {"breast": ((_MICROINVASION, "T1mi"),)}
_NEEDLES: dict[re.Pattern[str], set[str] | None] = {
    pattern: _needles(pattern.pattern)
    for table in (_EXTENSION_RULES, _EXTENSION_RULES_7TH, _WALL_LAYERS, _OTHER_FINDINGS)
    for rules in table.values()
    for pattern, _ in rules
}
# Uveal melanoma (7th and 8th): T from the largest basal diameter and the thickness (height),
# read from the AJCC grid. Rows: thickness up to 3, 6, 9, 12, 15 mm, then over 15; columns:
# basal diameter up to 3, 6, 9, 12, 15, 18 mm, then over 18.
_UVEAL_GRID = (
    (1, 1, 1, 1, 2, 2, 4),
    (1, 1, 1, 2, 2, 3, 4),
    (2, 2, 2, 2, 3, 3, 4),
    (3, 3, 3, 3, 3, 3, 4),
    (3, 3, 3, 3, 3, 4, 4),
    (4, 4, 4, 4, 4, 4, 4),
)
_UVEAL_BOUNDS = (3.0, 6.0, 9.0, 12.0, 15.0, 18.0)
_MM = r"(?P<mm>\d{1,2}(?:\.\d{1,2})?)\s*mm"
_UVEAL_BASE = (
    re.compile(
        r"\b(?:largest\s+basal\s+diameter|basal\s+diameter|lbd|large(?:st)?\s+diameter|base)\b"
        rf"[^.\d]{{0,30}}{_MM}"
    ),
    re.compile(rf"{_MM}\s+(?:in\s+)?base\b"),
)
_UVEAL_HEIGHT = (
    re.compile(rf"\b(?:apical\s+height|height|thickness|prominence)\b[^.\d]{{0,30}}{_MM}"),
    re.compile(rf"{_MM}\s+(?:in\s+)?(?:height|thickness)\b"),
)


def _largest_measure(
    ctx: ReportContext, patterns: tuple[re.Pattern[str], ...]
) -> re.Match[str] | None:
    """The largest affirmed measurement one of the patterns finds, in millimetres."""
    found = [
        match
        for pattern in patterns
        for match in pattern.finditer(ctx.low)
        if ctx.certainty(match.start(), match.end()) == AFFIRMED
    ]
    return max(found, key=lambda match: float(match.group("mm"))) if found else None


def _uveal_t(ctx: ReportContext) -> ExtractedFact | None:
    """T of a uveal melanoma from its largest basal diameter and thickness.

    A report that gives one measure only is placed in the lowest cell its measure allows.
    """
    base = _largest_measure(ctx, _UVEAL_BASE)
    height = _largest_measure(ctx, _UVEAL_HEIGHT)
    if base is None and height is None:
        return None
    column = sum(float(base.group("mm")) > bound for bound in _UVEAL_BOUNDS) if base else 0
    row = sum(float(height.group("mm")) > bound for bound in _UVEAL_BOUNDS[:5]) if height else 0
    anchor = base if base is not None else height
    if anchor is None:
        return None
    return _derived("t", f"T{_UVEAL_GRID[row][column]}", anchor, ctx.text)


_FIGO_TO_T = {"I": "T1", "II": "T2", "III": "T3"}
_FIGO_STAGE = re.compile(r"(?P<roman>IV|I{1,3})(?P<letter>[ABC]?)(?P<digit>[1-3]?)$")


def _t_from_figo(organ: str, stage: str) -> str | None:
    """The AJCC T that a FIGO stage implies (FIGO IB1 -> T1b1, IIB -> T2b, IVA -> T4).

    Stages defined by nodes or distant spread say nothing of T: IVB everywhere, stage IV of
    the ovary, and IIIC of the cervix and the endometrium (2009 and 2018 nodal stages).
    """
    match = _FIGO_STAGE.match(stage)
    if match is None:
        return None
    roman, letter, digit = match.group("roman", "letter", "digit")
    if roman == "IV" and (organ == "ovary" or letter == "B"):
        return None
    if organ in ("cervix", "uterus") and roman == "III" and letter == "C":
        return None
    if roman == "IV":
        return "T4"
    return _FIGO_TO_T[roman] + letter.lower() + (digit if letter else "")


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


# A finding the report then denies: "muscularis propria is free of tumor", "serosal surface
# smooth and glistening", "bone: uninvolved". The gap may not run into the next clause.
_DENIED_AFTER = re.compile(
    r"(?:(?!\band\b|\bbut\b)[^.;,]){0,30}?\b(?:not\s+(?:involved|invaded|identified|present|seen)"
    r"|uninvolved|free\s+of|negative\b|unremarkable|intact|spared|smooth|glistening|absent\b)"
)
# A negation inside the finding's own words, governing the structure it ends on
# ("invading, free of bone").
_DENIED_WITHIN = re.compile(
    r"\b(?:no|not|without|free\s+of|negative\s+for)\b(?:\W+\w+){0,3}\W*$|uninvolv|\bnot\s+involv"
)
# A layer of the wall counts only as the depth the tumor reached: a verb of invasion or a
# checklist label before it in the clause ("invades the submucosa", "Depth: submucosa"),
# not a layer merely named ("lipoma of the submucosa", "perigastric lymph nodes").
_INVADING_BEFORE = re.compile(
    r"(?:invad|invasi|infiltrat|extend|extension|penetrat|perforat|involv|into\b|through|reach|depth"
    r"|as\s+far\s+as|up\s+to\s+the\b"
    r"|extent|level|confined|limited|spread|growth|grow)"
)
# ... or named as invaded after it: "submucosal invasion", "muscularis propria involved".
_INVADING_AFTER = re.compile(
    r"\w*\s+(?:invasion|involvement|infiltration|extension|invaded|involved)"
)
# A structure named as a node's station ("involving two mediastinal lymph nodes") is nodal
# disease, not the primary's extent; so is anything "metastatic carcinoma" involves.
_NODE_AFTER = re.compile(r"\s+(?:[\w\-]+\s+)?(?:lymph|nodes?\b)")


# OCR turns line breaks into ". ": a stop right after a word that cannot end a sentence
# ("as far as the. pericolic fat", "invasive into. subserosa") does not end the clause.
_OCR_BREAK = re.compile(r"\b(?:the|of|into|to|a|an|and|with|as|by|in|through|far|beyond)\.\s*$")


def _clause_start(ctx: ReportContext, start: int, end: int) -> int:
    """Where the clause around a finding begins, reading across OCR line-break stops."""
    left, _ = ctx.sentence(start, end)
    for _ in range(2):
        if left <= 1 or not _OCR_BREAK.search(ctx.low, max(0, left - 12), left):
            break
        left, _ = ctx.sentence(left - 2, left - 1)
    return left


def _stands(ctx: ReportContext, pattern: re.Pattern[str], match: re.Match[str], wall: bool) -> bool:
    """Whether a finding is affirmed as the tumor's own extent, not denied or merely named."""
    low = ctx.low
    label = _LABEL_VALUE.match(low, match.end())
    if label and label.group("value") not in _AFFIRMING:
        return False
    if pattern not in _ABSENCE_FINDINGS and (
        _DENIED_WITHIN.search(match.group(0)) or _DENIED_AFTER.match(low, match.end())
    ):
        return False
    if _NODE_AFTER.match(low, match.end()):
        return False
    left = _clause_start(ctx, match.start(), match.end())
    if "metasta" in low[max(left, match.start() - 40) : match.start()]:
        return False
    if wall:
        clause = low[max(left, match.start() - 80) : match.end()]
        if not _INVADING_BEFORE.search(clause) and not _INVADING_AFTER.match(low, match.end()):
            return False
    return ctx.certainty(match.start(), match.end()) == AFFIRMED


def _deepest(
    ctx: ReportContext, rules: tuple[tuple[re.Pattern[str], str], ...], wall: bool = False
) -> tuple[str, re.Match[str]] | None:
    """The highest category whose finding the report affirms (`wall`: a depth of invasion)."""
    found: tuple[str, re.Match[str]] | None = None
    low = ctx.low
    for pattern, category in rules:
        needles = _NEEDLES[pattern]
        if needles is not None and not any(needle in low for needle in needles):
            continue
        for match in pattern.finditer(low):
            if _stands(ctx, pattern, match, wall):
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


# Head and neck subsites in the words reports use; the first one named is the tumor's.
_SUBSITE = re.compile(
    r"\b(?:(?P<larynx>laryn\w*|(?:supra|sub)?glott\w*|epiglott\w*|vocal\s+cords?)"
    r"|(?P<pharynx>base\s+of\s+(?:the\s+)?tongue|tongue\s+base|tonsil\w*|oropharyn\w*|hypopharyn\w*"
    r"|pyriform|piriform|nasopharyn\w*)"
    r"|(?P<oral>tongue|floor\s+of\s+(?:the\s+)?mouth|oral\s+cavity|gingiv\w*|buccal|palat\w*"
    r"|retromolar|mandib\w*|alveolar\s+ridge))"
)
# Oral cavity (8th edition only): depth of invasion joins size.
_DEPTH_OF_INVASION = re.compile(
    r"\bdepth\s+of\s+(?:tumou?r\s+)?invasion[^.\d]{0,20}(?P<value>\d{1,2}(?:\.\d{1,2})?)\s*(?P<unit>mm|cm)\b"
)


def _head_neck_subsite(ctx: ReportContext) -> str:
    """ "larynx", "pharynx" or "oral": the first subsite a head and neck report names."""
    found = _SUBSITE.search(ctx.low)
    return found.lastgroup or "" if found else ""


def _oral_cavity_t(size: ExtractedFact | None, ctx: ReportContext) -> ExtractedFact | None:
    """8th-edition oral cavity T from size and depth of invasion: the higher of the two
    (size up to 2 cm, 4 cm, beyond; depth up to 5 mm, 10 mm, beyond)."""
    depth = _DEPTH_OF_INVASION.search(ctx.low) if "depth" in ctx.low else None
    if depth is None or ctx.certainty(depth.start(), depth.end()) != AFFIRMED:
        return None
    millimetres = float(depth.group("value")) * (10 if depth.group("unit") == "cm" else 1)
    by_depth = 1 if millimetres <= 5 else 2 if millimetres <= 10 else 3
    by_size = 0
    if size is not None:
        by_size = 1 if float(size.value) <= 20 else 2 if float(size.value) <= 40 else 3
    if by_size > by_depth and size is not None:
        return _derived("t", f"T{by_size}", size)
    return _derived("t", f"T{by_depth}", depth, ctx.text)


# Organs resected with the primary whose own nodules are measured in the same report.
_NEIGHBOUR_ORGANS = {"kidney": re.compile(r"adrenal"), "thyroid": re.compile(r"parathyroid")}


def _other_organs_size(ctx: ReportContext, organ: str, size: ExtractedFact) -> bool:
    """Whether a size belongs to a neighbour organ's lesion ("adrenal nodule, 4.5 cm")."""
    neighbour = _NEIGHBOUR_ORGANS.get(organ)
    if neighbour is None:
        return False
    left, _ = ctx.sentence(size.start, size.end)
    return bool(neighbour.search(ctx.low, max(left, size.start - 80), size.start))


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
    subsite = _head_neck_subsite(ctx) if organ == "head_neck" else ""
    if subsite == "larynx":
        size_rule, extension_rules = None, _EXTENSION_RULES["larynx"]
    if edition < 8:
        size_rule = _SIZE_RULES_7TH.get(organ, size_rule)
        extension_rules = _EXTENSION_RULES_7TH.get(organ, extension_rules)
    largest = None
    sizes = [fact for fact in sizes if not _other_organs_size(ctx, organ, fact)]
    if size_rule and sizes:
        best = max(sizes, key=lambda fact: (fact.confidence, float(fact.value)))
        tier = [fact for fact in sizes if fact.confidence == best.confidence]
        largest = max(tier, key=lambda fact: float(fact.value))
        size = float(largest.value)
        category = next(t for bound, t in size_rule if size <= bound)
        candidates.append(_derived("t", category, largest))
    if subsite == "oral" and edition >= 8:
        oral = _oral_cavity_t(largest, ctx)
        if oral is not None:
            candidates.append(oral)
    found = _deepest(ctx, extension_rules)
    if found:
        candidates.append(_derived("t", found[0], found[1], ctx.text))
    if organ in _WALL_LAYERS:
        found = _deepest(ctx, _WALL_CHECKLIST.get(organ, ()), True) or _deepest(
            ctx, _WALL_LAYERS[organ], True
        )
        if found:
            candidates.append(_derived("t", found[0], found[1], ctx.text))
    if organ == "breast" and not candidates and "microinvas" in ctx.low:
        microinvasion = _deepest(ctx, _OTHER_FINDINGS["breast"])
        if microinvasion:
            candidates.append(_derived("t", "T1mi", microinvasion[1], ctx.text))
    if organ == "liver" and sizes:
        multiple = _deepest(ctx, ((_LIVER_MULTIPLE, "T3"),))
        if multiple and max(float(fact.value) for fact in sizes) > _LIVER_MULTIPLE_LARGE_MM:
            candidates.append(_derived("t", "T3", multiple[1], ctx.text))
    if organ == "skin":
        breslow = _breslow(ctx)
        if breslow:
            depth, match = breslow
            category = "T1" if depth <= 1 else "T2" if depth <= 2 else "T3" if depth <= 4 else "T4"
            candidates.append(_derived("t", category, match, ctx.text))
    if organ == "eye":
        uveal = _uveal_t(ctx)
        if uveal is not None:
            candidates.append(uveal)
    if organ in ("cervix", "uterus", "ovary") and figo:
        staged = _t_from_figo(organ, figo[0].value)
        if staged is not None:
            # The stage the report states sums up the extent; it outranks single findings.
            return _derived("t", staged, figo[0])
    if not candidates:
        return None
    return max(candidates, key=lambda fact: fact.value)


_NODE_NEGATIVE = re.compile(
    r"negative\s+for|\bno\s+(?:evidence\s+of\s+)?(?:\w+\s+)?(?:tumou?r|carcinoma|metasta|malignan|neoplas)"
    r"|free\s+of\s+(?:\w+\s+)?(?:tumou?r|carcinoma|metasta)|\bbenign\b|\breactive\b|\bwithout\s+"
    r"(?:evidence\s+of\s+)?(?:\w+\s+)?(?:tumou?r|carcinoma|metasta)|\bnegative\b|\(0/\d"
    # A checklist question answered no: "Lymph node metastases?: No", "...carcinoma: None",
    # and OCR's "o" for a zero count.
    r"|\?*\s*:\s*(?:no|none|nil|o|0)\b(?!\s*(?:/|of\b))"
)
_NODE_POSITIVE = re.compile(
    r"metasta\w*\s+(?:\w+\s+){0,3}?(?:carcinoma|adenocarcinoma|tumou?r|melanoma|seminoma|disease)"
    r"|positive\s+for|involved\s+by|with\s+metasta|\bmetastases\b"
)
# Lung node stations 2–9 (mediastinal, subcarinal) are N2; 10–14 (hilar, intrapulmonary) N1.
# Pleural mesothelioma (7th edition) uses the same stations and adds the internal mammary
# nodes to N2.
_STATION_WORDS = r"(?:[2-9][lr]?|two|three|four|five|six|seven|eight|nine)"
_LUNG_N2 = re.compile(
    r"mediastin|subcarinal|paratracheal|aortopulmonary|para-?esophageal|pulmonary\s+ligament"
    rf"|\b(?:level|station)\s*{_STATION_WORDS}\b|\b[lr]\s?[2-9][lr]?\b"
)
_PLEURA_N2 = re.compile(_LUNG_N2.pattern + r"|internal\s+mammary")
_STATION_N2 = {"lung": _LUNG_N2, "pleura": _PLEURA_N2}
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
            stations = _STATION_N2.get(organ)
            category = "N2" if stations and stations.search(clause) else "N1"
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
    stations_n2 = _STATION_N2.get(organ)
    if stations_n2 and count > 0 and category < "N2":
        stations = [
            fact
            for fact in positive
            if int(fact.value) > 0 and stations_n2.search(_around(ctx, fact))
        ]
        if stations:
            category, chosen = "N2", stations[0]
        else:
            clause = _positive_station_clause(ctx, stations_n2)
            if clause is not None:
                return _clause_fact(ctx, clause[0], clause[1], "N2", _CONFIDENCE, DERIVED)
    return _derived("n", category, chosen)


def _positive_station_clause(
    ctx: ReportContext, stations: re.Pattern[str]
) -> tuple[int, int] | None:
    """A sentence that puts metastases in an N2 station ("subcarinal lymph node with metastatic
    carcinoma") when the counts themselves do not say where the positive nodes were."""
    low = ctx.low
    for position in ctx.positions(("lymph", "node", "nodes")):
        left, right = ctx.sentence(position, position + 5)
        clause = low[left:right]
        if (
            stations.search(clause)
            and _NODE_POSITIVE.search(clause)
            and not _NODE_NEGATIVE.search(clause)
        ):
            return left, right
    return None


def _around(ctx: ReportContext, fact: ExtractedFact) -> str:
    left, right = ctx.sentence(fact.start, fact.end)
    return ctx.low[max(left, fact.start - 120) : right]


def _total_near(fact: ExtractedFact, examined: list[ExtractedFact]) -> str:
    same = next((other for other in examined if other.start == fact.start), None)
    return same.value if same else ""
