"""Reading milestones out of a timescale and targets out of the expected evidence, as councils
write them in the template (DOMAIN.md §7). Pure functions, best effort and never inventing:
what cannot be read is left as the text as written (which is always kept), rather than
guessed.

Timescales: "New documentation completed June 2010 Staff begin use of new procedures July
2010" (two month milestones, each described by the words before its month), "September and
November 2010", "14 June 2010", "Quarterly", "Monthly from June 2010", "Ongoing from March
2010", "Completed", "Completed / ongoing".

Targets: a sentence stating one ("with a target that overall 70% achieve a 'good/excellent'
score", "A target of fewer than 5% of audited cases", "70% of all Protection Plans having a
review within 28 days", "80% of attendees stating...") gives direction, value and unit; the
sentence is kept as the target's description.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].casefold(),
        calendar.month_abbr[number].casefold(),
    )
} | {"sept": 9}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH = rf"(?:{_MONTH_NAMES})\.?"
_YEAR = r"(?:19|20)\d\d"
_DAY_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\s+({_YEAR})\b", re.I)
_NUMERIC_DATE = re.compile(rf"\b(\d{{1,2}})/(\d{{1,2}})/({_YEAR})\b")
_MONTH_LIST = re.compile(
    rf"\b({_MONTH})((?:\s*(?:,|&|\band\b|–|—|-)\s*{_MONTH})*)\s+({_YEAR})\b", re.I
)
_MONTH_WORD = re.compile(rf"\b({_MONTH})(?![a-z])", re.I)
_RECURRING = (
    (re.compile(r"\bmonthly\b", re.I), "monthly"),
    (re.compile(r"\bquarterly\b", re.I), "quarterly"),
    (re.compile(r"\b(?:annual(?:ly)?|yearly|each year|every year)\b", re.I), "annually"),
    (
        re.compile(r"\b(?:ongoing|on-going|throughout the year|continu(?:al|ous)ly)\b", re.I),
        "ongoing",
    ),
)
_COMPLETED = re.compile(r"^\s*completed\b", re.I)
_FROM_MONTH = re.compile(rf"\bfrom\s+(?:the\s+)?({_MONTH})\s+({_YEAR})\b", re.I)


@dataclass(frozen=True)
class ParsedMilestone:
    """``kind`` is date, month, recurring or completed (``models.MilestoneKind``); a month's
    ``due_date`` is its first day; a recurrence's is the day it starts, if stated."""

    kind: str
    description: str
    due_date: datetime.date | None
    recurrence: str


def _month_number(word: str) -> int:
    return MONTHS[word.casefold().rstrip(".")]


def _clean(text: str) -> str:
    cleaned = text.strip(" \t\n,.;:–—-/")
    if cleaned.endswith("(") or (cleaned.startswith("(") and ")" not in cleaned):
        cleaned = cleaned.strip("(")
    if cleaned.startswith(")"):
        cleaned = cleaned.lstrip(")")
    return cleaned.strip(" \t\n,.;:–—-/")


