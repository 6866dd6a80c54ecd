"""What the document shows, shaped for the template: the regional summary and a section per
council, from rows already read (no queries here)."""

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from authorities.models import Council
from reports.assembly.scope import (
    RATING_COLUMNS,
    RATING_ORDER,
    TEASC_THRESHOLD,
    Scope,
    format_figure,
)
from reports.assembly.sources import DataSource
from reports.models import LocalAccountNaming
from returns.models import Domain, Measure, Polarity
from scorecard.models import (
    CouncilPosition,
    Direction,
    LocalAccount,
    MeasureBenchmark,
    PublishedPosition,
    Rating,
)
from scorecard.selectors import (
    NOT_PUBLISHED,
    OverviewPage,
    RatingTag,
    TeascFigures,
    is_too_few,
    quartile_words,
    rating_tag,
)
from sli_portal.financial_years import year_label


@dataclass(frozen=True)
class DomainRating:
    domain: str
    label: str
    tag: RatingTag
    commentary: str
    last_year: RatingTag | None
    change: str
    movement: int  # +1 better than a year ago, -1 worse, 0 same or not comparable


@dataclass(frozen=True)
class KeyMeasure:
    measure: Measure
    value: str
    nw_median: str
    nw_quartiles: str
    england: str
    england_year: str
    neighbours: str
    neighbours_year: str
    direction: str
    band: str
    position_words: str
    # Raw numbers for the chart (None where there is no figure).
    raw_value: float | None
    raw_nw_median: float | None
    raw_nw_lower: float | None
    raw_nw_upper: float | None
    raw_england: float | None
    raw_neighbours: float | None
    nw_count: int = 0  # the councils' returns the North West median is of
    # The measure's scale across the whole region (every council's figure and every
    # comparator), the same on every council's chart; and whether higher is better.
    scale: tuple[float, float] | None = None
    higher_is_better: bool = True
    neighbours_list: str = ""  # which published list of nearest neighbours
    unit: str = ""


@dataclass(frozen=True)
class LocalAccountStatus:
    year_label: str
    recorded: bool
    assessment: str  # empty unless the Board has decided to name assessments
    published_on: datetime.date | None
    url: str


@dataclass(frozen=True)
class CouncilSection:
    council: Council
    anchor: str
    ratings: list[DomainRating]
    narrative: str
    measures: list[KeyMeasure]
    local_account: LocalAccountStatus
    teasc: TeascFigures | None
    teasc_last_year: TeascFigures | None
    direction_words: str
    ratings_words: str
    neighbours_note: str = ""

    @property
    def dash_notes(self) -> list[str]:
        """What each "–" in the key measures table means, for the dashes it holds."""
        notes = []
        if any(m.raw_value is None for m in self.measures):
            notes.append(f"{self.council.name}: no figure from an accepted return.")
        if any(m.raw_nw_median is None for m in self.measures):
            notes.append(
                "North West median: fewer than 8 councils' returns held the figure, so no "
                "median is shown (groups smaller than 8 are not compared)."
            )
        if any(m.raw_england is None for m in self.measures):
            notes.append("England: no published England figure for the measure.")
        if any(m.raw_neighbours is None for m in self.measures):
            notes.append(
                "Nearest neighbours: no published figure for 8 or more of its CIPFA nearest "
                "neighbours, or no published list of them."
            )
        return notes

    @property
    def nw_count(self) -> int:
        """How many councils' returns the North West median is of, when it is the same for
        every measure (then said once, in the column's header), else 0."""
        counts = {m.nw_count for m in self.measures if m.raw_nw_median is not None}
        return counts.pop() if len(counts) == 1 else 0

    @property
    def england_year(self) -> str:
        """The year of the published England figures when it is the same for every measure."""
        years = {m.england_year for m in self.measures if m.england_year}
        return years.pop() if len(years) == 1 else ""

    @property
    def neighbours_year(self) -> str:
        """The year of the nearest neighbours' figures when it is the same for every measure."""
        years = {m.neighbours_year for m in self.measures if m.neighbours_year}
        return years.pop() if len(years) == 1 else ""

    @property
    def chart_title(self) -> str:
        return (
            f"{self.council.name}: key measures against the North West, England and its CIPFA "
            "nearest neighbours"
        )

    @property
    def chart_description(self) -> str:
        parts = []
        for m in self.measures:
            parts.append(
                f"{m.measure.code} {m.measure.name}: {self.council.name} {m.value}; "
                f"North West median {m.nw_median}; England {m.england}; "
                f"nearest neighbours median {m.neighbours}."
            )
        return " ".join(parts) or "No key measures."


