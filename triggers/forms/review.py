"""Forms for the Planning Group's review, meetings, the annual risk assessment and a council's
self-check. The page copy and every error message live here, written for the person filling
them in.

crispy-forms-gds renders labels, legends and hints as HTML, so any text from the database that
goes into one is escaped here first.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from authorities.models import Council
from sli_portal.forms import GDSDateField, PageForm
from triggers.models import (
    Concern,
    Decision,
    RiskView,
    SelfCheckAnswer,
    SupportTier,
)
from triggers.selectors.queue import QueueRow
from triggers.selectors.self_check import SelfCheckPage
from triggers.services.review import DISCUSSION_FIRST

TEXT_MAX = 10000
DECISION_HINTS = {
    Decision.NO_ACTION: "Nothing more to do until the next review",
    Decision.MONITOR: "Keep under review at the next meetings",
    Decision.DISCUSS: "Raise the concerns with the council",
    Decision.RECOMMEND_SUPPORT: "Recommend support from the menu (MoU Table 1)",
    Decision.RECOMMEND_INTERVENTION: "Recommend intervention from the menu (MoU Table 1)",
}
RISK_HINTS = {
    RiskView.LOW: "No support needed beyond the universal offer",
    RiskView.MEDIUM: "Consider self-help or targeted support",
    RiskView.HIGH: "Targeted support or intervention is needed",
}
ANSWER_HINTS = {
    SelfCheckAnswer.Answer.NO_CONCERN: "",
    SelfCheckAnswer.Answer.WATCH: "",
    SelfCheckAnswer.Answer.CONCERN: "Think about the support available (MoU Table 1)",
}


def _safe(text: str) -> str:
    """Text for a crispy HTML layout object: escaped, and with no template syntax left in it
    (crispy renders the object as a template)."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def _text(label: str, *, required: bool, hint: str = "", what: str = "", rows: int = 4) -> Any:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {what or label.lower()}",
            "max_length": f"{label} must be 10,000 characters or fewer",
        },
    )


# Meetings -------------------------------------------------------------------------------------


def _council_choices(councils: Sequence[Council], rows: dict[int, QueueRow]) -> list[Choice]:
    choices = []
    for council in councils:
        row = rows.get(council.pk)
        if row is None or not row.total:
            hint = "No open concerns"
        else:
            hint = f"Priority: {row.priority_label.lower()}; quadrants: {', '.join(row.quadrants)}"
            if row.new:
                hint += "; new evidence since the last meeting"
        choices.append(Choice(council.pk, council.name, hint=hint))
    return choices


class MeetingForm(PageForm):
    title = "Plan a meeting"
    button_text = "Create the meeting"

    held_on = GDSDateField(
        what="the date of the meeting",
        example="27 9 2024",
        label="Date of the meeting",
        help_text="For example, 27 9 2024",
    )
    meeting_title = forms.CharField(
        label="Name of the meeting",
        initial="SLI Planning Group",
        max_length=200,
        error_messages={
            "required": "Enter the name of the meeting",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    councils = forms.TypedMultipleChoiceField(
        label="Councils on the agenda",
        help_text="The councils at the top of the review queue are chosen for you. You can add "
        "more councils later.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose councils from the list"},
    )

    def __init__(
        self,
        *args: Any,
        councils: Sequence[Council],
        queue: dict[int, QueueRow],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        councils_field = self.fields["councils"]
        assert isinstance(councils_field, forms.ChoiceField)
        councils_field.choices = _council_choices(councils, queue)
        self.helper.layout = Layout(
            Field("held_on"),
            Field.text("meeting_title", field_width=20),
            Field.checkboxes("councils", legend_size=Size.SMALL, small=True),
            Button("submit", self.button_text),
        )


class AgendaAddForm(PageForm):
    title = "Add councils to the agenda"
    button_text = "Add to the agenda"

    councils = forms.TypedMultipleChoiceField(
        label="Add councils to the agenda",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one council to add to the agenda",
            "invalid_choice": "Choose councils from the list",
        },
    )

    def __init__(
        self, *args: Any, councils: Sequence[Council], queue: dict[int, QueueRow], **kwargs: Any
    ) -> None:
        super().__init__(*args, prefix="add", **kwargs)
        councils_field = self.fields["councils"]
        assert isinstance(councils_field, forms.ChoiceField)
        councils_field.choices = _council_choices(councils, queue)
        self.helper.layout = Layout(
            Field.checkboxes("councils", legend_size=Size.MEDIUM, small=True),
            Button("submit", self.button_text),
        )


class DecisionForm(PageForm):
    """The decision on one council on the agenda. The meeting page renders one per council,
    prefixed by agenda item, in one <form> with one button."""

    decision = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        choices=[
            Choice(v, label, hint=DECISION_HINTS[Decision(v)]) for v, label in Decision.choices
        ],
        error_messages={"invalid_choice": "Choose a decision from the list"},
    )
    reasons = forms.CharField(
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reasons must be 10,000 characters or fewer"},
    )

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["decision"].label = f"Decision on {escape(council.name)}"
        self.fields["reasons"].label = f"Reasons for the decision on {escape(council.name)}"
        self.fields["reasons"].help_text = 'Required for every decision but "No action".'
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.SMALL, small=True),
            Field.textarea("reasons", rows=3),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision, reasons = data.get("decision", ""), (data.get("reasons") or "").strip()
        if decision not in ("", Decision.NO_ACTION) and not reasons:
            self.add_error("reasons", f"Enter the reasons for the decision on {self.council.name}")
        if not decision and reasons:
            self.add_error(
                "decision", f"Choose the decision on {self.council.name}, or clear its reasons"
            )
        return data


