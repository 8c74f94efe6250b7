"""Text other apps hand the patient's pages, in the patient's language where we can.

Labels and notes built by other apps (a booking's status, a cost line, why travel is not
covered) are English strings. Those the portal catalog knows are shown translated; any
other is shown as written and marked `lang="en"` (WCAG 3.1.2, language of parts), so a
screen reader reading a Spanish page pronounces it as English rather than mangling it.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

register = template.Library()

# A count after a label ("Specialist consult ×2") stays as written; the label is translated.
_COUNT = re.compile(r"^(?P<label>.*?)(?P<count> ×\d+)$")


def _translated(text: str) -> str | None:
    """The catalog's translation, or None when the catalog does not have this text."""
    translated = gettext(text)
    if translated != text:
        return translated
    counted = _COUNT.match(text)
    if counted:
        label = gettext(counted["label"])
        if label != counted["label"]:
            return f"{label}{counted['count']}"
    return None


@register.filter
def patient_text(value: object) -> SafeString | str:
    """`value` in the page's language, else as written and marked as English."""
    text = "" if value is None else str(value)
    if not text.strip() or (get_language() or "en").startswith("en"):
        return text
    translated = _translated(text)
    if translated is not None:
        return translated
    return format_html('<span lang="en">{}</span>', text)
