"""The staff routes: the screen filled with the patient, taking a referral, its outcome."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from secondlook.accounts.choices import Role
from secondlook.accounts.tests.factories import UserFactory
from secondlook.cases.models import Case
from secondlook.core.testing import Personas
from secondlook.supportive.choices import ReferralStatus, ScreenSource
from secondlook.supportive.models import DistressScreen, Referral
from secondlook.supportive.services import ScreenAnswers, distress_screen_record


def _messages(response: HttpResponse) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def _screen_url(personas: Personas) -> str:
    return reverse("supportive:staff_screen", args=[personas.pat_case.pk])


def _case_url(personas: Personas) -> str:
    return reverse("cases:detail", args=[personas.pat_case.pk])


# --- the staff distress screen ------------------------------------------------------


def test_navigator_records_the_screen_with_the_patient(client: Client, personas: Personas) -> None:
    client.force_login(personas.nina)

    response = client.post(
        _screen_url(personas), {"score": "7", "problems_spiritual": ["spiritual"]}
    )

    assert response.status_code == 302 and response["Location"] == _case_url(personas)
    screen = DistressScreen.objects.get(case=personas.pat_case)
    assert screen.score == 7 and screen.source == ScreenSource.NAVIGATOR
    assert screen.completed_by == personas.nina
    assert "Distress screen saved: 1 referral(s) made." in _messages(response)


def test_supportive_clinician_repeats_the_screen_on_a_case_on_their_worklist(
    client: Client, personas: Personas
) -> None:
    _referral(personas)  # the first screen puts the case on Sam's worklist
    client.force_login(personas.sam)

    response = client.post(_screen_url(personas), {"score": "2"})

    assert response["Location"] == _case_url(personas)
    assert "Distress screen saved: 0 referral(s) made." in _messages(response)
    assert DistressScreen.objects.filter(case=personas.pat_case, completed_by=personas.sam).exists()


def test_supportive_clinician_does_not_find_a_case_off_their_worklist(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.sam)

    assert client.post(_screen_url(personas), {"score": "5"}).status_code == 404
    assert not DistressScreen.objects.exists()


def test_staff_screen_with_self_harm_tells_staff_to_stay_with_the_patient(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.nina)

    response = client.post(
        _screen_url(personas), {"score": "2", "problems_emotional": ["self_harm"]}
    )

    assert "URGENT" in _messages(response) and "988" in _messages(response)
    assert DistressScreen.objects.get(case=personas.pat_case).urgent


def test_staff_screen_without_a_score_saves_nothing(client: Client, personas: Personas) -> None:
    client.force_login(personas.nina)

    response = client.post(_screen_url(personas), {"problems_physical": ["pain"]})

    assert response["Location"] == _case_url(personas)
    assert "Choose the distress score" in _messages(response)
    assert not DistressScreen.objects.exists()


def test_attending_who_can_read_the_case_still_cannot_record_a_screen(
    client: Client, personas: Personas
) -> None:
    Case.objects.filter(pk=personas.pat_case.pk).update(reviewer=personas.olivia)
    client.force_login(personas.olivia)

    response = client.post(_screen_url(personas), {"score": "5"})

    assert response.status_code == 302
    assert "You cannot record a distress screen" in _messages(response)
    assert not DistressScreen.objects.exists()


def test_staff_at_another_site_do_not_find_the_case(client: Client, personas: Personas) -> None:
    client.force_login(personas.nate)

    assert client.post(_screen_url(personas), {"score": "5"}).status_code == 404
    assert not DistressScreen.objects.exists()


def test_patients_and_anonymous_visitors_cannot_use_the_staff_screen(
    client: Client, personas: Personas
) -> None:
    assert client.post(_screen_url(personas), {"score": "5"}).status_code == 302  # to log in
    client.force_login(personas.pat)
    assert client.post(_screen_url(personas), {"score": "5"}).status_code == 403
    assert not DistressScreen.objects.exists()


def test_staff_screen_is_a_post_only_route(client: Client, personas: Personas) -> None:
    client.force_login(personas.nina)

    assert client.get(_screen_url(personas)).status_code == 405


# --- taking a referral ------------------------------------------------------------------


def _referral(personas: Personas, *, owned: bool = True) -> Referral:
    screen = distress_screen_record(
        actor=personas.nina,
        case=personas.pat_case,
        answers=ScreenAnswers(score=7, problems=("spiritual",)),
    )
    referral = screen.referrals.get()
    if not owned:
        Referral.objects.filter(pk=referral.pk).update(owner=None)
        referral.refresh_from_db()
    return referral


def _claim_url(referral: Referral) -> str:
    return reverse("supportive:claim", args=[referral.pk])


def test_supportive_clinician_takes_an_unowned_referral(client: Client, personas: Personas) -> None:
    referral = _referral(personas, owned=False)
    client.force_login(personas.sam)

    response = client.post(_claim_url(referral))

    assert response["Location"] == reverse("supportive:worklist")
    assert "The referral is yours now." in _messages(response)
    referral.refresh_from_db()
    assert referral.owner == personas.sam


def test_taking_from_the_case_page_returns_to_the_case(client: Client, personas: Personas) -> None:
    referral = _referral(personas, owned=False)
    client.force_login(personas.sam)

    response = client.post(_claim_url(referral), {"next": "case"})

    assert response["Location"] == _case_url(personas)


def test_a_referral_someone_owns_cannot_be_taken(client: Client, personas: Personas) -> None:
    referral = _referral(personas)  # owned by Sam
    colleague = UserFactory(role=Role.SUPPORTIVE_CARE, sites=[personas.pasadena])
    client.force_login(colleague)

    response = client.post(_claim_url(referral))

    assert response.status_code == 302
    assert "Only a supportive-care clinician at the site may take it." in _messages(response)
    referral.refresh_from_db()
    assert referral.owner == personas.sam


def test_navigator_cannot_take_a_referral(client: Client, personas: Personas) -> None:
    referral = _referral(personas, owned=False)
    client.force_login(personas.nina)

    response = client.post(_claim_url(referral))

    assert "Only a supportive-care clinician" in _messages(response)
    referral.refresh_from_db()
    assert referral.owner is None


def test_clinician_at_another_site_does_not_find_the_referral(
    client: Client, personas: Personas
) -> None:
    referral = _referral(personas, owned=False)
    client.force_login(UserFactory(role=Role.SUPPORTIVE_CARE, sites=[personas.chicago]))

    assert client.post(_claim_url(referral)).status_code == 404
    referral.refresh_from_db()
    assert referral.owner is None


def test_patient_cannot_take_a_referral(client: Client, personas: Personas) -> None:
    referral = _referral(personas, owned=False)
    client.force_login(personas.pat)

    assert client.post(_claim_url(referral)).status_code == 403
    assert client.get(_claim_url(referral)).status_code == 403


# --- recording the outcome ------------------------------------------------------------


def _update_url(referral: Referral) -> str:
    return reverse("supportive:update", args=[referral.pk])


def test_owner_closes_the_referral_with_its_outcome(client: Client, personas: Personas) -> None:
    referral = _referral(personas)
    client.force_login(personas.sam)

    response = client.post(
        _update_url(referral),
        {"status": ReferralStatus.COMPLETED, "outcome": "Chaplain visit arranged", "next": "case"},
    )

    assert response["Location"] == _case_url(personas)
    assert "Referral updated." in _messages(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.closed_at is not None
    assert referral.outcome == "Chaplain visit arranged"


def test_program_admin_may_record_the_outcome_for_an_absent_owner(
    client: Client, personas: Personas
) -> None:
    referral = _referral(personas)
    client.force_login(personas.ada)

    client.post(_update_url(referral), {"status": ReferralStatus.CONTACTED, "outcome": ""})

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CONTACTED and referral.is_open


def test_closing_without_an_outcome_is_refused(client: Client, personas: Personas) -> None:
    referral = _referral(personas)
    client.force_login(personas.sam)

    response = client.post(_update_url(referral), {"status": ReferralStatus.DECLINED})

    assert "Write the outcome before closing the referral." in _messages(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN


def test_an_unknown_status_is_refused(client: Client, personas: Personas) -> None:
    referral = _referral(personas)
    client.force_login(personas.sam)

    response = client.post(_update_url(referral), {"status": "lost", "outcome": "?"})

    assert "Choose a status for the referral." in _messages(response)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN


def test_someone_other_than_the_owner_is_forbidden(client: Client, personas: Personas) -> None:
    referral = _referral(personas)
    colleague = UserFactory(role=Role.SUPPORTIVE_CARE, sites=[personas.pasadena])
    for outsider in (personas.nina, colleague):
        client.force_login(outsider)

        response = client.post(
            _update_url(referral), {"status": ReferralStatus.COMPLETED, "outcome": "Seen"}
        )

        assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN


def test_staff_at_another_site_and_patients_cannot_reach_the_outcome_route(
    client: Client, personas: Personas
) -> None:
    referral = _referral(personas)
    data = {"status": ReferralStatus.COMPLETED, "outcome": "Seen"}

    client.force_login(personas.nate)
    assert client.post(_update_url(referral), data).status_code == 404
    client.force_login(personas.pat)
    assert client.post(_update_url(referral), data).status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN
