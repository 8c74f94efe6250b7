"""The second-opinion request, asked the way a patient or caregiver would answer it.

Labels are questions in everyday words; the form turns the answers into the clinical
fields the navigator works with (payer type, urgency, OncoTree code).
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secondlook.accounts.models import Site
from secondlook.cases.choices import PayerType, Urgency
from secondlook.cases.models import Case, Patient
from secondlook.cases.services import CaseDetails, PatientDetails, ReferringDetails
from secondlook.oncology.oncotree import CANCER_TYPES
from secondlook.portal.choices import Agreement, Recommend
from secondlook.portal.selectors import request_sites
from secondlook.portal.services import SurveyAnswers

NOT_SURE = ""

_PAYER_CHOICES = [
    (PayerType.COMMERCIAL, _("Private insurance (through work, or bought myself)")),
    (PayerType.MEDICARE, "Medicare"),
    (PayerType.MEDICAID, "Medicaid (Medi-Cal)"),
    (PayerType.TRICARE_VA, _("TRICARE or VA")),
    (PayerType.SELF_PAY, _("No insurance: I will pay myself")),
    (PayerType.UNKNOWN, _("Not sure")),
]

_URGENT_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure"))]

# The Patient model's choice labels are English words for staff; the public form shows
# its own, translated, for the same stored values.
_PATIENT_CHOICE_LABELS = {
    "sex": {
        "female": _("Female"),
        "male": _("Male"),
        "other": _("Other"),
        "unknown": _("Prefer not to say"),
    },
    "preferred_language": {"en": _("English"), "es": _("Spanish")},
}

_PHONE_DIGITS = re.compile(r"\d")


def _cancer_type_choices() -> list[tuple[str, object]]:
    """OncoTree types grouped by body part, with 'not sure' first: many patients are."""
    by_tissue = sorted(CANCER_TYPES, key=lambda cancer_type: (cancer_type.tissue, cancer_type.name))
    groups: list[tuple[str, object]] = [(NOT_SURE, _("Not sure / not listed"))]
    for tissue, types in groupby(by_tissue, key=lambda cancer_type: cancer_type.tissue):
        groups.append((tissue, [(cancer_type.code, cancer_type.name) for cancer_type in types]))
    return groups


class OncoTreeSelect(forms.Select):
    """The cancer-type list: OncoTree names stay English, so their groups say so."""

    template_name = "portal/widgets/oncotree_select.html"


def _clean_phone(value: str) -> str:
    if len(_PHONE_DIGITS.findall(value)) < 10:
        raise forms.ValidationError(
            _("Enter a phone number with the area code, e.g. 555-010-1234.")
        )
    return value.strip()


class CaseQuestionsForm(forms.Form):
    """What every request asks, whether from a new patient or one asking again."""

    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        label=_("Where would you like your second opinion?"),
        empty_label=None,
    )
    cancer_type = forms.ChoiceField(
        label=_("What type of cancer is it?"),
        choices=_cancer_type_choices,
        widget=OncoTreeSelect,
        required=False,
        help_text=_("Choose 'Not sure' if you do not know; your navigator will find out."),
    )
    outside_diagnosis = forms.CharField(
        label=_("What have your doctors told you so far?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example the diagnosis, the stage, and the treatment they suggest."),
    )
    patient_questions = forms.CharField(
        label=_("What questions do you want the second opinion to answer?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    payer_type = forms.ChoiceField(
        label=_("How will you pay for your care?"),
        choices=_PAYER_CHOICES,
        initial=PayerType.UNKNOWN,
        widget=forms.RadioSelect,
    )
    insurance_name = forms.CharField(
        label=_("Name of your insurance plan"),
        required=False,
        max_length=200,
        help_text=_("As it appears on your insurance card, if you have one."),
    )
    urgent = forms.ChoiceField(
        label=_("Has your doctor said treatment must start within 2 weeks?"),
        choices=_URGENT_CHOICES,
        help_text=_("If yes, we treat your request as urgent and work to shorter deadlines."),
        widget=forms.RadioSelect,
    )
    referring_name = forms.CharField(label=_("Your doctor's name"), required=False, max_length=200)
    referring_practice = forms.CharField(
        label=_("Their clinic or hospital"), required=False, max_length=200
    )
    referring_phone = forms.CharField(
        label=_("Their phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")  # labels are questions; no colon after "?"
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = request_sites()

    def clean_referring_phone(self) -> str:
        value = self.cleaned_data["referring_phone"]
        return _clean_phone(value) if value.strip() else ""

    def case_details(self) -> CaseDetails:
        data = self.cleaned_data
        return CaseDetails(
            cancer_type_code=data["cancer_type"],
            outside_diagnosis=data["outside_diagnosis"].strip(),
            patient_questions=data["patient_questions"].strip(),
            payer_type=data["payer_type"],
            insurance_name=data["insurance_name"].strip(),
            urgency=Urgency.URGENT if data["urgent"] == "yes" else Urgency.ROUTINE,
        )

    def referring_details(self) -> ReferringDetails | None:
        data = self.cleaned_data
        if not data["referring_name"].strip():
            return None
        return ReferringDetails(
            name=data["referring_name"].strip(),
            practice=data["referring_practice"].strip(),
            phone=data["referring_phone"],
        )

    @classmethod
    def initial_from(cls, case: Case) -> dict[str, object]:
        """Answers carried over from an earlier opinion, so asking again is quick."""
        return {
            "site": case.site_id,
            "cancer_type": case.cancer_type_code,
            "payer_type": case.payer_type,
            "insurance_name": case.insurance_name,
        }


def _patient_field(name: str, *, initial: str = "") -> forms.ChoiceField:
    """A choice from the Patient model; no silent default where the answer is personal."""
    labels = _PATIENT_CHOICE_LABELS[name]
    choices: list[tuple[str, object]] = [
        (value, labels.get(value, label)) for value, label in Patient._meta.get_field(name).choices
    ]
    if not initial:
        choices.insert(0, ("", _("Choose one")))
    return forms.ChoiceField(choices=choices, initial=initial)


class OpinionRequestForm(CaseQuestionsForm):
    """The public request: who the patient is and how to reach them, then the questions."""

    field_order = [
        "first_name",
        "last_name",
        "date_of_birth",
        "sex",
        "phone",
        "email",
        "preferred_language",
        "caregiver_name",
        "caregiver_phone",
    ]

    first_name = forms.CharField(
        label=_("Patient's first name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Patient's last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    date_of_birth = forms.DateField(
        label=_("Patient's date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    sex = _patient_field("sex")
    phone = forms.CharField(
        label=_("Best phone number to reach the patient"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Your navigator will call this number."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the link to your secure patient account here."),
    )
    preferred_language = _patient_field("preferred_language", initial="en")
    caregiver_name = forms.CharField(
        label=_("Your name, if you are filling this in for the patient"),
        required=False,
        max_length=200,
        help_text=_("For example a family member or friend who helps with their care."),
    )
    caregiver_phone = forms.CharField(
        label=_("Your phone number, if different"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sex"].label = _("Patient's sex")
        self.fields["preferred_language"].label = _("Language the patient prefers to speak")

    def clean_date_of_birth(self) -> dt.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if born.year < today.year - 120:
            raise forms.ValidationError(_("Check the year of birth."))
        return born

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])

    def clean_caregiver_phone(self) -> str:
        value = self.cleaned_data["caregiver_phone"]
        return _clean_phone(value) if value.strip() else ""

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def patient_details(self) -> PatientDetails:
        data = self.cleaned_data
        return PatientDetails(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            date_of_birth=data["date_of_birth"],
            phone=data["phone"],
            email=data["email"],
            sex=data["sex"],
            preferred_language=data["preferred_language"],
            caregiver_name=data["caregiver_name"].strip(),
            caregiver_phone=data["caregiver_phone"],
        )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your navigator reads messages on business days. Call us if it is urgent."),
    )


class QuestionListForm(forms.Form):
    text = forms.CharField(
        label=_("Your questions, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )


class SurveyForm(forms.Form):
    recommend = forms.ChoiceField(
        label=_("Would you recommend this program to friends and family?"),
        choices=Recommend.choices,
        widget=forms.RadioSelect,
    )
    explained_clearly = forms.ChoiceField(
        label=_("Did the doctors explain things in a way you could understand?"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    navigator_helpful = forms.ChoiceField(
        label=_("Did your navigator help you when you needed it?"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    felt_heard = forms.ChoiceField(
        label=_("Did the team listen to what matters to you?"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    comments = forms.CharField(
        label=_("Anything else you want to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def answers(self) -> SurveyAnswers:
        data = self.cleaned_data
        return SurveyAnswers(
            recommend=data["recommend"],
            explained_clearly=data["explained_clearly"],
            navigator_helpful=data["navigator_helpful"],
            felt_heard=data["felt_heard"],
            comments=data["comments"],
        )
