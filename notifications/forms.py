"""The preferences form: one checkbox for each kind of e-mail relevant to the person."""

from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms

from notifications.models import KIND_HINTS, Kind
from sli_portal.forms import PageForm


class NotificationPreferencesForm(PageForm):
    title = "Choose which e-mails you receive"
    button_text = "Save my choices"

    kinds = forms.MultipleChoiceField(
        label="Send me an e-mail when",
        help_text="Select all that apply. Clear a box to stop those e-mails.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select only the e-mails listed"},
    )

    def __init__(self, *args: Any, kinds: Sequence[Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kinds"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [Choice(kind.value, kind.label, hint=KIND_HINTS[kind]) for kind in kinds]
        self.helper.layout[0] = Field.checkboxes("kinds", legend_size=Size.MEDIUM)
