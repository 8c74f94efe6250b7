"""The content check on its own: what a file is, whatever its name says."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ImageFile
from pypdf import PdfReader

from secondlook.core.errors import ValidationFailed
from secondlook.records.inspection import Inspection, inspect
from secondlook.records.tests import samples


def _inspect(tmp_path: Path, name: str, content: bytes) -> Inspection:
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    return inspect(path, name)


def _refusal(tmp_path: Path, name: str, content: bytes) -> str:
    with pytest.raises(ValidationFailed) as refused:
        _inspect(tmp_path, name, content)
    return refused.value.message


@pytest.mark.parametrize(
    ("name", "content", "media_type", "pages"),
    [
        ("report.pdf", samples.pdf_bytes(3), "application/pdf", 3),
        ("scan.jpg", samples.image_bytes("JPEG"), "image/jpeg", None),
        ("scan.jpeg", samples.image_bytes("JPEG"), "image/jpeg", None),
        ("scan.png", samples.image_bytes("PNG"), "image/png", None),
        ("fax.tif", samples.image_bytes("TIFF", frames=4), "image/tiff", 4),
        ("note.txt", samples.text_bytes(), "text/plain", None),
        (
            "hl7-message",
            b"MSH|^~\\&|LAB|OUTSIDE\rOBX|1|TX|||Adenocarcinoma\r",
            "x-application/hl7-v2+er7",
            None,
        ),
        ("note.txt", "\ufeffNota clínica: sin células malignas.".encode(), "text/plain", None),
    ],
)
def test_accepted_formats_are_recognised_by_content(
    tmp_path: Path, name: str, content: bytes, media_type: str, pages: int | None
) -> None:
    inspection = _inspect(tmp_path, name, content)
    assert inspection.media_type == media_type
    assert inspection.page_count == pages


def test_a_pdf_locked_with_a_password_is_accepted_without_a_page_count(tmp_path: Path) -> None:
    inspection = _inspect(tmp_path, "locked.pdf", samples.pdf_bytes(2, user_password="secret"))
    assert inspection.media_type == "application/pdf"
    assert inspection.encrypted
    assert inspection.page_count is None


def test_a_pdf_locked_only_against_editing_still_has_its_pages_counted(tmp_path: Path) -> None:
    inspection = _inspect(tmp_path, "locked.pdf", samples.pdf_bytes(2, user_password=""))
    assert inspection.encrypted
    assert inspection.page_count == 2


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("setup.exe", samples.exe_bytes(), "a Windows program"),
        ("letter.docx", samples.docx_bytes(), "a Word document"),
        ("bundle.zip", b"PK\x05\x06" + b"\x00" * 18, "a ZIP archive"),
        ("page.html", samples.html_bytes(), "a web page (HTML)"),
        ("chart.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        ("photo.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 16, "HEIC photo"),
        ("study.dcm", b"\x00" * 128 + b"DICM" + b"\x02\x00", "DICOM"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "older Microsoft Office"),
    ],
)
def test_other_formats_are_refused_naming_what_they_are(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    message = _refusal(tmp_path, name, content)
    assert said in message
    assert "cannot be added" in message


@pytest.mark.parametrize(
    ("name", "content", "claimed", "actual"),
    [
        ("report.pdf", samples.exe_bytes(), "a PDF document (.pdf)", "a Windows program"),
        ("note.txt", samples.html_bytes(), "plain text (.txt)", "a web page (HTML)"),
        ("report.pdf", samples.image_bytes("PNG"), "a PDF document (.pdf)", "a PNG image"),
        ("scan.JPG", samples.pdf_bytes(), "a JPEG image (.jpg)", "a PDF document"),
        ("report.pdf", b"\x01\x02\x03\x00garbage", "a PDF document (.pdf)", "cannot recognise"),
    ],
)
def test_a_name_that_promises_another_type_is_refused_saying_both(
    tmp_path: Path, name: str, content: bytes, claimed: str, actual: str
) -> None:
    message = _refusal(tmp_path, name, content)
    assert f"named as {claimed}" in message
    assert actual in message


def test_a_misnamed_file_of_an_accepted_type_is_told_how_to_fix_the_name(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "scan.pdf", samples.image_bytes("PNG"))
    assert "rename it to end in .png" in message


def test_script_hidden_deep_inside_a_text_file_is_refused(tmp_path: Path) -> None:
    content = b"Clinic note\n" * 200_000 + b"<script src=//evil.example></script>\n"
    assert "web page" in _refusal(tmp_path, "note.txt", content)


def test_text_with_a_comparison_sign_is_still_text(tmp_path: Path) -> None:
    inspection = _inspect(tmp_path, "note.txt", b"Tumour <5 mm from margin; <metastasis> absent.")
    assert inspection.media_type == "text/plain"


def test_text_in_an_old_windows_encoding_is_refused_with_advice(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "note.txt", "Résumé clinique".encode("cp1252"))
    assert "UTF-8" in message


def test_binary_junk_is_refused_as_unrecognised(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "blob", bytes(range(1, 32)) * 20 + b"\x00")
    assert "could not recognise" in message


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_a_truncated_image_is_refused_as_damaged(tmp_path: Path, fmt: str) -> None:
    content = samples.image_bytes(fmt)
    extension = {"PNG": "png", "JPEG": "jpg", "TIFF": "tif"}[fmt]
    message = _refusal(tmp_path, f"scan.{extension}", content[: len(content) // 2])
    assert "damaged" in message


def test_a_truncated_image_is_refused_even_after_weasyprint_relaxed_pillow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when it is imported."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    content = samples.image_bytes("TIFF")
    assert "damaged" in _refusal(tmp_path, "scan.tif", content[: len(content) // 2])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=st.binary(max_size=2048))
def test_bytes_behind_a_pdf_header_are_never_accepted_unless_they_parse(
    tmp_path: Path, tail: bytes
) -> None:
    """A PDF signature alone proves nothing: whatever follows must open as a PDF with pages."""
    content = b"%PDF-1.7\n" + tail
    try:
        _inspect(tmp_path, "report.pdf", content)
    except ValidationFailed as refused:
        assert "PDF" in refused.message
        return
    reader = PdfReader(io.BytesIO(content))
    assert reader.is_encrypted or len(reader.pages) >= 1
