"""The Planning Group's review queue, a council's risk profile, meetings with decisions and
minutes, the annual risk assessment (MoU 2.1 b) with the council's view of it, and the council's
private self-check against Table 2 (MoU 2.1 h).

Thin views: access (accounts.access only), then form, then service, then redirect. Every page
that shows a confidential record writes the access log.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from authorities.models import Council
from sli_portal.financial_years import financial_year_of, year_label
from sli_portal.forms import error_list
from sli_portal.pdf import render_pdf
from sli_portal.spreadsheets import XLSX_TYPE, write_xlsx
from triggers.forms.review import (
    AgendaAddForm,
    AssessmentConcernsForm,
    ConclusionForm,
    CouncilResponseForm,
    DecisionForm,
    DiscussionForm,
    MeetingForm,
    SelfCheckForm,
)
from triggers.models import Meeting, RiskAssessment, SelfCheck
from triggers.selectors import review as selectors
from triggers.selectors.assessments import (
    assessable_concerns,
    assessment_history,
    risk_assessment_get,
    shared_assessment_get,
    shared_concerns,
)
from triggers.selectors.meetings import (
    councils_for_agenda,
    meeting_items,
    meeting_list,
    meeting_record_get,
)
from triggers.selectors.self_check import self_check_page, shared_self_checks
from triggers.services import review as services
from triggers.services.review import DecisionEntry, ReviewRefused

FIRST_YEAR = 2013  # The MoU commenced in April 2013 (MoU 3.1).
START_FIRST = "Start the assessment by saving the concerns it considers"


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= financial_year_of(timezone.localdate()):
        raise Http404


def _reviewer(request: HttpRequest) -> None:
    if not access.may_act_at_all(request.user, "review_councils"):
        raise PermissionDenied


def _queue_rows(request: HttpRequest) -> list[selectors.QueueRow]:
    return selectors.review_queue(fetched_by=request.user, filters=selectors.QueueFilters()).rows


# The review queue and the risk profile --------------------------------------------------------


@login_required
@require_safe
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="review_councils", slug=slug)
    page = selectors.risk_profile_get(council=council, fetched_by=request.user)
    access.log_view(request.user, council, council=council, action="viewed profile")
    return render(
        request,
        "triggers/profile.html",
        {
            "page": page,
            "may_assess": access.may_act_for(request.user, "assess_risk", council),
            "this_year": financial_year_of(timezone.localdate()),
        },
    )


# Meetings -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request: HttpRequest) -> HttpResponse:
    if not access.can_hold_meetings(request.user):
        raise PermissionDenied
    rows = _queue_rows(request)
    queue = {r.council.pk: r for r in rows}
    councils = _in_queue_order(list(councils_for_agenda(meeting=None)), rows)
    top = [c.pk for c in councils if queue.get(c.pk) and queue[c.pk].total][:5]
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        initial={"councils": top},
        councils=councils,
        queue=queue,
    )
    if request.method == "POST" and form.is_valid():
        chosen = {c.pk: c for c in councils}
        meeting = services.meeting_create(
            held_on=form.cleaned_data["held_on"],
            title=form.cleaned_data["meeting_title"],
            councils=[chosen[pk] for pk in form.cleaned_data["councils"]],
            created_by=access.signed_in(request),
        )
        messages.success(request, f"{meeting} is planned.")
        return redirect("triggers:meeting", pk=meeting.pk)
    return render(
        request,
        "triggers/meetings.html",
        {
            "meetings": meeting_list(fetched_by=request.user),
            "form": form,
            "errors": error_list(form, anchor="plan"),
        },
        status=400 if form.errors else 200,
    )


def _in_queue_order(councils: list[Council], rows: list[selectors.QueueRow]) -> list[Council]:
    place = {r.council.pk: i for i, r in enumerate(rows)}
    return sorted(councils, key=lambda c: (place.get(c.pk, len(place)), c.name))


def _meeting_for(request: HttpRequest, pk: int) -> Meeting:
    if not access.can_hold_meetings(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Meeting.objects.select_related("created_by", "chair", "minutes_approved_by"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_obj = _meeting_for(request, pk)
    items = meeting_items(meeting=meeting_obj)
    rows = _queue_rows(request)
    queue = {r.council.pk: r for r in rows}
    addable = _in_queue_order(list(councils_for_agenda(meeting=meeting_obj)), rows)
    step = request.POST.get("step") if request.method == "POST" else None
    if step not in (None, "decisions", "add"):
        return HttpResponse("Unknown form", status=400)
    if step == "decisions" and not access.can_record_decisions(request.user):
        raise PermissionDenied("Only the SLI Planning Group records its meeting's decisions")
    decisions = [
        (
            item,
            DecisionForm(
                request.POST if step == "decisions" else None,
                prefix=f"item-{item.pk}",
                council=item.council,
                initial={"decision": item.decision, "reasons": item.reasons},
            ),
        )
        for item in items
    ]
    add_form = AgendaAddForm(request.POST if step == "add" else None, councils=addable, queue=queue)
    errors = error_list(add_form, anchor="add")
    if step == "decisions":
        if all(form.is_valid() for _item, form in decisions):
            try:
                changed = services.agenda_decisions_record(
                    meeting=meeting_obj,
                    decisions=[
                        DecisionEntry(item, f.cleaned_data["decision"], f.cleaned_data["reasons"])
                        for item, f in decisions
                    ],
                    decided_by=access.signed_in(request),
                )
            except ReviewRefused as refused:
                errors.append({"message": refused.message, "href": "#decisions"})
            else:
                messages.success(request, f"Decisions saved ({changed} changed).")
                return redirect("triggers:meeting", pk=meeting_obj.pk)
        errors += _decision_errors(decisions)
    elif step == "add" and add_form.is_valid():
        refusal = _agenda_add(request, meeting_obj, add_form, addable)
        if refusal is None:
            return redirect("triggers:meeting", pk=meeting_obj.pk)
        errors.append({"message": refusal, "href": "#add"})
    access.log_view(request.user, meeting_obj, council=None)
    return render(
        request,
        "triggers/meeting.html",
        {
            "meeting": meeting_obj,
            "decisions": decisions,
            "add_form": add_form,
            "errors": errors,
            "record": meeting_record_get(meeting=meeting_obj),
        },
        status=400 if errors else 200,
    )


def _agenda_add(
    request: HttpRequest, meeting_obj: Meeting, form: AgendaAddForm, addable: list[Council]
) -> str | None:
    """Add the chosen councils to the agenda; the refusal's message if the meeting is locked."""
    chosen = {c.pk: c for c in addable}
    try:
        added = services.agenda_items_add(
            meeting=meeting_obj,
            councils=[chosen[pk] for pk in form.cleaned_data["councils"]],
            added_by=access.signed_in(request),
        )
    except ReviewRefused as refused:
        return refused.message
    messages.success(request, f"{len(added)} added to the agenda.")
    return None


