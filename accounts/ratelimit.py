"""The portal's rate limits, counted in the shared cache so every worker sees the same count:
UPLOAD_RATE_LIMIT files a person may upload, across every kind of upload (returns,
self-assessments, plans, Local Accounts, concern attachments), and PASSWORD_RESET_RATE_LIMIT
reset e-mails sent to one address."""

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import _split_rate, get_usage

UPLOAD_GROUP = "uploads"
PASSWORD_RESET_GROUP = "password-reset-emails"
PERIOD_WORDS = {60: "minute", 3600: "hour", 86400: "day"}

View = Callable[..., HttpResponse]


def limit_uploads(view: View) -> View:
    """Refuse (429, nothing stored) a person's upload past UPLOAD_RATE_LIMIT. Only a POST that
    carries a file by a signed-in person counts; the view's own checks run for everything else."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and request.user.is_authenticated and request.FILES:
            usage = get_usage(
                request,
                group=UPLOAD_GROUP,
                key="user",
                rate=settings.UPLOAD_RATE_LIMIT,
                method=["POST"],
                increment=True,
            )
            if usage is not None and usage["should_limit"]:
                return upload_limit_reached(request, usage)
        return view(request, *args, **kwargs)

    return wrapped


def upload_limit_reached(request: HttpRequest, usage: dict[str, Any]) -> HttpResponse:
    _, seconds = _split_rate(settings.UPLOAD_RATE_LIMIT)
    period = PERIOD_WORDS.get(seconds, f"{seconds} seconds")
    period = period if period.endswith("seconds") else f"last {period}"
    again_at = timezone.localtime() + datetime.timedelta(seconds=max(usage["time_left"], 0))
    return render(
        request,
        "accounts/upload_limit_reached.html",
        {"uploaded": usage["limit"], "period": period, "again_at": again_at},
        status=429,
    )


def password_reset_email_allowed(request: HttpRequest, email: str) -> bool:
    """Count a password reset asked for this address (in any capitals) and say whether its
    e-mail may be sent: past PASSWORD_RESET_RATE_LIMIT nothing more is sent to the address,
    while the page still says the same, so it tells nobody which addresses have accounts."""
    address = email.strip().casefold()
    usage = get_usage(
        request,
        group=PASSWORD_RESET_GROUP,
        key=lambda _group, _request: address,
        rate=settings.PASSWORD_RESET_RATE_LIMIT,
        method=["POST"],
        increment=True,
    )
    return usage is None or not usage["should_limit"]
