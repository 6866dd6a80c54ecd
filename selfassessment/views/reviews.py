"""The thematic reviews by year, and the administrator's set-up of a review: its details,
sections, standards with their level descriptors, copying from an earlier year, import and
export (MoU 2.1 a; Wirral report 2.6.1)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from accounts.ratelimit import limit_uploads
from selfassessment import selectors, services
from selfassessment.forms import (
    ReviewCopyForm,
    ReviewCreateForm,
    ReviewEditForm,
    ReviewImportForm,
    SectionForm,
    StandardForm,
)
from selfassessment.models import Standard, ThematicReview
from selfassessment.services import SelfAssessmentRefused
from sli_portal.forms import error_list

REVIEW_FIELDS = {"title": "theme"}
STANDARD_FIELDS = {"title": "standard_title", "levels": "level_1"}


def _manager(request: HttpRequest) -> None:
    if not access.may_act_at_all(request.user, "manage_reviews"):
        raise PermissionDenied


def _review(pk: int) -> ThematicReview:
    return get_object_or_404(ThematicReview, pk=pk)


def _form_page(
    request: HttpRequest,
    template: str,
    form: forms.Form,
    *,
    anchor: str = "form",
    **context: object,
) -> HttpResponse:
    errors = error_list(form, anchor=anchor)
    return render(
        request,
        template,
        {"form": form, "errors": errors, **context},
        status=400 if errors else 200,
    )


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every signed-in user: the reviews by year. A council's users also see their council's
    self-assessment of each current review (opened, report not yet published)."""
    today = timezone.localdate()
    reviews = selectors.review_list()
    current = [r for r in reviews if r.has_opened(today) and not r.report_is_published]
    own: list[tuple[ThematicReview, list[selectors.SelfAssessmentRow]]] = []
    if access.councils_of(request.user) and not access.can_list_self_assessments(request.user):
        own = [
            (review, selectors.self_assessment_list(review=review, fetched_by=request.user))
            for review in current
        ]
    return render(
        request,
        "selfassessment/index.html",
        {
            "reviews": reviews,
            "own": own,
            "today": today,
            "may_list": access.can_list_self_assessments(request.user),
            "may_manage": access.can_manage_reviews(request.user),
        },
    )


