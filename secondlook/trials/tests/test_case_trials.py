"""Trials on a case: the panel, referrals with permissions, re-running, analytics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondlook.audit.models import AuditEvent
from secondlook.core.errors import ValidationFailed
from secondlook.core.testing import Personas, put_on_case
from secondlook.trials.choices import ReferralStatus
from secondlook.trials.models import (
    TrialMatch,
    TrialMatchRun,
    TrialReferral,
)
from secondlook.trials.registry import home_coordinates
from secondlook.trials.selectors import (
    case_ids_with_changed_facts,
    referral_counts,
    trials_chosen_for,
)
from secondlook.trials.services import case_trials_match, trial_referral_record
from secondlook.trials.tasks import match_case
from secondlook.trials.tests.factories import TrialFactory, TrialLocationFactory


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_matching_lists_the_fitting_trial_with_distance_and_criteria(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    case_trials_match(case=personas.pat_case)

    match = TrialMatch.objects.get(case=personas.pat_case)
    assert match.trial == colon_trial
    assert match.distance_km is not None and match.distance_km < 5
    assert match.nearest_site["contact"].startswith("Colon trial nurse")
    assert [row["status"] for row in match.criteria] == ["met", "unknown"]
    assert match.criteria[1]["reason"] == "pregnancy status not recorded"


def test_navigator_sees_ranked_trials_with_reasons_on_the_case_page(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    case_trials_match(case=personas.pat_case)
    page = _client(personas.nina).get(reverse("cases:detail", args=[personas.pat_case.pk]))
    html = page.content.decode()
    assert "FOLFOX with a new antibody" in html
    assert "Breast cancer vaccine" not in html
    assert "pregnancy status not recorded" in html
    assert "Colon trial nurse (synthetic)" in html


def test_navigator_records_a_referral_and_its_history(personas: Personas, colon_trial) -> None:  # type: ignore[no-untyped-def]
    case_trials_match(case=personas.pat_case)
    url = reverse("trials:referral", args=[personas.pat_case.pk, colon_trial.pk])
    client = _client(personas.nina)

    client.post(url, {"status": "referred", "reason": ""})
    response = client.post(url, {"status": "enrolled", "reason": "Consented 12 Nov"}, follow=True)

    referral = TrialReferral.objects.get(case=personas.pat_case, trial=colon_trial)
    assert referral.status == ReferralStatus.ENROLLED
    assert [e.status for e in referral.history.all()] == ["referred", "enrolled"]
    assert "Consented 12 Nov" in response.content.decode()
    assert personas.pat_case.events.filter(summary__contains=colon_trial.nct_id).count() == 2


def test_declining_needs_a_reason(personas: Personas, colon_trial) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="why"):
        trial_referral_record(
            actor=personas.nina,
            case=personas.pat_case,
            trial=colon_trial,
            status="declined",
            reason=" ",
        )
    case_trials_match(case=personas.pat_case)
    url = reverse("trials:referral", args=[personas.pat_case.pk, colon_trial.pk])
    page = _client(personas.nina).post(url, {"status": "declined", "reason": ""}, follow=True)
    assert "Say why the trial was declined" in page.content.decode()
    assert not TrialReferral.objects.exists()


def test_staff_of_another_site_and_patients_get_not_found(personas: Personas, colon_trial) -> None:  # type: ignore[no-untyped-def]
    case_trials_match(case=personas.pat_case)
    url = reverse("trials:referral", args=[personas.pat_case.pk, colon_trial.pk])
    rerun = reverse("trials:case_rerun", args=[personas.pat_case.pk])
    for user in (personas.nate, personas.pat):
        client = _client(user)
        assert client.post(url, {"status": "referred"}).status_code == 404
        assert client.post(rerun).status_code == 404
    assert _client(personas.pat).get(reverse("trials:registry")).status_code == 404
    assert not TrialReferral.objects.exists()


def test_a_clinician_who_is_not_the_navigator_cannot_record_referrals(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    case_trials_match(case=personas.pat_case)
    put_on_case(personas.pat_case, personas.olivia)
    url = reverse("trials:referral", args=[personas.pat_case.pk, colon_trial.pk])
    assert _client(personas.olivia).post(url, {"status": "referred"}).status_code == 403
    assert not TrialReferral.objects.exists()


def test_rerun_button_matches_again_and_notes_it_on_the_timeline(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    response = _client(personas.nina).post(
        reverse("trials:case_rerun", args=[personas.pat_case.pk])
    )
    assert response.status_code == 302
    assert TrialMatch.objects.filter(case=personas.pat_case, trial=colon_trial).exists()
    assert personas.pat_case.events.filter(summary__startswith="Trial matching re-run").exists()
    assert AuditEvent.objects.filter(
        case_reference=personas.pat_case.reference, purpose="trial matching"
    ).exists()


def test_cases_whose_facts_changed_are_matched_again_in_the_background(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    case_trials_match(case=personas.pat_case)
    case_trials_match(case=personas.quinn_case)
    assert personas.pat_case.pk not in case_ids_with_changed_facts()

    personas.pat_case.cancer_type_code = "BRCA"
    personas.pat_case.cancer_type_name = "Invasive Breast Carcinoma"
    personas.pat_case.save()
    assert case_ids_with_changed_facts() == [personas.pat_case.pk]

    match_case(personas.pat_case.pk)
    titles = [m.trial.brief_title for m in TrialMatch.objects.filter(case=personas.pat_case)]
    assert titles == ["Breast cancer vaccine"]
    assert TrialMatchRun.objects.filter(case=personas.pat_case).count() == 2


def test_a_patient_who_moves_is_matched_again_for_the_new_distances(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    case_trials_match(case=personas.pat_case)
    case_trials_match(case=personas.quinn_case)
    patient = personas.pat_case.patient
    patient.postal_code = "60601"
    patient.save()
    assert case_ids_with_changed_facts() == [personas.pat_case.pk]


def test_registry_refresh_rematches_open_cases(  # type: ignore[no-untyped-def]
    personas: Personas, colon_trial, tmp_path, django_capture_on_commit_callbacks
) -> None:
    import json

    from secondlook.trials.services import trials_import_file
    from secondlook.trials.tests.fakes import study

    path = tmp_path / "new.json"
    path.write_text(
        json.dumps(
            study("NCT00000201", title="Colon cancer immunotherapy", condition="Colon Cancer")
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        trials_import_file(path=path)
    assert TrialMatch.objects.filter(case=personas.pat_case, trial__nct_id="NCT00000201").exists()


def test_chosen_trials_and_referral_counts_per_site(personas: Personas, colon_trial) -> None:  # type: ignore[no-untyped-def]
    put_on_case(personas.pat_case, personas.olivia)
    other = TrialFactory(brief_title="Second colon trial")
    trial_referral_record(
        actor=personas.nina, case=personas.pat_case, trial=colon_trial, status="referred"
    )
    trial_referral_record(
        actor=personas.nina, case=personas.pat_case, trial=colon_trial, status="enrolled"
    )
    trial_referral_record(
        actor=personas.nina,
        case=personas.pat_case,
        trial=other,
        status="declined",
        reason="prefers standard care",
    )

    assert trials_chosen_for(user=personas.olivia, case=personas.pat_case) == [colon_trial]
    assert trials_chosen_for(user=personas.nate, case=personas.pat_case) == []
    now = timezone.now()
    counts = referral_counts(
        user=personas.ada, start=now - timedelta(days=1), end=now + timedelta(days=1)
    )
    assert [(c.site_name, c.referred, c.enrolled, c.declined) for c in counts] == [
        (personas.pasadena.name, 1, 1, 1)
    ]
    assert (
        referral_counts(
            user=personas.nate, start=now - timedelta(days=1), end=now + timedelta(days=1)
        )
        == []
    )
    assert (
        referral_counts(
            user=personas.ada, start=now + timedelta(days=1), end=now + timedelta(days=2)
        )
        == []
    )


def test_registry_page_searches_and_a_site_marks_a_trial_as_its_own(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    client = _client(personas.nina)
    page = client.get(reverse("trials:registry"), {"q": "FOLFOX"}).content.decode()
    assert "FOLFOX with a new antibody" in page and "Breast cancer vaccine" not in page

    client.post(
        reverse("trials:site_runs", args=[colon_trial.pk]),
        {"site": personas.pasadena.pk, "runs": "1"},
    )
    assert list(colon_trial.run_at_sites.all()) == [personas.pasadena]
    ours = client.get(reverse("trials:registry"), {"ours": "1"}).content.decode()
    assert "FOLFOX with a new antibody" in ours


def test_local_trial_form_adds_a_trial(personas: Personas) -> None:
    response = _client(personas.nina).post(
        reverse("trials:local_new"),
        {
            "title": "Pasadena nutrition study",
            "conditions": "Colon Cancer",
            "eligibility_text": "Inclusion Criteria:\n* Age 18 years or older",
            "sex": "ALL",
            "overall_status": "RECRUITING",
            "site": str(personas.pasadena.pk),
        },
        follow=True,
    )
    assert "Pasadena nutrition study" in response.content.decode()
    assert "marked as run at" in response.content.decode()


def test_zip_centroids_come_from_the_local_table() -> None:
    lat, lon = home_coordinates("91101-1234")  # type: ignore[misc]
    assert abs(lat - 34.15) < 0.05 and abs(lon + 118.14) < 0.05
    assert home_coordinates("") is None
    assert home_coordinates("SW1A 1AA") is None
    assert home_coordinates("00000") is None


def test_a_trial_near_the_patients_home_is_near_even_far_from_the_program(
    personas: Personas, colon_trial
) -> None:  # type: ignore[no-untyped-def]
    patient = personas.pat_case.patient
    patient.postal_code = "60601"
    patient.save()
    chicago = TrialFactory(
        brief_title="Colon adenocarcinoma study in Chicago", conditions=["Colon Cancer"]
    )
    TrialLocationFactory(trial=chicago, city="Chicago", latitude=41.886, longitude=-87.618)

    case_trials_match(case=personas.pat_case)

    distances = {
        m.trial_id: m.distance_km for m in TrialMatch.objects.filter(case=personas.pat_case)
    }
    assert distances[chicago.pk] < 5
    assert distances[colon_trial.pk] < 5
    patient.postal_code = ""
    patient.save()
    case_trials_match(case=personas.pat_case)
    far = TrialMatch.objects.get(case=personas.pat_case, trial=chicago)
    assert far.distance_km > 2000
