"""What the support app's forms share: the GOV.UK base with its layout tweaks, the measure
choices and the check on a number of days."""

from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from returns.models import Domain, Measure
from sli_portal.forms import GDSForm
from support import validation

DOMAIN_CHOICES = [("", "Any domain"), *Domain.choices]


def measures_in_return() -> QuerySet[Measure]:
    return Measure.objects.in_return().order_by("display_order", "code")


def _measure_label(measure: Measure) -> str:
    return f"{measure.code} {measure.name}"


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _measure_label(obj)


class MeasuresField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _measure_label(obj)


class SupportForm(GDSForm):
    """A support form. Textareas keep their ``rows``; checkbox groups are small, with the
    label as the legend; several on one page get buttons with unique ids (``prefix``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.restyle()

    def restyle(self) -> None:
        """Build the layout again, after fields or the button's text have changed."""
        self.build_helper()
        layout = self.helper.layout.fields
        for index, (name, field) in enumerate(self.fields.items()):
            if isinstance(field.widget, forms.Textarea):
                layout[index] = Field.textarea(name, rows=int(field.widget.attrs.get("rows", 5)))
            elif isinstance(field.widget, forms.CheckboxSelectMultiple):
                layout[index] = Field.checkboxes(name, legend_size="s", small=True)
        if self.prefix:
            layout[-1] = Button(f"{self.prefix}-submit", self.button_text)


def days_or_none(value: str, what: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        return validation.clean_days(value.strip(), what=what)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
