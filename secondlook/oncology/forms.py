"""Forms of the diagnosis pages: they only shape input; the services judge it."""

from __future__ import annotations

from django import forms

from secondlook.oncology.services import VALUE_MAX_LENGTH


class FactDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("edit", "Correct"), ("reject", "Reject")],
        error_messages={"invalid_choice": "Choose confirm, correct or reject."},
    )
    value = forms.CharField(
        label="Corrected value", max_length=VALUE_MAX_LENGTH, required=False, strip=True
    )

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return "The form could not be read. Please try again."
