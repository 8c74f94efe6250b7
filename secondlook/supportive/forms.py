"""The distress thermometer and problem list, and a referral's outcome."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from secondlook.supportive.choices import PROBLEM_AREA, Problem, ProblemArea, ReferralStatus
from secondlook.supportive.services import ScreenAnswers

SCORE_CHOICES = [(str(n), str(n)) for n in range(11)]


class DistressScreenForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_(
            "How much distress have you felt in the past week, including today? "
            "0 means no distress, 10 means extreme distress."
        ),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    other_problem = forms.CharField(
        label=_("Anything else that worries you?"), required=False, max_length=300
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for area in ProblemArea:
            self.fields[f"problems_{area.value}"] = forms.MultipleChoiceField(
                label=area.label,
                required=False,
                choices=[(p.value, p.label) for p in Problem if PROBLEM_AREA[p] == area],
                widget=forms.CheckboxSelectMultiple,
            )

    def problem_fields(self) -> list[forms.BoundField]:
        return [self[f"problems_{area.value}"] for area in ProblemArea]

    def answers(self) -> ScreenAnswers:
        data = self.cleaned_data
        problems = tuple(
            problem for area in ProblemArea for problem in data[f"problems_{area.value}"]
        )
        return ScreenAnswers(
            score=data["score"], problems=problems, other_problem=data["other_problem"]
        )


class ReferralOutcomeForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ReferralStatus.choices)
    outcome = forms.CharField(
        label="Outcome", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
