"""Filters for the audit log pages (read with GET; a bad date is explained, not ignored)."""

import datetime
from typing import Any

from django import forms

from accounts.models import User
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
