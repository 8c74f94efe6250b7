"""Demo data for the diagnosis: every demo pathology report is read through the real
ingestion service, so each case shows its extracted facts and stage; the pathologist
confirms a few cases. Wendy's re-review finds a higher grade (a minor change); Karin's
finds her tumor HER2-positive (a major change: it opens HER2-targeted treatment)."""

from __future__ import annotations

from secondlook.accounts.choices import Specialty
from secondlook.accounts.models import User
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.oncology import services
from secondlook.oncology.choices import Certainty, FactField, ProposalStatus
from secondlook.oncology.models import FactProposal
from secondlook.records.choices import IngestionStatus
from secondlook.records.ingestion import document_ingest
from secondlook.records.models import Document

PATHOLOGIST = "paula.pathologist"
# Besides Wendy and Karin, the pathologist has confirmed these patients' diagnoses.
CONFIRMED_TOO = (("Rosie", "Paloma"),)
REVIEWED_STATUSES = (CaseStatus.VISIT_SCHEDULED, CaseStatus.OPINION_DRAFTED)


def demo_extend(builder: object) -> None:
    for document_id in Document.objects.filter(
        ingestion_status=IngestionStatus.PENDING
    ).values_list("pk", flat=True):
        document_ingest(document_id=document_id)
    pathologist = builder.staff[PATHOLOGIST]  # type: ignore[attr-defined]
    for first, last in CONFIRMED_TOO:
        _confirm(pathologist, _open_case(first, last))
    cohort = Case.objects.filter(
        status__in=REVIEWED_STATUSES, fact_proposals__isnull=False, diagnoses__kind="outside"
    ).exclude(patient__first_name__in=["Rosie", "Wendy", "Karin"])
    for case in cohort.distinct().order_by("pk")[:2]:
        _confirm(pathologist, case)
    _confirm(pathologist, _open_case("Wendy", "Solberg"), correct=(FactField.GRADE, "2"))
    _confirm(pathologist, _open_case("Karin", "Nyberg"), correct=("HER2", "positive"))


def _open_case(first: str, last: str) -> Case:
    return (
        Case.objects.filter(patient__first_name=first, patient__last_name__endswith=last)
        .exclude(status__in=[CaseStatus.CLOSED, CaseStatus.CANCELLED])
        .get()
    )


def _confirm(pathologist: User, case: Case, correct: tuple[str, str] | None = None) -> None:
    """Confirm every stated fact as read; correct one when the re-review disagrees.

    The pathologist is on the case as its pathology re-reviewer first: clinicians see only
    the cases they are on (cases.permissions).
    """
    from secondlook.review.choices import ReviewerStatus
    from secondlook.review.models import CaseReviewer

    CaseReviewer.objects.get_or_create(
        case=case,
        reviewer=pathologist,
        defaults={
            "specialty": Specialty.PATHOLOGY,
            "reason": "Pathology re-review of the outside report.",
            "status": ReviewerStatus.CONFIRMED,
        },
    )
    proposals = FactProposal.objects.filter(
        case=case, superseded=False, certainty=Certainty.AFFIRMED, status=ProposalStatus.PROPOSED
    )
    corrected = False
    for proposal in proposals:
        wanted = correct is not None and correct[0] in (proposal.field, proposal.biomarker_name)
        if wanted and not corrected:
            services.fact_proposal_decide(
                actor=pathologist, proposal=proposal, decision="edit", value=correct[1]
            )
            corrected = True
        else:
            services.fact_proposal_decide(actor=pathologist, proposal=proposal, decision="confirm")
    if correct is not None and not corrected:
        raise RuntimeError(
            f"The demo report of case {case.reference} states no {correct[0]}: "
            "check secondlook/demo/reports.py and the extraction engine."
        )
    services.review_diagnosis_confirm(actor=pathologist, case=case)
