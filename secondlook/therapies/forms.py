"""Forms: the options panel's setting and goals, and the curator's entry editors.

List fields are typed as comma-separated text ("BRCA, IDC"); the editors turn a form
into the same raw dictionary the starter JSON files use, so one validator checks both.
"""

from __future__ import annotations

from typing import Any

from django import forms

from secondlook.therapies.choices import (
    Effect,
    EntryKind,
    EvidenceLevel,
    Goal,
    Modality,
    OptionCategory,
    Setting,
)
from secondlook.therapies.models import VersionedEntry


class OptionsFilterForm(forms.Form):
    setting = forms.ChoiceField(
        choices=[("", "From the stage")] + Setting.choices,
        required=False,
        label="Treatment setting",
    )
    goals = forms.MultipleChoiceField(
        choices=Goal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What matters most to the patient",
    )


class ChooseOptionForm(OptionsFilterForm):
    category = forms.ChoiceField(choices=OptionCategory.choices)
    label = forms.CharField(max_length=400)
    note = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), label="Note"
    )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _join(values: list[str]) -> str:
    return ", ".join(values)


LIST_HELP = "Separate with commas."


class EntryForm(forms.Form):
    key = forms.SlugField(max_length=80, help_text="Short unique name, e.g. nsclc-egfr-adj.")
    cancer_types = forms.CharField(
        required=False, label="Cancer types (OncoTree)", help_text=LIST_HELP
    )
    stage_groups = forms.CharField(
        required=False,
        help_text="e.g. I, II, IIIA; for a biomarker assertion, the label's stage limits. "
        + LIST_HELP,
    )
    settings = forms.MultipleChoiceField(
        choices=Setting.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    conditions = forms.CharField(
        required=False,
        help_text="e.g. HER2+, HR+, TNBC, KRAS-, histology:squamous, ecog<=1, "
        "prior:osimertinib, driver_negative, resectable, unresectable. " + LIST_HELP,
    )
    note = forms.CharField(
        max_length=300, label="Why this change", help_text="Kept in the version history."
    )

    list_fields: tuple[str, ...] = ("cancer_types", "stage_groups", "conditions")

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["key"].disabled = True

    def raw(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "key": data["key"],
            "types": _split(data["cancer_types"]),
            "stages": _split(data["stage_groups"]),
            "settings": list(data["settings"]),
            "if": _split(data["conditions"]),
        }

    @classmethod
    def initial_from(cls, row: VersionedEntry) -> dict[str, Any]:
        initial: dict[str, Any] = {"key": row.key, "settings": row.settings}
        for name in cls.list_fields:
            initial[name] = _join(getattr(row, name))
        return initial


class StandardOfCareForm(EntryForm):
    label = forms.CharField(max_length=400)
    modality = forms.ChoiceField(choices=Modality.choices)
    therapies = forms.CharField(required=False, help_text="Generic names, lower case. " + LIST_HELP)
    evidence_level = forms.ChoiceField(choices=EvidenceLevel.choices)
    source = forms.CharField(max_length=400, help_text="Guideline and year, or FDA label.")
    goal_tags = forms.CharField(
        required=False,
        help_text="fertility_sparing, gonadotoxic, curative, intensive, gentle, near_home. "
        + LIST_HELP,
    )
    list_fields = (*EntryForm.list_fields, "therapies", "goal_tags")

    def raw(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().raw(),
            "label": data["label"],
            "modality": data["modality"],
            "drugs": _split(data["therapies"]),
            "level": data["evidence_level"],
            "source": data["source"],
            "tags": _split(data["goal_tags"]),
        }

    @classmethod
    def initial_from(cls, row: VersionedEntry) -> dict[str, Any]:
        return {
            **super().initial_from(row),
            **{f: getattr(row, f) for f in ("label", "modality", "evidence_level", "source")},
        }


class BiomarkerForm(EntryForm):
    gene = forms.CharField(max_length=40, help_text="Gene or feature, e.g. EGFR, MSI, PD-L1.")
    alteration = forms.CharField(
        max_length=200,
        help_text="V600E, V600, G12C, exon 19 deletion, fusion, amplification, mutation, "
        "msi-h, TMB>=10, TPS>=50, CPS>=10, any; alternatives with |.",
    )
    therapies = forms.CharField(help_text="Generic names, lower case. " + LIST_HELP)
    effect = forms.ChoiceField(choices=Effect.choices)
    evidence_level = forms.ChoiceField(choices=EvidenceLevel.choices)
    category = forms.ChoiceField(choices=OptionCategory.choices)
    label = forms.CharField(max_length=400, required=False)
    citation = forms.CharField(max_length=400)
    list_fields = (*EntryForm.list_fields, "therapies")

    def raw(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().raw(),
            "gene": data["gene"],
            "alteration": data["alteration"],
            "drugs": _split(data["therapies"]),
            "effect": data["effect"],
            "level": data["evidence_level"],
            "category": data["category"],
            "label": data["label"],
            "citation": data["citation"],
        }

    @classmethod
    def initial_from(cls, row: VersionedEntry) -> dict[str, Any]:
        fields = ("gene", "alteration", "effect", "evidence_level", "category", "label", "citation")
        return {**super().initial_from(row), **{f: getattr(row, f) for f in fields}}


class WorkupForm(EntryForm):
    test = forms.CharField(max_length=120)
    why = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    markers = forms.CharField(
        required=False, help_text="Result names that count as done. " + LIST_HELP
    )
    source = forms.CharField(max_length=400, required=False)
    list_fields = (*EntryForm.list_fields, "markers")

    def raw(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().raw(),
            "test": data["test"],
            "why": data["why"],
            "markers": _split(data["markers"]),
            "source": data["source"],
        }

    @classmethod
    def initial_from(cls, row: VersionedEntry) -> dict[str, Any]:
        fields = ("test", "why", "source")
        return {**super().initial_from(row), **{f: getattr(row, f) for f in fields}}


FORMS: dict[str, type[EntryForm]] = {
    EntryKind.STANDARD_OF_CARE: StandardOfCareForm,
    EntryKind.BIOMARKER: BiomarkerForm,
    EntryKind.WORKUP: WorkupForm,
}


class RetireForm(forms.Form):
    note = forms.CharField(max_length=300, label="Why this entry no longer applies")