# The annual risk assessment -------------------------------------------------------------------


def _concern_choice(concern: Concern) -> Choice:
    hint = (
        f"{concern.trigger.quadrant.name}: {concern.trigger.name}. "
        f"{concern.get_severity_display()} severity. {concern.get_status_display()}, "
        f"raised on {concern.raised_on:%-d %B %Y}"
        + (" automatically from data." if concern.is_automatic else ".")
    )
    return Choice(concern.pk, concern.title, hint=hint)


class AssessmentConcernsForm(PageForm):
    title = "Concerns considered"
    button_text = "Save the concerns considered"

    concerns = forms.TypedMultipleChoiceField(
        label="Which of the council's concerns does this assessment consider?",
        help_text="The council's open and confirmed concerns. Choose none if there are none.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose concerns from the list"},
    )

    def __init__(self, *args: Any, concerns: Sequence[Concern], **kwargs: Any) -> None:
        super().__init__(*args, prefix="concerns", **kwargs)
        self.available = {c.pk: c for c in concerns}
        concerns_field = self.fields["concerns"]
        assert isinstance(concerns_field, forms.ChoiceField)
        concerns_field.choices = [_concern_choice(c) for c in concerns]
        self.helper.layout = Layout(
            Field.checkboxes("concerns", legend_size=Size.SMALL, small=True),
            Button("submit", self.button_text),
        )

    def chosen(self) -> list[Concern]:
        return [self.available[pk] for pk in self.cleaned_data["concerns"]]


