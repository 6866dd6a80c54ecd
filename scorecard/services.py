"""Writes for the balanced scorecard's judgements, narratives and Local Accounts: atomic,
keyword-only, attributed, with every change kept by django-simple-history.

The judgement is the Planning Group's (DOMAIN.md §2-3: judged qualitatively, not by formula):
drafts are recorded per domain, then the whole scorecard is published at once. Narratives are
drafted from the bands and edited by a person, whose edit is never overwritten. Local Accounts
are each council's public annual report; a copy is kept only if it is really a PDF.
"""

import csv
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
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
    LocalAccount,
    MeasureBenchmark,
    Narrative,
    QualityStatement,
    Rating,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
QUALITY_STATEMENTS_CSV = DATA_DIR / "quality_statements.csv"

LOCAL_ACCOUNT_MAX_BYTES = 20 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
NOT_A_PDF_NAME = "The selected file must be a PDF (.pdf)"
NOT_A_PDF_CONTENT = (
    "The selected file is not a PDF. Save the Local Account as a PDF and upload that"
)
PDF_TOO_BIG = "The selected file must be 20 MB or smaller"
PDF_EMPTY = "The selected file is empty"


class ScorecardRefused(Exception):
    """A request the portal refuses, with a message for the person who made it and, where the
    message is about one form field, that field's name."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def quality_statements_load(*, path: Path = QUALITY_STATEMENTS_CSV) -> LoadResult:
    """Create or update CQC's 9 quality statements by number from the project's data file, each
    with the scorecard domains it speaks to. Idempotent: a second run changes nothing."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = {qs.number: qs for qs in QualityStatement.objects.all()}
    created = updated = unchanged = 0
    for row in rows:
        domains = [d.strip() for d in row["domains"].split(";") if d.strip()]
        unknown = set(domains) - set(Domain.values)
        if unknown or row["theme"] not in QualityStatement.Theme.values:
            raise ValueError(f"Quality statement {row['number']}: unknown theme or domain")
        fields = {"theme": row["theme"], "name": row["name"].strip(), "domains": domains}
        statement = existing.get(int(row["number"]))
        if statement is None:
            QualityStatement.objects.create(number=int(row["number"]), **fields)
            created += 1
        elif any(getattr(statement, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(statement, k, v)
            statement.save()
            updated += 1
        else:
            unchanged += 1
    return LoadResult(created, updated, unchanged)


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
    def nw_median(self) -> float | None:
        return self.benchmark.nw_median if self.benchmark else None

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
            polarity=self.measure.polarity,
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


def council_active_in(council: Council, period: Period) -> bool:
    """Whether the council held adult social care responsibility during the quarter."""
    return council.is_active_between(period.starts_on, period.ends_on)


def _check_active(council: Council, period: Period) -> None:
    if not council_active_in(council, period):
        raise ScorecardRefused(
            f"{council.name} did not hold adult social care responsibility in {period.label}."
        )


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
    _check_active(council, period)
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
    judgement._history_user = user  # type: ignore[attr-defined]
    if created:
        try:
            with transaction.atomic():
                judgement.save_without_historical_record()  # type: ignore[attr-defined]
        except IntegrityError as exc:
            raise ScorecardRefused(
                "Someone else saved this judgement at the same time. Reload the page and try again."
            ) from exc
    judgement.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        judgement.quality_statements.set(statements)
    finally:
        del judgement.skip_history_when_saving  # type: ignore[attr-defined]
    judgement.save()
    if created:
        history = Judgement.history.model  # type: ignore[attr-defined]
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
            judgement._history_user = published_by  # type: ignore[attr-defined]
            judgement.save()
            published += 1
    return published


def narrative_generate(*, council: Council, period: Period) -> str:
    """The narrative the bands suggest for a council and quarter (nothing is saved)."""
    rows = evidence_list(council=council, period=period)
    return suggestions.narrative_text(
        council_name=council.name, measures=[(r.measure.code, r.measure.name, r.band) for r in rows]
    )


def narrative_draft(*, council: Council, period: Period) -> Narrative:
    """Draft (or redraft) a council's narrative for a quarter from the bands.

    The generated draft is always stored as ``generated_text``. The text people read and edit
    is replaced only if nobody has edited it: a person's edit is never overwritten.
    """
    _check_active(council, period)
    generated = narrative_generate(council=council, period=period)
    with transaction.atomic():
        narrative = (
            Narrative.objects.select_for_update().filter(council=council, period=period).first()
        )
        if narrative is None:
            return Narrative.objects.create(
                council=council, period=period, generated_text=generated, text=generated
            )
        if narrative.generated_text == generated:
            return narrative
        edited = narrative.edited_by_id is not None or narrative.text != narrative.generated_text
        narrative.generated_text = generated
        if not edited:
            narrative.text = generated
        narrative.save()
    return narrative


def narrative_edit(*, narrative: Narrative, text: str, edited_by: User) -> Narrative:
    """Save a person's text for the narrative. From then on a redraft keeps it."""
    text = text.strip()
    if not text:
        raise ScorecardRefused("Enter the narrative")
    with transaction.atomic():
        narrative = Narrative.objects.select_for_update().get(pk=narrative.pk)
        if narrative.text == text and narrative.edited_by_id is not None:
            return narrative
        narrative.text = text
        narrative.edited_by = edited_by
        narrative._history_user = edited_by  # type: ignore[attr-defined]
        narrative.save()
    return narrative


def narrative_publish(*, narrative: Narrative, published_by: User) -> Narrative:
    """Publish the narrative's current text, recorded in its history as ``published_by``'s."""
    with transaction.atomic():
        narrative = Narrative.objects.select_for_update().get(pk=narrative.pk)
        if not narrative.text.strip():
            raise ScorecardRefused("Enter the narrative before publishing it")
        if narrative.published_at is not None and narrative.published_text == narrative.text:
            return narrative
        narrative.published_text = narrative.text
        narrative.published_at = timezone.now()
        narrative._history_user = published_by  # type: ignore[attr-defined]
        narrative.save()
    return narrative


def narrative_record(
    *, council: Council, period: Period, text: str, edited_by: User, publish: bool
) -> Narrative:
    """Save a person's narrative (drafting it first if there is none yet) and, if asked,
    publish it: all or nothing."""
    with transaction.atomic():
        narrative = narrative_draft(council=council, period=period)
        narrative = narrative_edit(narrative=narrative, text=text, edited_by=edited_by)
        if publish:
            narrative = narrative_publish(narrative=narrative, published_by=edited_by)
    return narrative


def check_local_account_document(*, name: str, size: int, head: bytes) -> str | None:
    """Why an uploaded Local Account is not accepted as a PDF, or None. Pure: the file's name,
    its size and its first bytes. The content decides, not the name alone: an executable
    renamed .pdf is refused."""
    if not name.lower().endswith(".pdf"):
        return NOT_A_PDF_NAME
    if size == 0:
        return PDF_EMPTY
    if size > LOCAL_ACCOUNT_MAX_BYTES:
        return PDF_TOO_BIG
    if not head.startswith(PDF_SIGNATURE):
        return NOT_A_PDF_CONTENT
    return None


def council_active_in_year(council: Council, year: int) -> bool:
    """Whether the council held adult social care responsibility in the financial year."""
    return council.is_active_between(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31))


def local_account_record(
    *,
    council: Council,
    year: int,
    url: str,
    document: UploadedFile | None,
    published_on: datetime.date | None,
    assessment: str,
    notes: str,
    recorded_by: User,
) -> LocalAccount:
    """Record a council's Local Account for a financial year (2023 for 2023/24): a link and/or
    an uploaded PDF, its publication date and the Planning Group's assessment (MoU Table 2:
    "Local Account missing, vague, ambiguous or too ambitious").

    A PDF is refused, with nothing saved, unless it is named .pdf, starts with ``%PDF-`` and is
    20 MB or smaller. It is kept in the default storage, outside the web root, and served only
    through the document view. A replaced PDF is kept (the history still names it).
    """
    _check_local_account(council=council, year=year, assessment=assessment, document=document)
    fields: dict[str, object] = {
        "url": url.strip(),
        "published_on": published_on,
        "assessment": assessment,
        "notes": notes.strip(),
    }
    with transaction.atomic():
        account = (
            LocalAccount.objects.select_for_update().filter(council=council, year=year).first()
        )
        if account is None:
            account = LocalAccount(council=council, year=year)
        elif document is None and all(getattr(account, k) == v for k, v in fields.items()):
            return account
        for key, value in fields.items():
            setattr(account, key, value)
        account.recorded_by = recorded_by
        account._history_user = recorded_by  # type: ignore[attr-defined]
        _save_local_account(account, document, council=council)
    return account


def _check_local_account(
    *, council: Council, year: int, assessment: str, document: UploadedFile | None
) -> None:
    """Refuse an unknown assessment, a year the council did not exist, or a file that is not a
    PDF of 20 MB or smaller."""
    if assessment not in LocalAccount.Assessment.values:
        raise ScorecardRefused(f"'{assessment}' is not an assessment of a Local Account.")
    if not council_active_in_year(council, year):
        raise ScorecardRefused(
            f"{council.name} did not hold adult social care responsibility in "
            f"{year}/{(year + 1) % 100:02d}."
        )
    if document is not None:
        head = document.read(len(PDF_SIGNATURE))
        document.seek(0)
        problem = check_local_account_document(
            name=document.name or "", size=document.size or 0, head=head
        )
        if problem is not None:
            raise ScorecardRefused(problem, field="document")


def _save_local_account(
    account: LocalAccount, document: UploadedFile | None, *, council: Council
) -> None:
    """Save the account with its new PDF, if any; when another person recorded the same
    Local Account at the same moment, the new PDF is removed and the save refused."""
    year = account.year
    if document is not None:
        name = f"{council.slug}-local-account-{year}-{(year + 1) % 100:02d}.pdf"
        account.document.save(name, document, save=False)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        if document is not None:
            account.document.delete(save=False)
        raise ScorecardRefused(
            "Someone else recorded this Local Account at the same time. Reload the page "
            "and try again."
        ) from exc
