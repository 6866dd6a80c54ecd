"""Writes for the six-domain judgements: CQC's quality statements, the evidence and suggested
rating of each domain, drafts recorded per domain and the whole scorecard published at once.
The judgement is the Planning Group's (DOMAIN.md §2-3: judged qualitatively, not by formula)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.models import Domain, Measure, Period
from scorecard import suggestions
from scorecard.models import (
    Band,
    CouncilPosition,
    Judgement,
    MeasureBenchmark,
    QualityStatement,
    Rating,
)
from scorecard.selectors.comparators import too_few_words
from scorecard.services.common import ScorecardRefused, check_active
from sli_portal.history import set_history_user, without_history
from sli_portal.upsert import LoadResult, Outcome, read_rows, upsert

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
QUALITY_STATEMENTS_CSV = DATA_DIR / "quality_statements.csv"


@transaction.atomic
def quality_statements_load(*, path: Path = QUALITY_STATEMENTS_CSV) -> LoadResult:
    """Create or update CQC's 9 quality statements by number from the project's data file, each
    with the scorecard domains it speaks to. Idempotent: a second run changes nothing."""
    rows = read_rows(path)
    outcomes: list[Outcome] = []
    for row in rows:
        domains = [d.strip() for d in row["domains"].split(";") if d.strip()]
        unknown = set(domains) - set(Domain.values)
        if unknown or row["theme"] not in QualityStatement.Theme.values:
            raise ValueError(f"Quality statement {row['number']}: unknown theme or domain")
        fields = {"theme": row["theme"], "name": row["name"].strip(), "domains": domains}
        outcomes.append(
            upsert(QualityStatement, lookup={"number": int(row["number"])}, fields=fields)
        )
    return LoadResult.of(outcomes)


@dataclass(frozen=True)
class EvidenceRow:
    """A measure collected in the return, with its NW benchmark and the council's position for
    the quarter (either may be missing)."""

    measure: Measure
    benchmark: MeasureBenchmark | None
    position: CouncilPosition | None

    @property
    def value(self) -> float | None:
        return self.position.value if self.position else None

    @property
    def too_few(self) -> bool:
        """Fewer NW councils have a figure than a median may be over: none is given."""
        return self.benchmark is None or self.benchmark.too_few

    @property
    def too_few_words(self) -> str:
        return too_few_words(self.benchmark.nw_count if self.benchmark else 0)

    @property
    def nw_median(self) -> float | None:
        return None if self.too_few or self.benchmark is None else self.benchmark.nw_median

    @property
    def band(self) -> str:
        return self.position.band if self.position else Band.NO_VALUE

    @property
    def band_label(self) -> str:
        return str(Band(self.band).label)

    @property
    def evidence(self) -> suggestions.Evidence:
        return suggestions.Evidence(
            code=self.measure.code,
            name=self.measure.name,
            polarity=self.measure.effective_polarity,
            band=self.band,
            direction=self.position.direction if self.position else "unknown",
            value=self.value,
            nw_median=self.nw_median,
        )


def evidence_list(*, council: Council, period: Period) -> list[EvidenceRow]:
    """Every measure in the return with its stored comparators for the council and quarter, in
    catalogue order: three queries whatever the number of measures. A read shared by the
    judgement page, the narrative draft and the demonstration data."""
    measures = list(Measure.objects.in_return().order_by("display_order", "code"))
    benchmarks = {b.measure_id: b for b in MeasureBenchmark.objects.filter(period=period)}
    positions = {
        p.measure_id: p for p in CouncilPosition.objects.filter(council=council, period=period)
    }
    return [EvidenceRow(m, benchmarks.get(m.pk), positions.get(m.pk)) for m in measures]


def domain_suggestions(rows: Sequence[EvidenceRow]) -> dict[str, suggestions.Suggestion]:
    """The suggested rating of each of the six domains from its measures' evidence."""
    return {
        domain: suggestions.suggest_rating(
            [r.evidence for r in rows if r.measure.scorecard_domain == domain]
        )
        for domain in Domain.values
    }


@dataclass(frozen=True)
class JudgementEntry:
    """What a person entered for one domain. ``internal_commentary=None`` leaves it as it is
    (for anyone who may judge but not read internal commentary)."""

    domain: str
    rating: str
    commentary: str
    internal_commentary: str | None
    quality_statements: Sequence[QualityStatement]


