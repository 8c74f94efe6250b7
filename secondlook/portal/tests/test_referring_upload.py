"""The referring physician's upload link: signed, expiring, one case, rate-limited, and
the same file checks as every other upload; a refused upload leaves nothing behind."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from secondlook.audit.models import AuditEvent
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.core.errors import NotFound, PermissionDenied
from secondlook.core.testing import Personas
from secondlook.portal import referring
from secondlook.portal.models import ReferringUploadLink
from secondlook.records.choices import DocumentSource
from secondlook.records.models import Document
from secondlook.records.tests.samples import exe_bytes, pdf_bytes, upload


@pytest.fixture(autouse=True)
def records_root(tmp_path: Path, settings: Settings) -> Iterator[Path]:
    root = tmp_path / "records"
    settings.SECONDLOOK_RECORDS_ROOT = root
    yield root


def _stored(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _issue(personas: Personas, case: Case | None = None) -> referring.IssuedLink:
    return referring.referring_link_issue(
        actor=personas.nina, case=case or personas.pat_case, physician_name="Dr. Lee"
    )


def _post(client: Client, token: str, content: bytes, name: str = "path.pdf") -> int:
    url = reverse("portal:referring_upload", args=[token])
    client.get(url)
    response = client.post(url, {"file": upload(name, content), "kind": "pathology"})
    return response.status_code


def test_physician_upload_lands_on_the_right_case_with_its_provenance(
    client: Client, personas: Personas
) -> None:
    issued = _issue(personas)

    assert _post(client, issued.token, pdf_bytes(2)) == 200

    document = Document.objects.get()
    assert document.case == personas.pat_case
    assert document.source == DocumentSource.REFERRING_PHYSICIAN
    assert document.uploaded_by is None
    assert AuditEvent.objects.filter(
        case_reference=personas.pat_case.reference,
        purpose=f"record upload by referring physician (link #{issued.link.pk})",
    ).exists()
    issued.link.refresh_from_db()
    assert issued.link.uploads == 1


def test_page_works_without_an_account_and_keeps_the_token_private(
    client: Client, personas: Personas
) -> None:
    issued = _issue(personas)

    response = client.get(reverse("portal:referring_upload", args=[issued.token]))

    assert response.status_code == 200
    assert "Dr. Lee" in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert personas.pat_case.patient.last_name not in response.content.decode()


def test_expired_link_is_refused_and_audited(
    client: Client, personas: Personas, records_root: Path
) -> None:
    issued = _issue(personas)
    ReferringUploadLink.objects.filter(pk=issued.link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert _post(client, issued.token, pdf_bytes()) == 404
    assert not Document.objects.exists() and _stored(records_root) == []
    assert AuditEvent.objects.filter(purpose="referring upload link refused: expired").exists()


def test_token_older_than_the_longest_link_is_refused(personas: Personas) -> None:
    issued = _issue(personas)
    ReferringUploadLink.objects.filter(pk=issued.link.pk).update(
        expires_at=timezone.now() + timedelta(days=365)
    )
    later = timezone.now() + timedelta(days=referring.MAX_LINK_DAYS + 1)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        with pytest.raises(NotFound):
            referring.referring_link_resolve(issued.token)


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"link": 1, "case": 1}, salt="another-salt"),
        lambda token: "not-a-token",
    ],
    ids=["tampered", "wrong-salt", "garbage"],
)
def test_forged_token_is_refused(
    client: Client, personas: Personas, records_root: Path, forge: object
) -> None:
    issued = _issue(personas)

    assert _post(client, forge(issued.token), pdf_bytes()) == 404  # type: ignore[operator]
    assert not Document.objects.exists() and _stored(records_root) == []


def test_token_naming_another_case_is_refused(personas: Personas) -> None:
    issued = _issue(personas)
    forged = signing.dumps(
        {"link": issued.link.pk, "case": personas.quinn_case.pk}, salt=referring.SALT
    )

    with pytest.raises(NotFound):
        referring.referring_link_resolve(forged)


def test_revoked_link_and_closed_case_are_refused(personas: Personas) -> None:
    issued = _issue(personas)
    referring.referring_link_revoke(actor=personas.nina, link=issued.link)

    with pytest.raises(NotFound):
        referring.referring_link_resolve(issued.token)

    other = _issue(personas)
    Case.objects.filter(pk=personas.pat_case.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(NotFound):
        referring.referring_link_resolve(other.token)


def test_unacceptable_file_is_refused_and_nothing_is_stored(
    client: Client, personas: Personas, records_root: Path
) -> None:
    issued = _issue(personas)

    assert _post(client, issued.token, exe_bytes(), name="report.pdf") == 400
    assert not Document.objects.exists()
    assert _stored(records_root) == []


def test_only_the_cases_navigator_issues_links(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        referring.referring_link_issue(
            actor=personas.nate, case=personas.pat_case, physician_name="Dr. Lee"
        )
    with pytest.raises(PermissionDenied):
        referring.referring_link_issue(
            actor=personas.olivia, case=personas.pat_case, physician_name="Dr. Lee"
        )


def test_uploads_through_one_link_are_rate_limited(
    client: Client, personas: Personas, settings: Settings
) -> None:
    issued = _issue(personas)
    ReferringUploadLink.objects.filter(pk=issued.link.pk).update(
        window_started_at=timezone.now(), window_attempts=referring.ATTEMPTS_PER_HOUR
    )

    assert _post(client, issued.token, pdf_bytes()) == 429
    assert not Document.objects.exists()


def test_navigator_issues_a_link_from_the_staff_case_page(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.nina)
    case_url = reverse("cases:detail", args=[personas.pat_case.pk])

    response = client.post(
        reverse("portal:referring_link_issue", args=[personas.pat_case.pk]),
        {"physician_name": "Dr. Lee", "days": "7"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == case_url
    link = ReferringUploadLink.objects.get()
    assert link.issued_by == personas.nina
    page = response.content.decode()
    tokens = set(re.findall(r"/portal/send-records/([^/\s\"<]+)/", page))
    assert tokens and all(referring.referring_link_resolve(token) == link for token in tokens)
    assert AuditEvent.objects.filter(purpose="referring physician upload link").exists()