def _decision_errors(decisions: list[tuple[Any, DecisionForm]]) -> list[dict[str, str]]:
    return [e for _item, form in decisions for e in error_list(form, anchor="decisions")]


def _minutes_title(meeting_obj: Meeting) -> str:
    return f"Minutes: {meeting_obj.title}, {meeting_obj.held_on:%-d %B %Y}"


@login_required
@require_safe
def meeting_minutes(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting_obj = _meeting_for(request, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    items = meeting_items(meeting=meeting_obj)
    title = _minutes_title(meeting_obj)
    if fmt == "pdf":
        content = render_pdf(
            "pdf/minutes.html",
            {
                "meeting": meeting_obj,
                "items": items,
                "record": meeting_record_get(meeting=meeting_obj),
            },
            title=title,
        )
        content_type = "application/pdf"
    else:
        content = write_xlsx(
            ["Council", "Sub-region", "Decision", "Reasons", "Recorded by"],
            [
                [
                    item.council.name,
                    item.council.sub_region.name,
                    item.get_decision_display() or "No decision recorded",
                    item.reasons,
                    str(item.decided_by) if item.decided_by else "",
                ]
                for item in items
            ],
            title=f"Minutes {meeting_obj.held_on:%Y-%m-%d}",
        )
        content_type = XLSX_TYPE
    access.log_view(request.user, meeting_obj, council=None, action="downloaded")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="minutes-{meeting_obj.held_on:%Y-%m-%d}.{fmt}"'
    )
    return response


# The annual risk assessment (MoU 2.1 b) -------------------------------------------------------


def _assessment_url(council: Council, year: int, anchor: str = "") -> str:
    url = reverse("triggers:assessment", kwargs={"slug": council.slug, "year": year})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="review_councils", slug=slug)
    _check_year(year)
    may_assess = access.may_act_for(request.user, "assess_risk", council)
    if request.method == "POST" and not may_assess:
        raise PermissionDenied
    record = risk_assessment_get(council=council, year=year)
    step = request.POST.get("step") if request.method == "POST" else None
    if step not in (None, "concerns", "discussion", "conclusion"):
        return HttpResponse("Unknown form", status=400)
    page_forms = _assessment_forms(request, council, record, step)
    form = page_forms.get(step or "")
    if form is not None and form.is_valid():
        try:
            _assessment_save(request, council, year, record, step or "", form)
        except ReviewRefused as refused:
            refused.show_on(form)
        else:
            return redirect(_assessment_url(council, year, anchor=step or ""))
    if record is not None:
        access.log_view(request.user, record, council=council)
    return render(
        request,
        "triggers/assessment.html",
        {
            "council": council,
            "year": year,
            "year_label": year_label(year),
            "record": record,
            "may_assess": may_assess and not (record and record.shared_with_council_at),
            "forms": page_forms,
            "errors": error_list(form, anchor=step or ""),
            "history": assessment_history(assessment=record) if record else [],
            "shared_concerns": shared_concerns(record.concerns.all()) if record else [],
        },
        status=400 if form is not None and form.errors else 200,
    )


