"""Figures of improvement plan targets, written as a council officer would write them."""

from decimal import Decimal

from django import template

from improvement_plans.models import TargetUnit

register = template.Library()

STATUS_COLOURS = {
    "not_started": "grey",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "red",
    "complete": "blue",
}


@register.filter
def figure(value: Decimal | None, unit: str = "") -> str:
    """``70`` with its unit: "70%", "£1,200", "28 days"; empty for no figure."""
    if value is None:
        return ""
    number = f"{value.normalize():,f}" if isinstance(value, Decimal) else f"{value:,}"
    if unit == TargetUnit.PERCENT:
        return f"{number}%"
    if unit == TargetUnit.POUNDS:
        return f"£{number}"
    if unit in (TargetUnit.DAYS, TargetUnit.WEEKS, TargetUnit.MONTHS):
        return f"{number} {unit}"
    return number


@register.filter
def status_colour(status: str) -> str:
    """The tag colour of a progress status; the status is always written too."""
    return STATUS_COLOURS.get(status, "grey")
