"""Forms for engagements: the list's filters, a council's request, the Planning Group's
recommendation, and what each side records (decline, dates, days, feedback)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from authorities.models import Council
from returns.models import Domain, Measure
from sli_portal.financial_years import financial_year_of, year_label
from sli_portal.forms import GDSDateField, PageForm
from support.forms.common import (
    MeasureChoiceField,
    days_or_none,
    measures_in_return,
)
from support.models import (
    EngagementStatus,
    Offer,
    Origin,
    Table1Tier,
)
from triggers.models import Concern, RiskAssessment, SupportTier

# Engagements -----------------------------------------------------------------------------------


def financial_years(today: datetime.date, back: int = 5) -> list[tuple[str, str]]:
    """Next financial year, this one and the ``back - 1`` before it, newest first."""
    start = financial_year_of(today)
    return [(str(y), year_label(y)) for y in range(start + 1, start - back, -1)]


class EngagementFilterForm(forms.Form):
    """The engagement list's filters, read from the query string."""

    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *EngagementStatus.choices], required=False
    )
    year = forms.ChoiceField(label="Financial year", choices=[], required=False)

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [("", "Any year"), *financial_years(today)]

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        year = data.get("year") or ""
        return {"status": data.get("status") or "", "year": int(year) if year else None}


def _offer_choices(offers: Iterable[Offer]) -> list[Any]:
    """Offers grouped as Table 1 shows them, the regional programme's activities last."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for offer in offers:
        group = offer.tier.name if offer.tier else "NW ADASS SLI programme activities"
        groups.setdefault(group, []).append((str(offer.pk), offer.name))
    return [("", "Choose an offer"), *groups.items()]


OFFER_ERRORS = {
    "required": "Choose the support offer",
    "invalid_choice": "Choose the support offer",
}
TOPIC_HELP = "For example 'Reablement after a hospital stay' or 'Carers' assessments'."


def _topic() -> forms.CharField:
    return forms.CharField(
        label="What is the support about?",
        help_text=TOPIC_HELP,
        max_length=200,
        error_messages={
            "required": "Enter what the support is about",
            "max_length": "The topic must be 200 characters or fewer",
        },
    )


def _measure() -> MeasureChoiceField:
    return MeasureChoiceField(
        label="Measure (optional)",
        help_text="The measure to improve, if there is one.",
        queryset=Measure.objects.none(),
        required=False,
        empty_label="No particular measure",
        error_messages={"invalid_choice": "Choose a measure from the list"},
    )


class _ConcernField(forms.ModelChoiceField[Concern]):
    def label_from_instance(self, obj: Concern) -> str:
        return f"{obj.council.name}: {obj.title}"


class _RiskAssessmentField(forms.ModelChoiceField[RiskAssessment]):
    def label_from_instance(self, obj: RiskAssessment) -> str:
        recommends = (
            f", recommends {obj.get_recommended_tier_display()}" if obj.recommended_tier else ""
        )
        return (
            f"{obj.council.name}: risk assessment {year_label(obj.year)} "
            f"({obj.get_final_view_display().lower()}{recommends})"
        )


def _domain() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Scorecard domain (optional)",
        help_text="Leave it blank to use the measure's domain.",
        choices=[("", "No particular domain"), *Domain.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a scorecard domain from the list"},
    )


def _description() -> forms.CharField:
    return forms.CharField(
        label="What would help? (optional)",
        help_text="The providing councils will read this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
        error_messages={"max_length": "The description must be 10,000 characters or fewer"},
    )


class OfferFormMixin:
    """An offer chosen from a select grouped by Table 1's tiers."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def set_offers(self, offers: list[Offer]) -> None:
        self.offers = {str(o.pk): o for o in offers}
        offer, measure = self.fields["offer"], self.fields["measure"]
        assert isinstance(offer, forms.ChoiceField)
        assert isinstance(measure, forms.ModelChoiceField)
        offer.choices = _offer_choices(offers)
        measure.queryset = measures_in_return()

    def clean_offer(self) -> Offer:
        return self.offers[self.cleaned_data["offer"]]


class EngagementRequestForm(OfferFormMixin, PageForm):
    title = "Ask for support"
    button_text = "Send the request"

    offer = forms.ChoiceField(
        label="Which support would help?",
        help_text="Self help from Table 1 of the MoU, or an activity of the regional programme. "
        "Targeted support and intervention are recommended by the Planning Group or the Board.",
        error_messages=OFFER_ERRORS,
    )
    topic = _topic()
    measure = _measure()
    domain = _domain()
    description = _description()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_offers(
            list(
                Offer.objects.filter(active=True)
                .filter(Q(tier__isnull=True) | Q(tier__key=SupportTier.SUPPORT))
                .select_related("tier")
            )
        )


