"""Turn a pathology or molecular report into proposed diagnosis facts.

`extract(text)` reads one report and returns every fact it can support — primary site,
histology, grade, laterality, size, margins, nodes, LVI, TNM, AJCC edition, FIGO stage,
biomarkers — each with the words it rests on (`display` == `text[start:end]`), a
confidence, how the report means it (affirmed, negated, uncertain, not assessable), the
specimen part it belongs to, and whether a later addendum supersedes it. The facts are
proposals: a pathologist confirms or edits them, so the engine prefers to say what it saw
over guessing, and marks findings it derived (a T from a tumor size) as derived.

Rules follow reporting conventions (CAP synoptic wording, TNM notation, OCR noise), not
any one institution's template. Pure: no Django import; regexes are compiled once at
import, so one core reads hundreds of reports a second (see bench/extraction.py).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from secondlook.oncology import extraction_biomarkers, extraction_findings, extraction_tnm
from secondlook.oncology.extraction_biomarkers import biomarker_facts
from secondlook.oncology.extraction_context import (
    AFFIRMED,
    LAYOUT_STEMS,
    NEGATED,
    ReportContext,
    Vocabulary,
)
from secondlook.oncology.extraction_derived import derive_n, derive_t
from secondlook.oncology.extraction_findings import (
    grade_facts,
    laterality_facts,
    lvi_facts,
    margin_facts,
    node_facts,
    size_facts,
)
from secondlook.oncology.extraction_tnm import (
    edition_facts,
    figo_facts,
    n_rank,
    t_rank,
    tnm_facts,
)
from secondlook.oncology.facts import ExtractedFact, ExtractionResult
from secondlook.oncology.vocabulary import HISTOLOGIES, ORGAN_BY_KEY, ORGANS, Histology
from secondlook.oncology.vocabulary_codes import SUBSITES, oncotree_for

TOPOGRAPHY = "ICD-O-3 topography"
MORPHOLOGY = "ICD-O-3 morphology"
ONCOTREE = "OncoTree"

# A report names its diagnosis first; gross descriptions and history come after.
_LEADING_SHARE = 0.4
_MENTION_CAP = 8
_GENERIC_HISTOLOGIES = ("squamous", "adenocarcinoma", "small_cell", "adenosquamous", "mucinous")
_NOT_PRIMARY = ("metasta", "history of", "h/o", "prior", "previous")
_NEGATING_PREFIX = ("non-", "non ", "non")
# A histology that names its organ ("urothelial carcinoma") outweighs incidental organs
# in the same specimen (the prostate in a cystoprostatectomy).
_POINTS_TO_WEIGHT = 3.0
# Histologies that are one organ's term when the report names no organ: invasive ductal
# carcinoma (no special type) is the WHO name of the common breast cancer.
_ORGAN_TERMS = {"idc": "breast", "ilc": "breast"}
_SITE_FROM_HISTOLOGY_CONFIDENCE = 0.5
# A T line's heading ("TNM pathologic stage (urothelial carcinoma): T3b") says whose T it
# is: the primary's ranks with a prefixed category, another tumor's below a stated one.
_HEADING_REACH = 80
_PRIMARY_HEADING_CONFIDENCE = 0.95
_OTHER_TUMOR_CONFIDENCE = 0.6

VOCABULARY = Vocabulary(
    [stem for organ in ORGANS for stem in organ.stems]
    + [stem for histology in HISTOLOGIES for stem in histology.triggers]
    + list(extraction_findings.STEMS)
    + list(extraction_biomarkers.STEMS)
    + list(extraction_tnm.STEMS)
    + list(LAYOUT_STEMS)
)
# Every keyword that names an organ, with the organ it names.
_STEM_ORGAN = {
    longer: organ.key
    for organ in ORGANS
    for stem in organ.stems
    for longer in VOCABULARY.expand.get(stem, (stem,))
}


def extract(text: str, *, default_edition: int = 8) -> ExtractionResult:
    """All facts one report supports; `current(field)` gives the standing ones, best first.

    `default_edition` is the AJCC edition used to derive a T the report does not state,
    when the report does not name its edition either (8 for current reports; 7 for
    reports written 2010–2017).
    """
    if not text or not text.strip():
        return ExtractionResult(facts=())
    ctx = ReportContext(text, VOCABULARY)
    histology_scores, histology_mentions = _histology_mentions(ctx)
    organ, organ_fact = _primary_site(ctx, histology_scores, histology_mentions)
    facts: list[ExtractedFact] = []
    cancer_type = ""
    if organ_fact is not None:
        facts.append(organ_fact)
        cancer_type = oncotree_for(organ, histology_scores)
    histology = _histology_fact(organ, histology_scores, histology_mentions)
    if histology is not None:
        facts.append(histology)
    anchor = histology or organ_fact
    if cancer_type and anchor is not None and organ_fact is not None:
        facts.append(
            ExtractedFact(
                "cancer_type",
                cancer_type,
                anchor.display,
                anchor.start,
                anchor.end,
                round(min(organ_fact.confidence, 0.9), 2),
                code_system=ONCOTREE,
            )
        )
    sizes = size_facts(ctx)
    nodes = node_facts(ctx)
    figo = figo_facts(ctx)
    stated_tnm = _primary_tumor_first(ctx, tnm_facts(ctx), organ)
    facts.extend(stated_tnm)
    facts.extend(sizes)
    facts.extend(nodes)
    facts.extend(figo)
    editions = edition_facts(ctx)
    facts.extend(editions)
    facts.extend(margin_facts(ctx))
    facts.extend(lvi_facts(ctx))
    facts.extend(grade_facts(ctx))
    facts.extend(laterality_facts(ctx))
    facts.extend(biomarker_facts(ctx))
    if organ and not any(fact.field == "t" and fact.value != "TX" for fact in stated_tnm):
        edition = int(editions[0].value) if editions else default_edition
        derived_t = derive_t(ctx, organ, sizes, figo, edition)
        if derived_t is not None:
            facts.append(derived_t)
    if organ and not any(fact.field == "n" and fact.value != "NX" for fact in stated_tnm):
        positive = [fact for fact in nodes if fact.field == "nodes_positive"]
        examined = [fact for fact in nodes if fact.field == "nodes_examined"]
        derived_n = derive_n(ctx, organ, positive, examined)
        if derived_n is not None:
            facts.append(derived_n)
    placed = _place(facts, ctx)
    return ExtractionResult(facts=_registry_first(placed), cancer_type_code=cancer_type)


def _histology_mentions(ctx: ReportContext) -> tuple[dict[str, float], dict[str, ExtractedFact]]:
    """How strongly each histology is named (affirmed mentions, leading text counted double)."""
    text, low = ctx.text, ctx.low
    leading = max(1500, int(len(text) * _LEADING_SHARE))
    found: list[tuple[int, int, int, Histology]] = []
    for priority, histology in enumerate(HISTOLOGIES):
        for position in ctx.positions(histology.triggers):
            match = histology.pattern.match(low, position)
            if match and not low[max(0, position - 4) : position].endswith(_NEGATING_PREFIX):
                found.append((priority, match.start(), match.end(), histology))
    found.sort(key=lambda item: (item[0], item[1]))
    scores: dict[str, float] = {}
    first: dict[str, ExtractedFact] = {}
    counts: dict[str, int] = {}
    taken: list[tuple[int, int]] = []
    for _, start, end, histology in found:
        if counts.get(histology.key, 0) >= _MENTION_CAP:
            continue
        if any(low_end <= start < high_end for low_end, high_end in taken):
            continue
        certainty = ctx.certainty(start, end)
        if certainty == NEGATED:
            continue
        taken.append((start, end))
        counts[histology.key] = counts.get(histology.key, 0) + 1
        weight = 2.0 if start < leading else 1.0
        if certainty != AFFIRMED:
            weight *= 0.3
        scores[histology.key] = scores.get(histology.key, 0.0) + weight
        previous = first.get(histology.key)
        if previous is None or (previous.certainty != AFFIRMED and certainty == AFFIRMED):
            first[histology.key] = ExtractedFact(
                "histology",
                histology.morphology,
                text[start:end],
                start,
                end,
                0.8 if certainty == AFFIRMED else 0.5,
                certainty,
                code_system=MORPHOLOGY,
            )
    return scores, first


def _primary_site(
    ctx: ReportContext,
    histology_scores: dict[str, float],
    histology_mentions: dict[str, ExtractedFact],
) -> tuple[str, ExtractedFact | None]:
    """The organ the report is about: named most, early, and by its tumor's histology.

    A report that names no organ at all ("invasive ductal carcinoma (tumor diameter
    4.0 cm)") is placed by a histology that, said alone, is one organ's term; the site then
    rests on that histology's words.
    """
    text, low = ctx.text, ctx.low
    leading = max(1500, int(len(text) * _LEADING_SHARE))
    scores: dict[str, float] = {}
    firsts: dict[str, tuple[int, str]] = {}
    for organ in ORGANS:
        total = 0.0
        count = 0
        for stem in organ.stems:
            for longer in VOCABULARY.expand.get(stem, (stem,)):
                for position in ctx.hits.get(longer, ()):
                    if count >= _MENTION_CAP:
                        break
                    if any(cue in low[max(0, position - 30) : position] for cue in _NOT_PRIMARY):
                        continue
                    count += 1
                    total += 2.0 if position < leading else 1.0
                    if organ.key not in firsts or position < firsts[organ.key][0]:
                        firsts[organ.key] = (position, longer)
        if total:
            scores[organ.key] = total * organ.weight
    for histology in HISTOLOGIES:
        if histology.points_to and histology.key in histology_scores:
            key = histology.points_to
            scores[key] = scores.get(key, 0.0) + _POINTS_TO_WEIGHT * histology_scores[histology.key]
    if not scores:
        scores = _organ_by_histology_term(histology_mentions)
        if not scores:
            return "", None
    organ_key = max(scores, key=lambda key: scores[key])
    named_by_histology = {
        histology.points_to
        for histology in HISTOLOGIES
        if histology.points_to and histology.key in histology_scores
    }
    if (
        len(named_by_histology) == 1
        and organ_key not in named_by_histology
        and not _has_own_histology(organ_key, histology_scores)
    ):
        # The prostate named all through a cystoprostatectomy for urothelial carcinoma, with
        # no tumor of its own, is the specimen's; the organ the tumor's type names is the
        # primary.
        organ_key = next(iter(named_by_histology))
    if organ_key not in firsts:
        return organ_key, _site_from_histology(organ_key, histology_scores, histology_mentions)
    position, stem = firsts[organ_key]
    end = position + len(stem)
    while end < len(low) and low[end].isalpha():
        end += 1
    share = scores[organ_key] / sum(scores.values())
    code = _subsite_code(low, organ_key) or ORGAN_BY_KEY[organ_key].topography
    fact = ExtractedFact(
        "primary_site",
        code,
        text[position:end],
        position,
        end,
        round(0.4 + 0.55 * share, 2),
        code_system=TOPOGRAPHY,
    )
    return organ_key, fact


def _heading_organ(ctx: ReportContext, fact: ExtractedFact) -> str:
    """The organ the T line's own heading names ("STAGE (PROSTATIC ADENOCARCINOMA): T2a")."""
    left, _ = ctx.sentence(fact.start, fact.end)
    left = max(left, fact.start - _HEADING_REACH)
    named = ""
    last = -1
    for stem, key in _STEM_ORGAN.items():
        for position in ctx.hits.get(stem, ()):
            if left <= position < fact.start and position > last:
                named, last = key, position
    return named


