"""How every figure is rounded and written, the same on pages, downloads, the open-data API
and PDFs: decimal half-up to the measure's decimal places (19.15 to 1 place is 19.2, never
the 19.1 binary floating point gives). Comparisons always use the unrounded figures; only
what is shown is rounded."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NO_FIGURE = "–"


def round_half_up(value: float | Decimal | None, places: int) -> Decimal | None:
    """``value`` rounded half-up to ``places`` decimal places, as a Decimal with exactly that
    many places; None for no figure (None, NaN or infinite).

    A float is read through its shortest decimal form (``repr``), so 19.15 rounds as the
    19.15 a person typed, not as the binary 19.149999... it is stored as."""
    if value is None:
        return None
    try:
        exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    except (InvalidOperation, ValueError):
        return None
    if not exact.is_finite():
        return None
    return exact.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def rounded_float(value: float | Decimal | None, places: int) -> float | None:
    """The rounded figure as a float, for JSON (19.15 to 1 place gives 19.2)."""
    rounded = round_half_up(value, places)
    return None if rounded is None else float(rounded)


def format_figure(value: float | Decimal | None, places: int) -> str:
    """The rounded figure as pages and PDFs print it, with thousands separated by commas;
    an en dash for no figure."""
    rounded = round_half_up(value, places)
    return NO_FIGURE if rounded is None else f"{rounded:,}"
