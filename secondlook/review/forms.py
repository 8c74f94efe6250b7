"""Forms of the opinion pages; they validate typing, the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from secondlook.accounts.choices import Specialty
from secondlook.review.choices import (
    Agreement,
    Concordance,
    DiagnosisVerdict,
    DiseaseTeamKind,
    Modality,
    SupportiveNeed,
    WorkupTest,
)
from secondlook.review.models import PlanChange

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
    plan_change = forms.ChoiceField(
        label="And the outside treatment plan?",
        required=False,
        choices=PlanChange.choices,
        widget=forms.RadioSelect,
        help_text="Required to sign. Pre-selected from the reviewers' agreement with the "
        "outside plan when they have recorded it; the program's plan-change rate counts it.",
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


def _checkboxes(label: str, choices: list[tuple[str, str]]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
    )


class LetterForm(forms.Form):
    """The structured part of the opinion: printed in the letter, and the source of the
    plain-language patient summary."""

    concordance = forms.ChoiceField(
        label="Concordance with the outside diagnosis",
        required=False,
        choices=[("", "Not graded"), *Concordance.choices],
    )
    concordance_reason = _section(
        "Why (concordance)", "What differs from the outside report, and why.", rows=3
    )
    stage = forms.CharField(
        label="Stage", required=False, max_length=40, help_text="e.g. IIIB or FIGO IB"
    )
    recommended_plan = _checkboxes("Recommended plan", Modality.choices)
    alternatives = _checkboxes("Alternatives", Modality.choices)
    tests_recommended = _checkboxes("Tests before treatment", WorkupTest.choices)
    supportive_care = _checkboxes("Supportive care", SupportiveNeed.choices)
    evidence = _section("Evidence", "Guidelines and studies behind the plan and alternatives.", 4)
    trials = _section("Clinical trials", "Trials the patient may qualify for.", 3)
    board_consensus = _section("Tumor board consensus", "As recorded at the board.", 3)


class FindingForm(forms.Form):
    diagnosis_agreement = forms.ChoiceField(
        label="The outside diagnosis", choices=Agreement.choices, widget=forms.RadioSelect
    )
    plan_agreement = forms.ChoiceField(
        label="The outside treatment plan", choices=Agreement.choices, widget=forms.RadioSelect
    )
    would_change = _section("What you would change", "", rows=3)
    tests_wanted = _section("Tests you want", "", rows=3)
    options_picked = forms.MultipleChoiceField(
        label="Options you favour, from the treatment-options list",
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    options_favoured = _section(
        "Other options you favour", "Anything the list does not offer.", rows=3
    )
    reasoning = _section("Your reasoning", "", rows=5)
    concordance = forms.ChoiceField(
        label="Concordance with the outside report",
        required=False,
        choices=[("", "Not graded"), *Concordance.choices],
        help_text="Pathology and radiology re-reviews: required to submit.",
    )
    concordance_reason = _section("What differs, and why", "", rows=3)

    def __init__(self, *args: Any, options: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        """`options`: (key, label) of the matcher's current options for the case."""
        super().__init__(*args, **kwargs)
        self.fields["options_picked"].choices = list(options)  # type: ignore[attr-defined]


class PatientVoiceForm(forms.Form):
    """Plain questions; every field optional, so a patient can answer a few at a time."""

    what_matters = _section("What matters most to you?", "", rows=3)
    fears = _section("What worries you most?", "", rows=2)
    fertility = _section("Do you hope to have children in the future?", "", rows=2)
    work = _section("How is work or school part of your plans?", "", rows=2)
    travel = _section("Can you travel for treatment?", "", rows=2)
    family = _section("Who helps you at home? Family needs we should know?", "", rows=2)
    questions = _section("What do you want this opinion to answer?", "", rows=3)
    view_of_options = _section("After your visit: what do you think of the options?", "", rows=3)

    def __init__(self, *args: Any, after_consult: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_length = 4000
        if not after_consult:
            del self.fields["view_of_options"]


class FollowUpQuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your doctor answers in writing. The answer is added to your opinion.",
    )


class AddendumForm(forms.Form):
    answer = _section("Your answer", "Plain language: the patient reads this.", rows=6)
    password = SignForm.base_fields["password"]


class BoardSessionForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, label="Disease team")  # type: ignore[arg-type]
    starts_at = forms.DateTimeField(
        label="Date and time", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    chair = forms.ModelChoiceField(queryset=None, label="Chair")  # type: ignore[arg-type]
    place = forms.CharField(label="Room", required=False, max_length=200)
    video_link = forms.URLField(label="Video link", required=False, assume_scheme="https")

    def __init__(self, *args: Any, teams: Any, chairs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["chair"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]


class ConsensusForm(forms.Form):
    consensus = _section("Consensus recommendation", "", rows=4)
    follow_up_actions = _section("Follow-up actions", "Who does what, by when.", rows=3)


class DissentForm(forms.Form):
    member = forms.ModelChoiceField(queryset=None, label="Member who disagrees")  # type: ignore[arg-type]
    reason = _section("Their reason", "", rows=3)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["member"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    kind = forms.ChoiceField(label="Disease team", choices=DiseaseTeamKind.choices)
    site = forms.ModelChoiceField(queryset=None, label="Site")  # type: ignore[arg-type]

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label="Clinician")  # type: ignore[arg-type]
    specialty = forms.ChoiceField(
        label="Specialty on this team", choices=Specialty.choices, required=False
    )
    is_chair = forms.BooleanField(label="Chairs this team's board", required=False)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.display_name} ({user.get_specialty_display() or user.get_role_display()})"
        )
