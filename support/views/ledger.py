"""The reciprocity ledger (MoU 2.1 f, g): days given and received by each council in a financial
year, as a chart and a table (and a CSV of the table); and the challenges a council lodges
against a disproportionate share of time, which the administrator resolves.

Thin views: access (accounts.access and the selectors, which decide who sees what), then form,
then service, then redirect.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from sli_portal.financial_years import financial_year_of, year_label
from sli_portal.spreadsheets import write_csv
from support import selectors
from support.charts import chart_figures, ledger_chart
from support.forms import ChallengeLodgeForm, ChallengeResolveForm
from support.ledger import Ledger
from support.models import ShareChallenge
from support.services import SupportRefused, share_challenge_lodge, share_challenge_resolve

# The first financial year of the MoU's sector-led improvement programme in the North West.
FIRST_YEAR = 2013
CSV_HEADER = [
    "Council",
    "Sub-region",
    "Officer days given (planned)",
    "Officer days given (actual)",
    "Member days given (planned)",
    "Member days given (actual)",
    "Days given (counted)",
    "Officer days received (planned)",
    "Officer days received (actual)",
    "Member days received (planned)",
    "Member days received (actual)",
    "Days received (counted)",
    "Balance (given minus received)",
    "Engagements given",
    "Engagements received",
    "Disproportionate share",
    "Challenge",
]


def _this_year() -> int:
    return financial_year_of(timezone.localdate())


def _years() -> list[int]:
    return list(range(_this_year() + 1, FIRST_YEAR - 1, -1))


def _year(value: str | int | None) -> int:
    """The financial year asked for, or this one; a year outside the programme is a 404."""
    if value in (None, ""):
        return _this_year()
    try:
        year = int(value)
    except ValueError as exc:
        raise Http404 from exc
    if year not in _years():
        raise Http404
    return year


@login_required
@require_safe
def ledger(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    result = selectors.ledger_get(fetched_by=request.user, year=year)
    own = access.councils_of(request.user)
    return render(
        request,
        "support/ledger.html",
        {
            "ledger": result,
            "chart": ledger_chart(result),
            "rows": [(row, *chart_figures(row)) for row in result.rows],
            "years": [(y, year_label(y)) for y in _years()],
            "own_rows": [row for row in result.rows if row.council.pk in own],
            "offer_rows": [(row.council, offer) for row in result.rows for offer in row.by_offer],
            "sees_all": access.council_ids_for(request.user, "view_engagement") is None,
            "may_challenge": access.may_act_at_all(request.user, "challenge_share"),
        },
    )


def _days(value: object) -> str:
    """Days as the page shows them, one decimal place, whatever the database returned."""
    return f"{Decimal(str(value)):.1f}"


def _csv_rows(result: Ledger) -> list[list[object]]:
    return [
        [
            row.council.name,
            row.council.sub_region.name if row.council.sub_region_id else "",
            *(
                _days(value)
                for value in (
                    row.given.officer_planned,
                    row.given.officer_actual,
                    row.given.member_planned,
                    row.given.member_actual,
                    row.given.total,
                    row.received.officer_planned,
                    row.received.officer_actual,
                    row.received.member_planned,
                    row.received.member_actual,
                    row.received.total,
                    row.balance,
                )
            ),
            row.engagements_given,
            row.engagements_received,
            "Yes" if row.flagged else "No",
            {"none": "", "open": "Open", "upheld": "Upheld", "not_upheld": "Not upheld"}.get(
                row.challenge_status, ""
            ),
        ]
        for row in result.rows
    ]


@login_required
@require_safe
def ledger_csv(request: HttpRequest, year: int) -> HttpResponse:
    result = selectors.ledger_get(fetched_by=request.user, year=_year(year))
    response = HttpResponse(write_csv(CSV_HEADER, _csv_rows(result)), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="reciprocity-ledger-{result.year_label.replace("/", "-")}.csv"'
    )
    return response


@login_required
@require_safe
def challenges(request: HttpRequest) -> HttpResponse:
    listed = selectors.challenge_list(fetched_by=request.user)
    return render(
        request,
        "support/challenges.html",
        {
            "challenges": listed,
            "may_resolve": access.may_act_at_all(request.user, "resolve_challenge"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_lodge(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="challenge_share", slug=slug)
    year = _year(year)
    form = ChallengeLodgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            share_challenge_lodge(
                council=council,
                year=year,
                reason=form.cleaned_data["reason"],
                lodged_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(
                request,
                f"Challenge lodged for {council.name}, {year_label(year)}. The regional "
                "administrator will record the Board's resolution.",
            )
            return redirect("support:challenges")
    return render(
        request,
        "support/challenge_lodge.html",
        {"form": form, "council": council, "year": year, "year_label": year_label(year)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.may_act_at_all(request.user, "resolve_challenge"):
        raise PermissionDenied
    challenge = get_object_or_404(
        ShareChallenge.objects.select_related("council", "lodged_by", "resolved_by"), pk=pk
    )
    form = ChallengeResolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            share_challenge_resolve(
                challenge=challenge,
                outcome=form.cleaned_data["outcome"],
                resolution=form.cleaned_data["resolution"],
                resolved_by=access.signed_in(request),
            )
        except SupportRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, f"Resolution recorded for {challenge}.")
            return redirect("support:challenges")
    return render(
        request,
        "support/challenge_resolve.html",
        {"form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )
