"""Check the staging engine against SEER's independent AJCC 8 stage tables.

SEER's EOD 2018 staging algorithm (IMS, BSD licence) ships each schema's AJCC 8 stage
group as a JSON decision table (first matching row wins; "*" means any value; a row may
JUMP to another table). For every site the engine covers, this script enumerates every
combination of the values the table distinguishes, asks the engine, and counts agreement.
The engine never reads these tables: they are only the yardstick.

Usage: .venv/bin/python bench/staging.py [--tables PATH] [--examples N]
The last line printed is a JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secondlook.oncology.staging import StageResult, StagingInput, stage  # noqa: E402

DEFAULT_TABLES = Path("/work/shared/data/staging/eod_public_2.1/")
ROMAN = {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}


@dataclass(frozen=True)
class Site:
    """One SEER stage table and how to feed its columns to the engine."""

    label: str
    table: str
    cancer_type: str
    prefix: str = "p"
    histology: str = ""
    age: int | None = None


SITES = (
    Site("breast (clinical prognostic)", "tnm_8_stage_group_breast_16868", "BRCA", "c"),
    Site("breast (pathological prognostic)", "tnm_8_path_stage_group_breast_21522", "BRCA"),
    Site("colorectal", "tnm8_path_stage_upw", "COAD"),
    Site("lung", "tnm8_path_stage_ubq", "LUAD"),
    Site("prostate", "tnm_8_combined_stage_group_for_eod_44498", "PRAD"),
    Site("pancreas", "tnm8_path_stage_ups", "PAAD"),
    Site("melanoma (cutaneous)", "tnm_8_combined_stage_group_55778", "SKCM"),
    Site("bladder", "tnm8_path_stage_uau", "BLCA"),
    Site("kidney", "tnm_8_path_stage_group_for_eod_81951", "CCRCC"),
    Site("stomach", "tnm8_path_stage_uam", "STAD"),
    Site("oral cavity, supraglottic larynx, p16- oropharynx", "tnm8_path_stage_upt", "HNSC"),
    Site("glottic larynx", "tnm8_path_stage_ubk", "HNSC"),
    Site("hypopharynx", "tnm_8_path_stage_group_for_eod_69709", "HNSC"),
    Site(
        "oropharynx p16+ (HPV-mediated)",
        "tnm_8_combined_stage_group_for_eod_79877",
        "OPHSC",
        histology="p16-positive squamous cell carcinoma",
    ),
    Site(
        "thyroid differentiated, age < 55",
        "tnm_8_eod_stage_thyroid_differentiated_age_less_than_55_15343",
        "THPA",
        age=40,
    ),
    Site(
        "thyroid differentiated, age >= 55",
        "tnm_8_eod_stage_differentiated_age_55_and_older_23489",
        "THPA",
        age=70,
    ),
    Site(
        "thyroid medullary",
        "tnm_8_path_stage_thyroid_medullary_for_eod_62429",
        "THME",
    ),
    Site("nasopharynx", "tnm8_path_stage_uae", "NPC"),
    Site("endometrium (FIGO)", "tnm_8_path_stage_group_for_eod_7124", "UCEC"),
    Site("cervix (FIGO)", "tnm_8_path_stage_group_for_eod_23339", "CESC"),
    Site("ovary (FIGO)", "tnm_8_path_stage_group_for_eod_17179", "HGSOC"),
)


def find_tables(root: Path) -> Path | None:
    for candidate in [root / "tables", *root.glob("**/tables")]:
        if (candidate / "tnm8_path_stage_upw.json").exists():
            return candidate
    return None


@cache
def load(tables: Path, name: str) -> dict:
    return json.loads((tables / f"{name}.json").read_text())


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def tokens(cell: str) -> list[str]:
    return [token.strip() for token in cell.split(",")]


@dataclass(frozen=True)
class Cell:
    """One parsed table cell: literal values, numeric ranges, or "*"."""

    any: bool
    literals: frozenset[str]
    ranges: tuple[tuple[float, float], ...]

    def matches(self, value: str) -> bool:
        if self.any or value in self.literals:
            return True
        number = _number(value)
        return number is not None and any(low <= number <= high for low, high in self.ranges)


def parse_cell(cell: str) -> Cell:
    literals: set[str] = set()
    ranges: list[tuple[float, float]] = []
    for token in tokens(cell):
        low, _, high = token.partition("-")
        low_number, high_number = _number(low), _number(high)
        if high and low_number is not None and high_number is not None:
            ranges.append((low_number, high_number))
        else:
            literals.add(token)
    return Cell("*" in literals, frozenset(literals), tuple(ranges))


@cache
def parsed(tables: Path, name: str) -> tuple[list[str], list[tuple[list[Cell], str]]]:
    table = load(tables, name)
    keys = [column["key"] for column in table["definition"]]
    rows = [([parse_cell(cell) for cell in row[:-1]], row[-1]) for row in table["rows"]]
    return keys[:-1], rows


def universe(rows: list[list[str]], column: int) -> list[str]:
    """Every value the table distinguishes in a column (range ends stand for ranges)."""
    values: list[str] = []
    for row in rows:
        for token in tokens(row[column]):
            if token in ("*", "88"):
                continue
            low, _, high = token.partition("-")
            if high and _number(low) is not None and _number(high) is not None:
                if "." in token:
                    values += [low, high]
                else:
                    values += [str(v) for v in range(int(low), int(high) + 1)]
            else:
                values.append(token)
    return list(dict.fromkeys(values))


def representatives(rows: list[list[str]], column: int) -> list[str]:
    """One value per class of values no row tells apart (grade 9 and L, ER 7 and 9)."""
    cells = [parse_cell(row[column]) for row in rows]
    seen: dict[tuple[bool, ...], str] = {}
    for value in universe(rows, column):
        seen.setdefault(tuple(cell.matches(value) for cell in cells), value)
    return list(seen.values())


def lookup(tables: Path, name: str, inputs: dict[str, str]) -> str | None:
    keys, rows = parsed(tables, name)
    values = [inputs.get(key, "") for key in keys]
    for cells, result in rows:
        if all(cell.matches(value) for cell, value in zip(cells, values, strict=True)):
            if result.startswith("JUMP:"):
                target = result[5:]
                return "OC" if target.startswith("lung_occult") else lookup(tables, target, inputs)
            return result
    return None


def expected(result: str | None) -> str | None:
    """SEER's answer as the engine writes it; "" for cannot stage, None to skip."""
    if result is None or result == "VALUE:88":
        return None
    if result.startswith("ERROR") or result == "VALUE:99":
        return ""
    value = result.removeprefix("VALUE:")
    if value == "OC":
        return "Occult carcinoma"
    return ROMAN[value[0]] + (value[1:] if value[0] == "0" else value[1:].upper())


