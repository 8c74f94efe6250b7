"""The signed opinion as a document: its content hash, its PDF and where the PDF is kept.

No database writes here; the services decide when a document is made and the selectors
when it is read. Files live under SECONDLOOK_RECORDS_ROOT, outside the web root, under
random names, and are only ever served through a view that checks access.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string

from secondlook.accounts.selectors import program_current
from secondlook.review.choices import Modality, SupportiveNeed, WorkupTest
from secondlook.review.models import OpinionVersion

_FOLDER = "opinions"
_STORAGE_NAME = re.compile(rf"^{_FOLDER}/[0-9a-f]{{32}}\.pdf$")


def opinion_content_sha256(opinion: OpinionVersion) -> str:
    """SHA-256 of a canonical JSON of what the signer attests to.

    The case reference and version number are part of it so that the same words signed
    for another case or as another version give another hash. Anyone holding the PDF can
    recompute it from the fields printed on it; keys are sorted and separators fixed so
    the hash never depends on dict order or formatting.
    """
    content = {
        "case": opinion.case.reference,
        "version": opinion.number,
        "supersedes": opinion.supersedes.number if opinion.supersedes else None,
        "correction_reason": opinion.correction_reason,
        "verdict": opinion.verdict,
        "diagnosis": opinion.diagnosis,
        "recommendations": opinion.recommendations,
        "answers": opinion.answers,
    }
    if has_structured_content(opinion):
        # Only opinions with structured content carry the key (and only they get a
        # generated patient summary), so hashes of versions signed before it existed
        # still verify.
        content["letter"] = opinion_letter_content(opinion)
    # Added only when set, for the same reason: the chosen options with the knowledge-base
    # version they came from, the verdict on the outside plan, and what a correction changed.
    if opinion.chosen_options:
        content["options"] = opinion.chosen_options
    if opinion.knowledge_version_id is not None:
        content["knowledge_version"] = opinion.knowledge_version.number
    if opinion.plan_change:
        content["plan_change"] = opinion.plan_change
    if opinion.what_changed:
        content["what_changed"] = opinion.what_changed
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


LETTER_FIELDS = (
    "concordance",
    "concordance_reason",
    "stage",
    "recommended_plan",
    "alternatives",
    "tests_recommended",
    "supportive_care",
    "evidence",
    "trials",
    "board_consensus",
    "patient_summary_en",
    "patient_summary_es",
)


AUTHORED_FIELDS = LETTER_FIELDS[:-2]


def has_structured_content(opinion: OpinionVersion) -> bool:
    """The attending filled in the structured part the patient summary is generated from."""
    return bool(opinion.chosen_options) or any(getattr(opinion, f) for f in AUTHORED_FIELDS)


def opinion_letter_content(opinion: OpinionVersion) -> dict[str, object]:
    return {field: getattr(opinion, field) for field in LETTER_FIELDS}


def opinion_document_context(opinion: OpinionVersion) -> dict[str, object]:
    """What the opinion document shows, shared by the PDF and the on-screen preview,
    so what the specialist reads before signing is what the patient receives."""
    from secondlook.review.team_selectors import case_reviewers_with_findings, patient_voice_of

    case = opinion.case
    return {
        "opinion": opinion,
        "case": case,
        "program": program_current(),
        "questions": case.patient_questions,
        "plan_labels": _labels(Modality, opinion.recommended_plan),
        "alternative_labels": _labels(Modality, opinion.alternatives),
        "test_labels": _labels(WorkupTest, opinion.tests_recommended),
        "supportive_labels": _labels(SupportiveNeed, opinion.supportive_care),
        "chosen_options": opinion.chosen_options,
        "knowledge_version": opinion.knowledge_version,
        "plan_change_label": opinion.get_plan_change_display() if opinion.plan_change else "",
        "reviewers": case_reviewers_with_findings(case=case),
        "voice": patient_voice_of(case=case),
    }


def _labels(choices: type[models.TextChoices], keys: list[str]) -> list[str]:
    known = dict(choices.choices)
    return [str(known[key]) for key in keys if key in known]


def opinion_pdf_render(opinion: OpinionVersion) -> bytes:
    """Render the PDF; the fetcher refuses every URL, so the document is self-contained
    and rendering can never be made to read a local file or call out to the network."""
    # Imported here: WeasyPrint parses its stylesheets on import, a cost every web worker
    # and job would otherwise pay at start-up for a function only signing calls.
    from weasyprint import HTML, URLFetcher

    html = render_to_string("review/opinion_pdf.html", opinion_document_context(opinion))
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=frozenset())).write_pdf()


def _path(storage_name: str) -> Path:
    if not _STORAGE_NAME.match(storage_name):
        raise ValueError("Not an opinion storage name.")
    return Path(settings.SECONDLOOK_RECORDS_ROOT) / storage_name


def opinion_pdf_store(data: bytes) -> str:
    """Write the PDF under a new random name readable only by this process's user."""
    storage_name = f"{_FOLDER}/{secrets.token_hex(16)}.pdf"
    path = _path(storage_name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return storage_name


def opinion_pdf_read(storage_name: str) -> bytes:
    return _path(storage_name).read_bytes()


def opinion_pdf_delete(storage_name: str) -> None:
    """Used only to undo a store whose database write failed; signed PDFs are never removed."""
    _path(storage_name).unlink(missing_ok=True)
