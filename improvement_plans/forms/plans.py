"""Forms for a plan and its structure: the plan's details and import, its headings, improvement
areas, actions, expected evidence, targets and milestones.

Where a new or moved heading, area or action goes is one select ("where"): each option names
the place in the plan's own numbering ("After Action 12") and carries the parent's id and the
1-based position the services take."""

from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from authorities.models import Council
from improvement_plans.models import (
    Direction,
    MilestoneKind,
    Recurrence,
    TargetUnit,
)
from improvement_plans.selectors import PlanView
from sli_portal.forms import GDSDateField, PageForm
from sli_portal.uploads import check_upload

NUMBER = "must be a number, like 70"
WHERE_REQUIRED = "Select where it goes in the plan"


def text_field(
    label: str, *, required: str | None = None, max_length: int = 10000, **kw: Any
) -> Any:
    messages = {"max_length": f"{label} must be {max_length:,} characters or fewer"}
    if required:
        messages["required"] = required
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        error_messages=messages,
        **kw,
    )


def area_label(number: int, title: str) -> str:
    short = title if len(title) <= 70 else f"{title[:67]}..."
    return f"Improvement Area {number} – {short}"


def heading_places(view: PlanView, *, exclude: int | None = None) -> list[tuple[str, str]]:
    """Where a heading can go: at the start, or after each heading (positions among the
    headings other than ``exclude``)."""
    headings = [h for h in view.headings if h.heading.pk != exclude]
    places = [("1", "At the start of the plan")]
    for index, heading in enumerate(headings, start=2):
        places.append((str(index), f"After the heading ‘{heading.heading.title}’"))
    return places


def area_places(view: PlanView, *, exclude: int | None = None) -> list[Any]:
    """Where an improvement area can go, grouped by heading: at the start of a heading, or after
    one of its areas. Values are ``heading id:position``."""
    groups: list[Any] = []
    for heading in view.headings:
        areas = [a for a in heading.areas if a.area.pk != exclude]
        pk = heading.heading.pk
        options = [(f"{pk}:1", f"At the start of ‘{heading.heading.title}’")]
        for index, area in enumerate(areas, start=2):
            options.append((f"{pk}:{index}", f"After {area_label(area.number, area.area.title)}"))
        groups.append((heading.heading.title, options))
    return groups


def action_places(view: PlanView, *, exclude: int | None = None) -> list[Any]:
    """Where an action can go, grouped by improvement area: at the start of an area, or after
    one of its actions. Values are ``area id:position``."""
    groups: list[Any] = []
    for area in view.areas:
        actions = [a for a in area.actions if a.action.pk != exclude]
        pk = area.area.pk
        label = area_label(area.number, area.area.title)
        options = [(f"{pk}:1", f"At the start of Improvement Area {area.number}")]
        for index, action in enumerate(actions, start=2):
            options.append((f"{pk}:{index}", f"After Action {action.number}"))
        groups.append((label, options))
    return groups


