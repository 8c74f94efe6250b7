"""Forms of the diagnosis pages: they only shape input; the services judge it."""

from __future__ import annotations

from django import forms

from secondlook.cases.forms import StaffForm
from secondlook.oncology.choices import Laterality
from secondlook.oncology.oncotree import cancer_type_choices
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


class OutsideDiagnosisForm(StaffForm):
    """The outside diagnosis as the referral letter states it; blank means not stated."""

    fieldsets = (
        ("Tumor", ("cancer_type_code", "histology_name", "primary_site_name", "laterality")),
        ("Pathology", ("grade", "tumor_size_mm", "nodes_examined", "nodes_positive")),
        ("Stage as the outside team gave it", ("t", "n", "m", "ajcc_edition")),
    )

    cancer_type_code = forms.ChoiceField(
        label="Cancer type", required=False, choices=[("", "Not stated")] + cancer_type_choices()
    )
    histology_name = forms.CharField(label="Histology as written", max_length=200, required=False)
    primary_site_name = forms.CharField(label="Primary site", max_length=200, required=False)
    laterality = forms.ChoiceField(choices=Laterality.choices, required=False)
    grade = forms.CharField(max_length=40, required=False)
    tumor_size_mm = forms.DecimalField(
        label="Tumor size (mm)", max_digits=6, decimal_places=1, min_value=0, required=False
    )
    nodes_examined = forms.IntegerField(
        label="Lymph nodes examined", min_value=0, max_value=300, required=False
    )
    nodes_positive = forms.IntegerField(
        label="Lymph nodes positive", min_value=0, max_value=300, required=False
    )
    t = forms.CharField(
        label="T category", max_length=16, required=False, help_text="For example pT2, cT1c, ypT0."
    )
    n = forms.CharField(
        label="N category", max_length=16, required=False, help_text="For example pN1a, cN0."
    )
    m = forms.CharField(
        label="M category", max_length=16, required=False, help_text="For example cM0, pM1b."
    )
    ajcc_edition = forms.ChoiceField(
        label="AJCC edition",
        required=False,
        choices=[("", "Not stated"), ("8", "8th"), ("7", "7th"), ("6", "6th")],
    )

    def structured_values(self) -> dict[str, object]:
        """Only what the referral states, so a blank field stays unknown, not empty."""
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}
