"""Reads for the scorecard pages: they only read what the comparators module stored."""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, Model, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from accounts import access
from accounts.access import AnyUser
from authorities.models import AuthorityType, Council, SubRegion
from returns.models import Domain, Measure, Period, Polarity, Return
from scorecard.models import (
    ComparatorGroup,
    CouncilPosition,
    Direction,
    Judgement,
    LocalAccount,
    MeasureBenchmark,
    Narrative,
    PublishedPosition,
    QualityStatement,
    Rating,
    TeascSummary,
)

DIRECTION_COLOURS: dict[str, str] = {
    Direction.IMPROVING: "green",
    Direction.WORSENING: "red",
    Direction.STABLE: "blue",
}
QUARTILE_WORDS = {
    1: "lowest quarter",
    2: "second-lowest quarter",
    3: "second-highest quarter",
    4: "highest quarter",
}


def quartile_words(measure: Measure, position: CouncilPosition | None) -> str:
    """The quarter of NW values a figure falls in, and which half is better when the measure
    declares a better direction."""
    if position is None or position.value_quartile is None:
        return "No figure"
    words = f"In the {QUARTILE_WORDS[position.value_quartile]} of NW values"
    if not measure.has_polarity:
        return words
    good = (
        position.value_quartile >= 3
        if measure.polarity == Polarity.HIGHER
        else position.value_quartile <= 2
    )
    return f"{words} ({'better' if good else 'worse'} half)"


@functools.cache
def _choice_labels(model: type[Model], field: str) -> dict[object, object]:
    choices = model._meta.get_field(field).flatchoices  # type: ignore[union-attr]
    return dict(make_hashable(choices))


def choice_words(instance: Model, field: str) -> str:
    """What ``instance.get_<field>_display()`` gives, from labels gathered once per field:
    Django gathers them on every call, which shows on pages with a row per council."""
    value = getattr(instance, field)
    labels = _choice_labels(type(instance), field)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def direction_colour(position: CouncilPosition | None) -> str:
    if position is None:
        return "grey"
    return DIRECTION_COLOURS.get(position.direction, "grey")


def periods_with_comparators() -> QuerySet[Period]:
    return (
        Period.objects.filter(benchmarks__nw_count__gt=0).distinct().order_by("-year", "-quarter")
    )


def council_list() -> QuerySet[Council]:
    return Council.objects.select_related("sub_region").order_by("sub_region__name", "name")


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    benchmark: MeasureBenchmark
    position: CouncilPosition | None

    @property
    def value(self) -> float | None:
        return self.position.value if self.position else None

    @property
    def quartile_words(self) -> str:
        return quartile_words(self.measure, self.position)

    @property
    def direction_colour(self) -> str:
        return direction_colour(self.position)

    @property
    def direction_words(self) -> str:
        return choice_words(self.position, "direction") if self.position else ""

    @property
    def unit_words(self) -> str:
        return self.measure.unit_label or choice_words(self.measure, "unit")

    @property
    def tier_words(self) -> str:
        return choice_words(self.measure, "tier")

    @property
    def teasc_section_words(self) -> str:
        return choice_words(self.measure, "teasc_section")


@dataclass(frozen=True)
class CouncilPage:
    council: Council
    period: Period | None
    periods: list[Period]
    rows: list[MeasureRow]
    is_demonstration: bool
    show_ranks: bool


def council_page_get(
    *, council: Council, period: Period | None, fetched_by: AnyUser
) -> CouncilPage:
    """A council's accepted figures for a quarter beside the NW and England comparators.
    Ranks only for signed-in users: public pages never show a league table. Fixed queries."""
    periods = list(periods_with_comparators())
    if period is None and periods:
        period = next((p for p in periods if council.is_active_on(p.ends_on)), periods[0])
    rows: list[MeasureRow] = []
    is_demo = False
    if period is not None:
        positions = {
            p.measure_id: p for p in CouncilPosition.objects.filter(council=council, period=period)
        }
        benchmarks = (
            MeasureBenchmark.objects.filter(period=period, measure__in_return=True)
            .select_related("measure")
            .order_by("measure__display_order", "measure__code")
        )
        rows = [MeasureRow(b.measure, b, positions.get(b.measure_id)) for b in benchmarks]
        is_demo = Return.objects.filter(
            council=council, period=period, is_demonstration=True
        ).exists()
    return CouncilPage(
        council=council,
        period=period,
        periods=periods,
        rows=rows,
        is_demonstration=is_demo,
        show_ranks=bool(access.can_see_ranks(fetched_by)),
    )


