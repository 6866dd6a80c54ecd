"""What the return's checks know of each item, and the checks and words on its figures: how a
cell is read as a number (and why not), an item's accepted range in words, and how its months
make its quarter. Pure functions, no database access."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from returns.models import QuarterRule, Unit
from sli_portal.figures import round_half_up

LARGEST_FIGURE = Decimal(10) ** 12
NOT_A_NUMBER_BLANK_HINT = "Leave the cell empty if you do not have the figure yet"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_EXPONENT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+")
_MISSING_WORDS = frozenset(
    "na n/a n.a. n.a none null nil nan - -- – — . .. x tbc tba missing unknown #n/a".split()
) | {"not available", "not known"}


@dataclass(frozen=True)
class MeasureSpec:
    """What validation needs to know of a measure in the return."""

    code: str
    name: str
    unit: str
    unit_label: str
    decimal_places: int
    min_value: Decimal | None
    max_value: Decimal | None
    collects_numerator_denominator: bool
    tier: str = ""
    section: str = ""
    periodicity: str = "annual"
    quarter_rule: str = "annual_only"

    @property
    def takes_months(self) -> bool:
        """A monthly or quarterly measure whose months make its quarter."""
        return self.quarter_rule in (QuarterRule.SUM, QuarterRule.MEAN, QuarterRule.LAST)

    @classmethod
    def from_measure(cls, measure: Any) -> "MeasureSpec":
        """Copy the fields of a :class:`returns.models.Measure` (or anything shaped like one)."""
        return cls(
            code=measure.code,
            name=measure.name,
            unit=str(measure.unit),
            unit_label=measure.unit_label or "",
            decimal_places=int(measure.decimal_places),
            min_value=decimal_or_none(measure.min_value),
            max_value=decimal_or_none(measure.max_value),
            collects_numerator_denominator=bool(measure.collects_numerator_denominator),
            tier=str(getattr(measure, "tier", "")),
            section=str(getattr(measure, "teasc_section", "")),
            periodicity=str(getattr(measure, "periodicity", "annual")),
            quarter_rule=str(getattr(measure, "quarter_rule", "annual_only")),
        )


def decimal_or_none(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Parsed:
    """A figure cell: its stripped text, its number (None when empty or wrong), whether it is
    acceptable so far."""

    text: str
    value: Decimal | None
    ok: bool

    @property
    def blank(self) -> bool:
        return self.ok and not self.text


def parse_number(raw: str) -> tuple[Decimal | None, str | None]:
    """The number in a cell (None if empty), or the message saying why it is not one."""
    text = raw.strip()
    if not text:
        return None, None
    if _NUMBER.fullmatch(text):
        value = Decimal(text)
        if abs(value) >= LARGEST_FIGURE:
            return None, f"'{text}' is too large to be a figure in this return. Check the figure"
        return value, None
    return None, _not_a_number(text)


def _not_a_number(text: str) -> str:
    quoted = f"'{text}' is not a number."
    if text.casefold() in _MISSING_WORDS:
        return f"{quoted} {NOT_A_NUMBER_BLANK_HINT}"
    if _THOUSANDS.fullmatch(text):
        return f"{quoted} Remove the comma: enter it as {text.replace(',', '')}"
    if _DECIMAL_COMMA.fullmatch(text):
        return f"{quoted} Use a full stop for decimals, like {text.replace(',', '.')}"
    if _EXPONENT.fullmatch(text):
        return f"{quoted} Write the figure out in full{_in_full(text)}"
    for symbol in ("£", "%"):
        bare = text.replace(symbol, "").strip()
        if symbol in text and _NUMBER.fullmatch(bare):
            return f"{quoted} Remove the {symbol} sign: enter it as {bare}"
    if _NUMBER.fullmatch(text.replace(" ", "")):
        return f"{quoted} Remove the spaces: enter it as {text.replace(' ', '')}"
    return f"{quoted} Enter the figure in digits. {NOT_A_NUMBER_BLANK_HINT}"


def _in_full(text: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return ""
    return f", like {format(number, 'f')}" if abs(number.adjusted()) <= 15 else ""


def number_words(number: Decimal) -> str:
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return format(number.normalize(), ",f")


def _unit_noun(spec: MeasureSpec) -> str:
    if spec.unit == Unit.RATE and spec.unit_label.casefold().startswith("rate"):
        return f"a {spec.unit_label}"
    nouns: dict[str, str] = {
        Unit.PERCENTAGE: "a percentage",
        Unit.RATE: "a rate per 100,000",
        Unit.SCORE: "a score",
        Unit.COUNT: "a count",
        Unit.POUNDS: "an amount in pounds",
    }
    return nouns.get(spec.unit, "a figure")


def range_words(spec: MeasureSpec) -> str:
    noun = _unit_noun(spec)
    low, high = spec.min_value, spec.max_value
    if low is not None and high is not None:
        return f"{noun} from {number_words(low)} to {number_words(high)}"
    if low is not None:
        return f"{noun} of {number_words(low)} or more"
    return f"{noun} of {number_words(high)} or less" if high is not None else noun


def outside_range(spec: MeasureSpec, value: Decimal) -> bool:
    low, high = spec.min_value, spec.max_value
    return (low is not None and value < low) or (high is not None and value > high)


def rule_words(spec: MeasureSpec) -> str:
    if spec.quarter_rule == QuarterRule.LAST:
        return "the third month: the quarter's figure is the last month's"
    how = "sum" if spec.quarter_rule == QuarterRule.SUM else "mean"
    return f"all three months: the quarter's figure is the {how} of the three months"


def months_mismatch(spec: MeasureSpec, value: Parsed, months: list[Parsed]) -> str | None:
    """What is wrong when the months do not make the quarter's figure, or None."""
    assert value.value is not None
    figures = [month.value or Decimal(0) for month in months]
    texts = [month.text for month in months]
    if spec.quarter_rule == QuarterRule.LAST:
        if value.value == figures[2]:
            return None
        return (
            f"The quarter's figure {value.text} must equal the third month's, {texts[2]}: "
            "the quarter is the last month's figure. Check the figures"
        )
    total = sum(figures, Decimal(0))
    if spec.quarter_rule == QuarterRule.SUM:
        expected, working = total, " + ".join(texts)
    else:
        expected, working = total / 3, f"({' + '.join(texts)}) ÷ 3"
    if abs(value.value - expected) <= Decimal(1).scaleb(-spec.decimal_places) / 2:
        return None
    shown = format(round_half_up(expected, spec.decimal_places), "f")
    how = "sum" if spec.quarter_rule == QuarterRule.SUM else "mean"
    return (
        f"The quarter's figure {value.text} does not match its months: {working} = {shown}. "
        f"The quarter is the {how} of the three months. Check the four figures"
    )
