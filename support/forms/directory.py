"""Forms for the regional excellence directory: the search and an entry."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from authorities.models import Council
from returns.models import Domain, Measure
from sli_portal.forms import PageForm
from support import validation
from support.forms.common import (
    DOMAIN_CHOICES,
    MeasureChoiceField,
    MeasuresField,
    measures_in_return,
)
from support.models import (
    StrengthEntry,
)

# The excellence directory ----------------------------------------------------------------------


class DirectorySearchForm(forms.Form):
    """The directory's search, read from the query string; an unknown value is ignored."""

    q = forms.CharField(label="Search words", required=False, max_length=200)
    domain = forms.ChoiceField(label="Scorecard domain", choices=DOMAIN_CHOICES, required=False)
    measure = MeasureChoiceField(
        label="Measure", queryset=Measure.objects.none(), required=False, empty_label="Any measure"
    )
    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        required=False,
        empty_label="Any council",
        to_field_name="slug",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure, council = self.fields["measure"], self.fields["council"]
        assert isinstance(measure, forms.ModelChoiceField)
        assert isinstance(council, forms.ModelChoiceField)
        measure.queryset = measures_in_return()
        council.queryset = Council.objects.order_by("name")

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "text": data.get("q") or "",
            "domain": data.get("domain") or "",
            "measure": data.get("measure"),
            "council": data.get("council"),
        }


class StrengthEntryFilterForm(forms.Form):
    """The administrator's list of every entry, narrowed by council and state; read from the
    query string, an unknown value is ignored."""

    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        required=False,
        empty_label="Every council",
        to_field_name="slug",
    )
    status = forms.ChoiceField(
        label="State",
        choices=[("", "Every state"), *StrengthEntry.Status.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = self.fields["council"]
        assert isinstance(council, forms.ModelChoiceField)
        council.queryset = Council.objects.order_by("name")

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {"council": data.get("council"), "status": data.get("status") or ""}


class StrengthEntryForm(PageForm):
    title = "Add an area of strength"
    button_text = "Save as a draft"

    topic = forms.CharField(
        label="Topic",
        help_text="What you are good at, in a few words, for example 'Reablement after a "
        "hospital stay'.",
        max_length=200,
        error_messages={
            "required": "Enter the topic of the strength",
            "max_length": "The topic must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description",
        help_text="What you do, what difference it makes, and what another council could learn "
        "from you.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={
            "required": "Enter a description of the strength",
            "max_length": "The description must be 10,000 characters or fewer",
        },
    )
    contact_role = forms.CharField(
        label="Role to contact",
        help_text="A role title, such as Head of Commissioning. Not a name, email address or "
        "phone number: every signed-in user reads the directory.",
        max_length=200,
        error_messages={
            "required": "Enter the role to contact, such as Head of Commissioning",
            "max_length": "The role must be 200 characters or fewer",
        },
    )
    domains = forms.MultipleChoiceField(
        label="Scorecard domains (optional)",
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select scorecard domains from the list"},
    )
    measures = MeasuresField(
        label="Related measures (optional)",
        queryset=Measure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select measures from the list"},
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        help_text="What shows it: figures, inspection findings, a peer review.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
        error_messages={"max_length": "The evidence must be 10,000 characters or fewer"},
    )
    evidence_links = forms.CharField(
        label="Links to evidence (optional)",
        help_text="Web addresses, one on each line, starting https://",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        error_messages={"max_length": "The links must be 3,000 characters or fewer"},
    )
    suggestion = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measures = self.fields["measures"]
        assert isinstance(measures, forms.ModelChoiceField)
        measures.queryset = measures_in_return()
        if editing:
            self.title = "Change the area of strength"
            self.button_text = "Save changes"
            self.build_helper()

    def clean_evidence_links(self) -> list[str]:
        try:
            return validation.clean_links(self.cleaned_data["evidence_links"].splitlines())
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    def clean_contact_role(self) -> str:
        try:
            return validation.clean_contact_role(self.cleaned_data["contact_role"])
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    @staticmethod
    def initial_for(entry: StrengthEntry) -> dict[str, Any]:
        return {
            "topic": entry.topic,
            "description": entry.description,
            "contact_role": entry.contact_role,
            "domains": list(entry.domains),
            "measures": [m.pk for m in entry.measures.all()],
            "evidence": entry.evidence,
            "evidence_links": "\n".join(entry.evidence_links),
        }