def _primary_tumor_first(
    ctx: ReportContext, stated: list[ExtractedFact], organ: str
) -> list[ExtractedFact]:
    """Put the T stated for the case's primary above a T stated for a second tumor.

    A registrar abstracts the T given under the primary's heading ("TNM stage
    (urothelial carcinoma): T3b") and sets aside one given under another organ's heading
    (the incidental prostate cancer's "(prostatic adenocarcinoma): T2a"). A T whose
    heading names no organ keeps its rank.
    """
    t_facts = [fact for fact in stated if fact.field == "t" and not fact.value.startswith("TX")]
    if not organ or len({fact.value for fact in t_facts}) < 2:
        return stated
    headings = {id(fact): _heading_organ(ctx, fact) for fact in t_facts}
    if organ not in headings.values():
        return stated
    ranked = []
    for fact in stated:
        heading = headings.get(id(fact), "")
        if heading == organ:
            fact = replace(fact, confidence=max(fact.confidence, _PRIMARY_HEADING_CONFIDENCE))
        elif heading:
            fact = replace(fact, confidence=_OTHER_TUMOR_CONFIDENCE)
        ranked.append(fact)
    return ranked


def _has_own_histology(organ: str, scores: dict[str, float]) -> bool:
    """Whether the report names a tumor type that can arise in the organ (not "carcinoma")."""
    return any(
        histology.key in scores
        and histology.key != "carcinoma"
        and (not histology.organs or organ in histology.organs)
        and histology.points_to in ("", organ)
        for histology in HISTOLOGIES
    )


