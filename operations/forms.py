"""Filters for the audit log pages (read with GET; a bad date is explained, not ignored)."""

import datetime
from typing import Any

from django import forms

from accounts.models import Role, User
from authorities.models import Council
from operations import audit
from sli_portal.forms import GDSDateField, GDSForm


def _people() -> forms.ModelChoiceField[User]:
    return forms.ModelChoiceField(
        queryset=User.objects.order_by("last_name", "first_name", "email"),
        required=False,
        empty_label="Anyone",
        label="Person",
    )


class AuditFilterForm(GDSForm):
    button_text = "Apply filters"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_range()
        return cleaned

    def check_range(self) -> None:
        since: datetime.date | None = self.cleaned_data.get("since")
        until: datetime.date | None = self.cleaned_data.get("until")
        if since and until and until < since:
            self.add_error("until", "The ‘to’ date must be the same as or after the ‘from’ date")


def _since() -> GDSDateField:
    return GDSDateField(
        what="the ‘from’ date", label="From", required=False, help_text="For example, 1 3 2026"
    )


def _until() -> GDSDateField:
    return GDSDateField(
        what="the ‘to’ date", label="To", required=False, help_text="For example, 31 3 2026"
    )


class AccessLogFilterForm(AuditFilterForm):
    user = _people()
    council = forms.ModelChoiceField(
        queryset=Council.objects.order_by("name"),
        required=False,
        empty_label="Any council",
        label="Council",
    )
    record_type = forms.ChoiceField(label="Kind of record", required=False)
    action = forms.ChoiceField(label="Action", required=False)
    since = _since()
    until = _until()

    def __init__(
        self, *args: Any, record_types: list[str], actions: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        record_type = self.fields["record_type"]
        assert isinstance(record_type, forms.ChoiceField)
        record_type.choices = [("", "Any kind")] + [
            (value, audit.record_type_name(value)) for value in record_types
        ]
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", "Any action")] + [(value, value) for value in actions]

    def filters(self) -> audit.AccessLogFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return audit.AccessLogFilters(
            user=data.get("user"),
            council=data.get("council"),
            record_type=data.get("record_type") or "",
            action=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )


class ChangeFilterForm(AuditFilterForm):
    model = forms.ChoiceField(label="Kind of record", required=False)
    user = _people()
    since = _since()
    until = _until()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (label, str(historical.instance_type._meta.verbose_name).capitalize())
            for label, historical in audit.history_models().items()
        ]
        model = self.fields["model"]
        assert isinstance(model, forms.ChoiceField)
        model.choices = [("", "Any kind")] + sorted(choices, key=lambda choice: choice[1])

    def filters(self) -> audit.ChangeFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return audit.ChangeFilters(
            model=data.get("model") or "",
            user=data.get("user"),
            since=data.get("since"),
            until=data.get("until"),
        )


# --- Administration: quarters and people -------------------------------------------------------


class QuarterOpenForm(GDSForm):
    title = "Open a quarter for returns"
    button_text = "Open the quarter"

    quarter = forms.ChoiceField(
        label="Which quarter?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the quarter to open",
            "invalid_choice": "Choose one of the quarters listed",
        },
    )

    def __init__(self, *args: Any, quarters: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = quarters
        self.build_helper()


class QuarterDatesForm(GDSForm):
    title = "Change the quarter's dates"
    button_text = "Save the dates"

    opens_on = GDSDateField(
        what="the day uploads open", label="Uploads open on", help_text="For example, 1 1 2027"
    )
    deadline = GDSDateField(
        what="the deadline", label="Deadline for returns", help_text="For example, 14 2 2027"
    )
    closes_on = GDSDateField(
        what="the day uploads close",
        label="Uploads close after",
        help_text="For example, 31 3 2027",
    )


def _councils() -> "forms.ModelChoiceField[Council]":
    return forms.ModelChoiceField(
        queryset=Council.objects.filter(end_date__isnull=True).order_by("name"),
        required=False,
        empty_label="None: a regional role",
        label="Council",
        help_text="For a council performance lead or director only",
        error_messages={"invalid_choice": "Choose a council from the list"},
    )


def _role() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose one of the roles listed",
        },
    )


class RoleGiveForm(GDSForm):
    title = "Give a role"
    button_text = "Give the role"

    role = _role()
    council = _councils()


class InviteForm(GDSForm):
    title = "Invite someone"
    button_text = "Send the invitation"

    email = forms.EmailField(
        label="E-mail address",
        help_text="They sign in with it, and the invitation is sent to it",
        max_length=254,
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address in the right format, like name@council.gov.uk",
        },
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    role = _role()
    council = _councils()
