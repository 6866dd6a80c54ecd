"""The matching tool's form: which ranked councils to ask, their roles and the days planned."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from authorities.models import Council
from sli_portal.forms import error_list
from support.forms.common import days_or_none
from support.matching import Candidate
from support.models import (
    ProviderRole,
)

# The matching tool ------------------------------------------------------------------------------

# The role a provider usually takes for an offer, from words in the offer's key.
ROLE_FOR_OFFER = (
    ("buddying", ProviderRole.BUDDY),
    ("mentoring", ProviderRole.MENTOR),
    ("coaching", ProviderRole.COACH),
    ("shadowing", ProviderRole.SHADOWING_HOST),
    ("training", ProviderRole.TRAINER),
    ("action-learning", ProviderRole.FACILITATOR),
    ("peer-challenge", ProviderRole.PEER_CHALLENGER),
    ("team-challenge", ProviderRole.PEER_CHALLENGER),
    ("consultancy", ProviderRole.PEER_CONSULTANT),
)


def role_for_offer(offer_key: str) -> str:
    for word, role in ROLE_FOR_OFFER:
        if word in offer_key:
            return role
    return ""


ROLE_CHOICES = [("", "Choose a role"), *ProviderRole.choices]


class MatchForm(forms.Form):
    """The matching tool's choice: for each ranked candidate, whether to ask it, its role and
    the officer and member days planned; and one more council not in the ranking, if the
    Planning Group knows of one. Rendered as tables by the template."""

    def __init__(
        self,
        *args: Any,
        candidates: list[Candidate],
        others: list[Council],
        default_role: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.rows: list[dict[str, Any]] = []
        for candidate in candidates:
            pk, name = candidate.council.pk, candidate.council.name
            self.fields[f"choose_{pk}"] = forms.BooleanField(label=f"Ask {name}", required=False)
            self._row_fields(str(pk), name, default_role)
        self.others = {str(c.pk): c for c in others}
        self.fields["other_council"] = forms.ChoiceField(
            label="Another council",
            choices=[("", "No other council"), *[(str(c.pk), c.name) for c in others]],
            required=False,
            error_messages={"invalid_choice": "Choose a council from the list"},
        )
        self._row_fields("other", "the other council", default_role)
        self.rows = [
            self._row(str(c.council.pk), f"choose_{c.council.pk}", c.council) for c in candidates
        ]
        self.other_row = self._row("other", "other_council", None)

    def _row(self, key: str, choose: str, council: Council | None) -> dict[str, Any]:
        """A row of the template's table: the bound fields for one council."""
        return {
            "council": council,
            "choose": self[choose],
            "role": self[f"role_{key}"],
            "days": [self[f"officer_{key}"], self[f"member_{key}"]],
        }

    def _row_fields(self, key: str, name: str, default_role: str) -> None:
        self.fields[f"role_{key}"] = forms.ChoiceField(
            label=f"Role for {name}", choices=ROLE_CHOICES, required=False, initial=default_role
        )
        self.fields[f"officer_{key}"] = forms.CharField(
            label=f"Officer days planned for {name}", required=False, max_length=10, initial="0"
        )
        self.fields[f"member_{key}"] = forms.CharField(
            label=f"Member days planned for {name}", required=False, max_length=10, initial="0"
        )

    def _spec(self, key: str, council: Council) -> Any:
        from support.services import ProviderSpec

        data = self.cleaned_data
        role = data.get(f"role_{key}") or ""
        if not role:
            self.add_error(f"role_{key}", f"Choose the role {council.name} will take")
        days = []
        for part, what in (("officer", "Officer days planned"), ("member", "Member days planned")):
            try:
                days.append(days_or_none(data.get(f"{part}_{key}") or "", what) or Decimal(0))
            except ValidationError as exc:
                self.add_error(f"{part}_{key}", f"{exc.messages[0]} for {council.name}")
                days.append(Decimal(0))
        return ProviderSpec(
            council, role, officer_days_planned=days[0], member_days_planned=days[1]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        specs = []
        for candidate in self.candidates:
            if data.get(f"choose_{candidate.council.pk}"):
                specs.append(self._spec(str(candidate.council.pk), candidate.council))
        other = self.others.get(data.get("other_council") or "")
        if other is not None:
            if any(spec.council.pk == other.pk for spec in specs):
                self.add_error("other_council", f"{other.name} is already chosen in the ranking")
            else:
                specs.append(self._spec("other", other))
        if not specs and not self.errors:
            raise ValidationError("Choose at least one council to provide the support")
        data["providers"] = specs
        return data

    def error_list(self) -> list[dict[str, str]]:
        """Errors for the GOV.UK error summary, each linked to its field."""
        return error_list(self, anchor="match-table")
