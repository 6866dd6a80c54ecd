"""The Planning Group's review queue (filters and bulk actions) and the automatic triggers'
thresholds, stated for every regional user and changed by the regional administrator.

Thin views: access (accounts.access only), then form, then service, then redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from authorities.models import Council
from sli_portal.forms import error_list
from triggers.automatic.published import DELAYS_RISE
from triggers.forms.queue import QueueActionForm, QueueFilterForm, ThresholdsForm
from triggers.models import Meeting, Thresholds
from triggers.selectors import queue as selectors
from triggers.services.queue import (
    QueueRefused,
    queue_close,
    review_priority_set,
    thresholds_change,
    thresholds_preview,
)
from triggers.services.review import agenda_items_add


def _reviewer(request: HttpRequest) -> None:
    if not access.can_work_review_queue(request.user):
        raise PermissionDenied


def _upcoming_meetings() -> list[Meeting]:
    return list(Meeting.objects.filter(held_on__gte=timezone.localdate()).order_by("held_on"))


def _queue_page(
    request: HttpRequest, action_form: QueueActionForm | None = None, status: int = 200
) -> HttpResponse:
    options = selectors.queue_filter_options()
    sub_regions, quadrants, triggers = options
    form = QueueFilterForm(
        request.GET or None, sub_regions=sub_regions, quadrants=quadrants, triggers=triggers
    )
    filters = form.filters() if request.GET else selectors.QueueFilters()
    queue = selectors.review_queue(fetched_by=request.user, filters=filters, options=options)
    meetings = _upcoming_meetings()
    action_form = action_form or QueueActionForm(
        councils=[r.council for r in queue.rows], meetings=meetings
    )
    return render(
        request,
        "triggers/review.html",
        {
            "queue": queue,
            "form": form,
            "filters": filters,
            "action_form": action_form,
            "errors": error_list(action_form, anchor="act"),
            "may_act": access.can_set_priority(request.user),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@login_required
@require_safe
def review(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    return _queue_page(request)


@login_required
@require_POST
def review_act(request: HttpRequest) -> HttpResponse:
    if not access.can_set_priority(request.user):
        raise PermissionDenied
    councils = list(Council.objects.active_on(timezone.localdate()).order_by("name"))
    meetings = _upcoming_meetings()
    form = QueueActionForm(request.POST, councils=councils, meetings=meetings)
    if form.is_valid():
        chosen = [c for c in councils if str(c.pk) in form.cleaned_data["councils"]]
        user = access.signed_in(request)
        data = form.cleaned_data
        try:
            if data["action"] == "priority":
                done = review_priority_set(
                    councils=chosen, priority=data["priority"], reason=data["reason"], set_by=user
                )
                messages.success(request, f"Priority set for {done} council(s).")
            elif data["action"] == "close":
                done = queue_close(councils=chosen, reason=data["reason"], closed_by=user)
                messages.success(request, f"{done} flag(s) and concern(s) closed.")
            else:
                meeting = next(m for m in meetings if m.pk == data["meeting"])
                added = agenda_items_add(meeting=meeting, councils=chosen, added_by=user)
                messages.success(request, f"{len(added)} added to the agenda of {meeting}.")
        except QueueRefused as refused:
            refused.show_on(form)
        else:
            query = request.POST.get("query", "")
            return redirect(reverse("triggers:review") + (f"?{query}" if query else ""))
    return _queue_page(request, action_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request: HttpRequest) -> HttpResponse:
    if not access.can_view_thresholds(request.user):
        raise PermissionDenied
    may_change = access.can_change_thresholds(request.user)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    current = Thresholds.current()
    form = ThresholdsForm(
        request.POST if request.method == "POST" else None,
        initial=ThresholdsForm.initial_from(current),
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        user = access.signed_in(request)
        if request.POST.get("step") == "save":
            thresholds_change(values=form.values(), changed_by=user)
            messages.success(request, "Thresholds saved. The next evaluation uses them.")
            return redirect("triggers:thresholds")
        preview = thresholds_preview(values=form.values(), by=user)
    return render(
        request,
        "triggers/thresholds.html",
        {
            "thresholds": current,
            "delays_rise": round(DELAYS_RISE * 100),
            "form": form,
            "may_change": may_change,
            "preview": preview,
            "previewed": request.method == "POST" and form.is_valid(),
            "history": list(current.history.select_related("history_user")[:20]),
        },
        status=400 if form.errors else 200,
    )
