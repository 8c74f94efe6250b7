"""Tumor markers and gene alterations as pathology and molecular reports state them.

Covers receptor immunohistochemistry (ER/PR percent and Allred, HER2 IHC 0–3+ and ISH),
Ki-67, mismatch repair (MLH1, MSH2, MSH6, PMS2 retained or lost; MSI-H/MSS), PD-L1 (TPS,
CPS), tumor mutational burden, and the driver genes therapy rules use. Statuses follow
ASCO/CAP: ER/PR positive from 1 % stained nuclei; HER2 3+ or ISH amplified positive, 2+
equivocal; PD-L1 positive from TPS 1 % or CPS 1; TMB high from 10 mut/Mb. Pure: no Django.
"""

from __future__ import annotations

import re

from secondlook.oncology.extraction_context import (
    AFFIRMED,
    NEGATED,
    NOT_ASSESSABLE,
    UNCERTAIN,
    ReportContext,
)
from secondlook.oncology.facts import Biomarker, ExtractedFact

_I = re.IGNORECASE

_RECEPTOR = re.compile(
    r"\b(?:(?P<er>(?i:o?estrogen\s+receptors?)(?:\s*\(ER\))?|ER(?:-?alpha)?)"
    r"|(?P<pr>(?i:progesterone\s+receptors?)(?:\s*\(PR\))?|PgR|PR))\b(?!-)",
)
_HER2 = re.compile(r"\b(?:HER-?2(?:\s*/\s*neu)?|HER2/neu|c-?erbB-?2)\b(?!\s+(?:mutation|exon))", _I)
_KI67 = re.compile(
    r"\bKi-?\s?67\b(?:\s*\(MIB-?1\))?[^.;%]{0,40}?(?P<pct><?\s?\d{1,3}(?:\.\d)?)\s*%", _I
)
_MSI = re.compile(
    r"\b(?P<high>MSI-?H(?:igh)?|microsatellite\s+instability[\s-]+high|high\s+(?:level\s+)?microsatellite\s+instability)"
    r"|\b(?P<stable>MSS|microsatellite[\s-]+stable)"
    r"|\b(?P<low>MSI-?L(?:ow)?|microsatellite\s+instability[\s-]+low)\b",
    _I,
)
_MMR_PROTEIN = re.compile(r"\b(?P<gene>MLH-?1|MSH-?2|MSH-?6|PMS-?2)\b", _I)
_MMR_STATE = re.compile(
    r"\b(?P<lost>lost|loss|absent|deficient|not\s+expressed|negative|no\s+(?:nuclear\s+)?(?:staining|expression))"
    r"|\b(?P<kept>intact|retained|preserved|present|expressed|positive|normal)",
    _I,
)
_PDL1 = re.compile(r"\bPD-?L1\b(?:\s*\([\w\s\-]{1,20}\))?", _I)
_TPS = re.compile(
    r"\b(?:TPS|tumou?r\s+proportion\s+score)(?:\s*\(TPS\))?\s*(?:of\s+)?[:\-=]?\s*"
    r"(?P<v>[<>]?\s?\d{1,3})\s*%?",
    _I,
)
_CPS = re.compile(
    r"\b(?:CPS|combined\s+positive\s+score)(?:\s*\(CPS\))?\s*(?:of\s+)?[:\-=]?\s*"
    r"(?P<v>[<>]?\s?\d{1,3})",
    _I,
)
_TMB = re.compile(
    r"\b(?:TMB|tumou?r\s+mutation(?:al)?\s+burden)\b[^.;]{0,30}?(?:(?P<v>\d{1,3}(?:\.\d{1,2})?)\s*"
    r"(?:mut(?:ation)?s?\s*/\s*Mb|mutations\s+per\s+megabase)|(?P<word>high|low|intermediate))",
    _I,
)
_GENE = re.compile(
    r"\b(?P<gene>EGFR|ALK|ROS-?1|KRAS|NRAS|HRAS|BRAF|NTRK[1-3]?|RET|MET|ERBB2|BRCA-?[12]|PIK3CA|"
    r"IDH-?[12]|FGFR[1-4]|KIT|PDGFRA|TP53|ESR1|POLE)\b(?!-\w)"
)
_ALTERATION = re.compile(
    r"\b(?:p\.)?(?P<protein>[ACDEFGHIKLMNPQRSTVWY]\d{1,4}(?:[ACDEFGHIKLMNPQRSTVWYX]|fs\*?\d*|\*|del))(?![a-z0-9])"
    r"|\b(?i:exon)\s*(?P<exon>\d{1,2})\s*(?P<exon_change>(?i:deletion|insertion|skipping|mutation|del|ins))"
    r"|\b(?P<kind>(?i:fusion|rearrangement|rearranged|translocation|amplification|amplified|"
    r"pathogenic\s+variant|likely\s+pathogenic|mutation|mutated|mutant|variant|deletion|insertion|skipping))",
)
_NEGATIVE_WORD = re.compile(
    r"\b(?:not\s+detected|negative|no\s+(?:\w+\s+)?(?:mutation|alteration|fusion|rearrangement|amplification|"
    r"variant)s?|wild[\s-]?type|WT\b|not\s+amplified|non-?amplified|not\s+identified|absent)",
    _I,
)
_POSITIVE_WORD = re.compile(r"\b(?:positive|detected|present|identified|pos\b|\(\+\))", _I)
_PERCENT = re.compile(r"(?P<pct>[<>]?\s?\d{1,3}(?:\.\d)?)\s*%")
_ALLRED = re.compile(
    r"\ballred(?:\s+score)?\s*(?:of\s+)?[:\-=]?\s*(?P<score>[0-8])(?:\s*/\s*8)?", _I
)
_STATUS_WORD = re.compile(
    r"\b(?P<neg>negative|neg\b|not\s+detected)|\b(?P<low>low\s+positive|weakly\s+positive)"
    r"|\b(?P<pos>positive|pos\b)|\b(?P<eq>equivocal|borderline)",
    _I,
)
_IHC_SCORE = re.compile(
    r"(?<![\d.])(?P<score>[0-3])\s?\+|\bscore\s*(?:of\s+)?[:\-=]?\s*(?P<bare>[0-3])\b"
    r"|\b(?:IHC|immunohistochemistry)\)?\s*:\s*(?P<after_label>[0-3])\b(?![.,]\d|\s*%)",
    _I,
)
_ISH = re.compile(
    r"\b(?P<neg>not\s+amplified|non-?amplified|no\s+amplification)|\b(?P<pos>amplified|amplification)\b",
    _I,
)

