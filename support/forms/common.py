"""What the support app's forms share: the measure choices and the check on a number of days."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from returns.models import Domain, Measure
from support import validation

DOMAIN_CHOICES = [("", "Any domain"), *Domain.choices]


def measures_in_return() -> QuerySet[Measure]:
    return Measure.objects.in_return().order_by("display_order", "code")


def _measure_label(measure: Measure) -> str:
    return f"{measure.code} {measure.name}"


class MeasureChoiceField(forms.ModelChoiceField[Measure]):
    def label_from_instance(self, obj: Measure) -> str:
        return _measure_label(obj)


class MeasuresField(forms.ModelMultipleChoiceField[Measure]):
    def label_from_instance(self, obj: Measure) -> str:
        return _measure_label(obj)


def days_or_none(value: str, what: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        return validation.clean_days(value.strip(), what=what)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
