"""The regional overview: every council active in a quarter by the six domains, with its
published rating, the change since the previous quarter and its TEASC summary."""

import functools
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q
from django.urls import reverse

from accounts import access
from accounts.access import AnyUser
from authorities.models import AuthorityType, Council, SubRegion
from returns.models import Domain, Period
from scorecard.models import Judgement, Rating, TeascComparator, TeascSummary
from scorecard.selectors.demonstration import is_demonstration_for
from scorecard.selectors.periods import default_period, scorecard_periods
from scorecard.selectors.presentation import (
    NOT_PUBLISHED,
    RatingTag,
    TeascFigures,
    rating_tag,
)

SORTS = {"name": "Council name", "teasc": "Share better than the comparator and improving"}
# Public pages never rank councils (no league tables): anyone not signed in gets names only.
PUBLIC_SORTS = {"name": SORTS["name"]}
TEASC_COMPARATORS: dict[str, str] = {c.value: str(c.label) for c in TeascComparator}


@dataclass(frozen=True)
class OverviewCell:
    published: RatingTag | None
    previous: RatingTag | None
    draft: RatingTag | None
    has_previous_period: bool

    @property
    def tag(self) -> RatingTag:
        return self.published or NOT_PUBLISHED

    @property
    def change_words(self) -> str:
        """The change since the previous quarter's published rating, in words."""
        if not self.has_previous_period:
            return ""
        if self.previous is None:
            return "not published last quarter" if self.published else ""
        if self.published is not None and self.previous.value == self.published.value:
            return "no change"
        if self.previous.value == Rating.NOT_ASSESSED:
            return "was not assessed"
        return f"was {self.previous.label}"


@functools.cache
def overview_cell(published: str, previous: str | None, draft: str) -> OverviewCell:
    """A cell of the overview; ``previous`` is None when there is no previous published quarter.
    Cells are few distinct values shared by every council: a national page has ~1,000."""
    return OverviewCell(
        published=rating_tag(published),
        previous=rating_tag(previous) if previous else None,
        draft=rating_tag(draft),
        has_previous_period=previous is not None,
    )


@dataclass(frozen=True)
class OverviewRow:
    council: Council
    scorecard_url: str
    cells: list[OverviewCell]
    teasc: TeascFigures | None


@dataclass(frozen=True)
class OverviewPage:
    period: Period | None
    previous: Period | None
    periods: list[Period]
    domains: list[tuple[str, str]]
    rows: list[OverviewRow]
    sub_regions: list[SubRegion]
    authority_types: list[tuple[str, str]]
    sub_region: str
    authority_type: str
    sort: str
    sorts: dict[str, str]
    comparator: str
    comparators: dict[str, str]
    shows_drafts: bool
    active_councils: int
    published_judgements: int
    # Councils whose figures (the TEASC summary) for the quarter are demonstration data.
    demonstration_ids: frozenset[int] = frozenset()
    # No quarter was asked for: the page opened on the latest quarter with published ratings
    # (or, before any, with figures).
    opened_on_latest: bool = False

    @property
    def demonstration_count(self) -> int:
        return sum(1 for r in self.rows if r.council.pk in self.demonstration_ids)

    @property
    def comparator_label(self) -> str:
        """What the TEASC counts are better than, in words."""
        return self.comparators[self.comparator]


def overview_get(
    *,
    period: Period | None,
    sub_region: str = "",
    authority_type: str = "",
    sort: str = "name",
    comparator: str = TeascComparator.NW_MEDIAN.value,
    fetched_by: AnyUser,
) -> OverviewPage:
    """The regional overview: every council active in the quarter × the six domains, each with
    its published rating and the change since the previous quarter's published rating, and the
    council's TEASC summary against ``comparator`` (the NW median of councils' returns unless
    another is asked for). Only the Planning Group's predicate loads drafts at all. Unknown
    filter, sort or comparator values are ignored, and so is any sort but by name for a reader
    who may not see ranks (public pages never rank councils). Four queries whatever the number of
    councils."""
    shows_drafts = bool(access.can_view_internal_commentary(fetched_by))
    sorts = SORTS if access.can_see_ranks(fetched_by) else PUBLIC_SORTS
    choices = scorecard_periods(include_drafts=shows_drafts)
    opened_on_latest = period is None
    if period is None:
        period = default_period(choices)
    sort = sort if sort in sorts else "name"
    if comparator not in TEASC_COMPARATORS:
        comparator = TeascComparator.NW_MEDIAN.value
    if period is None:
        return _no_overview(
            sort=sort, sorts=sorts, comparator=comparator, shows_drafts=shows_drafts
        )
    previous = next(
        (c.period for c in choices if c.has_published and c.period.index == period.index - 1),
        None,
    )
    councils = _active_councils(period)
    filters = _OverviewFilters.of(councils, sub_region=sub_region, authority_type=authority_type)
    published, drafts = _overview_ratings(period, previous, shows_drafts=shows_drafts)
    rows = _overview_rows(filters.shown, period, previous, published, drafts, comparator)
    if sort == "teasc":
        rows.sort(key=_best_teasc_first)
    return OverviewPage(
        period=period,
        previous=previous,
        periods=[c.period for c in choices],
        domains=list(Domain.choices),
        rows=rows,
        sub_regions=filters.sub_regions,
        authority_types=filters.authority_types,
        sub_region=filters.sub_region,
        authority_type=filters.authority_type,
        sort=sort,
        sorts=sorts,
        comparator=comparator,
        comparators=TEASC_COMPARATORS,
        shows_drafts=shows_drafts,
        active_councils=len(councils),
        published_judgements=sum(1 for k in published if k[1] == period.pk),
        opened_on_latest=opened_on_latest,
        demonstration_ids=frozenset(c.pk for c in councils if getattr(c, "is_demonstration", 0)),
    )


