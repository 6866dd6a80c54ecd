"""Thin views: access, then form, then service, then redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.ratelimit import limit_uploads
from authorities.models import Council
from returns import selectors
from returns.forms import PolarityDeclarationForm, ReopenForm, UploadForm
from returns.models import Measure, Period, Return, ReturnUpload, ReturnVersion, UploadState
from returns.notifications import late_returns_remind
from returns.services import (
    ReturnRefused,
    measure_polarity_declare,
    return_accept,
    return_items,
    return_reopen,
    return_submit,
    return_upload_create,
)
from returns.template import return_template
from sli_portal.attachments import stored_file_response
from sli_portal.spreadsheets import write_csv
from sli_portal.uploads import Problem


def _council_and_period(
    request: HttpRequest, council_slug: str, period_slug: str, *, action: str
) -> tuple[Council, Period]:
    council = access.get_council_or_404(request.user, action="view_return", slug=council_slug)
    if action != "view_return" and not access.may_act_for(request.user, action, council):
        raise PermissionDenied
    period = selectors.period_get(period_slug)
    if period is None:
        raise Http404
    return council, period


def _return_url(ret: Return | ReturnUpload | ReturnVersion) -> str:
    obj = ret if isinstance(ret, Return) else ret.return_obj
    return reverse("returns:detail", args=[obj.council.slug, obj.period.slug])


@login_required
@require_safe
def return_list(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_act_at_all(request.user, "view_return"):
        raise PermissionDenied
    own = access.councils_of(request.user, roles=["performance_lead"])
    context = {
        "returns": selectors.return_list(fetched_by=request.user)[:200],
        "open_periods": list(selectors.open_periods()),
        "upload_councils": list(Council.objects.filter(pk__in=own)),
        "may_import_national": access.can_import_national_data(request.user),
    }
    return render(request, "returns/list.html", context)


@login_required
@require_safe
def return_detail(
    request: access.AuthenticatedHttpRequest, council_slug: str, period_slug: str
) -> HttpResponse:
    council, period = _council_and_period(request, council_slug, period_slug, action="view_return")
    page = selectors.return_page_get(council=council, period=period)
    return render(
        request,
        "returns/detail.html",
        {
            "page": page,
            "form": UploadForm(),
            "measure_count": Measure.objects.in_return().count(),
            "national_items": selectors.national_items(council=council, period=period),
        },
    )


@login_required
@require_safe
def template_download(
    request: access.AuthenticatedHttpRequest, council_slug: str, period_slug: str, fmt: str
) -> HttpResponse:
    council, period = _council_and_period(request, council_slug, period_slug, action="view_return")
    download = return_template(council=council, period=period, fmt=fmt, measures=return_items())
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@login_required
@limit_uploads
@require_http_methods(["GET", "POST"])
def upload(
    request: access.AuthenticatedHttpRequest, council_slug: str, period_slug: str
) -> HttpResponse:
    council, period = _council_and_period(
        request, council_slug, period_slug, action="upload_return"
    )
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        try:
            outcome = return_upload_create(
                council=council,
                period=period,
                file=form.cleaned_data["file"],
                reason=form.cleaned_data["reason"],
                uploaded_by=request.user,
            )
        except ReturnRefused as refused:
            form.add_error("file", refused.message)
        else:
            if outcome.duplicate_of is not None:
                messages.info(
                    request,
                    f"You already uploaded this same file on {outcome.upload.uploaded_at:%-d %B %Y at %H:%M}. "
                    "It was not stored again.",
                )
            elif outcome.waiting:
                messages.warning(
                    request,
                    "Your file is saved, but the portal cannot start checking it at the moment. "
                    "It will be checked automatically within a few minutes; you do not need to "
                    "upload it again. Your earlier versions are unchanged.",
                )
            return redirect("returns:upload_status", pk=outcome.upload.pk)
    page = selectors.return_page_get(council=council, period=period)
    return render(
        request,
        "returns/upload.html",
        {"form": form, "page": page},
        status=400 if form.errors else 200,
    )


def _upload_for(request: HttpRequest, pk: int) -> ReturnUpload:
    return access.get_council_record_or_404(
        ReturnUpload.objects.select_related(
            "return_obj__council", "return_obj__period", "uploaded_by", "version"
        ),
        request.user,
        action="view_return",
        council_field="return_obj__council",
        pk=pk,
    )


@login_required
@require_safe
def upload_status(request: access.AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    upload_obj = _upload_for(request, pk)
    problems = [Problem.from_dict(p) for p in upload_obj.problems]
    version = upload_obj.version if upload_obj.state == UploadState.VALID else None
    blanks = selectors.version_blank_items(version=version) if version else None
    return render(
        request,
        "returns/upload_status.html",
        {
            "upload": upload_obj,
            "problems": problems,
            "problem_groups": selectors.problems_by_section(problems) if problems else [],
            "blanks": blanks,
        },
    )


@login_required
@require_safe
def upload_status_json(request: access.AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    upload_obj = _upload_for(request, pk)
    return JsonResponse(
        {
            "state": upload_obj.state,
            "done": upload_obj.is_finished,
            "progress": upload_obj.progress,
            "message": upload_obj.get_state_display(),
            "redirect": "",
        }
    )


@login_required
@require_safe
def upload_file(request: access.AuthenticatedHttpRequest, pk: int) -> FileResponse:
    upload_obj = _upload_for(request, pk)
    if not upload_obj.file:
        raise Http404("A refused file is not kept.")
    return stored_file_response(upload_obj.file, filename=upload_obj.original_name)


def _version_for(
    request: HttpRequest,
    council_slug: str,
    period_slug: str,
    number: int,
    *,
    action: str = "view_return",
) -> ReturnVersion:
    parsed = Period.parse_slug(period_slug)
    if parsed is None:
        raise Http404
    return access.get_council_record_or_404(
        ReturnVersion.objects.select_related(
            "return_obj__council", "return_obj__period", "created_by", "upload"
        ),
        request.user,
        action=action,
        council_field="return_obj__council",
        return_obj__council__slug=council_slug,
        return_obj__period__year=parsed[0],
        return_obj__period__quarter=parsed[1],
        number=number,
    )


@login_required
@require_safe
def version_detail(
    request: access.AuthenticatedHttpRequest, council_slug: str, period_slug: str, number: int
) -> HttpResponse:
    version = _version_for(request, council_slug, period_slug, number)
    ret = version.return_obj
    latest_number = ret.versions.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "returns/version.html",
        {
            "version": version,
            "ret": ret,
            "rows": selectors.version_preview(version=version),
            "is_latest": latest_number == version.number,
            "other_versions": list(
                ret.versions.exclude(pk=version.pk).values_list("number", flat=True)
            ),
        },
    )


@login_required
@require_safe
def version_compare(
    request: access.AuthenticatedHttpRequest,
    council_slug: str,
    period_slug: str,
    number: int,
    other: int,
) -> HttpResponse:
    after = _version_for(request, council_slug, period_slug, number)
    before = _version_for(request, council_slug, period_slug, other)
    rows = selectors.version_diff(before=before, after=after)
    return render(
        request,
        "returns/compare.html",
        {"before": before, "after": after, "rows": rows, "changed": sum(r.changed for r in rows)},
    )


@login_required
@require_POST
def submit(
    request: access.AuthenticatedHttpRequest, council_slug: str, period_slug: str, number: int
) -> HttpResponse:
    version = _version_for(request, council_slug, period_slug, number, action="submit_return")
    try:
        return_submit(version=version, submitted_by=request.user)
    except ReturnRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"Version {version.number} submitted. The regional administrator will review it.",
        )
    return redirect(_return_url(version))


def _return_for(
    request: HttpRequest, council_slug: str, period_slug: str, *, action: str
) -> Return:
    parsed = Period.parse_slug(period_slug)
    if parsed is None:
        raise Http404
    return access.get_council_record_or_404(
        Return.objects.select_related("council", "period"),
        request.user,
        action=action,
        council__slug=council_slug,
        period__year=parsed[0],
        period__quarter=parsed[1],
    )


@login_required
@require_POST
def accept(
    request: access.AuthenticatedHttpRequest, council_slug: str, period_slug: str
) -> HttpResponse:
    ret = _return_for(request, council_slug, period_slug, action="accept_return")
    try:
        return_accept(return_obj=ret, accepted_by=request.user)
    except ReturnRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, f"{ret.council.name}'s return for {ret.period.label} is accepted and locked."
        )
    return redirect(_return_url(ret))


@login_required
@require_http_methods(["GET", "POST"])
def reopen(
    request: access.AuthenticatedHttpRequest, council_slug: str, period_slug: str
) -> HttpResponse:
    ret = _return_for(request, council_slug, period_slug, action="accept_return")
    form = ReopenForm(request.POST) if request.method == "POST" else ReopenForm()
    if request.method == "POST" and form.is_valid():
        try:
            return_reopen(
                return_obj=ret,
                reopened_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ReturnRefused as refused:
            form.add_error("reason", refused.message)
        else:
            messages.success(
                request, f"{ret.council.name}'s return for {ret.period.label} is reopened."
            )
            return redirect(_return_url(ret))
    return render(
        request,
        "returns/reopen.html",
        {"form": form, "ret": ret},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def completeness(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_act_at_all(request.user, "view_return"):
        raise PermissionDenied
    periods = list(Period.objects.order_by("-year", "-quarter"))
    if not periods:
        raise Http404
    period = selectors.period_get(request.GET.get("period", "")) or _current(periods)
    tiers, rows = selectors.completeness_grid(fetched_by=request.user, period=period)
    return render(
        request,
        "returns/completeness.html",
        {
            "period": period,
            "periods": periods,
            "tiers": tiers,
            "rows": rows,
            "late": [row for row in rows if row.is_late],
            "today": timezone.localdate(),
        },
    )


def _grid_period(request: HttpRequest, value: str) -> Period:
    if not access.may_act_at_all(request.user, "view_return"):
        raise PermissionDenied
    period = selectors.period_get(value)
    if period is None:
        raise Http404
    return period


@login_required
@require_safe
def completeness_csv(request: access.AuthenticatedHttpRequest, period_slug: str) -> HttpResponse:
    period = _grid_period(request, period_slug)
    tiers, rows = selectors.completeness_grid(fetched_by=request.user, period=period)
    content = write_csv(
        [
            "Council",
            "Sub-region",
            *(
                heading
                for _t, label in tiers
                for heading in (
                    f"{label}: status",
                    f"{label}: measures with a figure",
                    f"{label}: measures in the tier",
                )
            ),
            "Last reminded of a late return",
        ],
        [
            [
                row.council.name,
                row.council.sub_region.name,
                *(value for c in row.cells for value in (c.label, c.answered, c.expected)),
                row.reminded_on.isoformat() if row.reminded_on else "",
            ]
            for row in rows
        ],
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="completeness-{period.slug}.csv"'
    return response


@login_required
@require_POST
def completeness_remind(request: access.AuthenticatedHttpRequest, period_slug: str) -> HttpResponse:
    period = _grid_period(request, period_slug)
    if not access.can_chase_returns(request.user):
        raise PermissionDenied
    result = late_returns_remind(period=period, sent_by=access.signed_in(request))
    if result.reminded:
        names = ", ".join(c.name for c in result.reminded)
        messages.success(request, f"Reminded {len(result.reminded)} council(s): {names}.")
    if result.already_today:
        names = ", ".join(c.name for c in result.already_today)
        messages.info(request, f"Already reminded today, so not e-mailed again: {names}.")
    if not result.reminded and not result.already_today:
        messages.info(request, f"No council's {period.label} return is late.")
    return redirect(f"{reverse('returns:completeness')}?period={period.slug}")


def _current(periods: list[Period]) -> Period:
    today = timezone.localdate()
    open_now = [p for p in periods if p.is_open(today)]
    return open_now[0] if open_now else periods[0]


@login_required
@require_safe
def polarity_list(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    """The return's measures with the direction each is compared by and where it comes from."""
    if not access.can_declare_polarity(request.user):
        raise PermissionDenied
    return render(
        request, "returns/polarity_list.html", {"measures": list(Measure.objects.in_return())}
    )


@login_required
@require_http_methods(["GET", "POST"])
def polarity_declare(request: access.AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.can_declare_polarity(request.user):
        raise PermissionDenied
    measure = get_object_or_404(Measure, pk=pk)
    initial = {"polarity": measure.region_polarity, "reason": measure.region_polarity_reason}
    form = PolarityDeclarationForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and not measure.has_published_polarity and form.is_valid():
        try:
            measure_polarity_declare(
                measure=measure,
                polarity=form.cleaned_data["polarity"],
                reason=form.cleaned_data["reason"],
                declared_by=request.user,
            )
        except ReturnRefused as refused:
            form.add_error("reason", refused.message)
        else:
            messages.success(request, f"The region's direction for {measure.code} is saved.")
            return redirect("returns:polarity_list")
    return render(
        request,
        "returns/polarity_declare.html",
        {"measure": measure, "form": form, "history": selectors.polarity_history(measure)},
        status=400 if form.errors else 200,
    )