def _write_judgement(
    *, council: Council, period: Period, entry: JudgementEntry, written_by: User
) -> tuple[Judgement, bool]:
    if entry.domain not in Domain.values:
        raise ScorecardRefused(f"'{entry.domain}' is not a scorecard domain.")
    if entry.rating not in Rating.values:
        raise ScorecardRefused(f"'{entry.rating}' is not a rating.")
    check_active(council, period)
    statements = sorted({qs.pk for qs in entry.quality_statements})
    commentary = entry.commentary.strip()
    internal = None if entry.internal_commentary is None else entry.internal_commentary.strip()
    judgement = (
        Judgement.objects.select_for_update()
        .filter(council=council, period=period, domain=entry.domain)
        .first()
    )
    created = judgement is None
    if judgement is None:
        judgement = Judgement(council=council, period=period, domain=entry.domain)
    else:
        before = sorted(judgement.quality_statements.values_list("pk", flat=True))
        if (
            judgement.rating == entry.rating
            and judgement.commentary == commentary
            and (internal is None or judgement.internal_commentary == internal)
            and before == statements
        ):
            return judgement, False
    judgement.rating = entry.rating
    judgement.commentary = commentary
    if internal is not None:
        judgement.internal_commentary = internal
    judgement.written_by = written_by
    _save_with_one_history_row(judgement, statements, user=written_by, created=created)
    return judgement, True


def _save_with_one_history_row(
    judgement: Judgement, statements: list[int], *, user: User, created: bool
) -> None:
    """Save the fields and the quality statements as one history row: simple-history would
    otherwise write one row for the save and another for the many-to-many change."""
    set_history_user(judgement, user)
    if created:
        try:
            with transaction.atomic(), without_history(judgement):
                judgement.save()
        except IntegrityError as exc:
            raise ScorecardRefused(
                "Someone else saved this judgement at the same time. Reload the page and try again."
            ) from exc
    with without_history(judgement):
        judgement.quality_statements.set(statements)
    judgement.save()
    if created:
        history = Judgement.history.model
        latest = history.objects.filter(id=judgement.pk).order_by("-history_id").first()
        history.objects.filter(history_id=latest.history_id).update(history_type="+")


def judgement_record(
    *,
    council: Council,
    period: Period,
    domain: str,
    rating: str,
    commentary: str,
    internal_commentary: str | None,
    quality_statements: Iterable[QualityStatement],
    written_by: User,
) -> Judgement:
    """Create or update the draft judgement of one council in one domain for one quarter.

    Only the draft fields change; what is published stays until :func:`scorecard_publish`.
    Each change is one history row attributed to ``written_by``; saving the same entry again
    writes nothing. Refused for a council that did not exist in the quarter.
    """
    entry = JudgementEntry(
        domain=domain,
        rating=rating,
        commentary=commentary,
        internal_commentary=internal_commentary,
        quality_statements=list(quality_statements),
    )
    with transaction.atomic():
        judgement, _changed = _write_judgement(
            council=council, period=period, entry=entry, written_by=written_by
        )
    return judgement


def scorecard_record(
    *, council: Council, period: Period, entries: Sequence[JudgementEntry], written_by: User
) -> int:
    """Record several domains' drafts at once, all or nothing; the number that changed."""
    with transaction.atomic():
        return sum(
            _write_judgement(council=council, period=period, entry=e, written_by=written_by)[1]
            for e in entries
        )


def scorecard_publish(*, council: Council, period: Period, published_by: User) -> int:
    """Publish a council's scorecard for a quarter: each judgement's rating and public
    commentary are copied to what the public sees, stamped with who and when. Internal
    commentary is never published.

    Refused, with nothing published, unless all six domains have a judgement. Judgements whose
    published fields already match are left alone. Returns how many were published.
    """
    with transaction.atomic():
        judgements = list(
            Judgement.objects.select_for_update().filter(council=council, period=period)
        )
        present = {j.domain for j in judgements}
        missing = [str(d.label) for d in Domain if d.value not in present]
        if missing:
            raise ScorecardRefused(
                f"{council.name}'s scorecard for {period.label} cannot be published yet: there "
                f"is no judgement for {suggestions.join_words(missing)}. "
                "Record a judgement for every domain, then publish."
            )
        now = timezone.now()
        published = 0
        for judgement in judgements:
            if not judgement.has_unpublished_changes:
                continue
            judgement.published_rating = judgement.rating
            judgement.published_commentary = judgement.commentary
            judgement.published_at = now
            judgement.published_by = published_by
            set_history_user(judgement, published_by)
            judgement.save()
            published += 1
    return published
