"""The registry of automatic finders and what a finder returns.

A finder is a function ``(period) -> list[Finding]``, registered in :data:`FINDERS` with
:func:`register_finder` and the :class:`~triggers.models.Automatic` kind it finds. Each finding
names a council, a kind, a ``key``, a title, plain-English ``reasons`` with the figures, a link
to the evidence and a severity, and where it has them the measure, period, figure, comparator
and distance in MADs. The evaluation gathers a council's findings of one kind into one flag. Keys end in their *scope*: the quarter's slug
(``measure_outlier:2C:2023-24-Q4``) or, for a yearly finding, the financial year
(``local_account:2023-24``, :func:`sli_portal.financial_years.year_slug`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from returns.models import Period
from triggers.models import Automatic, Severity


@dataclass(frozen=True)
class Finding:
    """One automatic trigger found for one council: what, why (with the figures) and where to
    see the evidence."""

    council_id: int
    kind: str
    key: str
    title: str
    reasons: str
    evidence_url: str
    severity: str = Severity.MEDIUM
    period: str = ""
    measure: str = ""
    figure: str = ""
    comparator: str = ""
    mads: float | None = None

    @property
    def subject(self) -> str:
        """What the evidence is about, whatever the quarter or year: a measure for the kinds on
        figures (``measure_outlier:2C``), the key itself for the others (a quarter's
        return, a year's Local Account, a key element of a review)."""
        if self.kind in QUARTERLY_FIGURE_KINDS | PUBLISHED_FIGURE_KINDS:
            return self.key.rsplit(":", 1)[0]
        return self.key

    def as_evidence(self) -> dict[str, object]:
        """The finding as one item of its flag's evidence (stored as JSON)."""
        return {
            "subject": self.subject,
            "key": self.key,
            "title": self.title,
            "reasons": self.reasons,
            "period": self.period,
            "measure": self.measure,
            "figure": self.figure,
            "comparator": self.comparator,
            "mads": None if self.mads is None else round(self.mads, 1),
            "evidence_url": self.evidence_url,
            "severity": self.severity,
        }


# Kinds found on one quarter's figures: their evidence is about a measure, in that quarter.
QUARTERLY_FIGURE_KINDS = frozenset(
    {
        Automatic.MEASURE_OUTLIER,
        Automatic.LOCAL_MEASURE_OUTLIER,
        Automatic.UNIT_COST_CHANGE,
        Automatic.ADMISSIONS_RISE,
    }
)
# Kinds found on published national figures only: their evidence is about a measure, in the
# year or quarter looked at (:mod:`~triggers.automatic.published`).
PUBLISHED_FIGURE_KINDS = frozenset({Automatic.WORKFORCE_TURNOVER, Automatic.DELAYS_SOCIAL_CARE})

Finder = Callable[[Period], list[Finding]]


@dataclass(frozen=True)
class RegisteredFinder:
    kind: str
    find: Finder


FINDERS: list[RegisteredFinder] = []


def register_finder(kind: str) -> Callable[[Finder], Finder]:
    """Add a finder for ``kind`` (an :class:`Automatic` value) to :data:`FINDERS`."""
    if kind not in Automatic.values:
        raise ValueError(f"{kind!r} is not an automatic trigger kind")

    def register(find: Finder) -> Finder:
        FINDERS[:] = [f for f in FINDERS if f.find.__qualname__ != find.__qualname__]
        FINDERS.append(RegisteredFinder(kind=kind, find=find))
        return find

    return register
