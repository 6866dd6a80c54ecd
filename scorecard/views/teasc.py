"""The regional TEASC page: every council's TEASC counts by section against a chosen
comparator, and one section's items with every council's figures. For those who read the
region as a whole (``access.can_view_teasc_overview``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts import access
from scorecard.forms import TeascOverviewForm
from scorecard.selectors.teasc_overview import teasc_overview_get, teasc_overview_periods


@login_required
@require_safe
def teasc_overview(request: HttpRequest) -> HttpResponse:
    if not access.can_view_teasc_overview(request.user):
        raise PermissionDenied
    periods = teasc_overview_periods()
    period, comparator, section = TeascOverviewForm(request.GET, periods=periods).chosen()
    page = teasc_overview_get(
        period=period, periods=periods, comparator=comparator, section=section
    )
    # The form shows what the page shows: the defaults where nothing valid was chosen.
    form = TeascOverviewForm(
        {
            "period": page.period.slug if page.period else "",
            "comparator": page.comparator,
            "section": page.section,
        },
        periods=periods,
    )
    return render(request, "scorecard/teasc_overview.html", {"page": page, "form": form})
