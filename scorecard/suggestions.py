"""Suggested ratings and draft narratives from the stored comparators: pure functions, no
database access.

The MoU asks for a qualitative judgement by people, explicitly *not* a rigid formula of red or
amber measures (DOMAIN.md §3). A suggestion is shown beside the judgement form with its reasons;
the rating the Planning Group records is the one that counts.

How a domain's suggestion is reached, from its measures' positions among North West councils for
the council and quarter:

- **Compared** measures have a band (much better … much worse, or beyond the bands). Measures
  with no declared better direction, in a group of fewer than 8 councils, or with no figure are
  not compared, and the reasons say how many and why.
- **Worse than the NW median**: slightly worse, worse or much worse, or beyond the bands on the
  worse side (by the measure's polarity). "Broadly similar" is not worse.
- **Outliers**: much worse than the NW median, or beyond the bands on the worse side.
- **Worsening**: the direction of travel over the last four quarters is worsening.

Thresholds:

- **Red** when two or more measures are outliers (:data:`RED_OUTLIERS`); or when at least half
  of the compared measures are worse than the NW median (:data:`RED_WORSE_SHARE`) and either one
  is an outlier or at least half of the measures with a direction of travel are worsening
  (:data:`WORSENING_SHARE`) — this second rule only when at least 3 measures are compared
  (:data:`RED_MIN_COMPARED`): one or two measures are too few to suggest Red by their share.
- **Amber**, short of red, when at least a third of the compared measures are worse than the NW
  median (:data:`AMBER_WORSE_SHARE`), or one is an outlier, or at least half of the measures with
  a direction of travel are worsening.
- **Green** otherwise.
- **Not assessed** when no measure is mapped to the domain, or none of its measures can be
  compared.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from returns.models import Polarity
from scorecard.models import Band, Direction, Rating

AMBER_WORSE_SHARE = Fraction(1, 3)
RED_WORSE_SHARE = Fraction(1, 2)
RED_OUTLIERS = 2
RED_MIN_COMPARED = 3
WORSENING_SHARE = Fraction(1, 2)

NO_MEASURES = "No measures are mapped to this domain: judge on other evidence"

COMPARED_BANDS = frozenset(
    {
        Band.MUCH_BETTER,
        Band.BETTER,
        Band.SLIGHTLY_BETTER,
        Band.SIMILAR,
        Band.SLIGHTLY_WORSE,
        Band.WORSE,
        Band.MUCH_WORSE,
        Band.BEYOND,
    }
)
WORSE_BANDS = frozenset({Band.SLIGHTLY_WORSE, Band.WORSE, Band.MUCH_WORSE})
KNOWN_DIRECTIONS = frozenset({Direction.IMPROVING, Direction.STABLE, Direction.WORSENING})

# Why a measure was not compared, singular and plural ("1 has no figure", "2 have no figure").
NOT_COMPARED_WHY: dict[str, tuple[str, str]] = {
    Band.NOT_BANDED: ("has no declared better direction", "have no declared better direction"),
    Band.TOO_SMALL: (
        "was reported by too few councils to compare (fewer than 8)",
        "were reported by too few councils to compare (fewer than 8)",
    ),
    Band.NO_VALUE: ("has no figure", "have no figure"),
}

# Narrative clauses in order, each (first clause, later clause): the first names the median.
NARRATIVE_CLAUSES: list[tuple[str, str, str]] = [
    (Band.MUCH_BETTER, "much better than the North West median on", "much better on"),
    (Band.BETTER, "better than the North West median on", "better on"),
    (Band.SLIGHTLY_BETTER, "slightly better than the North West median on", "slightly better on"),
    (Band.SIMILAR, "broadly similar to the North West median on", "broadly similar on"),
    (Band.SLIGHTLY_WORSE, "slightly worse than the North West median on", "slightly worse on"),
    (Band.WORSE, "worse than the North West median on", "worse on"),
    (Band.MUCH_WORSE, "much worse than the North West median on", "much worse on"),
    (
        Band.BEYOND,
        "far from the North West median (for a person to describe) on",
        "far from the median (for a person to describe) on",
    ),
]


@dataclass(frozen=True)
class Evidence:
    """One measure's position for a council and quarter, as the comparators stored it."""

    code: str
    name: str
    polarity: str
    band: str
    direction: str = Direction.UNKNOWN
    value: float | None = None
    nw_median: float | None = None

    @property
    def is_compared(self) -> bool:
        return self.band in COMPARED_BANDS

    @property
    def is_worse(self) -> bool:
        return self.band in WORSE_BANDS or (self.band == Band.BEYOND and self.beyond_is_worse)

    @property
    def is_outlier(self) -> bool:
        return self.band == Band.MUCH_WORSE or (self.band == Band.BEYOND and self.beyond_is_worse)

    @property
    def beyond_is_worse(self) -> bool:
        """Which side of the median a figure beyond the bands lies on, by polarity."""
        if self.value is None or self.nw_median is None:
            return False
        if self.polarity == Polarity.HIGHER:
            return self.value < self.nw_median
        if self.polarity == Polarity.LOWER:
            return self.value > self.nw_median
        return False


