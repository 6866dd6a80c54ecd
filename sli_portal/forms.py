"""The one GOV.UK base for forms: crispy-forms-gds helper, heading, button and enctype, and the
entries of the GOV.UK error summary a page shows above them.

Each form declares its ``title`` (the page's h1 / legend), optional ``hint`` and ``button_text``,
and writes every error message for a council officer.
"""

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class GDSFormMixin:
    """Builds the helper from the form's fields: radios with a medium legend, checkbox groups
    small with a small legend, textareas with the ``rows`` their widget asks for, then the
    button. With a ``prefix`` (several forms on one page) the button's id is unique; with no
    ``button_text`` there is no button."""

    title: str = ""
    button_text: str = "Continue"
    multipart: bool = False
    form_tag: bool = True

    fields: dict[str, forms.Field]
    helper: FormHelper
    prefix: str | None

    def build_helper(self) -> None:
        """Build the layout (again, after fields or the button's text have changed)."""
        helper = FormHelper()
        helper.form_tag = self.form_tag
        helper.form_method = "post"
        layout: list[Any] = [_field_layout(name, field) for name, field in self.fields.items()]
        if self.button_text:
            name = f"{self.prefix}-submit" if self.prefix else "submit"
            layout.append(Button(name, self.button_text))
        helper.layout = Layout(*layout)
        self.helper = helper


def _field_layout(name: str, field: forms.Field) -> Any:
    widget = field.widget
    if isinstance(widget, forms.HiddenInput):
        return name
    if isinstance(widget, forms.RadioSelect):
        return Field.radios(name, legend_size=Size.MEDIUM)
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return Field.checkboxes(name, legend_size=Size.SMALL, small=True)
    if isinstance(widget, forms.Textarea):
        return Field.textarea(name, rows=int(widget.attrs.get("rows", 10)))
    return Field(name)


class GDSForm(GDSFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build_helper()


class PageForm(GDSForm):
    """A form rendered inside the page's own ``<form>``, which carries the address and the CSRF
    token. Without ``button_text`` the page carries the buttons too, so it can offer more than
    one."""

    form_tag = False
    button_text = ""

    def build_helper(self) -> None:
        super().build_helper()
        self.helper.disable_csrf = True


class GDSDateField(DateInputField):  # type: ignore[misc]  # crispy-forms-gds is untyped
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
            date: datetime.date | None = super().compress(data_list)
        except (ValidationError, TypeError, ValueError) as exc:
            raise ValidationError(
                f"{self.what[0].upper()}{self.what[1:]} must be a real date, like {self.example}",
                code="invalid",
            ) from exc
        return date


def error_list(form: forms.Form | None, *, anchor: str) -> list[dict[str, str]]:
    """A form's errors for the GOV.UK error summary (``includes/error_summary.html``), each
    linked to the first input of its field as crispy-forms-gds renders it: the first radio or
    checkbox of a group (numbered from 1), the day of a date. Errors about the whole form link
    to ``anchor``, the id of the form's section. An unbound form has none."""
    if form is None or not form.is_bound:
        return []
    errors = [{"message": str(m), "href": f"#{anchor}"} for m in form.non_field_errors()]
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        bound = form[name]
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            href = f"#{bound.auto_id}_1"
        elif isinstance(widget, forms.MultiWidget):
            href = f"#{bound.auto_id}_0"
        else:
            href = f"#{bound.auto_id}"
        errors += [{"message": str(m), "href": href} for m in messages]
    return errors
