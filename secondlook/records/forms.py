"""Forms of the records pages: they only shape input; the service judges the file."""

from __future__ import annotations

from django import forms

from secondlook.records.choices import DocumentKind
from secondlook.records.services import DESCRIPTION_MAX_LENGTH


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=DocumentKind.choices,
        initial=DocumentKind.OTHER,
        error_messages={"invalid_choice": "Choose what kind of record this is."},
    )
    # Empty files pass here so the service gives the one, plain reason for refusing them.
    file = forms.FileField(
        label="File",
        allow_empty_file=True,
        error_messages={"required": "Choose a file to upload."},
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
    )


class DocumentKindForm(forms.Form):
    kind = forms.ChoiceField(
        choices=DocumentKind.choices,
        error_messages={"invalid_choice": "Choose what kind of record this is."},
    )


def first_error(form: forms.Form) -> str:
    """The one message to flash for a form that is not valid (these forms have no page)."""
    for errors in form.errors.values():
        return str(errors[0])
    return "The form could not be read. Please try again."
