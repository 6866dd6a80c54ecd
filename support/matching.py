"""The matching tool of Table 1: for a request about a topic, a measure or a scorecard domain,
suggest the councils that could provide the support, strongest match first, each explained in
words (``Candidate.reasons``: its band on the measures and for how many years, see
``support.standing``; what it offers in the excellence directory; where it is; the time it has
given). The page shows those sentences and the requesting council's own figures
(:func:`request_figures`), never the scores below, which only order the suggestions.

Four components, each a number with its explanation:

(a) **Evidence of strength**, 0 to 6 points, the sum of
    - *data*, 0 to 2: for a measure, 2 if the council is in the NW top quartile on it in the
      latest quarter with positions, else 1 if it is better or much better than the NW median
      (band), else 0; for a domain without a measure, 2 x the share of the domain's measures
      on which it is in the top quartile (of those it has a figure for), to 2 decimal places;
      0 for a topic alone;
    - *Green*, 0 or 1: 1 if its latest published judgement in the domain (the request's, or
      the measure's) is Green;
    - *directory*, 0 to 2: 2 if it has a published directory entry on the request endorsed by
      the Planning Group, 1 if only unendorsed ones; an entry is on the request when it names
      the measure or domain or shares a topic word (``support.validation.topic_words``);
    - *self-assessment*, 0 or 1: 1 if it is at the top level of a standard (in a published
      thematic review of the year) whose title or review title shares a topic word.
(b) **Capacity**, 0 to 1: 1 - given / (multiple x regional median), not below 0, where
    "given" is the counted days it gave this year and the multiple is the ledger's setting
    (MoU 2.1 g; ``support.ledger``). When the threshold is 0, 1 for a council that gave
    nothing and 0 otherwise.
(c) **Proximity**, 0 or 1: 1 in the requesting council's sub-region.
(d) **Reciprocity**, -1 to 1: (received - given) / RECIPROCITY_SCALE_DAYS, held within -1
    and 1, over counted days of every year to the end of this one: a council that has
    received more than it gave is asked first.

**Total** = W_EVIDENCE x evidence + W_CAPACITY x capacity + W_PROXIMITY x proximity +
W_RECIPROCITY x reciprocity, rounded to 2 decimal places; ties are broken by council name.

Never suggested: the requesting council; a council under intervention in the same area (an
engagement of the Intervention tier, neither completed nor declined, on the same measure, the
same domain, or a topic sharing a word); a council with no evidence of strength at all
(evidence 0), since time is asked only of councils with something to share (MoU 2.1 f).
A fixed number of queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from authorities.models import Council
from returns.models import Domain, Measure
from sli_portal.financial_years import financial_year_of, year_bounds
from support import evidence, ledger
from support.evidence import STRONG_BANDS
from support.models import Engagement, LedgerSettings, StrengthEntry
from support.standing import Standing, own_sentence, standings, strength_sentence
from support.validation import topic_words
from triggers.models import SupportTier

W_EVIDENCE = Decimal(1)
W_CAPACITY = Decimal(2)
W_PROXIMITY = Decimal(1)
W_RECIPROCITY = Decimal(1)
RECIPROCITY_SCALE_DAYS = Decimal(10)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Component:
    """One part of a council's score: its value and why."""

    score: Decimal
    explanation: str


@dataclass(frozen=True)
class Candidate:
    council: Council
    evidence: Component
    capacity: Component
    proximity: Component
    reciprocity: Component
    total: Decimal
    evidence_parts: dict[str, Decimal] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()

    @property
    def explanations(self) -> list[tuple[str, Decimal, str]]:
        """(component, score, explanation) in the order the total adds them."""
        return [
            ("Evidence of strength", self.evidence.score, self.evidence.explanation),
            ("Capacity", self.capacity.score, self.capacity.explanation),
            ("Proximity", self.proximity.score, self.proximity.explanation),
            ("Reciprocity", self.reciprocity.score, self.reciprocity.explanation),
        ]


@dataclass(frozen=True)
class Request:
    """What support is wanted: by whom, about what."""

    council: Council
    topic: str = ""
    measure: Measure | None = None
    domain: str = ""

    @property
    def area_domain(self) -> str:
        return self.domain or (self.measure.scorecard_domain if self.measure else "")


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES)


