"""Forms for the review queue (its filters and bulk actions) and the automatic triggers'
thresholds. The page copy and every error message live here."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from authorities.models import Council, SubRegion
from sli_portal.forms import PageForm
from triggers.forms.concerns import ReasonForm
from triggers.models import Meeting, Priority, Quadrant, Severity, Thresholds, Trigger
from triggers.selectors.queue import QueueFilters
from triggers.services.queue import ThresholdValues

AGE_CHOICES = [
    ("", "Any age"),
    ("new", "New since the last meeting"),
    ("month", "New evidence in the last month"),
    ("quarter", "New evidence in the last three months"),
    ("older", "No new evidence for three months"),
]
ORIGIN_CHOICES = [
    ("", "Automatic or raised by a person"),
    ("automatic", "Automatic (found in the data)"),
    ("person", "Raised by a person"),
]


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string. A value that is not a choice is
    ignored, so an old bookmark still shows the queue."""

    sub_region = forms.TypedChoiceField(label="Sub-region", coerce=int, required=False)
    quadrant = forms.ChoiceField(label="Quadrant of Table 2", required=False)
    trigger = forms.TypedChoiceField(label="Trigger", coerce=int, required=False)
    priority = forms.ChoiceField(
        label="Priority", required=False, choices=[("", "Any priority"), *Priority.choices]
    )
    age = forms.ChoiceField(label="Age", required=False, choices=AGE_CHOICES)
    origin = forms.ChoiceField(label="Raised", required=False, choices=ORIGIN_CHOICES)
    severity = forms.ChoiceField(
        label="Severity", required=False, choices=[("", "Any severity"), *Severity.choices]
    )

    def __init__(
        self,
        *args: Any,
        sub_regions: Sequence[SubRegion],
        quadrants: Sequence[Quadrant],
        triggers: Sequence[Trigger],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[Any, str]]] = {
            "sub_region": [("", "All sub-regions")] + [(s.pk, s.name) for s in sub_regions],
            "quadrant": [("", "All quadrants")] + [(q.key, q.name) for q in quadrants],
            "trigger": [("", "All triggers")]
            + [(t.pk, f"{t.quadrant.name}: {t.name}") for t in triggers],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options

    def filters(self) -> QueueFilters:
        """The valid filters; any other is left out."""
        self.is_valid()
        data = self.cleaned_data
        return QueueFilters(
            sub_region=data.get("sub_region") or None,
            quadrant=data.get("quadrant", ""),
            trigger=data.get("trigger") or None,
            priority=data.get("priority", ""),
            age=data.get("age", ""),
            origin=data.get("origin", ""),
            severity=data.get("severity", ""),
        )


class QueueActionForm(ReasonForm):
    """One action on the councils ticked in the queue: set their priority, close their open
    flags and concerns, or add them to a meeting's agenda. The reason is asked for closing and
    kept with a priority."""

    ACTIONS = [
        ("priority", "Set their priority"),
        ("close", "Close their open flags and concerns"),
        ("agenda", "Add them to a meeting's agenda"),
    ]
    form_prefix = "act"  # apart from the filters' fields of the same names
    reason_label = "Reason"
    reason_hint = (
        "Why this priority, or why the flags and concerns are closed. Kept in their history."
    )
    reason_rows = 3
    reason_max_length = 2000
    field_order = ["councils", "action", "priority", "reason", "meeting"]

    councils = forms.MultipleChoiceField(
        label="Councils",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one council"},
    )
    action = forms.ChoiceField(
        label="What do you want to do?",
        choices=ACTIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the selected councils"},
    )
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices, required=False)
    meeting = forms.TypedChoiceField(label="Meeting", coerce=int, required=False)

    def __init__(
        self, *args: Any, councils: Sequence[Council], meetings: Sequence[Meeting], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        councils_field, meeting_field = self.fields["councils"], self.fields["meeting"]
        assert isinstance(councils_field, forms.ChoiceField)
        assert isinstance(meeting_field, forms.ChoiceField)
        councils_field.choices = [(str(c.pk), c.name) for c in councils]
        meeting_field.choices = [("", "Choose a meeting")] + [(m.pk, str(m)) for m in meetings]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == "close" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for closing")
        if action == "agenda" and not data.get("meeting"):
            self.add_error("meeting", "Choose the meeting")
        if action == "priority" and not data.get("priority"):
            self.add_error("priority", "Choose a priority")
        return data


class ThresholdsForm(PageForm):
    """The thresholds the automatic triggers use, for the regional administrator."""

    title = "Change the thresholds"
    button_text = ""

    mads_worse = forms.DecimalField(
        label="How many MADs worse than the North West median a figure must be",
        help_text="MAD: the median absolute deviation of the North West councils' figures.",
        min_value=Decimal("0.5"),
        max_value=Decimal("20"),
        decimal_places=2,
        error_messages={
            "required": "Enter how many MADs worse than the median",
            "invalid": "The number of MADs must be a number, like 2 or 2.5",
            "min_value": "The number of MADs must be 0.5 or more",
            "max_value": "The number of MADs must be 20 or fewer",
            "max_decimal_places": "The number of MADs can have at most 2 decimal places",
        },
    )
    bottom_quartile_quarters = forms.IntegerField(
        label="How many quarters in a row in the bottom quarter and worsening",
        min_value=1,
        max_value=12,
        error_messages={
            "required": "Enter how many quarters in a row",
            "invalid": "The number of quarters must be a whole number",
            "min_value": "The number of quarters must be 1 or more",
            "max_value": "The number of quarters must be 12 or fewer",
        },
    )
    unit_cost_change = forms.DecimalField(
        label="Sharp change in a unit cost, year on year (as a share: 0.20 is 20%)",
        min_value=Decimal("0.01"),
        max_value=Decimal("9.99"),
        decimal_places=2,
        error_messages={
            "required": "Enter the change in a unit cost",
            "invalid": "The change in a unit cost must be a share, like 0.20",
            "min_value": "The change in a unit cost must be 0.01 or more",
            "max_value": "The change in a unit cost must be less than 10",
            "max_decimal_places": "The change in a unit cost can have at most 2 decimal places",
        },
    )
    admissions_rise = forms.DecimalField(
        label="Sharp rise in admissions to care homes, year on year (as a share)",
        min_value=Decimal("0.01"),
        max_value=Decimal("9.99"),
        decimal_places=2,
        error_messages={
            "required": "Enter the rise in admissions",
            "invalid": "The rise in admissions must be a share, like 0.15",
            "min_value": "The rise in admissions must be 0.01 or more",
            "max_value": "The rise in admissions must be less than 10",
            "max_decimal_places": "The rise in admissions can have at most 2 decimal places",
        },
    )
    late_after_days = forms.IntegerField(
        label="Days of grace after a return's deadline",
        min_value=0,
        max_value=365,
        error_messages={
            "required": "Enter the days of grace after a return's deadline",
            "invalid": "The days of grace must be a whole number",
            "min_value": "The days of grace must be 0 or more",
            "max_value": "The days of grace must be 365 or fewer",
        },
    )
    local_account_grace_days = forms.IntegerField(
        label="Days after a financial year ends before its Local Account is looked for",
        min_value=0,
        max_value=730,
        error_messages={
            "required": "Enter the days before a Local Account is looked for",
            "invalid": "The days before a Local Account is looked for must be a whole number",
            "min_value": "The days before a Local Account is looked for must be 0 or more",
            "max_value": "The days before a Local Account is looked for must be 730 or fewer",
        },
    )

    @classmethod
    def initial_from(cls, thresholds: Thresholds) -> dict[str, Any]:
        return {name: getattr(thresholds, name) for name in cls.base_fields}

    def values(self) -> ThresholdValues:
        return ThresholdValues(**{name: self.cleaned_data[name] for name in self.base_fields})
