from __future__ import annotations

from django import forms

from secondlook.trials.choices import ReferralStatus, TrialSex, TrialStatus


class ReferralForm(forms.Form):
    status = forms.ChoiceField(label="What happened", choices=ReferralStatus.choices)
    reason = forms.CharField(
        label="Reason or note (needed when declined)",
        required=False,
        max_length=1000,
        widget=forms.TextInput,
    )


class LocalTrialForm(forms.Form):
    title = forms.CharField(label="Trial title", max_length=500)
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    conditions = forms.CharField(
        label="Conditions (one per line)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    eligibility_text = forms.CharField(
        label="Eligibility criteria",
        help_text='Start with "Inclusion Criteria:" and "Exclusion Criteria:", '
        "one criterion per line.",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    minimum_age = forms.CharField(
        label="Minimum age", required=False, max_length=20, help_text="e.g. 18 Years"
    )
    maximum_age = forms.CharField(label="Maximum age", required=False, max_length=20)
    sex = forms.ChoiceField(label="Sex", choices=TrialSex.choices, initial=TrialSex.ALL)
    overall_status = forms.ChoiceField(
        label="Status", choices=TrialStatus.choices, initial=TrialStatus.RECRUITING
    )
    site = forms.ChoiceField(label="Run at site")
    contact_name = forms.CharField(label="Contact name", required=False, max_length=200)
    contact_phone = forms.CharField(label="Contact phone", required=False, max_length=60)
    contact_email = forms.CharField(label="Contact e-mail", required=False, max_length=200)

    def __init__(self, *args: object, sites: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["site"].choices = sites  # type: ignore[attr-defined]

    def conditions_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["conditions"].splitlines() if line.strip()
        ]
