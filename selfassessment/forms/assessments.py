"""Forms for a council's self-assessment: its answer on a standard, a file of evidence, and
reopening it."""

from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from selfassessment.models import BELOW_LEVEL_1, level_label
from selfassessment.validation import TEXT_MAX
from sli_portal.attachments import ATTACHMENT_MAX_BYTES, TOO_BIG
from sli_portal.forms import PageForm

ANSWER_TEXT_MAX = 20_000
LINKS_MAX = 5_000


NOT_YET = Choice(
    BELOW_LEVEL_1, "Not yet at Level 1", hint="The council does not yet meet the minimum standard"
)


class AnswerForm(PageForm):
    """A council's answer on one standard. Every field may be left empty: a draft can be saved
    at any time, and a standard without a level is "not answered"."""

    title = "Your answer"

    level = forms.TypedChoiceField(
        label="Which level does your council meet?",
        widget=forms.RadioSelect,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a level from the list"},
    )
    narrative = forms.CharField(
        label="Narrative (optional)",
        help_text="How your council meets the level you chose, and what it is doing next.",
        required=False,
        max_length=ANSWER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"The narrative must be {ANSWER_TEXT_MAX:,} characters or fewer"
        },
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        help_text="The documents, data or audits that show it. Attach files below.",
        required=False,
        max_length=ANSWER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": f"The evidence must be {ANSWER_TEXT_MAX:,} characters or fewer"
        },
    )
    links = forms.CharField(
        label="Links (optional)",
        help_text="Web addresses of published evidence, one on each line, starting https://",
        required=False,
        max_length=LINKS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"The links must be {LINKS_MAX:,} characters or fewer"},
    )

    def __init__(self, *args: Any, levels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [Choice(level, level_label(level), hint=text) for level, text in levels]
        if choices:
            choices[-1].divider = "or"
        field = self.fields["level"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [*choices, NOT_YET]


class EvidenceFileForm(PageForm):
    title = "Attach a file of evidence"
    multipart = True

    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, Word document (.docx), Excel spreadsheet (.xlsx), PNG or JPEG image, "
        "smaller than 10 MB.",
        error_messages={
            "required": "Select a file to attach",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read. Select the file again",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size >= ATTACHMENT_MAX_BYTES:
            raise ValidationError(TOO_BIG)
        return upload


class ReopenForm(PageForm):
    title = "Reopen the self-assessment"
    button_text = "Reopen the self-assessment"

    reason = forms.CharField(
        label="Why does the self-assessment need reopening?",
        help_text="The council will see this reason, and it is kept in the history.",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the self-assessment is being reopened",
            "max_length": f"The reason must be {TEXT_MAX:,} characters or fewer",
        },
    )
