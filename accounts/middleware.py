"""Session rules: a signed-in session ends after SESSION_IDLE_MINUTES without a request, and,
where two-factor sign-in is required for regional roles, goes nowhere until it is set up."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

LAST_SEEN_KEY = "last_seen"
IDLE_SIGN_OUT_KEY = "signed_out_idle_minutes"
# The last-seen time is written at most this often, so most pages do not save the session.
LAST_SEEN_RESOLUTION_SECONDS = 60


@receiver(user_logged_in)
def start_idle_clock(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A new session starts its idle clock at sign-in, so its first page writes nothing.
    (Connected when the accounts app is ready, see AccountsConfig.)"""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """After AuthenticationMiddleware. A signed-in request more than SESSION_IDLE_MINUTES after
    the last one signs the person out and sends them to the sign-in page, which says why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            idle_minutes = settings.SESSION_IDLE_MINUTES
            if last_seen is not None and now - last_seen > idle_minutes * 60:
                logout(request)
                request.session[IDLE_SIGN_OUT_KEY] = idle_minutes
                login_url = reverse(settings.LOGIN_URL)
                if request.method == "GET":
                    login_url += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(login_url)
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """After OTPMiddleware. With OTP_REQUIRED_FOR_REGIONAL on, a person in a role offered
    two-factor sign-in who has not set it up is sent to set it up from every page but that one
    (and signing out), so the rule cannot be walked around by following another link."""

    ALLOWED_URL_NAMES = ("accounts:two_factor_setup", "accounts:logout")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OTP_REQUIRED_FOR_REGIONAL and self._must_set_up(request):
            setup = reverse("accounts:two_factor_setup")
            return HttpResponseRedirect(f"{setup}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        from accounts import access, two_factor

        user = request.user
        if not user.is_authenticated or not access.may_use_two_factor(user):
            return False
        allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
        if request.path in allowed or request.path.startswith(settings.STATIC_URL):
            return False
        return not two_factor.has_two_factor(user)
