"""Running the portal: the health endpoint and the audit log pages for the administrator."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import access
from accounts.models import AccessLog
from operations import audit
from operations.forms import AccessLogFilterForm, ChangeFilterForm
from operations.health import check_health
from sli_portal.spreadsheets import write_csv

PAGE_SIZE = 50
# A CSV export is the filtered log, up to this many rows (newest first).
CSV_LIMIT = 50_000


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database, the broker and the workers answer; 503 (with which did not)
    otherwise. For load balancers and monitors: no sign-in, no secrets."""
    if not access.can_check_health(request.user):
        raise PermissionDenied
    result = check_health()
    return JsonResponse(result.as_dict(), status=200 if result.healthy else 503)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _access_log_form(request: HttpRequest) -> AccessLogFilterForm:
    record_types, actions = audit.access_log_choices()
    return AccessLogFilterForm(request.GET or None, record_types=record_types, actions=actions)


def _record_link(entry: AccessLog) -> str:
    url_name = audit.RECORD_PAGES.get(entry.record_type)
    if url_name is None or not entry.record_id.isdigit():
        return ""
    return reverse(url_name, kwargs={"pk": int(entry.record_id)})


@login_required
@require_safe
def access_log(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_view_audit_log(request.user):
        raise PermissionDenied
    form = _access_log_form(request)
    entries = audit.access_log_list(filters=form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (entry, _record_link(entry), audit.record_type_name(entry.record_type))
        for entry in page.object_list
    ]
    return render(
        request,
        "operations/access_log.html",
        {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)},
    )


@login_required
@require_safe
def access_log_csv(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_view_audit_log(request.user):
        raise PermissionDenied
    form = _access_log_form(request)
    entries = audit.access_log_list(filters=form.filters())[:CSV_LIMIT]
    rows = (
        (
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.user.get_full_name() if entry.user else "",
            entry.user.email if entry.user else "",
            entry.action,
            audit.record_type_name(entry.record_type),
            entry.record_id,
            entry.council.name if entry.council else "",
        )
        for entry in entries
    )
    body = write_csv(
        ["When", "Person", "E-mail address", "Action", "Kind of record", "Record", "Council"],
        rows,
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="sli-access-log-{stamp}.csv"'
    return response


@login_required
@require_safe
def change_log(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_view_audit_log(request.user):
        raise PermissionDenied
    form = ChangeFilterForm(request.GET or None)
    changes = audit.ChangeLog(filters=form.filters())
    paginator = Paginator[audit.Change](changes, PAGE_SIZE)  # type: ignore[arg-type]  # Paginator only counts and slices a ChangeLog
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "operations/change_log.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )
