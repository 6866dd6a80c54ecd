"""Forms for the Planning Group's moderation of a council's answer and the regional report's
narrative. The page copy and every error message live here, written for the person filling
them in; the services check the same rules again.

crispy-forms-gds renders labels, legends and hints as HTML, so text from the database that goes
into one is escaped first.
"""

from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.utils.html import escape

from selfassessment.models import Answer, LevelDescriptor, level_label
from sli_portal.forms import PageForm

TEXT_MAX = 20_000


class ModerationForm(PageForm):
    """The moderated level of one answer, with reasons (required when it differs from the
    council's claim)."""

    title = "Moderate this standard"
    button_text = "Save the moderated level"

    level = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the moderated level",
            "invalid_choice": "Choose the moderated level from the list",
        },
    )
    reasons = forms.CharField(
        label="Reasons",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "The reasons must be 20,000 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        answer: Answer,
        max_level: int,
        descriptors: list[LevelDescriptor],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.answer = answer
        code = answer.standard.code
        described = {d.level: d.descriptor for d in descriptors}
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.label = f"Moderated level on {escape(code)}"
        level_field.choices = [
            Choice(
                level,
                level_label(level) + (" (the council's claim)" if level == answer.level else ""),
                hint=escape(described.get(level, "Does not yet meet the minimum standard")),
            )
            for level in range(0, max_level + 1)
        ]
        self.fields["reasons"].help_text = (
            "Required when the moderated level differs from the council's claim. The council "
            "sees the moderated level and these reasons beside its own claim."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        level, reasons = data.get("level"), (data.get("reasons") or "").strip()
        if level is not None and level != self.answer.level and not reasons:
            self.add_error(
                "reasons",
                f"Enter the reasons for moderating {self.answer.standard.code} to "
                f"{level_label(level)} when the council claimed {level_label(self.answer.level)}",
            )
        return data


class ReportNarrativeForm(PageForm):
    """The Planning Group's narrative of a review's regional report."""

    title = "Write the regional report"
    button_text = "Save the regional report"

    summary = forms.CharField(
        label="Summary",
        help_text="What the self-assessments tell the Board about the region on this theme. "
        "Needed before the report can be published.",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": "The summary must be 20,000 characters or fewer"},
    )
    strengths = forms.CharField(
        label="Strengths",
        help_text="Excellence to celebrate and share: councils at the top level, named.",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": "The strengths must be 20,000 characters or fewer"},
    )
    areas_for_development = forms.CharField(
        label="Areas for development",
        help_text="Where many councils fall short and support may be needed (MoU Table 1).",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "max_length": "The areas for development must be 20,000 characters or fewer"
        },
    )