@dataclass(frozen=True)
class Suggestion:
    rating: str
    reasons: tuple[str, ...]

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def _why_not_compared(bands: Sequence[str]) -> list[str]:
    """['2 have no declared better direction', '1 has no figure'] for the bands not compared."""
    skipped = [band for band in bands if band not in COMPARED_BANDS]
    parts = []
    for band, (one, many) in NOT_COMPARED_WHY.items():
        number = skipped.count(band)
        if number:
            parts.append(f"{number} {one if number == 1 else many}")
    others = len(skipped) - sum(1 for band in skipped if band in NOT_COMPARED_WHY)
    if others:
        parts.append(f"{others} {'has' if others == 1 else 'have'} no band")
    return parts


def _not_compared(evidence: Sequence[Evidence]) -> str | None:
    """'2 measures not compared: 1 has no declared better direction and 1 has no figure'."""
    skipped = sum(1 for e in evidence if not e.is_compared)
    if not skipped:
        return None
    why = _why_not_compared([e.band for e in evidence])
    return f"{_count(skipped, 'measure')} not compared: {join_words(why)}"


def suggest_rating(evidence: Sequence[Evidence]) -> Suggestion:
    """The rating the figures suggest for one domain, with its reasons in plain English.
    See the module docstring for the thresholds."""
    if not evidence:
        return Suggestion(Rating.NOT_ASSESSED, (NO_MEASURES,))
    compared = [e for e in evidence if e.is_compared]
    skipped = _not_compared(evidence)
    if not compared:
        reasons = [
            f"None of the {len(evidence)} measures could be compared"
            if len(evidence) > 1
            else "The domain's only measure could not be compared"
        ]
        reasons += [skipped] if skipped else []
        reasons.append("Judge on other evidence")
        return Suggestion(Rating.NOT_ASSESSED, tuple(reasons))

    worse = [e for e in compared if e.is_worse]
    outliers = [e for e in compared if e.is_outlier]
    with_direction = [e for e in evidence if e.direction in KNOWN_DIRECTIONS]
    worsening = [e for e in with_direction if e.direction == Direction.WORSENING]
    worse_share = Fraction(len(worse), len(compared))
    worsening_share = (
        Fraction(len(worsening), len(with_direction)) if with_direction else Fraction(0)
    )
    many_worsening = bool(worsening) and worsening_share >= WORSENING_SHARE

    red_by_share = worse_share >= RED_WORSE_SHARE and bool(outliers or many_worsening)
    too_few = len(compared) < RED_MIN_COMPARED
    if len(outliers) >= RED_OUTLIERS or (red_by_share and not too_few):
        rating = Rating.RED
    elif worse_share >= AMBER_WORSE_SHARE or outliers or many_worsening:
        rating = Rating.AMBER
    else:
        rating = Rating.GREEN

    reasons = [f"{len(worse)} of {_count(len(compared), 'measure')} worse than the NW median"]
    much_worse = [e.code for e in outliers if e.band == Band.MUCH_WORSE]
    far_worse = [e.code for e in outliers if e.band == Band.BEYOND]
    if much_worse:
        reasons.append(f"{join_words(much_worse)} much worse than the NW median")
    if far_worse:
        reasons.append(f"{join_words(far_worse)} far worse than the NW median")
    if not outliers:
        reasons.append("No measure much worse than the NW median")
    if worsening:
        reasons.append(f"{_count(len(worsening), 'measure')} worsening")
    elif with_direction:
        reasons.append("No measure worsening")
    if skipped:
        reasons.append(skipped)
    if red_by_share and too_few and rating != Rating.RED:
        reasons.append(f"Only {_count(len(compared), 'measure')} compared: too few to suggest Red")
    return Suggestion(rating, tuple(reasons))


def join_words(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _lower_first(name: str) -> str:
    """'Long-term support…' to 'long-term support…', leaving 'ASCOF…' or 'NHS…' alone."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def narrative_text(*, council_name: str, measures: Iterable[tuple[str, str, str]]) -> str:
    """A draft narrative from the bands of (measure code, measure name, band), for a person to
    edit. Bands are already phrased by polarity (better means better, whichever way the measure
    runs); measures not compared are counted with the reason, never described."""
    rows = list(measures)
    by_band: dict[str, list[str]] = {}
    for code, name, band in rows:
        by_band.setdefault(band, []).append(f"{code} ({_lower_first(name.strip())})")
    clauses: list[str] = []
    for band, first, later in NARRATIVE_CLAUSES:
        if band in by_band:
            clauses.append(f"{later if clauses else first} {join_words(by_band[band])}")
    sentences = []
    if clauses:
        sentences.append(f"{council_name} is {'; '.join(clauses)}.")
    elif rows:
        sentences.append(
            f"None of {council_name}'s measures could be compared with the North West median."
        )
    else:
        sentences.append(f"There are no figures to compare for {council_name}.")
    skipped = sum(1 for _code, _name, band in rows if band not in COMPARED_BANDS)
    if skipped:
        why = join_words(_why_not_compared([band for _code, _name, band in rows]))
        verb = "was" if skipped == 1 else "were"
        sentences.append(f"{_count(skipped, 'measure')} {verb} not compared: {why}.")
    return " ".join(sentences)
