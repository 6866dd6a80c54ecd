"""Forms for concerns. The page copy and every error message live here, written for the person
filling them in; the rules a concern must keep are the services' (``ConcernRefused``)."""

import datetime
from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.models import Council
from sli_portal.forms import GDSDateField, PageForm
from triggers.models import ConcernStatus, Quadrant, Severity, Trigger, Visibility

BAD_DATE = "The date the concern was raised must be a real date, like 27 3 2024"
SEVERITY_HINTS: dict[str, str] = {
    Severity.LOW: "Worth watching; no action expected yet",
    Severity.MEDIUM: "Needs discussion with the council",
    Severity.HIGH: "May call for targeted support or intervention (MoU Table 1)",
}
VISIBILITY_HINTS: dict[str, str] = {
    Visibility.PLANNING_GROUP: "Seen by the Planning Group, risk assessors and the regional "
    "administrator. Share it with the council from the concern's page.",
    Visibility.BOARD_SUMMARY: "Board members also see the council, trigger, severity and status "
    "(never the evidence).",
}


def trigger_choices(triggers: list[Trigger]) -> list[Any]:
    """Active triggers grouped by their Table 2 quadrant, for a select with option groups."""
    groups: dict[Quadrant, list[tuple[str, str]]] = {}
    for trigger in triggers:
        groups.setdefault(trigger.quadrant, []).append((str(trigger.pk), trigger.name))
    return [("", "Choose a trigger")] + [(q.name, items) for q, items in groups.items()]


