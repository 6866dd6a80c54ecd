from django import forms

from sli_portal.forms import GDSForm, PageForm


class UploadForm(PageForm):
    title = "Upload your return"
    button_text = "Upload and check"
    multipart = True

    file = forms.FileField(
        label="Upload a file",
        help_text="Use the template: a CSV or Excel (.xlsx) file, smaller than 5 MB.",
        error_messages={
            "required": "Select the file with your return",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read. Select a CSV or Excel (.xlsx) file",
        },
    )
    reason = forms.CharField(
        label="Why are you uploading a new version? (optional)",
        help_text="For example, 'Corrected 2C after finance review'.",
        required=False,
        max_length=500,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )


class ReopenForm(GDSForm):
    title = "Reopen this return"
    button_text = "Reopen return"

    reason = forms.CharField(
        label="Why does this return need reopening?",
        help_text="The council will see this reason.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter the reason for reopening the return",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class NationalUploadForm(PageForm):
    title = "Import a national file"
    button_text = "Upload and import"
    multipart = True

    file = forms.FileField(
        label="Upload a national file",
        help_text=(
            "One of the files above, as a CSV file exactly as its publisher published it. Its "
            "layout is recognised from its columns."
        ),
        error_messages={
            "required": "Select the national file to import",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read. Select a CSV file",
        },
    )
    remove_missing = forms.BooleanField(
        label="Remove stored figures this file no longer has",
        help_text=(
            "Only for a corrected file: figures of the file's measures and years that it no "
            "longer has are removed. Without this they are kept and listed in the report."
        ),
        required=False,
    )


class PolarityDeclarationForm(GDSForm):
    title = "Declare the better direction"
    button_text = "Save the region's direction"

    polarity = forms.ChoiceField(
        label="Which direction does the region treat as better?",
        choices=[
            ("higher_is_better", "Higher is better"),
            ("lower_is_better", "Lower is better"),
            ("", "No direction: do not compare this measure"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label="Why? (shown on public pages)",
        help_text=(
            "Pages will say 'the region treats higher as better because …' followed by this. "
            "For example, 'a higher proportion means more people say they feel safe'."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("polarity") and not str(data.get("reason") or "").strip():
            self.add_error("reason", "Enter why the region treats this direction as better")
        return data
