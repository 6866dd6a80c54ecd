"""A council's self-assessment (MoU 2.1 a; DOMAIN.md 6): the page of its sections and standards
with progress and history, a page per standard to answer it with evidence files, submission
(refused with a link to each key standard not yet answered), the director's sign-off and the
administrator's reopening with a reason.

Who sees what is the access module's (``view_self_assessment``): the council's own users and the
Planning Group; another council's users get 404, a board member 403. Changing it is the
council's performance lead and director only; after submission the pages are read-only (and
the services refuse anyway).
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
from accounts.ratelimit import limit_uploads
from authorities.models import Council
from selfassessment import selectors, services
from selfassessment.forms import AnswerForm, EvidenceFileForm, ReopenForm
from selfassessment.models import EvidenceFile, SelfAssessment, Standard, ThematicReview
from selfassessment.services import SelfAssessmentRefused, SubmissionIncomplete
from sli_portal.attachments import content_type_of, stored_file_response
from sli_portal.forms import error_list

VIEW = "view_self_assessment"
EDIT = "edit_self_assessment"


def _review_and_council(
    request: HttpRequest, pk: int, slug: str, action: str = VIEW
) -> tuple[ThematicReview, Council]:
    """The review and the council, if the user may see the council's self-assessment (403 for
    a role that never does, 404 for another council's) and do ``action`` on it (403)."""
    council = access.get_council_or_404(request.user, action=VIEW, slug=slug)
    if action != VIEW and not access.may_act_for(request.user, action, council):
        raise PermissionDenied
    return get_object_or_404(ThematicReview, pk=pk), council


def _self_assessment(review: ThematicReview, council: Council) -> SelfAssessment | None:
    sa = SelfAssessment.objects.filter(review=review, council=council).first()
    if sa is not None:
        sa.review, sa.council = review, council
    return sa


def may_change(
    user: access.AnyUser, review: ThematicReview, council: Council, sa: SelfAssessment | None
) -> bool:
    """Whether the page offers changes: the council's own editor, the review open (or closed
    but its report unpublished) and the self-assessment not submitted."""
    return (
        access.may_act_for(user, EDIT, council)
        and review.has_opened(timezone.localdate())
        and not review.report_is_published
        and (sa is None or sa.is_editable)
    )


def answer_url(review: ThematicReview, council: Council, standard: Standard) -> str:
    return reverse(
        "selfassessment:answer",
        kwargs={"pk": review.pk, "slug": council.slug, "code": standard.code},
    )


