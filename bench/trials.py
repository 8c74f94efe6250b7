"""Patient–trial matching quality (pool re-ranking) and speed on a 50,000-trial registry.

Reads a BEIR-layout collection — queries.jsonl (_id, text), qrels.tsv (query-id,
corpus-id, score) and a corpus JSONL (_id, title, text, metadata with conditions,
minimum_age, maximum_age, sex, eligibility) — and, for each patient, ranks the judged
trials that have text from the free-text description alone, with the project's own
engine (secondlook/trials/matching.py) and, for comparison, with plain BM25 (bm25s,
English stop words, title + text). Patients with no eligible (score 2) trial in their
pool are skipped, as the collection's README prescribes.

    .venv/bin/python bench/trials.py \
        --queries ../shared/data/trials/sigir/queries.jsonl \
        --qrels ../shared/data/trials/sigir/qrels.tsv \
        --corpus ../shared/data/trials/corpus.jsonl

The last line is JSON: ndcg@10, p@10, patients, patients_per_second, the BM25 baseline
and ms_per_patient_50k (one patient, facts and a short note, against a synthetic
50,000-trial registry).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bm25s  # noqa: E402
import numpy as np  # noqa: E402

from secondlook.oncology.facts import DiagnosisFacts  # noqa: E402
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


def bm25_ranking(query: str, pool: list[str], corpus: dict[str, dict]) -> list[str]:
    texts = [f"{corpus[d].get('title') or ''} {corpus[d].get('text') or ''}" for d in pool]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
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
    wanted = sorted({d for g in pools.values() for d in g})
    print(f"{len(queries)} patients, {len(pools)} scored; {len(wanted)} judged trials with text")

    started = time.perf_counter()
    index = TrialIndex([document(corpus[d]) for d in wanted])
    build_seconds = time.perf_counter() - started

    engine: dict[str, list[float]] = {"ndcg": [], "p": []}
    baseline: dict[str, list[float]] = {"ndcg": [], "p": []}
    started = time.perf_counter()
    for query_id, grades in pools.items():
        text = queries[query_id]
        request = MatchRequest(
            facts=facts_from_text(text),
            text=text,
            candidates=frozenset(grades),
            hard_filters=False,
            require_open=False,
            limit=10,
        )
        ranked = [m.nct_id for m in index.match(request)]
        engine["ndcg"].append(ndcg_at_10(ranked, grades))
        engine["p"].append(precision_at_10(ranked, grades))
    seconds = time.perf_counter() - started
    for query_id, grades in pools.items():
        ranked = bm25_ranking(queries[query_id], list(grades), corpus)
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
    print(f"engine  NDCG@10 {result['ndcg@10']:.3f}  P@10 {result['p@10']:.3f}")
    print(f"BM25    NDCG@10 {result['bm25_ndcg@10']:.3f}  P@10 {result['bm25_p@10']:.3f}")
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
