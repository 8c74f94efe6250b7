"""ClinicalTrials.gov API v2: a polite client and a reader of its study records (pure).

The registry is refreshed from the public API without any third-party HTTP library, so
the importer runs on a locked-down hospital server. The client pages with
`nextPageToken`, waits between requests (the API asks for a modest rate), retries
transient failures (429, 5xx, timeouts, dropped connections) with exponential back-off
and fails with a message an operator can act on. The record reader turns one v2 study
JSON into a `TrialRecord` dataclass; no Django import here, so tests and benchmarks use
it directly.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class CtgovError(Exception):
    """The registry could not be read; the message says what to check."""


@dataclass(frozen=True)
class LocationRecord:
    facility: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country: str = ""
    status: str = ""
    latitude: float | None = None
    longitude: float | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


@dataclass(frozen=True)
class TrialRecord:
    """The fields of a study the registry keeps, with ClinicalTrials.gov's own values."""

    nct_id: str
    brief_title: str
    official_title: str = ""
    summary: str = ""
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    overall_status: str = ""
    study_type: str = ""
    interventions: tuple[str, ...] = ()
    minimum_age: str = ""
    maximum_age: str = ""
    sex: str = "ALL"
    healthy_volunteers: bool = False
    eligibility_text: str = ""
    last_update: date | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    locations: tuple[LocationRecord, ...] = field(default_factory=tuple)


def _date(value: str) -> date | None:
    """v2 dates are 'YYYY-MM-DD' or 'YYYY-MM'; a month means its first day."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
        )
    except (ValueError, IndexError):
        return None


_MARKDOWN_ESCAPE = re.compile(r"\\([<>*_\[\]()#+\-.!`|~=])")


def clean_text(text: str) -> str:
    """Registry text as a person wrote it.

    v2 records escape Markdown ("\\>175") and some copies were saved with UTF-8 read as
    Windows-1252 ("â‰¥" for "≥"); both would hide thresholds from the criteria parser.
    """
    if "â" in text or "Ã" in text:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            text = text.encode("cp1252").decode("utf-8")
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


def _contact(contacts: list[dict]) -> tuple[str, str, str]:
    first = contacts[0] if contacts else {}
    return first.get("name", ""), first.get("phone", ""), first.get("email", "")


def record_from_study(study: dict) -> TrialRecord:
    """One v2 study JSON object as a TrialRecord; raises CtgovError when it has no NCT id."""
    protocol = study.get("protocolSection") or {}
    ident = protocol.get("identificationModule") or {}
    nct_id = ident.get("nctId", "")
    if not nct_id:
        raise CtgovError("A study record has no protocolSection.identificationModule.nctId.")
    status = protocol.get("statusModule") or {}
    description = protocol.get("descriptionModule") or {}
    conditions = protocol.get("conditionsModule") or {}
    design = protocol.get("designModule") or {}
    arms = protocol.get("armsInterventionsModule") or {}
    eligibility = protocol.get("eligibilityModule") or {}
    contacts = protocol.get("contactsLocationsModule") or {}
    locations = []
    for loc in contacts.get("locations") or []:
        geo = loc.get("geoPoint") or {}
        name, phone, email = _contact(loc.get("contacts") or [])
        locations.append(
            LocationRecord(
                facility=loc.get("facility", ""),
                city=loc.get("city", ""),
                state=loc.get("state", ""),
                zip=loc.get("zip", ""),
                country=loc.get("country", ""),
                status=loc.get("status", ""),
                latitude=geo.get("lat"),
                longitude=geo.get("lon"),
                contact_name=name,
                contact_phone=phone,
                contact_email=email,
            )
        )
    name, phone, email = _contact(contacts.get("centralContacts") or [])
    return TrialRecord(
        nct_id=nct_id,
        brief_title=ident.get("briefTitle", ""),
        official_title=ident.get("officialTitle", ""),
        summary=clean_text(description.get("briefSummary", "")),
        conditions=tuple(conditions.get("conditions") or ()),
        keywords=tuple(conditions.get("keywords") or ()),
        phases=tuple(p for p in design.get("phases") or () if p != "NA"),
        overall_status=status.get("overallStatus", ""),
        study_type=design.get("studyType", ""),
        interventions=tuple(
            f"{i.get('type', '').title()}: {i.get('name', '')}".strip(": ")
            for i in arms.get("interventions") or ()
        ),
        minimum_age=eligibility.get("minimumAge", ""),
        maximum_age=eligibility.get("maximumAge", ""),
        sex=eligibility.get("sex", "ALL") or "ALL",
        healthy_volunteers=bool(eligibility.get("healthyVolunteers", False)),
        eligibility_text=clean_text(eligibility.get("eligibilityCriteria", "")),
        last_update=_date((status.get("lastUpdatePostDateStruct") or {}).get("date", "")),
        contact_name=name,
        contact_phone=phone,
        contact_email=email,
        locations=tuple(locations),
    )


def studies_in_file(path: Path) -> Iterator[dict]:
    """Study objects from a downloaded file: a v2 studies page, a list, one study, or JSONL."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if not stripped:
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise CtgovError(f"{path.name} line {number} is not JSON: {exc.msg}.") from exc
        return
    if isinstance(data, dict) and "studies" in data:
        yield from data["studies"]
    elif isinstance(data, list):
        yield from data
    elif isinstance(data, dict):
        yield data
    else:
        raise CtgovError(
            f"{path.name} holds neither a study, a list of studies nor a studies page."
        )


