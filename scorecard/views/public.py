"""Public pages of the balanced scorecard: the regional overview, each council's figures and
scorecard, and every council's figure for one measure. Published content only, except for
what the access module's predicates allow the reader (ranks when signed in; drafts and
internal commentary for the Planning Group)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from authorities.models import Council
from returns.models import Measure, Period
from returns.selectors import period_get
from scorecard import selectors
from sli_portal.spreadsheets import CSV_TYPE, XLSX_TYPE, write_csv, write_xlsx


def _requested_period(request: HttpRequest) -> Period | None:
    """The quarter asked for with ``?period=2023-24-Q4``; None when not asked; 404 if unknown."""
    if "period" not in request.GET:
        return None
    period = period_get(request.GET["period"])
    if period is None:
        raise Http404
    return period


@require_safe
def council_list(request: HttpRequest) -> HttpResponse:
    return render(request, "scorecard/council_list.html", {"councils": selectors.council_list()})


@require_safe
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(
        Council.objects.select_related("sub_region").prefetch_related("successors", "predecessors"),
        slug=slug,
    )
    page = selectors.council_page_get(
        council=council, period=_requested_period(request), fetched_by=request.user
    )
    return render(request, "scorecard/council.html", {"page": page})


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    page = selectors.overview_get(
        period=_requested_period(request),
        sub_region=request.GET.get("sub_region", ""),
        authority_type=request.GET.get("type", ""),
        sort=request.GET.get("sort", "name"),
        comparator=request.GET.get("comparator", ""),
        fetched_by=request.user,
    )
    return render(request, "scorecard/overview.html", {"page": page})


@require_safe
def council_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council.objects.select_related("sub_region"), slug=slug)
    page = selectors.council_scorecard_get(
        council=council, period=_requested_period(request), fetched_by=request.user
    )
    return render(request, "scorecard/scorecard.html", {"page": page})


def _measure_page(request: HttpRequest, measure: Measure) -> selectors.MeasurePage:
    return selectors.measure_page_get(
        measure=measure,
        period=_requested_period(request),
        sort=request.GET.get("sort", "name"),
        highlight=request.GET.get("council", ""),
        fetched_by=request.user,
    )


@require_safe
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(Measure.objects.select_related("predecessor"), pk=pk)
    if measure.is_oflog:
        year = request.GET.get("year", "")
        page = selectors.oflog_page_get(measure=measure, year=int(year) if year.isdigit() else None)
        return render(request, "scorecard/oflog_measure.html", {"page": page})
    return render(request, "scorecard/measure.html", {"page": _measure_page(request, measure)})


@require_safe
def measure_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The measure page's rows as CSV or XLSX, through the formula-injection-safe writers.
    Alphabetical whatever ``?sort`` says; ranks only for signed-in users."""
    page = selectors.measure_page_get(
        measure=get_object_or_404(Measure, pk=pk),
        period=_requested_period(request),
        fetched_by=request.user,
    )
    header, rows = selectors.measure_download_rows(page)
    quarter = page.period.slug if page.period else "no-figures"
    stem = f"{slugify(page.measure.code) or 'measure'}-{quarter}"
    if fmt == "xlsx":
        content = write_xlsx(header, rows, title=f"Figures {quarter}")
        response = HttpResponse(content, content_type=XLSX_TYPE)
    else:
        response = HttpResponse(write_csv(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