_GENE_NAMES = {
    "ROS-1": "ROS1",
    "BRCA-1": "BRCA1",
    "BRCA-2": "BRCA2",
    "IDH-1": "IDH1",
    "IDH-2": "IDH2",
}


_RECEPTOR_STEMS = ("estrogen", "oestrogen", "progesterone", "er", "pr", "pgr")
_HER2_STEMS = ("her2", "her-2", "her 2", "c-erb", "cerb")
_MSI_STEMS = ("msi", "mss", "microsatellite", "high level microsatellite", "high microsatellite")
_MMR_STEMS = ("mlh", "msh", "pms")
_PDL1_STEMS = ("pd-l1", "pdl1", "pd l1")
_TMB_STEMS = ("tmb", "tumor mutation", "tumour mutation")
_GENE_STEMS = (
    "egfr",
    "alk",
    "ros",
    "ros1",
    "ros-1",
    "kras",
    "nras",
    "hras",
    "braf",
    "ntrk",
    "ntrk1",
    "ntrk2",
    "ntrk3",
    "ret",
    "met",
    "erbb2",
    "brca",
    "brca1",
    "brca2",
    "brca-1",
    "brca-2",
    "pik3ca",
    "idh",
    "idh1",
    "idh2",
    "idh-1",
    "idh-2",
    "fgfr",
    "fgfr1",
    "fgfr2",
    "fgfr3",
    "fgfr4",
    "kit",
    "pdgfra",
    "tp53",
    "esr1",
    "pole",
)
STEMS = (
    _RECEPTOR_STEMS
    + _HER2_STEMS
    + ("ki-67", "ki67", "ki 67")
    + _MSI_STEMS
    + _MMR_STEMS
    + _PDL1_STEMS
    + _TMB_STEMS
    + _GENE_STEMS
)


def _window(ctx: ReportContext, start: int, end: int) -> tuple[int, str]:
    """The rest of the mention's sentence, capped: where its result is written."""
    _, right = ctx.sentence(start, end)
    return end, ctx.text[end : min(right, end + 120)]


def _fact(
    text: str,
    start: int,
    end: int,
    marker: Biomarker,
    confidence: float,
    certainty: str = AFFIRMED,
) -> ExtractedFact:
    source = f"chars {start}-{end}"
    marker = Biomarker(marker.name, marker.alteration, marker.status, marker.value, source)
    if certainty == NEGATED and marker.status == "negative":
        # "Progesterone receptor: negative" affirms a negative result.
        certainty = AFFIRMED
    return ExtractedFact(
        "biomarker",
        marker.status,
        text[start:end],
        start,
        end,
        confidence,
        certainty,
        biomarker=marker,
    )


def _status_from_words(window: str) -> str:
    match = _STATUS_WORD.search(window)
    if not match:
        return ""
    if match.group("neg"):
        return "negative"
    if match.group("eq"):
        return "equivocal"
    return "positive"


