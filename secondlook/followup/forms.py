from __future__ import annotations

from django import forms

from secondlook.followup.choices import CheckInStatus
from secondlook.review.choices import DiagnosisVerdict


class CheckInForm(forms.Form):
    status = forms.ChoiceField(
        label="Did you reach the patient?",
        choices=[(CheckInStatus.DONE, "Yes, done"), (CheckInStatus.MISSED, "Could not reach")],
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanRevisionForm(forms.Form):
    what_changed = forms.CharField(
        label="What changes in the plan", widget=forms.Textarea(attrs={"rows": 3})
    )
    why = forms.CharField(
        label="Why (the new results or events)", widget=forms.Textarea(attrs={"rows": 3})
    )
    verdict = forms.ChoiceField(label="Diagnosis", choices=DiagnosisVerdict.choices)
    diagnosis = forms.CharField(label="Diagnosis text", widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label="Revised recommendations", widget=forms.Textarea(attrs={"rows": 4})
    )
    answers = forms.CharField(
        label="Answers to the patient's questions", widget=forms.Textarea(attrs={"rows": 3})
    )