@dataclass(frozen=True)
class StudyQuery:
    """What to ask the registry for; empty fields are not sent."""

    condition: str = ""
    statuses: tuple[str, ...] = ()
    location: str = ""
    updated_since: date | None = None
    page_size: int = 100

    def params(self) -> dict[str, str]:
        params: dict[str, str] = {"pageSize": str(self.page_size), "format": "json"}
        if self.condition:
            params["query.cond"] = self.condition
        if self.statuses:
            params["filter.overallStatus"] = ",".join(self.statuses)
        if self.location:
            params["query.locn"] = self.location
        if self.updated_since:
            params["filter.advanced"] = (
                f"AREA[LastUpdatePostDate]RANGE[{self.updated_since.isoformat()},MAX]"
            )
        return params


class CtgovClient:
    """Reads /studies page by page, politely, retrying what is worth retrying."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        min_interval: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self._sleep = sleep
        self._last_request = 0.0

    def _wait_turn(self) -> None:
        wait = self._last_request + self.min_interval - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()

    def get_json(self, path: str, params: dict[str, str]) -> dict:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": "SecondLook trial registry"}
        )
        last_problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn()
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUSES:
                    raise CtgovError(
                        f"ClinicalTrials.gov refused the request (HTTP {exc.code}) for {url}."
                    ) from exc
                last_problem = f"HTTP {exc.code}"
            except TimeoutError:
                last_problem = f"no answer within {self.timeout:g} seconds"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError | socket.timeout):
                    last_problem = f"no answer within {self.timeout:g} seconds"
                else:
                    last_problem = f"connection failed ({exc.reason})"
            except json.JSONDecodeError as exc:
                raise CtgovError(
                    f"ClinicalTrials.gov answered with something that is not JSON for {url}."
                ) from exc
        raise CtgovError(
            f"ClinicalTrials.gov could not be read after {self.retries + 1} tries: {last_problem}. "
            "Check the server's internet access and try again later."
        )

    def studies(self, query: StudyQuery, *, max_pages: int | None = None) -> Iterator[dict]:
        """Every study matching the query, following nextPageToken until the last page."""
        params = query.params()
        pages = 0
        while True:
            page = self.get_json("/studies", params)
            yield from page.get("studies") or ()
            pages += 1
            token = page.get("nextPageToken")
            if not token or (max_pages is not None and pages >= max_pages):
                return
            params = {**params, "pageToken": token}


def records(studies: Iterable[dict]) -> Iterator[TrialRecord]:
    for study in studies:
        yield record_from_study(study)
