"""The support in place for councils, as the Planning Group's review queue shows it (offered to
``triggers`` through its reader registry: ``triggers`` sits to the left of ``support``)."""

from support.models import Engagement


def current_support(council_ids: set[int]) -> dict[int, list[str]]:
    """council id -> one line per live engagement (neither completed nor declined): the offer,
    its tier and its status (1 query)."""
    lines: dict[int, list[str]] = {}
    for engagement in (
        Engagement.objects.live()
        .filter(council_id__in=council_ids)
        .select_related("offer", "tier")
        .order_by("council_id", "pk")
    ):
        lines.setdefault(engagement.council_id, []).append(
            f"{engagement.offer.name} ({engagement.tier.name}, "
            f"{engagement.get_status_display().lower()})"
        )
    return lines