def _days(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text} day" if value == 1 else f"{text} days"


def _under_intervention(request: Request) -> set[int]:
    """Councils with a live Intervention engagement in the request's area: the same measure,
    the same domain (an engagement on a measure carries the measure's domain), or a topic
    sharing a word. One query."""
    words = topic_words(request.topic)
    rows = (
        Engagement.objects.live()
        .filter(tier__key=SupportTier.INTERVENTION)
        .values_list("council_id", "measure_id", "domain", "topic")
    )
    found = set()
    for council_id, measure_id, domain, topic in rows:
        if (
            (request.measure is not None and measure_id == request.measure.pk)
            or (request.area_domain and domain == request.area_domain)
            or (words & topic_words(topic))
        ):
            found.add(council_id)
    return found


def _directory(request: Request) -> dict[int, tuple[int, str]]:
    """Council id -> (points, explanation) from published directory entries. One query."""
    area = Q()
    if request.measure is not None:
        area |= Q(measures=request.measure)
    if request.area_domain:
        area |= Q(domains__icontains=f'"{request.area_domain}"')
    words = topic_words(request.topic)
    for word in words:
        area |= Q(topic__icontains=word) | Q(description__icontains=word)
    if not area:
        return {}
    rows = (
        StrengthEntry.objects.filter(area, status=StrengthEntry.Status.PUBLISHED)
        .values_list("pk", "council_id", "topic", "endorsed_at")
        .order_by("council_id", "pk")
        .distinct()
    )
    best: dict[int, tuple[int, str]] = {}
    for _pk, council_id, topic, endorsed_at in rows:
        points = 2 if endorsed_at is not None else 1
        if points > best.get(council_id, (0, ""))[0]:
            how = "endorsed by the Planning Group" if endorsed_at else "not yet endorsed"
            best[council_id] = (
                points,
                f"offers \u201c{topic}\u201d in the excellence directory ({how})",
            )
    return best


def _self_assessment(request: Request, year: int) -> dict[int, str]:
    """Council id -> explanation, for a top-level standard sharing a topic word."""
    words = topic_words(request.topic)
    if not words:
        return {}
    found: dict[int, str] = {}
    for row in evidence.top_levels(year=year):
        if row.council_id in found:
            continue
        if topic_words(f"{row.standard_title} {row.review_title}") & words:
            found[row.council_id] = (
                f"top level ({row.top_level}) of standard {row.standard_code} "
                f"\u201c{row.standard_title}\u201d in {row.review_title}"
            )
    return found


def _data(request: Request) -> tuple[dict[int, tuple[Decimal, str]], str]:
    """Council id -> (data points, explanation). Two or three queries."""
    period = evidence.latest_position_period()
    if period is None or (request.measure is None and not request.domain):
        return {}, ""
    scores: dict[int, tuple[Decimal, str]] = {}
    if request.measure is not None:
        for fact in evidence.positions(period=period, measures=[request.measure.pk]):
            if fact.top_quartile:
                scores[fact.council_id] = (
                    Decimal(2),
                    f"in the top quartile of NW councils on {fact.measure_label} in "
                    f"{period.label} (ranked {fact.rank} of {fact.ranked_of})",
                )
            elif fact.better_band:
                scores[fact.council_id] = (
                    Decimal(1),
                    f"better than the NW median on {fact.measure_label} in {period.label}",
                )
        return scores, period.label
    measures = evidence.measures_of_domain(request.domain)
    tops: dict[int, list[str]] = defaultdict(list)
    counted: dict[int, int] = defaultdict(int)
    for fact in evidence.positions(period=period, measures=[m.pk for m in measures]):
        counted[fact.council_id] += 1
        if fact.top_quartile:
            tops[fact.council_id].append(fact.measure_label.split(" ")[0])
    label = Domain(request.domain).label
    for council_id, codes in tops.items():
        points = _q(Decimal(2) * len(codes) / counted[council_id])
        scores[council_id] = (
            points,
            f"in the top quartile on {len(codes)} of its {counted[council_id]} {label} measures "
            f"in {period.label} ({', '.join(codes)})",
        )
    return scores, period.label


