"""Forms for the Planning Group's scorecard pages. The page copy and every error message live
here, written for the person filling them in."""

import datetime
from collections.abc import Sequence
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from returns.models import Domain, Period, TeascSection
from scorecard.models import LocalAccount, QualityStatement, Rating, TeascComparator
from sli_portal.forms import GDSDateField, PageForm

RATING_HINTS: dict[str, str] = {
    Rating.GREEN: "No significant concerns in this domain",
    Rating.AMBER: "Some concerns to keep under review",
    Rating.RED: "Serious concerns: consider support or intervention from the menu (MoU Table 1)",
    Rating.NOT_ASSESSED: "Not enough evidence to judge this quarter",
}
ASSESSMENT_HINTS: dict[str, str] = {
    LocalAccount.Assessment.PUBLISHED: "Published, and clear about what the council will do",
    LocalAccount.Assessment.NOT_PUBLISHED: "No Local Account was published for the year",
    LocalAccount.Assessment.VAGUE: "Published, but vague",
    LocalAccount.Assessment.AMBIGUOUS: "Published, but ambiguous",
    LocalAccount.Assessment.TOO_AMBITIOUS: "Published, but too ambitious to be credible",
}
COMMENTARY_MAX = 5000
BAD_DATE = "The date the council published it must be a real date, like 27 9 2024"


class JudgementForm(PageForm):
    """One domain's judgement. Six of these, prefixed by domain, make the judgements page, which
    renders them inside one <form> with one button: the helper adds neither."""

    rating = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[Choice(v, label, hint=RATING_HINTS[v]) for v, label in Rating.choices],
    )
    commentary = forms.CharField(
        required=False,
        max_length=COMMENTARY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Published with the rating. Write for the public: no names of staff or people "
        "who use services.",
    )
    internal_commentary = forms.CharField(
        required=False,
        max_length=COMMENTARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Never published. Seen only by the Planning Group, risk assessors and the "
        "regional administrator.",
    )
    quality_statements = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tag the statements this judgement speaks to, so the evidence can be read the "
        "way CQC will. Those marked 'mapped to this domain' are suggested.",
    )

    def __init__(
        self,
        *args: Any,
        domain: str,
        statements: Sequence[QualityStatement],
        show_internal: bool,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", domain)
        super().__init__(*args, **kwargs)
        self.domain = domain
        label = str(Domain(domain).label)
        self.domain_label = label
        self.fields["rating"].label = f"Rating for {escape(label)}"
        self.fields["rating"].error_messages["required"] = f"Select a rating for {label}"
        self.fields["rating"].error_messages["invalid_choice"] = f"Select a rating for {label}"
        self.fields["commentary"].label = f"Public commentary on {escape(label)}"
        self.fields["commentary"].error_messages["max_length"] = (
            f"The public commentary on {label} must be {COMMENTARY_MAX:,} characters or fewer"
        )
        self.fields[
            "internal_commentary"
        ].label = f"Internal commentary on {escape(label)} (Planning Group only)"
        self.fields["internal_commentary"].error_messages["max_length"] = (
            f"The internal commentary on {label} must be {COMMENTARY_MAX:,} characters or fewer"
        )
        qs_field = self.fields["quality_statements"]
        assert isinstance(qs_field, forms.TypedMultipleChoiceField)
        qs_field.label = f"CQC quality statements for {escape(label)}"
        qs_field.choices = [
            Choice(
                qs.pk,
                f"{qs.number}. {qs.name}",
                hint=f"{qs.get_theme_display()}"
                + ("; mapped to this domain" if domain in qs.domains else ""),
            )
            for qs in statements
        ]
        qs_field.error_messages["invalid_choice"] = (
            f"Select CQC quality statements from the list for {label}"
        )
        if not show_internal:
            del self.fields["internal_commentary"]
        layout: list[Any] = [
            Field.radios("rating", legend_size=Size.SMALL, small=True),
            Field.textarea("commentary", rows=5),
        ]
        if show_internal:
            layout.append(Field.textarea("internal_commentary", rows=4))
        layout.append(Field.checkboxes("quality_statements", legend_size=Size.SMALL, small=True))
        self.helper.layout = Layout(*layout)


class NarrativeForm(PageForm):
    title = "Narrative"
    button_text = "Save draft"

    text = forms.CharField(
        label="Narrative text",
        help_text="Start from the draft from the figures and edit it. Once you save your text, "
        "a new draft from the figures never replaces it.",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=20000,
        error_messages={
            "required": "Enter the narrative",
            "max_length": "The narrative must be 20,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("text", rows=12, label_size=Size.MEDIUM))


class LocalAccountForm(PageForm):
    title = "Record a Local Account"
    button_text = "Save Local Account"
    multipart = True

    url = forms.URLField(
        label="Link to the Local Account (optional)",
        help_text="The address of the page or document on the council's website, starting https://",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the link in the correct format, like https://www.example.gov.uk/local-account",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    document = forms.FileField(
        label="Upload a copy (optional)",
        help_text="A PDF, 20 MB or smaller. Anyone can read it: Local Accounts are public.",
        required=False,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read. Select a PDF",
        },
    )
    published_on = GDSDateField(
        what="the date the council published it",
        example="27 9 2024",
        label="Date the council published it (optional)",
        help_text="For example, 27 9 2024",
        required=False,
    )
    assessment = forms.ChoiceField(
        label="The Planning Group's assessment",
        widget=forms.RadioSelect,
        choices=[
            Choice(v, label, hint=ASSESSMENT_HINTS[v])
            for v, label in LocalAccount.Assessment.choices
        ],
        error_messages={
            "required": "Select the Planning Group's assessment of the Local Account",
            "invalid_choice": "Select the Planning Group's assessment of the Local Account",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        help_text="Never public. Seen only by the Planning Group, risk assessors and the regional "
        "administrator.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The notes must be 5,000 characters or fewer"},
    )

    def clean_published_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("published_on")
        if day is not None and day > timezone.localdate():
            raise ValidationError("The date the council published it must be today or in the past")
        if day is not None and day.year < 2000:
            raise ValidationError(BAD_DATE)
        return day


class TeascOverviewForm(forms.Form):
    """The regional TEASC page's choices, read from the query string: the quarter, what items
    are counted better than, and a section whose items to list. A value that is not a choice is
    ignored, so an old bookmark still opens the page."""

    period = forms.ChoiceField(label="Quarter", required=False)
    comparator = forms.ChoiceField(
        label="Count items better than",
        required=False,
        choices=TeascComparator.choices,
    )
    section = forms.ChoiceField(
        label="List the items of",
        required=False,
        choices=[("", "No section: counts only"), *TeascSection.choices],
    )

    def __init__(self, *args: Any, periods: Sequence[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.slug, p.label) for p in periods]
        self.periods = {p.slug: p for p in periods}

    def chosen(self) -> tuple[Period | None, str, str]:
        """The valid choices (period, comparator, section); each invalid one left empty."""
        self.is_valid()
        data = self.cleaned_data
        period = self.periods.get(data.get("period", ""))
        return period, data.get("comparator", ""), data.get("section", "")
