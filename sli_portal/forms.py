"""The one GOV.UK base for forms: crispy-forms-gds helper, heading, button and enctype.

Each form declares its ``title`` (the page's h1 / legend), optional ``hint`` and ``button_text``,
and writes every error message for a council officer.
"""

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError


class GDSFormMixin:
    title: str = ""
    button_text: str = "Continue"
    multipart: bool = False
    form_tag: bool = True

    fields: dict[str, forms.Field]
    helper: FormHelper

    def build_helper(self) -> None:
        helper = FormHelper()
        helper.form_tag = self.form_tag
        helper.form_method = "post"
        layout: list[Any] = []
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                layout.append(name)
            elif isinstance(field.widget, forms.RadioSelect):
                layout.append(Field.radios(name, legend_size=Size.MEDIUM))
            elif isinstance(field.widget, forms.Textarea):
                layout.append(Field.textarea(name))
            else:
                layout.append(Field(name))
        layout.append(Button("submit", self.button_text))
        helper.layout = Layout(*layout)
        self.helper = helper


class GDSForm(GDSFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build_helper()


class GDSDateField(DateInputField):
    """The GOV.UK date input (day, month, year) with messages a person can act on, each naming
    the date: ``what`` is how a sentence refers to it, like "the date of the meeting"."""

    def __init__(self, *, what: str, example: str = "27 3 2026", **kwargs: Any) -> None:
        self.what = what
        self.example = example
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"Enter {what} as a day, month and year"

    def compress(self, data_list: Any) -> datetime.date | None:
        try:
            return super().compress(data_list)
        except (ValidationError, TypeError, ValueError) as exc:
            raise ValidationError(
                f"{self.what[0].upper()}{self.what[1:]} must be a real date, like {self.example}",
                code="invalid",
            ) from exc
