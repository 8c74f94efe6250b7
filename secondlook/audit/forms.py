from __future__ import annotations

from django import forms

from secondlook.audit.choices import AuditAction
from secondlook.audit.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    """Search the access log the way a privacy officer asks: who, which case, what, when."""

    actor = forms.CharField(
        label="Who",
        required=False,
        max_length=150,
        help_text="A staff username, or #number for a patient account.",
    )
    case_reference = forms.CharField(label="Case reference", required=False, max_length=20)
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Any action"), *AuditAction.choices],
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To (inclusive)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            actor=data["actor"].strip(),
            case_reference=data["case_reference"].strip(),
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