class ConcernRaiseForm(PageForm):
    title = "Raise a concern"
    button_text = "Raise concern"

    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        empty_label="Choose a council",
        error_messages={
            "required": "Select the council the concern is about",
            "invalid_choice": "Select the council the concern is about",
        },
    )
    trigger = forms.ChoiceField(
        label="Trigger (Table 2)",
        help_text="The triggers are grouped by the MoU's four quadrants.",
        error_messages={
            "required": "Select the Table 2 trigger the concern falls under",
            "invalid_choice": "Select the Table 2 trigger the concern falls under",
        },
    )
    title_text = forms.CharField(
        label="Title",
        help_text="A short summary, for example 'Three senior managers left in six months'.",
        max_length=200,
        error_messages={
            "required": "Enter a short title for the concern",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="What is known, from whom, and since when. Confidential: the council sees only "
        "what you choose to share with it.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={
            "required": "Describe the evidence for the concern",
            "max_length": "The evidence must be 10,000 characters or fewer",
        },
    )
    links = forms.CharField(
        label="Links (optional)",
        help_text="Web addresses of published evidence, one on each line, starting https://",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        error_messages={"max_length": "The links must be 3,000 characters or fewer"},
    )
    source = forms.CharField(
        label="Source of the intelligence (optional)",
        help_text="For example 'NW Strategic Finance Leads Group' or 'LGA regional lead'.",
        required=False,
        max_length=300,
        error_messages={"max_length": "The source must be 300 characters or fewer"},
    )
    raised_on = GDSDateField(
        what="the date the concern was raised",
        example="27 3 2024",
        label="Date raised",
        help_text="For example, 27 3 2024",
    )
    severity = forms.ChoiceField(
        label="How serious is it?",
        widget=forms.RadioSelect,
        choices=[Choice(v, label, hint=SEVERITY_HINTS[v]) for v, label in Severity.choices],
        initial=Severity.MEDIUM,
        error_messages={
            "required": "Select how serious the concern is",
            "invalid_choice": "Select how serious the concern is",
        },
    )
    visibility = forms.ChoiceField(
        label="Who can see it?",
        widget=forms.RadioSelect,
        choices=[
            Choice(v, str(Visibility(v).label), hint=VISIBILITY_HINTS[v])
            for v in (Visibility.PLANNING_GROUP, Visibility.BOARD_SUMMARY)
        ],
        initial=Visibility.PLANNING_GROUP,
        error_messages={
            "required": "Select who can see the concern",
            "invalid_choice": "Select who can see the concern",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        council_field = self.fields["council"]
        assert isinstance(council_field, forms.ModelChoiceField)
        council_field.queryset = Council.objects.active_on(today).order_by("name")
        self.triggers = {
            str(t.pk): t for t in Trigger.objects.filter(active=True).select_related("quadrant")
        }
        trigger_field = self.fields["trigger"]
        assert isinstance(trigger_field, forms.ChoiceField)
        trigger_field.choices = trigger_choices(list(self.triggers.values()))
        if not self.is_bound:
            self.initial.setdefault("raised_on", today)

    def clean_trigger(self) -> Trigger:
        return self.triggers[self.cleaned_data["trigger"]]

    def clean_raised_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["raised_on"]
        if day > timezone.localdate():
            raise ValidationError("The date the concern was raised must be today or in the past")
        if day.year < 2000:
            raise ValidationError(BAD_DATE)
        return day

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines()]
        return [link for link in links if link]


class ConcernShareForm(PageForm):
    title = "Share with the council"
    button_text = "Share with the council"

    note = forms.CharField(
        label="What would you like to discuss with the council?",
        help_text="The council's director and performance lead will see this note, the title "
        "and the trigger. They will not see the evidence or the files.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter what you would like to discuss with the council",
            "max_length": "The note must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "share")
        super().__init__(*args, **kwargs)


class ReasonForm(PageForm):
    """A form whose one question is the reason for an action, kept in the history of what it
    acts on. Each action names its prefix (several forms share a page), the question, its hint
    and the message when the reason is missing (none when the reason may be left out)."""

    form_prefix = ""
    reason_label = ""
    reason_hint = ""
    reason_missing = ""
    reason_rows = 4
    reason_max_length = 5000

    reason = forms.CharField()  # its place among the fields; made in __init__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.form_prefix)
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=self.reason_label,
            help_text=self.reason_hint,
            required=bool(self.reason_missing),
            max_length=self.reason_max_length,
            widget=forms.Textarea(attrs={"rows": self.reason_rows}),
            error_messages={
                "required": self.reason_missing,
                "max_length": f"The reason must be {self.reason_max_length:,} characters or fewer",
            },
        )
        self.build_helper()


class ConcernConfirmForm(ReasonForm):
    title = "Confirm the concern"
    button_text = "Confirm concern"
    form_prefix = "confirm"
    reason_label = "Why is the concern confirmed?"
    reason_hint = "Record the view taken after discussing it with the council (MoU 2.1 b)."
    reason_missing = "Enter the reason for confirming the concern"

    board_summary = forms.BooleanField(
        label="Include it in the board's summary",
        help_text="Board members see the council, trigger, severity and status, never the "
        "evidence.",
        required=False,
    )


class ConcernCloseForm(ReasonForm):
    title = "Close the concern"
    button_text = "Close concern"
    form_prefix = "close"
    reason_label = "Why are you closing it?"
    reason_hint = "For example, resolved after support, or not borne out by the evidence."
    reason_missing = "Enter the reason for closing the concern"


class ConcernReopenForm(ReasonForm):
    title = "Reopen the concern"
    button_text = "Reopen concern"
    form_prefix = "reopen"
    reason_label = "Why are you reopening it?"
    reason_hint = "A flag you reopen stays open: the portal no longer clears it on its own."
    reason_missing = "Enter the reason for reopening the concern"
    reason_rows = 3


class ConcernEditForm(PageForm):
    title = "Correct the concern"
    button_text = "Save changes"

    trigger = forms.ModelChoiceField(
        label="Trigger (Table 2)",
        queryset=Trigger.objects.none(),
        error_messages={
            "required": "Select the Table 2 trigger the concern falls under",
            "invalid_choice": "Select the Table 2 trigger the concern falls under",
        },
    )
    title_text = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a short title for the concern",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    evidence = forms.CharField(
        label="Evidence",
        help_text="Every change is kept in the concern's history.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        required=False,
        error_messages={"max_length": "The evidence must be 10,000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trigger = self.fields["trigger"]
        assert isinstance(trigger, forms.ModelChoiceField)
        trigger.queryset = Trigger.objects.select_related("quadrant").filter(active=True)


class ConcernAttachForm(PageForm):
    title = "Attach a file"
    button_text = "Attach file"
    multipart = True

    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word document (.docx), Excel spreadsheet (.xlsx), PNG or JPEG image, "
        "text or CSV file, smaller than 10 MB.",
        error_messages={
            "required": "Select a file to attach",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read. Select the file again",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "attach")
        super().__init__(*args, **kwargs)


class ConcernRespondForm(PageForm):
    title = "Respond to the concern"
    button_text = "Send response"

    response = forms.CharField(
        label="Your council's response",
        help_text="The Planning Group will read it before taking a final view. You can add "
        "context, actions under way, or where you think the concern is mistaken.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={
            "required": "Enter the council's response",
            "max_length": "The response must be 10,000 characters or fewer",
        },
    )


KIND_CHOICES = [("", "Automatic and manual"), ("automatic", "Automatic"), ("manual", "Manual")]


class ConcernFilterForm(forms.Form):
    """The concern list's filters, read from the query string (never invalid: an unknown value
    is ignored)."""

    council = forms.ModelChoiceField(
        queryset=Council.objects.none(),
        required=False,
        empty_label="All councils",
        to_field_name="slug",
    )
    quadrant = forms.ModelChoiceField(
        queryset=Quadrant.objects.none(),
        required=False,
        empty_label="All quadrants",
        to_field_name="key",
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), ("open", "Open (not closed)"), *ConcernStatus.choices],
        required=False,
    )
    severity = forms.ChoiceField(choices=[("", "Any severity"), *Severity.choices], required=False)
    kind = forms.ChoiceField(label="Raised", choices=KIND_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council_field = self.fields["council"]
        quadrant_field = self.fields["quadrant"]
        assert isinstance(council_field, forms.ModelChoiceField)
        assert isinstance(quadrant_field, forms.ModelChoiceField)
        council_field.queryset = Council.objects.order_by("name")
        quadrant_field.queryset = Quadrant.objects.all()

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {
                name: value
                for name, value in self.cleaned_data.items()
                if name not in self.errors and value
            }
        return {name: value for name, value in self.cleaned_data.items() if value}
