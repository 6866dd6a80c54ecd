"""Support engagements (MoU Table 1 and 2.1 f, i): the list, a council's request for self
help, the Planning Group's recommendation, the engagement's page and its steps, the matching
tool, and each side's days and feedback.

Thin views: access (accounts.access only), then form, then service, then redirect. What lies
behind a recommendation (the linked concern or risk assessment and the reasons) reaches a page
only through ``selectors.engagement_get``, which clears what the user may not see; a page
showing a linked record records who saw it (``access.log_view``).
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from authorities.models import Council
from support import matching, selectors, services
from support.forms import (
    DatesForm,
    DaysForm,
    DeclineForm,
    EngagementFilterForm,
    EngagementRecommendForm,
    EngagementRequestForm,
    FeedbackForm,
    MatchForm,
    role_for_offer,
)
from support.models import Engagement, EngagementProvider, EngagementStatus
from support.selectors import EngagementView
from support.services import ALLOWED, SupportRefused
from support.services.engagements import UNDER_WAY
from triggers.models import Concern, RiskAssessment

S = EngagementStatus
PAGE_SIZE = 50
STEP_DONE = {"agree": "agreed", "start": "started", "complete": "completed"}
DAY_FIELDS = (
    "officer_days_planned",
    "member_days_planned",
    "officer_days_actual",
    "member_days_actual",
)


def _view(request: HttpRequest, pk: int) -> EngagementView:
    return selectors.engagement_get(fetched_by=request.user, pk=pk)


def _days_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


# The list, requests and recommendations --------------------------------------------------------


@login_required
@require_safe
def engagement_list(request: HttpRequest) -> HttpResponse:
    if not access.may_act_at_all(request.user, "view_engagement"):
        raise PermissionDenied
    form = EngagementFilterForm(request.GET or None, today=timezone.localdate())
    filters = form.filters() if request.GET else {}
    views = selectors.engagement_list(fetched_by=request.user, **filters)
    page = Paginator(views, PAGE_SIZE).get_page(request.GET.get("page"))
    reviewer = access.council_ids_for(request.user, "view_engagement") is None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "support/engagement_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "reviewer": reviewer,
            "show_side": not reviewer,
            "can_broker": access.can_broker_support(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_request(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="request_support", slug=slug)
    form = EngagementRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement = services.engagement_request(
                council=council,
                offer=data["offer"],
                topic=data["topic"],
                description=data["description"],
                measure=data["measure"],
                domain=data["domain"],
                requested_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(
                request,
                "Request sent. The SLI Planning Group will look for councils to provide the "
                "support.",
            )
            return redirect("support:engagement", pk=engagement.pk)
    return render(
        request,
        "support/engagement_request.html",
        {"council": council, "form": form},
        status=400 if form.errors else 200,
    )


def _preselected(request: HttpRequest) -> tuple[Council | None, dict[str, Any]]:
    """The council, concern or risk assessment a link from the triggers pages chose."""
    initial: dict[str, Any] = {}
    council = None
    concern_pk, assessment_pk = (
        _int(request.GET.get("concern")),
        _int(request.GET.get("assessment")),
    )
    concern = Concern.objects.filter(pk=concern_pk).first() if concern_pk else None
    assessment = RiskAssessment.objects.filter(pk=assessment_pk).first() if assessment_pk else None
    if concern is not None:
        council, initial["concern"] = concern.council, concern.pk
    if assessment is not None and (council is None or assessment.council_id == council.pk):
        council, initial["risk_assessment"] = assessment.council, assessment.pk
    if council is None and request.GET.get("council"):
        council = Council.objects.filter(slug=request.GET["council"]).first()
    if council is not None:
        initial["council"] = council.pk
    return council, initial


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def engagement_recommend(request: HttpRequest) -> HttpResponse:
    if not access.can_broker_support(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    if request.method == "POST":
        council = Council.objects.filter(pk=_int(request.POST.get("council")) or 0).first()
        form = EngagementRecommendForm(request.POST, today=today, council=council)
    else:
        council, initial = _preselected(request)
        form = EngagementRecommendForm(initial=initial, today=today, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement = services.engagement_recommend(
                council=data["council"],
                offer=data["offer"],
                origin=data["origin"],
                topic=data["topic"],
                reasons=data["reasons"],
                description=data["description"],
                tier=data["tier"],
                measure=data["measure"],
                domain=data["domain"],
                concern=data["concern"],
                risk_assessment=data["risk_assessment"],
                recommended_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, f"Recommendation recorded for {engagement.council.name}.")
            return redirect("support:engagement", pk=engagement.pk)
    return render(
        request,
        "support/engagement_recommend.html",
        {"form": form, "council": council},
        status=400 if form.errors else 200,
    )


# The engagement's page and its steps -----------------------------------------------------------


def _page(request: HttpRequest, view: EngagementView, **forms: Form) -> HttpResponse:
    user = request.user
    engagement = view.engagement
    if view.concern_visible and engagement.concern is not None:
        access.log_view(user, engagement.concern, council=engagement.council)
    if view.risk_assessment_visible and engagement.risk_assessment is not None:
        access.log_view(user, engagement.risk_assessment, council=engagement.council)
    allowed = ALLOWED[engagement.status]
    manage = access.may_manage_engagement(user, council_id=engagement.council_id)
    context: dict[str, Any] = {
        "view": view,
        "engagement": engagement,
        "rows": [
            {
                "provider": provider,
                "can_days": access.may_record_days(user, council_id=provider.council_id),
                "can_feedback": access.may_record_engagement(user, council_id=provider.council_id),
            }
            for provider in view.providers
        ],
        "receiver_days": access.may_record_days(user, council_id=engagement.council_id),
        "receiver_feedback": access.may_record_engagement(user, council_id=engagement.council_id),
        "under_way": engagement.status in UNDER_WAY,
        "can_match": access.can_broker_support(user) and S.MATCHED in allowed,
        "can_agree": manage and S.AGREED in allowed and bool(view.providers),
        "can_start": manage and S.IN_PROGRESS in allowed,
        "can_complete": manage and S.COMPLETED in allowed,
        "can_decline": manage and S.DECLINED in allowed,
        "can_set_dates": manage and engagement.status not in (S.COMPLETED, S.DECLINED),
        "decline_form": DeclineForm(),
        "dates_form": DatesForm(
            initial={"starts_on": engagement.starts_on, "ends_on": engagement.ends_on}
        ),
    }
    context.update(forms)
    failed = [form for form in forms.values() if form.errors]
    context["failed_form"] = failed[0] if failed else None
    return render(request, "support/engagement.html", context, status=400 if failed else 200)


@login_required
@require_safe
def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _view(request, pk))


def _managed(request: HttpRequest, pk: int) -> EngagementView:
    view = _view(request, pk)
    if not access.may_manage_engagement(request.user, council_id=view.engagement.council_id):
        raise PermissionDenied
    return view


def _step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    view = _managed(request, pk)
    by = access.signed_in(request)
    engagement = view.engagement
    try:
        if step == "agree":
            services.engagement_agree(engagement=engagement, agreed_by=by)
        elif step == "start":
            services.engagement_start(engagement=engagement, started_by=by)
        else:
            services.engagement_complete(engagement=engagement, completed_by=by)
    except SupportRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Engagement {STEP_DONE[step]}.")
    return redirect("support:engagement", pk=pk)


@login_required
@require_POST
def engagement_agree(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "agree")


@login_required
@require_POST
def engagement_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "start")


@login_required
@require_POST
def engagement_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "complete")


@login_required
@require_POST
def engagement_decline(request: HttpRequest, pk: int) -> HttpResponse:
    view = _managed(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.engagement_decline(
                engagement=view.engagement,
                reason=form.cleaned_data["reason"],
                declined_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, "Engagement declined.")
            return redirect("support:engagement", pk=pk)
    return _page(request, view, decline_form=form)


@login_required
@require_POST
def engagement_dates(request: HttpRequest, pk: int) -> HttpResponse:
    view = _managed(request, pk)
    form = DatesForm(request.POST)
    if form.is_valid():
        try:
            services.engagement_dates_set(
                engagement=view.engagement,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                set_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, "Dates saved.")
            return redirect("support:engagement", pk=pk)
    return _page(request, view, dates_form=form)


# Each side's days and feedback -----------------------------------------------------------------


def _side(
    request: HttpRequest, pk: int, provider_pk: int | None
) -> tuple[EngagementView, EngagementProvider | None, Council]:
    view = _view(request, pk)
    if provider_pk is None:
        return view, None, view.engagement.council
    provider = next((p for p in view.providers if p.pk == provider_pk), None)
    if provider is None:
        raise Http404
    return view, provider, provider.council


def _days(request: HttpRequest, pk: int, provider_pk: int | None) -> HttpResponse:
    view, provider, council = _side(request, pk, provider_pk)
    if not access.may_record_days(request.user, council_id=council.pk):
        raise PermissionDenied
    engagement = view.engagement
    row: Engagement | EngagementProvider = provider or engagement
    open_ = engagement.status != S.DECLINED
    form = None
    if open_:
        initial = {name: _days_text(getattr(row, name)) for name in DAY_FIELDS}
        form = DaysForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            planned=engagement.status not in (S.COMPLETED, S.DECLINED),
            actual=engagement.status in UNDER_WAY,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.engagement_days_record(
                    engagement=engagement,
                    provider=provider,
                    recorded_by=access.signed_in(request),
                    **{name: form.cleaned_data[name] for name in form.fields},
                )
            except SupportRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, f"Days saved for {council.name}.")
                return redirect("support:engagement", pk=pk)
    return render(
        request,
        "support/engagement_days.html",
        {"view": view, "engagement": engagement, "council": council, "form": form,
         "provider": provider},
        status=400 if form is not None and form.errors else 200,
    )  # fmt: skip


def _feedback(request: HttpRequest, pk: int, provider_pk: int | None) -> HttpResponse:
    view, provider, council = _side(request, pk, provider_pk)
    if not access.may_record_engagement(request.user, council_id=council.pk):
        raise PermissionDenied
    engagement = view.engagement
    row: Engagement | EngagementProvider = provider or engagement
    form = None
    if engagement.status in UNDER_WAY:
        initial = {"feedback": row.feedback, "outcome": engagement.outcome}
        form = FeedbackForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            receiver=provider is None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.engagement_feedback_record(
                    engagement=engagement,
                    provider=provider,
                    feedback=form.cleaned_data["feedback"],
                    outcome=form.cleaned_data["outcome"] if provider is None else None,
                    recorded_by=access.signed_in(request),
                )
            except SupportRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, f"Feedback saved for {council.name}.")
                return redirect("support:engagement", pk=pk)
    return render(
        request,
        "support/engagement_feedback.html",
        {"view": view, "engagement": engagement, "council": council, "form": form,
         "provider": provider},
        status=400 if form is not None and form.errors else 200,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def engagement_days(request: HttpRequest, pk: int) -> HttpResponse:
    return _days(request, pk, None)


@login_required
@require_http_methods(["GET", "POST"])
def engagement_provider_days(request: HttpRequest, pk: int, provider_pk: int) -> HttpResponse:
    return _days(request, pk, provider_pk)


@login_required
@require_http_methods(["GET", "POST"])
def engagement_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _feedback(request, pk, None)


@login_required
@require_http_methods(["GET", "POST"])
def engagement_provider_feedback(request: HttpRequest, pk: int, provider_pk: int) -> HttpResponse:
    return _feedback(request, pk, provider_pk)


# The matching tool -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def engagement_match(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_broker_support(request.user):
        raise PermissionDenied
    view = _view(request, pk)
    engagement = view.engagement
    today = timezone.localdate()
    candidates = matching.engagement_candidates(engagement=engagement, today=today)
    open_ = S.MATCHED in ALLOWED[engagement.status]
    form = None
    if open_:
        ranked = {c.council.pk for c in candidates} | {p.council_id for p in view.providers}
        others = [
            c
            for c in Council.objects.active_on(today).order_by("name")
            if c.pk not in ranked and c.pk != engagement.council_id
        ]
        form = MatchForm(
            request.POST if request.method == "POST" else None,
            candidates=candidates,
            others=others,
            default_role=role_for_offer(engagement.offer.key),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.engagement_match(
                    engagement=engagement,
                    providers=form.cleaned_data["providers"],
                    matched_by=access.signed_in(request),
                )
            except SupportRefused as refused:
                refused.show_on(form)
            else:
                names = ", ".join(spec.council.name for spec in form.cleaned_data["providers"])
                messages.success(request, f"Matched: {names}.")
                return redirect("support:engagement", pk=pk)
    return render(
        request,
        "support/engagement_match.html",
        {
            "view": view,
            "engagement": engagement,
            "candidates": candidates,
            "form": form,
            "own_figures": matching.request_figures(
                council=engagement.council, measure=engagement.measure, domain=engagement.domain
            ),
        },
        status=400 if form is not None and form.errors else 200,
    )
