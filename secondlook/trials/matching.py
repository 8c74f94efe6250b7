"""Patient–trial matching: hard filters, ranking, and a reason for every criterion (pure).

The index is built once per registry refresh and then answers one patient in a few
milliseconds, so the whole registry is ranked for every case on the center's own
machine; no patient text leaves it. The search words are the patient's affirmed
findings (denials and relatives' illnesses dropped, case-presentation prose such as
"presents to the emergency department" left out, abbreviations spelled out), each
counted once. Ranking adds the signals a clinician would use:

1. BM25 (bm25s) over each trial's title, conditions, keywords, summary and criteria —
   what the trial talks about.
2. Condition coverage: how much of the trial's title and conditions (weighted by how
   rare each word is) the patient's description mentions. A trial *for* "type 2
   diabetes" should rank for a diabetic patient, not for one whose note says "diabetes"
   once in passing beside ten other words the trial repeats.
3. Agreement among the candidates (pseudo-relevance feedback): trials whose title words
   many other strong candidates share, and whose whole text resembles theirs, are about
   the patient's main problem rather than a side finding.
4. Structured facts: age and sex limits (from the record, or "children"/"infants" in a
   summary), studies of healthy volunteers (no place for a patient with a disease),
   cancer family, and the patient's positive biomarkers named by the trial.

Hard filters (recruiting, age, sex, cancer type, distance) drop a trial in the product;
the benchmark keeps every judged trial and lets the same checks push failures down.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np

from secondlook.oncology.facts import DiagnosisFacts
from secondlook.trials.criteria import ParsedCriterion
from secondlook.trials.evaluation import CriterionResult, evaluate_trial
from secondlook.trials.patient_text import affirmed_text
from secondlook.trials.vocabulary import (
    ABBREVIATIONS,
    BIOMARKER_NAMES,
    CANCER_FAMILIES,
    CANCER_SUBTYPES,
    FAMILY_OF_CODE,
    NARRATIVE_WORDS,
    SUBTYPE_OF_CODE,
    WORDLIKE_ABBREVIATIONS,
    cancer_families_in,
    cancer_subtypes_in,
    canonical_biomarker,
    is_pan_tumor,
)

OPEN_STATUSES = frozenset(
    {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}
)
COVERAGE_WEIGHT = 1.0
CONSENSUS_WEIGHT = 2.0
CONSENSUS_POOL = 200
LIKENESS_WEIGHT = 0.5
HEALTHY_VOLUNTEER_PENALTY = 1.0
FAMILY_BOOST = 0.5
BIOMARKER_BOOST = 0.3
OWN_SITE_BOOST = 0.5
FILTER_PENALTY = 2.0
EARTH_RADIUS_KM = 6371.0

_CHILDREN = re.compile(
    r"\b(child|children|childhood|pediatric|paediatric|infants?|neonat\w*|newborns?|preterm|adolescents?|kids|schoolchildren)\b",
    re.IGNORECASE,
)
_ADULTS = re.compile(
    r"\b(adults?|elderly|older|postmenopausal|men|women|veterans|aged)\b", re.IGNORECASE
)
_WORD = re.compile(r"[a-z0-9]+")
_HEALTHY_VOLUNTEERS = re.compile(
    r"\bhealthy\s+(volunteers?|adults?|subjects?|participants?|individuals?|men|women|males?"
    r"|females?|children|infants?|people|persons?|elderly|controls?|population)\b",
    re.IGNORECASE,
)
BIOMARKER_WORDS = re.compile(
    r"\b("
    + "|".join(
        re.escape(m)
        for m in sorted({canonical_biomarker(m) for m in BIOMARKER_NAMES}, key=len, reverse=True)
    )
    + r")(?!\w)"
)


def stem(words: Iterable[str]) -> list[str]:
    """A light English suffix stripper: "tumors"/"tumor", "treated"/"treat"."""
    out = []
    for word in words:
        for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: -len(suffix)] + replacement
                break
        out.append(word)
    return out


def words(text: str) -> list[str]:
    return stem(w for w in _WORD.findall(text.lower()) if w not in bm25s.stopwords.STOPWORDS_EN)


NARRATIVE_STEMS = frozenset(stem(NARRATIVE_WORDS))


def search_words(text: str) -> list[str]:
    """The patient's words worth searching with: no stop words, no narrative prose."""
    return [w for w in words(text) if w not in NARRATIVE_STEMS]


