"""The portal in Spanish: education articles written in Spanish, and the public request."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from secondlook.core.testing import Personas
from secondlook.portal.education import ARTICLES_DIR, Article, all_articles, translations
from secondlook.review.readability import TARGET_GRADE, measure

MIN_SPANISH_EASE = 60.0


def _to_spanish(client: Client, next_url: str) -> None:
    response = client.post(reverse("portal:set_language"), {"language": "es", "next": next_url})
    assert response.status_code == 302


def test_every_article_is_written_in_english_and_spanish() -> None:
    english = {path.name for path in ARTICLES_DIR.glob("*.md")}
    spanish = {path.name for path in (ARTICLES_DIR / "es").glob("*.md")}

    assert english == spanish
    assert set(translations("es")) == {article.slug for article in all_articles()}


@pytest.mark.parametrize("article", all_articles(), ids=lambda a: a.slug)
def test_spanish_article_keeps_the_english_sections(article: Article) -> None:
    spanish = translations("es")[article.slug]

    assert [block.kind for block in spanish.blocks] == [block.kind for block in article.blocks]
    assert [len(block.items) for block in spanish.blocks] == [
        len(block.items) for block in article.blocks
    ]


@pytest.mark.parametrize("slug", [article.slug for article in all_articles()])
def test_spanish_article_reads_easily(slug: str) -> None:
    """Measured as the review app measures its Spanish summaries (readability.measure,
    textstat with set_lang("es")): the Crawford grade, a formula built for Spanish that
    gives years of schooling, must be at or below the same grade-8 target as English.
    The Fernández-Huerta ease must also be 60 or more: on its scale 60–70 is "normal",
    the band for readers with 7th–8th grade schooling, so it matches the grade-8 target
    and catches long words that Crawford, driven mostly by sentence length, can miss.
    """
    reading = measure(translations("es")[slug].plain_text, "es")

    assert reading.grade <= TARGET_GRADE
    assert reading.ease >= MIN_SPANISH_EASE


def test_spanish_speaking_patient_reads_the_articles_in_spanish(
    client: Client, personas: Personas
) -> None:
    personas.pat_case.patient.preferred_language = "es"
    personas.pat_case.patient.save()
    client.force_login(personas.pat)

    listing = client.get(reverse("portal:education", args=[personas.pat_case.pk])).content.decode()
    article = client.get(
        reverse("portal:article", args=[personas.pat_case.pk, "six-reasons-for-a-second-opinion"])
    ).content.decode()

    assert "Seis razones para pedir una segunda opinión" in listing
    assert "Six reasons to get a second opinion" not in listing
    assert "en inglés" not in listing
    assert '<article class="reading" lang="es">' in article
    assert "Es su derecho." in article and "It is your right" not in article


def test_english_speaking_patient_still_reads_english(client: Client, personas: Personas) -> None:
    client.force_login(personas.pat)

    article = client.get(
        reverse("portal:article", args=[personas.pat_case.pk, "six-reasons-for-a-second-opinion"])
    ).content.decode()

    assert '<article class="reading" lang="en">' in article and "It is your right" in article


def test_request_form_can_be_switched_to_spanish(client: Client, personas: Personas) -> None:
    url = reverse("portal:request")
    _to_spanish(client, url)

    response = client.get(url)
    page = response.content.decode()

    assert response.headers["Content-Language"] == "es"
    assert '<html lang="es">' in page
    assert "Pedir una segunda opinión" in page
    assert "Nombre del paciente" in page and "¿Qué tipo de cáncer es?" in page
    assert "No tengo seguro: voy a pagar yo" in page and "Prefiero no decirlo" in page
    assert "Enviar mi solicitud" in page
    assert "Patient's first name" not in page and "Send my request" not in page
    assert '<option value="es" selected>Español</option>' in page


def test_request_form_errors_are_in_spanish(client: Client, personas: Personas) -> None:
    url = reverse("portal:request")
    _to_spanish(client, url)

    page = client.post(url, {"phone": "123"}).content.decode()

    assert "Revise algunas respuestas. Están marcadas abajo." in page
    assert "Escriba un número de teléfono con el código de área" in page


def test_request_form_is_english_by_default(client: Client, personas: Personas) -> None:
    page = client.get(reverse("portal:request")).content.decode()

    assert "Patient&#x27;s first name" in page and "Nombre del paciente" not in page
    assert '<option value="en" selected>English</option>' in page
