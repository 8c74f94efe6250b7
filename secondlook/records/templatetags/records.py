"""What the records partials need beyond their context: the kinds, the limits, the types."""

from __future__ import annotations

from django import template
from django.conf import settings

from secondlook.records.choices import DocumentKind
from secondlook.records.inspection import ACCEPTED_SUMMARY

register = template.Library()

# For the file picker only (it filters the chooser); the server judges the content.
ACCEPT_ATTRIBUTE = (
    ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.txt,.json,.hl7,"
    "application/pdf,image/jpeg,image/png,image/tiff,text/plain,application/json,application/fhir+json"
)


@register.simple_tag
def document_kind_choices() -> list[tuple[str, str]]:
    return list(DocumentKind.choices)


@register.simple_tag
def upload_limit_mb() -> int:
    return settings.SECONDLOOK_MAX_UPLOAD_MB


@register.simple_tag
def upload_accept() -> str:
    return ACCEPT_ATTRIBUTE


@register.simple_tag
def accepted_types() -> str:
    return ACCEPTED_SUMMARY
