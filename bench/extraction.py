"""Accuracy and speed of the pathology extraction engine on registry-labelled reports.

Reads a CSV of pathology reports with registry labels (columns `cancer_type`, `t_group`,
`ajcc_n`, `text`; the TCGA set in ../shared/data/tcga/reports_dev.csv by default), runs
`secondlook.oncology.extraction.extract` on every report, and compares the T group
(T1–T4), the N group (N0–N3, on rows the registry labelled) and the cancer type (the
engine's OncoTree code mapped to the TCGA study code below) with the labels. A report
where the engine gives no answer counts as wrong. Figures are printed for odd rows
(1st, 3rd, … — the rows the rules were developed on), even rows (held out) and all rows;
speed is reports per second on one core, over the whole set. The last line is JSON.

    .venv/bin/python bench/extraction.py [--data PATH] [--repeat 3] [--errors 20]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from secondlook.oncology.extraction import extract  # noqa: E402
from secondlook.oncology.facts import ExtractionResult  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tcga" / "reports_dev.csv"

# OncoTree code -> TCGA study (project) code. Written out so a reader can check each line.
ONCOTREE_TO_TCGA: dict[str, str] = {
    "BRCA": "BRCA",
    "IDC": "BRCA",
    "ILC": "BRCA",
    "DCIS": "BRCA",
    "LUAD": "LUAD",
    "NSCLC": "LUAD",
    "LUSC": "LUSC",
    "SCLC": "LUSC",
    "COAD": "COAD",
    "READ": "READ",
    "HCC": "LIHC",
    "IHCH": "CHOL",
    "CHOL": "CHOL",
    "CCRCC": "KIRC",
    "RCC": "KIRC",
    "PRCC": "KIRP",
    "CHRCC": "KICH",
    "THPA": "THCA",
    "THFO": "THCA",
    "PRAD": "PRAD",
    "STAD": "STAD",
    "ESCA": "ESCA",
    "ESCC": "ESCA",
    "BLCA": "BLCA",
    "PAAD": "PAAD",
    "HNSC": "HNSC",
    "CESC": "CESC",
    "ECAD": "CESC",
    "ACC": "ACC",
    "SEM": "TGCT",
    "NSGCT": "TGCT",
    "PLMESO": "MESO",
    "UM": "UVM",
    "SKCM": "SKCM",
    "CSCC": "SKCM",
    "UEC": "UCEC",
    "USC": "UCEC",
    "HGSOC": "OV",
    "OVT": "OV",
}

_GROUP = re.compile(r"^[TN]([0-4])")


def registry_t(result: ExtractionResult) -> str:
    """T group the engine proposes: the first standing T (the registry's choice)."""
    standing = result.current("t")
    match = _GROUP.match(standing[0].value) if standing else None
    return f"T{match.group(1)}" if match else ""


def registry_n(result: ExtractionResult) -> str:
    standing = result.current("n")
    match = _GROUP.match(standing[0].value) if standing else None
    return f"N{match.group(1)}" if match else ""


def _n_group(label: str) -> str:
    match = _GROUP.match(label.strip())
    return f"N{match.group(1)}" if match else ""


def _score(rows: list[dict[str, str]], answers: list[dict[str, str]]) -> dict[str, float]:
    t_hits = sum(a["t"] == r["t_group"] for r, a in zip(rows, answers, strict=True))
    labelled = [(r, a) for r, a in zip(rows, answers, strict=True) if _n_group(r["ajcc_n"])]
    n_hits = sum(a["n"] == _n_group(r["ajcc_n"]) for r, a in labelled)
    c_hits = sum(a["type"] == r["cancer_type"] for r, a in zip(rows, answers, strict=True))
    return {
        "reports": len(rows),
        "t_accuracy": round(t_hits / len(rows), 4) if rows else 0.0,
        "n_accuracy": round(n_hits / len(labelled), 4) if labelled else 0.0,
        "n_labelled": len(labelled),
        "cancer_type_accuracy": round(c_hits / len(rows), 4) if rows else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CSV of labelled reports")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the set")
    parser.add_argument("--errors", type=int, default=0, help="print this many misses per task")
    parser.add_argument(
        "--edition",
        type=int,
        default=7,
        help="AJCC edition for reports that state none (TCGA reports predate the 8th: 7)",
    )
    args = parser.parse_args()
    if not args.data.exists():
        print(
            f"No data at {args.data}: pass --data with a CSV of labelled reports.", file=sys.stderr
        )
        print(json.dumps({"error": "data missing", "data": str(args.data)}))
        return 2
    with args.data.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        print(json.dumps({"error": "no rows", "data": str(args.data)}))
        return 2

    answers = []
    for row in rows:
        result = extract(row["text"], default_edition=args.edition)
        answers.append(
            {
                "t": registry_t(result),
                "n": registry_n(result),
                "type": ONCOTREE_TO_TCGA.get(result.cancer_type_code, ""),
            }
        )

    # Speed on one core: the process's CPU time (the engine is single-threaded), so a busy
    # machine does not distort it; wall-clock time is printed beside it.
    texts = [row["text"] for row in rows]
    best_cpu = best_wall = float("inf")
    for _ in range(max(1, args.repeat)):
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        for text in texts:
            extract(text, default_edition=args.edition)
        best_cpu = min(best_cpu, time.process_time() - cpu_started)
        best_wall = min(best_wall, time.perf_counter() - wall_started)
    per_second = len(texts) / best_cpu
    per_second_wall = len(texts) / best_wall

    odd = [i for i in range(len(rows)) if i % 2 == 0]
    even = [i for i in range(len(rows)) if i % 2 == 1]
    splits = {
        "odd (development)": odd,
        "even (held out)": even,
        "all": list(range(len(rows))),
    }
    figures = {}
    for name, index in splits.items():
        figures[name] = _score([rows[i] for i in index], [answers[i] for i in index])
        f = figures[name]
        print(
            f"{name:20s} n={f['reports']:4d}  T {f['t_accuracy']:.3f}  "
            f"N {f['n_accuracy']:.3f} (of {f['n_labelled']})  type {f['cancer_type_accuracy']:.3f}"
        )

    print("\nper cancer type (all rows): reports, T, N, type")
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_type[row["cancer_type"]].append(i)
    for code in sorted(by_type, key=lambda c: -len(by_type[c])):
        f = _score([rows[i] for i in by_type[code]], [answers[i] for i in by_type[code]])
        print(
            f"  {code:5s} {f['reports']:4d}  T {f['t_accuracy']:.2f}  "
            f"N {f['n_accuracy']:.2f}  type {f['cancer_type_accuracy']:.2f}"
        )
    missing = Counter(
        task
        for a in answers
        for task, value in (("T", a["t"]), ("N", a["n"]), ("type", a["type"]))
        if not value
    )
    print(
        f"\nno answer: T {missing['T']}, N {missing['N']}, type {missing['type']} (counted wrong)"
    )
    print(
        f"speed: {per_second:.0f} reports per CPU-second on one core, "
        f"{per_second_wall:.0f} reports/s wall clock (best of {args.repeat} passes)"
    )
    if args.errors:
        for task, key, label in (("T", "t", "t_group"), ("type", "type", "cancer_type")):
            misses = [
                (row, a) for row, a in zip(rows, answers, strict=True) if a[key] != row[label]
            ]
            print(f"\nfirst {args.errors} {task} misses (label -> answer):")
            for row, a in misses[: args.errors]:
                answer = a[key] or "-"
                print(f"  {row['report_id'][:12]} {row['cancer_type']} {row[label]} -> {answer}")

    summary = {
        "t_accuracy": figures["all"]["t_accuracy"],
        "n_accuracy": figures["all"]["n_accuracy"],
        "cancer_type_accuracy": figures["all"]["cancer_type_accuracy"],
        "reports_per_second": round(per_second, 1),
        "reports_per_second_wall": round(per_second_wall, 1),
        "reports": len(rows),
        "default_edition": args.edition,
        "odd": figures["odd (development)"],
        "even": figures["even (held out)"],
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