class DiscussionForm(PageForm):
    title = "The discussion with the council"
    button_text = "Save the discussion"

    discussed_on = GDSDateField(
        what="the date of the discussion",
        example="27 9 2024",
        label="Date of the discussion",
        help_text="For example, 27 9 2024",
    )
    participants = _text(
        "Who took part",
        required=True,
        hint="Names and roles, for the council and for the region.",
        what="who took part in the discussion",
        rows=3,
    )
    record = _text(
        "Record of the discussion",
        required=True,
        hint="The concerns discussed and what was said about each.",
        what="a record of the discussion",
        rows=6,
    )
    council_position = _text(
        "The council's position (optional)",
        required=False,
        hint="How the council sees the concerns, in its own words where you can.",
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="discussion", **kwargs)

    def clean_discussed_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("discussed_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError("The date of the discussion must be today or in the past")
        if day is not None and day.year < 2013:
            raise ValidationError("The date of the discussion must be a real date, like 27 9 2024")
        return day


class ConclusionForm(PageForm):
    """The final view. Refused until the discussion with the council is recorded (MoU 2.1 b)."""

    title = "Final view"
    button_text = "Save the final view"

    final_view = forms.ChoiceField(
        label="Final view",
        widget=forms.RadioSelect,
        choices=[Choice(v, label, hint=RISK_HINTS[RiskView(v)]) for v, label in RiskView.choices],
        error_messages={
            "required": "Choose the final view: low, medium or high risk",
            "invalid_choice": "Choose the final view: low, medium or high risk",
        },
    )
    rationale = _text(
        "Rationale",
        required=True,
        hint="Why this is the final view, on the evidence and the discussion with the council.",
        what="the rationale for the final view",
        rows=6,
    )

    recommended_tier = forms.ChoiceField(
        label="Recommended support or intervention (MoU Table 1)",
        help_text="The council has agreed to accept the targeted support or intervention the "
        "Board deems necessary (MoU 2.1 i). The Planning Group then records the offer from "
        "Table 1 as a support engagement.",
        widget=forms.RadioSelect,
        required=False,
        choices=[Choice("", "None")]
        + [Choice(value, label) for value, label in SupportTier.choices],
        error_messages={"invalid_choice": "Choose a tier of Table 1, or none"},
    )
    recommendation = _text(
        "What support is recommended, and why (optional)",
        required=False,
        hint="For example, peer mentoring for the new heads of service.",
        rows=4,
    )

    def __init__(self, *args: Any, discussed: bool, **kwargs: Any) -> None:
        super().__init__(*args, prefix="conclusion", **kwargs)
        self.discussed = discussed
        self.helper.layout = Layout(
            Field.radios("final_view", legend_size=Size.SMALL),
            Field.textarea("rationale", rows=6),
            Field.radios("recommended_tier", legend_size=Size.SMALL, small=True),
            Field.textarea("recommendation", rows=4),
            Button("submit", self.button_text),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.discussed:
            raise ValidationError(DISCUSSION_FIRST, code="discussion_first")
        if (data.get("recommendation") or "").strip() and not data.get("recommended_tier"):
            self.add_error(
                "recommended_tier", "Choose the tier of Table 1 for the support you recommend"
            )
        return data


class CouncilResponseForm(PageForm):
    title = "Your response"
    button_text = "Send your response"

    response = _text(
        "Your response to the risk assessment",
        required=True,
        hint="The Planning Group and the risk assessor will read it.",
        what="your response",
        rows=6,
    )


# The council's self-check ----------------------------------------------------------------------


def answer_name(trigger_id: int) -> str:
    return f"t{trigger_id}_answer"


def notes_name(trigger_id: int) -> str:
    return f"t{trigger_id}_notes"


class SelfCheckForm(PageForm):
    """Every active Table 2 trigger, by quadrant: an answer and notes. Any may be left for
    later; notes need an answer so nothing typed is lost."""

    title = "Self-check"
    button_text = "Save your self-check"

    def __init__(self, *args: Any, page: SelfCheckPage, **kwargs: Any) -> None:
        initial = {}
        for section in page.sections:
            for item in section.triggers:
                if item.answer is not None:
                    initial[answer_name(item.trigger.pk)] = item.answer.answer
                    initial[notes_name(item.trigger.pk)] = item.answer.notes
        super().__init__(*args, initial=initial, **kwargs)
        self.page = page
        layout: list[Any] = []
        for section in page.sections:
            layout.append(
                HTML(
                    f'<h2 class="govuk-heading-l" id="quadrant-{_safe(section.quadrant.key)}">'
                    f"{_safe(section.quadrant.name)}</h2>"
                )
            )
            if section.quadrant.note:
                layout.append(HTML(f'<p class="govuk-body">{_safe(section.quadrant.note)}</p>'))
            for item in section.triggers:
                trigger = item.trigger
                hint = []
                if trigger.examples:
                    hint.append(f"For example: {trigger.examples}.")
                if trigger.source:
                    hint.append(f"Source: {trigger.source}.")
                if item.concerns:
                    titles = "; ".join(c.title for c in item.concerns)
                    hint.append(
                        f"Shared with you by the Planning Group, raised from data: {titles}."
                    )
                self.fields[answer_name(trigger.pk)] = forms.ChoiceField(
                    label=escape(trigger.name),
                    help_text=escape(" ".join(hint)),
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[
                        Choice(v, label, hint=ANSWER_HINTS[SelfCheckAnswer.Answer(v)])
                        for v, label in SelfCheckAnswer.Answer.choices
                    ],
                    error_messages={"invalid_choice": "Choose one of the answers"},
                )
                self.fields[notes_name(trigger.pk)] = forms.CharField(
                    label=f"Notes on {escape(trigger.name)} (optional)",
                    required=False,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={"max_length": "Notes must be 10,000 characters or fewer"},
                )
                layout.append(
                    Field.radios(answer_name(trigger.pk), legend_size=Size.SMALL, small=True)
                )
                layout.append(Field.textarea(notes_name(trigger.pk), rows=2))
        layout.append(Button("submit", self.button_text))
        self.helper.layout = Layout(*layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for trigger in self.page.triggers:
            if (data.get(notes_name(trigger.pk)) or "").strip() and not data.get(
                answer_name(trigger.pk)
            ):
                self.add_error(
                    answer_name(trigger.pk),
                    f"Choose an answer for {trigger.name}, or clear its notes",
                )
        return data

    def answers(self) -> dict[Any, tuple[str, str]]:
        return {
            trigger: (
                self.cleaned_data[answer_name(trigger.pk)],
                self.cleaned_data[notes_name(trigger.pk)],
            )
            for trigger in self.page.triggers
            if self.cleaned_data.get(answer_name(trigger.pk))
        }
