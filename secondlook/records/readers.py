"""Turn a stored record into text with page offsets (pure: no Django import).

Each format has one reader: a PDF's text layer (pypdf), a scan through OCR (Debian's
tesseract via pytesseract; PDF pages are rasterised with pypdfium2),
plain text, a FHIR R4 bundle (mCODE resources rendered as lines, with the facts they
state) and an HL7 v2 ORU^R01 pathology message (its OBX text). A record that cannot be
read raises `Unreadable` with a reason a navigator can act on; every other exception is
treated by the job as transient and retried.

`classify` files a record by keyword rules, so a patient's "Other" upload can be
suggested as the pathology report it really is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from secondlook.oncology.facts import ExtractedFact

# A page whose text layer has fewer letters than this is treated as a scan.
MIN_LETTERS_PER_PAGE = 20
PAGE_SEPARATOR = "\n\n"


class Unreadable(Exception):
    """The record cannot be read as it is; `reason` tells the navigator what to ask for."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReadResult:
    """The text of a record, where each page sits in it, and how it was read.

    `facts` is set when the format carries structured data (FHIR): those facts are
    taken as stated instead of being extracted from the text again.
    """

    text: str
    pages: tuple[tuple[int, int], ...]
    method: str
    facts: tuple[ExtractedFact, ...] | None = None


def read_document(path: Path, media_type: str) -> ReadResult:
    """Read the file at `path`; `media_type` is what upload inspection found."""
    if media_type == "application/pdf":
        return read_pdf(path)
    if media_type in ("image/jpeg", "image/png", "image/tiff"):
        return read_image(path)
    if media_type == "text/plain":
        return read_plain_text(path)
    if media_type == "application/fhir+json":
        return read_fhir_bundle(path)
    if media_type == "x-application/hl7-v2+er7":
        return read_hl7_message(path)
    raise Unreadable(f"Records of type {media_type} cannot be read automatically.")


