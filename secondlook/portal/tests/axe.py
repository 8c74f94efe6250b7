"""axe-core in the browser tests: every WCAG 2.1 A and AA rule, any impact.

axe is evaluated through the DevTools protocol rather than added as a <script> tag: the
pages' content security policy (rightly) refuses inline scripts, and the tests must see
the pages exactly as patients get them. The library is vendored beside this file
(`vendor/axe.min.js`, MPL-2.0), never fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Page) -> list[str]:
    """Each WCAG 2.1 A/AA violation on the page as one line: rule, help, where."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG_21_AA,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


def assert_accessible(page: Page) -> None:
    """No WCAG 2.1 A/AA violation at all: minor and moderate ones fail too."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"
