from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from secondlook.accounts.models import Site
from secondlook.analytics.selectors import Period


class DashboardFilterForm(forms.Form):
    site = forms.ModelChoiceField(
        queryset=Site.objects.order_by("name"), required=False, empty_label="All sites"
    )
    since = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    @staticmethod
    def defaults() -> dict[str, object]:
        today = timezone.localdate()
        return {"since": today - timedelta(days=180), "until": today}

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The start date must be before the end date.")
        return data

    def period(self) -> Period:
        return Period(since=self.cleaned_data["since"], until=self.cleaned_data["until"])
