from __future__ import annotations

import sys
import types

import pytest

from secondlook.core.testing import put_on_case
from secondlook.oncology.facts import DiagnosisFacts
from secondlook.oncology.tests import helpers
from secondlook.records import ingestion

_MAJOR_MARKERS = frozenset({"ER", "PR", "HER2", "EGFR", "ALK", "ROS1", "BRAF", "KRAS", "MSI"})


def _fake_compare(
    outside: DiagnosisFacts,
    review: DiagnosisFacts,
    *,
    stage_outside: str = "",
    stage_review: str = "",
) -> object:
    """The grading rules of the issue, for the time before the concordance engine lands."""
    from dataclasses import make_dataclass

    result = make_dataclass(
        "ConcordanceResult",
        ["grade", "changes_management", "differences", "reason"],
    )
    differences = [
        f"{name}: {getattr(outside, name)} → {getattr(review, name)}"
        for name in ("cancer_type_code", "histology", "grade", "t", "n", "m")
        if getattr(outside, name) != getattr(review, name)
    ]
    markers_out = {b.name: b.status for b in outside.biomarkers}
    markers_in = {b.name: b.status for b in review.biomarkers}
    changed_markers = [
        name
        for name in _MAJOR_MARKERS
        if name in markers_out and name in markers_in and markers_out[name] != markers_in[name]
    ]
    major = (
        outside.cancer_type_code != review.cancer_type_code
        or outside.histology != review.histology
        or stage_outside != stage_review
        or bool(changed_markers)
    )
    if major:
        return result("major", True, differences + changed_markers, "Stage or type changed.")
    if differences:
        return result("minor", False, differences, "Details differ; management unchanged.")
    return result("none", False, [], "The diagnoses agree.")


@pytest.fixture(autouse=True)
def engines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Predictable extraction for pipeline tests; the real staging engine; the real
    concordance engine once it exists (a stand-in applying the issue's rules until then)."""
    monkeypatch.setattr(ingestion, "_extract", lambda text: helpers.fake_extract(text).facts)
    try:
        import secondlook.oncology.concordance  # noqa: F401
    except ImportError:
        fake = types.ModuleType("secondlook.oncology.concordance")
        fake.compare = _fake_compare  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "secondlook.oncology.concordance", fake)


@pytest.fixture(autouse=True)
def care_team_on_pats_case(request: pytest.FixtureRequest) -> None:
    """Clinicians see only the cases they are on (cases.permissions): in these tests
    Olivia, Paul, Rita and Sam are on Pat's case, so what is tested is what their roles
    may do there."""
    if "personas" not in request.fixturenames:
        return
    personas = request.getfixturevalue("personas")
    put_on_case(personas.pat_case, personas.olivia, personas.paul, personas.rita, personas.sam)
