"""Small synthetic v2 study records and a local fake ClinicalTrials.gov for the tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

ELIGIBILITY = """Inclusion Criteria:

* Histologically confirmed non-small cell lung cancer, stage IIIB-IV
* EGFR mutation positive
* ECOG performance status 0-1
* Age 18 years or older

Exclusion Criteria:

* Untreated brain metastases
* Pregnant or breastfeeding"""


def study(
    nct_id: str,
    *,
    title: str = "Osimertinib for EGFR-Mutant Non-Small Cell Lung Cancer",
    condition: str = "Non-Small Cell Lung Cancer",
    status: str = "RECRUITING",
    eligibility: str = ELIGIBILITY,
    sex: str = "ALL",
    minimum_age: str = "18 Years",
    maximum_age: str = "",
    updated: str = "2026-10-01",
    lat: float | None = 34.15,
    lon: float | None = -118.14,
) -> dict:
    location: dict = {
        "facility": "Synthetic Cancer Institute",
        "city": "Pasadena",
        "state": "California",
        "country": "United States",
        "status": "RECRUITING",
        "contacts": [{"name": "Research Nurse (synthetic)", "phone": "555-0100"}],
    }
    if lat is not None:
        location["geoPoint"] = {"lat": lat, "lon": lon}
    return {
        "protocolSection": {
            "identificationModule": {"nctId": nct_id, "briefTitle": title},
            "statusModule": {
                "overallStatus": status,
                "lastUpdatePostDateStruct": {"date": updated},
            },
            "descriptionModule": {"briefSummary": f"A synthetic study: {title}."},
            "conditionsModule": {"conditions": [condition]},
            "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2"]},
            "eligibilityModule": {
                "eligibilityCriteria": eligibility,
                "sex": sex,
                "minimumAge": minimum_age,
                "maximumAge": maximum_age,
            },
            "contactsLocationsModule": {"locations": [location]},
        }
    }


Responder = Callable[[dict[str, list[str]]], tuple[int, dict]]


@contextmanager
def fake_ctgov(respond: Responder) -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    """A ClinicalTrials.gov stand-in on 127.0.0.1; yields its base URL and the queries seen."""
    seen: list[dict[str, list[str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            params = parse_qs(urlparse(self.path).query)
            seen.append(params)
            status, body = respond(params)
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v2", seen
    finally:
        server.shutdown()
        server.server_close()
