"""Score the treatment-options matcher on vignettes.

For each vignette the matcher (starter knowledge base shipped with the code, no
database) proposes options; the script counts

- therapy recall: expected therapies found among the proposed options' therapies;
- not-expected proposed: therapies the vignette says must not be proposed that were;
- missing-test recall: expected missing tests found among the reported missing tests.

Names are compared lower case through the small synonym table in
secondlook/therapies/vignettes.py (radiotherapy = radiation therapy, T-DM1 = ado-
trastuzumab emtansine, MMR = MSI…).

Usage: .venv/bin/python bench/therapies.py [--vignettes PATH] [--verbose]
The last line printed is a JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secondlook.therapies.knowledge import starter_knowledge_base  # noqa: E402
from secondlook.therapies.matcher import match_options  # noqa: E402
from secondlook.therapies.vignettes import (  # noqa: E402
    missing_test_reported,
    proposed_therapies,
    therapy_name,
    vignette_request,
    vignette_resectable,
    vignette_sites,
)

DEFAULT = Path(__file__).resolve().parent / "vignettes" / "therapies.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vignettes", type=Path, default=DEFAULT)
    parser.add_argument("--verbose", action="store_true", help="print each miss")
    args = parser.parse_args()
    if not args.vignettes.exists():
        print(f"No vignette file at {args.vignettes}: nothing to score.")
        print(json.dumps({"error": "vignettes missing", "path": str(args.vignettes)}))
        return 1
    vignettes = json.loads(args.vignettes.read_text(encoding="utf-8"))
    kb = starter_knowledge_base()
    expected = found = wrong = tests = tests_found = cannot = 0
    for vignette in vignettes:
        facts, setting, goals = vignette_request(vignette)
        plan = match_options(
            facts=facts,
            kb=kb,
            setting=setting,
            goals=goals,
            resectable=vignette_resectable(vignette),
            metastatic_sites=vignette_sites(vignette),
        )
        proposed = proposed_therapies(plan)
        reported = [m.test for m in plan.missing_tests]
        wanted = {therapy_name(t) for t in vignette.get("expected_therapies", [])}
        banned = {therapy_name(t) for t in vignette.get("not_expected", [])}
        missed = sorted(wanted - proposed)
        bad = sorted(banned & proposed)
        missing_wanted = vignette.get("expected_missing_tests", [])
        lost = [t for t in missing_wanted if not missing_test_reported(t, reported)]
        expected += len(wanted)
        found += len(wanted) - len(missed)
        wrong += len(bad)
        tests += len(missing_wanted)
        tests_found += len(missing_wanted) - len(lost)
        cannot += bool(plan.cannot_decide)
        if args.verbose and (missed or bad or lost):
            print(f"{vignette.get('id')}: missed {missed} wrongly proposed {bad} tests lost {lost}")
            for reason in plan.cannot_decide:
                print(f"    cannot decide: {reason}")
    figures = {
        "vignettes": len(vignettes),
        "knowledge_base": "starter set",
        "therapy_recall": round(found / expected, 3) if expected else None,
        "expected_therapies": expected,
        "not_expected_proposed": wrong,
        "missing_test_recall": round(tests_found / tests, 3) if tests else None,
        "expected_missing_tests": tests,
        "vignettes_with_cannot_decide": cannot,
    }
    print(f"vignettes: {len(vignettes)}")
    print(f"therapy recall: {found}/{expected}")
    print(f"not-expected therapies proposed: {wrong}")
    print(f"missing-test recall: {tests_found}/{tests}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