def _active_councils(period: Period) -> list[Council]:
    """The councils active in ``period``, each marked when its figures for the quarter are
    demonstration data (one query)."""
    return list(
        Council.objects.active_between(period.starts_on, period.ends_on)
        .select_related("sub_region")
        .annotate(is_demonstration=is_demonstration_for(period, OuterRef("pk")))
        .order_by("name")
    )


def _no_overview(
    *, sort: str, sorts: dict[str, str], comparator: str, shows_drafts: bool
) -> OverviewPage:
    """The overview before any quarter has judgements or comparators."""
    return OverviewPage(
        period=None,
        previous=None,
        periods=[],
        domains=list(Domain.choices),
        rows=[],
        sub_regions=[],
        authority_types=[],
        sub_region="",
        authority_type="",
        sort=sort,
        sorts=sorts,
        comparator=comparator,
        comparators=TEASC_COMPARATORS,
        shows_drafts=shows_drafts,
        active_councils=0,
        published_judgements=0,
    )


@dataclass(frozen=True)
class _OverviewFilters:
    """The sub-regions and authority types of the quarter's councils, the ones chosen (empty
    when the value asked for is not among them) and the councils they leave shown."""

    sub_regions: list[SubRegion]
    authority_types: list[tuple[str, str]]
    sub_region: str
    authority_type: str
    shown: list[Council]

    @classmethod
    def of(
        cls, councils: list[Council], *, sub_region: str, authority_type: str
    ) -> "_OverviewFilters":
        sub_regions = sorted({c.sub_region_id: c.sub_region for c in councils}.values(), key=str)
        types_present = {c.authority_type for c in councils}
        types = [(v, label) for v, label in AuthorityType.choices if v in types_present]
        if sub_region not in {str(s.pk) for s in sub_regions}:
            sub_region = ""
        if authority_type not in types_present:
            authority_type = ""
        shown = [
            c
            for c in councils
            if (not sub_region or str(c.sub_region_id) == sub_region)
            and (not authority_type or c.authority_type == authority_type)
        ]
        return cls(sub_regions, types, sub_region, authority_type, shown)


def _overview_rows(
    councils: list[Council],
    period: Period,
    previous: Period | None,
    published: dict[tuple[int, int, str], str],
    drafts: dict[tuple[int, str], str],
    comparator: str,
) -> list[OverviewRow]:
    """A row per council: a cell per domain and the council's TEASC summary against
    ``comparator``. One query."""
    # Tuples, not model instances: one summary per council of the country.
    teasc = {
        council_id: TeascFigures(*figures)
        for council_id, *figures in TeascSummary.objects.filter(
            period=period, comparator=comparator
        )
        .order_by()
        .values_list("council_id", "items", "better", "improving", "better_and_improving")
    }
    # One reverse() for the page rather than one per council.
    url = reverse("scorecard:scorecard", args=["-slug-"]).replace("-slug-", "{}")
    query = f"?period={period.slug}"
    domains, this, last = Domain.values, period.pk, previous.pk if previous else None
    return [
        OverviewRow(
            council=c,
            scorecard_url=url.format(c.slug) + query,
            cells=[
                overview_cell(
                    published.get((c.id, this, d), ""),
                    published.get((c.id, last, d), "") if last else None,
                    drafts.get((c.id, d), ""),
                )
                for d in domains
            ],
            teasc=teasc.get(c.id),
        )
        for c in councils
    ]


def _best_teasc_first(row: OverviewRow) -> tuple[bool, float, str]:
    """Highest share better than the comparator and improving first; councils without a
    summary last; then by name."""
    return (
        row.teasc is None or row.teasc.share is None,
        -(row.teasc.share or 0) if row.teasc else 0,
        row.council.name,
    )


def _overview_ratings(
    period: Period, previous: Period | None, *, shows_drafts: bool
) -> tuple[dict[tuple[int, int, str], str], dict[tuple[int, str], str]]:
    """Published ratings by (council, period, domain) for the quarter and the one before, and,
    only when ``shows_drafts``, draft ratings with unpublished changes by (council, domain)."""
    period_ids = [period.pk] + ([previous.pk] if previous else [])
    judgements = Judgement.objects.filter(period_id__in=period_ids).order_by()
    published: dict[tuple[int, int, str], str] = {}
    drafts: dict[tuple[int, str], str] = {}
    if not shows_drafts:
        for council_id, period_id, domain, rating in judgements.filter(
            published_at__isnull=False
        ).values_list("council_id", "period_id", "domain", "published_rating"):
            published[(council_id, period_id, domain)] = rating
        return published, drafts
    # Tuples, not model instances: this runs over every council of the country on one page.
    for (
        council_id,
        period_id,
        domain,
        rating,
        commentary,
        published_rating,
        published_commentary,
        was_published,
    ) in judgements.annotate(
        was_published=ExpressionWrapper(Q(published_at__isnull=False), BooleanField())
    ).values_list(
        "council_id",
        "period_id",
        "domain",
        "rating",
        "commentary",
        "published_rating",
        "published_commentary",
        "was_published",
    ):
        if was_published:
            published[(council_id, period_id, domain)] = published_rating
        unpublished_changes = Judgement.changed_since_publication(
            published=was_published,
            rating=rating,
            commentary=commentary,
            published_rating=published_rating,
            published_commentary=published_commentary,
        )
        if period_id == period.pk and unpublished_changes:
            drafts[(council_id, domain)] = rating
    return published, drafts