def _organ_by_histology_term(mentions: dict[str, ExtractedFact]) -> dict[str, float]:
    """The organ a histology names when said alone ("ductal carcinoma" is the breast's;
    "ductal adenocarcinoma" may be the pancreas's, so it names none)."""
    for key, organ in _ORGAN_TERMS.items():
        mention = mentions.get(key)
        if mention is not None and "adeno" not in mention.display.lower():
            return {organ: 1.0}
    return {}


def _site_from_histology(
    organ: str, scores: dict[str, float], mentions: dict[str, ExtractedFact]
) -> ExtractedFact | None:
    """The primary site of an organ named only by its tumor's histology, on those words."""
    named = [
        mentions[histology.key]
        for histology in HISTOLOGIES
        if histology.key in scores
        and histology.key in mentions
        and organ in (histology.points_to, _ORGAN_TERMS.get(histology.key))
    ]
    if not named:
        return None
    mention = named[0]
    return ExtractedFact(
        "primary_site",
        ORGAN_BY_KEY[organ].topography,
        mention.display,
        mention.start,
        mention.end,
        _SITE_FROM_HISTOLOGY_CONFIDENCE,
        mention.certainty,
        code_system=TOPOGRAPHY,
    )


def _subsite_code(low: str, organ: str) -> str:
    for stems, code in SUBSITES.get(organ, ()):
        if any(stem in low for stem in stems):
            return code
    return ""


