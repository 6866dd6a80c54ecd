"""What the scorecard's writes share: the refusal they raise and whether a council held adult
social care responsibility when a judgement, narrative or Local Account is recorded."""

from authorities.models import Council
from returns.models import Period
from sli_portal.financial_years import year_bounds
from sli_portal.refusals import Refused


class ScorecardRefused(Refused):
    """A scorecard change the portal refuses."""


def council_active_in(council: Council, period: Period) -> bool:
    """Whether the council held adult social care responsibility during the quarter."""
    return council.is_active_between(period.starts_on, period.ends_on)


def check_active(council: Council, period: Period) -> None:
    if not council_active_in(council, period):
        raise ScorecardRefused(
            f"{council.name} did not hold adult social care responsibility in {period.label}."
        )


def council_active_in_year(council: Council, year: int) -> bool:
    """Whether the council held adult social care responsibility in the financial year."""
    return council.is_active_between(*year_bounds(year))
