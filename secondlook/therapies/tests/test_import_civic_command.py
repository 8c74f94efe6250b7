"""`manage.py import_civic` on a CIViC dump written to disk, as a curator runs it."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secondlook.therapies.civic import EVIDENCE_COLUMNS
from secondlook.therapies.models import BiomarkerAssertion, KnowledgeVersion
from secondlook.therapies.services import knowledge_starter_load
from secondlook.therapies.tests.test_knowledge import EVIDENCE_ROWS, _tsv

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_dump_file_and_says_what_it_left_out(tmp_path: Path) -> None:
    knowledge_starter_load()
    dump = tmp_path / "nightly-ClinicalEvidenceSummaries.tsv"
    dump.write_text(_tsv(EVIDENCE_COLUMNS, EVIDENCE_ROWS), encoding="utf-8")
    out = StringIO()

    call_command("import_civic", str(dump), "--kind", "evidence", stdout=out)

    printed = out.getvalue()
    assert "5 rows read, 2 usable." in printed
    assert "left out (not predictive): 1" in printed
    assert "Knowledge base version 2: 2 added" in printed
    assert set(BiomarkerAssertion.objects.filter(origin="civic").values_list("key", flat=True)) >= {
        "civic-eid1",
        "civic-eid2",
    }

    again = StringIO()
    call_command("import_civic", str(dump), stdout=again)
    assert "Nothing new" in again.getvalue()
    assert KnowledgeVersion.objects.count() == 2


def test_a_missing_or_foreign_file_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_civic", str(tmp_path / "absent.tsv"))
    foreign = tmp_path / "variants.tsv"
    foreign.write_text("gene\tvariant\nEGFR\tL858R\n", encoding="utf-8")
    with pytest.raises(CommandError, match="molecular_profile"):
        call_command("import_civic", str(foreign))
    assert not BiomarkerAssertion.objects.filter(origin="civic").exists()