class EngagementRecommendForm(OfferFormMixin, PageForm):
    title = "Recommend support or intervention"
    button_text = "Record the recommendation"

    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.none(),
        empty_label="Choose a council",
        error_messages={
            "required": "Choose the council to receive the support",
            "invalid_choice": "Choose the council to receive the support",
        },
    )
    offer = forms.ChoiceField(
        label="Offer from Table 1",
        help_text="If a risk assessment is linked and names a tier, choose an offer of that tier.",
        error_messages=OFFER_ERRORS,
    )
    tier = forms.ModelChoiceField(
        label="Tier (only for a regional programme activity)",
        help_text="A Table 1 offer brings its own tier.",
        queryset=Table1Tier.objects.none(),
        required=False,
        empty_label="The offer's own tier",
        error_messages={"invalid_choice": "Choose a tier from the list"},
    )
    origin = forms.ChoiceField(
        label="Who recommends it?",
        widget=forms.RadioSelect,
        choices=[
            (Origin.PLANNING_GROUP, Origin.PLANNING_GROUP.label),
            (Origin.BOARD, Origin.BOARD.label),
        ],
        initial=Origin.PLANNING_GROUP,
        error_messages={
            "required": "Choose who recommends it: the Planning Group or the Board",
            "invalid_choice": "Choose who recommends it: the Planning Group or the Board",
        },
    )
    topic = _topic()
    measure = _measure()
    domain = _domain()
    concern = _ConcernField(
        label="Linked concern (optional)",
        queryset=Concern.objects.none(),
        required=False,
        empty_label="No concern",
        error_messages={"invalid_choice": "Choose a concern about this council"},
    )
    risk_assessment = _RiskAssessmentField(
        label="Linked risk assessment (optional)",
        help_text="Only risk assessments with a final view are listed.",
        queryset=RiskAssessment.objects.none(),
        required=False,
        empty_label="No risk assessment",
        error_messages={"invalid_choice": "Choose a risk assessment of this council"},
    )
    description = _description()
    reasons = forms.CharField(
        label="Reasons for the recommendation",
        help_text="Confidential: seen by the Planning Group, and by the council only once the "
        "linked concern or risk assessment is shared with it. Never seen by the providing "
        "councils.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={
            "required": "Enter the reasons for the recommendation",
            "max_length": "The reasons must be 10,000 characters or fewer",
        },
    )

    def __init__(
        self, *args: Any, today: datetime.date, council: Council | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_offers(list(Offer.objects.filter(active=True).select_related("tier")))
        council_field, tier = self.fields["council"], self.fields["tier"]
        assert isinstance(council_field, forms.ModelChoiceField)
        assert isinstance(tier, forms.ModelChoiceField)
        council_field.queryset = Council.objects.active_on(today).order_by("name")
        tier.queryset = Table1Tier.objects.all()
        # Only the chosen council's open concerns: with no council chosen yet, none.
        concerns = (
            Concern.objects.open()
            .select_related("council")
            .order_by("council__name", "-raised_on", "-pk")
        )
        if council is None:
            concerns = concerns.none()
        assessments = (
            RiskAssessment.objects.exclude(final_view="")
            .select_related("council")
            .order_by("council__name", "-year")
        )
        if council is not None:
            concerns = concerns.filter(council=council)
            assessments = assessments.filter(council=council)
        concern_field = self.fields["concern"]
        assessment_field = self.fields["risk_assessment"]
        assert isinstance(concern_field, forms.ModelChoiceField)
        assert isinstance(assessment_field, forms.ModelChoiceField)
        concern_field.queryset = concerns
        assessment_field.queryset = assessments


# Moving an engagement along and recording each side's part -------------------------------------


class DeclineForm(PageForm):
    title = "Decline"
    button_text = "Decline the engagement"

    reason = forms.CharField(
        label="Why is it declined?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter the reason for declining",
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "decline")
        super().__init__(*args, **kwargs)


class DatesForm(PageForm):
    title = "Dates"
    button_text = "Save the dates"

    starts_on = GDSDateField(
        required=False,
        example="2 9 2025",
        what="the start date",
        label="Start date (optional)",
        help_text="For example, 2 9 2025",
    )
    ends_on = GDSDateField(
        required=False,
        example="30 11 2025",
        what="the end date",
        label="End date (optional)",
        help_text="For example, 30 11 2025",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "dates")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data


DAYS_HELP = "In whole or half days, like 2 or 1.5."


class DaysForm(PageForm):
    """One side's officer and member days. Planned days while the engagement is open; actual
    days once it has started (an actual figure left blank is "not recorded")."""

    title = "Record days"
    button_text = "Save the days"

    def __init__(self, *args: Any, planned: bool, actual: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted: list[tuple[str, str, bool]] = []
        if planned:
            wanted += [
                ("officer_days_planned", "Officer days planned", True),
                ("member_days_planned", "Member days planned", True),
            ]
        if actual:
            wanted += [
                ("officer_days_actual", "Officer days given", False),
                ("member_days_actual", "Member days given", False),
            ]
        self.fields = {
            name: forms.CharField(
                label=label,
                help_text=DAYS_HELP + ("" if required else " Leave it blank if not known yet."),
                required=required,
                max_length=10,
                error_messages={"required": f"Enter the {label.lower()}, or 0"},
            )
            for name, label, required in wanted
        }
        self.build_helper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        labels = {name: field.label for name, field in self.fields.items()}
        for name in list(data):
            try:
                data[name] = days_or_none(data[name] or "", str(labels[name]))
            except ValidationError as exc:
                self.add_error(name, exc)
        return data


class FeedbackForm(PageForm):
    title = "Feedback"
    button_text = "Save the feedback"

    feedback = forms.CharField(
        label="Feedback",
        help_text="How the engagement went for your council: what worked, what did not.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={
            "required": "Enter your feedback",
            "max_length": "The feedback must be 10,000 characters or fewer",
        },
    )
    outcome = forms.CharField(
        label="Outcome",
        help_text="What changed as a result, for the receiving council.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
        error_messages={"max_length": "The outcome must be 10,000 characters or fewer"},
    )

    def __init__(self, *args: Any, receiver: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not receiver:
            del self.fields["outcome"]
            self.build_helper()