# The balanced scorecard pages: the regional overview, a council's scorecard, one measure.

RATING_COLOURS: dict[str, str] = {
    Rating.GREEN: "green",
    Rating.AMBER: "yellow",
    Rating.RED: "red",
    Rating.NOT_ASSESSED: "grey",
}
SORTS = {"name": "Council name", "teasc": "Share better than NW average and improving"}


@dataclass(frozen=True)
class RatingTag:
    """A rating written out, with the GOV.UK tag colour that repeats it: never colour alone."""

    value: str
    label: str
    colour: str

    @property
    def css_class(self) -> str:
        return f"govuk-tag--{self.colour}"


NOT_PUBLISHED = RatingTag("", "Not published", "grey")


@functools.cache
def rating_tag(value: str) -> RatingTag | None:
    if not value:
        return None
    return RatingTag(value, Rating(value).label, RATING_COLOURS.get(value, "grey"))


def _year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _active_in(council: Council, period: Period) -> bool:
    return (council.start_date is None or council.start_date <= period.ends_on) and (
        council.end_date is None or council.end_date >= period.starts_on
    )


@dataclass(frozen=True)
class ScorecardPeriod:
    period: Period
    has_published: bool
    has_comparators: bool


def scorecard_periods(
    *, council: Council | None = None, include_drafts: bool = False
) -> list[ScorecardPeriod]:
    """Quarters with published judgements or comparators (and, for the Planning Group, draft
    judgements), newest first. One query."""
    judgements = Judgement.objects.filter(period=OuterRef("pk"))
    if council is not None:
        judgements = judgements.filter(council=council)
    shown = Q(has_published=True) | Q(has_comparators=True)
    if include_drafts:
        shown |= Q(has_judgements=True)
    periods = (
        Period.objects.annotate(
            has_published=Exists(judgements.filter(published_at__isnull=False)),
            has_judgements=Exists(judgements),
            has_comparators=Exists(
                MeasureBenchmark.objects.filter(period=OuterRef("pk"), nw_count__gt=0)
            ),
        )
        .filter(shown)
        .order_by("-year", "-quarter")
    )
    return [
        ScorecardPeriod(p, bool(getattr(p, "has_published")), bool(getattr(p, "has_comparators")))  # noqa: B009
        for p in periods
    ]


def default_period(choices: list[ScorecardPeriod]) -> Period | None:
    """The latest quarter with any published judgement, else the latest with comparators."""
    return (
        next((c.period for c in choices if c.has_published), None)
        or next((c.period for c in choices if c.has_comparators), None)
        or (choices[0].period if choices else None)
    )


@dataclass(frozen=True)
class TeascFigures:
    """The TEASC summary in words: "15 of 20 (75%)"."""

    items: int
    better: int
    improving: int
    better_and_improving: int

    @classmethod
    def of(cls, summary: TeascSummary) -> "TeascFigures":
        return cls(summary.items, summary.better, summary.improving, summary.better_and_improving)

    def _words(self, count: int) -> str:
        if not self.items:
            return "no items with a declared better direction"
        return f"{count} of {self.items} ({round(100 * count / self.items)}%)"

    @property
    def share(self) -> float | None:
        return self.better_and_improving / self.items if self.items else None

    @property
    def better_words(self) -> str:
        return self._words(self.better)

    @property
    def improving_words(self) -> str:
        return self._words(self.improving)

    @property
    def both_words(self) -> str:
        return self._words(self.better_and_improving)


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
    shows_drafts: bool
    active_councils: int
    published_judgements: int


