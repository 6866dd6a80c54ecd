"""Concern pages: the Planning Group's list, raise form and concern page with its actions; a
council's own shared concerns and its response; the board's summary.

Thin views: access (accounts.access only), then form, then service, then redirect. Every page
that shows a concern records who saw it (``access.log_view``; on list pages one row per concern
shown, written in one query).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.ratelimit import limit_uploads
from sli_portal.attachments import content_type_of, stored_file_response
from triggers.forms.concerns import (
    ConcernAttachForm,
    ConcernCloseForm,
    ConcernConfirmForm,
    ConcernEditForm,
    ConcernFilterForm,
    ConcernRaiseForm,
    ConcernReopenForm,
    ConcernRespondForm,
    ConcernShareForm,
    ReasonForm,
)
from triggers.models import Concern, ConcernStatus
from triggers.selectors import concerns as selectors
from triggers.services.concerns import (
    EDIT_AFTER_SHARING,
    ConcernRefused,
    concern_attach,
    concern_close,
    concern_confirm,
    concern_edit,
    concern_raise,
    concern_reopen,
    concern_respond,
    concern_share,
)

PAGE_SIZE = 50
# Service fields that the raise form names differently.
_RAISE_FIELDS = {"title": "title_text"}


# --- The Planning Group -----------------------------------------------------------------------


@login_required
@require_safe
def concern_list(request: HttpRequest) -> HttpResponse:
    if not access.may_act_at_all(request.user, "raise_concern"):
        raise PermissionDenied
    filter_form = ConcernFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else {}
    concerns = selectors.concern_list(fetched_by=request.user, filters=filters)
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    access.log_views(request.user, page.object_list, action="listed")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "triggers/concern_list.html",
        {"filter_form": filter_form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def raise_concern(request: HttpRequest) -> HttpResponse:
    if not access.may_act_at_all(request.user, "raise_concern"):
        raise PermissionDenied
    form = ConcernRaiseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = concern_raise(
                council=data["council"],
                trigger=data["trigger"],
                title=data["title_text"],
                evidence=data["evidence"],
                links=data["links"],
                source=data["source"],
                raised_on=data["raised_on"],
                severity=data["severity"],
                visibility=data["visibility"],
                raised_by=access.signed_in(request),
            )
        except ConcernRefused as refused:
            refused.show_on(form, _RAISE_FIELDS)
        else:
            messages.success(request, f"Concern raised about {concern.council.name}.")
            return redirect("triggers:concern", pk=concern.pk)
    return render(
        request, "triggers/concern_raise.html", {"form": form}, status=400 if form.errors else 200
    )


def _detail(request: HttpRequest, concern: Concern, **forms: Form) -> HttpResponse:
    access.log_view(request.user, concern, council=concern.council)
    context: dict[str, Any] = {
        "page": selectors.concern_page_get(concern=concern),
        "share_form": ConcernShareForm(),
        "confirm_form": ConcernConfirmForm(),
        "close_form": ConcernCloseForm(),
        "attach_form": ConcernAttachForm(),
        "reopen_form": ConcernReopenForm(),
        "may_edit": concern.status == ConcernStatus.RAISED
        and access.may_edit_concern(
            request.user, council_id=concern.council_id, raised_by_id=concern.raised_by_id
        ),
    }
    context.update(forms)
    failed = [form for form in forms.values() if form.errors]
    context["failed_form"] = failed[0] if failed else None
    return render(request, "triggers/concern_detail.html", context, status=400 if failed else 200)


def _reviewed(request: HttpRequest, pk: int) -> Concern:
    return selectors.concern_get_for_reviewer(pk=pk, fetched_by=request.user)


@login_required
@require_safe
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _reviewed(request, pk))


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _reviewed(request, pk)
    form = ConcernShareForm(request.POST)
    if form.is_valid():
        try:
            concern_share(
                concern=concern, shared_by=access.signed_in(request), note=form.cleaned_data["note"]
            )
        except ConcernRefused as refused:
            refused.show_on(form)
        else:
            messages.success(
                request,
                f"Shared with {concern.council.name}. Their director and performance lead can "
                "now see it and respond.",
            )
            return redirect("triggers:concern", pk=concern.pk)
    return _detail(request, concern, share_form=form)


def _act_with_reason(
    request: HttpRequest,
    pk: int,
    form_class: type[ReasonForm],
    service: Callable[..., Concern],
    done: str,
) -> HttpResponse:
    """Confirm, close or reopen: the form's reason (and any other answer) goes to the service;
    a refusal or a missing reason shows the concern's page again with that form's errors."""
    concern = _reviewed(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(concern=concern, by=access.signed_in(request), **form.cleaned_data)
        except ConcernRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, done)
            return redirect("triggers:concern", pk=concern.pk)
    return _detail(request, concern, **{f"{form.prefix}_form": form})


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_with_reason(request, pk, ConcernConfirmForm, concern_confirm, "Concern confirmed.")


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_with_reason(request, pk, ConcernCloseForm, concern_close, "Concern closed.")


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_with_reason(request, pk, ConcernReopenForm, concern_reopen, "Concern reopened.")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _reviewed(request, pk)
    if not access.may_edit_concern(
        request.user, council_id=concern.council_id, raised_by_id=concern.raised_by_id
    ):
        raise PermissionDenied
    initial = {
        "trigger": concern.trigger,
        "title_text": concern.title,
        "evidence": concern.evidence,
    }
    form = ConcernEditForm(request.POST if request.method == "POST" else None, initial=initial)
    locked = concern.status != ConcernStatus.RAISED
    if locked and request.method == "POST":
        form.is_valid()
        form.add_error(None, EDIT_AFTER_SHARING)
    elif request.method == "POST" and form.is_valid():
        try:
            concern_edit(
                concern=concern,
                title=form.cleaned_data["title_text"],
                trigger=form.cleaned_data["trigger"],
                evidence=form.cleaned_data["evidence"],
                edited_by=access.signed_in(request),
            )
        except ConcernRefused as refused:
            refused.show_on(form, _RAISE_FIELDS)
        else:
            messages.success(request, "Concern corrected. The earlier version is kept.")
            return redirect("triggers:concern", pk=concern.pk)
    access.log_view(request.user, concern, council=concern.council)
    return render(
        request,
        "triggers/concern_edit.html",
        {"form": form, "concern": concern, "locked": locked, "refusal": EDIT_AFTER_SHARING},
        status=400 if form.errors else 200,
    )


@login_required
@limit_uploads
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _reviewed(request, pk)
    form = ConcernAttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attached = concern_attach(
                concern=concern,
                file=form.cleaned_data["file"],
                uploaded_by=access.signed_in(request),
            )
        except ConcernRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, f"{attached.original_name} attached.")
            return redirect("triggers:concern", pk=concern.pk)
    return _detail(request, concern, attach_form=form)


@login_required
@require_safe
def concern_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of evidence: for the Planning Group only, never from MEDIA_URL, each download
    logged."""
    concern = _reviewed(request, pk)
    attached = selectors.concern_file_get(concern=concern, file_pk=file_pk)
    if attached is None:
        raise Http404
    response = stored_file_response(
        attached.file,
        filename=attached.original_name,
        content_type=content_type_of(attached.original_name),
    )
    access.log_view(request.user, attached, council=concern.council, action="downloaded")
    return response


