"""The opinion pages as the reviewer and the navigator use them."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from secondlook.accounts.tests.factories import TEST_PASSWORD
from secondlook.cases.choices import CaseStatus
from secondlook.cases.models import Case
from secondlook.cases.services import case_opinion_deliver
from secondlook.core.testing import Personas, put_on_case
from secondlook.review.models import OpinionVersion
from secondlook.review.selectors import opinion_versions
from secondlook.review.tests.helpers import draft, signed

FORM = {
    "verdict": "changed",
    "diagnosis": "Stage IIIC.",
    "recommendations": "Chemotherapy first.",
    "answers": "Chemotherapy first is better for you.",
}


def _edit(case: Case) -> str:
    return reverse("review:opinion_edit", args=[case.pk])


def _sign(case: Case) -> str:
    return reverse("review:opinion_sign", args=[case.pk])


def test_edit_page_shows_the_patients_questions_beside_the_answers(
    personas: Personas, case: Case, client: Client
) -> None:
    client.force_login(personas.olivia)

    response = client.get(_edit(case))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Is surgery or chemotherapy first the better choice for me?" in html
    assert '<label for="id_answers">' in html
    assert "style=" not in html


def test_reviewer_saves_the_first_draft_from_the_page(
    personas: Personas, case: Case, client: Client
) -> None:
    client.force_login(personas.olivia)

    response = client.post(_edit(case), FORM, follow=True)

    assert response.redirect_chain[-1][0] == _edit(case)
    assert "Draft version 1" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPINION_DRAFTED
    assert OpinionVersion.objects.get(case=case).diagnosis == "Stage IIIC."


def test_a_refused_save_shows_why_on_the_form(
    personas: Personas, case: Case, client: Client
) -> None:
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.RECORDS_COMPLETE)
    client.force_login(personas.olivia)

    response = client.post(_edit(case), FORM)

    assert response.status_code == 400
    assert "Records complete" in response.content.decode()


def test_other_staff_at_the_site_may_not_open_the_editor(
    personas: Personas, case: Case, client: Client
) -> None:
    put_on_case(case, personas.paul)  # on the case, yet not its attending
    client.force_login(personas.paul)

    assert client.get(_edit(case)).status_code == 403
    assert client.post(_edit(case), FORM).status_code == 403
    assert not OpinionVersion.objects.filter(case=case).exists()


def test_staff_of_the_other_site_and_patients_get_404_on_every_opinion_page(
    personas: Personas, case: Case, client: Client
) -> None:
    draft(personas, case)
    urls = [
        _edit(case),
        _sign(case),
        reverse("review:opinion_versions", args=[case.pk]),
        reverse("review:opinion_version", args=[case.pk, 1]),
    ]
    for user in (personas.nate, personas.raj, personas.pat):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)


def test_correction_form_asks_for_the_reason(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    client.force_login(personas.olivia)

    page = client.get(_edit(case)).content.decode()
    refused = client.post(_edit(case), FORM)
    accepted = client.post(_edit(case), {**FORM, "correction_reason": "Stage misread."})

    assert "Reason for the correction" in page
    assert "become version 2" in page
    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert OpinionVersion.objects.get(case=case, number=2).correction_reason == "Stage misread."


def test_sign_page_previews_the_opinion_as_it_will_print(
    personas: Personas, case: Case, client: Client
) -> None:
    draft(personas, case)
    client.force_login(personas.olivia)

    html = client.get(_sign(case)).content.decode()

    assert "Surgery first is the better choice for you" in html
    assert "Pat Synthetic" in html
    assert 'autocomplete="current-password"' in html
    assert "style=" not in html


def test_wrong_password_on_the_sign_page_is_a_field_error_and_nothing_is_signed(
    personas: Personas, case: Case, client: Client
) -> None:
    opinion = draft(personas, case)
    client.force_login(personas.olivia)

    response = client.post(_sign(case), {"password": "wrong"})

    assert response.status_code == 400
    assert "Password not accepted" in response.content.decode()
    opinion.refresh_from_db()
    assert not opinion.is_signed


def test_reviewer_signs_from_the_page(personas: Personas, case: Case, client: Client) -> None:
    opinion = draft(personas, case)
    client.force_login(personas.olivia)

    response = client.post(_sign(case), {"password": TEST_PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("review:opinion_versions", args=[case.pk])
    assert "is signed" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.is_signed


def test_an_incomplete_draft_cannot_be_signed_from_the_page(
    personas: Personas, case: Case, client: Client
) -> None:
    draft(personas, case, recommendations="")
    client.force_login(personas.olivia)

    response = client.post(_sign(case), {"password": TEST_PASSWORD})

    assert response.status_code == 400
    assert "add recommendations" in response.content.decode()


def test_signed_version_page_is_read_only(personas: Personas, case: Case, client: Client) -> None:
    signed(personas, case)
    client.force_login(personas.nina)

    html = client.get(reverse("review:opinion_version", args=[case.pk, 1])).content.decode()

    assert "read-only" in html
    assert "<form" not in html.split('<main id="main"', 1)[1].split("</main>")[0]
    assert "Content SHA-256" in html


def _partial(personas: Personas, case: Case, user_is: str) -> str:
    user = getattr(personas, user_is)
    return render_to_string(
        "review/partials/case_opinion.html",
        {
            "case": case,
            "opinion_versions": opinion_versions(case=case),
            "can_write_opinion": user == personas.olivia,
            "can_coordinate": user == personas.nina,
            "user": user,
        },
    )


def test_navigator_sees_deliver_to_patient_once_the_latest_version_is_signed(
    personas: Personas, case: Case
) -> None:
    draft(personas, case)
    case.refresh_from_db()
    assert "Deliver to patient" not in _partial(personas, case, "nina")

    signed(personas, case)
    html = _partial(personas, case, "nina")

    assert "Deliver to patient" in html
    assert f'action="{reverse("cases:transition", args=[case.pk])}"' in html
    assert 'name="to" value="opinion_delivered"' in html
    assert 'name="reason"' in html
    assert "Deliver to patient" not in _partial(personas, case, "olivia")


def test_partial_lists_versions_with_signature_and_links_for_the_reviewer(
    personas: Personas, case: Case
) -> None:
    signed(personas, case)
    draft(personas, case, diagnosis="Stage IIIC.", correction_reason="Stage misread.")
    case.refresh_from_db()

    html = _partial(personas, case, "olivia")

    assert "Version 2" in html and "Version 1" in html
    assert "Draft, not signed" in html
    assert "Signed by Olivia Synthetic" in html
    assert reverse("review:opinion_version_pdf", args=[case.pk, 1]) in html
    assert reverse("review:opinion_sign", args=[case.pk]) in html
    assert "corrects version 1" in html


def test_partial_renders_every_version_in_one_query(
    personas: Personas, case: Case, django_assert_max_num_queries
) -> None:
    signed(personas, case)
    draft(personas, case, diagnosis="Stage IIIC.", correction_reason="Stage misread.")
    case.refresh_from_db()

    with django_assert_max_num_queries(1):
        _partial(personas, case, "nina")


def test_navigator_delivers_the_case_from_the_deliver_form(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    client.force_login(personas.nina)

    client.post(
        reverse("cases:transition", args=[case.pk]),
        {"to": "opinion_delivered", "reason": "Walked Pat through it by phone."},
    )

    case.refresh_from_db()
    assert case.opinion_delivered_at is not None
    assert case.status == CaseStatus.FOLLOW_UP  # delivery started follow-up by itself


def test_navigator_delivers_a_signed_correction_from_the_versions_page(
    personas: Personas, case: Case, client: Client
) -> None:
    signed(personas, case)
    case_opinion_deliver(actor=personas.nina, case=case)
    v2 = draft(personas, case, diagnosis="Stage IIIC.", correction_reason="Stage misread.")
    from secondlook.review.services import opinion_sign

    opinion_sign(actor=personas.olivia, opinion=v2, password=TEST_PASSWORD)
    client.force_login(personas.nina)
    versions = reverse("review:opinion_versions", args=[case.pk])
    assert "Deliver the correction to the patient" in client.get(versions).content.decode()

    response = client.post(
        reverse("review:correction_deliver", args=[case.pk]), {"note": "Called Pat."}, follow=True
    )

    assert "delivered to the patient" in response.content.decode()
    assert "Deliver the correction to the patient" not in response.content.decode()
