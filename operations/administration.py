"""The regional administrator's pages: quarters (open, close, dates) and people (invite, give
and remove roles). Thin views: access, form, one service, redirect."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.models import Membership, User
from operations.forms import InviteForm, QuarterDatesForm, QuarterOpenForm, RoleGiveForm
from operations.people import membership_give, membership_remove, person_invite
from operations.quarters import (
    QuarterDates,
    QuarterRefused,
    period_close,
    period_dates_set,
    period_open,
)
from operations.roles import RoleRefused
from returns.models import Period
from sli_portal.financial_years import quarter_of

# The quarters the administrator may open: the current one and the seven before it.
OPENABLE_QUARTERS = 8


def administering(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and the regional administrator (``access.can_administer_portal``)."""

    @login_required
    def check(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can_administer_portal(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    check.__doc__ = view.__doc__
    return check


def _form_page(
    request: HttpRequest, form: Form, *, caption: str, back: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "operations/admin_form.html",
        {"form": form, "caption": caption, "back": back, "intro": intro},
        status=400 if form.errors else 200,
    )


def _period_or_404(slug: str) -> Period:
    parsed = Period.parse_slug(slug)
    if parsed is None:
        raise Http404
    return get_object_or_404(Period, year=parsed[0], quarter=parsed[1])


@administering
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """What the administrator runs from the portal, and the Django admin for the rest."""
    return render(request, "operations/administration.html")


# --- Quarters -----------------------------------------------------------------------------------


@administering
@require_safe
def quarters(request: HttpRequest) -> HttpResponse:
    """Every quarter, newest first, with its dates and whether it is open for returns."""
    today = timezone.localdate()
    periods = list(Period.objects.order_by("-year", "-quarter"))
    rows = [(period, period.is_open(today), period.opens_on > today) for period in periods]
    return render(request, "operations/quarters.html", {"rows": rows, "today": today})


def _openable(today: datetime.date) -> list[tuple[str, str]]:
    year, quarter = quarter_of(today)
    index = year * 4 + quarter - 1
    found = []
    for i in range(index, index - OPENABLE_QUARTERS, -1):
        period = Period(year=i // 4, quarter=i % 4 + 1)
        found.append((period.slug, period.label))
    return found


@administering
@require_http_methods(["GET", "POST"])
def quarter_open(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = QuarterOpenForm(
        request.POST if request.method == "POST" else None, quarters=_openable(today)
    )
    if request.method == "POST" and form.is_valid():
        parsed = Period.parse_slug(form.cleaned_data["quarter"])
        assert parsed is not None  # one of the choices
        try:
            period = period_open(
                year=parsed[0], quarter=parsed[1], by=access.signed_in(request), today=today
            )
        except QuarterRefused as refused:
            refused.show_on(form)
        else:
            messages.success(
                request,
                f"{period.label} is open for returns until {period.closes_on:%-d %B %Y}; the "
                f"deadline is {period.deadline:%-d %B %Y}.",
            )
            return redirect("operations:quarters")
    return _form_page(
        request,
        form,
        caption="Quarters",
        back=reverse("operations:quarters"),
        intro="Councils can upload their return for a quarter while it is open. A quarter "
        "opened after its window closed stays open for at least two weeks; change its dates "
        "afterwards if needed.",
    )


@administering
@require_http_methods(["GET", "POST"])
def quarter(request: HttpRequest, slug: str) -> HttpResponse:
    """A quarter's dates: uploads open, the deadline, uploads close."""
    period = _period_or_404(slug)
    initial = {
        "opens_on": period.opens_on,
        "deadline": period.deadline,
        "closes_on": period.closes_on,
    }
    form = QuarterDatesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            period_dates_set(
                period=period, dates=QuarterDates(**form.cleaned_data), by=access.signed_in(request)
            )
        except QuarterRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, f"{period.label}'s dates saved.")
            return redirect("operations:quarters")
    return _form_page(
        request,
        form,
        caption=period.label,
        back=reverse("operations:quarters"),
        intro="Councils upload their return from the day uploads open until the day they "
        "close; a return not submitted by the deadline is overdue.",
    )


@administering
@require_POST
def quarter_close(request: HttpRequest, slug: str) -> HttpResponse:
    period = _period_or_404(slug)
    try:
        period_close(period=period, by=access.signed_in(request), today=timezone.localdate())
    except QuarterRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"{period.label} is closed: no more returns can be uploaded.")
    return redirect("operations:quarters")


# --- People -------------------------------------------------------------------------------------


@administering
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    """Everyone with an account and the roles they hold, in two queries."""
    roles = Prefetch(
        "memberships", queryset=Membership.objects.select_related("council").order_by("role")
    )
    found = User.objects.prefetch_related(roles).order_by("last_name", "first_name", "email")
    return render(request, "operations/people.html", {"people": found})


@administering
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = person_invite(by=access.signed_in(request), **data)
        except RoleRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, f"Invitation sent to {membership.user.email}.")
            return redirect("operations:person", pk=membership.user_id)
    return _form_page(
        request,
        form,
        caption="People",
        back=reverse("operations:people"),
        intro="They are e-mailed an invitation with a link to choose their password.",
    )


@administering
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's roles, each with a button to remove it, and the form to give another."""
    someone = get_object_or_404(User, pk=pk)
    form = RoleGiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership_give(user=someone, by=access.signed_in(request), **form.cleaned_data)
        except RoleRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, f"{someone} has been given the role and e-mailed.")
            return redirect("operations:person", pk=someone.pk)
    roles = someone.memberships.select_related("council").order_by("role")
    return render(
        request,
        "operations/person.html",
        {"person": someone, "roles": roles, "form": form},
        status=400 if form.errors else 200,
    )


@administering
@require_POST
def role_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "council"), pk=membership_pk, user_id=pk
    )
    label = membership.get_role_display().lower()
    try:
        membership_remove(membership=membership, by=access.signed_in(request))
    except RoleRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"{membership.user} is no longer {label}.")
    return redirect("operations:person", pk=pk)
