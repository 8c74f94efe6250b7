"""Forms for the staff pages of a case.

Each form validates what a person typed and turns it into the plain values a service
takes (`PatientDetails`, `CaseDetails`, …); no form writes to the database itself.
Lengths mirror the models so a long entry is a field error, never a server error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from django import forms
from django.utils import timezone

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Site, User
from secondlook.accounts.selectors import navigators_for_site, site_ids_for, staff_list
from secondlook.cases.choices import CaseStatus, PayerType, Urgency
from secondlook.cases.models import Case
from secondlook.cases.selectors import CaseFilter
from secondlook.cases.services import CaseDetails, PatientDetails, ReferringDetails
from secondlook.oncology.oncotree import cancer_type_choices

SEX_CHOICES = [
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other"),
    ("unknown", "Not given"),
]
LANGUAGE_CHOICES = [("en", "English"), ("es", "Spanish")]


def _phone(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=40,
        required=required,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


def _text(label: str, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _long_text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _staff_label(user: User) -> str:
    specialty = user.get_specialty_display() if user.specialty else ""
    return f"{user.display_name} — {specialty}" if specialty else user.display_name


class StaffForm(forms.Form):
    """Required fields get a visible marker (CSS) as well as the browser's own check.

    `fieldsets` names the groups a long form is shown in, so the template can lay out
    any of these forms the same way.
    """

    required_css_class = "required"
    fieldsets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def grouped_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.fieldsets
        ]

    def error_summary(self) -> str:
        """Small forms on the case page redirect back; their errors become one message."""
        return " ".join(
            f"{self.fields[field].label}: {errors[0]}" if field in self.fields else errors[0]
            for field, errors in self.errors.items()
        )


class CaseDetailsForm(StaffForm):
    """The clinical and insurance part of intake; also the 'edit intake details' form."""

    cancer_type_code = forms.ChoiceField(
        label="Cancer type",
        required=False,
        choices=[("", "Not known yet")] + cancer_type_choices(),
        help_text="As the referring team named it. Needed before records are requested.",
    )
    outside_diagnosis = _long_text(
        "Outside diagnosis", "The diagnosis in the referring team's words, as read out to you."
    )
    patient_questions = _long_text(
        "The patient's questions",
        "What does the patient want this opinion to answer? Use their own words.",
    )
    payer_type = forms.ChoiceField(
        label="Insurance type",
        choices=PayerType.choices,
        initial=PayerType.UNKNOWN,
        help_text="Medicare, Medicaid and TRICARE/VA patients cannot get travel or lodging help.",
    )
    insurance_name = _text("Insurance company or plan", 200)
    insurance_member_id = _text("Member ID", 60)
    urgency = forms.ChoiceField(
        label="Clinical urgency",
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
        help_text="Urgent cases run on shorter deadlines.",
    )

    fieldsets = (
        ("Cancer and diagnosis", ("cancer_type_code", "outside_diagnosis")),
        ("The patient's questions", ("patient_questions",)),
        ("Insurance", ("payer_type", "insurance_name", "insurance_member_id")),
        ("Urgency", ("urgency",)),
    )

    @classmethod
    def initial_from(cls, case: Case) -> dict[str, Any]:
        return {field.name: getattr(case, field.name) for field in fields(CaseDetails)}

    def case_details(self) -> CaseDetails:
        data = self.cleaned_data
        return CaseDetails(**{field.name: data[field.name] for field in fields(CaseDetails)})


class CaseDetailsEditForm(CaseDetailsForm):
    reason = _long_text("What changed, and why", "Shown on the case timeline.")

    fieldsets = (*CaseDetailsForm.fieldsets, ("Note for the timeline", ("reason",)))


class PhoneIntakeForm(CaseDetailsForm):
    """Everything a navigator gathers during the first call, on one screen."""

    first_name = _text("First name", 100, required=True)
    last_name = _text("Last name", 100, required=True)
    date_of_birth = forms.DateField(
        label="Date of birth", widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(label="Sex", choices=SEX_CHOICES, initial="unknown")
    phone = _phone("Patient's phone")
    email = forms.EmailField(
        label="Patient's e-mail",
        required=False,
        max_length=254,
        help_text="Used to invite the patient to the portal.",
    )
    address = _text("Address", 300)
    postal_code = _text("ZIP / postal code", 12)
    preferred_language = forms.ChoiceField(
        label="Preferred language", choices=LANGUAGE_CHOICES, initial="en"
    )
    caregiver_name = _text("Caregiver or family contact", 200)
    caregiver_phone = _phone("Caregiver's phone", required=False)

    referring_name = _text("Referring physician", 200)
    referring_practice = _text("Practice or hospital", 200)
    referring_phone = _phone("Physician's phone", required=False)
    referring_fax = _phone("Physician's fax", required=False)
    referring_email = forms.EmailField(label="Physician's e-mail", required=False, max_length=254)

    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.none(), empty_label="Choose the site"
    )

    fieldsets = (
        (
            "Patient",
            (
                "first_name",
                "last_name",
                "date_of_birth",
                "sex",
                "phone",
                "email",
                "address",
                "postal_code",
                "preferred_language",
            ),
        ),
        ("Caregiver", ("caregiver_name", "caregiver_phone")),
        (
            "Referring physician",
            (
                "referring_name",
                "referring_practice",
                "referring_phone",
                "referring_fax",
                "referring_email",
            ),
        ),
        *CaseDetailsForm.fieldsets[:-1],
        ("Urgency and site", ("urgency", "site")),
    )

    def __init__(self, *args: Any, navigator: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_ids = site_ids_for(navigator)
        self.fields["site"].queryset = Site.objects.filter(pk__in=site_ids).order_by("name")
        if len(site_ids) == 1 and "site" not in self.initial:
            self.initial["site"] = next(iter(site_ids))

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if born.year < today.year - 120:
            raise forms.ValidationError("Check the year: that is more than 120 years ago.")
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_referring_contact = any(
            data.get(f"referring_{name}") for name in ("practice", "phone", "fax", "email")
        )
        if has_referring_contact and not data.get("referring_name"):
            self.add_error("referring_name", "Give the physician's name with their contact.")
        return data

    def patient_details(self) -> PatientDetails:
        """The patient fields are named exactly as the service's PatientDetails."""
        data = self.cleaned_data
        return PatientDetails(**{field.name: data[field.name] for field in fields(PatientDetails)})

    def referring_details(self) -> ReferringDetails | None:
        data = self.cleaned_data
        if not data["referring_name"]:
            return None
        return ReferringDetails(
            name=data["referring_name"],
            practice=data["referring_practice"],
            phone=data["referring_phone"],
            fax=data["referring_fax"],
            email=data["referring_email"],
        )