def _page(
    request: HttpRequest,
    review: ThematicReview,
    council: Council,
    *,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    page = selectors.self_assessment_get(review=review, council=council, fetched_by=request.user)
    sa = page.self_assessment
    user = request.user
    return render(
        request,
        "selfassessment/self_assessment.html",
        {
            "page": page,
            "sa": sa,
            "errors": errors or [],
            "may_change": may_change(user, review, council, sa),
            "may_sign_off": sa is not None
            and sa.is_submitted
            and not sa.is_signed_off
            and not review.report_is_published
            and access.may_act_for(user, "sign_off_self_assessment", council),
            "may_reopen": sa is not None
            and sa.is_submitted
            and not review.report_is_published
            and access.may_act_for(user, "reopen_self_assessment", council),
            "may_list": access.can_list_self_assessments(user),
        },
        status=400 if errors else 200,
    )


@login_required
@require_safe
def self_assessment(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    review, council = _review_and_council(request, pk, slug)
    return _page(request, review, council)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Submit; while a key standard is unanswered, the page again with an error summary whose
    entries link to each missing standard's page (GOV.UK error summary pattern)."""
    review, council = _review_and_council(request, pk, slug, EDIT)
    user = access.signed_in(request)
    try:
        sa = _self_assessment(review, council) or services.self_assessment_start(
            review=review, council=council, started_by=user
        )
        services.self_assessment_submit(self_assessment=sa, submitted_by=user)
    except SubmissionIncomplete as incomplete:
        errors = [
            {
                "message": f"Answer {s.code} {s.title}: it is a key element",
                "href": answer_url(review, council, s),
            }
            for s in incomplete.missing
        ]
        return _page(request, review, council, errors=errors)
    except SelfAssessmentRefused as refused:
        return _page(
            request, review, council, errors=[{"message": refused.message, "href": "#submit"}]
        )
    messages.success(
        request, f"{council.name}'s self-assessment is submitted. It can no longer be changed."
    )
    return redirect("selfassessment:self_assessment", pk=review.pk, slug=council.slug)


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    review, council = _review_and_council(request, pk, slug, "sign_off_self_assessment")
    sa = _self_assessment(review, council)
    if sa is None:
        raise Http404
    try:
        services.self_assessment_sign_off(
            self_assessment=sa, signed_off_by=access.signed_in(request)
        )
    except SelfAssessmentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"You have signed off {council.name}'s self-assessment.")
    return redirect("selfassessment:self_assessment", pk=review.pk, slug=council.slug)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    review, council = _review_and_council(request, pk, slug, "reopen_self_assessment")
    sa = _self_assessment(review, council)
    if sa is None:
        raise Http404
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_reopen(
                self_assessment=sa,
                reason=form.cleaned_data["reason"],
                reopened_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form)
        else:
            messages.success(
                request, f"{council.name}'s self-assessment is reopened. The council can change it."
            )
            return redirect("selfassessment:self_assessment", pk=review.pk, slug=council.slug)
    errors = error_list(form, anchor="reason")
    return render(
        request,
        "selfassessment/reopen.html",
        {"review": review, "council": council, "sa": sa, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


def _neighbours(review: ThematicReview, standard: Standard) -> tuple[str | None, str | None]:
    """The codes of the standards before and after this one, in the review's order."""
    codes = list(
        Standard.objects.filter(review=review)
        .order_by("section__order", "order")
        .values_list("code", flat=True)
    )
    place = codes.index(standard.code)
    return (
        codes[place - 1] if place > 0 else None,
        codes[place + 1] if place + 1 < len(codes) else None,
    )


@login_required
@limit_uploads
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int, slug: str, code: str) -> HttpResponse:
    """One standard: its level descriptors and the council's answer, saved as a draft at any
    time; files of evidence attached, listed and removed. ``step`` says which form was sent."""
    review, council = _review_and_council(request, pk, slug)
    standard = get_object_or_404(
        Standard.objects.select_related("section"), review=review, code=code
    )
    sa = _self_assessment(review, council)
    if request.method == "POST" and not access.may_act_for(request.user, EDIT, council):
        raise PermissionDenied
    step = request.POST.get("step", "answer") if request.method == "POST" else None
    if step not in (None, "answer", "file"):
        return HttpResponse("Unknown form", status=400)
    view = selectors.standard_view_get(self_assessment=sa, standard=standard)
    levels = [(d.level, d.descriptor) for d in view.levels]
    saved = view.answer
    form = AnswerForm(
        request.POST if step == "answer" else None,
        levels=levels,
        initial={
            "level": saved.level,
            "narrative": saved.narrative,
            "evidence": saved.evidence,
            "links": saved.links,
        }
        if saved
        else {},
    )
    file_form = EvidenceFileForm(
        request.POST if step == "file" else None, request.FILES if step == "file" else None
    )
    previous_code, next_code = _neighbours(review, standard)
    if step == "answer" and form.is_valid():
        response = _save_answer(request, review, council, standard, sa, form, next_code)
        if response is not None:
            return response
    elif step == "file" and file_form.is_valid():
        response = _add_file(request, review, council, standard, sa, file_form)
        if response is not None:
            return response
    errors = error_list(form, anchor="answer") + error_list(file_form, anchor="files")
    return render(
        request,
        "selfassessment/answer.html",
        {
            "review": review,
            "council": council,
            "sa": sa,
            "view": view,
            "form": form,
            "file_form": file_form,
            "errors": errors,
            "may_change": may_change(request.user, review, council, sa),
            "previous_code": previous_code,
            "next_code": next_code,
        },
        status=400 if errors else 200,
    )


def _save_answer(
    request: HttpRequest,
    review: ThematicReview,
    council: Council,
    standard: Standard,
    sa: SelfAssessment | None,
    form: AnswerForm,
    next_code: str | None,
) -> HttpResponse | None:
    user = access.signed_in(request)
    data = form.cleaned_data
    if not form.has_changed():
        messages.info(
            request,
            f"Nothing was saved for {standard.code}: you did not choose a level or change "
            "your answer.",
        )
        return _after_answer(review, council, standard, next_code, request)
    try:
        sa = sa or services.self_assessment_start(review=review, council=council, started_by=user)
        services.answer_save(
            self_assessment=sa,
            standard=standard,
            level=data["level"],
            narrative=data["narrative"],
            evidence=data["evidence"],
            links=data["links"],
            saved_by=user,
        )
    except SelfAssessmentRefused as refused:
        refused.show_on(form)
        return None
    if data["level"] is None:
        messages.success(
            request,
            f"Your answer on {standard.code} is saved as a draft, without a level. Until you "
            "choose a level the standard is not answered.",
        )
    else:
        messages.success(request, f"Your answer on {standard.code} is saved as a draft.")
    return _after_answer(review, council, standard, next_code, request)


def _after_answer(
    review: ThematicReview,
    council: Council,
    standard: Standard,
    next_code: str | None,
    request: HttpRequest,
) -> HttpResponse:
    """On to the next standard if asked, else back to the standard's place in the list."""
    if "next" in request.POST and next_code is not None:
        return redirect("selfassessment:answer", pk=review.pk, slug=council.slug, code=next_code)
    return redirect(
        reverse("selfassessment:self_assessment", kwargs={"pk": review.pk, "slug": council.slug})
        + f"#standard-{standard.pk}"
    )


def _add_file(
    request: HttpRequest,
    review: ThematicReview,
    council: Council,
    standard: Standard,
    sa: SelfAssessment | None,
    form: EvidenceFileForm,
) -> HttpResponse | None:
    user = access.signed_in(request)
    try:
        sa = sa or services.self_assessment_start(review=review, council=council, started_by=user)
        saved = sa.answers.filter(standard=standard).first() or services.answer_save(
            self_assessment=sa,
            standard=standard,
            level=None,
            narrative="",
            evidence="",
            links="",
            saved_by=user,
        )
        attached = services.evidence_file_add(
            answer=saved, file=form.cleaned_data["file"], uploaded_by=user
        )
    except SelfAssessmentRefused as refused:
        refused.show_on(form)
        return None
    messages.success(request, f"{attached.original_name} is attached to {standard.code}.")
    return redirect(answer_url(review, council, standard) + "#files")


def _evidence_file(
    review: ThematicReview, council: Council, code: str, file_pk: int
) -> EvidenceFile:
    return get_object_or_404(
        EvidenceFile.objects.select_related("answer__standard"),
        pk=file_pk,
        archived_at__isnull=True,
        answer__self_assessment__review=review,
        answer__self_assessment__council=council,
        answer__standard__code=code,
    )


@login_required
@require_safe
def evidence_file(request: HttpRequest, pk: int, slug: str, code: str, file_pk: int) -> Any:
    """A file of evidence, for those who may see the self-assessment: never from MEDIA_URL,
    each download logged."""
    review, council = _review_and_council(request, pk, slug)
    attached = _evidence_file(review, council, code, file_pk)
    response = stored_file_response(
        attached.file,
        filename=attached.original_name,
        content_type=content_type_of(attached.original_name),
    )
    access.log_view(request.user, attached, council=council, action="downloaded")
    return response


@login_required
@require_POST
def evidence_file_archive(
    request: HttpRequest, pk: int, slug: str, code: str, file_pk: int
) -> HttpResponse:
    review, council = _review_and_council(request, pk, slug, EDIT)
    attached = _evidence_file(review, council, code, file_pk)
    try:
        services.evidence_file_archive(
            evidence_file=attached, archived_by=access.signed_in(request)
        )
    except SelfAssessmentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"{attached.original_name} is removed from {code}.")
    return redirect(answer_url(review, council, attached.answer.standard) + "#files")
