"""Which figures on a page are demonstration data: a council's quarter whose accepted figures
were generated from its published annual figures (see DEMONSTRATION_METHOD),
not submitted by the council. Every page that shows such a figure says so next to it; a return
a person uploaded is never marked."""

from django.db.models import Exists, OuterRef

from returns.models import Period, Return

# How the demonstration's quarters are made (demo/returns.py), in the words every label uses.
DEMONSTRATION_METHOD = (
    "each quarter a straight line between two published years, and after the last published "
    "year that line continued at half its slope"
)
# The region's own items (demo/data/regional_items.json) are published by nobody: their
# demonstration figures are invented, which every demonstration label says after the method.
DEMONSTRATION_INVENTED = (
    "The figures for the region’s own AQuA whole-system and NW benchmarking items are invented."
)
DEMONSTRATION_SOURCE = "Demonstration figure generated from published annual figures"
DEMONSTRATION_INVENTED_SOURCE = "Demonstration figure invented for the region’s own item"
ACCEPTED_SOURCE = "Council's accepted return"


def demonstration_council_ids(period: Period | None) -> set[int]:
    """The councils whose figures for ``period`` are demonstration data. One query."""
    if period is None:
        return set()
    return set(
        Return.objects.filter(period=period, is_demonstration=True).values_list(
            "council_id", flat=True
        )
    )


def is_demonstration_for(period: Period | OuterRef, council: OuterRef | None = None) -> Exists:
    """An annotation: the row's council's figures for ``period`` are demonstration data, so a
    page learns it in the query that reads the figures."""
    return Exists(
        Return.objects.filter(
            council=council if council is not None else OuterRef("council"),
            period=period,
            is_demonstration=True,
        )
    )
