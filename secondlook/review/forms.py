"""Forms of the opinion pages; they validate typing, the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from secondlook.review.choices import DiagnosisVerdict

# Generous for a written opinion, small enough that a pasted file is a field error.
SECTION_MAX = 20_000


def _section(label: str, help_text: str, rows: int = 8) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=SECTION_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class OpinionForm(forms.Form):
    """The draft. Sections may stay empty while drafting; signing requires all of them.

    With `correcting=True` (the newest version is signed, or the draft is a correction)
    the reason for the correction is asked for and required.
    """

    correction_reason = forms.CharField(
        label="Reason for the correction",
        max_length=SECTION_MAX,
        help_text="What was wrong or missing in the signed version. It is printed on the "
        "corrected opinion.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    verdict = forms.ChoiceField(
        label="Is the outside diagnosis confirmed?",
        choices=DiagnosisVerdict.choices,
        widget=forms.RadioSelect,
    )
    diagnosis = _section(
        "Diagnosis as this review finds it",
        "Type, stage and extent; say what differs from the outside diagnosis, and why.",
    )
    recommendations = _section(
        "Recommendations", "Treatment options, further tests, and clinical trials to consider."
    )
    answers = _section(
        "Answers to the patient's questions",
        "Plain language: the patient reads this. Answer each of their questions.",
        rows=10,
    )

    def __init__(self, *args: Any, correcting: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["correction_reason"]


class SignForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="Re-enter the password you log in with to sign.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CorrectionDeliverForm(forms.Form):
    note = forms.CharField(
        label="Note for the case timeline",
        required=False,
        max_length=2000,
        help_text="For example: called the patient and walked them through the change.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
