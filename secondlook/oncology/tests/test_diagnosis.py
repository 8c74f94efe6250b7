"""Proposals → decisions → confirmed diagnosis → stage → concordance, and who may do it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from secondlook.audit.models import AuditEvent
from secondlook.core.errors import NotFound, PermissionDenied, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.oncology import selectors, services
from secondlook.oncology.models import ConcordanceAssessment, Diagnosis, FactEdit, FactProposal
from secondlook.oncology.tests import helpers
from secondlook.records.ingestion import document_ingest
from secondlook.records.services import document_upload


def _read_report(personas: Personas, content: bytes | None = None) -> None:
    document = document_upload(
        actor=personas.nina,
        case=personas.pat_case,
        uploaded=helpers.upload("report.pdf", content or helpers.text_pdf_bytes()),
        kind="pathology",
    )
    document_ingest(document_id=document.pk)


def _proposal(personas: Personas, field: str) -> FactProposal:
    return FactProposal.objects.get(case=personas.pat_case, field=field)


def _confirm_all(personas: Personas) -> None:
    for proposal in FactProposal.objects.filter(case=personas.pat_case):
        services.fact_proposal_decide(actor=personas.paul, proposal=proposal, decision="confirm")


def test_outside_diagnosis_is_built_from_the_outside_report_and_staged(
    personas: Personas,
) -> None:
    _read_report(personas)
    outside = Diagnosis.objects.get(case=personas.pat_case, kind="outside")
    assert outside.status == "as_reported"
    assert (outside.cancer_type_code, outside.histology_code) == ("IDC", "8500/3")
    assert (outside.t, outside.n, outside.grade) == ("pT1c", "pN0", "2")
    assert [b.name for b in outside.biomarkers.all()] == ["ER"]
    assert outside.stage_group == "IA"


def test_pathologist_confirms_and_the_review_diagnosis_is_built(personas: Personas) -> None:
    _read_report(personas)
    _confirm_all(personas)
    review = services.review_diagnosis_confirm(actor=personas.paul, case=personas.pat_case)
    assert review.is_confirmed
    assert review.confirmed_by == personas.paul
    assert review.t == "pT1c"
    assessment = ConcordanceAssessment.objects.get(case=personas.pat_case)
    assert assessment.grade == "none"
    assert not assessment.changes_management


def test_a_correction_is_kept_as_history_and_changes_the_grade(personas: Personas) -> None:
    _read_report(personas)
    _confirm_all(personas)
    t_fact = _proposal(personas, "t")
    services.fact_proposal_decide(
        actor=personas.paul, proposal=t_fact, decision="edit", value="T1b"
    )
    review = services.review_diagnosis_confirm(actor=personas.paul, case=personas.pat_case)
    assert review.t == "pT1b"
    edits = list(
        FactEdit.objects.filter(proposal=t_fact).values_list("to_status", "old_value", "new_value")
    )
    assert edits == [("confirmed", "T1c", "T1c"), ("edited", "T1c", "T1b")]
    assert ConcordanceAssessment.objects.get(case=personas.pat_case).grade == "minor"


def test_a_stage_changing_correction_is_a_major_change(personas: Personas) -> None:
    _read_report(personas)
    _confirm_all(personas)
    n_fact = _proposal(personas, "n")
    services.fact_proposal_decide(
        actor=personas.paul, proposal=n_fact, decision="edit", value="N2a"
    )
    review = services.review_diagnosis_confirm(actor=personas.paul, case=personas.pat_case)
    outside = Diagnosis.objects.get(case=personas.pat_case, kind="outside")
    assert review.stage_group != outside.stage_group
    assessment = ConcordanceAssessment.objects.get(case=personas.pat_case)
    assert assessment.grade == "major"
    assert assessment.changes_management
    assert assessment.reason


def test_a_rejected_fact_is_left_out_of_the_review_diagnosis(personas: Personas) -> None:
    _read_report(personas)
    _confirm_all(personas)
    services.fact_proposal_decide(
        actor=personas.paul, proposal=_proposal(personas, "grade"), decision="reject"
    )
    review = services.review_diagnosis_confirm(actor=personas.paul, case=personas.pat_case)
    assert review.grade == ""


def test_nothing_decided_cannot_be_confirmed(personas: Personas) -> None:
    _read_report(personas)
    with pytest.raises(ValidationFailed, match="at least one fact"):
        services.review_diagnosis_confirm(actor=personas.paul, case=personas.pat_case)


@pytest.mark.parametrize("who", ["nina", "sam", "rita"])
def test_only_pathologists_specialists_and_admins_may_confirm(personas: Personas, who: str) -> None:
    _read_report(personas)
    with pytest.raises(PermissionDenied):
        services.fact_proposal_decide(
            actor=getattr(personas, who), proposal=_proposal(personas, "grade"), decision="confirm"
        )


def test_a_specialist_at_another_site_cannot_see_the_facts(personas: Personas) -> None:
    _read_report(personas)
    with pytest.raises(NotFound):
        services.fact_proposal_decide(
            actor=personas.raj, proposal=_proposal(personas, "grade"), decision="confirm"
        )


def test_specialist_and_admin_may_confirm(personas: Personas) -> None:
    _read_report(personas)
    services.fact_proposal_decide(
        actor=personas.olivia, proposal=_proposal(personas, "grade"), decision="confirm"
    )
    services.fact_proposal_decide(
        actor=personas.ada, proposal=_proposal(personas, "t"), decision="confirm"
    )
    assert FactProposal.objects.filter(case=personas.pat_case, status="confirmed").count() == 2


def test_engines_read_the_confirmed_diagnosis_once_there_is_one(personas: Personas) -> None:
    case = personas.pat_case
    assert selectors.case_diagnosis_facts(case=case).sources["cancer_type_code"] == "intake"
    _read_report(personas)
    outside = selectors.case_diagnosis_facts(case=case)
    assert outside.cancer_type_code == "IDC"
    assert not outside.confirmed
    _confirm_all(personas)
    services.review_diagnosis_confirm(actor=personas.paul, case=case)
    confirmed = selectors.case_diagnosis_facts(case=case)
    assert confirmed.confirmed
    assert confirmed.t == "pT1c"
    assert confirmed.age is not None


def test_an_entered_outside_diagnosis_is_not_overwritten_by_later_records(
    personas: Personas,
) -> None:
    services.outside_diagnosis_enter(
        actor=personas.paul,
        case=personas.pat_case,
        values={"cancer_type_code": "ILC", "t": "pT2", "n": "pN0", "m": "cM0"},
    )
    _read_report(personas)
    outside = Diagnosis.objects.get(case=personas.pat_case, kind="outside")
    assert outside.status == "entered"
    assert outside.cancer_type_name == "Breast Invasive Lobular Carcinoma"
    assert outside.t == "pT2"


def test_decisions_and_reads_are_audited(personas: Personas) -> None:
    _read_report(personas)
    services.fact_proposal_decide(
        actor=personas.paul, proposal=_proposal(personas, "grade"), decision="confirm"
    )
    selectors.diagnosis_overview_for(user=personas.paul, case=personas.pat_case)
    actions = set(
        AuditEvent.objects.filter(actor=personas.paul).values_list("action", "object_type")
    )
    assert ("update", "oncology.factproposal") in actions
    assert ("view", "oncology.diagnosis") in actions


def test_source_text_is_escaped_around_the_highlight() -> None:
    html = selectors.highlighted("<b>x</b> grade 2 & more", 9, 16)
    assert html == "&lt;b&gt;x&lt;/b&gt; <mark>grade 2</mark> &amp; more"


def test_diagnosis_change_rate_counts_each_case_by_its_latest_grade(personas: Personas) -> None:
    def assess(case: object, grade: str) -> None:
        ConcordanceAssessment.objects.create(
            case=case, grade=grade, changes_management=grade == "major", reason="r",
            assessed_by=personas.paul,
        )  # fmt: skip

    assess(personas.pat_case, "major")
    assess(personas.pat_case, "none")  # re-confirmed later: no change after all
    assess(personas.quinn_case, "minor")
    everywhere = selectors.diagnosis_change_rate()
    assert (everywhere["assessed"], everywhere["rate"], everywhere["major"]) == (2, 0.5, 0)
    pasadena = selectors.diagnosis_change_rate(site=personas.pasadena)
    assert (pasadena["assessed"], pasadena["rate"]) == (1, 0.0)
    today = timezone.localdate()
    past = selectors.diagnosis_change_rate(
        period=(today - timedelta(days=30), today - timedelta(days=1))
    )
    assert past["assessed"] == 0


def test_a_marker_can_only_be_corrected_to_a_status(personas: Personas) -> None:
    _read_report(personas)
    marker = _proposal(personas, "biomarker")
    with pytest.raises(ValidationFailed, match="positive, negative, equivocal"):
        services.fact_proposal_decide(
            actor=personas.paul, proposal=marker, decision="edit", value="95%"
        )
    services.fact_proposal_decide(
        actor=personas.paul, proposal=marker, decision="edit", value="Negative"
    )
    marker.refresh_from_db()
    assert marker.current_value == "negative"
