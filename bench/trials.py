"""Patient–trial matching quality (pool re-ranking) and speed on a 50,000-trial registry.

Reads a BEIR-layout collection — queries.jsonl (_id, text), qrels.tsv (query-id,
corpus-id, score) and a corpus JSONL (_id, title, text, metadata with conditions,
minimum_age, maximum_age, sex, eligibility) — and, for each patient, ranks the judged
trials that have text from the free-text description alone, with the project's own
engine (secondlook/trials/matching.py) and, for comparison, with plain BM25 (bm25s,
English stop words, title + text). Patients with no eligible (score 2) trial in their
pool are skipped, as the collection's README prescribes. With --whole-collection each
patient is ranked against every judged trial of the collection instead (trials judged
only for other patients count as not relevant): the engine then has to find the pool
itself, as in the product, instead of being handed it.

    .venv/bin/python bench/trials.py \
        --queries ../shared/data/trials/sigir/queries.jsonl \
        --qrels ../shared/data/trials/sigir/qrels.tsv \
        --corpus ../shared/data/trials/corpus.jsonl

The last line is JSON: ndcg@10, p@10, patients, patients_per_second, the same two
figures over odd- and even-numbered patients (ndcg@10_odd, …), the BM25 baseline and
ms_per_patient_50k (one patient, facts and a short note, against a synthetic
50,000-trial registry); with --cross-validate also ndcg@10_cross_validated, the figure
when the ranking weights are chosen on 4/5 of the patients and scored on the rest.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bm25s  # noqa: E402
import numpy as np  # noqa: E402

from secondlook.oncology.facts import DiagnosisFacts  # noqa: E402
from secondlook.trials import matching  # noqa: E402
from secondlook.trials.criteria import parse_eligibility  # noqa: E402
from secondlook.trials.ctgov import record_from_study  # noqa: E402
from secondlook.trials.documents import document_from_record  # noqa: E402
from secondlook.trials.matching import MatchRequest, TrialDocument, TrialIndex, age_in_years  # noqa: E402
from secondlook.trials.patient_text import facts_from_text  # noqa: E402
from secondlook.trials.synthetic import synthetic_studies  # noqa: E402


def ndcg_at_10(ranked: list[str], grades: dict[str, int]) -> float:
    gain = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def precision_at_10(ranked: list[str], grades: dict[str, int]) -> float:
    return sum(1 for d in ranked[:10] if grades.get(d, 0) == 2) / 10


def patient_number(query_id: str) -> int:
    """The number in a topic id ("sigir-201412" -> 201412), to split patients into halves."""
    digits = re.sub(r"\D", "", query_id)
    return int(digits) if digits else 0


def halves(values: list[float]) -> tuple[float, float]:
    """Means over odd- and even-numbered patients: a change should help both halves."""
    return statistics.fmean(values[0::2]), statistics.fmean(values[1::2])


# The ranking weights --cross-validate re-chooses on each training split: each around the
# engine's own setting, one step down and up.
WEIGHT_GRID = {
    "COVERAGE_WEIGHT": (0.5, 1.0, 2.0),
    "CONSENSUS_WEIGHT": (1.0, 2.0, 3.0),
    "LIKENESS_WEIGHT": (0.0, 0.5, 1.0),
    "FILTER_PENALTY": (1.0, 2.0),
    "HEALTHY_VOLUNTEER_PENALTY": (0.0, 1.0),
}


def cross_validated(
    index: TrialIndex,
    requests: list[MatchRequest],
    grades: list[dict[str, int]],
    folds: int = 5,
    repeats: int = 20,
) -> tuple[float, float]:
    """NDCG@10 with the weights chosen on (folds-1)/folds of the patients, scored on the rest.

    Every setting of WEIGHT_GRID is scored for every patient once; each split then picks
    the setting best on its training patients. Returns the mean over `repeats` random
    splits and its spread: how much of the tuned figure survives on patients the
    weights were not chosen on.
    """
    settings = list(itertools.product(*WEIGHT_GRID.values()))
    saved = {name: getattr(matching, name) for name in WEIGHT_GRID}
    table = np.zeros((len(settings), len(requests)))
    try:
        for row, values in enumerate(settings):
            for name, value in zip(WEIGHT_GRID, values, strict=True):
                setattr(matching, name, value)
            for column, (request, graded) in enumerate(zip(requests, grades, strict=True)):
                ranked = [m.nct_id for m in index.match(request)]
                table[row, column] = ndcg_at_10(ranked, graded)
    finally:
        for name, value in saved.items():
            setattr(matching, name, value)
    figures = []
    for seed in range(repeats):
        fold = np.random.default_rng(seed).permutation(len(requests)) % folds
        held_out = np.zeros(len(requests))
        for k in range(folds):
            best = int(np.argmax(table[:, fold != k].mean(axis=1)))
            held_out[fold == k] = table[best, fold == k]
        figures.append(float(held_out.mean()))
    return statistics.fmean(figures), statistics.pstdev(figures)


def load_corpus(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {row["_id"]: row for row in map(json.loads, handle)}


def document(row: dict) -> TrialDocument:
    meta = row.get("metadata") or {}
    sex = (meta.get("sex") or "ALL").upper()
    return TrialDocument(
        nct_id=row["_id"],
        title=row.get("title") or "",
        summary=row.get("text") or "",
        conditions=tuple(meta.get("conditions") or ()),
        criteria=tuple(parse_eligibility(meta.get("eligibility") or "")),
        minimum_age_years=age_in_years(meta.get("minimum_age") or ""),
        maximum_age_years=age_in_years(meta.get("maximum_age") or ""),
        sex="ALL" if sex == "BOTH" else sex,
    )


def bm25_index(pool: list[str], corpus: dict[str, dict]) -> bm25s.BM25:
    texts = [f"{corpus[d].get('title') or ''} {corpus[d].get('text') or ''}" for d in pool]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    return retriever


def bm25_ranking(
    query: str, pool: list[str], corpus: dict[str, dict], retriever: bm25s.BM25 | None = None
) -> list[str]:
    retriever = retriever or bm25_index(pool, corpus)
    tokens = bm25s.tokenize([query], stopwords="en", return_ids=False, show_progress=False)[0]
    scores = retriever.get_scores(tokens) if tokens else np.zeros(len(pool))
    return [pool[i] for i in np.argsort(-scores, kind="stable")]


def time_50k(count: int) -> float:
    """Median ms to match one patient (structured facts and a note) against `count` trials."""
    documents = [document_from_record(record_from_study(s)) for s in synthetic_studies(count)]
    index = TrialIndex(documents)
    from secondlook.oncology.facts import Biomarker

    patients = [
        DiagnosisFacts(
            "LUAD",
            "Lung Adenocarcinoma",
            stage_group="IV",
            age=64,
            sex="female",
            ecog=1,
            biomarkers=(Biomarker("EGFR", "exon 19 deletion"),),
        ),
        DiagnosisFacts(
            "IDC",
            "Breast Invasive Ductal Carcinoma",
            stage_group="III",
            age=51,
            sex="female",
            biomarkers=(Biomarker("HER2", status="positive"),),
        ),
        DiagnosisFacts(
            "PRAD",
            "Prostate Adenocarcinoma",
            stage_group="IV",
            age=71,
            sex="male",
            prior_therapies=("endocrine therapy",),
        ),
    ]
    notes = [
        "A 64-year-old woman with stage IV EGFR exon 19 lung adenocarcinoma, ECOG 1. "
        "She denies smoking and has no brain metastases.",
        "A 51-year-old woman presents with a HER2-positive breast mass; history of hypertension.",
        "A 71-year-old man with metastatic prostate cancer rising PSA on androgen deprivation.",
    ]
    timings = []
    for facts, note in list(zip(patients, notes, strict=True)) * 4:
        started = time.perf_counter()
        index.match(
            MatchRequest(
                facts=facts, text=note, origins=((34.1478, -118.1445),), max_distance_km=500
            )
        )
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--qrels", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--registry-size", type=int, default=50_000)
    parser.add_argument(
        "--whole-collection",
        action="store_true",
        help="rank every judged trial of the collection for each patient, not only the "
        "patient's own pool (unjudged trials count as not relevant), as the product does",
    )
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="also report NDCG@10 with the ranking weights chosen by 5-fold cross-validation",
    )
    args = parser.parse_args()
    missing = [str(p) for p in (args.queries, args.qrels, args.corpus) if not p.exists()]
    if missing:
        print(f"Data missing: {', '.join(missing)}. Nothing measured.")
        print(json.dumps({"error": "data missing", "missing": missing}))
        return 1

    corpus = load_corpus(args.corpus)
    with args.queries.open(encoding="utf-8") as handle:
        queries = {row["_id"]: row["text"] for row in map(json.loads, handle)}
    judged: dict[str, dict[str, int]] = {}
    with args.qrels.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            query_id, corpus_id, score = line.rstrip("\n").split("\t")
            judged.setdefault(query_id, {})[corpus_id] = int(score)

    pools = {
        q: {d: g for d, g in grades.items() if d in corpus}
        for q, grades in judged.items()
        if q in queries
    }
    pools = {q: g for q, g in pools.items() if any(v == 2 for v in g.values())}
    pools = dict(sorted(pools.items(), key=lambda item: (patient_number(item[0]), item[0])))
    wanted = sorted({d for g in pools.values() for d in g})
    print(f"{len(queries)} patients, {len(pools)} scored; {len(wanted)} judged trials with text")

    started = time.perf_counter()
    index = TrialIndex([document(corpus[d]) for d in wanted])
    build_seconds = time.perf_counter() - started

    engine: dict[str, list[float]] = {"ndcg": [], "p": []}
    baseline: dict[str, list[float]] = {"ndcg": [], "p": []}
    started = time.perf_counter()
    requests = []
    for query_id, grades in pools.items():
        text = queries[query_id]
        request = MatchRequest(
            facts=facts_from_text(text),
            text=text,
            candidates=None if args.whole_collection else frozenset(grades),
            hard_filters=False,
            require_open=False,
            limit=10,
        )
        requests.append(request)
        ranked = [m.nct_id for m in index.match(request)]
        engine["ndcg"].append(ndcg_at_10(ranked, grades))
        engine["p"].append(precision_at_10(ranked, grades))
    seconds = time.perf_counter() - started
    everything = bm25_index(wanted, corpus) if args.whole_collection else None
    for query_id, grades in pools.items():
        pool = wanted if args.whole_collection else list(grades)
        ranked = bm25_ranking(queries[query_id], pool, corpus, everything)
        baseline["ndcg"].append(ndcg_at_10(ranked, grades))
        baseline["p"].append(precision_at_10(ranked, grades))

    patients = len(pools)
    result = {
        "ndcg@10": round(statistics.fmean(engine["ndcg"]), 4),
        "p@10": round(statistics.fmean(engine["p"]), 4),
        "patients": patients,
        "patients_per_second": round(patients / seconds, 1),
        "bm25_ndcg@10": round(statistics.fmean(baseline["ndcg"]), 4),
        "bm25_p@10": round(statistics.fmean(baseline["p"]), 4),
        "index_seconds": round(build_seconds, 2),
    }
    for metric, values in (("ndcg@10", engine["ndcg"]), ("p@10", engine["p"])):
        odd, even = halves(values)
        result[f"{metric}_odd"] = round(odd, 4)
        result[f"{metric}_even"] = round(even, 4)
    print(f"engine  NDCG@10 {result['ndcg@10']:.3f}  P@10 {result['p@10']:.3f}")
    print(f"BM25    NDCG@10 {result['bm25_ndcg@10']:.3f}  P@10 {result['bm25_p@10']:.3f}")
    print(
        f"halves (odd / even patients): NDCG@10 {result['ndcg@10_odd']:.3f} / "
        f"{result['ndcg@10_even']:.3f}  P@10 {result['p@10_odd']:.3f} / {result['p@10_even']:.3f}"
    )
    if args.cross_validate:
        mean, spread = cross_validated(index, requests, list(pools.values()))
        result["ndcg@10_cross_validated"] = round(mean, 4)
        print(
            f"weights chosen by 5-fold cross-validation: NDCG@10 {mean:.3f} "
            f"(±{spread:.3f} over 20 splits)"
        )
    ratio = result["ndcg@10"] / result["bm25_ndcg@10"] if result["bm25_ndcg@10"] else 0.0
    print(
        f"engine / BM25 NDCG@10: {ratio:.2f}x; {patients} patients, "
        f"{result['patients_per_second']} patients/second"
    )
    result["ms_per_patient_50k"] = round(time_50k(args.registry_size), 1)
    print(
        f"one patient vs {args.registry_size:,} synthetic trials: {result['ms_per_patient_50k']} ms"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