def engine_input(site: Site, combo: dict[str, str]) -> StagingInput:
    prefix = {"c": "c", "p": "p"}.get(combo.get("prefix_n_in", ""), site.prefix)

    def category(axis: str, value: str) -> str:
        return "" if value == "" else f"{prefix}{axis}{value}"

    psa_text = combo.get("psa", "")
    psa = _number(psa_text)
    if psa_text == "XXX.1":
        psa = 1000.0
    markers = {"1": "positive", "0": "negative"}
    grade = combo.get("grade", "")
    return StagingInput(
        cancer_type_code=site.cancer_type,
        t=category("T", combo.get("t", "")),
        n=category("N", combo.get("n", "")),
        m=f"c{'M'}{combo['m']}" if combo.get("m") else "",
        grade=grade if grade in ("1", "2", "3") else "",
        er=markers.get(combo.get("er", ""), ""),
        pr=markers.get(combo.get("pr", ""), ""),
        her2=markers.get(combo.get("her2_summary", ""), ""),
        psa=psa,
        gleason_grade_group=int(grade)
        if site.cancer_type == "PRAD" and grade in "12345" and grade
        else None,
        histology=site.histology,
        age=site.age,
        oncotype_recurrence_score={"YES": 5, "NO": 20}.get(combo.get("oncotype11", "")),
    )


def combinations(table: dict) -> Iterator[dict[str, str]]:
    keys = [column["key"] for column in table["definition"] if column["type"] == "INPUT"]
    rows = table["rows"]
    spaces = [
        (universe(rows, index) if key in ("t", "n", "m") else representatives(rows, index)) or [""]
        for index, key in enumerate(keys)
    ]
    for values in product(*spaces):
        yield dict(zip(keys, values, strict=True))


def agrees(site: Site, want: str, got: StageResult) -> tuple[bool, bool]:
    """(agrees, agreed only because SEER has no prognostic breast stage and we gave anatomic)."""
    if got.stage_group == want:
        return True, False
    if want == "" and site.cancer_type == "BRCA" and got.kind == "anatomic":
        return True, True
    return False, False


def run(tables: Path, examples: int, only: str = "") -> dict:
    report: dict = {"sites": {}}
    total = agreed = 0
    for site in SITES:
        if only and only.lower() not in site.label.lower():
            continue
        table = load(tables, site.table)
        compared = ok = fallback = 0
        wrong: list[str] = []
        for combo in combinations(table):
            want = expected(lookup(tables, site.table, combo))
            if want is None:
                continue
            data = engine_input(site, combo)
            got = stage(data)
            compared += 1
            same, anatomic = agrees(site, want, got)
            if same:
                ok += 1
                fallback += anatomic
            elif len(wrong) < examples:
                shown = {k: v for k, v in combo.items() if k not in ("t", "n", "m")}
                wrong.append(
                    f"{data.t} {data.n} {data.m} {shown or ''} SEER={want or 'cannot stage'} "
                    f"engine={got.stage_group or 'cannot stage'}"
                )
        total += compared
        agreed += ok
        report["sites"][site.label] = {
            "combinations": compared,
            "agreed": ok,
            "agreement": round(ok / compared, 4) if compared else None,
            "breast_anatomic_only": fallback,
            "disagreement_examples": wrong,
        }
    report["combinations"] = total
    report["agreed"] = agreed
    report["agreement"] = round(agreed / total, 4) if total else None
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=Path, default=DEFAULT_TABLES)
    parser.add_argument("--examples", type=int, default=4)
    parser.add_argument("--site", default="", help="only sites whose label contains this")
    args = parser.parse_args()
    tables = find_tables(args.tables)
    if tables is None:
        print(f"SEER stage tables not found under {args.tables} (need tnm8_*.json).")
        print(json.dumps({"error": "tables not found", "path": str(args.tables)}))
        return 2
    report = run(tables, args.examples, args.site)
    for label, figures in report["sites"].items():
        print(
            f"{label:52} {figures['agreed']:6}/{figures['combinations']:<6} "
            f"agreement {figures['agreement']}"
        )
        for example in figures["disagreement_examples"]:
            print(f"    differs: {example}")
    print(f"overall {report['agreed']}/{report['combinations']} agreement {report['agreement']}")
    summary = {
        "agreement": report["agreement"],
        "combinations": report["combinations"],
        "agreed": report["agreed"],
        "per_site": {label: f["agreement"] for label, f in report["sites"].items()},
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
