"""Chosen treatment options in the opinion, the knowledge-base version it used, the plan
verdict, and signed versions that no bulk write can change."""

from __future__ import annotations

import datetime as dt
import json
from hashlib import sha256

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.models import Case
from secondlook.core.errors import Conflict, ValidationFailed
from secondlook.core.testing import Personas
from secondlook.review import services
from secondlook.review.documents import opinion_content_sha256, opinion_letter_content
from secondlook.review.models import OpinionVersion, ReviewerFinding
from secondlook.review.team_selectors import ReviewerRow
from secondlook.review.tests.helpers import draft, signed
from secondlook.review.views import plan_change_suggested
from secondlook.therapies import services as therapy_services
from secondlook.therapies.selectors import knowledge_version_current, therapy_plan_for

pytestmark = pytest.mark.django_db

METASTATIC = "first_line_metastatic"
FOLFOX = "FOLFOX, CAPOX or FOLFIRI with bevacizumab"


@pytest.fixture
def knowledge(personas: Personas) -> None:
    therapy_services.knowledge_starter_load(actor=personas.ada)


def _choose(personas: Personas, case: Case, label: str = FOLFOX) -> None:
    plan, version = therapy_plan_for(user=personas.olivia, case=case, setting=METASTATIC)
    option = next(o for o in plan.options if o.label == label)
    assert version is not None
    therapy_services.option_choose(
        actor=personas.olivia, case=case, option=option, version=version, note="At the visit."
    )


def _other_label(personas: Personas, case: Case) -> str:
    plan, _ = therapy_plan_for(user=personas.olivia, case=case, setting=METASTATIC)
    return next(o.label for o in plan.options if o.label != FOLFOX)


