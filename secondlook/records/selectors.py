from __future__ import annotations

from django.db.models import QuerySet

from secondlook.cases.models import Case
from secondlook.records.choices import DocumentKind
from secondlook.records.models import Document


def case_has_pathology_report(*, case: Case) -> bool:
    return Document.objects.filter(case=case, kind=DocumentKind.PATHOLOGY).exists()


def case_documents(*, case: Case) -> QuerySet[Document]:
    return (
        Document.objects.filter(case=case)
        .select_related("uploaded_by")
        .order_by("-created_at", "-id")
    )
