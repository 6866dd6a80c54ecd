"""Forms for setting up a thematic review: its details, dates, sections and standards."""

from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from selfassessment.models import (
    Section,
    Standard,
    ThematicReview,
    level_label,
)
from selfassessment.validation import (
    CODE_MAX,
    SECTION_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from sli_portal.forms import GDSDateField, PageForm

IMPORT_FILE_MAX_BYTES = 5 * 1024 * 1024


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Year",
        help_text="The year the financial year starts: 2025 for 2025/26.",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year the financial year starts, like 2025 for 2025/26",
            "invalid": "Enter the year as a number, like 2025 for 2025/26",
            "min_value": "Enter the year the financial year starts, like 2025 for 2025/26",
            "max_value": "Enter the year the financial year starts, like 2025 for 2025/26",
        },
    )


def _theme_field(*, required: bool = True, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label="Theme" if required else "Theme (optional)",
        help_text=hint or "For example, 'Safeguarding adults'.",
        max_length=200,
        required=required,
        error_messages={
            "required": "Enter the theme of the review",
            "max_length": "The theme must be 200 characters or fewer",
        },
    )


def _description_field() -> forms.CharField:
    return forms.CharField(
        label="Description (optional)",
        help_text="What the theme covers and why the Board chose it. Councils see this.",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The description must be {TEXT_MAX:,} characters or fewer"},
    )


class DatesMixin(forms.Form):
    """Opening and closing dates, checked in order."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error(
                "closes_on", "The closing date must be the same as or after the opening date"
            )
        return cleaned


def _opens_on() -> GDSDateField:
    return GDSDateField(
        what="the opening date", label="Opens on", help_text="For example, 1 6 2025"
    )


def _closes_on() -> GDSDateField:
    return GDSDateField(
        what="the closing date",
        label="Closes on",
        help_text="Councils are reminded before this date. For example, 30 9 2025",
    )


class ReviewCreateForm(DatesMixin, PageForm):
    title = "Create a thematic review"
    button_text = "Create the review"

    year = _year_field()
    theme = _theme_field()
    description = _description_field()
    opens_on = _opens_on()
    closes_on = _closes_on()
    max_level = forms.TypedChoiceField(
        label="Highest level",
        widget=forms.RadioSelect,
        coerce=int,
        choices=[
            Choice(3, "Levels 1 to 3", hint="Three levels of descriptor for each standard"),
            Choice(4, "Levels 1 to 4", hint="Four levels of descriptor for each standard"),
        ],
        initial=4,
        error_messages={
            "required": "Select the highest level of the review",
            "invalid_choice": "Select the highest level of the review",
        },
    )


class ReviewEditForm(DatesMixin, PageForm):
    title = "Change the review's details"
    button_text = "Save the changes"

    theme = _theme_field()
    description = _description_field()
    opens_on = _opens_on()
    closes_on = _closes_on()


class ReviewCopyForm(DatesMixin, PageForm):
    title = "Copy this review to another year"
    button_text = "Copy the review"

    year = _year_field()
    theme = _theme_field(required=False, hint="Leave empty to keep the same theme.")
    opens_on = _opens_on()
    closes_on = _closes_on()


class ReviewImportForm(DatesMixin, PageForm):
    title = "Import a thematic review"
    button_text = "Import the review"
    multipart = True

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file, smaller than 5 MB, with the columns Section, "
        "Standard code, Standard, Key element, Evidence prompts and Level 1 to Level 3 or 4.",
        error_messages={
            "required": "Select the file with the review's standards",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read. Select a CSV or Excel (.xlsx) file",
        },
    )
    year = _year_field()
    theme = _theme_field()
    description = _description_field()
    opens_on = _opens_on()
    closes_on = _closes_on()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > IMPORT_FILE_MAX_BYTES:
            raise ValidationError("The selected file must be smaller than 5 MB")
        return upload


class SectionForm(PageForm):
    title = "Add a section"
    button_text = "Add the section"

    section_title = forms.CharField(
        label="Title of the section",
        help_text="For example, 'Leadership and governance'. It goes after the last section.",
        max_length=SECTION_MAX,
        error_messages={
            "required": "Enter the section's title",
            "max_length": f"The title must be {SECTION_MAX} characters or fewer",
        },
    )


class StandardForm(PageForm):
    """A standard with a descriptor for each of the review's levels (Level 1 the minimum).
    With ``sections`` the person chooses the section (adding); without, it stays (changing)."""

    title = "Standard"

    section = forms.ModelChoiceField(
        label="Section",
        queryset=Section.objects.none(),
        empty_label="Choose a section",
        error_messages={
            "required": "Select the section the standard goes in",
            "invalid_choice": "Select the section the standard goes in",
        },
    )
    code = forms.CharField(
        label="Code",
        help_text="Letters, digits, full stops and hyphens, for example 1.2",
        max_length=CODE_MAX,
        error_messages={
            "required": "Enter the standard code, like 1.2",
            "max_length": f"The code must be {CODE_MAX} characters or fewer",
        },
    )
    standard_title = forms.CharField(
        label="Standard",
        help_text="What a council is assessed against, in a sentence.",
        max_length=TITLE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter the standard",
            "max_length": f"The standard must be {TITLE_MAX} characters or fewer",
        },
    )
    is_key_element = forms.BooleanField(
        label="This standard is a key element",
        help_text="Every key element must be answered before a council can submit. Below "
        "Level 1 on a key element raises a concern under Table 2 (MoU).",
        required=False,
    )
    evidence_prompts = forms.CharField(
        label="Evidence prompts (optional)",
        help_text="What evidence a council might give, one prompt a line.",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"The evidence prompts must be {TEXT_MAX:,} characters or fewer"
        },
    )

    def __init__(
        self,
        *args: Any,
        review: ThematicReview,
        sections: list[Section] | None = None,
        **kwargs: Any,
    ) -> None:
        self.review = review
        super().__init__(*args, **kwargs)
        if sections is None:
            del self.fields["section"]
        else:
            field = self.fields["section"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Section.objects.filter(pk__in=[s.pk for s in sections])
        for level in review.levels:
            hint = (
                "The minimum standard every council is expected to meet."
                if level == 1
                else f"What a council at {level_label(level)} looks like."
            )
            self.fields[f"level_{level}"] = forms.CharField(
                label=f"{level_label(level)} descriptor",
                help_text=hint,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": f"Enter the {level_label(level)} descriptor",
                    "max_length": f"The {level_label(level)} descriptor must be {TEXT_MAX:,} "
                    "characters or fewer",
                },
            )
        self.build_helper()

    @classmethod
    def initial_for(cls, standard: Standard, descriptors: dict[int, str]) -> dict[str, Any]:
        return {
            "code": standard.code,
            "standard_title": standard.title,
            "is_key_element": standard.is_key_element,
            "evidence_prompts": standard.evidence_prompts,
            **{f"level_{level}": text for level, text in descriptors.items()},
        }

    def descriptors(self) -> list[str]:
        return [self.cleaned_data[f"level_{level}"] for level in self.review.levels]