@dataclass(frozen=True)
class TeascRow:
    council: Council
    this_year: TeascFigures | None
    last_year: TeascFigures | None

    @property
    def change_words(self) -> str:
        if self.this_year is None or self.this_year.share is None:
            return "No summary"
        if self.last_year is None or self.last_year.share is None:
            return "Not comparable"
        points = round(100 * self.this_year.share) - round(100 * self.last_year.share)
        if points == 0:
            return "No change"
        return f"{'Up' if points > 0 else 'Down'} {abs(points)} percentage point{'s' if abs(points) != 1 else ''}"


@dataclass(frozen=True)
class RatingChange:
    council: Council
    domain: str
    was: RatingTag
    now: RatingTag
    better: bool


@dataclass(frozen=True)
class RegionalSummary:
    councils: int
    accepted_returns: int
    published_judgements: int
    expected_judgements: int
    rating_counts: list[tuple[str, int, int]]  # (label, this year, a year earlier)
    local_accounts_published: int
    local_accounts_recorded: int
    teasc_rows: list[TeascRow]
    teasc_at_threshold: int
    teasc_at_threshold_last_year: int
    teasc_with_summary: int
    teasc_median_share: str
    teasc_median_share_last_year: str
    improved: list[RatingChange]
    worsened: list[RatingChange]
    unchanged: int
    not_assessed: int = 0
    reopened_returns: int = 0
    # Whether the portal holds published ratings for the same quarter a year earlier: only
    # then does the Account compare with it (never "0 better, 0 worse" for a first year).
    has_previous_year: bool = False
    domain_positions: list[Any] = field(default_factory=list)
    local_account_counts: list[tuple[str, int]] = field(default_factory=list)
    local_accounts_named: bool = False
    local_account_decision: str = ""

    @property
    def local_accounts_unrecorded(self) -> int:
        return self.councils - self.local_accounts_recorded

    @property
    def changes_by_domain(self) -> list[tuple[str, int, int]]:
        """(domain, ratings better, ratings worse) since a year earlier, in the domains' order."""
        better = Counter(c.domain for c in self.improved)
        worse = Counter(c.domain for c in self.worsened)
        return [(p.label, better[p.label], worse[p.label]) for p in self.domain_positions]


@dataclass
class RegionalAccountData:
    """The whole document's content, and the manifest of the data it came from."""

    scope: Scope
    title: str
    summary: RegionalSummary
    matrix: OverviewPage
    last_year_matrix: dict[tuple[int, str], RatingTag]
    councils: list[CouncilSection]
    sources: list[DataSource]
    manifest: dict[str, Any]
    sections: dict[str, Any] = field(default_factory=dict)
    key_messages: list[Any] = field(default_factory=list)

    @property
    def key_measures(self) -> list[KeyMeasure]:
        """The key measures every council's section shows, in its order (the same for all)."""
        return self.councils[0].measures if self.councils else []

    @property
    def rating_columns(self) -> list[tuple[str, str]]:
        return RATING_COLUMNS

    @property
    def manifest_sha256(self) -> str:
        return manifest_digest(self.manifest)


