"""What an uploaded file really is, judged by its content and never by its name.

A record can be a PDF, a JPEG/PNG/TIFF image, plain UTF-8 text, a FHIR R4 Bundle
(JSON; recognised by its content: a JSON object whose resourceType is "Bundle") or an
HL7 v2 message (text whose first line starts "MSH|"). Anything else is
refused with a reason a patient can act on ("this is a Word document: save it as PDF"),
and so is a file whose name claims one type while its bytes are another: a program
renamed `.pdf` or a web page renamed `.txt` never reaches a reviewer's screen.

This module is a pure engine (no Django): it reads a file that is already on disk and
returns an `Inspection` or raises `ValidationFailed` with the reason.

Decisions worth knowing:

* A password-protected PDF is accepted (patient portals often export them) and its
  `page_count` is None when the password hides the page tree; the staff page shows
  "unknown (encrypted)" so the navigator knows to ask for the password.
* `page_count` is set for paged formats only: PDF pages and TIFF frames (faxed records
  arrive as multi-page TIFF). Single images and text have None.
* Images are checked with Pillow's `verify()` (structure and checksums) and then
  decoded within a pixel budget (JPEGs at 1/8 scale), so a truncated scan is refused
  while a 50 MB image does not cost a web worker a gigabyte.
"""

from __future__ import annotations

import codecs
import json
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

from PIL import Image, ImageFile
from pypdf import PdfReader

from secondlook.core.errors import ValidationFailed

HEAD_BYTES = 64 * 1024
_CHUNK_BYTES = 1024 * 1024

ACCEPTED_SUMMARY = (
    "PDF documents, JPEG, PNG or TIFF images, plain-text files, FHIR bundles (.json) and "
    "HL7 v2 messages"
)


@dataclass(frozen=True)
class Format:
    """A file format as a patient would name it; `media_type` is set only if we accept it."""

    key: str
    label: str
    media_type: str = ""
    extension: str = ""
    advice: str = ""


PDF = Format("pdf", "a PDF document", "application/pdf", ".pdf")
JPEG = Format("jpeg", "a JPEG image", "image/jpeg", ".jpg")
PNG = Format("png", "a PNG image", "image/png", ".png")
TIFF = Format("tiff", "a TIFF image", "image/tiff", ".tif")
TEXT = Format("text", "plain text", "text/plain", ".txt")
FHIR = Format("fhir", "a FHIR bundle", "application/fhir+json", ".json")
HL7V2 = Format("hl7v2", "an HL7 v2 message", "x-application/hl7-v2+er7", ".hl7")
OTHER_JSON = Format(
    "json",
    "a JSON file that is not a FHIR bundle",
    advice="Export the records as a FHIR Bundle, or as a PDF.",
)

_SAVE_AS_PDF = "Save or print it as a PDF and upload that instead."
WINDOWS_PROGRAM = Format("exe", "a Windows program")
LINUX_PROGRAM = Format("elf", "a Linux program")
MAC_PROGRAM = Format("macho", "a Mac program")
ZIP = Format("zip", "a ZIP archive", advice="Unzip it and upload the files inside one by one.")
WORD = Format("docx", "a Word document", advice=_SAVE_AS_PDF)
EXCEL = Format("xlsx", "an Excel spreadsheet", advice=_SAVE_AS_PDF)
POWERPOINT = Format("pptx", "a PowerPoint presentation", advice=_SAVE_AS_PDF)
OLD_OFFICE = Format("ole", "an older Microsoft Office document (.doc or .xls)", advice=_SAVE_AS_PDF)
RTF = Format("rtf", "a Rich Text (RTF) document", advice=_SAVE_AS_PDF)
ARCHIVE = Format("archive", "a compressed archive", advice="Unpack it and upload the files inside.")
GIF = Format("gif", "a GIF image", advice="Save it as PNG or JPEG and upload that instead.")
BMP = Format("bmp", "a BMP image", advice="Save it as PNG or JPEG and upload that instead.")
WEBP = Format("webp", "a WebP image", advice="Save it as PNG or JPEG and upload that instead.")
HEIC = Format(
    "heic",
    "an HEIC photo (the iPhone photo format)",
    advice="Export the photo as JPEG (on iPhone: Settings › Camera › Formats › Most Compatible).",
)
VIDEO = Format("video", "a video or sound file")
DICOM = Format(
    "dicom",
    "a DICOM medical image",
    advice="Imaging studies cannot be uploaded here yet: your navigator will arrange a disc "
    "or an image-sharing transfer with the hospital that made them.",
)
POSTSCRIPT = Format("ps", "a PostScript document", advice=_SAVE_AS_PDF)
HTML = Format("html", "a web page (HTML)", advice=_SAVE_AS_PDF)
SVG = Format("svg", "an SVG drawing", advice="Save it as PNG or PDF and upload that instead.")
XML = Format("xml", "an XML document")
SCRIPT = Format("script", "a program script")
LEGACY_TEXT = Format(
    "legacy_text",
    "text in an older encoding (not UTF-8)",
    advice="Save it again as UTF-8 text, or as a PDF, and upload that instead.",
)