def test_chosen_options_go_into_the_draft_letter_and_hash_with_the_kb_version(
    personas: Personas, case: Case, knowledge: None, client: Client
) -> None:
    _choose(personas, case)
    opinion = draft(personas, case)

    (option,) = opinion.chosen_options
    assert option["label"] == FOLFOX
    assert option["therapies"] and option["evidence_level"] and option["source"]
    assert option["why"] and option["note"] == "At the visit."
    assert opinion.knowledge_version == knowledge_version_current()

    signed_version = services.opinion_sign(
        actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD
    )
    canonical = json.dumps(
        {
            "answers": opinion.answers,
            "case": case.reference,
            "correction_reason": "",
            "diagnosis": opinion.diagnosis,
            "recommendations": opinion.recommendations,
            "supersedes": None,
            "verdict": opinion.verdict,
            "version": 1,
            "letter": opinion_letter_content(signed_version),
            "options": signed_version.chosen_options,
            "knowledge_version": signed_version.knowledge_version.number,
            "plan_change": "confirmed",
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert signed_version.content_sha256 == sha256(canonical.encode()).hexdigest()
    client.force_login(personas.olivia)
    page = client.get(reverse("review:opinion_version", args=[case.pk, 1])).content.decode()
    assert FOLFOX in page
    assert f"knowledge base, version {signed_version.knowledge_version.number}" in page


def test_choosing_after_drafting_updates_the_open_draft(
    personas: Personas, case: Case, knowledge: None
) -> None:
    opinion = draft(personas, case)
    assert opinion.chosen_options == []

    _choose(personas, case)

    opinion.refresh_from_db()
    assert [o["label"] for o in opinion.chosen_options] == [FOLFOX]


def test_a_signed_versions_options_are_frozen_and_a_correction_takes_the_change(
    personas: Personas, case: Case, knowledge: None
) -> None:
    _choose(personas, case)
    v1 = signed(personas, case)
    other = _other_label(personas, case)

    with pytest.raises(Conflict, match="signed"):
        _choose(personas, case, other)
    chosen_id = case.chosen_options.get().pk
    with pytest.raises(Conflict, match="signed"):
        therapy_services.option_withdraw(actor=personas.olivia, case=case, chosen_id=chosen_id)

    v2 = draft(personas, case, correction_reason="Adds a second option.")
    _choose(personas, case, other)

    v1.refresh_from_db()
    v2.refresh_from_db()
    assert [o["label"] for o in v1.chosen_options] == [FOLFOX]
    assert [o["label"] for o in v2.chosen_options] == [FOLFOX, other]
    assert opinion_content_sha256(v1) == v1.content_sha256


def test_the_plan_verdict_is_required_to_sign(personas: Personas, case: Case) -> None:
    opinion = draft(personas, case, plan_change="")

    with pytest.raises(ValidationFailed, match="outside treatment plan"):
        services.opinion_sign(actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD)
    with pytest.raises(ValidationFailed):
        draft(personas, case, plan_change="maybe")

    opinion = draft(personas, case, plan_change="no_prior_plan")
    assert services.opinion_sign(
        actor=personas.olivia, opinion=opinion, password=TEST_PASSWORD
    ).is_signed


def _row(personas: Personas, case: Case, plan: str, *, submitted: bool = True) -> ReviewerRow:
    finding = ReviewerFinding(
        case=case,
        reviewer=personas.olivia,
        diagnosis_agreement="agree",
        plan_agreement=plan,
        submitted_at=timezone.now() if submitted else None,
    )
    return ReviewerRow(personas.olivia, "Attending", finding)


def test_the_plan_verdict_is_suggested_from_the_reviewers_agreement(
    personas: Personas, case: Case, client: Client
) -> None:
    agree, partly = _row(personas, case, "agree"), _row(personas, case, "partly")
    assert plan_change_suggested([agree, agree]) == "confirmed"
    assert plan_change_suggested([agree, partly]) == "changed"
    assert plan_change_suggested([_row(personas, case, "disagree")]) == "changed"
    assert plan_change_suggested([_row(personas, case, "cannot_say")]) == ""
    assert plan_change_suggested([_row(personas, case, "disagree", submitted=False)]) == ""

    ReviewerFinding.objects.create(
        case=case,
        reviewer=personas.olivia,
        diagnosis_agreement="agree",
        plan_agreement="disagree",
        submitted_at=timezone.now(),
    )
    client.force_login(personas.olivia)
    response = client.get(reverse("review:opinion_edit", args=[case.pk]))
    assert response.context["form"].initial["plan_change"] == "changed"
    assert "And the outside treatment plan?" in response.content.decode()


def test_the_draft_form_records_the_plan_verdict(
    personas: Personas, case: Case, client: Client
) -> None:
    client.force_login(personas.olivia)
    client.post(
        reverse("review:opinion_edit", args=[case.pk]),
        {
            "verdict": "confirmed",
            "plan_change": "changed",
            "diagnosis": "Stage IIIB.",
            "recommendations": "Chemotherapy first.",
            "answers": "Chemotherapy comes first.",
        },
    )
    assert OpinionVersion.objects.get(case=case).plan_change == "changed"


def test_bulk_updates_and_deletes_never_reach_a_signed_version(
    personas: Personas, case: Case
) -> None:
    v1 = signed(personas, case)
    versions = OpinionVersion.objects.filter(case=case)

    with pytest.raises(Conflict):
        versions.update(diagnosis="Rewritten behind the service's back.")
    with pytest.raises(Conflict):
        versions.delete()
    with pytest.raises(Conflict):
        v1.delete()
    v1.refresh_from_db()
    assert v1.diagnosis != "Rewritten behind the service's back."
    assert opinion_content_sha256(v1) == v1.content_sha256

    v2 = draft(personas, case, correction_reason="Stage misread.")
    assert OpinionVersion.objects.filter(pk=v2.pk).update(stage="IIIC") == 1


def test_backdating_moves_only_the_signing_time(personas: Personas, case: Case) -> None:
    v1 = signed(personas, case)
    earlier = v1.signed_at - dt.timedelta(days=3)

    moved = OpinionVersion.objects.filter(case=case).signing_times_backdate(
        later_than=earlier, to=earlier
    )

    v1.refresh_from_db()
    assert moved == 1 and v1.signed_at == earlier
    assert opinion_content_sha256(v1) == v1.content_sha256


def test_the_database_refuses_raw_sql_on_a_signed_version(personas: Personas, case: Case) -> None:
    v1 = signed(personas, case)
    table = OpinionVersion._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET diagnosis = %s WHERE id = %s", ["Rewritten", v1.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET signed_at = NULL WHERE id = %s", [v1.pk])

    v1.refresh_from_db()
    assert v1.is_signed and v1.diagnosis != "Rewritten"
