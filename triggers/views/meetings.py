"""Running a Planning Group meeting once its agenda is set: who attended, actions with owners,
the minutes, the chair's approval that locks the meeting, and corrections after it. One
question a page; each page is the Planning Group's and the regional administrator's only.

Thin views: access (accounts.access only), then form, then service, then redirect.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts import access
from sli_portal.forms import GDSForm
from triggers.forms.meetings import (
    ActionForm,
    ApproveForm,
    AttendeesForm,
    CorrectionForm,
    MinutesForm,
)
from triggers.models import Meeting
from triggers.selectors.meetings import meeting_items, meeting_people
from triggers.services import meetings as services
from triggers.services.review import ReviewRefused


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    """The meeting, for the Planning Group and the administrator only (403 for anyone else)."""
    if not access.can_hold_meetings(request.user):
        raise PermissionDenied
    return get_object_or_404(Meeting.objects.select_related("chair"), pk=pk)


def _step(
    request: HttpRequest,
    meeting: Meeting,
    form: GDSForm,
    save: Callable[[], Any],
    *,
    done: str,
    intro: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ReviewRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, done)
            return redirect("triggers:meeting", pk=meeting.pk)
    return render(
        request,
        "triggers/meeting_step.html",
        {"meeting": meeting, "form": form, "intro": intro},
        status=400 if form.errors else 200,
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def attendees(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = AttendeesForm(
        _data(request),
        people=meeting_people(),
        initial={
            "chair": meeting.chair_id,
            "attendees": list(meeting.attendees.values_list("pk", flat=True)),
            "other_attendees": meeting.other_attendees,
        },
    )

    def save() -> None:
        data = form.cleaned_data
        services.meeting_attendees_set(
            meeting=meeting,
            chair=form.people.get(data["chair"]) if data["chair"] else None,
            attendees=[form.people[p] for p in data["attendees"]],
            other_attendees=data["other_attendees"],
            recorded_by=access.signed_in(request),
        )

    return _step(request, meeting, form, save, done="Attendees saved.")


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    councils = [item.council for item in meeting_items(meeting=meeting)]
    form = ActionForm(_data(request), people=meeting_people(), councils=councils)

    def save() -> None:
        services.meeting_action_add(
            meeting=meeting,
            text=form.cleaned_data["text"],
            owner=form.owner_user(),
            owner_name=form.cleaned_data["owner_name"],
            council=form.council_chosen(),
            due_on=form.due(),
            recorded_by=access.signed_in(request),
        )

    return _step(request, meeting, form, save, done="Action added.")


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = MinutesForm(_data(request), initial={"minutes": meeting.minutes})

    def save() -> None:
        services.meeting_minutes_save(
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
            recorded_by=access.signed_in(request),
        )

    return _step(request, meeting, form, save, done="Minutes saved.")


@login_required
@require_http_methods(["GET", "POST"])
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = ApproveForm(_data(request))

    def save() -> None:
        services.meeting_minutes_approve(meeting=meeting, approved_by=access.signed_in(request))

    intro = (
        "Once you approve the minutes, the meeting's attendees, agenda, decisions, actions and "
        "minutes can no longer be changed. A mistake found later is put right by recording a "
        "correction, which is kept with the meeting."
    )
    return _step(request, meeting, form, save, done="Minutes approved.", intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def correction_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    form = CorrectionForm(_data(request))

    def save() -> None:
        services.meeting_correction_add(
            meeting=meeting, text=form.cleaned_data["text"], recorded_by=access.signed_in(request)
        )

    return _step(request, meeting, form, save, done="Correction recorded.")
