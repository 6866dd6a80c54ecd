"""A council's balanced scorecard for a quarter: the six domains with their published ratings,
commentary, CQC quality statements and the evidence of the measures mapped to each; the
narrative and the Local Account."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef

from accounts import access
from accounts.access import AnyUser
from authorities.models import Council
from returns.models import Domain, Measure, Period
from scorecard.models import (
    ComparatorGroup,
    CouncilPosition,
    Judgement,
    LocalAccount,
    MeasureBenchmark,
    Narrative,
    PublishedPosition,
    QualityStatement,
)
from scorecard.selectors.comparators import Comparator, figure_comparators, is_too_few
from scorecard.selectors.demonstration import is_demonstration_for
from scorecard.selectors.periods import default_period, scorecard_periods
from scorecard.selectors.presentation import (
    NOT_PUBLISHED,
    PositionWords,
    RatingTag,
    rating_tag,
)
from sli_portal.financial_years import year_label


@dataclass(frozen=True)
class EvidenceRow(PositionWords):
    """One measure mapped to a domain: the council's figure beside the NW median, England and
    its CIPFA nearest neighbours (the latest published year up to the quarter's)."""

    measure: Measure
    benchmark: MeasureBenchmark | None
    position: CouncilPosition | None
    cipfa: PublishedPosition | None
    council: Council
    period_label: str

    @property
    def cipfa_year_label(self) -> str:
        return year_label(self.cipfa.year) if self.cipfa else ""

    @property
    def neighbours_comparable(self) -> bool:
        """Whether the council's published figure may be banded against its neighbours."""
        return self.cipfa is not None and not is_too_few(self.cipfa.count)

    @property
    def comparators(self) -> list[Comparator]:
        return figure_comparators(
            council=self.council,
            benchmark=self.benchmark,
            position=self.position,
            neighbours=self.cipfa,
            period_label=self.period_label,
        )


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
    # The council's figures for the quarter, and so their trend and direction of travel, are
    # demonstration data.
    is_demonstration: bool = False


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
        if council.is_active_between(c.period.starts_on, c.period.ends_on)
    ]
    if period is None:
        period = default_period(choices)
    show_ranks = bool(access.can_see_ranks(fetched_by))
    if period is None:
        return _no_scorecard(council, show_ranks=show_ranks, internal=internal)
    sections = _domain_sections(council, period, internal=internal)
    narrative = Narrative.objects.filter(council=council, period=period).first()
    published_narrative = narrative.published_text if narrative and narrative.published_at else ""
    local_account = LocalAccount.objects.filter(council=council, year=period.year).first()
    return ScorecardPage(
        council=council,
        period=period,
        periods=[c.period for c in choices],
        active=council.is_active_between(period.starts_on, period.ends_on),
        sections=sections,
        narrative=published_narrative,
        narrative_published_at=narrative.published_at if narrative else None,
        draft_narrative=narrative.text
        if narrative and internal and narrative.text != published_narrative
        else "",
        local_account=local_account,
        local_account_year=year_label(period.year),
        local_account_notes=local_account.notes if local_account and internal else "",
        show_ranks=show_ranks,
        shows_internal=internal,
        is_demonstration=any(
            getattr(row.position, "is_demonstration", False)
            for section in sections
            for row in section.evidence
        ),
    )


def _no_scorecard(council: Council, *, show_ranks: bool, internal: bool) -> ScorecardPage:
    """The scorecard of a council with no quarter to show."""
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


def _domain_sections(council: Council, period: Period, *, internal: bool) -> list[DomainSection]:
    """The six domains in order, drafts and internal commentary only when ``internal``. Six
    queries: judgements and their quality statements, then the evidence."""
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
        draft = j is not None and internal and j.has_unpublished_changes
        sections.append(
            DomainSection(
                domain=domain,
                label=label,
                published=rating_tag(j.published_rating) if j and j.is_published else None,
                published_commentary=j.published_commentary if j and j.is_published else "",
                published_at=j.published_at if j else None,
                quality_statements=list(j.quality_statements.all()) if j and shown else [],
                draft=rating_tag(j.rating) if j and draft else None,
                draft_commentary=j.commentary if j and draft else "",
                internal_commentary=j.internal_commentary if j and internal else "",
                evidence=evidence.get(domain, []),
            )
        )
    return sections


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
        )
        .annotate(is_demonstration=is_demonstration_for(OuterRef("period")))
        .order_by()
    }
    cipfa = neighbour_positions(council_ids=[council.pk], year=period.year, measures=measures)
    grouped: dict[str, list[EvidenceRow]] = {}
    for m in measures:
        grouped.setdefault(m.scorecard_domain, []).append(
            EvidenceRow(
                m,
                benchmarks.get(m.pk),
                positions.get(m.pk),
                cipfa.get((council.pk, m.pk)),
                council,
                period.label,
            )
        )
    return grouped


def neighbour_positions(
    *, council_ids: list[int], year: int, measures: list[Measure]
) -> dict[tuple[int, int], PublishedPosition]:
    """Each council's position among its CIPFA nearest neighbours on each measure, as last
    published up to the financial year ``year``, by (council id, measure id). One query."""
    # A published series continues across the 2023 renumbering through the predecessor.
    continues = {m.pk: m.pk for m in measures}
    continues.update({m.predecessor_id: m.pk for m in measures if m.predecessor_id})
    positions: dict[tuple[int, int], PublishedPosition] = {}
    for p in (
        PublishedPosition.objects.filter(
            council_id__in=council_ids,
            group=ComparatorGroup.CIPFA,
            year__lte=year,
            measure_id__in=list(continues),
        )
        .order_by("year", "-measure_id")
        .select_related("peer_group")
        .only(
            "council_id",
            "measure_id",
            "year",
            "value",
            "median",
            "count",
            "band",
            "peer_group",
            "peer_group__comparator_set",
            "peer_group__kind",
            "peer_group__applies_from_year",
        )
    ):
        positions[(p.council_id, continues[p.measure_id])] = p
    return positions