@login_required
@require_safe
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A review's sections and standards with their level descriptors, key elements and
    evidence prompts: not confidential, so every signed-in user may read them."""
    review_obj = _review(pk)
    may_manage = access.can_manage_reviews(request.user)
    own_councils = []
    if not access.can_list_self_assessments(request.user):
        own_councils = list(
            access.scope_to_councils(
                selectors.councils_for_review(review_obj),
                request.user,
                action="view_self_assessment",
                council_field="pk",
            )
        )
    framework = selectors.framework_get(review_obj)
    return render(
        request,
        "selfassessment/review.html",
        {
            "review": review_obj,
            "framework": framework,
            "sections": [
                (
                    section,
                    [(s, framework.levels.get(s.pk, [])) for s in framework.standards_of(section)],
                )
                for section in framework.sections
            ],
            "may_manage": may_manage,
            "locked": may_manage and review_obj.self_assessments.exists(),
            "may_list": access.can_list_self_assessments(request.user),
            "own_councils": own_councils,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = ReviewCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.review_create(
                year=data["year"],
                title=data["theme"],
                description=data["description"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                max_level=data["max_level"],
                created_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form, REVIEW_FIELDS)
        else:
            messages.success(request, f"{created} is created. Add its sections and standards.")
            return redirect("selfassessment:review", pk=created.pk)
    return _form_page(request, "selfassessment/review_create.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    review_obj = _review(pk)
    form = ReviewEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "theme": review_obj.title,
            "description": review_obj.description,
            "opens_on": review_obj.opens_on,
            "closes_on": review_obj.closes_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_update(
                review=review_obj,
                title=data["theme"],
                description=data["description"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                updated_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form, REVIEW_FIELDS)
        else:
            messages.success(request, "The review's details are saved.")
            return redirect("selfassessment:review", pk=review_obj.pk)
    return _form_page(request, "selfassessment/review_edit.html", form, review=review_obj)


@login_required
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    review_obj = _review(pk)
    form = SectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(
                review=review_obj,
                title=form.cleaned_data["section_title"],
                added_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form, {"title": "section_title"})
        else:
            messages.success(request, f"The section '{section.title}' is added.")
            return redirect("selfassessment:review", pk=review_obj.pk)
    return _form_page(request, "selfassessment/section_add.html", form, review=review_obj)


@login_required
@require_http_methods(["GET", "POST"])
def standard_add(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    review_obj = _review(pk)
    sections = list(review_obj.sections.order_by("order"))
    form = StandardForm(
        request.POST if request.method == "POST" else None,
        review=review_obj,
        sections=sections,
        initial={"section": sections[-1].pk} if sections else {},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            standard = services.standard_add(
                section=data["section"],
                code=data["code"],
                title=data["standard_title"],
                is_key_element=data["is_key_element"],
                evidence_prompts=data["evidence_prompts"],
                descriptors=form.descriptors(),
                added_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form, STANDARD_FIELDS)
        else:
            messages.success(request, f"Standard {standard.code} is added.")
            return redirect("selfassessment:review", pk=review_obj.pk)
    return _form_page(
        request,
        "selfassessment/standard_form.html",
        form,
        review=review_obj,
        heading="Add a standard",
        has_sections=bool(sections),
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, pk: int, standard_pk: int) -> HttpResponse:
    _manager(request)
    review_obj = _review(pk)
    standard = get_object_or_404(
        Standard.objects.select_related("section"), pk=standard_pk, review=review_obj
    )
    descriptors = {d.level: d.descriptor for d in standard.levels.all()}
    form = StandardForm(
        request.POST if request.method == "POST" else None,
        review=review_obj,
        initial=StandardForm.initial_for(standard, descriptors),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.standard_update(
                standard=standard,
                code=data["code"],
                title=data["standard_title"],
                is_key_element=data["is_key_element"],
                evidence_prompts=data["evidence_prompts"],
                descriptors=form.descriptors(),
                updated_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form, STANDARD_FIELDS)
        else:
            messages.success(request, f"Standard {data['code']} is saved.")
            return redirect("selfassessment:review", pk=review_obj.pk)
    return _form_page(
        request,
        "selfassessment/standard_form.html",
        form,
        review=review_obj,
        standard=standard,
        heading=f"Change standard {standard.code}",
        has_sections=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_copy(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    source = _review(pk)
    form = ReviewCopyForm(
        request.POST if request.method == "POST" else None, initial={"year": source.year + 1}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copied = services.review_copy(
                source=source,
                year=data["year"],
                title=data["theme"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                copied_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form, REVIEW_FIELDS)
        else:
            messages.success(request, f"{copied} is created as a copy of {source}.")
            return redirect("selfassessment:review", pk=copied.pk)
    return _form_page(request, "selfassessment/review_copy.html", form, review=source)


@login_required
@limit_uploads
@require_http_methods(["GET", "POST"])
def review_import(request: HttpRequest) -> HttpResponse:
    """Import a review from a CSV or XLSX file: all or nothing; every problem shown as a row of
    a table (row, column, value, message); the same file imported again is recognised."""
    _manager(request)
    form = ReviewImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    problems: list[object] = []
    duplicate_of = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            outcome = services.review_import(
                content=upload.read(),
                name=upload.name or "",
                year=data["year"],
                title=data["theme"],
                description=data["description"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                imported_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form, REVIEW_FIELDS)
        else:
            if outcome.duplicate_of is not None:
                duplicate_of = outcome.duplicate_of
            elif outcome.problems:
                problems = list(outcome.problems)
            elif outcome.review is not None:
                messages.success(request, f"{outcome.review} is imported from {upload.name}.")
                return redirect("selfassessment:review", pk=outcome.review.pk)
    errors = error_list(form, anchor="form")
    if problems:
        errors.append(
            {
                "message": f"The file has {len(problems)} problem{'s' if len(problems) != 1 else ''}. "
                "Nothing from it was saved. See every problem, by row and column",
                "href": "#problems",
            }
        )
    if duplicate_of is not None:
        errors.append(
            {
                "message": f"This file has already been imported for {duplicate_of.year_label}: "
                f"it made {duplicate_of}. Nothing new was saved",
                "href": "#duplicate",
            }
        )
    return render(
        request,
        "selfassessment/review_import.html",
        {"form": form, "errors": errors, "problems": problems, "duplicate_of": duplicate_of},
        status=400 if errors else 200,
    )


@login_required
@require_safe
def review_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    _manager(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    download = services.review_export(review=_review(pk), fmt=fmt)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
