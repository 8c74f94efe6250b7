from __future__ import annotations

from django import forms

from secondlook.logistics.choices import TransportMode
from secondlook.logistics.models import PartnerHotel


class TransportForm(forms.Form):
    mode = forms.ChoiceField(label="How", choices=TransportMode.choices)
    origin = forms.CharField(label="From (city)", max_length=200)
    outbound_on = forms.DateField(label="Outbound", widget=forms.DateInput(attrs={"type": "date"}))
    return_on = forms.DateField(label="Return", widget=forms.DateInput(attrs={"type": "date"}))
    with_caregiver = forms.BooleanField(label="A caregiver travels too", required=False)
    estimated_cost = forms.DecimalField(
        label="Estimated cost ($, if known)", required=False, min_value=0, decimal_places=2
    )
    miles = forms.IntegerField(
        label="Miles there and back (own car)",
        required=False,
        min_value=0,
        help_text="Without an estimated cost, the program's mileage rate prices the miles.",
    )


class LodgingForm(forms.Form):
    hotel = forms.ModelChoiceField(label="Partner hotel", queryset=PartnerHotel.objects.none())
    with_caregiver = forms.BooleanField(label="A caregiver stays too", required=False)

    def __init__(self, *args: object, hotels: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if hotels is not None:
            self.fields["hotel"].queryset = hotels


class ConfirmForm(forms.Form):
    confirmation = forms.CharField(label="Confirmation number", max_length=60)
    total_cost = forms.DecimalField(
        label="Final cost ($)", required=False, min_value=0, decimal_places=2
    )
