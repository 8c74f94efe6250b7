from __future__ import annotations

from datetime import time

from django import forms

from secondlook.scheduling.choices import Service

DEFAULT_MINUTES = {
    Service.CT: 30,
    Service.MRI: 45,
    Service.PET: 60,
    Service.PATHOLOGY_REVIEW: 30,
    Service.SUPPORTIVE_INTAKE: 45,
    Service.PLAN_WALKTHROUGH: 45,
}


class VisitRequestForm(forms.Form):
    earliest_day = forms.DateField(
        label="First day the patient can be here", widget=forms.DateInput(attrs={"type": "date"})
    )
    latest_day = forms.DateField(
        label="Last day the patient can be here", widget=forms.DateInput(attrs={"type": "date"})
    )
    arrive_after = forms.TimeField(
        label="Arrives by (first day)",
        initial=time(8, 0),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    leave_before = forms.TimeField(
        label="Must leave by (last day)",
        initial=time(18, 0),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    gap_minutes = forms.IntegerField(
        label="Minutes between appointments", initial=15, min_value=0, max_value=120
    )
    services = forms.MultipleChoiceField(
        label="What the patient needs",
        choices=Service.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    walkthrough_next_day = forms.BooleanField(
        label="Plan walkthrough at least a day after the consults",
        required=False,
        initial=True,
    )

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("earliest_day"), data.get("latest_day")
        if first and last and last < first:
            self.add_error("latest_day", "The last day must be on or after the first day.")
        return data


class AppointmentMoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="New start", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class WindowForm(forms.Form):
    earliest_day = forms.DateField()
    latest_day = forms.DateField()


class WeekPlanForm(forms.Form):
    week_start = forms.DateField(
        label="Week starting (Monday)", widget=forms.DateInput(attrs={"type": "date"})
    )
