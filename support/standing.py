"""Where councils stand on the measures a request is about, put in words for the matching tool:
the requesting council's own figure and band, and for each other council its band in the same
quarter of each of the last three years with a band (the North West comparison of
``scorecard.comparators``: distance from the median of the NW councils' returns, in MADs).

A council is *strong* on a measure when it is better or much better than the NW median in the
latest such quarter; *in the best band* when much better. Sentences name the measure, the
quarter and the band, never a score.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count

from authorities.models import Council
from returns.models import Measure, Period
from scorecard.models import Band, CouncilPosition
from sli_portal.financial_years import quarter_label
from support.evidence import STRONG_BANDS

YEARS = 3
# The latest quarter read is one where at least this many councils were compared: a quarter
# only a few councils have returned yet says little about where each stands.
MIN_COMPARED = 8
_COMPARED = frozenset(
    {
        Band.MUCH_BETTER,
        Band.BETTER,
        Band.SLIGHTLY_BETTER,
        Band.SLIGHTLY_WORSE,
        Band.WORSE,
        Band.MUCH_WORSE,
    }
)
_COUNT_WORDS = {1: "one year", 2: "two years", 3: "three years"}


@dataclass(frozen=True)
class Standing:
    """One council on one measure: its bands, latest quarter first, one a year."""

    council_id: int
    measure_code: str
    periods: tuple[str, ...]
    bands: tuple[str, ...]
    value: float | None
    direction: str

    @property
    def latest(self) -> str:
        return self.bands[0]

    @property
    def is_strong(self) -> bool:
        return self.latest in STRONG_BANDS

    def years_in(self, bands: frozenset[str]) -> int:
        """How many years running, up to the latest, it has been in ``bands``."""
        run = 0
        for band in self.bands:
            if band not in bands:
                break
            run += 1
        return run


def _band_words(band: str) -> str:
    return Band(band).label.lower()


def strength_sentence(name: str, standing: Standing) -> str:
    """'Stockport is in the best band on 2D1 for three years (much better than the NW median
    in 2026/27 Q2, 2025/26 Q2 and 2024/25 Q2)', or a shorter sentence for a newer strength."""
    best = standing.years_in(frozenset({Band.MUCH_BETTER}))
    strong = standing.years_in(STRONG_BANDS)
    quarters = ", ".join(standing.periods[:strong])
    if best >= 2:
        return (
            f"{name} is in the best band on {standing.measure_code} for {_COUNT_WORDS[best]} "
            f"(much better than the NW median in {', '.join(standing.periods[:best])})"
        )
    if strong >= 2:
        return (
            f"{name} has been better than the NW median on {standing.measure_code} for "
            f"{_COUNT_WORDS[strong]} ({quarters}); {_band_words(standing.latest)} in "
            f"{standing.periods[0]}"
        )
    before = (
        f" (a year before: {_band_words(standing.bands[1])})" if len(standing.bands) > 1 else ""
    )
    return (
        f"{name} is {_band_words(standing.latest)} than the NW median on "
        f"{standing.measure_code} in {standing.periods[0]}{before}"
    )


def own_sentence(council: Council, standing: Standing | None, measure: Measure) -> str:
    """The requesting council's own figure and band on the measure, in words."""
    if standing is None:
        return f"{council.name} has no compared figure on {measure.code} yet"
    value = "no figure" if standing.value is None else f"{standing.value:g}"
    band = standing.latest
    if band == Band.SIMILAR:
        where = "broadly similar to the NW median"
    elif band in _COMPARED:
        where = f"{_band_words(band)} than the NW median"
    else:
        where = _band_words(band)
    return f"{council.name}'s figure on {measure.code} in {standing.periods[0]} is {value}: {where}"


def _years(latest: Period) -> list[tuple[int, int]]:
    return [(latest.year - n, latest.quarter) for n in range(YEARS)]


def standings(*, measures: Sequence[Measure]) -> dict[tuple[int, int], Standing]:
    """(council id, measure id) -> its standing, over the same quarter of the last three years
    from the latest quarter in which at least eight councils were compared. Two queries."""
    latest = (
        Period.objects.filter(positions__measure__in=measures)
        .annotate(compared=Count("positions__council", distinct=True))
        .filter(compared__gte=MIN_COMPARED)
        .order_by("-year", "-quarter")
        .first()
    )
    if latest is None or not measures:
        return {}
    wanted = _years(latest)
    rows = (
        CouncilPosition.objects.filter(
            measure__in=measures,
            period__year__in=[y for y, _q in wanted],
            period__quarter=latest.quarter,
        )
        .values_list(
            "council_id",
            "measure_id",
            "measure__code",
            "period__year",
            "band",
            "value",
            "direction",
        )
        .order_by("council_id", "measure_id", "-period__year")
    )
    grouped: dict[tuple[int, int], list[tuple[str, int, str, float | None, str]]] = defaultdict(
        list
    )
    for council_id, measure_id, code, year, band, value, direction in rows:
        grouped[(council_id, measure_id)].append((code, year, band, value, direction))
    found = {}
    for key, years in grouped.items():
        if years[0][1] != latest.year:
            continue
        found[key] = Standing(
            council_id=key[0],
            measure_code=years[0][0],
            periods=tuple(quarter_label(y, latest.quarter) for _c, y, *_r in years),
            bands=tuple(band for _c, _y, band, _v, _d in years),
            value=years[0][3],
            direction=years[0][4],
        )
    return found
