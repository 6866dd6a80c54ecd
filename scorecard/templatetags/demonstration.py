"""The demonstration's method in the words every label uses: ``{% demonstration_method %}``,
and ``{% demonstration_invented %}`` for the region's own items."""

from django import template

from scorecard.selectors.demonstration import DEMONSTRATION_INVENTED, DEMONSTRATION_METHOD

register = template.Library()


@register.simple_tag
def demonstration_method() -> str:
    """How the demonstration's quarterly figures are made from published annual ones."""
    return DEMONSTRATION_METHOD


@register.simple_tag
def demonstration_invented() -> str:
    """The sentence saying the region's own items' demonstration figures are invented."""
    return DEMONSTRATION_INVENTED
