"""The demonstration region's declared better directions: for each measure of the return with
no published direction, the direction its own wording makes plain, with the region's reason, so
the demonstration compares every measure. Declared by the demonstration administrator through
the same service the administrator's page uses; shown everywhere as the region's declaration,
never as a published direction."""

from accounts.models import User
from demo.users import ADMIN
from returns.models import Measure, Polarity
from returns.services import measure_polarity_declare

HIGHER = Polarity.HIGHER.value

# code (ASCOF 2023-24) -> (direction, the region's reason, completing "because …")
DECLARATIONS: dict[str, tuple[str, str]] = {
    "1E": (
        HIGHER,
        "a higher proportion means more carers are satisfied with the support they get.",
    ),
    "2D2": (
        HIGHER,
        "a higher proportion means more older people leaving hospital are offered reablement.",
    ),
    "3B": (
        HIGHER,
        "a higher proportion means more carers say they were included or consulted as much as "
        "they wanted.",
    ),
    "3D1B": (
        HIGHER,
        "a higher proportion means more carers have choice and control through self-directed "
        "support, as for service users (3D1A).",
    ),
    "3D2A": (
        HIGHER,
        "a higher proportion means more people have the choice and control of a direct payment.",
    ),
    "3D2B": (
        HIGHER,
        "a higher proportion means more carers have the choice and control of a direct payment.",
    ),
    "4A": (HIGHER, "a higher proportion means more people who use services feel safe."),
    "5A1": (
        HIGHER,
        "a higher proportion means more people have as much social contact as they would like.",
    ),
}


def polarity_declarations_demo_load() -> int:
    """Declare the region's direction for each measure above that has neither a published nor
    a declared direction. Returns how many were declared (none on a second run)."""
    admin = User.objects.get(email=ADMIN)
    declared = 0
    for measure in Measure.objects.in_return().filter(code__in=DECLARATIONS):
        if measure.has_published_polarity or measure.region_polarity:
            continue
        polarity, reason = DECLARATIONS[measure.code]
        measure_polarity_declare(
            measure=measure, polarity=polarity, reason=reason, declared_by=admin
        )
        declared += 1
    return declared