def age_in_years(value: str) -> float | None:
    """'18 Years', '6 Months', 'N/A' as years (None when there is no limit)."""
    match = re.match(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)", value or "")
    if not match:
        return None
    unit = (match.group(2) or "y").lower()[0]
    return float(match.group(1)) * {
        "y": 1.0,
        "m": 1 / 12,
        "w": 1 / 52,
        "d": 1 / 365,
        "h": 1 / 8760,
    }.get(unit, 1.0)


@dataclass(frozen=True)
class TrialSite:
    facility: str
    city: str = ""
    state: str = ""
    country: str = ""
    status: str = ""
    latitude: float | None = None
    longitude: float | None = None
    contact: str = ""

    @property
    def is_open(self) -> bool:
        return not self.status or self.status in OPEN_STATUSES


@dataclass(frozen=True)
class TrialDocument:
    nct_id: str
    title: str
    summary: str = ""
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    criteria: tuple[ParsedCriterion, ...] = ()
    minimum_age_years: float | None = None
    maximum_age_years: float | None = None
    sex: str = "ALL"
    overall_status: str = "RECRUITING"
    sites: tuple[TrialSite, ...] = ()


@dataclass(frozen=True)
class MatchRequest:
    """One patient and what the program wants filtered.

    text: the patient's description when there is one (referral letter, benchmark
    topic); without it the search text is built from the structured facts.
    origins: coordinates to measure distance from (the patient, or the program's sites).
    hard_filters: drop failing trials (the product); False keeps them ranked last.
    own_trials: trials the case's site runs, placed ahead of equally good ones elsewhere.
    """

    facts: DiagnosisFacts
    text: str = ""
    origins: tuple[tuple[float, float], ...] = ()
    max_distance_km: float | None = None
    require_open: bool = True
    require_cancer_type: bool = True
    hard_filters: bool = True
    candidates: frozenset[str] | None = None
    own_trials: frozenset[str] = frozenset()
    limit: int = 25


@dataclass(frozen=True)
class TrialMatchResult:
    nct_id: str
    rank: int
    score: float
    verdict: str
    failed_filters: tuple[str, ...] = ()
    distance_km: float | None = None
    nearest_site: TrialSite | None = None
    criteria: tuple[CriterionResult, ...] = field(default_factory=tuple)


def query_text(request: MatchRequest) -> str:
    """The words to search with: affirmed findings, abbreviations spelled out, and facts."""
    facts = request.facts
    parts = [affirmed_text(request.text)] if request.text else []
    parts += [facts.cancer_type_name, facts.histology]
    family = FAMILY_OF_CODE.get(facts.cancer_type_code.upper())
    if family:
        parts.append(CANCER_FAMILIES[family][1][0])
    if facts.stage_group:
        parts.append(f"stage {facts.stage_group}")
    parts += [f"{b.name} {b.alteration}" for b in facts.biomarkers if b.status == "positive"]
    parts += list(facts.prior_therapies)
    text = " ".join(p for p in parts if p)
    expansions = [
        ABBREVIATIONS[token.lower()]
        for token in re.findall(r"[A-Za-z0-9]+", text)
        if token.lower() in ABBREVIATIONS
        and (token.isupper() or token.lower() not in WORDLIKE_ABBREVIATIONS)
    ]
    return " ".join([text, *expansions])


def query_terms(request: MatchRequest) -> set[str]:
    """The distinct words to search with.

    Each word counts once however often the note repeats it: a long note says "pain"
    six times while naming the diagnosis once, and the repeats should not outweigh it.
    """
    return set(search_words(query_text(request)))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def nearest_open_site(
    document: TrialDocument, origins: Sequence[tuple[float, float]]
) -> tuple[float | None, TrialSite | None]:
    """The closest open site and its distance; distance None when no coordinates to compare."""
    open_sites = [s for s in document.sites if s.is_open]
    best: tuple[float | None, TrialSite | None] = (None, open_sites[0] if open_sites else None)
    for site in open_sites:
        if site.latitude is None or site.longitude is None:
            continue
        for origin in origins:
            km = distance_km(origin, (site.latitude, site.longitude))
            if best[0] is None or km < best[0]:
                best = (km, site)
    return best