# What a file name promises. Only names we recognise make a promise; a `.csv` or
# extension-less file is judged by its content alone.
_EXTENSION_CLAIMS: dict[str, Format] = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".jpe": JPEG,
    ".jfif": JPEG,
    ".png": PNG,
    ".tif": TIFF,
    ".tiff": TIFF,
    ".txt": TEXT,
    ".text": TEXT,
    ".json": FHIR,
    ".hl7": HL7V2,
    ".exe": WINDOWS_PROGRAM,
    ".zip": ZIP,
    ".docx": WORD,
    ".xlsx": EXCEL,
    ".pptx": POWERPOINT,
    ".doc": OLD_OFFICE,
    ".xls": OLD_OFFICE,
    ".rtf": RTF,
    ".gif": GIF,
    ".bmp": BMP,
    ".webp": WEBP,
    ".heic": HEIC,
    ".heif": HEIC,
    ".dcm": DICOM,
    ".html": HTML,
    ".htm": HTML,
    ".svg": SVG,
    ".xml": XML,
    ".js": SCRIPT,
    ".sh": SCRIPT,
    ".bat": SCRIPT,
    ".ps1": SCRIPT,
}

# Pillow's name for each accepted image format (cameras write multi-picture JPEGs as MPO).
_PILLOW_FORMATS = {"jpeg": {"JPEG", "MPO"}, "png": {"PNG"}, "tiff": {"TIFF"}}

_PILLOW_SWITCH = threading.Lock()

# Pixels decoded per image to prove its data is complete (about 150 MB of RGB at most).
_DECODE_PIXEL_BUDGET = 50_000_000

_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1"})

# Markup that a browser or viewer would act on. Searched over the whole file (bytes: the
# tags are ASCII, so this works on UTF-8 without decoding twice).
_MARKUP = re.compile(
    rb"<\s*(?:(?P<svg>svg)|(?P<script>script)|!doctype\s+html|html|head|body|iframe|object"
    rb"|embed|meta|link|style|form)\b",
    re.IGNORECASE,
)
_MARKUP_OVERLAP = 32
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r")


@dataclass(frozen=True)
class Inspection:
    media_type: str
    label: str
    page_count: int | None
    encrypted: bool = False


def claimed_format(name: str) -> Format | None:
    """The format a file name promises, or None when its extension promises nothing."""
    return _EXTENSION_CLAIMS.get(PurePath(name.replace("\\", "/")).suffix.lower())


