"""The query string of the open data downloads and API: ``year``, ``measure`` and ``council``,
checked before anything is read, each bad value refused with a message saying what to send."""

from collections.abc import Iterable, Mapping

from django.db.models import Q
from django.urls import reverse

from authorities.models import Council
from opendata.selectors import OpenDataQuery
from returns.models import Measure
from sli_portal import financial_years
from sli_portal.refusals import Refused

FIRST_YEAR, LAST_YEAR = 2000, 2099
MEASURE_CODE_MAX = 20


class BadFilter(Refused):
    """A query-string value the open data cannot use; ``message`` is written for the reader,
    ``field`` names the parameter."""

    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


def parse_year(text: str) -> int:
    """``2023``, ``2023-24`` or ``2023/24`` to 2023 (the year the financial year starts)."""
    try:
        year = financial_years.parse_year(text)
    except financial_years.NotAFinancialYear as bad:
        if bad.out_of_step:
            raise BadFilter(
                "year",
                f"'{text}' is not a financial year: the second year must follow the first, "
                "like 2023-24.",
            ) from bad
        raise BadFilter(
            "year",
            f"'{text}' is not a year. Enter the year the financial year starts, like 2023 "
            "for 2023/24 (2023-24 and 2023/24 are accepted too).",
        ) from bad
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadFilter(
            "year", f"The year must be between {FIRST_YEAR} and {LAST_YEAR}; '{text}' is not."
        )
    return year


def parse_measure(text: str) -> str:
    """A measure code the catalogue holds (in any framework version), in any letter case."""
    code = text.strip()
    if len(code) > MEASURE_CODE_MAX:
        raise BadFilter(
            "measure",
            f"A measure code is at most {MEASURE_CODE_MAX} characters, like 1A or ASC1. The "
            f"codes are listed in the measures API, {reverse('opendata:api_measures')}.",
        )
    if not Measure.objects.filter(code__iexact=code).exists():
        raise BadFilter(
            "measure",
            f"There is no measure with the code '{code}'. The codes are listed in the measures "
            f"API, {reverse('opendata:api_measures')}.",
        )
    return code


def parse_council(text: str) -> Council:
    """A council by its ONS code (E08000015) or the short name in its page address (wirral)."""
    key = text.strip()
    council = Council.objects.filter(Q(ons_code__iexact=key) | Q(slug__iexact=key)).first()
    if council is None:
        raise BadFilter(
            "council",
            f"There is no council '{key}'. Use its ONS code, like E08000015, or the name in "
            "its page address, like wirral. The councils are listed in the councils API, "
            f"{reverse('opendata:api_councils')}.",
        )
    return council


def open_data_query(params: Mapping[str, str], *, allowed: Iterable[str]) -> OpenDataQuery:
    """The filters in ``params`` that ``allowed`` names, checked; an empty value is no filter
    (a form left blank) and any other parameter is left alone. Raises :class:`BadFilter` on
    the first bad value. At most two queries."""
    given = {
        name: params[name].strip() for name in allowed if name in params and params[name].strip()
    }
    return OpenDataQuery(
        year=parse_year(given["year"]) if "year" in given else None,
        measure_code=parse_measure(given["measure"]) if "measure" in given else "",
        council=parse_council(given["council"]) if "council" in given else None,
    )
