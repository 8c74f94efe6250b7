"""Walk an opinion through the services the way the pages do."""

from __future__ import annotations

from pathlib import Path

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.models import Case
from secondlook.core.testing import Personas
from secondlook.review import services
from secondlook.review.models import OpinionVersion

DIAGNOSIS = "Adenocarcinoma of the sigmoid colon, pT3 N1a, stage IIIB, MSI-stable."


def draft(personas: Personas, case: Case, **changes: str) -> OpinionVersion:
    content = {
        "verdict": "confirmed",
        "diagnosis": DIAGNOSIS,
        "recommendations": "Surgery first, then adjuvant chemotherapy.",
        "answers": "Surgery first is the better choice for you; chemotherapy follows.",
        "plan_change": "confirmed",
        **changes,
    }
    return services.opinion_draft_save(actor=personas.olivia, case=case, **content)


def signed(personas: Personas, case: Case) -> OpinionVersion:
    return services.opinion_sign(
        actor=personas.olivia, opinion=draft(personas, case), password=TEST_PASSWORD
    )


def pdf_files(root: Path) -> list[Path]:
    return sorted((root / "opinions").glob("*")) if (root / "opinions").exists() else []
