"""The demonstration's method in the words every label uses: ``{% demonstration_method %}``."""

from django import template

from scorecard.selectors.demonstration import DEMONSTRATION_METHOD

register = template.Library()


@register.simple_tag
def demonstration_method() -> str:
    """How the demonstration's quarterly figures are made from published annual ones."""
    return DEMONSTRATION_METHOD
