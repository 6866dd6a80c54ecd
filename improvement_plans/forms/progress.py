"""The quarterly progress form: for every action of the plan, its status, commentary and the
actual figure against each of its targets, saved together. The page copy and every error
message live here, written for the council officer filling it in."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms

from improvement_plans.models import ProgressStatus
from improvement_plans.selectors.plans import TargetView
from improvement_plans.selectors.quarters import (
    ActionQuarter,
    QuarterView,
    figure,
    target_wording,
)
from improvement_plans.services.quarters import ProgressEntry
from sli_portal.forms import PageForm

COMMENTARY_MAX = 5000
STATUS_HINT = "Leave it unchosen to record nothing for this action this quarter."


def status_name(action_id: int) -> str:
    return f"action-{action_id}-status"


def commentary_name(action_id: int) -> str:
    return f"action-{action_id}-commentary"


def actual_name(action_id: int, target_id: int) -> str:
    return f"action-{action_id}-target-{target_id}"


@dataclass
class TargetInput:
    """A target's field with its baseline and latest actual of another quarter, as written."""

    target: TargetView
    field: forms.BoundField
    baseline: str
    previous: str


@dataclass
class ActionInputs:
    """An action's fields as the page lays them out."""

    row: ActionQuarter
    status: forms.BoundField
    commentary: forms.BoundField
    targets: list[TargetInput]

    @property
    def has_errors(self) -> bool:
        return bool(
            self.status.errors
            or self.commentary.errors
            or any(t.field.errors for t in self.targets)
        )


class QuarterProgressForm(PageForm):
    """Every action's progress for one quarter. An action left without a status records
    nothing; one whose status, commentary and actuals are as already recorded this quarter
    records nothing either, so saving the page twice adds no copies to the history."""

    title = "Record progress"
    button_text = "Save progress"

    def __init__(self, *args: Any, quarter: QuarterView, **kwargs: Any) -> None:
        self.quarter = quarter
        super().__init__(*args, initial=self._initial(quarter), **kwargs)
        for row in quarter.actions:
            self._add_fields(row)
        self.build_helper()

    @staticmethod
    def _initial(quarter: QuarterView) -> dict[str, object]:
        initial: dict[str, object] = {}
        for row in quarter.actions:
            pk = row.view.action.pk
            if row.update is None:
                continue
            initial[status_name(pk)] = row.update.status
            initial[commentary_name(pk)] = row.update.commentary
            for target_id, actual in row.actuals.items():
                initial[actual_name(pk, target_id)] = actual.normalize()
        return initial

    def _add_fields(self, row: ActionQuarter) -> None:
        pk, number = row.view.action.pk, row.number
        self.fields[status_name(pk)] = forms.ChoiceField(
            label=f"Status of Action {number}",
            required=False,
            choices=ProgressStatus.choices,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": f"Choose the status of Action {number}"},
        )
        self.fields[commentary_name(pk)] = forms.CharField(
            label=f"Commentary on Action {number} (optional)",
            required=False,
            max_length=COMMENTARY_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "max_length": f"The commentary on Action {number} must be "
                f"{COMMENTARY_MAX:,} characters or fewer"
            },
        )
        for target_view in row.view.targets:
            target = target_view.target
            bad = (
                f"Enter the actual for Action {number}'s target ({target.measure}) as a "
                "number, like 72.5"
            )
            self.fields[actual_name(pk, target.pk)] = forms.DecimalField(
                label=f"Actual for {target.measure} (target {target_wording(target)})",
                required=False,
                max_digits=14,
                decimal_places=4,
                error_messages={
                    "invalid": bad,
                    "max_digits": bad,
                    "max_decimal_places": f"Enter the actual for Action {number}'s target "
                    f"({target.measure}) with no more than 4 decimal places",
                    "max_whole_digits": bad,
                },
            )

    def rows(self) -> list[ActionInputs]:
        """The fields action by action, in plan order, for the template."""
        out = []
        for row in self.quarter.actions:
            pk = row.view.action.pk
            out.append(
                ActionInputs(
                    row=row,
                    status=self[status_name(pk)],
                    commentary=self[commentary_name(pk)],
                    targets=[
                        TargetInput(
                            target=t,
                            field=self[actual_name(pk, t.target.pk)],
                            baseline=figure(t.target.baseline, t.target.unit),
                            previous=_previous(t, self.quarter),
                        )
                        for t in row.view.targets
                    ],
                )
            )
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.quarter.actions:
            pk = row.view.action.pk
            if data.get(status_name(pk)):
                continue
            given = data.get(commentary_name(pk), "").strip() or any(
                data.get(actual_name(pk, t.target.pk)) is not None for t in row.view.targets
            )
            if given and status_name(pk) not in self.errors:
                self.add_error(
                    status_name(pk),
                    f"Choose the status of Action {row.number}: you have given its "
                    "commentary or an actual",
                )
        return data

    def entries(self) -> list[ProgressEntry]:
        """What to record: each action given a status whose report differs from this
        quarter's latest."""
        data = self.cleaned_data
        out = []
        for row in self.quarter.actions:
            pk = row.view.action.pk
            status = data.get(status_name(pk))
            if not status:
                continue
            commentary = data.get(commentary_name(pk), "").strip()
            actuals = {t.target: data.get(actual_name(pk, t.target.pk)) for t in row.view.targets}
            if _unchanged(row, status, commentary, actuals):
                continue
            out.append(
                ProgressEntry(
                    action=row.view.action, status=status, commentary=commentary, actuals=actuals
                )
            )
        return out

    def error_list(self) -> list[dict[str, str]]:
        """The error summary's entries in page order, each linking to its field (a radio
        group's first radio)."""
        out: list[dict[str, str]] = []
        for name, field in self.fields.items():
            anchor = self[name].auto_id
            if isinstance(field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            out.extend({"message": str(e), "href": f"#{anchor}"} for e in self.errors.get(name, []))
        return out + [{"message": str(e), "href": ""} for e in self.non_field_errors()]


def _previous(target: TargetView, quarter: QuarterView) -> str:
    latest = target.latest_actual
    if latest is None or latest.period_id == quarter.period.pk:
        return ""
    return f"{figure(latest.actual, target.target.unit)} in {latest.period.label}"


def _unchanged(
    row: ActionQuarter, status: str, commentary: str, actuals: dict[Any, Decimal | None]
) -> bool:
    update = row.update
    if update is None or update.status != status or update.commentary != commentary:
        return False
    given = {target.pk: value for target, value in actuals.items() if value is not None}
    return {k: v.normalize() for k, v in given.items()} == {
        k: v.normalize() for k, v in row.actuals.items()
    }