@dataclass(frozen=True)
class _Evidence:
    """Each council's evidence of strength for one request, by council id."""

    area_domain: str
    data: dict[int, tuple[Decimal, str]]
    greens: dict[tuple[int, str], str]
    directory: dict[int, tuple[int, str]]
    self_assessed: dict[int, str]

    def component(self, council: Council) -> tuple[Component, dict[str, Decimal], list[str]] | None:
        """The council's evidence of strength, its four parts and each reason in words; None
        when it has none."""
        parts: dict[str, Decimal] = {}
        reasons: list[str] = []
        points, why = self.data.get(council.pk, (Decimal(0), ""))
        parts["data"] = points
        if why:
            reasons.append(why)
        green = self.greens.get((council.pk, self.area_domain))
        parts["green"] = Decimal(1 if green else 0)
        if green:
            reasons.append(f"rated Green in {Domain(self.area_domain).label} ({green})")
        d_points, d_why = self.directory.get(council.pk, (0, ""))
        parts["directory"] = Decimal(d_points)
        if d_why:
            reasons.append(d_why)
        sa = self.self_assessed.get(council.pk)
        parts["self_assessment"] = Decimal(1 if sa else 0)
        if sa:
            reasons.append(f"at the {sa}")
        strength = sum(parts.values(), Decimal(0))
        if strength == 0:
            return None
        return Component(_q(strength), "; ".join(reasons)), parts, reasons


def _evidence(request: Request, year: int) -> _Evidence:
    data, _label = _data(request)
    area = request.area_domain
    return _Evidence(
        area_domain=area,
        data=data,
        greens=evidence.green_domains(domains=[area]) if area else {},
        directory=_directory(request),
        self_assessed=_self_assessment(request, year),
    )


@dataclass(frozen=True)
class _Ledger:
    """The reciprocity ledger as capacity and reciprocity read it, for one financial year."""

    given: dict[int, Decimal]
    median: Decimal
    multiple: Decimal
    balances: dict[int, tuple[Decimal, Decimal]]

    @property
    def threshold(self) -> Decimal:
        return self.multiple * self.median

    def capacity(self, council: Council) -> Component:
        gave = self.given.get(council.pk, Decimal(0))
        threshold = self.threshold
        if threshold > 0:
            share = (
                "less than most councils"
                if gave < self.median
                else "within a fair share"
                if gave < threshold
                else "already a disproportionate share (MoU 2.1 g)"
            )
            return Component(
                _q(max(Decimal(0), 1 - gave / threshold)),
                f"has given {_days(gave)} this year, against a regional median of "
                f"{_days(self.median)}: {share}",
            )
        return Component(
            _q(Decimal(1 if gave == 0 else 0)),
            f"has given {_days(gave)} this year; the regional median is 0 days, so "
            + ("it has time to give" if gave == 0 else "it has already given more than most"),
        )

    def reciprocity(self, council: Council) -> Component:
        total_given, total_received = self.balances.get(council.pk, (Decimal(0), Decimal(0)))
        raw = (total_received - total_given) / RECIPROCITY_SCALE_DAYS
        reciprocity = min(Decimal(1), max(Decimal(-1), raw))
        balance = (
            "has received more help than it has given, so is asked first"
            if total_received > total_given
            else "has given more help than it has received"
            if total_given > total_received
            else "has given as much help as it has received"
        )
        return Component(
            _q(reciprocity),
            f"has received {_days(total_received)} and given {_days(total_given)} to date: "
            f"{balance}",
        )


def _ledger(year: int) -> _Ledger:
    start, end = year_bounds(year)
    region = [c.pk for c in Council.objects.active_between(start, end)]
    given = ledger.days_given(year=year)
    return _Ledger(
        given=given,
        median=ledger.regional_median(given, region),
        multiple=LedgerSettings.current().disproportionate_multiple,
        balances=ledger.balances(up_to_year=year),
    )


def _proximity(council: Council, other: Council) -> Component:
    near = other.sub_region_id == council.sub_region_id
    return Component(
        Decimal(1 if near else 0),
        f"in the same sub-region ({other.sub_region.name})"
        if near
        else f"in another sub-region ({other.sub_region.name})",
    )


