"""Forms for producing and withdrawing the Regional Account. Page copy and every error message
live here, written for the regional administrator."""

from typing import Any

from django import forms

from sli_portal.forms import PageForm

QUARTERS = [
    ("", "The whole year (the latest quarter with published data)"),
    ("1", "Up to Q1 (April to June)"),
    ("2", "Up to Q2 (July to September)"),
    ("3", "Up to Q3 (October to December)"),
    ("4", "Up to Q4 (January to March)"),
]


class GenerateForm(PageForm):
    title = "Produce a Regional Account"
    button_text = "Produce the Regional Account"

    year = forms.ChoiceField(
        label="Financial year",
        help_text="Only years with a published scorecard or comparators are listed.",
        error_messages={
            "required": "Select the financial year",
            "invalid_choice": "Select one of the financial years listed",
        },
    )
    quarter = forms.ChoiceField(
        label="Which figures",
        choices=QUARTERS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the whole year or a quarter"},
    )

    def __init__(self, *args: Any, years: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = years
        if not self.is_bound:
            self.fields["quarter"].initial = ""

    @property
    def chosen_year(self) -> int:
        return int(self.cleaned_data["year"])

    @property
    def chosen_quarter(self) -> int | None:
        value = self.cleaned_data.get("quarter") or ""
        return int(value) if value else None


class WithdrawForm(PageForm):
    title = "Withdraw this version"
    button_text = "Withdraw this version"

    reason = forms.CharField(
        label="Why is this version being withdrawn?",
        help_text="Board members will no longer see it; the stable link will serve the previous published version.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why this version is being withdrawn",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class KeyMessageForm(PageForm):
    title = "Edit the key message"
    button_text = "Save the key message"

    text = forms.CharField(
        label="Key message",
        help_text=(
            "Start from the portal's draft and write what the Board should take from the "
            "figures. Publishing is refused while any key message is still the draft."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter the key message",
            "max_length": "The key message must be 2,000 characters or fewer",
        },
    )