class FollowOnIntakeForm(PhoneIntakeForm):
    """A new opinion for a patient we know: their details come from the earlier case."""

    fieldsets = PhoneIntakeForm.fieldsets[2:]  # no patient or caregiver groups

    first_name = None
    last_name = None
    date_of_birth = None
    sex = None
    phone = None
    email = None
    address = None
    postal_code = None
    preferred_language = None
    caregiver_name = None
    caregiver_phone = None

    @classmethod
    def initial_from(cls, case: Case) -> dict[str, Any]:
        """Carry over what rarely changes; the new questions start blank on purpose."""
        initial: dict[str, Any] = {
            **super().initial_from(case),
            "patient_questions": "",
            "urgency": Urgency.ROUTINE,
            "site": case.site_id,
        }
        physician = case.referring_physician
        if physician is not None:
            initial.update(
                referring_name=physician.name,
                referring_practice=physician.practice,
                referring_phone=physician.phone,
                referring_fax=physician.fax,
                referring_email=physician.email,
            )
        return initial


class TransitionForm(StaffForm):
    """One move of the lifecycle; the service decides whether it is allowed now."""

    to = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason or note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reviewer = forms.ModelChoiceField(
        label="Reviewing specialist",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose the specialist",
    )
    visit_at = forms.DateTimeField(
        label="Visit date and time",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = staff_list(role=Role.SPECIALIST, site=case.site)
        self.fields["reviewer"].label_from_instance = _staff_label


class HandoffForm(StaffForm):
    to_navigator = forms.ModelChoiceField(
        label="New owning navigator", queryset=User.objects.none(), empty_label="Choose"
    )
    reason = forms.CharField(
        label="Reason for the hand-off",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: going on leave, patient prefers Spanish.",
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_navigator"].queryset = navigators_for_site(case.site).exclude(
            pk=case.navigator_id
        )
        self.fields["to_navigator"].label_from_instance = _staff_label


class CaseFilterForm(forms.Form):
    """The search box and filters of the case list; every field is optional."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Case reference, or the start of the patient's first or last name.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *CaseStatus.choices]
    )
    site = forms.ModelChoiceField(
        label="Site", required=False, queryset=Site.objects.none(), empty_label="All my sites"
    )
    mine = forms.BooleanField(label="Only cases I own or review", required=False)
    open = forms.BooleanField(label="Only open cases", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(pk__in=site_ids_for(user)).order_by(
            "name"
        )

    def to_filter(self) -> CaseFilter:
        """A filter for the selector; an invalid entry (an old link's site) is left out."""
        if not self.is_bound:
            return CaseFilter()
        self.is_valid()
        data = self.cleaned_data
        site = data.get("site")
        return CaseFilter(
            status=data.get("status", ""),
            site_id=site.pk if site else None,
            mine=data.get("mine", False),
            query=data.get("q", "").strip(),
            open_only=data.get("open", False),
        )
