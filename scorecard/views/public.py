from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from authorities.models import Council
from returns.selectors import period_get
from scorecard import selectors


@require_safe
def council_list(request: HttpRequest) -> HttpResponse:
    return render(request, "scorecard/council_list.html", {"councils": selectors.council_list()})


@require_safe
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(
        Council.objects.select_related("sub_region").prefetch_related("successors", "predecessors"),
        slug=slug,
    )
    period = None
    if "period" in request.GET:
        period = period_get(request.GET["period"])
        if period is None:
            raise Http404
    page = selectors.council_page_get(council=council, period=period, fetched_by=request.user)
    return render(request, "scorecard/council.html", {"page": page})