def overview_get(
    *,
    period: Period | None,
    sub_region: str = "",
    authority_type: str = "",
    sort: str = "name",
    fetched_by: AnyUser,
) -> OverviewPage:
    """The regional overview: every council active in the quarter × the six domains, each with
    its published rating and the change since the previous quarter's published rating, and the
    council's TEASC summary. Only the Planning Group's predicate loads drafts at all. Unknown
    filter or sort values are ignored. Four queries whatever the number of councils."""
    shows_drafts = bool(access.can_view_internal_commentary(fetched_by))
    choices = scorecard_periods(include_drafts=shows_drafts)
    if period is None:
        period = default_period(choices)
    sort = sort if sort in SORTS else "name"
    if period is None:
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
            sorts=SORTS,
            shows_drafts=shows_drafts,
            active_councils=0,
            published_judgements=0,
        )
    previous = next(
        (c.period for c in choices if c.has_published and c.period.index == period.index - 1),
        None,
    )
    councils = list(
        Council.objects.active_between(period.starts_on, period.ends_on)
        .select_related("sub_region")
        .order_by("name")
    )
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
    published, drafts = _overview_ratings(period, previous, shows_drafts=shows_drafts)
    # Tuples, not model instances: one summary per council of the country.
    teasc = {
        council_id: TeascFigures(*figures)
        for council_id, *figures in TeascSummary.objects.filter(period=period)
        .order_by()
        .values_list("council_id", "items", "better", "improving", "better_and_improving")
    }
    # One reverse() for the page rather than one per council.
    url = reverse("scorecard:scorecard", args=["-slug-"]).replace("-slug-", "{}")
    query = f"?period={period.slug}"
    domains, this, last = Domain.values, period.pk, previous.pk if previous else None
    rows = [
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
        for c in shown
    ]
    if sort == "teasc":
        rows.sort(
            key=lambda r: (
                r.teasc is None or r.teasc.share is None,
                -(r.teasc.share or 0) if r.teasc else 0,
                r.council.name,
            )
        )
    return OverviewPage(
        period=period,
        previous=previous,
        periods=[c.period for c in choices],
        domains=list(Domain.choices),
        rows=rows,
        sub_regions=sub_regions,
        authority_types=types,
        sub_region=sub_region,
        authority_type=authority_type,
        sort=sort,
        sorts=SORTS,
        shows_drafts=shows_drafts,
        active_councils=len(councils),
        published_judgements=sum(1 for k in published if k[1] == this),
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


@dataclass(frozen=True)
class EvidenceRow:
    """One measure mapped to a domain: the council's figure beside the NW median, England and
    its CIPFA nearest neighbours (the latest published year up to the quarter's)."""

    measure: Measure
    benchmark: MeasureBenchmark | None
    position: CouncilPosition | None
    cipfa: PublishedPosition | None

    @property
    def value(self) -> float | None:
        return self.position.value if self.position else None

    @property
    def quartile_words(self) -> str:
        return quartile_words(self.measure, self.position)

    @property
    def band_words(self) -> str:
        return choice_words(self.position, "band") if self.position else "No figure"

    @property
    def direction_colour(self) -> str:
        return direction_colour(self.position)

    @property
    def cipfa_year_label(self) -> str:
        return _year_label(self.cipfa.year) if self.cipfa else ""


@dataclass(frozen=True)
class DomainSection:
    """A domain of a council's scorecard. Draft and internal fields are empty unless the
    reader may see internal commentary: they never reach the template otherwise."""

    domain: str
    label: str
    published: RatingTag | None
    published_commentary: str
    published_at: datetime.datetime | None
    quality_statements: list[QualityStatement]
    draft: RatingTag | None
    draft_commentary: str
    internal_commentary: str
    evidence: list[EvidenceRow]

    @property
    def tag(self) -> RatingTag:
        return self.published or NOT_PUBLISHED


@dataclass(frozen=True)
class ScorecardPage:
    council: Council
    period: Period | None
    periods: list[Period]
    active: bool
    sections: list[DomainSection]
    narrative: str
    narrative_published_at: datetime.datetime | None
    draft_narrative: str
    local_account: LocalAccount | None
    local_account_year: str
    local_account_notes: str
    show_ranks: bool
    shows_internal: bool


def council_scorecard_get(
    *, council: Council, period: Period | None, fetched_by: AnyUser
) -> ScorecardPage:
    """A council's balanced scorecard for a quarter: the six domains with published rating,
    public commentary, CQC quality statements and the evidence of the measures mapped to each;
    the published narrative and the Local Account for the financial year. Internal commentary
    and drafts are read only for the Planning Group; ranks only for signed-in users. Nine
    queries whatever the number of measures and periods."""
    internal = bool(access.can_view_internal_commentary(fetched_by))
    choices = [
        c
        for c in scorecard_periods(council=council, include_drafts=internal)
        if _active_in(council, c.period)
    ]
    if period is None:
        period = default_period(choices)
    show_ranks = bool(access.can_see_ranks(fetched_by))
    if period is None:
        return ScorecardPage(
            council=council,
            period=None,
            periods=[],
            active=False,
            sections=[],
            narrative="",
            narrative_published_at=None,
            draft_narrative="",
            local_account=None,
            local_account_year="",
            local_account_notes="",
            show_ranks=show_ranks,
            shows_internal=internal,
        )
    judgements = {
        j.domain: j
        for j in Judgement.objects.filter(council=council, period=period)
        .order_by()
        .prefetch_related("quality_statements")
    }
    evidence = _evidence(council, period)
    sections = []
    for domain, label in Domain.choices:
        j = judgements.get(domain)
        shown = j is not None and (j.is_published or internal)
        sections.append(
            DomainSection(
                domain=domain,
                label=label,
                published=rating_tag(j.published_rating) if j and j.is_published else None,
                published_commentary=j.published_commentary if j and j.is_published else "",
                published_at=j.published_at if j else None,
                quality_statements=list(j.quality_statements.all()) if j and shown else [],
                draft=rating_tag(j.rating)
                if j and internal and j.has_unpublished_changes
                else None,
                draft_commentary=j.commentary
                if j and internal and j.has_unpublished_changes
                else "",
                internal_commentary=j.internal_commentary if j and internal else "",
                evidence=evidence.get(domain, []),
            )
        )
    narrative = Narrative.objects.filter(council=council, period=period).first()
    published_narrative = narrative.published_text if narrative and narrative.published_at else ""
    local_account = LocalAccount.objects.filter(council=council, year=period.year).first()
    return ScorecardPage(
        council=council,
        period=period,
        periods=[c.period for c in choices],
        active=_active_in(council, period),
        sections=sections,
        narrative=published_narrative,
        narrative_published_at=narrative.published_at if narrative else None,
        draft_narrative=narrative.text
        if narrative and internal and narrative.text != published_narrative
        else "",
        local_account=local_account,
        local_account_year=_year_label(period.year),
        local_account_notes=local_account.notes if local_account and internal else "",
        show_ranks=show_ranks,
        shows_internal=internal,
    )


def _evidence(council: Council, period: Period) -> dict[str, list[EvidenceRow]]:
    """Measures mapped to a scorecard domain, each with the council's position, the NW
    benchmark and its CIPFA nearest-neighbour position, grouped by domain. Four queries."""
    measures = list(Measure.objects.in_return().exclude(scorecard_domain=""))
    benchmarks = {
        b.measure_id: b
        for b in MeasureBenchmark.objects.filter(period=period, measure__in=measures).order_by()
    }
    positions = {
        p.measure_id: p
        for p in CouncilPosition.objects.filter(
            council=council, period=period, measure__in=measures
        ).order_by()
    }
    # A published series continues across the 2023 renumbering through the predecessor.
    continues = {m.pk: m.pk for m in measures}
    continues.update({m.predecessor_id: m.pk for m in measures if m.predecessor_id})
    cipfa: dict[int, PublishedPosition] = {}
    for p in PublishedPosition.objects.filter(
        council=council,
        group=ComparatorGroup.CIPFA,
        year__lte=period.year,
        measure_id__in=list(continues),
    ).order_by("year", "-measure_id"):
        cipfa[continues[p.measure_id]] = p
    grouped: dict[str, list[EvidenceRow]] = {}
    for m in measures:
        grouped.setdefault(m.scorecard_domain, []).append(
            EvidenceRow(m, benchmarks.get(m.pk), positions.get(m.pk), cipfa.get(m.pk))
        )
    return grouped


@dataclass(frozen=True)
class MeasureCouncilRow:
    council: Council
    measure: Measure
    position: CouncilPosition | None
    show_rank: bool
    scorecard_url: str = ""

    @property
    def value(self) -> float | None:
        return self.position.value if self.position else None

    @property
    def quartile_words(self) -> str:
        return quartile_words(self.measure, self.position)

    @property
    def band_words(self) -> str:
        return choice_words(self.position, "band") if self.position else "No figure"

    @property
    def direction_words(self) -> str:
        return choice_words(self.position, "direction") if self.position else "No figure"

    @property
    def direction_colour(self) -> str:
        return direction_colour(self.position)

    @property
    def rank(self) -> int | None:
        return self.position.rank if self.position and self.show_rank else None

    @property
    def ranked_of(self) -> int | None:
        return self.position.ranked_of if self.position and self.show_rank else None


@dataclass(frozen=True)
class MeasurePage:
    measure: Measure
    period: Period | None
    periods: list[Period]
    benchmark: MeasureBenchmark | None
    rows: list[MeasureCouncilRow]
    show_ranks: bool
    sort: str

    @property
    def chart_values(self) -> list[tuple[str, float | None]]:
        return [(r.council.name, r.value) for r in self.rows]

    @property
    def with_figures(self) -> int:
        return sum(1 for r in self.rows if r.value is not None)


def measure_page_get(
    *, measure: Measure, period: Period | None, sort: str = "name", fetched_by: AnyUser
) -> MeasurePage:
    """Every council's figure for one measure and quarter beside the NW median, quartiles and
    England. In alphabetical order for everyone; signed-in users may order by value (best
    first when the measure declares a better direction) and see ranks: public pages never
    show a league table. Four queries whatever the number of councils and periods."""
    show_ranks = bool(access.can_see_ranks(fetched_by))
    sort = "value" if sort == "value" and show_ranks else "name"
    periods = list(
        Period.objects.filter(benchmarks__measure=measure, benchmarks__nw_count__gt=0).order_by(
            "-year", "-quarter"
        )
    )
    if period is None and periods:
        period = periods[0]
    if period is None:
        return MeasurePage(measure, None, periods, None, [], show_ranks, sort)
    benchmark = next(
        (b for b in MeasureBenchmark.objects.filter(measure=measure, period=period)), None
    )
    positions = {
        p.council_id: p
        for p in CouncilPosition.objects.filter(measure=measure, period=period)
        .select_related("council")
        .order_by()
    }
    councils = {c.pk: c for c in Council.objects.active_between(period.starts_on, period.ends_on)}
    councils.update({p.council_id: p.council for p in positions.values()})
    # One reverse() for the page rather than one per council.
    url = reverse("scorecard:scorecard", args=["-slug-"]).replace("-slug-", "{}")
    query = f"?period={period.slug}"
    rows = [
        MeasureCouncilRow(c, measure, positions.get(c.pk), show_ranks, url.format(c.slug) + query)
        for c in sorted(councils.values(), key=lambda c: c.name)
    ]
    if sort == "value":
        rows.sort(key=lambda r: _value_order(measure, r))
    return MeasurePage(measure, period, periods, benchmark, rows, show_ranks, sort)


def _value_order(measure: Measure, row: MeasureCouncilRow) -> tuple[bool, float]:
    value = row.value
    if value is None:
        return (True, 0.0)
    return (False, value if measure.polarity == Polarity.LOWER else -value)


def measure_download_rows(page: MeasurePage) -> tuple[list[str], list[list[object]]]:
    """The measure page's rows for a download, alphabetical; rank columns only when the page
    shows ranks. The writer escapes anything a spreadsheet would run as a formula."""
    measure, benchmark = page.measure, page.benchmark
    header = [
        "Council",
        "ONS code",
        "Quarter",
        "Measure code",
        "Measure name",
        "Unit",
        "Value",
        "NW median",
        "NW lower quartile",
        "NW upper quartile",
        "England",
        "England year",
        "Position in the region",
        "Compared with the NW median",
        "Direction of travel",
    ]
    if page.show_ranks:
        header += ["Rank (1 = best)", "Ranked of"]
    rows: list[list[object]] = []
    for row in sorted(page.rows, key=lambda r: r.council.name):
        cells: list[object] = [
            row.council.name,
            row.council.ons_code,
            page.period.label if page.period else "",
            measure.code,
            measure.name,
            measure.unit_label or measure.get_unit_display(),
            row.value,
            benchmark.nw_median if benchmark else None,
            benchmark.nw_lower_quartile if benchmark else None,
            benchmark.nw_upper_quartile if benchmark else None,
            benchmark.england_value if benchmark else None,
            benchmark.england_year_label if benchmark else "",
            row.quartile_words,
            row.band_words,
            row.direction_words,
        ]
        if page.show_ranks:
            cells += [row.rank, row.ranked_of]
        rows.append(cells)
    return header, rows
