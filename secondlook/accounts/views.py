from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from secondlook.accounts.forms import ApiTokenForm, LoginForm, TotpForm, TotpReplaceForm
from secondlook.accounts.mfa import (
    second_step_passed,
    totp_confirm,
    totp_pending_device,
    totp_qr_data_uri,
    totp_verify,
)
from secondlook.accounts.services import api_token_create, api_token_revoke
from secondlook.core.errors import ApplicationError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timeout") == "1"
        return context


class InvitationView(auth_views.PasswordResetConfirmView):
    """A patient's first visit: set a password from the link in the invitation."""

    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("accounts:invitation_done")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user, confirmed=True):
        return redirect("accounts:mfa_setup")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_verify(request=request, user=request.user, token=form.cleaned_data["token"]):
            return redirect(_safe_next(request))
        form.add_error("token", "That code is not right or has expired. Try the current code.")
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a first device, or, after the code and the password again, replace one."""
    if not request.user.is_clinic_staff:
        return redirect("home")
    replacing = user_has_device(request.user, confirmed=True)
    if replacing and not request.user.is_verified():
        return _to_second_step(reverse("accounts:mfa_setup"))
    device = totp_pending_device(user=request.user)
    form = (TotpReplaceForm if replacing else TotpForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if replacing and not request.user.check_password(form.cleaned_data["password"]):
            form.add_error("password", "That password is not right.")
        elif totp_confirm(request=request, user=request.user, token=form.cleaned_data["token"]):
            messages.success(
                request, "Two-step log-in is on. You will be asked for a code at each log-in."
            )
            return redirect("home")
        form.add_error(
            "token", "That code does not match. Check the time on your phone and try again."
        )
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "replacing": replacing,
            "qr": totp_qr_data_uri(device),
            "secret": device.bin_key.hex(),
        },
    )


def _to_second_step(next_path: str) -> HttpResponse:
    return redirect(f"{reverse('accounts:mfa_verify')}?{urlencode({'next': next_path})}")


@login_required
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """Staff security page: MFA status and API tokens (shown once, stored hashed)."""
    if not request.user.is_clinic_staff:
        return redirect("home")
    if not second_step_passed(request.user):
        return _to_second_step(reverse("accounts:security"))
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_token = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                second_step_passed=request.user.is_verified(),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "accounts/security.html",
        {
            "form": form,
            "new_token": new_token,
            "has_mfa": user_has_device(request.user, confirmed=True),
            "tokens": request.user.api_tokens.filter(revoked_at__isnull=True).order_by(
                "-created_at"
            ),
        },
    )


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    """A staff member stops one of their own tokens (a lost laptop, a retired script)."""
    if not request.user.is_clinic_staff:
        return redirect("home")
    if not second_step_passed(request.user):
        return _to_second_step(reverse("accounts:security"))
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("accounts:security")