def _assessment_forms(
    request: HttpRequest, council: Council, record: RiskAssessment | None, step: str | None
) -> dict[str, Any]:
    def data(name: str) -> Any:
        return request.POST if step == name else None

    return {
        "concerns": AssessmentConcernsForm(
            data("concerns"),
            concerns=assessable_concerns(council=council, assessment=record),
            initial={"concerns": [c.pk for c in record.concerns.all()] if record else []},
        ),
        "discussion": DiscussionForm(
            data("discussion"),
            initial={
                "discussed_on": record.discussed_on,
                "participants": record.discussion_participants,
                "record": record.discussion_record,
                "council_position": record.council_position,
            }
            if record
            else {},
        ),
        "conclusion": ConclusionForm(
            data("conclusion"),
            discussed=bool(record and record.discussed_on),
            initial={
                "final_view": record.final_view,
                "rationale": record.rationale,
                "recommended_tier": record.recommended_tier,
                "recommendation": record.recommendation,
            }
            if record
            else {},
        ),
    }


def _assessment_save(
    request: HttpRequest,
    council: Council,
    year: int,
    record: RiskAssessment | None,
    step: str,
    form: Any,
) -> None:
    user = access.signed_in(request)
    if step == "concerns":
        services.risk_assessment_record(
            council=council, year=year, concerns=form.chosen(), recorded_by=user
        )
        messages.success(request, "The concerns considered are saved.")
    elif record is None:
        raise ReviewRefused(START_FIRST)
    elif step == "discussion":
        services.risk_assessment_discussion_record(
            assessment=record,
            discussed_on=form.cleaned_data["discussed_on"],
            participants=form.cleaned_data["participants"],
            record=form.cleaned_data["record"],
            council_position=form.cleaned_data["council_position"],
            recorded_by=user,
        )
        messages.success(request, "The discussion with the council is recorded.")
    else:
        services.risk_assessment_conclude(
            assessment=record,
            final_view=form.cleaned_data["final_view"],
            rationale=form.cleaned_data["rationale"],
            recommended_tier=form.cleaned_data["recommended_tier"],
            recommendation=form.cleaned_data["recommendation"],
            concluded_by=user,
        )
        messages.success(request, "The final view is recorded.")