def _scaled(values: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Values divided by the largest among the allowed trials, so signals add on one scale."""
    top = values[allowed].max() if allowed.any() else 0.0
    return values / top if top > 0 else values


def _for_healthy_volunteers(document: TrialDocument) -> bool:
    """A study of healthy people: no place for a patient who comes with a disease."""
    return bool(_HEALTHY_VOLUNTEERS.search(document.title)) or any(
        c.strip().lower().startswith("healthy") for c in document.conditions
    )


class TrialIndex:
    """Every trial of the registry, tokenised and arranged as arrays for fast ranking."""

    def __init__(self, documents: Sequence[TrialDocument]) -> None:
        self.documents = list(documents)
        self.position = {d.nct_id: i for i, d in enumerate(self.documents)}
        n = len(self.documents)
        full = [
            " ".join(
                [d.title, *d.conditions, *d.keywords, d.summary, *(c.text for c in d.criteria)]
            )
            for d in self.documents
        ]
        # bm25s cannot index an empty registry: a placeholder text stands in, never matched.
        tokenized = bm25s.tokenize(
            full or ["registry"], stopwords="en", stemmer=stem, show_progress=False
        )
        self.vocab: dict[str, int] = tokenized.vocab
        self.bm25 = bm25s.BM25()
        self.bm25.index(tokenized, show_progress=False)
        self._term_arrays(tokenized.ids[:n])
        self._title_arrays()
        self.min_age = np.array(
            [
                d.minimum_age_years if d.minimum_age_years is not None else -1.0
                for d in self.documents
            ]
        )
        self.max_age = np.array(
            [
                d.maximum_age_years if d.maximum_age_years is not None else 1e9
                for d in self.documents
            ]
        )
        self.sex = np.array([d.sex.upper() if d.sex else "ALL" for d in self.documents])
        self.is_open = np.array(
            [d.overall_status in OPEN_STATUSES for d in self.documents], dtype=bool
        )
        self.healthy_volunteers = np.array(
            [_for_healthy_volunteers(d) for d in self.documents], dtype=bool
        )
        topics = [" ".join([d.title, *d.conditions, *d.keywords]) for d in self.documents]
        self.family_names = list(CANCER_FAMILIES)
        found = [cancer_families_in(t) for t in topics]
        self.family_matrix = np.array(
            [[name in families for name in self.family_names] for families in found], dtype=bool
        ).reshape(n, len(self.family_names))
        self.pan_tumor = np.array([is_pan_tumor(t) for t in topics], dtype=bool)
        # Per family: which subtypes each trial names, as one boolean column per subtype,
        # so a match costs array operations rather than a pass over every trial.
        self.subtypes: dict[str, dict[str, np.ndarray]] = {}
        for family, names in CANCER_SUBTYPES.items():
            named = [cancer_subtypes_in(family, t) for t in topics]
            self.subtypes[family] = {
                subtype: np.array([subtype in found for found in named], dtype=bool)
                for subtype in names
            }
        about = [f"{d.title} {d.summary}" for d in self.documents]
        self.children_only = np.array(
            [bool(_CHILDREN.search(t)) and not _ADULTS.search(t) for t in about], dtype=bool
        )
        self.marker_names = sorted({canonical_biomarker(m) for m in BIOMARKER_NAMES})
        self.marker_matrix = np.zeros((n, len(self.marker_names)), dtype=bool)
        column = {m: j for j, m in enumerate(self.marker_names)}
        for i, text in enumerate(full):
            for found in set(BIOMARKER_WORDS.findall(text)):
                self.marker_matrix[i, column[found]] = True

    def _term_arrays(self, ids: Sequence[Sequence[int]]) -> None:
        """Word rarity, and each trial as a unit-length tf-idf vector stored row after row."""
        n = len(self.documents)
        width = len(self.vocab) + 1
        owner = np.repeat(np.arange(n, dtype=np.int64), [len(doc) for doc in ids])
        terms = np.fromiter((t for doc in ids for t in doc), dtype=np.int64, count=len(owner))
        pairs, tf = np.unique(owner * width + terms, return_counts=True)
        self.vec_doc = pairs // width
        self.vec_term = pairs % width
        df = np.bincount(self.vec_term, minlength=width).astype(float)
        self.idf = np.log1p(max(n, 1) / (1.0 + df))
        weight = (1 + np.log(tf)) * self.idf[self.vec_term]
        norm = np.sqrt(np.bincount(self.vec_doc, weights=weight**2, minlength=n))
        self.vec_weight = weight / np.where(norm > 0, norm, 1.0)[self.vec_doc]
        self.vec_start = np.searchsorted(self.vec_doc, np.arange(n + 1))

    def _title_arrays(self) -> None:
        flat: list[int] = []
        owner: list[int] = []
        for i, d in enumerate(self.documents):
            ids = {
                self.vocab[w] for w in words(" ".join([d.title, *d.conditions])) if w in self.vocab
            }
            flat.extend(ids)
            owner.extend([i] * len(ids))
        self.title_ids = np.array(flat, dtype=np.int64)
        self.title_owner = np.array(owner, dtype=np.int64)
        self.title_weight = self.idf[self.title_ids] if flat else np.zeros(0)
        total = np.bincount(
            self.title_owner, weights=self.title_weight, minlength=len(self.documents)
        )
        self.title_total = np.where(total > 0, total, 1.0)

    def _structured(self, facts: DiagnosisFacts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per trial: age/sex limit failures, cancer-type mismatch, structured boost."""
        n = len(self.documents)
        limits = np.zeros(n)
        if facts.age is not None:
            # An age in whole years covers the year that follows: a baby of "0" may be
            # eight months old and fits a trial from six months.
            limits += (facts.age + 1 <= self.min_age) | (facts.age > self.max_age)
            if facts.age >= 18:
                limits += self.children_only
        if facts.sex in ("female", "male"):
            other = "MALE" if facts.sex == "female" else "FEMALE"
            limits += self.sex == other
        family = FAMILY_OF_CODE.get(facts.cancer_type_code.upper())
        mismatch = np.zeros(n, dtype=bool)
        boost = np.zeros(n)
        if family:
            same = self.family_matrix[:, self.family_names.index(family)]
            boost += FAMILY_BOOST * same
            mismatch = ~same & self.family_matrix.any(axis=1) & ~self.pan_tumor
        family_subtype = SUBTYPE_OF_CODE.get(facts.cancer_type_code.upper())
        if family_subtype:
            family, subtype = family_subtype
            # A trial for another histology of the same family (small cell vs non-small
            # cell lung) is a different disease; one naming none of them stays open.
            columns = self.subtypes[family]
            names_any = np.logical_or.reduce(list(columns.values()))
            mismatch |= names_any & ~columns[subtype]
        for marker in {
            canonical_biomarker(b.name) for b in facts.biomarkers if b.status == "positive"
        }:
            if marker in self.marker_names:
                boost += BIOMARKER_BOOST * self.marker_matrix[:, self.marker_names.index(marker)]
        return limits, mismatch, boost

    def scores(self, request: MatchRequest) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """Score of every trial, the mask of trials still allowed, and which filters each fails."""
        n = len(self.documents)
        known = sorted(w for w in query_terms(request) if w in self.vocab)
        allowed = np.ones(n, dtype=bool)
        if request.candidates is not None:
            allowed[:] = False
            allowed[[self.position[c] for c in request.candidates if c in self.position]] = True
        bm25 = np.asarray(self.bm25.get_scores(known), dtype=float) if known else np.zeros(n)
        in_query = np.zeros(len(self.idf), dtype=bool)
        in_query[[self.vocab[w] for w in known]] = True
        covered = np.bincount(
            self.title_owner, weights=self.title_weight * in_query[self.title_ids], minlength=n
        )
        score = _scaled(bm25, allowed) + COVERAGE_WEIGHT * covered / self.title_total
        limits, mismatch, boost = self._structured(request.facts)
        failed = {
            "outside the age or sex limits": limits > 0,
            "a different cancer type": mismatch
            if request.require_cancer_type
            else np.zeros(n, dtype=bool),
            "not recruiting": ~self.is_open if request.require_open else np.zeros(n, dtype=bool),
        }
        if request.hard_filters:
            for mask in failed.values():
                allowed &= ~mask
        score = score + CONSENSUS_WEIGHT * self._consensus(score, allowed) + boost
        score = score + LIKENESS_WEIGHT * self._likeness(score, allowed)
        score = score - HEALTHY_VOLUNTEER_PENALTY * self.healthy_volunteers
        own = [self.position[t] for t in request.own_trials if t in self.position]
        score[own] += OWN_SITE_BOOST
        score = score - FILTER_PENALTY * (limits + mismatch * request.require_cancer_type)
        return score, allowed, failed

    def _pool(self, score: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        ids = np.flatnonzero(allowed)
        return ids[np.argsort(-score[ids], kind="stable")[:CONSENSUS_POOL]]

    def _consensus(self, first_stage: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """How many strong candidates share each trial's title words (0 to 1).

        The candidates that mention the patient's findings cluster around the main
        problem; a trial titled with words many of them share is about that problem
        rather than a side finding (pseudo-relevance feedback over the candidate set).
        """
        n = len(self.documents)
        pool = self._pool(first_stage, allowed)
        if len(pool) == 0:
            return np.zeros(n)
        in_pool = np.zeros(n, dtype=bool)
        in_pool[pool] = True
        counts = np.bincount(self.title_ids[in_pool[self.title_owner]], minlength=len(self.idf))
        shared = np.bincount(
            self.title_owner, weights=self.title_weight * counts[self.title_ids], minlength=n
        )
        return _scaled(shared / self.title_total, allowed)

    def _likeness(self, score: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """Cosine of each strong candidate's whole text with the candidates' centroid (0 to 1).

        The consensus reads titles; this reads summaries and criteria too, so two trials
        about the same disease in different words still count as alike.
        """
        n = len(self.documents)
        pool = self._pool(score, allowed)
        if len(pool) == 0:
            return np.zeros(n)
        rows = np.concatenate([np.arange(self.vec_start[d], self.vec_start[d + 1]) for d in pool])
        centroid = np.bincount(
            self.vec_term[rows], weights=self.vec_weight[rows], minlength=len(self.idf)
        )
        likeness = np.bincount(
            self.vec_doc[rows],
            weights=self.vec_weight[rows] * centroid[self.vec_term[rows]],
            minlength=n,
        )
        return _scaled(likeness, allowed)

    def match(self, request: MatchRequest) -> list[TrialMatchResult]:
        """The best trials for one patient, each with its verdict, distance and criteria rows."""
        if not self.documents:
            return []
        score, allowed, failed = self.scores(request)
        order = np.flatnonzero(allowed)
        order = order[np.argsort(-score[order], kind="stable")]
        results: list[TrialMatchResult] = []
        for i in order:
            document = self.documents[i]
            km, site = nearest_open_site(document, request.origins)
            reasons = [reason for reason, mask in failed.items() if mask[i]]
            if (
                request.max_distance_km is not None
                and km is not None
                and km > request.max_distance_km
            ):
                if request.hard_filters:
                    continue
                reasons.append("too far")
            verdict, rows = evaluate_trial(document.criteria, request.facts)
            results.append(
                TrialMatchResult(
                    nct_id=document.nct_id,
                    rank=len(results) + 1,
                    score=round(float(score[i]), 4),
                    verdict=verdict,
                    failed_filters=tuple(reasons),
                    distance_km=round(km, 1) if km is not None else None,
                    nearest_site=site,
                    criteria=rows,
                )
            )
            if len(results) >= request.limit:
                break
        return results