def receptor_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(_RECEPTOR, ctx.word_positions(_RECEPTOR_STEMS), 0, 40):
        name = "ER" if match.group("er") else "PR"
        _, window = _window(ctx, match.start(), match.end())
        window = window[:90]
        percent = _PERCENT.search(window)
        allred = _ALLRED.search(window)
        status = _status_from_words(window[:60])
        value_parts = []
        if percent:
            value_parts.append(percent.group("pct").replace(" ", "") + "%")
            number = float(percent.group("pct").lstrip("<> "))
            if not status:
                status = (
                    "positive"
                    if number >= 1 and not percent.group("pct").startswith("<")
                    else "negative"
                )
        if allred:
            value_parts.append(f"Allred {allred.group('score')}/8")
            if not status:
                status = "positive" if int(allred.group("score")) >= 3 else "negative"
        certainty = ctx.certainty(match.start(), match.end())
        if certainty == NEGATED and not status:
            status, certainty = "negative", AFFIRMED
        if not status:
            continue
        last = max([match.end()] + [m.end() + match.end() for m in (percent, allred) if m])
        stop = _STATUS_WORD.search(window[:60])
        if stop:
            last = max(last, match.end() + stop.end())
        facts.append(
            _fact(
                text,
                match.start(),
                last,
                Biomarker(name, "", status, ", ".join(value_parts)),
                0.85,
                certainty,
            )
        )
    return facts


def her2_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(_HER2, ctx.positions(_HER2_STEMS), 0, 40):
        _, window = _window(ctx, match.start(), match.end())
        window = window[:110]
        ihc = _IHC_SCORE.search(window)
        ish = _ISH.search(window)
        status, alteration, value = "", "", ""
        if ish:
            alteration = "amplification"
            status = "negative" if ish.group("neg") else "positive"
            value = "ISH not amplified" if ish.group("neg") else "ISH amplified"
        elif ihc:
            score = ihc.group("score") or ihc.group("bare") or ihc.group("after_label")
            value = "IHC 0" if score == "0" else f"IHC {score}+"
            status = {"3": "positive", "2": "equivocal"}.get(score, "negative")
        else:
            status = _status_from_words(window[:50])
        certainty = ctx.certainty(match.start(), match.end())
        if certainty == NOT_ASSESSABLE:
            status = "unknown"
        if not status:
            continue
        end = match.end() + max((m.end() for m in (ish, ihc) if m), default=0)
        facts.append(
            _fact(
                text,
                match.start(),
                end,
                Biomarker("HER2", alteration, status, value),
                0.85,
                certainty,
            )
        )
    return facts


def ki67_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(_KI67, ctx.positions(("ki-67", "ki67", "ki 67")), 0, 80):
        value = match.group("pct").replace(" ", "") + "%"
        number = float(value.strip("<>%"))
        status = "positive" if number >= 20 else "negative"
        facts.append(
            _fact(text, match.start(), match.end(), Biomarker("KI-67", "", status, value), 0.85)
        )
    return facts


def mmr_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(_MSI, ctx.positions(_MSI_STEMS), 0, 60):
        certainty = ctx.certainty(match.start(), match.end())
        if match.group("high"):
            status = "negative" if certainty == NEGATED else "positive"
            marker = Biomarker("MSI", "MSI-H", status, "MSI-H")
        elif match.group("stable"):
            marker = Biomarker("MSI", "MSI-H", "negative", "MSS")
        else:
            marker = Biomarker("MSI", "MSI-H", "negative", "MSI-L")
        facts.append(
            _fact(
                text,
                match.start(),
                match.end(),
                marker,
                0.85,
                AFFIRMED if certainty == NEGATED else certainty,
            )
        )
    proteins = list(ctx.finditer(_MMR_PROTEIN, ctx.positions(_MMR_STEMS), 0, 10))
    lost_any = None
    for index, match in enumerate(proteins):
        following = proteins[index + 1].start() if index + 1 < len(proteins) else len(text)
        _, window = _window(ctx, match.start(), match.end())
        segment = text[match.end() : min(following, match.end() + len(window))]
        state = _MMR_STATE.search(segment) or _MMR_STATE.search(window[:120])
        if not state:
            continue
        gene = match.group("gene").upper().replace("-", "")
        lost = bool(state.group("lost"))
        end = match.end() if state.start() > 40 else match.end() + state.end()
        marker = Biomarker(
            gene,
            "loss of expression",
            "positive" if lost else "negative",
            "lost" if lost else "retained",
        )
        fact = _fact(text, match.start(), end, marker, 0.8)
        facts.append(fact)
        if lost and lost_any is None:
            lost_any = fact
    if lost_any is not None:
        deficient = Biomarker("MMR", "deficient", "positive", "dMMR")
        facts.append(_fact(text, lost_any.start, lost_any.end, deficient, 0.75))
    return facts


