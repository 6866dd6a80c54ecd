"""The directory's suggestions: where the portal's own evidence says a council is strong, it
suggests an entry for the council to write up and publish (never publishes one itself). A
suggestion already covered by one of the council's entries (not archived) on the same measure,
domain or standard is left out. The rules for "strong" are in ``support.evidence``."""

from dataclasses import dataclass

from authorities.models import Council
from returns.models import Domain, Measure
from support import evidence
from support.models import StrengthEntry


@dataclass(frozen=True)
class StrengthSuggestion:
    """A suggested directory entry: what kind of evidence (``measure``, ``domain`` or
    ``standard``), a suggested topic, the measure or domain it concerns, and the reason in
    plain English (kept as the entry's ``suggestion_basis`` if the council accepts it)."""

    kind: str
    topic: str
    reason: str
    measure_id: int | None = None
    domain: str = ""
    standard_code: str = ""


def strength_suggestions(*, council: Council, year: int) -> list[StrengthSuggestion]:
    """Suggestions for ``council``: measures on which it is in the NW top quartile in the
    latest quarter with positions; domains where its latest published rating is Green; and
    standards of the year's published thematic reviews at whose top level it stands. Six
    queries."""
    entries = list(
        StrengthEntry.objects.filter(council=council)
        .exclude(status=StrengthEntry.Status.ARCHIVED)
        .prefetch_related("measures")
    )
    covered_measures = {m.pk for e in entries for m in e.measures.all()}
    covered_domains = {d for e in entries for d in e.domains}
    covered_topics = {e.topic.strip().lower() for e in entries}

    suggestions: list[StrengthSuggestion] = []
    period = evidence.latest_position_period()
    measure_ids = Measure.objects.in_return().values_list("pk", flat=True)
    for fact in evidence.positions(period=period, measures=measure_ids, council_id=council.pk):
        if not fact.top_quartile or fact.measure_id in covered_measures or period is None:
            continue
        suggestions.append(
            StrengthSuggestion(
                kind="measure",
                topic=fact.measure_label,
                measure_id=fact.measure_id,
                reason=f"In the top quartile of North West councils on {fact.measure_label} "
                f"in {period.label} (ranked {fact.rank} of {fact.ranked_of}).",
            )
        )
    greens = evidence.green_domains(domains=Domain.values)
    for domain in Domain:
        label = greens.get((council.pk, domain.value))
        if label is None or domain.value in covered_domains:
            continue
        suggestions.append(
            StrengthSuggestion(
                kind="domain",
                topic=domain.label,
                domain=domain.value,
                reason=f"Rated Green in {domain.label} by the SLI Planning Group ({label}).",
            )
        )
    for row in evidence.top_levels(year=year):
        if row.council_id != council.pk or row.standard_title.strip().lower() in covered_topics:
            continue
        suggestions.append(
            StrengthSuggestion(
                kind="standard",
                topic=row.standard_title,
                standard_code=row.standard_code,
                reason=f"At the top level ({row.top_level}) of standard {row.standard_code} "
                f"\u201c{row.standard_title}\u201d in the thematic review {row.review_title}.",
            )
        )
    return suggestions
