"""The form that records what prompted a plan or one of its improvement areas (a concern, a risk
assessment, a self-assessment, a scorecard domain), or the support engagement serving it."""

from typing import Any

from django import forms

from improvement_plans.forms.plans import area_label, set_choices, text_field
from improvement_plans.selectors import PlanView
from returns.models import Domain
from sli_portal.financial_years import year_label
from sli_portal.forms import PageForm


class CitationForm(PageForm):
    title = "Add what prompted the plan, or support serving it"
    button_text = "Add"

    cited = forms.ChoiceField(
        label="What prompted it, or serves it",
        error_messages={
            "required": "Select what prompted the plan or area",
            "invalid_choice": "Select what prompted the plan or area",
        },
    )
    area = forms.ChoiceField(
        label="Which part of the plan",
        error_messages={
            "required": "Select the whole plan or one improvement area",
            "invalid_choice": "Select the whole plan or one improvement area",
        },
    )
    note = text_field("Note (optional)", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, view: PlanView, options: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "cited", [("", "Choose one"), *options])
        set_choices(
            self,
            "area",
            [("", "The whole plan")]
            + [(str(a.area.pk), area_label(a.number, a.area.title)) for a in view.areas],
        )
        self.fields["area"].required = False

    def cited_record(self) -> tuple[str, str]:
        """(kind, id or domain) of the chosen option, as ``citation_options`` built it."""
        kind, _, value = self.cleaned_data["cited"].partition(":")
        return kind, value


def citation_options(
    *,
    concerns: Any,
    assessments: Any,
    reviews: Any,
    standards: Any,
    engagements: Any,
) -> list[Any]:
    """Grouped options for :class:`CitationForm`: values are ``kind:id`` (``domain:<value>``
    for a scorecard domain)."""
    groups: list[Any] = []

    def group(label: str, options: list[tuple[str, str]]) -> None:
        if options:
            groups.append((label, options))

    group(
        "Concerns shared with the council",
        [(f"concern:{c.pk}", f"{c.title} (raised {c.raised_on:%-d %B %Y})") for c in concerns],
    )
    group(
        "Risk assessments shared with the council",
        [(f"risk_assessment:{a.pk}", f"Risk assessment {year_label(a.year)}") for a in assessments],
    )
    group(
        "Thematic self-assessments",
        [(f"thematic_review:{r.pk}", f"{r.title} ({r.year_label})") for r in reviews],
    )
    group(
        "Self-assessment standards",
        [(f"standard:{s.pk}", f"{s.review.title}: {s.code} {s.title}") for s in standards],
    )
    group("Scorecard domains", [(f"domain:{value}", str(label)) for value, label in Domain.choices])
    group(
        "Support engagements the council receives",
        [(f"engagement:{e.pk}", f"{e.topic} ({e.get_status_display()})") for e in engagements],
    )
    return groups
