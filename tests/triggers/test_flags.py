"""One automatic flag per council per Table 2 trigger, gathering its evidence; only closed
periods; never for a council that did not exist then; clearing, reopening and raising again on
new evidence; correcting a concern before it is shared; the thresholds page."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.services import period_ensure
from scorecard.comparators import comparators_recompute
from tests.conftest import make_period
from tests.triggers.test_automatic import accept, councils_in, measure
from triggers.automatic.evaluation import triggers_evaluate
from triggers.models import Concern, ConcernEvent, ConcernStatus, Thresholds, Trigger
from triggers.services.concerns import (
    ConcernRefused,
    concern_close,
    concern_edit,
    concern_raise,
    concern_share,
)
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(admin_user: User) -> dict[str, Any]:
    """Two quarters in which Wirral is far worse than the NW median on two measures."""
    table2_load()
    quarters = [period_ensure(year=2023, quarter=q) for q in (3, 4)]
    higher, other = measure("NWH"), measure("NWO")
    wirral = Council.objects.get(slug="wirral")
    for period in quarters:
        figures = {
            c: {higher: 51 + i % 3, other: 51 + i % 3} for i, c in enumerate(councils_in(period))
        }
        figures[wirral] = {higher: 30, other: 31}
        accept(period, figures, admin_user)
        comparators_recompute(period=period)
    return {"quarters": quarters, "wirral": wirral, "higher": higher, "other": other}


@pytest.fixture
def admin_user(db: None) -> User:
    from accounts.models import Role
    from tests.conftest import make_user

    return make_user("ada.admin@nwadass.example", Role.REGIONAL_ADMIN)


def outlier(council: Council) -> Concern:
    return Concern.objects.get(council=council, automatic_key="measure_outlier")


def test_one_flag_per_council_per_trigger_whatever_the_measures_and_quarters(world) -> None:
    for period in world["quarters"]:
        triggers_evaluate(period=period)

    flags = Concern.objects.filter(council=world["wirral"], automatic_key="measure_outlier")
    assert flags.count() == 1
    flag = flags.get()
    assert [i["subject"] for i in flag.evidence_items] == [
        "measure_outlier:NWH",
        "measure_outlier:NWO",
    ]
    item = flag.evidence_items[0]
    assert item["period"] == "2023/24 Q4"
    assert item["figure"] == "30.0%"
    assert item["comparator"] == "North West median 52.0%"
    assert item["mads"] == 22.0
    assert flag.trigger == Trigger.objects.get(automatic="measure_outlier")


def test_evaluating_twice_changes_nothing(world) -> None:
    period = world["quarters"][-1]
    triggers_evaluate(period=period)
    events = ConcernEvent.objects.count()

    second = triggers_evaluate(period=period)

    assert second.changed == 0
    assert ConcernEvent.objects.count() == events


def test_no_flag_for_a_quarter_whose_deadline_has_not_passed(db) -> None:
    table2_load()
    period = make_period(2026, 3)
    assert period.deadline >= timezone.localdate()

    result = triggers_evaluate(period=period)

    assert result.not_closed
    assert not Concern.objects.exists()


def test_no_flag_for_a_council_that_did_not_exist_in_the_quarter(db) -> None:
    table2_load()
    period = make_period(2023, 2, open_now=False)

    triggers_evaluate(period=period)

    assert not Concern.objects.filter(council__slug="cumbria").exists()
    assert Concern.objects.filter(council__slug="cumberland", automatic_key="return_late").exists()


def test_a_later_return_clears_the_flag_visibly_and_a_person_can_reopen_it(
    world, admin_user, planning_group_member
) -> None:
    q3, q4 = world["quarters"]
    triggers_evaluate(period=q3)
    later = period_ensure(year=2024, quarter=1)
    figures = {c: {world["higher"]: 51 + i % 3} for i, c in enumerate(councils_in(later))}
    accept(later, figures, admin_user)
    comparators_recompute(period=later)

    result = triggers_evaluate(period=later)

    flag = outlier(world["wirral"])
    assert flag in result.cleared
    assert flag.condition_cleared_on == timezone.localdate()
    cleared = flag.events.last()
    assert cleared.action == ConcernEvent.Action.CLEARED
    assert "Figures for 2024/25 Q1: NWH " in cleared.text
    assert not Concern.objects.in_queue().filter(pk=flag.pk).exists()

    from triggers.services.concerns import concern_reopen

    concern_reopen(concern=flag, by=planning_group_member, reason="Still worried.")
    triggers_evaluate(period=later)
    flag.refresh_from_db()
    assert flag.condition_cleared_on is None, "a flag a person reopened stays open"


def test_a_closed_flag_is_not_raised_again_on_the_same_evidence_but_is_on_new(
    world, admin_user, planning_group_member
) -> None:
    q3, q4 = world["quarters"]
    triggers_evaluate(period=q3)
    flag = outlier(world["wirral"])
    concern_close(concern=flag, by=planning_group_member, reason="Known, plan in place.")

    same = triggers_evaluate(period=q4)

    flag.refresh_from_db()
    assert flag.status == ConcernStatus.CLOSED
    assert same.closed == 1
    Concern.objects.filter(pk=flag.pk).update(
        evidence_items=[i for i in flag.evidence_items if i["subject"].endswith("NWH")]
    )

    again = triggers_evaluate(period=q4)

    flag.refresh_from_db()
    assert flag in again.reopened
    assert flag.status == ConcernStatus.RAISED
    last = flag.events.last()
    assert last.text.startswith("Raised again on new evidence since it was closed. New: ")
    assert "NWO" in last.text
    assert "NWH" not in last.text


def test_a_concern_is_corrected_before_sharing_and_refused_after(
    planning_group_member, risk_assessor, wirral
) -> None:
    table2_load()
    trigger = Trigger.objects.get(quadrant__key="resources", order=4)
    concern = concern_raise(
        council=wirral,
        trigger=Trigger.objects.get(quadrant__key="other", order=1),
        title="Turnover",
        evidence="Three managers left",
        links=[],
        source="",
        raised_on=timezone.localdate(),
        severity="medium",
        visibility="planning_group",
        raised_by=risk_assessor,
    )
    concern_edit(
        concern=concern,
        title="Senior turnover",
        trigger=trigger,
        evidence="Three senior managers left in six months",
        edited_by=risk_assessor,
    )
    concern.refresh_from_db()
    assert (concern.title, concern.trigger) == ("Senior turnover", trigger)
    assert concern.history.count() == 2
    assert concern.events.last().text.startswith(
        "Changed title, trigger, evidence. Was: 'Turnover'"
    )

    concern_share(concern=concern, shared_by=planning_group_member, note="Let us talk.")
    with pytest.raises(ConcernRefused, match="shared with the council"):
        concern_edit(
            concern=concern,
            title="Another",
            trigger=trigger,
            evidence="x",
            edited_by=planning_group_member,
        )
    response_url = reverse("triggers:concern_edit", args=[concern.pk])
    assert response_url.endswith(f"/concerns/{concern.pk}/edit/")


def test_the_thresholds_are_stated_for_regional_users_and_changed_by_the_administrator(
    client_for, board_member, planning_group_member, admin_user
) -> None:
    url = reverse("triggers:thresholds")
    page = client_for(board_member).get(url)
    assert page.status_code == 200
    stated = page.content.decode()
    assert "more than 2 MADs" in stated
    assert "workforce turnover (Oflog's published Skills for Care rate)" in stated
    assert "up by more than 100% against the same quarter a year earlier" in stated
    data = {
        "mads_worse": "3",
        "bottom_quartile_quarters": "3",
        "unit_cost_change": "0.20",
        "admissions_rise": "0.15",
        "late_after_days": "0",
        "local_account_grace_days": "275",
    }
    assert client_for(planning_group_member).post(url, data).status_code == 403
    admin = client_for(admin_user)
    preview = admin.post(url, {**data, "step": "preview"})
    assert "would raise" in preview.content.decode() or "No quarter" in preview.content.decode()
    assert Thresholds.current().mads_worse == Decimal("2")
    assert admin.post(url, {**data, "step": "save"}).status_code == 302
    assert Thresholds.current().mads_worse == Decimal("3")
    assert Thresholds.current().history.count() >= 2
    bad = admin.post(url, {**data, "mads_worse": "lots", "step": "preview"})
    assert bad.status_code == 400
    assert "The number of MADs must be a number, like 2 or 2.5" in bad.content.decode()