class WhereField(forms.ChoiceField):
    """A place in the plan: cleans to (parent id, 1-based position)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages", {"required": WHERE_REQUIRED, "invalid_choice": WHERE_REQUIRED}
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> tuple[int, int]:
        chosen = super().clean(value)
        parent, _, position = str(chosen).partition(":")
        return int(parent), int(position)


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _only_council(form: forms.Form, councils: Any) -> Council | None:
    """A council user edits one council's plans: the field is asked only of someone who may
    edit several (or none, when renaming a plan)."""
    if councils is None or len(councils) == 1:
        del form.fields["council"]
        return None if councils is None else councils[0]
    council = form.fields["council"]
    assert isinstance(council, forms.ModelChoiceField)
    council.queryset = councils
    return None


class PlanForm(PageForm):
    title = "Start an improvement plan"
    button_text = "Create plan"

    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        empty_label="Choose a council",
        error_messages={
            "required": "Select the council whose plan this is",
            "invalid_choice": "Select the council whose plan this is",
        },
    )
    plan_title = text_field(
        "Title",
        required="Enter the plan's title",
        max_length=200,
        help_text="For example, ‘Adult social care improvement plan’.",
    )
    period_covered = text_field(
        "Period covered (optional)",
        max_length=100,
        help_text="As the plan states it, for example 2025/26.",
    )

    def __init__(self, *args: Any, councils: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_council = _only_council(self, councils)
        self.build_helper()

    def chosen_council(self) -> Council:
        return self.only_council or self.cleaned_data["council"]


class PlanEditForm(PlanForm):
    title = "Change the plan's title and period"
    button_text = "Save changes"


class PlanImportForm(PageForm):
    title = "Import an improvement plan"
    button_text = "Import plan"
    multipart = True

    council = PlanForm.base_fields["council"]
    file = forms.FileField(
        label="Upload the plan",
        help_text="A CSV or Excel (.xlsx) file in the template's columns, smaller than 5 MB.",
        error_messages={
            "required": "Select the file with your plan",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read. Select a CSV or Excel (.xlsx) file",
        },
    )
    plan_title = text_field(
        "Title (optional)",
        max_length=200,
        help_text="If you leave it empty the plan is called ‘<council> improvement plan’.",
    )
    period_covered = PlanForm.base_fields["period_covered"]

    def __init__(self, *args: Any, councils: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_council = _only_council(self, councils)
        self.build_helper()

    def chosen_council(self) -> Council:
        return self.only_council or self.cleaned_data["council"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        problem = check_upload(name=upload.name, size=upload.size)
        if problem is not None:
            raise ValidationError(problem.message.replace("return", "plan"))
        return upload


class HeadingForm(PageForm):
    title = "Add an outcome heading"
    button_text = "Add heading"

    heading_title = text_field(
        "Outcome heading",
        required="Enter the outcome heading",
        max_length=300,
        help_text="For example, Safeguarding Adults or Providing Leadership.",
    )
    where = forms.ChoiceField(
        label="Where does it go?",
        error_messages={"required": WHERE_REQUIRED, "invalid_choice": WHERE_REQUIRED},
    )

    def __init__(self, *args: Any, view: PlanView, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = heading_places(view)
        set_choices(self, "where", places)
        self.fields["where"].initial = places[-1][0]


class AreaForm(PageForm):
    title = "Add an improvement area"
    button_text = "Add improvement area"

    where = WhereField(label="Where does it go?", help_text="Later areas are renumbered.")
    area_title = text_field(
        "What needs to improve",
        required="Enter what the improvement area is about",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, ‘Improve the practice of safeguarding across the partnership’.",
    )

    def __init__(self, *args: Any, view: PlanView, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "where", area_places(view))


class HeadingEditForm(PageForm):
    title = "Change the outcome heading"
    button_text = "Save changes"

    heading_title = HeadingForm.base_fields["heading_title"]


class AreaEditForm(PageForm):
    title = "Change the improvement area"
    button_text = "Save changes"

    area_title = AreaForm.base_fields["area_title"]


class MoveForm(PageForm):
    """Moving an area or an action to another place, under another parent if chosen."""

    title = "Move"
    button_text = "Move"

    where = WhereField(label="Move it to")

    def __init__(self, *args: Any, places: list[Any], title: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = title
        set_choices(self, "where", places)


class ActionForm(PageForm):
    title = "Add an action"
    button_text = "Add action"

    where = WhereField(
        label="Where does it go?",
        help_text="Actions are numbered across the whole plan: later actions are renumbered.",
    )
    how_achieved = text_field(
        "How is this to be achieved",
        required="Enter how the improvement is to be achieved",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="To name another action, write for example ‘see Area 3 Action 11’: it becomes "
        "a link that follows the action when the plan is renumbered.",
    )
    owner = text_field("Owner (optional)", max_length=200, help_text="A role or team.")
    evidence = text_field(
        "Expected evidence of improvement (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Targets in it, like ‘at least 70% of reviews within 28 days’, are read into "
        "the action's targets.",
    )
    timescale = text_field(
        "Timescale (optional)",
        max_length=500,
        help_text="As you would write it: ‘June 2025’, ‘Quarterly’, ‘Ongoing’.",
    )

    def __init__(self, *args: Any, view: PlanView, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "where", action_places(view))


class ActionEditForm(PageForm):
    title = "Change the action"
    button_text = "Save changes"

    how_achieved = ActionForm.base_fields["how_achieved"]
    owner = ActionForm.base_fields["owner"]


class EvidenceForm(PageForm):
    title = "Add expected evidence of improvement"
    button_text = "Add evidence"

    text = text_field(
        "Expected evidence of improvement",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="To name another action, write for example ‘see Area 3 Action 11’.",
    )
    timescale = ActionForm.base_fields["timescale"]
    read_details = forms.BooleanField(
        label="Read targets and milestones from this text and timescale",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["read_details"]
            self.title = "Change the expected evidence"
            self.button_text = "Save changes"
            self.build_helper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("timescale") and not self.errors:
            self.add_error("text", "Enter the expected evidence or its timescale")
        return data


def _number_field(label: str, *, required: bool, help_text: str = "") -> forms.DecimalField:
    messages = {"invalid": f"The {label.lower()} {NUMBER}"}
    if required:
        messages["required"] = f"Enter the {label.lower()}"
    return forms.DecimalField(
        label=label if required else f"{label} (optional)",
        required=required,
        max_digits=14,
        decimal_places=4,
        help_text=help_text,
        error_messages={
            **messages,
            "max_digits": f"The {label.lower()} is too large",
            "max_decimal_places": f"The {label.lower()} can have at most 4 decimal places",
            "max_whole_digits": f"The {label.lower()} is too large",
        },
    )


class TargetForm(PageForm):
    title = "Add a target"
    button_text = "Save target"

    measure = text_field(
        "What is measured",
        required="Enter what is measured",
        max_length=500,
        help_text="For example, ‘Safeguarding reviews completed within 28 days’.",
    )
    description = text_field(
        "The target as the plan states it (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    baseline = _number_field("Baseline", required=False, help_text="Where it stood at the start.")
    direction = forms.ChoiceField(
        label="The actual must be",
        choices=Direction.choices,
        error_messages={
            "required": "Select whether the actual must be at least, at most, fewer than, more "
            "than or exactly the target",
            "invalid_choice": "Select whether the actual must be at least, at most, fewer than, "
            "more than or exactly the target",
        },
    )
    target_value = _number_field("Target value", required=True)
    unit = forms.ChoiceField(
        label="Unit",
        choices=TargetUnit.choices,
        error_messages={"required": "Select a unit", "invalid_choice": "Select a unit"},
    )
    due_date = GDSDateField(
        what="the due date",
        example="31 3 2026",
        required=False,
        label="Due by (optional)",
        help_text="For example, 31 3 2026",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.title = "Change the target"


class MilestoneForm(PageForm):
    title = "Add a milestone"
    button_text = "Save milestone"

    description = text_field(
        "What is due (optional)",
        max_length=500,
        help_text="For example, ‘Audit of case files reported to the board’.",
    )
    kind = forms.ChoiceField(
        label="When is it due?",
        widget=forms.RadioSelect,
        choices=[
            Choice(MilestoneKind.DATE, "By a date"),
            Choice(MilestoneKind.MONTH, "In a month", hint="Enter any day of the month."),
            Choice(MilestoneKind.RECURRING, "Recurring", hint="Choose how often below."),
            Choice(MilestoneKind.COMPLETED, "Already completed"),
        ],
        error_messages={
            "required": "Select when the milestone is due",
            "invalid_choice": "Select when the milestone is due",
        },
    )
    due_date = GDSDateField(
        what="the date",
        example="30 6 2025",
        required=False,
        label="Date (or start date of a recurring milestone)",
        help_text="For example, 30 6 2025",
    )
    recurrence = forms.ChoiceField(
        label="How often, for a recurring milestone",
        required=False,
        choices=[("", "Not recurring"), *Recurrence.choices],
        error_messages={"invalid_choice": "Select how often it recurs"},
    )
    raw_text = text_field("Timescale as written (optional)", max_length=500)
    completed_on = GDSDateField(
        what="the date it was completed",
        required=False,
        label="Completed on (optional)",
        help_text="The day it was met. A completed milestone is never overdue.",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.title = "Change the milestone"
        else:
            del self.fields["completed_on"]
            self.build_helper()


class ConfirmForm(PageForm):
    """A confirmation with only a button (removing is archiving: nothing is deleted)."""

    title = "Are you sure?"
    button_text = "Yes, remove it"