def _histology_fact(
    organ: str, scores: dict[str, float], mentions: dict[str, ExtractedFact]
) -> ExtractedFact | None:
    """The most specific histology the report affirms that fits the organ."""
    generic = sorted(
        (key for key in _GENERIC_HISTOLOGIES if key in scores),
        key=lambda key: -scores[key],
    )
    ordered: list[Histology] = []
    generic_done = False
    for histology in HISTOLOGIES:
        if histology.key in _GENERIC_HISTOLOGIES:
            if not generic_done:
                ordered.extend(h for key in generic for h in HISTOLOGIES if h.key == key)
                generic_done = True
            continue
        ordered.append(histology)
    for histology in ordered:
        if histology.key not in scores:
            continue
        if histology.organs and organ not in histology.organs:
            continue
        if (
            histology.points_to
            and organ
            and histology.points_to != organ
            and histology.key != "dcis"
        ):
            continue
        return mentions[histology.key]
    return None


def _copy(fact: ExtractedFact, specimen: str, superseded: bool) -> ExtractedFact:
    """`dataclasses.replace` for the two fields placement sets, without its per-call cost."""
    return ExtractedFact(
        fact.field,
        fact.value,
        fact.display,
        fact.start,
        fact.end,
        fact.confidence,
        fact.certainty,
        specimen,
        fact.code_system,
        fact.biomarker,
        superseded,
    )


def _specimen(ctx: ReportContext, position: int) -> str:
    """The part a position belongs to; an addendum without its own part header has none."""
    label = ctx.part_at(position)
    section = ctx.addendum_at(position)
    if section and label:
        header = ctx.part_starts[bisect_right(ctx.part_starts, position) - 1]
        if header < ctx.addendum_starts[section - 1]:
            return ""
    return label


def _place(facts: list[ExtractedFact], ctx: ReportContext) -> list[ExtractedFact]:
    """Attach parts ("A", "2") and mark what a later addendum restates as superseded.

    An addendum that names its part replaces that part's statement; one that does not
    (the usual "ADDENDUM: ER positive") replaces the statement in whichever part made it.
    """
    if not ctx.part_starts and not ctx.addendum_starts:
        return facts
    placed = [(fact, _specimen(ctx, fact.start), ctx.addendum_at(fact.start)) for fact in facts]
    latest: dict[tuple[str, str, str], int] = {}
    for fact, specimen, section in placed:
        if section:
            key = (fact.field, fact.biomarker.name if fact.biomarker else "", specimen)
            latest[key] = max(latest.get(key, 0), section)
    result = []
    for fact, specimen, section in placed:
        marker = fact.biomarker.name if fact.biomarker else ""
        replaced_by = max(
            latest.get((fact.field, marker, specimen), 0), latest.get((fact.field, marker, ""), 0)
        )
        result.append(_copy(fact, specimen, section < replaced_by))
    return result


def _registry_first(facts: list[ExtractedFact]) -> tuple[ExtractedFact, ...]:
    """Order by position, but put the T, N and M a registrar would take first in their field.

    When a report states several categories (two tumors, two parts), the registry takes
    the highest among the best-supported ones. `ExtractionResult.current` sorts stably by
    confidence, so putting that fact first makes it `current("t")[0]`.
    """
    ordered = sorted(facts, key=lambda fact: fact.start)
    chosen: list[ExtractedFact] = []
    for field, rank in (("t", t_rank), ("n", n_rank), ("m", n_rank)):
        standing = [fact for fact in ordered if fact.field == field and not fact.superseded]
        if not standing:
            continue
        best = max(fact.confidence for fact in standing)
        tier = [fact for fact in standing if fact.confidence == best]
        if field == "t":
            tier = [fact for fact in tier if not fact.value.startswith("TX")] or tier
        chosen.append(max(tier, key=lambda fact: (rank(fact.value), fact.confidence)))
    rest = [fact for fact in ordered if not any(fact is pick for pick in chosen)]
    return tuple(chosen + rest)
