"""The regional TEASC page's count cells, built in Python: a national page has nearly two
thousand of them, which the template language would take several times longer to write."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from returns.models import TeascSection
from scorecard.selectors.teasc_sections import TeascBySection

register = template.Library()

SECTIONS_SHOWN = len(TeascSection.choices)


def _cell(items: int, better: int, improving: int, both: int) -> str:
    plural = "" if items == 1 else "s"
    return (
        f'<td class="govuk-table__cell">{items} item{plural}<br>{better} better<br>'
        f"{improving} improving<br>{both} both</td>"
    )


@register.simple_tag
def teasc_count_cells(teasc: TeascBySection) -> SafeString:
    """A cell for each of the ten sections (items, better, improving, both, in words) and one
    for all sections. Only whole numbers are written, so nothing needs escaping."""
    cells = [
        _cell(s.items, s.better, s.improving, s.better_and_improving)
        for s in teasc.sections[:SECTIONS_SHOWN]
    ]
    cells.append(_cell(teasc.items, teasc.better, teasc.improving, teasc.better_and_improving))
    return mark_safe("".join(cells))