def parse_timescale(text: str) -> list[ParsedMilestone]:
    """The milestones a timescale states, in the order written. Empty when it states no date,
    month, recurrence or completion (for example "Rolling two-year programme")."""
    if not text.strip():
        return []
    found: list[tuple[int, int, ParsedMilestone]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    if any(pattern.search(text) for pattern, _ in _RECURRING):
        # "Ongoing from March 2010": the month is when the recurrence starts, not a milestone.
        taken.extend(match.span() for match in _FROM_MONTH.finditer(text))

    for match in _DAY_DATE.finditer(text):
        if not free(*match.span()):
            continue
        day, month, year = int(match[1]), _month_number(match[2]), int(match[3])
        _add_date(found, taken, match, year, month, day)
    for match in _NUMERIC_DATE.finditer(text):
        if free(*match.span()):
            day, month, year = int(match[1]), int(match[2]), int(match[3])
            _add_date(found, taken, match, year, month, day)
    _add_month_lists(text, found, taken)
    found.sort(key=lambda item: item[0])
    milestones = _describe(text, found)
    milestones.extend(_recurring(text, found))
    if _COMPLETED.search(text):
        milestones.insert(0, ParsedMilestone("completed", "Completed", None, ""))
    return milestones


def _add_month_lists(
    text: str, found: list[tuple[int, int, ParsedMilestone]], taken: list[tuple[int, int]]
) -> None:
    """ "June 2010", "September and November 2010", "May – Aug 2010"."""
    for match in _MONTH_LIST.finditer(text):
        if not all(match.end() <= a or match.start() >= b for a, b in taken):
            continue
        year = int(match[3])
        months = [_month_number(match[1])] + [
            _month_number(m[1]) for m in _MONTH_WORD.finditer(match[2] or "")
        ]
        if re.search(r"[–—-]", match[2] or "") and len(months) == 2:
            # "May – Aug 2010": one milestone, due by the end of the range.
            months = months[1:]
        for month in months:
            milestone = ParsedMilestone("month", "", datetime.date(year, month, 1), "")
            found.append((match.start(), match.end(), milestone))
        taken.append(match.span())


def _add_date(
    found: list[tuple[int, int, ParsedMilestone]],
    taken: list[tuple[int, int]],
    match: re.Match[str],
    year: int,
    month: int,
    day: int,
) -> None:
    try:
        due = datetime.date(year, month, day)
    except ValueError:
        return
    found.append((match.start(), match.end(), ParsedMilestone("date", "", due, "")))
    taken.append(match.span())


def _describe(text: str, found: list[tuple[int, int, ParsedMilestone]]) -> list[ParsedMilestone]:
    """Each dated milestone is described by the words between it and the one before."""
    out: list[ParsedMilestone] = []
    position = 0
    for start, end, milestone in found:
        words = _clean(text[position:start])
        if start == position and out:
            words = out[-1].description
        out.append(
            ParsedMilestone(milestone.kind, words[:500], milestone.due_date, milestone.recurrence)
        )
        position = max(position, end)
    return out


def _recurring(text: str, found: list[tuple[int, int, ParsedMilestone]]) -> list[ParsedMilestone]:
    out = []
    for pattern, recurrence in _RECURRING:
        match = pattern.search(text)
        if match is None:
            continue
        start = _FROM_MONTH.search(text)
        starts = (
            datetime.date(int(start[2]), _month_number(start[1]), 1) if start is not None else None
        )
        out.append(ParsedMilestone("recurring", _clean(text)[:500], starts, recurrence))
    return out


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(•])")
_TARGET_WORDS = re.compile(
    r"\b(?:target|expected to|fewer than|less than|no more than|at least|more than|at most)\b",
    re.I,
)
_FIGURE = re.compile(
    r"(?P<direction>fewer than|less than|under|below|no more than|not more than|at most|"
    r"a maximum of|more than|over|above|at least|a minimum of|exactly)?\s*"
    r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>%|per\s?cent\b|percent\b|days?\b|weeks?\b|months?\b)",
    re.I,
)
_FINANCIAL_YEAR = re.compile(r"\b(?:for|in|during|by)\s+(20\d\d)/(\d\d)\b", re.I)
_BY_MONTH = re.compile(rf"\bby\s+(?:the\s+end\s+of\s+)?({_MONTH})\s+({_YEAR})\b", re.I)
_DIRECTIONS = {
    "fewer than": "fewer_than",
    "less than": "fewer_than",
    "under": "fewer_than",
    "below": "fewer_than",
    "no more than": "at_most",
    "not more than": "at_most",
    "at most": "at_most",
    "a maximum of": "at_most",
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "at least": "at_least",
    "a minimum of": "at_least",
    "exactly": "exactly",
}


@dataclass(frozen=True)
class ParsedTarget:
    """A target read from a sentence of expected evidence; ``description`` is the sentence."""

    description: str
    measure: str
    target_value: Decimal
    unit: str
    direction: str
    due_date: datetime.date | None


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def parse_targets(text: str) -> list[ParsedTarget]:
    """The measurable targets the expected evidence states, one per sentence that states one.
    Only percentages (and durations given with a percentage as their share) are read as the
    target value: "a 10% sample" before the word "target" is how it is measured, not the
    target, so the first figure after "target" is taken when the sentence has the word."""
    targets = []
    for sentence in sentences(text):
        if not _TARGET_WORDS.search(sentence):
            continue
        target = _sentence_target(sentence)
        if target is not None:
            targets.append(target)
    return targets


def _sentence_target(sentence: str) -> ParsedTarget | None:
    word = re.search(r"\btarget\b", sentence, re.I)
    search_from = word.end() if word else 0
    figures = [m for m in _FIGURE.finditer(sentence, search_from) if _is_percent(m["unit"])]
    if not figures and word:
        figures = [m for m in _FIGURE.finditer(sentence) if _is_percent(m["unit"])]
        figures = [m for m in figures if m["direction"]]
    if not figures:
        return None
    figure = figures[0]
    direction = _DIRECTIONS.get((figure["direction"] or "").casefold(), "at_least")
    measure = _clean(sentence[figure.end() :].split(" will be set")[0])
    measure = re.sub(r"^of\s+", "", measure)
    return ParsedTarget(
        description=sentence,
        measure=(measure or sentence)[:500],
        target_value=Decimal(figure["value"]),
        unit="percent",
        direction=direction,
        due_date=_due_date(sentence),
    )


def _is_percent(unit: str) -> bool:
    return unit.strip().casefold().replace(" ", "") in ("%", "percent")


def _due_date(sentence: str) -> datetime.date | None:
    by_month = _BY_MONTH.search(sentence)
    if by_month is not None:
        year, month = int(by_month[2]), _month_number(by_month[1])
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    financial = _FINANCIAL_YEAR.search(sentence)
    if financial is not None and (int(financial[1]) + 1) % 100 == int(financial[2]):
        return datetime.date(int(financial[1]) + 1, 3, 31)
    return None
