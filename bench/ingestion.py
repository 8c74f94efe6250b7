"""Benchmark record reading: FHIR/mCODE bundles in and out, and PDFs from a folder.

* mCODE import: every `Bundle-*.json` in --bundles (default ../shared/data/mcode, the
  official mCODE examples) read with `oncology.mcode.bundle_read` (R4B validation
  included), bundles per second.
* mCODE export: a typical confirmed diagnosis written and validated, bundles per second.
* PDF reading: every PDF in --pdfs (optional; no default data set holds PDFs) read with
  `records.readers.read_pdf` (text layer, OCR where a page has none), pages per second.

    .venv/bin/python bench/ingestion.py [--bundles DIR] [--pdfs DIR] [--repeat 20]

The last line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secondlook.oncology import mcode  # noqa: E402
from secondlook.oncology.facts import Biomarker  # noqa: E402
from secondlook.records.readers import Unreadable, read_pdf  # noqa: E402

DEFAULT_BUNDLES = Path(__file__).resolve().parent.parent.parent / "shared/data/mcode"


def bench_import(folder: Path, repeat: int) -> float | None:
    files = sorted(folder.glob("Bundle-*.json")) if folder.is_dir() else []
    if not files:
        print(f"No Bundle-*.json files in {folder}: mCODE import not measured.")
        return None
    bundles = [json.loads(path.read_text()) for path in files]
    started = time.perf_counter()
    for _ in range(repeat):
        for bundle in bundles:
            mcode.bundle_read(bundle)
    rate = repeat * len(bundles) / (time.perf_counter() - started)
    print(f"mCODE import: {len(bundles)} example bundles x {repeat}: {rate:.1f} bundles/s")
    return rate


def bench_export(repeat: int) -> float:
    patient = mcode.PatientRecord("p1", "Pat", "Synthetic", "1961-04-02", "female")
    diagnosis = mcode.DiagnosisRecord(
        cancer_type_code="IDC",
        cancer_type_name="Breast Invasive Ductal Carcinoma",
        primary_site_code="C50.9",
        laterality="left",
        histology_code="8500/3",
        grade="2",
        tumor_size_mm=18.0,
        t="pT1c",
        n="pN0",
        m="cM0",
        stage_group="IA",
        stage_system="AJCC 8",
        biomarkers=(
            Biomarker("ER", status="positive", value="95%"),
            Biomarker("PR", status="positive", value="60%"),
            Biomarker("HER2", status="negative", value="1+"),
            Biomarker("PIK3CA", alteration="H1047R", status="positive"),
        ),
    )
    started = time.perf_counter()
    for _ in range(repeat):
        mcode.bundle_write(
            patient=patient, diagnosis=diagnosis, bundle_id="b", issued="2026-01-01T00:00:00Z"
        )
    rate = repeat / (time.perf_counter() - started)
    print(f"mCODE export (write + validate): {rate:.1f} bundles/s")
    return rate


def bench_pdfs(folder: Path | None) -> float | None:
    if folder is None or not folder.is_dir():
        print("No --pdfs folder given (or not found): PDF reading not measured.")
        return None
    files = sorted(folder.glob("*.pdf"))
    pages = unreadable = 0
    started = time.perf_counter()
    for path in files:
        try:
            pages += len(read_pdf(path).pages)
        except Unreadable:
            unreadable += 1
    elapsed = time.perf_counter() - started
    rate = pages / elapsed if elapsed else 0.0
    print(
        f"PDF reading: {len(files)} files, {pages} pages, {unreadable} unreadable: "
        f"{rate:.1f} pages/s"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=Path, default=DEFAULT_BUNDLES)
    parser.add_argument("--pdfs", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    result = {
        "mcode_import_bundles_per_second": bench_import(args.bundles, args.repeat),
        "mcode_export_bundles_per_second": bench_export(args.repeat * 5),
        "pdf_pages_per_second": bench_pdfs(args.pdfs),
    }
    print(json.dumps({k: round(v, 1) if v is not None else None for k, v in result.items()}))


if __name__ == "__main__":
    main()
