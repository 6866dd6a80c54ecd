"""Signing in (with an optional second step for two-factor sign-in) and managing two-factor
sign-in; the locked-out page."""

import time
from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp import match_token

from accounts import access, two_factor
from accounts.forms import SignInForm, TwoFactorCodeForm
from accounts.middleware import IDLE_SIGN_OUT_KEY
from accounts.models import User

# The sign-in waiting for its second step: who, how they signed in, where to, and since when.
PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 5 * 60
BACKUP_CODES_KEY = "two_factor_new_backup_codes"


def _needs_second_step(request: HttpRequest) -> bool:
    return request.user.is_authenticated and not two_factor.signed_in_fully(request.user)


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if _needs_second_step(request):
            return redirect(_with_next("accounts:two_factor_verify", self.get_redirect_url()))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["idle_minutes"] = self.request.session.pop(IDLE_SIGN_OUT_KEY, None)
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.has_two_factor(user):
            # Password right: nothing is signed in until the code is right too.
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "since": int(time.time()),
            }
            return redirect("accounts:two_factor_verify")
        response = super().form_valid(form)
        if settings.OTP_REQUIRED_FOR_REGIONAL and access.may_use_two_factor(user):
            return redirect(_with_next("accounts:two_factor_setup", self.get_success_url()))
        return response


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}" if next_url else reverse(url_name)


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _pending_sign_in(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    """The person whose sign-in waits for a code: from the first step, or a signed-in person
    whose session is not yet verified."""
    if isinstance(request.user, User) and _needs_second_step(request):
        return request.user, {"next": _safe_next(request, settings.LOGIN_REDIRECT_URL)}
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, {}
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: "Enter the code from your authenticator app"."""
    user, pending = _pending_sign_in(request)
    if user is None:
        messages.info(request, "Sign in again: it has been more than 5 minutes.")
        return redirect("accounts:login")
    credentials = {"username": user.email}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.session.pop(PENDING_KEY, None)
        return sign_in_locked_out(request, None, credentials)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            request.session.pop(PENDING_KEY, None)
            if not request.user.is_authenticated:
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return HttpResponseRedirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)
        # A wrong code counts as a failed sign-in: enough of them lock the account (axes).
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING_KEY, None)
        waiting = two_factor.throttled_until(user)
        form.add_error(
            "code",
            f"Too many wrong codes. Wait until {waiting}, then enter the code your app shows"
            if waiting
            else "The code is not right. Enter the 6-digit code your authenticator app shows now",
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form}, status=_status_of(form)
    )


def _status_of(form: TwoFactorCodeForm) -> int:
    """400 for a code refused, as every form of the portal answers one it refuses."""
    return 400 if form.is_bound and form.errors else 200


def _two_factor_user(request: access.AuthenticatedHttpRequest) -> User:
    if not access.may_use_two_factor(request.user):
        raise PermissionDenied
    return request.user


@login_required
@require_safe
def two_factor_status(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = _two_factor_user(request)
    enabled = two_factor.has_two_factor(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": enabled,
            "backup_codes_left": two_factor.backup_codes_left(user) if enabled else 0,
            "new_backup_codes": request.session.pop(BACKUP_CODES_KEY, None),
            "required": settings.OTP_REQUIRED_FOR_REGIONAL,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = _two_factor_user(request)
    if two_factor.has_two_factor(user):
        return redirect("accounts:two_factor")
    device = two_factor.setup_device_for(user)
    form = TwoFactorCodeForm(
        request.POST or None, button_text="Turn on two-factor sign-in", form_tag=False
    )
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            request.session[BACKUP_CODES_KEY] = two_factor.two_factor_confirm(
                user=user, device=device
            )
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is on")
            next_url = _safe_next(request, "")
            return redirect(next_url or "accounts:two_factor")
        form.add_error(
            "code",
            "The code is not right. Enter the 6-digit code your authenticator app shows now",
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_for_display(device),
            "qr_code": two_factor.qr_code_svg(device),
            "next": _safe_next(request, ""),
        },
        status=_status_of(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_disable(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = _two_factor_user(request)
    if not two_factor.has_two_factor(user):
        return redirect("accounts:two_factor")
    form = TwoFactorCodeForm(request.POST or None, button_text="Turn off two-factor sign-in")
    if request.method == "POST" and form.is_valid():
        if match_token(user, form.cleaned_data["code"]) is not None:
            two_factor.two_factor_turn_off(user=user)
            messages.success(request, "Two-factor sign-in is off")
            return redirect("accounts:two_factor")
        form.add_error(
            "code",
            "The code is not right. Enter the 6-digit code your authenticator app shows now",
        )
    return render(
        request, "accounts/two_factor_disable.html", {"form": form}, status=_status_of(form)
    )


def sign_in_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    """What django-axes shows after too many failed sign-ins (AXES_LOCKOUT_CALLABLE)."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": minutes,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "contact": settings.SIGN_IN_HELP_CONTACT,
        },
        status=429,
    )
