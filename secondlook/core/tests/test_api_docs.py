"""/api/docs works under the content security policy: Swagger UI from our own static files."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.test import Client

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

DOCS = "/api/docs"


def referenced_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


def test_docs_page_loads_swagger_only_from_local_static_files(client: Client, db: None) -> None:
    response = client.get(DOCS)

    urls = referenced_urls(response.content.decode())
    assert response.status_code == 200
    assert any(url.endswith("swagger-ui-bundle.js") for url in urls)
    for url in urls:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_schema_the_page_reads_is_served(client: Client, db: None) -> None:
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "SecondLook API"


@pytest.mark.browser
def test_swagger_ui_renders_the_api_under_the_content_security_policy(page: Page) -> None:
    blocked: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            blocked.append(message.text)

    page.on("console", watch)
    page.goto(DOCS)

    page.locator(".swagger-ui .information-container").wait_for()
    page.get_by_text("SecondLook API").first.wait_for()
    page.locator(".opblock-tag-section").first.wait_for()

    assert blocked == []
