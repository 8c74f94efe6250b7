from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from secondlook.accounts.models import User


class LoginForm(AuthenticationForm):
    """Patients know their e-mail address, not the username made for them: accept either."""

    username = forms.CharField(
        label="Username or e-mail address",
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        given = self.cleaned_data["username"].strip()
        if "@" not in given:
            return given
        matches = list(
            User.objects.filter(email__iexact=given, is_active=True).values_list(
                "username", flat=True
            )[:2]
        )
        return matches[0] if len(matches) == 1 else given


class TotpForm(forms.Form):
    token = forms.CharField(
        label="6-digit code from your authenticator app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class TotpReplaceForm(TotpForm):
    """Moving to a new phone: the password again, so an unattended session cannot do it."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="What the token is for", max_length=100)
