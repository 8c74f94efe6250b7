"""Filling the registry: file and API import, local trials, the import command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from secondlook.core.errors import PermissionDenied
from secondlook.core.testing import Personas
from secondlook.trials.choices import TrialSource
from secondlook.trials.ctgov import CtgovClient
from secondlook.trials.models import Trial
from secondlook.trials.services import trial_local_create, trials_import_file, trials_import_query
from secondlook.trials.tests.fakes import fake_ctgov, study


def test_file_import_stores_trials_locations_and_parsed_criteria(
    personas: Personas, tmp_path: Path
) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"studies": [study("NCT00000101"), study("NCT00000102")]}))

    summary = trials_import_file(path=path)

    assert (summary.created, summary.updated) == (2, 0)
    trial = Trial.objects.get(nct_id="NCT00000101")
    assert trial.locations.get().latitude == 34.15
    kinds = list(trial.criteria.values_list("kind", flat=True))
    assert kinds.count("inclusion") == 4 and kinds.count("exclusion") == 2
    ecog = trial.criteria.get(text="ECOG performance status 0-1")
    assert ecog.checks == [
        {"kind": "ecog", "name": "", "present": True, "op": "<=", "value": 1.0, "values": []}
    ]


def test_reimport_skips_unchanged_trials_and_updates_changed_ones(
    personas: Personas, tmp_path: Path
) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps([study("NCT00000111"), study("NCT00000112")]))
    trials_import_file(path=path)
    path.write_text(
        json.dumps(
            [study("NCT00000111"), study("NCT00000112", status="COMPLETED", updated="2026-11-01")]
        )
    )

    summary = trials_import_file(path=path)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert Trial.objects.get(nct_id="NCT00000112").overall_status == "COMPLETED"


def test_api_import_pages_through_the_registry(personas: Personas) -> None:
    def respond(params: dict[str, list[str]]) -> tuple[int, dict]:
        if "pageToken" in params:
            return 200, {"studies": [study("NCT00000122")]}
        return 200, {"studies": [study("NCT00000121")], "nextPageToken": "next"}

    with fake_ctgov(respond) as (url, seen):
        client = CtgovClient(base_url=url, timeout=2, retries=0, min_interval=0)
        summary = trials_import_query(
            client=client, condition="lung cancer", statuses=("RECRUITING",)
        )

    assert summary.created == 2
    assert seen[0]["query.cond"] == ["lung cancer"]


def test_import_command_reads_a_file_and_explains_a_missing_one(
    personas: Personas, tmp_path: Path
) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(study("NCT00000131")))
    call_command("import_trials", "--file", str(path))
    assert Trial.objects.filter(nct_id="NCT00000131").exists()
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_trials", "--file", str(tmp_path / "absent.json"))


def test_import_command_reports_an_unreachable_registry(personas: Personas) -> None:
    with (
        fake_ctgov(lambda params: (503, {})) as (url, _),
        pytest.raises(CommandError, match="HTTP 503"),
    ):
        call_command("import_trials", "--query", "lung", "--base-url", url, "--retries", "0")


def test_site_staff_add_a_local_trial_that_their_site_runs(personas: Personas) -> None:
    trial = trial_local_create(
        actor=personas.nina,
        site=personas.pasadena,
        title="Pasadena exercise study during chemotherapy",
        summary="",
        conditions=["Colon Cancer"],
        eligibility_text=(
            "Inclusion Criteria:\n* Age 18 years or older\nExclusion Criteria:\n* Pregnant"
        ),
    )
    assert trial.source == TrialSource.LOCAL
    assert trial.nct_id.startswith("LOCAL-PASADENA-")
    assert list(trial.run_at_sites.all()) == [personas.pasadena]
    assert trial.criteria.count() == 2


def test_staff_of_another_site_cannot_add_a_trial_for_it(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        trial_local_create(
            actor=personas.nate,
            site=personas.pasadena,
            title="x",
            summary="",
            conditions=[],
            eligibility_text="",
        )