@login_required
@require_POST
def assessment_share(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="assess_risk", slug=slug)
    _check_year(year)
    record = get_object_or_404(RiskAssessment, council=council, year=year)
    try:
        services.risk_assessment_share(assessment=record, shared_by=access.signed_in(request))
    except ReviewRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"The risk assessment is shared with {council.name}.")
    return redirect(_assessment_url(council, year, anchor="share"))


@login_required
@require_http_methods(["GET", "POST"])
def council_assessment(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="view_shared_concerns", slug=slug)
    _check_year(year)
    record = shared_assessment_get(council=council, year=year)
    if record is None:
        raise Http404
    may_respond = access.may_act_for(request.user, "respond_to_concern", council)
    if request.method == "POST" and not may_respond:
        raise PermissionDenied
    form = CouncilResponseForm(
        request.POST if request.method == "POST" else None,
        initial={"response": record.council_response},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_assessment_respond(
                assessment=record,
                response=form.cleaned_data["response"],
                responded_by=access.signed_in(request),
            )
        except ReviewRefused as refused:
            form.add_error("response", refused.message)
        else:
            messages.success(request, "Your response is sent to the Planning Group.")
            return redirect("triggers:council_assessment", slug=council.slug, year=year)
    access.log_view(request.user, record, council=council)
    return render(
        request,
        "triggers/assessment_council.html",
        {
            "council": council,
            "year_label": year_label(year),
            "record": record,
            "form": form,
            "errors": error_list(form, anchor="response"),
            "may_respond": may_respond,
        },
        status=400 if form.errors else 200,
    )


# The council's self-check (MoU 2.1 h) -----------------------------------------------------------


def _self_check_council(request: HttpRequest, slug: str, year: int) -> tuple[Council, bool]:
    """The council and whether the user may fill in its self-check. The council's own
    performance lead and director fill it in; the Planning Group reads it only once shared
    (404 before); another council's users get 404 and other roles 403."""
    own = access.may_act_at_all(request.user, "self_check")
    reviewer = access.may_act_at_all(request.user, "review_councils")
    if not own and not reviewer:
        raise PermissionDenied
    council = get_object_or_404(Council.objects.select_related("sub_region"), slug=slug)
    _check_year(year)
    if access.may_act_for(request.user, "self_check", council):
        return council, True
    if (
        reviewer
        and SelfCheck.objects.filter(council=council, year=year, shared_at__isnull=False).exists()
    ):
        return council, False
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council, may_edit = _self_check_council(request, slug, year)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    page = self_check_page(council=council, year=year)
    form = SelfCheckForm(request.POST if request.method == "POST" else None, page=page)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_check_save(
                council=council,
                year=year,
                answers=form.answers(),
                saved_by=access.signed_in(request),
            )
        except ReviewRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, "Your self-check is saved.")
            return redirect("triggers:self_check", slug=council.slug, year=year)
    if page.self_check is not None:
        access.log_view(request.user, page.self_check, council=council)
    return render(
        request,
        "triggers/self_check.html",
        {
            "page": page,
            "form": form,
            "errors": error_list(form, anchor="self-check"),
            "may_edit": may_edit,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def self_check_share(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="self_check", slug=slug)
    _check_year(year)
    check = get_object_or_404(SelfCheck, council=council, year=year)
    try:
        services.self_check_share(self_check=check, shared_by=access.signed_in(request))
    except ReviewRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Your self-check is shared with the SLI Planning Group.")
    return redirect("triggers:self_check", slug=council.slug, year=year)


@login_required
@require_safe
def self_checks(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    return render(
        request,
        "triggers/self_checks.html",
        {"self_checks": shared_self_checks(fetched_by=request.user)},
    )