# --- A council's own concerns -----------------------------------------------------------------


@login_required
@require_safe
def council_concerns(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="view_shared_concerns", slug=slug)
    concerns = selectors.council_concern_list(council=council)
    access.log_views(request.user, concerns, action="listed")
    return render(
        request, "triggers/concern_council_list.html", {"council": council, "concerns": concerns}
    )


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="view_shared_concerns", slug=slug)
    concern = get_object_or_404(selectors.shared_with_council(council), pk=pk)
    may_respond = access.may_act_for(request.user, "respond_to_concern", council)
    if request.method == "POST" and not may_respond:
        raise PermissionDenied
    form = ConcernRespondForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            concern_respond(
                concern=concern,
                response=form.cleaned_data["response"],
                responded_by=access.signed_in(request),
            )
        except ConcernRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, "Your response has been sent to the Planning Group.")
            return redirect(
                reverse("triggers:concern_respond", kwargs={"slug": council.slug, "pk": pk})
            )
    access.log_view(request.user, concern, council=council)
    open_for_response = concern.status in (ConcernStatus.SHARED, ConcernStatus.RESPONDED)
    return render(
        request,
        "triggers/concern_respond.html",
        {
            "council": council,
            "page": selectors.council_concern_page_get(concern=concern),
            "form": form if may_respond and (open_for_response or form.errors) else None,
        },
        status=400 if form.errors else 200,
    )


# --- The board --------------------------------------------------------------------------------


@login_required
@require_safe
def board_summary(request: HttpRequest) -> HttpResponse:
    if not access.may_act_at_all(request.user, "view_board_summary"):
        raise PermissionDenied
    concerns = selectors.board_summary_list()
    access.log_views(request.user, concerns, action="listed")
    return render(request, "triggers/concern_board_summary.html", {"concerns": concerns})