def _joined(pages: Iterable[str], method: str) -> ReadResult:
    text = ""
    offsets: list[tuple[int, int]] = []
    for number, page in enumerate(pages):
        if number:
            text += PAGE_SEPARATOR
        start = len(text)
        text += page.strip()
        offsets.append((start, len(text)))
    return ReadResult(text=text, pages=tuple(offsets), method=method)


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def read_pdf(path: Path) -> ReadResult:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable(
                "The PDF is password-protected. Ask the sender for the password or for a "
                "copy without one."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(
            "The PDF is damaged or uses protection we cannot open. Ask for a new copy."
        ) from exc
    if pages and all(_letters(page) >= MIN_LETTERS_PER_PAGE for page in pages):
        return _joined(pages, "text_layer")
    return _ocr_pdf(path, pages)


def _ocr_pdf(path: Path, text_layer: list[str]) -> ReadResult:
    """OCR the pages that have no usable text layer; keep the text layer of the others."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    pages: list[str] = []
    try:
        for number, existing in enumerate(text_layer):
            if _letters(existing) >= MIN_LETTERS_PER_PAGE:
                pages.append(existing)
                continue
            image = document[number].render(scale=300 / 72).to_pil()
            pages.append(_ocr(image))
    finally:
        document.close()
    return _checked_ocr(pages)


def _ocr(image: Image.Image) -> str:
    import pytesseract

    try:
        return pytesseract.image_to_string(image.convert("L"))
    except pytesseract.TesseractNotFoundError as exc:
        raise Unreadable(
            "Reading scans needs the tesseract OCR program, which this server does not "
            "have. Ask your administrator to install it (apt-get install tesseract-ocr)."
        ) from exc


def _checked_ocr(pages: list[str]) -> ReadResult:
    if sum(_letters(page) for page in pages) < MIN_LETTERS_PER_PAGE:
        raise Unreadable(
            "No text could be read from this scan (OCR found nothing). Ask for a clearer "
            "copy or the original report."
        )
    return _joined(pages, "ocr")


def read_image(path: Path) -> ReadResult:
    """JPEG/PNG straight to OCR; a multi-page TIFF (a fax) page by page."""
    pages: list[str] = []
    try:
        with Image.open(path) as image:
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                pages.append(_ocr(image.copy()))
    except Unreadable:
        raise
    except OSError as exc:
        raise Unreadable("The image is damaged. Ask for a new copy.") from exc
    return _checked_ocr(pages)


def read_plain_text(path: Path) -> ReadResult:
    text = path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    if not text.strip():
        raise Unreadable("The text file is empty.")
    return _joined([text], "plain_text")


def read_fhir_bundle(path: Path) -> ReadResult:
    from secondlook.oncology import mcode

    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Unreadable("The FHIR bundle is not valid JSON. Ask for a new export.") from exc
    try:
        imported = mcode.bundle_read(data)
    except mcode.MalformedBundle as exc:
        raise Unreadable(f"The FHIR bundle is malformed: {exc}") from exc
    if not imported.text:
        raise Unreadable(
            "The FHIR bundle holds no cancer diagnosis, stage, tumor marker or variant."
        )
    return ReadResult(
        text=imported.text,
        pages=((0, len(imported.text)),),
        method="fhir",
        facts=imported.facts,
    )


# OBX value types that carry report text.
_TEXT_VALUE_TYPES = frozenset({"TX", "FT", "ST"})


def read_hl7_message(path: Path) -> ReadResult:
    """The text of an ORU^R01 pathology message: its OBX text values, one per line."""
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.parser import parse_message

    raw = path.read_bytes().decode("utf-8-sig", errors="replace")
    er7 = "\r".join(line for line in re.split(r"\r\n|\r|\n", raw) if line.strip())
    try:
        message = parse_message(er7, validation_level=VALIDATION_LEVEL.TOLERANT, find_groups=False)
        message_type = message.msh.msh_9.to_er7()
        segments = [child for child in message.children if child.name == "OBX"]
        lines = [
            _hl7_unescape(obx.obx_5.to_er7())
            for obx in segments
            if obx.obx_2.to_er7() in _TEXT_VALUE_TYPES
        ]
    except Exception as exc:
        raise Unreadable("The HL7 message is malformed. Ask for the report as a PDF.") from exc
    if not message_type.startswith("ORU^R01"):
        raise Unreadable(
            f"The HL7 message is a {message_type or 'message of unknown type'}, not a "
            "pathology result (ORU^R01)."
        )
    text = "\n".join(line for line in lines if line.strip())
    if not text:
        raise Unreadable("The HL7 message carries no report text (no OBX text segments).")
    return _joined([text], "hl7v2")


_HL7_ESCAPES = {"\\.br\\": "\n", "\\F\\": "|", "\\S\\": "^", "\\T\\": "&", "\\R\\": "~"}


def _hl7_unescape(value: str) -> str:
    """Repetitions become lines; HL7 escape sequences become the characters they stand for."""
    value = value.replace("~", "\n")
    for escaped, plain in _HL7_ESCAPES.items():
        value = value.replace(escaped, plain)
    return value.replace("\\E\\", "\\")


# Keyword rules, most specific first: a molecular report also says "pathology".
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "molecular",
        re.compile(
            r"next[- ]generation sequencing|\bngs\b|genomic|variant allele|tumor mutational"
            r"|\bmolecular (?:pathology|report|profil)|\bfoundation ?one\b|\bpathogenic variant",
            re.IGNORECASE,
        ),
    ),
    (
        "pathology",
        re.compile(
            r"surgical pathology|pathology report|dermatopathology|cytology|final diagnosis"
            r"|\bbiopsy\b.*\b(?:carcinoma|adenocarcinoma|melanoma|sarcoma|lymphoma)"
            r"|\bspecimen\b|gross description|microscopic description",
            re.IGNORECASE | re.DOTALL,
        ),
    ),
    (
        "radiology",
        re.compile(
            r"\bimpression:|\bfindings:|\bct (?:chest|abdomen|scan)|\bmri\b|\bpet[/ -]ct\b"
            r"|\bmammogra|\bultrasound\b|radiology report|\bcontrast\b",
            re.IGNORECASE,
        ),
    ),
    (
        "lab",
        re.compile(
            r"reference range|\bcbc\b|hemoglobin|platelets|creatinine|\bmg/dl\b|\bwbc\b",
            re.IGNORECASE,
        ),
    ),
    (
        "clinic_note",
        re.compile(
            r"history of present illness|\bhpi\b|assessment and plan|chief complaint"
            r"|review of systems|progress note|consult(?:ation)? note",
            re.IGNORECASE,
        ),
    ),
)


def classify(text: str) -> str:
    """The kind of record the text most looks like, or "other"."""
    head = text[:20_000]
    for kind, pattern in _KIND_RULES:
        if pattern.search(head):
            return kind
    return "other"
