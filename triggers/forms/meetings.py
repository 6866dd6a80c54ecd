"""Forms for running a meeting: who attended, an action with its owner, the minutes, the
chair's approval and a correction to an approved record. Each is one page's question."""

import datetime
from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms

from accounts.models import User
from authorities.models import Council
from sli_portal.forms import GDSDateField, GDSForm

TEXT_MAX = 10000


def _people(users: Sequence[User]) -> list[Choice]:
    return [Choice(u.pk, u.get_full_name() or u.username, hint=u.email) for u in users]


def _text(label: str, *, required: bool, what: str = "", rows: int = 6, hint: str = "") -> Any:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{label} must be 10,000 characters or fewer",
        },
    )


class AttendeesForm(GDSForm):
    title = "Who attended"
    button_text = "Save who attended"

    chair = forms.TypedChoiceField(
        label="Who chaired the meeting?",
        help_text="The chair approves the minutes.",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose the chair from the list"},
    )
    attendees = forms.TypedMultipleChoiceField(
        label="Portal users who attended",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose attendees from the list"},
    )
    other_attendees = _text(
        "Others who attended (optional)",
        required=False,
        rows=4,
        hint="People without a portal account, one a line: name and role, for example "
        "'Jane Smith, LGA regional lead'.",
    )

    def __init__(self, *args: Any, people: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in people}
        choices = _people(people)
        self.fields["chair"].choices = [Choice("", "Not chosen yet"), *choices]  # type: ignore[attr-defined]
        self.fields["attendees"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chair, attendees = data.get("chair"), data.get("attendees") or []
        if chair is not None and chair not in attendees:
            self.add_error("attendees", "The chair must be one of the people who attended")
        return data


class ActionForm(GDSForm):
    title = "Add an action"
    button_text = "Add the action"

    text = _text("What is the action?", required=True, what="what the action is", rows=4)
    owner = forms.TypedChoiceField(
        label="Owner",
        help_text="A portal user, or leave as 'Someone else' and enter their name below.",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose the owner from the list"},
    )
    owner_name = forms.CharField(
        label="Owner's name and role, if not in the list",
        required=False,
        max_length=200,
        error_messages={"max_length": "The owner's name must be 200 characters or fewer"},
    )
    council = forms.TypedChoiceField(
        label="Council the action is about (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a council on the agenda"},
    )
    due_on = GDSDateField(
        what="the date the action is due",
        example="27 1 2027",
        label="Due by (optional)",
        help_text="For example, 27 1 2027",
        required=False,
    )

    def __init__(
        self, *args: Any, people: Sequence[User], councils: Sequence[Council], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = {u.pk: u for u in people}
        self.councils = {c.pk: c for c in councils}
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            ("", "Someone else"),
            *((u.pk, u.get_full_name() or u.username) for u in people),
        ]
        self.fields["council"].choices = [  # type: ignore[attr-defined]
            ("", "No one council"),
            *((c.pk, c.name) for c in councils),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner, name = data.get("owner"), (data.get("owner_name") or "").strip()
        if owner is None and not name and "owner" not in self.errors:
            self.add_error("owner", "Choose who owns the action, or enter their name")
        if owner is not None and name:
            self.add_error("owner_name", "Choose an owner from the list or enter a name, not both")
        return data

    def owner_user(self) -> User | None:
        pk = self.cleaned_data.get("owner")
        return self.people[pk] if pk is not None else None

    def council_chosen(self) -> Council | None:
        pk = self.cleaned_data.get("council")
        return self.councils[pk] if pk is not None else None

    def due(self) -> datetime.date | None:
        due: datetime.date | None = self.cleaned_data.get("due_on")
        return due


class MinutesForm(GDSForm):
    title = "Minutes"
    button_text = "Save the minutes"

    minutes = _text(
        "Minutes of the meeting",
        required=True,
        what="the minutes",
        rows=14,
        hint="Decisions on each council are recorded on the meeting page and printed with the "
        "minutes; write here what was discussed.",
    )


class ApproveForm(GDSForm):
    title = "Approve the minutes"
    button_text = "Approve the minutes and lock the meeting"


class CorrectionForm(GDSForm):
    title = "Record a correction"
    button_text = "Record the correction"

    text = _text(
        "Correction",
        required=True,
        what="the correction",
        rows=5,
        hint="Say what in the approved record is wrong and what is right. The approved record "
        "itself is not changed.",
    )