def inspect(path: Path, name: str) -> Inspection:
    """Say what the file at `path` is, or raise ValidationFailed saying why it is refused.

    `name` is the name the uploader gave; it is only compared with the content.
    """
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    found = _identify_binary(head, path) or _identify_text(path, head)
    if found is TEXT:
        found = _structured_text(path, head)
    claimed = claimed_format(name)
    # HL7 messages are often saved as .txt; that is the truth, not a disguise.
    if claimed is TEXT and found is HL7V2:
        claimed = HL7V2
    if claimed is not None and claimed != found:
        suffix = PurePath(name.replace("\\", "/")).suffix.lower()
        actually = found.label if found else "something we cannot recognise"
        if found is not None and found.media_type:
            advice = (
                f"If it is the file you meant, rename it to end in {found.extension} "
                "and upload it again."
            )
        else:
            advice = f"Only {ACCEPTED_SUMMARY} can be added to the records."
            if found is not None and found.advice:
                advice = f"{advice} {found.advice}"
        raise ValidationFailed(
            f"This file is named as {claimed.label} ({suffix}) but it is actually {actually}. "
            f"{advice}"
        )
    if found is None:
        raise ValidationFailed(
            f"We could not recognise this file's type. Only {ACCEPTED_SUMMARY} can be added "
            "to the records."
        )
    if not found.media_type:
        advice = f" {found.advice}" if found.advice else ""
        raise ValidationFailed(
            f"This file is {found.label}, which cannot be added to the records. "
            f"Only {ACCEPTED_SUMMARY} can be added.{advice}"
        )
    if found is PDF:
        return _inspect_pdf(path)
    if found in (JPEG, PNG, TIFF):
        return _inspect_image(path, found)
    return Inspection(media_type=found.media_type, label=found.label, page_count=None)


def _structured_text(path: Path, head: bytes) -> Format:
    """Text that is really a FHIR bundle (JSON) or an HL7 v2 message (starts "MSH|")."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"MSH|"):
        return HL7V2
    if not stripped.startswith((b"{", b"[")):
        return TEXT
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return TEXT
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        return FHIR
    return OTHER_JSON


def _identify_binary(head: bytes, path: Path) -> Format | None:
    """Recognise a format by its leading signature ("magic bytes")."""
    signatures: tuple[tuple[bytes, Format], ...] = (
        (b"%PDF-", PDF),
        (b"\xff\xd8\xff", JPEG),
        (b"\x89PNG\r\n\x1a\n", PNG),
        (b"II*\x00", TIFF),
        (b"MM\x00*", TIFF),
        (b"\x7fELF", LINUX_PROGRAM),
        (b"\xcf\xfa\xed\xfe", MAC_PROGRAM),
        (b"\xce\xfa\xed\xfe", MAC_PROGRAM),
        (b"\xfe\xed\xfa\xce", MAC_PROGRAM),
        (b"\xfe\xed\xfa\xcf", MAC_PROGRAM),
        (b"\xca\xfe\xba\xbe", MAC_PROGRAM),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLD_OFFICE),
        (b"{\\rtf", RTF),
        (b"GIF87a", GIF),
        (b"GIF89a", GIF),
        (b"\x1f\x8b", ARCHIVE),
        (b"7z\xbc\xaf\x27\x1c", ARCHIVE),
        (b"Rar!\x1a\x07", ARCHIVE),
        (b"\xfd7zXZ\x00", ARCHIVE),
        (b"%!PS", POSTSCRIPT),
    )
    for signature, found in signatures:
        if head.startswith(signature):
            return found
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _identify_zip(path)
    # Two-byte signatures are checked with a second clue so a text starting "MZ" or "BM"
    # is not mistaken for a program or a bitmap.
    if head.startswith(b"MZ") and b"\x00" in head[:64]:
        return WINDOWS_PROGRAM
    if head.startswith(b"BM") and head[6:10] == b"\x00\x00\x00\x00":
        return BMP
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return HEIC if head[8:12] in _HEIC_BRANDS else VIDEO
    if head[128:132] == b"DICM":
        return DICOM
    return None


def _identify_zip(path: Path) -> Format:
    """Office documents are ZIP files; tell them apart by what is inside."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return ZIP
    for prefix, found in (("word/", WORD), ("xl/", EXCEL), ("ppt/", POWERPOINT)):
        if any(entry.startswith(prefix) for entry in names):
            return found
    return ZIP


