"""Thin views for the Regional Account: access (accounts.access, through the selectors),
then form, then service, then redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from reports import selectors
from reports.forms import GenerateForm, KeyMessageForm, WithdrawForm
from reports.meeting_pack import meeting_pack_get
from reports.models import RegionalAccount
from reports.services import (
    AccountRefused,
    key_message_edit,
    regional_account_publish,
    regional_account_request,
    regional_account_withdraw,
)
from sli_portal.attachments import stored_file_response
from sli_portal.financial_years import year_label
from sli_portal.pdf import render_pdf
from triggers.models import Meeting


def _require_producer(request: HttpRequest) -> None:
    if not access.can_produce_regional_account(request.user):
        raise PermissionDenied


@login_required
@require_safe
def account_list(request: HttpRequest) -> HttpResponse:
    page = selectors.account_list(fetched_by=request.user)
    return render(request, "reports/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def generate(request: HttpRequest) -> HttpResponse:
    if not access.can_request_regional_account(request.user):
        raise PermissionDenied
    years = selectors.year_choices()
    form = GenerateForm(request.POST or None, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            account = regional_account_request(
                year=form.chosen_year,
                quarter=form.chosen_quarter,
                requested_by=access.signed_in(request),
            )
        except AccountRefused as refused:
            form.add_error("quarter", refused.message)
        else:
            return redirect("reports:status", pk=account.pk)
    return render(
        request,
        "reports/generate.html",
        {"form": form, "has_years": bool(years)},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def status(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_get(pk=pk, fetched_by=request.user)
    return render(
        request,
        "reports/status.html",
        {
            "account": account,
            "may_produce": bool(access.can_produce_regional_account(request.user)),
            "may_request": bool(access.can_request_regional_account(request.user)),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_safe
def status_json(request: HttpRequest, pk: int) -> JsonResponse:
    account = selectors.account_get(pk=pk, fetched_by=request.user)
    return JsonResponse(
        {
            "state": account.status,
            "done": account.is_finished,
            "progress": account.progress,
            "message": account.step or account.get_status_display(),
            "redirect": "",
        }
    )


def _pdf_response(request: HttpRequest, account: RegionalAccount) -> FileResponse:
    if not account.has_file:
        raise Http404
    response = stored_file_response(
        account.file, filename=account.filename, content_type="application/pdf"
    )
    access.log_view(request.user, account, council=None, action="downloaded")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def download(request: HttpRequest, pk: int) -> FileResponse:
    return _pdf_response(request, selectors.account_get(pk=pk, fetched_by=request.user))


@login_required
@require_safe
def latest(request: HttpRequest) -> FileResponse:
    return _pdf_response(request, selectors.latest_published_get(fetched_by=request.user))


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require_producer(request)
    account = selectors.account_get(pk=pk, fetched_by=request.user)
    try:
        regional_account_publish(account=account, published_by=access.signed_in(request))
    except AccountRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"{account} is published. Board members can now download it.")
    return redirect("reports:status", pk=account.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    _require_producer(request)
    account = selectors.account_get(pk=pk, fetched_by=request.user)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            regional_account_withdraw(
                account=account,
                withdrawn_by=access.signed_in(request),
                reason=form.cleaned_data["reason"],
            )
        except AccountRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"{account} is withdrawn.")
        return redirect("reports:status", pk=account.pk)
    return render(
        request,
        "reports/status.html",
        {"account": account, "may_produce": True, "may_request": True, "withdraw_form": form},
        status=400,
    )


@login_required
@require_safe
def key_messages(request: HttpRequest, year: int) -> HttpResponse:
    """The key messages and the regional summary of a year's Account, on the web."""
    page = selectors.key_messages_get(year=year, fetched_by=request.user)
    return render(request, "reports/key_messages.html", {"page": page, "year": year})


@login_required
@require_http_methods(["GET", "POST"])
def edit_key_message(request: HttpRequest, year: int, topic: str) -> HttpResponse:
    message = selectors.key_message_get(year=year, topic=topic, fetched_by=request.user)
    form = KeyMessageForm(request.POST or None, initial={"text": message.text})
    if request.method == "POST" and form.is_valid():
        try:
            key_message_edit(
                year=year,
                topic=topic,
                draft=message.draft,
                text=form.cleaned_data["text"],
                edited_by=access.signed_in(request),
            )
        except AccountRefused as refused:
            form.add_error("text", refused.message)
        else:
            messages.success(request, f"The key message \u201c{message.title}\u201d is saved.")
            return redirect("reports:key_messages", year=year)
    return render(
        request,
        "reports/key_message_edit.html",
        {"form": form, "message": message, "year": year, "year_label": year_label(year)},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def meeting_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The confidential pre-meeting pack; each download is written to the access log."""
    if not access.can_hold_meetings(request.user):
        raise PermissionDenied
    meeting = get_object_or_404(Meeting, pk=pk)
    content = render_pdf(
        "pdf/meeting_pack.html",
        {"pack": meeting_pack_get(meeting=meeting)},
        title=f"Pre-meeting pack: {meeting.title}, {meeting.held_on:%-d %B %Y}",
    )
    access.log_view(request.user, meeting, council=None, action="downloaded pack")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="pre-meeting-pack-{meeting.held_on:%Y-%m-%d}.pdf"'
    )
    return response