def manifest_digest(manifest: dict[str, Any]) -> str:
    text = json.dumps(manifest, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


Published = dict[tuple[int, int, str], tuple[str, str, datetime.datetime | None]]


@dataclass(frozen=True)
class AccountRows:
    """What the Account is built from, as ``account_assemble`` read it: published judgements
    (rating, commentary, when) by (council, quarter, domain); TEASC summaries by (council,
    quarter); the key measures with their NW benchmarks, each council's position and its CIPFA
    nearest neighbours' published position by (council, measure); Local Accounts and published
    narratives (text, when) by council; accepted returns as (council, quarter, version)."""

    judgements: Published
    teasc: dict[tuple[int, int], TeascFigures]
    measures: list[Measure]
    benchmarks: dict[int, MeasureBenchmark]
    positions: dict[tuple[int, int], CouncilPosition]
    neighbours: dict[tuple[int, int], PublishedPosition]
    local_accounts: dict[int, LocalAccount]
    narratives: dict[int, tuple[str, datetime.datetime | None]]
    returns: list[tuple[int, int, int]]
    reopened_returns: int = 0
    # The Board's latest decision on naming Local Account assessments (None: counts only).
    local_account_naming: LocalAccountNaming | None = None
    neighbour_names: dict[int, list[str]] = field(default_factory=dict)

    def scale(self, measure: Measure) -> tuple[float, float] | None:
        """The lowest and highest figure of ``measure`` anywhere in the Account."""
        values = [
            p.value
            for (_c, m), p in self.positions.items()
            if m == measure.pk and p.value is not None
        ]
        values += [
            p.median
            for (_c, m), p in self.neighbours.items()
            if m == measure.pk and p.median is not None
        ]
        benchmark = self.benchmarks.get(measure.pk)
        if benchmark is not None:
            values += [
                v
                for v in (
                    benchmark.nw_lower_quartile,
                    benchmark.nw_upper_quartile,
                    benchmark.nw_median,
                    benchmark.england_value,
                )
                if v is not None
            ]
        return (min(values), max(values)) if values else None


def _change(now: RatingTag, was: RatingTag | None) -> tuple[str, int]:
    if was is None:
        return "Not published a year earlier", 0
    if was.value == now.value:
        return "No change", 0
    if now.value in RATING_ORDER and was.value in RATING_ORDER:
        better = RATING_ORDER[now.value] > RATING_ORDER[was.value]
        return (
            (f"Better than a year earlier (was {was.label})", 1)
            if better
            else (
                f"Worse than a year earlier (was {was.label})",
                -1,
            )
        )
    return f"Was {was.label}", 0


def names_local_accounts(rows: AccountRows) -> bool:
    """Whether the Board has decided the Account names each council's Local Account
    assessment; counts only until it has."""
    return rows.local_account_naming is not None and rows.local_account_naming.name_councils


def council_section_build(
    council: Council,
    scope: Scope,
    rows: AccountRows,
    scales: dict[int, tuple[float, float] | None] | None = None,
) -> CouncilSection:
    """A council's section: its six domains' published ratings beside a year earlier, its
    published narrative, its key measures, its Local Account and its TEASC summaries."""
    period, last = scope.period, scope.last_year
    ratings = _domain_ratings(council, scope, rows.judgements)
    positions = [rows.positions.get((council.pk, m.pk)) for m in rows.measures]
    directions = Counter(p.direction if p else Direction.UNKNOWN for p in positions)
    local_account = rows.local_accounts.get(council.pk)
    scales = scales if scales is not None else {m.pk: rows.scale(m) for m in rows.measures}
    moved = Counter(r.movement for r in ratings)
    return CouncilSection(
        council=council,
        anchor=f"council-{council.slug}",
        ratings=ratings,
        narrative=rows.narratives.get(council.pk, ("", None))[0],
        measures=[
            replace(
                _key_measure(
                    m, position, rows.benchmarks.get(m.pk), rows.neighbours.get((council.pk, m.pk))
                ),
                scale=scales.get(m.pk),
                higher_is_better=m.effective_polarity != Polarity.LOWER,
            )
            for m, position in zip(rows.measures, positions, strict=True)
        ],
        local_account=LocalAccountStatus(
            year_label=scope.year_label,
            recorded=local_account is not None,
            assessment=(
                local_account.get_assessment_display()
                if local_account and names_local_accounts(rows)
                else ""
            ),
            published_on=local_account.published_on if local_account else None,
            url=local_account.url if local_account else "",
        ),
        teasc=rows.teasc.get((council.pk, period.pk)),
        teasc_last_year=rows.teasc.get((council.pk, last.pk)) if last else None,
        direction_words=_direction_words(directions, len(rows.measures)),
        neighbours_note=_neighbours_note(council, rows),
        ratings_words=(
            f"Compared with a year earlier: {moved[1]} domain{'s' if moved[1] != 1 else ''} "
            f"rated better, {moved[-1]} rated worse."
            if any(r.last_year is not None for r in ratings)
            else "No ratings were published a year earlier to compare with."
        ),
    )


def _neighbours_note(council: Council, rows: AccountRows) -> str:
    """Which published list of CIPFA nearest neighbours the council's neighbours' median is
    taken over, and the councils on it."""
    peer = next(
        (
            p
            for m in rows.measures
            if (p := rows.neighbours.get((council.pk, m.pk))) is not None and p.peer_group_id
        ),
        None,
    )
    if peer is None or peer.peer_group is None:
        return ""
    names = rows.neighbour_names.get(peer.peer_group.pk, [])
    listed = f": {', '.join(names)}" if names else ""
    return f"Its nearest neighbours' median is over {peer.peer_group.list_name}{listed}."


def _domain_ratings(council: Council, scope: Scope, judgements: Published) -> list[DomainRating]:
    period, last = scope.period, scope.last_year
    ratings = []
    for domain, label in Domain.choices:
        current = judgements.get((council.pk, period.pk, domain))
        previous = judgements.get((council.pk, last.pk, domain)) if last else None
        tag = (rating_tag(current[0]) if current else None) or NOT_PUBLISHED
        was = rating_tag(previous[0]) if previous else None
        change, movement = _change(tag, was) if current else ("", 0)
        ratings.append(
            DomainRating(
                domain=domain,
                label=label,
                tag=tag,
                commentary=current[1] if current else "",
                last_year=was,
                change=change,
                movement=movement,
            )
        )
    return ratings


def _key_measure(
    m: Measure,
    position: CouncilPosition | None,
    benchmark: MeasureBenchmark | None,
    peer: PublishedPosition | None,
) -> KeyMeasure:
    places = m.decimal_places
    direction = position.direction if position else Direction.UNKNOWN
    # No median or quartiles over too few councils' figures (scorecard.selectors.comparators).
    if benchmark is not None and benchmark.too_few:
        benchmark = None
    if peer is not None and is_too_few(peer.count):
        peer = None
    return KeyMeasure(
        measure=m,
        value=format_figure(position.value if position else None, places),
        nw_median=format_figure(benchmark.nw_median if benchmark else None, places),
        nw_quartiles=(
            f"{format_figure(benchmark.nw_lower_quartile, places)} to "
            f"{format_figure(benchmark.nw_upper_quartile, places)}"
            if benchmark and benchmark.nw_lower_quartile is not None
            else "–"
        ),
        england=format_figure(benchmark.england_value if benchmark else None, places),
        england_year=benchmark.england_year_label if benchmark else "",
        neighbours=format_figure(peer.median if peer else None, places),
        neighbours_year=year_label(peer.year) if peer else "",
        direction=Direction(direction).label,
        band=position.get_band_display() if position else "No figure",
        position_words=quartile_words(m, position),
        raw_value=position.value if position else None,
        raw_nw_median=benchmark.nw_median if benchmark else None,
        raw_nw_lower=benchmark.nw_lower_quartile if benchmark else None,
        raw_nw_upper=benchmark.nw_upper_quartile if benchmark else None,
        raw_england=benchmark.england_value if benchmark else None,
        raw_neighbours=peer.median if peer else None,
        nw_count=benchmark.nw_count if benchmark else 0,
        neighbours_list=peer.peer_group.list_name if peer and peer.peer_group else "",
        unit=m.unit_label or m.get_unit_display(),
    )


def _direction_words(directions: Counter[str], total: int) -> str:
    if not total:
        return "No key measures."
    return (
        f"Over the last four quarters, of {total} key measures: "
        f"{directions[Direction.IMPROVING]} improving, {directions[Direction.STABLE]} stable, "
        f"{directions[Direction.WORSENING]} worsening, "
        f"{directions[Direction.UNKNOWN]} without enough data."
    )


def _median_share(figures: list[TeascFigures | None]) -> tuple[str, int]:
    shares = sorted(f.share for f in figures if f is not None and f.share is not None)
    if not shares:
        return "–", 0
    middle = len(shares) // 2
    median = shares[middle] if len(shares) % 2 else (shares[middle - 1] + shares[middle]) / 2
    return f"{round(100 * median)}%", sum(1 for s in shares if s >= TEASC_THRESHOLD)


def summary_build(
    scope: Scope, councils: list[Council], rows: AccountRows, sections: list[CouncilSection]
) -> RegionalSummary:
    """The regional summary: returns accepted, judgements published and how they are spread
    across the ratings beside a year earlier, Local Accounts, TEASC summaries and the domains
    whose rating changed."""
    period, last = scope.period, scope.last_year
    this_counts, last_counts = _rating_counts(scope, rows.judgements)
    teasc_rows = [
        TeascRow(
            council=c,
            this_year=rows.teasc.get((c.pk, period.pk)),
            last_year=rows.teasc.get((c.pk, last.pk)) if last else None,
        )
        for c in councils
    ]
    median_now, at_threshold = _median_share([r.this_year for r in teasc_rows])
    median_last, at_threshold_last = _median_share([r.last_year for r in teasc_rows])
    improved, worsened, unchanged = _rating_changes(sections)
    assessments = Counter(la.assessment for la in rows.local_accounts.values())
    has_previous_year = sum(last_counts.values()) > 0
    return RegionalSummary(
        not_assessed=this_counts[Rating.NOT_ASSESSED],
        reopened_returns=rows.reopened_returns,
        has_previous_year=has_previous_year,
        councils=len(councils),
        accepted_returns=sum(1 for _c, p, _v in rows.returns if p == period.pk),
        published_judgements=sum(this_counts.values()),
        expected_judgements=len(councils) * len(Domain.choices),
        rating_counts=[
            (label, this_counts[value], last_counts[value]) for value, label in Rating.choices
        ],
        local_accounts_published=sum(
            1
            for la in rows.local_accounts.values()
            if la.assessment != LocalAccount.Assessment.NOT_PUBLISHED
        ),
        local_accounts_recorded=len(rows.local_accounts),
        local_accounts_named=names_local_accounts(rows),
        local_account_decision=(
            f"{rows.local_account_naming.decision} ({rows.local_account_naming.decided_on:%-d %B %Y})"
            if rows.local_account_naming
            else ""
        ),
        local_account_counts=[
            (str(label), assessments[value]) for value, label in LocalAccount.Assessment.choices
        ],
        teasc_rows=teasc_rows,
        teasc_at_threshold=at_threshold,
        teasc_at_threshold_last_year=at_threshold_last,
        teasc_with_summary=sum(1 for r in teasc_rows if r.this_year is not None),
        teasc_median_share=median_now,
        teasc_median_share_last_year=median_last,
        improved=improved,
        worsened=worsened,
        unchanged=unchanged,
    )


def _rating_counts(scope: Scope, judgements: Published) -> tuple[Counter[str], Counter[str]]:
    """Published ratings counted by rating, this quarter and a year earlier."""
    period, last = scope.period, scope.last_year
    this_counts: Counter[str] = Counter()
    last_counts: Counter[str] = Counter()
    for (_c, period_id, _d), (rating, _t, _a) in judgements.items():
        if period_id == period.pk:
            this_counts[rating] += 1
        elif last is not None and period_id == last.pk:
            last_counts[rating] += 1
    return this_counts, last_counts


def _rating_changes(
    sections: list[CouncilSection],
) -> tuple[list[RatingChange], list[RatingChange], int]:
    """Domains rated better and worse than a year earlier, and how many are unchanged."""
    improved: list[RatingChange] = []
    worsened: list[RatingChange] = []
    unchanged = 0
    for section in sections:
        for r in section.ratings:
            if r.last_year is None or r.tag is NOT_PUBLISHED:
                continue
            if r.movement:
                change = RatingChange(section.council, r.label, r.last_year, r.tag, r.movement > 0)
                (improved if r.movement > 0 else worsened).append(change)
            elif r.last_year.value == r.tag.value:
                unchanged += 1
    return improved, worsened, unchanged