def _strong_standings(request: Request) -> dict[int, list[Standing]]:
    """Council id -> its strong standings on the request's measure or domain, the longest
    held first (two queries, or none for a topic alone)."""
    measures = (
        [request.measure]
        if request.measure is not None
        else evidence.measures_of_domain(request.domain)
        if request.domain
        else []
    )
    found: dict[int, list[Standing]] = defaultdict(list)
    for standing in standings(measures=measures).values():
        if standing.is_strong:
            found[standing.council_id].append(standing)
    for rows in found.values():
        rows.sort(key=lambda s: (-s.years_in(STRONG_BANDS), s.measure_code))
    return found


def _in_words(
    council: Council, strong: list[Standing], reasons: list[str], others: list[Component]
) -> tuple[str, ...]:
    """Why the council is suggested, in sentences: its strongest measures (at most three),
    then its other evidence, where it is and the time it has given."""
    sentences = [strength_sentence(council.name, s) for s in strong[:3]]
    sentences += [
        f"{council.name} is {r}" if r.startswith("in ") else f"{council.name} {r}" for r in reasons
    ]
    sentences += [
        f"{council.name} is {c.explanation}"
        if c.explanation.startswith("in ")
        else f"{council.name} {c.explanation}"
        for c in others
    ]
    return tuple(f"{s}." for s in sentences)


def request_figures(
    *, council: Council, measure: Measure | None = None, domain: str = ""
) -> list[str]:
    """The requesting council's own figures and bands on the measure or the domain's
    measures, in words (two queries)."""
    measures = (
        [measure] if measure is not None else evidence.measures_of_domain(domain) if domain else []
    )
    found = standings(measures=measures)
    return [
        own_sentence(council, found.get((council.pk, m.pk)), m) + "."
        for m in measures
        if measure is not None or (council.pk, m.pk) in found
    ]


def match_candidates(
    *,
    council: Council,
    topic: str = "",
    measure: Measure | None = None,
    domain: str = "",
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    """Councils that could provide support to ``council`` on the topic, measure or domain,
    best first, each with its four scored and explained components (see the module's
    docstring for the rules, weights and exclusions)."""
    if domain and domain not in Domain.values:
        raise ValueError(f"Not a scorecard domain: {domain}")
    today = today or timezone.localdate()
    year = financial_year_of(today)
    request = Request(council=council, topic=topic, measure=measure, domain=domain)
    councils = [
        c
        for c in Council.objects.active_on(today).select_related("sub_region")
        if c.pk != council.pk
    ]
    excluded = _under_intervention(request)
    strong = _strong_standings(request)
    strengths = _evidence(request, year)
    days = _ledger(year)
    candidates = []
    for other in councils:
        found = strengths.component(other) if other.pk not in excluded else None
        if found is None:
            continue
        evidence_component, parts, evidence_reasons = found
        capacity, proximity = days.capacity(other), _proximity(council, other)
        reciprocity = days.reciprocity(other)
        total = _q(
            W_EVIDENCE * evidence_component.score
            + W_CAPACITY * capacity.score
            + W_PROXIMITY * proximity.score
            + W_RECIPROCITY * reciprocity.score
        )
        candidates.append(
            Candidate(
                council=other,
                evidence=evidence_component,
                capacity=capacity,
                proximity=proximity,
                reciprocity=reciprocity,
                total=total,
                evidence_parts=parts,
                reasons=_in_words(
                    other,
                    strong.get(other.pk, []),
                    evidence_reasons,
                    [proximity, capacity, reciprocity],
                ),
            )
        )
    candidates.sort(key=lambda c: (-c.total, c.council.name))
    return candidates[:limit] if limit is not None else candidates


def engagement_candidates(
    *, engagement: Engagement, today: datetime.date | None = None, limit: int | None = None
) -> list[Candidate]:
    """Candidates for an engagement's request, leaving out councils already providing it."""
    already = set(engagement.providers.values_list("council_id", flat=True))
    candidates = match_candidates(
        council=engagement.council,
        topic=engagement.topic,
        measure=engagement.measure,
        domain=engagement.domain,
        today=today,
    )
    kept = [c for c in candidates if c.council.pk not in already]
    return kept[:limit] if limit is not None else kept