def _identify_text(path: Path, head: bytes) -> Format | None:
    """Plain text is valid UTF-8 with no NUL bytes and no markup a browser would run."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    tail = b""
    first = True
    valid_utf8 = True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            if b"\x00" in chunk:
                return None
            if first:
                stripped = chunk.lstrip(b"\xef\xbb\xbf \t\r\n")
                if stripped.startswith(b"#!"):
                    return SCRIPT
                if stripped[:5].lower() == b"<?xml" and not _MARKUP.search(chunk):
                    return XML
                first = False
            markup = _MARKUP.search(tail + chunk)
            if markup:
                if markup.group("svg"):
                    return SVG
                return HTML
            tail = chunk[-_MARKUP_OVERLAP:]
            if valid_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    valid_utf8 = False
    if valid_utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid_utf8 = False
    if valid_utf8:
        return TEXT
    return LEGACY_TEXT if _mostly_printable(head) else None


def _mostly_printable(head: bytes) -> bool:
    """Old Windows/Latin-1 text has almost no control bytes; binary data has many."""
    controls = sum(
        1 for byte in head if (byte < 0x20 and byte not in _TEXT_CONTROLS) or byte == 0x7F
    )
    return controls <= len(head) // 100


def _inspect_pdf(path: Path) -> Inspection:
    damaged = ValidationFailed(
        "This file starts like a PDF but cannot be opened: it may be damaged or only partly "
        "downloaded. Save or download it again and upload the new copy."
    )
    # pypdf raises many exception types on malformed input (its own errors, but also
    # KeyError, ValueError, RecursionError…); any of them means "not a readable PDF".
    try:
        reader = PdfReader(path, strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise damaged from exc
    if encrypted:
        return Inspection(
            media_type=PDF.media_type,
            label=PDF.label,
            page_count=_encrypted_page_count(reader),
            encrypted=True,
        )
    try:
        pages = len(reader.pages)
    except Exception as exc:
        raise damaged from exc
    if pages < 1:
        raise ValidationFailed("This PDF has no pages. Check the file and upload it again.")
    return Inspection(media_type=PDF.media_type, label=PDF.label, page_count=pages)


def _encrypted_page_count(reader: PdfReader) -> int | None:
    """Pages of a protected PDF if it opens with an empty password (owner-only lock)."""
    try:
        if not reader.decrypt(""):
            return None
        return len(reader.pages) or None
    except Exception:
        # Wrong password, or a cipher pypdf cannot handle without an extra package:
        # the file is still a PDF, we just cannot count its pages.
        return None


def _inspect_image(path: Path, expected: Format) -> Inspection:
    damaged = ValidationFailed(
        f"This file starts like {expected.label} but cannot be opened: it may be damaged "
        "or only partly downloaded. Save it again and upload the new copy."
    )
    try:
        with _strict_image_loading(), Image.open(path) as image:
            pillow_format = (image.format or "").upper()
            frames = getattr(image, "n_frames", 1)
            image.verify()
        with _strict_image_loading():
            _decode(path)
    except Image.DecompressionBombError as exc:
        raise ValidationFailed(
            "This image has too many pixels to open safely. Save it at a lower resolution, "
            "or as a PDF, and upload that instead."
        ) from exc
    except Exception as exc:
        # Pillow's decoders raise OSError, SyntaxError, struct.error, EOFError… on
        # malformed input; any of them means "not a readable image".
        raise damaged from exc
    if pillow_format not in _PILLOW_FORMATS[expected.key]:
        raise damaged
    return Inspection(
        media_type=expected.media_type,
        label=expected.label,
        page_count=frames if expected is TIFF else None,
    )


@contextmanager
def _strict_image_loading() -> Iterator[None]:
    """Refuse truncated images even when another library has told Pillow to accept them.

    WeasyPrint (used for the opinion PDFs) sets `ImageFile.LOAD_TRUNCATED_IMAGES = True`
    when it is imported, which would let a half-uploaded scan through. The switch is
    process-wide, so it is turned off under a lock and always put back.
    """
    with _PILLOW_SWITCH:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _decode(path: Path) -> None:
    """Decode the pixels as well: `verify()` checks structure, not that the data is all there.

    A JPEG is decoded at 1/8 scale (the codec does this cheaply, still reading every
    byte); other images frame by frame until a pixel budget is spent, so a huge scan
    costs bounded time and memory.
    """
    budget = _DECODE_PIXEL_BUDGET
    with Image.open(path) as image:
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
        for frame in range(getattr(image, "n_frames", 1)):
            image.seek(frame)
            budget -= image.width * image.height
            if budget < 0:
                return
            image.load()