def pdl1_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(_PDL1, ctx.positions(_PDL1_STEMS), 0, 30):
        _, window = _window(ctx, match.start(), match.end())
        window = window[:120]
        for pattern, label, cutoff in ((_TPS, "TPS", 1.0), (_CPS, "CPS", 1.0)):
            score = pattern.search(window)
            if not score:
                continue
            raw = score.group("v").replace(" ", "")
            number = float(raw.lstrip("<>"))
            status = "positive" if number >= cutoff and not raw.startswith("<") else "negative"
            value = f"{label} {raw}{'%' if label == 'TPS' else ''}"
            facts.append(
                _fact(
                    text,
                    match.start(),
                    match.end() + score.end(),
                    Biomarker("PD-L1", "", status, value),
                    0.85,
                )
            )
        if not facts or facts[-1].start != match.start():
            percent = _PERCENT.search(window[:60])
            status = _status_from_words(window[:50])
            if percent:
                raw = percent.group("pct").replace(" ", "")
                status = status or (
                    "positive"
                    if float(raw.lstrip("<>")) >= 1 and not raw.startswith("<")
                    else "negative"
                )
                end = match.end() + percent.end()
                facts.append(
                    _fact(text, match.start(), end, Biomarker("PD-L1", "", status, raw + "%"), 0.75)
                )
            elif status:
                facts.append(
                    _fact(text, match.start(), match.end(), Biomarker("PD-L1", "", status, ""), 0.7)
                )
    return facts


def tmb_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts = []
    text = ctx.text
    for match in ctx.finditer(_TMB, ctx.positions(_TMB_STEMS), 0, 80):
        if match.group("v"):
            number = float(match.group("v"))
            value, status = f"{match.group('v')} mut/Mb", "positive" if number >= 10 else "negative"
        else:
            word = match.group("word").lower()
            value, status = f"TMB-{word}", "positive" if word == "high" else "negative"
        facts.append(
            _fact(
                text, match.start(), match.end(), Biomarker("TMB", "TMB-high", status, value), 0.85
            )
        )
    return facts


def gene_facts(ctx: ReportContext) -> list[ExtractedFact]:
    """Driver-gene results; a status after a gene list ("EGFR, ALK: negative") applies to each."""
    facts = []
    text = ctx.text
    genes = list(ctx.finditer(_GENE, ctx.word_positions(_GENE_STEMS), 0, 10))
    for index, match in enumerate(genes):
        gene = match.group("gene").upper()
        gene = _GENE_NAMES.get(gene, gene)
        _, window = _window(ctx, match.start(), match.end())
        next_start = (
            genes[index + 1].start() - match.end() if index + 1 < len(genes) else len(window)
        )
        own = window[: max(0, next_start)]
        if not (
            _ALTERATION.search(own) or _NEGATIVE_WORD.search(own) or _POSITIVE_WORD.search(own)
        ):
            own = window
        own = own[:100]
        alteration_match = _ALTERATION.search(own)
        alteration = _alteration_text(alteration_match)
        negative = _NEGATIVE_WORD.search(own)
        positive = _POSITIVE_WORD.search(own)
        certainty = ctx.certainty(match.start(), match.end())
        if not alteration and not negative and not positive:
            continue
        if certainty == NEGATED or (
            negative and (not positive or negative.start() <= positive.start())
        ):
            status, certainty = "negative", AFFIRMED
        elif certainty == UNCERTAIN:
            status = "equivocal"
        elif certainty == NOT_ASSESSABLE:
            status = "unknown"
        else:
            status = "positive"
        end = match.end()
        if alteration_match and alteration_match.start() < 40:
            end = match.end() + alteration_match.end()
        marker = Biomarker(gene, alteration, status, alteration)
        facts.append(_fact(text, match.start(), end, marker, 0.8, certainty))
    return facts


def _alteration_text(match: re.Match[str] | None) -> str:
    if match is None:
        return ""
    if match.group("protein"):
        return match.group("protein")
    if match.group("exon"):
        change = {"del": "deletion", "ins": "insertion"}.get(
            match.group("exon_change").lower(), match.group("exon_change").lower()
        )
        return f"exon {match.group('exon')} {change}"
    kind = match.group("kind").lower()
    return {
        "rearranged": "rearrangement",
        "amplified": "amplification",
        "mutated": "mutation",
        "mutant": "mutation",
        "likely pathogenic": "pathogenic variant",
    }.get(kind, kind)


def biomarker_facts(ctx: ReportContext) -> list[ExtractedFact]:
    facts: list[ExtractedFact] = []
    for finder in (
        receptor_facts,
        her2_facts,
        ki67_facts,
        mmr_facts,
        pdl1_facts,
        tmb_facts,
        gene_facts,
    ):
        facts.extend(finder(ctx))
    return facts
