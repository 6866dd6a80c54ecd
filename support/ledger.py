"""The reciprocity ledger (MoU 2.1 f, g): per council and financial year, the officer and
member days given to other councils and received from them, by offer of Table 1; the regional
median of days given; and the councils giving more than the setting's multiple of it (2 x the
median by default), flagged as carrying a disproportionate share, with their challenge.

What is counted, and how:

- **Engagements counted**: agreed, in progress or completed. A request not yet agreed has no
  commitment of time; a declined one gave none.
- **Year**: the financial year (April to March) of the engagement's start date, or of the day
  it was created while it has no start date.
- **Days given** by a council: the days of its provider rows; **days received**: the providers'
  days on engagements the council receives. The receiving council's own time is not counted.
- **Planned and actual are both shown.** The ledger's working figure ("counted") is, for each
  provider and separately for officer and member days, the actual days where recorded and the
  planned days otherwise: a completed engagement counts what was given, one under way what was
  promised until the actual figure is in.
- **Regional median**: the median of counted days given (officer + member) over every council
  active in the year, those that gave nothing counting as 0 (the region's median, not the
  median of the givers). A council is flagged when it gave more than multiple x median and
  more than 0: when most councils gave nothing the median is 0 and any council giving time is
  flagged, which is the rule read plainly; the administrator can change the multiple.

Every figure comes from aggregate queries: a fixed number whatever the region's size.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncDate

from authorities.models import Council
from sli_portal.financial_years import year_bounds, year_label
from support.models import (
    EngagementProvider,
    EngagementStatus,
    LedgerSettings,
    ShareChallenge,
)

ZERO = Decimal(0)
COUNTED_STATUSES = (
    EngagementStatus.AGREED,
    EngagementStatus.IN_PROGRESS,
    EngagementStatus.COMPLETED,
)
_DAYS = DecimalField(max_digits=9, decimal_places=1)


@dataclass(frozen=True)
class Days:
    """Officer and member days: planned, actual (where recorded) and counted (actual where
    recorded, else planned, provider by provider)."""

    officer_planned: Decimal = ZERO
    officer_actual: Decimal = ZERO
    officer: Decimal = ZERO
    member_planned: Decimal = ZERO
    member_actual: Decimal = ZERO
    member: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        """Counted officer and member days: the ledger's working figure."""
        return self.officer + self.member

    @property
    def planned(self) -> Decimal:
        return self.officer_planned + self.member_planned

    @property
    def actual(self) -> Decimal:
        return self.officer_actual + self.member_actual

    def __add__(self, other: "Days") -> "Days":
        return Days(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class OfferDays:
    """One council's days given and received through one offer of Table 1."""

    offer_id: int
    offer: str
    tier: str
    given: Days
    received: Days


@dataclass(frozen=True)
class LedgerRow:
    """One council's year: days given and received, by offer, the balance, whether it gives
    a disproportionate share, and its latest challenge for the year."""

    council: Council
    given: Days
    received: Days
    engagements_given: int
    engagements_received: int
    by_offer: list[OfferDays]
    flagged: bool
    challenge: ShareChallenge | None

    @property
    def balance(self) -> Decimal:
        """Counted days given minus received: positive for a net giver."""
        return self.given.total - self.received.total

    @property
    def challenge_status(self) -> str:
        """ "none", "open", "upheld" or "not_upheld"."""
        if self.challenge is None:
            return "none"
        return "open" if self.challenge.is_open else self.challenge.outcome


@dataclass(frozen=True)
class Ledger:
    """The region's ledger for the financial year starting in ``year``."""

    year: int
    median: Decimal
    multiple: Decimal
    rows: list[LedgerRow] = field(default_factory=list)

    @property
    def threshold(self) -> Decimal:
        """Days given above which a council is flagged: multiple x regional median."""
        return self.multiple * self.median

    @property
    def flagged(self) -> list[LedgerRow]:
        return [row for row in self.rows if row.flagged]

    @property
    def year_label(self) -> str:
        return year_label(self.year)


def _counted(*, start: datetime.date | None, end: datetime.date) -> QuerySet[EngagementProvider]:
    """Provider rows of counted engagements whose year day falls in [start, end]."""
    rows = EngagementProvider.objects.filter(engagement__status__in=COUNTED_STATUSES).annotate(
        day=Coalesce("engagement__starts_on", TruncDate("engagement__created_at"))
    )
    rows = rows.filter(day__lte=end)
    return rows.filter(day__gte=start) if start is not None else rows


def _sums() -> dict[str, Coalesce]:
    def total(days: str | Coalesce) -> Coalesce:
        return Coalesce(Sum(days), Value(ZERO), output_field=_DAYS)

    return {
        "officer_planned": total("officer_days_planned"),
        "officer_actual": total("officer_days_actual"),
        "officer": total(Coalesce("officer_days_actual", "officer_days_planned")),
        "member_planned": total("member_days_planned"),
        "member_actual": total("member_days_actual"),
        "member": total(Coalesce("member_days_actual", "member_days_planned")),
    }


def _days(row: Mapping[str, Any]) -> Days:
    return Days(**{name: Decimal(row[name]) for name in Days.__dataclass_fields__})


def days_given(*, year: int) -> dict[int, Decimal]:
    """Counted days (officer + member) each council gave in the financial year; councils that
    gave nothing are absent. One query."""
    start, end = year_bounds(year)
    rows = _counted(start=start, end=end).values("council_id").annotate(**_sums())
    return {row["council_id"]: _days(row).total for row in rows}


def balances(*, up_to_year: int) -> dict[int, tuple[Decimal, Decimal]]:
    """(given, received) counted days for each council over every year up to and including
    the financial year starting in ``up_to_year``: the reciprocity balance. Two queries."""
    _, end = year_bounds(up_to_year)
    counted = _counted(start=None, end=end)
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for side, key in ((0, "council_id"), (1, "engagement__council_id")):
        grouped: list[dict[str, Any]] = list(counted.values(key).annotate(**_sums()).order_by())
        for row in grouped:
            totals[row[key]][side] = _days(row).total
    return {council: (given, received) for council, (given, received) in totals.items()}


def regional_median(given: dict[int, Decimal], council_ids: list[int]) -> Decimal:
    """Median of days given over ``council_ids``, a council absent from ``given`` counting 0."""
    if not council_ids:
        return ZERO
    return Decimal(statistics.median([given.get(pk, ZERO) for pk in council_ids]))


def is_disproportionate(given: Decimal, *, median: Decimal, multiple: Decimal) -> bool:
    """MoU 2.1 g as the portal reads it: more than ``multiple`` x the regional median, and
    more than nothing."""
    return given > 0 and given > multiple * median


class _Tally:
    """Days given and received by council and offer, added up from grouped provider rows."""

    def __init__(self) -> None:
        self.offers: dict[int, dict[int, list[Days]]] = defaultdict(dict)
        self.names: dict[int, tuple[str, str]] = {}
        self.given: dict[int, Days] = defaultdict(Days)
        self.received: dict[int, Days] = defaultdict(Days)
        self.counts: dict[tuple[int, int], int] = defaultdict(int)

    def add(self, side: int, rows: list[dict[str, Any]], key: str) -> None:
        """Rows grouped by ``key`` (the giving council for side 0, the receiving one for 1)."""
        for row in rows:
            council_id, offer_id = row[key], row["engagement__offer_id"]
            self.names[offer_id] = (row["engagement__offer__name"], row["engagement__tier__name"])
            days = _days(row)
            pair = self.offers[council_id].setdefault(offer_id, [Days(), Days()])
            pair[side] = pair[side] + days
            (self.given if side == 0 else self.received)[council_id] += days
            self.counts[(council_id, side)] += row["n"]

    def by_offer(self, council_id: int) -> list[OfferDays]:
        return sorted(
            (
                OfferDays(offer_id, *self.names[offer_id], pair[0], pair[1])
                for offer_id, pair in self.offers[council_id].items()
            ),
            key=lambda o: (o.tier, o.offer, o.offer_id),
        )


def ledger_for_year(*, year: int) -> Ledger:
    """The ledger for the financial year starting in ``year``: a row per council active in the
    year (by name), with days given and received by offer, the regional median and the flags.
    Six queries."""
    start, end = year_bounds(year)
    councils = list(Council.objects.active_between(start, end).select_related("sub_region"))
    counted = _counted(start=start, end=end)
    group = ("engagement__offer_id", "engagement__offer__name", "engagement__tier__name")
    tally = _Tally()
    for side, key in ((0, "council_id"), (1, "engagement__council_id")):
        rows: list[dict[str, Any]] = list(
            counted.values(key, *group)
            .annotate(n=Count("engagement", distinct=True), **_sums())
            .order_by()
        )
        tally.add(side, rows, key)
    multiple = LedgerSettings.current().disproportionate_multiple
    challenges: dict[int, ShareChallenge] = {}
    for challenge in ShareChallenge.objects.filter(year=year).order_by("lodged_at", "pk"):
        challenges[challenge.council_id] = challenge  # the latest wins
    totals = {pk: days.total for pk, days in tally.given.items()}
    median = regional_median(totals, [c.pk for c in councils])
    result = [
        LedgerRow(
            council=council,
            given=tally.given[council.pk],
            received=tally.received[council.pk],
            engagements_given=tally.counts[(council.pk, 0)],
            engagements_received=tally.counts[(council.pk, 1)],
            by_offer=tally.by_offer(council.pk),
            flagged=is_disproportionate(
                tally.given[council.pk].total, median=median, multiple=multiple
            ),
            challenge=challenges.get(council.pk),
        )
        for council in councils
    ]
    return Ledger(year=year, median=median, multiple=multiple, rows=result)
