"""Evidence that a council is strong at something, read from what other apps store: where it
stands among North West councils on a measure (scorecard comparators), the Planning Group's
published Green ratings (scorecard judgements) and the top levels of thematic self-assessment
standards. Used by the directory's suggestions and by the matching tool.

- **Top quartile** on a measure: in the latest quarter with stored positions, the council's
  figure is in the best quarter of NW figures by the measure's polarity (``value_quartile`` 4
  when higher is better, 1 when lower is better). Measures without a declared better direction
  have no top quartile.
- **Better than the NW median**: band "better" or "much better" in that quarter.
- **Green**: the council's latest published judgement in the domain is Green.
- **Top level**: at the top level of a standard in a published thematic review of the year
  (``selfassessment.selectors.top_level_standards``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from returns.models import Measure, Period, Polarity
from scorecard.models import Band, CouncilPosition, Judgement, Rating
from selfassessment.selectors import TopLevelStandard, top_level_standards
from sli_portal.financial_years import quarter_label

STRONG_BANDS = frozenset({Band.BETTER, Band.MUCH_BETTER})


@dataclass(frozen=True)
class PositionFact:
    council_id: int
    measure_id: int
    measure_label: str
    top_quartile: bool
    better_band: bool
    rank: int | None
    ranked_of: int | None


def latest_position_period() -> Period | None:
    """The latest quarter with stored comparator positions. One query."""
    has_positions = Exists(CouncilPosition.objects.filter(period=OuterRef("pk")))
    return Period.objects.filter(has_positions).order_by("-year", "-quarter").first()


def is_top_quartile(polarity: str, value_quartile: int | None) -> bool:
    if value_quartile is None:
        return False
    if polarity == Polarity.HIGHER:
        return value_quartile == 4
    if polarity == Polarity.LOWER:
        return value_quartile == 1
    return False


def positions(
    *, period: Period | None, measures: Iterable[int], council_id: int | None = None
) -> list[PositionFact]:
    """Each council's position on ``measures`` in ``period``. One query."""
    if period is None:
        return []
    rows = CouncilPosition.objects.filter(period=period, measure_id__in=list(measures))
    if council_id is not None:
        rows = rows.filter(council_id=council_id)
    return [
        PositionFact(
            council_id=row["council_id"],
            measure_id=row["measure_id"],
            measure_label=f"{row['measure__code']} {row['measure__name']}",
            top_quartile=is_top_quartile(row["measure__polarity"], row["value_quartile"]),
            better_band=row["band"] in STRONG_BANDS,
            rank=row["rank"],
            ranked_of=row["ranked_of"],
        )
        for row in rows.values(
            "council_id",
            "measure_id",
            "measure__code",
            "measure__name",
            "measure__polarity",
            "value_quartile",
            "band",
            "rank",
            "ranked_of",
        ).order_by("council_id", "measure__display_order", "measure__code")
    ]


def latest_published_ratings(*, domains: Iterable[str]) -> dict[tuple[int, str], tuple[str, str]]:
    """(council id, domain) -> (published rating, quarter label) of each council's latest
    published judgement in ``domains``. One query."""
    rows = (
        Judgement.objects.filter(domain__in=list(domains), published_at__isnull=False)
        .order_by("council_id", "domain", "-period__year", "-period__quarter")
        .values_list("council_id", "domain", "published_rating", "period__year", "period__quarter")
    )
    latest: dict[tuple[int, str], tuple[str, str]] = {}
    for council_id, domain, rating, year, quarter in rows:
        latest.setdefault((council_id, domain), (rating, quarter_label(year, quarter)))
    return latest


def green_domains(*, domains: Iterable[str]) -> dict[tuple[int, str], str]:
    """(council id, domain) -> quarter label, where the latest published rating is Green."""
    return {
        key: label
        for key, (rating, label) in latest_published_ratings(domains=domains).items()
        if rating == Rating.GREEN
    }


def top_levels(*, year: int) -> list[TopLevelStandard]:
    """Top-level standards of the year's published thematic reviews (one query, in the
    selfassessment app)."""
    return list(top_level_standards(year=year))


def measures_of_domain(domain: str) -> list[Measure]:
    """The measures collected in the return that the scorecard maps to ``domain``."""
    return list(Measure.objects.in_return().filter(scorecard_domain=domain))
