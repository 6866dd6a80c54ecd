"""Quarterly progress on a plan (DOMAIN.md §7): choosing the quarter, recording every action's
status, commentary and actuals area by area, an action's history of updates, and the Planning
Group's summary across councils.

Thin views: the plan comes through ``accounts.access.get_plan_or_404`` (a council records
progress on its own plan only; another council's plan is a 404, a read-only role a 403), then
the form, then one service, then a redirect."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from improvement_plans.charts import status_chart
from improvement_plans.forms import (
    QuarterProgressForm,
    actual_name,
    commentary_name,
    status_name,
)
from improvement_plans.models import Action, Plan
from improvement_plans.selectors import action_progress_history, region_summary
from improvement_plans.selectors.quarters import (
    QuarterView,
    area_quarter,
    figure,
    may_report_on,
    plan_quarter,
    progress_quarters,
    quarter_areas,
    quarter_period,
    target_wording,
)
from improvement_plans.services.quarters import QuarterRefused, progress_record_quarter
from returns.models import Period
from sli_portal.financial_years import quarter_of


def _plan_to_edit(request: HttpRequest, pk: int) -> Plan:
    return access.get_plan_or_404(
        Plan.objects.select_related("council"), request.user, pk=pk, action="edit_plan"
    )


def _quarter(slug: str, today: datetime.date) -> tuple[int, int]:
    parsed = Period.parse_slug(slug)
    if parsed is None or not may_report_on(*parsed, today=today):
        raise Http404
    return parsed


@login_required
@require_safe
def quarters(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_to_edit(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "improvement_plans/progress_quarters.html",
        {"plan": plan, "quarters": progress_quarters(plan=plan, today=today)},
    )


def _plan_quarter(request: HttpRequest, plan: Plan, period_slug: str) -> QuarterView:
    today = timezone.localdate()
    year, quarter_number = _quarter(period_slug, today)
    return plan_quarter(
        plan=plan,
        period=quarter_period(year, quarter_number),
        fetched_by=request.user,
        today=today,
    )


@login_required
@require_safe
def progress(request: HttpRequest, pk: int, period_slug: str) -> HttpResponse:
    """The quarter's task list: every improvement area with whether its actions' progress is
    recorded this quarter, each area linking to its own page."""
    plan = _plan_to_edit(request, pk)
    quarter = _plan_quarter(request, plan, period_slug)
    areas = quarter_areas(quarter)
    return render(
        request,
        "improvement_plans/progress.html",
        {
            "plan": plan,
            "quarter": quarter,
            "areas": areas,
            "completed": sum(a.status == "completed" for a in areas),
            "to_do": sum(a.status != "no_actions" for a in areas),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_area(request: HttpRequest, pk: int, period_slug: str, area_pk: int) -> HttpResponse:
    """One improvement area's actions for the quarter: each action's status, commentary and
    actuals, saved together (all or nothing), then back to the quarter's task list."""
    plan = _plan_to_edit(request, pk)
    found = area_quarter(_plan_quarter(request, plan, period_slug), area_id=area_pk)
    if found is None:
        raise Http404
    area, quarter = found
    form = QuarterProgressForm(request.POST if request.method == "POST" else None, quarter=quarter)
    if request.method == "POST" and form.is_valid():
        try:
            updates = progress_record_quarter(
                plan=plan,
                year=quarter.period.year,
                quarter=quarter.period.quarter,
                entries=form.entries(),
                recorded_by=access.signed_in(request),
            )
        except QuarterRefused as refused:
            _show_refusal(form, refused)
        else:
            _saved_message(request, len(updates), area.number, quarter.period.label)
            return redirect("improvement_plans:progress", pk=plan.pk, period_slug=period_slug)
    return render(
        request,
        "improvement_plans/progress_area.html",
        {
            "plan": plan,
            "quarter": quarter,
            "area": area,
            "form": form,
            "rows": form.rows(),
            "errors": form.error_list() if form.errors else [],
        },
        status=400 if form.errors else 200,
    )


def _saved_message(request: HttpRequest, count: int, area_number: int, label: str) -> None:
    if count:
        plural = "s" if count != 1 else ""
        messages.success(
            request, f"Progress saved for {count} action{plural} of area {area_number} in {label}."
        )
    else:
        messages.info(request, f"Nothing had changed in area {area_number}, so nothing was saved.")


def _show_refusal(form: QuarterProgressForm, refused: QuarterRefused) -> None:
    """Show a refusal from the service on the refused action's field it is about (its status
    unless it is about the commentary or an actual)."""
    pk = refused.action.pk
    field = refused.field or ""
    if field.startswith("actual_"):
        name = actual_name(pk, int(field.removeprefix("actual_")))
    else:
        name = commentary_name(pk) if field == "commentary" else status_name(pk)
    refused.show_on(form, {field: name})


@require_safe
def action_history(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Every progress update of an action, with who recorded it and when: for whoever may
    read the plan (the public, once it is published)."""
    try:
        plan = access.get_plan_or_404(
            Plan.objects.select_related("council"), request.user, pk=pk, action="view_plan"
        )
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    action = get_object_or_404(Action.objects.in_plan(plan).numbered(), pk=action_pk)
    updates = action_progress_history(action=action, fetched_by=request.user)
    targets = list(action.targets.filter(archived_at__isnull=True).order_by("pk"))
    rows = [
        {
            "update": update,
            "actuals": [
                {
                    "target": actual.target,
                    "figure": figure(actual.actual, actual.target.unit),
                    "met": actual.met,
                }
                for actual in update.actuals.all()
            ],
        }
        for update in reversed(updates)
    ]
    return render(
        request,
        "improvement_plans/progress_history.html",
        {
            "plan": plan,
            "action": action,
            "rows": rows,
            "targets": [(t, target_wording(t)) for t in targets],
            "can_edit": access.may_edit_plan(request.user, plan.council_id),
            "quarter_slug": _current_slug(),
        },
    )


def _current_slug() -> str:
    year, quarter = quarter_of(timezone.localdate())
    return Period(year=year, quarter=quarter).slug


@login_required
@require_safe
def region_summary_page(request: HttpRequest) -> HttpResponse:
    """The Planning Group's summary across councils: every council's plan with its counts by
    status in its latest quarter, targets met and missed, and overdue milestones; a chart and
    the same figures in tables."""
    if access.council_ids_for(request.user, "view_plan") is not None:
        raise PermissionDenied
    summaries = region_summary(fetched_by=request.user, today=timezone.localdate())
    return render(
        request,
        "improvement_plans/summary_region.html",
        {"summaries": summaries, "chart": status_chart(summaries)},
    )
