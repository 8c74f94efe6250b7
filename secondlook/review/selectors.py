from __future__ import annotations

from django.db.models import QuerySet

from secondlook.cases.models import Case
from secondlook.review.models import OpinionVersion


def opinion_latest(*, case: Case) -> OpinionVersion | None:
    return OpinionVersion.objects.filter(case=case).order_by("-number").first()


def opinion_latest_signed(*, case: Case) -> OpinionVersion | None:
    return (
        OpinionVersion.objects.filter(case=case, signed_at__isnull=False)
        .select_related("signed_by")
        .order_by("-number")
        .first()
    )


def opinion_versions(*, case: Case) -> QuerySet[OpinionVersion]:
    return (
        OpinionVersion.objects.filter(case=case)
        .select_related("author", "signed_by")
        .order_by("-number")
    )
