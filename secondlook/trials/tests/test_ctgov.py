"""Reading ClinicalTrials.gov: paging, retries, timeouts, refresh, downloaded files."""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from secondlook.trials.ctgov import (
    CtgovClient,
    CtgovError,
    StudyQuery,
    record_from_study,
    studies_in_file,
)
from secondlook.trials.tests.fakes import fake_ctgov, study


def _client(base_url: str, **kwargs: object) -> CtgovClient:
    defaults = {"timeout": 2.0, "retries": 2, "backoff": 0.0, "min_interval": 0.0}
    return CtgovClient(base_url=base_url, **{**defaults, **kwargs})  # type: ignore[arg-type]


def test_client_follows_page_tokens_until_the_last_page() -> None:
    def respond(params: dict[str, list[str]]) -> tuple[int, dict]:
        if "pageToken" not in params:
            return 200, {"studies": [study("NCT00000001")], "nextPageToken": "page-2"}
        return 200, {"studies": [study("NCT00000002")]}

    with fake_ctgov(respond) as (url, seen):
        query = StudyQuery(condition="lung cancer", statuses=("RECRUITING",))
        ids = [record_from_study(s).nct_id for s in _client(url).studies(query)]

    assert ids == ["NCT00000001", "NCT00000002"]
    assert seen[0]["query.cond"] == ["lung cancer"]
    assert seen[0]["filter.overallStatus"] == ["RECRUITING"]
    assert seen[1]["pageToken"] == ["page-2"]


def test_client_retries_a_503_then_succeeds() -> None:
    answers = iter([(503, {"message": "busy"}), (200, {"studies": [study("NCT00000003")]})])

    with fake_ctgov(lambda params: next(answers)) as (url, seen):
        studies = list(_client(url).studies(StudyQuery()))

    assert [record_from_study(s).nct_id for s in studies] == ["NCT00000003"]
    assert len(seen) == 2


def test_client_gives_up_with_a_clear_message_when_the_server_never_answers() -> None:
    release = threading.Event()

    def slow(params: dict[str, list[str]]) -> tuple[int, dict]:
        release.wait(2)
        return 200, {"studies": []}

    with fake_ctgov(slow) as (url, _), pytest.raises(CtgovError) as error:
        try:
            list(_client(url, timeout=0.2, retries=1).studies(StudyQuery()))
        finally:
            release.set()

    assert "no answer within 0.2 seconds" in str(error.value)
    assert "after 2 tries" in str(error.value)


def test_client_does_not_retry_a_bad_request() -> None:
    with (
        fake_ctgov(lambda params: (400, {"message": "bad"})) as (url, seen),
        pytest.raises(CtgovError) as error,
    ):
        list(_client(url).studies(StudyQuery()))
    assert "HTTP 400" in str(error.value)
    assert len(seen) == 1


def test_incremental_refresh_asks_only_for_trials_updated_since() -> None:
    assert StudyQuery(updated_since=date(2026, 10, 1)).params()["filter.advanced"] == (
        "AREA[LastUpdatePostDate]RANGE[2026-10-01,MAX]"
    )


def test_client_waits_between_requests() -> None:
    waits: list[float] = []
    client = CtgovClient(base_url="http://127.0.0.1:9", min_interval=0.5, sleep=waits.append)
    client._last_request = time.monotonic()
    client._wait_turn()
    assert waits and 0 < waits[0] <= 0.5


@pytest.mark.parametrize("layout", ["page", "list", "single", "jsonl"])
def test_downloaded_files_of_every_layout_are_read(tmp_path: Path, layout: str) -> None:
    studies = [study("NCT00000011"), study("NCT00000012")]
    path = tmp_path / "studies.json"
    if layout == "page":
        path.write_text(json.dumps({"studies": studies}))
    elif layout == "list":
        path.write_text(json.dumps(studies))
    elif layout == "single":
        path.write_text(json.dumps(studies[0]))
        studies = studies[:1]
    else:
        path.write_text("\n".join(json.dumps(s) for s in studies))
    assert [record_from_study(s).nct_id for s in studies_in_file(path)] == [
        record_from_study(s).nct_id for s in studies
    ]


def test_record_keeps_locations_ages_and_repairs_escaped_text() -> None:
    raw = study("NCT00000021", eligibility="Inclusion Criteria:\n\n* Platelets \\>= 100000/mm3")
    record = record_from_study(raw)
    assert record.minimum_age == "18 Years"
    assert record.locations[0].latitude == 34.15
    assert record.locations[0].contact_name == "Research Nurse (synthetic)"
    assert "Platelets >= 100000" in record.eligibility_text
    assert record.last_update == date(2026, 10, 1)


def test_record_without_an_nct_id_is_refused() -> None:
    with pytest.raises(CtgovError, match="nctId"):
        record_from_study({"protocolSection": {}})
