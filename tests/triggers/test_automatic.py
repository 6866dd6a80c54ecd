"""Automatic triggers on crafted data (each finder fires and does not fire; the administrator's
thresholds change the outcome; evaluation is idempotent, clears and reopens) and on the real
published 2023-24 ASCOF figures of the NW councils."""

import datetime
import re
import statistics
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, User
from authorities.models import Council
from demo.returns import _published, quarter_figures
from returns.catalogue import DATA_DIR
from returns.models import (
    Measure,
    Period,
    Polarity,
    Return,
    ReturnEvent,
    ReturnStatus,
    ReturnTier,
    ReturnValue,
    ReturnVersion,
    Unit,
)
from returns.national import DATASETS, national_import
from returns.services import period_ensure, return_accept
from scorecard.comparators import comparators_recompute
from scorecard.models import LocalAccount
from sli_portal.financial_years import year_slug
from tests.conftest import committed, make_period, make_user
from triggers.automatic import figures, registry, submissions
from triggers.automatic.evaluation import triggers_by_kind, triggers_evaluate
from triggers.automatic.registry import Finding, register_finder
from triggers.models import (
    Automatic,
    Concern,
    ConcernEvent,
    ConcernStatus,
    Thresholds,
    Trigger,
    Visibility,
)
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """The personas' passwords are hashed with a fast hasher: these tests are not about it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db: None) -> User:
    return make_user("ada.admin@nwadass.example", Role.REGIONAL_ADMIN)


@pytest.fixture
def table2(db: None) -> None:
    table2_load()


def measure(
    code: str,
    *,
    polarity: str = Polarity.HIGHER,
    unit: str = Unit.PERCENTAGE,
    tier: str = ReturnTier.ASCOF,
) -> Measure:
    return Measure.objects.create(
        code=code,
        framework_version="Test measures",
        name=f"Test measure {code}",
        tier=tier,
        unit=unit,
        unit_label="percent" if unit == Unit.PERCENTAGE else "pounds",
        polarity=polarity,
        decimal_places=1,
        in_return=True,
        first_year=2012,
        display_order=2000,
    )


def accept(period: Period, figures: dict[Council, dict[Measure, float]], by: User) -> None:
    """Accepted returns with exactly these figures (no upload pipeline, no dated events)."""
    for council, values in figures.items():
        ret = Return.objects.create(council=council, period=period, status=ReturnStatus.ACCEPTED)
        version = ReturnVersion.objects.create(return_obj=ret, number=1, created_by=by)
        ReturnValue.objects.bulk_create(
            ReturnValue(version=version, measure=m, value=Decimal(str(v)))
            for m, v in values.items()
        )
        ret.submitted_version = version
        ret.accepted_version = version
        ret.save()


def councils_in(period: Period) -> list[Council]:
    return list(Council.objects.active_between(period.starts_on, period.ends_on).order_by("name"))


def of_kind(findings: list[Finding], kind: str) -> dict[str, Finding]:
    names = dict(Council.objects.values_list("pk", "name"))
    return {names[f.council_id]: f for f in findings if f.kind == kind}


def set_thresholds(**values: Any) -> None:
    thresholds = Thresholds.current()
    for name, value in values.items():
        setattr(thresholds, name, value)
    thresholds.save()


# --- (a) a measure far worse than the NW median, or bottom quarter and worsening --------------


@pytest.fixture
def outlier_world(admin_user: User) -> dict[str, Any]:
    period = period_ensure(year=2023, quarter=4)
    higher, lower, undeclared = (
        measure("NWH"),
        measure("NWL", polarity=Polarity.LOWER),
        measure("NWU", polarity=Polarity.NOT_VERIFIED),
    )
    councils = councils_in(period)
    wirral = Council.objects.get(slug="wirral")
    sefton = Council.objects.get(slug="sefton")
    figures = {}
    for i, council in enumerate(councils):
        base = 51 + i % 3  # median 52, MAD 1
        figures[council] = {higher: base, lower: base, undeclared: base}
    figures[wirral] = {higher: 30, lower: 52, undeclared: 30}
    figures[sefton] = {higher: 52, lower: 70, undeclared: 52}
    accept(period, figures, admin_user)
    comparators_recompute(period=period)
    return {"period": period, "higher": higher, "lower": lower}


def test_the_regions_own_items_are_flagged_under_nw_adass_local_measures(admin_user) -> None:
    """An outlier on one of the region's own items in the return (AQuA or NW benchmarking
    tier) is an NW ADASS local measure, never called an ASCOF measure."""
    period = period_ensure(year=2023, quarter=4)
    ascof = measure("2Z")
    local = measure("NW-Z", tier=ReturnTier.NW_BENCHMARKING)
    whole_system = measure("AQ-Z", tier=ReturnTier.AQUA)
    wirral = Council.objects.get(slug="wirral")
    values = {
        council: {m: 51.0 + i % 3 for m in (ascof, local, whole_system)}
        for i, council in enumerate(councils_in(period))
    }
    values[wirral] = {ascof: 52.0, local: 30.0, whole_system: 30.0}
    accept(period, values, admin_user)
    comparators_recompute(period=period)

    assert not of_kind(figures.measure_outliers(period), Automatic.MEASURE_OUTLIER)
    local_findings = figures.local_measure_outliers(period)
    assert {f.subject for f in local_findings} == {
        "local_measure_outlier:NW-Z",
        "local_measure_outlier:AQ-Z",
    }
    assert {f.kind for f in local_findings} == {Automatic.LOCAL_MEASURE_OUTLIER}
    table2_load()
    assert triggers_by_kind()[Automatic.LOCAL_MEASURE_OUTLIER].name == "NW ADASS Local Measures"


def test_a_measure_far_worse_than_the_nw_median_is_found_by_polarity(outlier_world) -> None:
    found = of_kind(figures.measure_outliers(outlier_world["period"]), Automatic.MEASURE_OUTLIER)

    assert set(found) == {"Wirral", "Sefton"}
    wirral = found["Wirral"]
    assert wirral.key == "measure_outlier:NWH:2023-24-Q4"
    assert "Wirral's figure of 30.0% in 2023/24 Q4 is 22.0 MADs worse than the North West " in (
        wirral.reasons
    )
    assert "median of 52.0%" in wirral.reasons
    assert "a higher value is better" in wirral.reasons
    assert wirral.evidence_url == "/councils/wirral/?period=2023-24-Q4"
    assert found["Sefton"].key == "measure_outlier:NWL:2023-24-Q4"


def test_no_outlier_is_found_for_a_measure_without_a_declared_polarity(outlier_world) -> None:
    keys = {f.key for f in figures.measure_outliers(outlier_world["period"])}

    assert not any(":NWU:" in key for key in keys)


def test_better_than_the_median_is_never_an_outlier(outlier_world, admin_user) -> None:
    keys = {(f.council_id, f.key) for f in figures.measure_outliers(outlier_world["period"])}
    sefton = Council.objects.get(slug="sefton")

    assert (sefton.pk, "measure_outlier:NWH:2023-24-Q4") not in keys


def test_the_administrators_mads_threshold_changes_the_outcome(outlier_world) -> None:
    def flagged() -> set[str]:
        findings = figures.measure_outliers(outlier_world["period"])
        return set(of_kind(findings, Automatic.MEASURE_OUTLIER))

    set_thresholds(mads_worse=Decimal("20"))  # Wirral is 22 MADs worse, Sefton 18
    assert flagged() == {"Wirral"}
    set_thresholds(mads_worse=Decimal("25"))
    assert flagged() == set()


@pytest.fixture
def streak_world(admin_user: User) -> dict[str, Any]:
    quarters = [period_ensure(year=2023, quarter=q) for q in range(1, 5)]
    nwh = measure("NWH")
    wirral = Council.objects.get(slug="wirral")
    for q, period in enumerate(quarters):
        figures = {c: {nwh: 51 + i % 3} for i, c in enumerate(councils_in(period))}
        figures[wirral] = {nwh: 48 - 2 * q}
        accept(period, figures, admin_user)
        comparators_recompute(period=period)
    set_thresholds(mads_worse=Decimal("50"))
    return {"period": quarters[-1]}


def test_bottom_quarter_and_worsening_for_three_quarters_is_found(streak_world) -> None:
    found = of_kind(figures.measure_outliers(streak_world["period"]), Automatic.MEASURE_OUTLIER)

    assert set(found) == {"Wirral"}
    assert found["Wirral"].reasons.endswith(
        "It has been in the bottom quarter of North West councils and worsening for 3 quarters "
        "in a row (2023/24 Q2, 2023/24 Q3, 2023/24 Q4)."
    )
    assert "MADs worse" not in found["Wirral"].reasons


def test_the_number_of_quarters_is_the_administrators(streak_world) -> None:
    set_thresholds(bottom_quartile_quarters=4)  # Q1 has no direction of travel yet

    assert not figures.measure_outliers(streak_world["period"])


# --- (b) unit costs and (c) admissions, year on year ------------------------------------------


@pytest.fixture
def year_on_year(admin_user: User) -> dict[str, Any]:
    before, now = period_ensure(year=2022, quarter=4), period_ensure(year=2023, quarter=4)
    cost = measure("NWCOST", polarity=Polarity.LOWER, unit=Unit.POUNDS)
    b2, c2 = Measure.objects.in_return().get(code="2B"), Measure.objects.in_return().get(code="2C")
    wirral, sefton, halton = (Council.objects.get(slug=s) for s in ("wirral", "sefton", "halton"))
    accept(
        before,
        {
            wirral: {cost: 100, c2: 500, b2: 10},
            sefton: {cost: 100, c2: 500, b2: 10},
            halton: {cost: 100, c2: 500, b2: 10},
        },
        admin_user,
    )
    accept(
        now,
        {
            wirral: {cost: 130, c2: 600, b2: 9},
            sefton: {cost: 110, c2: 540, b2: 10},
            halton: {cost: 75, c2: 500, b2: 10.5},
        },
        admin_user,
    )
    return {"period": now}


def test_a_unit_cost_change_either_way_beyond_the_threshold_is_found(year_on_year) -> None:
    found = of_kind(figures.unit_cost_changes(year_on_year["period"]), Automatic.UNIT_COST_CHANGE)

    assert set(found) == {"Wirral", "Halton"}
    assert found["Wirral"].reasons.startswith(
        "NWCOST Test measure NWCOST: £130.00 in 2023/24 Q4 against £100.00 in 2022/23 Q4, "
        "a rise of 30% (the threshold is 20% either way)."
    )
    assert "a fall of 25%" in found["Halton"].reasons
    set_thresholds(unit_cost_change=Decimal("0.35"))
    assert not figures.unit_cost_changes(year_on_year["period"])


def test_a_sharp_rise_in_admissions_to_care_homes_is_found(year_on_year) -> None:
    found = of_kind(figures.admissions_rises(year_on_year["period"]), Automatic.ADMISSIONS_RISE)

    assert set(found) == {"Wirral"}
    assert found["Wirral"].key == "admissions_rise:2C:2023-24-Q4"
    assert "600.0 per 100,000 in 2023/24 Q4 against 500.0 per 100,000 in 2022/23 Q4" in (
        found["Wirral"].reasons
    )
    assert "a rise of 20% (the threshold is 15%)" in found["Wirral"].reasons
    set_thresholds(admissions_rise=Decimal("0.25"))
    assert not figures.admissions_rises(year_on_year["period"])


# --- (d) returns missing or late ---------------------------------------------------------------


@pytest.fixture
def late_world(admin_user: User) -> Period:
    period = make_period(2022, 2, open_now=False)  # deadline 150 days ago
    wirral, sefton, halton = (Council.objects.get(slug=s) for s in ("wirral", "sefton", "halton"))
    accept(period, {wirral: {}, sefton: {}, halton: {}}, admin_user)
    for council, days in ((wirral, -1), (sefton, 10)):
        ret = Return.objects.get(council=council, period=period)
        event = ReturnEvent.objects.create(
            return_obj=ret, action=ReturnEvent.Action.SUBMITTED, actor=admin_user
        )
        when = datetime.datetime.combine(
            period.deadline + datetime.timedelta(days=days), datetime.time(12)
        )
        ReturnEvent.objects.filter(pk=event.pk).update(at=timezone.make_aware(when))
    Return.objects.filter(council=halton, period=period).update(is_demonstration=True)
    return period


def test_missing_and_late_returns_are_found_after_the_deadline(late_world) -> None:
    found = of_kind(submissions.late_returns(late_world), Automatic.RETURN_LATE)

    assert "Wirral" not in found  # submitted the day before the deadline
    assert "Halton" not in found  # demonstration data
    assert found["Sefton"].title == "Return for 2022/23 Q2 submitted late"
    assert "10 days after the deadline" in found["Sefton"].reasons
    assert found["Bolton"].reasons == (
        f"Bolton had not submitted its return for 2022/23 Q2 by the deadline of "
        f"{late_world.deadline:%-d %B %Y}."
    )
    assert "Cumbria" in found  # active in 2022/23
    assert "Cumberland" not in found  # began in April 2023


def test_a_council_that_has_since_ended_is_flagged_for_its_past_quarters(
    late_world, table2
) -> None:
    triggers_evaluate(period=late_world)

    assert Concern.objects.filter(council__slug="cumbria", automatic_key="return_late").exists()
    assert Concern.objects.get(
        council__slug="sefton", automatic_key="return_late"
    ).trigger == Trigger.objects.get(name="Disengaging from networks")


def test_days_of_grace_are_the_administrators(late_world) -> None:
    set_thresholds(late_after_days=200)

    assert not submissions.late_returns(late_world)


def test_no_return_is_late_before_its_deadline(db) -> None:
    assert not submissions.late_returns(make_period(2024, 1))


# --- (e) Local Accounts ------------------------------------------------------------------------


def record_account(council: Council, assessment: str, by: User, year: int = 2023) -> None:
    LocalAccount.objects.update_or_create(
        council=council, year=year, defaults={"assessment": assessment, "recorded_by": by}
    )


def test_local_accounts_missing_unpublished_or_vague_are_found(admin_user) -> None:
    period = period_ensure(year=2023, quarter=4)
    record_account(Council.objects.get(slug="wirral"), "published", admin_user)
    record_account(Council.objects.get(slug="sefton"), "too_ambitious", admin_user)
    record_account(Council.objects.get(slug="halton"), "not_published", admin_user)

    found = of_kind(submissions.local_accounts(period), Automatic.LOCAL_ACCOUNT)

    assert "Wirral" not in found
    assert found["Sefton"].reasons == (
        "The Planning Group assessed Sefton's Local Account for 2023/24 as too ambitious."
    )
    assert found["Halton"].title == "Local Account for 2023/24 not published"
    assert found["Bolton"].key == "local_account:2023-24"
    assert "Cumbria" not in found  # ended March 2023
    assert len(found) == len(councils_in(period)) - 1


# --- Evaluation: raising, idempotence, clearing, reopening ------------------------------------


@pytest.fixture
def q4(table2: None) -> Period:
    return period_ensure(year=2023, quarter=4)


def test_evaluation_raises_automatic_concerns_for_the_planning_group(q4) -> None:
    result = triggers_evaluate(period=q4)

    wirral = Concern.objects.get(council__slug="wirral", automatic_key="local_account")
    assert wirral in result.raised
    assert wirral.trigger == Trigger.objects.get(automatic=Automatic.LOCAL_ACCOUNT)
    assert wirral.visibility == Visibility.PLANNING_GROUP
    assert wirral.status == ConcernStatus.RAISED
    assert wirral.raised_by is None
    assert wirral.reasons == "No Local Account has been recorded for Wirral for 2023/24."
    assert wirral.evidence_url == "/councils/wirral/local-accounts/"
    event = wirral.events.get()
    assert (event.action, event.actor, event.text) == ("raised", None, wirral.reasons)


def test_a_second_evaluation_raises_nothing_new(q4) -> None:
    first = triggers_evaluate(period=q4)
    count = Concern.objects.count()

    second = triggers_evaluate(period=q4)

    assert first.raised
    assert not second.raised
    assert second.unchanged == len(first.raised)
    assert Concern.objects.count() == count
    assert ConcernEvent.objects.count() == count


def test_a_condition_that_clears_is_marked_not_closed_and_reopens_when_it_holds_again(
    q4, admin_user
) -> None:
    triggers_evaluate(period=q4)
    wirral = Council.objects.get(slug="wirral")
    record_account(wirral, "published", admin_user)

    cleared = triggers_evaluate(period=q4)

    concern = Concern.objects.get(council=wirral, automatic_key="local_account")
    assert [c.pk for c in cleared.cleared] == [concern.pk]
    assert concern.condition_cleared_on == timezone.localdate()
    assert concern.status == ConcernStatus.RAISED
    event = concern.events.last()
    assert event.action == ConcernEvent.Action.CLEARED
    assert event.text.startswith("The condition has cleared: ")
    assert triggers_evaluate(period=q4).cleared == []  # cleared once only

    record_account(wirral, "vague", admin_user)
    again = triggers_evaluate(period=q4)

    concern.refresh_from_db()
    assert [c.pk for c in again.reopened] == [concern.pk]
    assert concern.condition_cleared_on is None
    assert concern.reasons == (
        "The Planning Group assessed Wirral's Local Account for 2023/24 as vague."
    )
    last = concern.events.last()
    assert last.action == ConcernEvent.Action.REOPENED
    assert last.text.startswith("The condition holds again: ")
    assert Concern.objects.filter(council=wirral, automatic_key__startswith="local").count() == 1


def test_a_concern_a_person_closed_is_not_reopened(q4, planning_group_member) -> None:
    from triggers.services.concerns import concern_close

    triggers_evaluate(period=q4)
    concern = Concern.objects.get(council__slug="wirral", automatic_key="local_account")
    concern_close(concern=concern, by=planning_group_member, reason="Known; being published.")

    result = triggers_evaluate(period=q4)

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert result.closed >= 1
    assert (
        Concern.objects.filter(automatic_key=concern.automatic_key, council=concern.council).count()
        == 1
    )


def test_evaluating_an_earlier_quarter_after_a_later_one_changes_nothing(q4, admin_user) -> None:
    period = make_period(2023, 3, open_now=False)
    wirral = Council.objects.get(slug="wirral")
    Return.objects.create(council=wirral, period=period)
    triggers_evaluate(period=q4)
    late = Concern.objects.get(council=wirral, automatic_key="return_late")
    assert late.evidence_items[0]["period"] == "2023/24 Q4"

    earlier = triggers_evaluate(period=period)

    late.refresh_from_db()
    assert late.evidence_items[0]["period"] == "2023/24 Q4"
    assert late.condition_cleared_on is None
    assert earlier.changed == 0
    assert earlier.older > 0


def test_evaluation_without_commit_changes_nothing(q4) -> None:
    result = triggers_evaluate(period=q4, commit=False)

    assert result.findings
    assert not Concern.objects.exists()
    assert not ConcernEvent.objects.exists()


def test_without_table2_nothing_is_raised(db) -> None:
    result = triggers_evaluate(period=period_ensure(year=2023, quarter=4))

    assert result.findings
    assert not result.raised
    assert Automatic.LOCAL_ACCOUNT in result.skipped_kinds


def test_a_later_apps_finder_plugs_in_through_the_registry(q4) -> None:
    wirral = Council.objects.get(slug="wirral")

    def level1(period: Period) -> list[Finding]:
        return [
            Finding(
                council_id=wirral.pk,
                kind=Automatic.SELF_ASSESSMENT_LEVEL1,
                key=f"self_assessment_level1:ICBO-3:{year_slug(period.year)}",
                title="Below Level 1 on ICBO standard 3",
                reasons="Wirral assessed itself below Level 1 on standard 3.",
                evidence_url="/",
            )
        ]

    register_finder(Automatic.SELF_ASSESSMENT_LEVEL1)(level1)
    try:
        triggers_evaluate(period=q4)
    finally:
        registry.FINDERS[:] = [f for f in registry.FINDERS if f.find is not level1]

    concern = Concern.objects.get(automatic_key="self_assessment_level1")
    assert concern.trigger.name.startswith("Failure to meet minimum standards (i.e. Level 1)")
    with pytest.raises(ValueError, match="not an automatic trigger kind"):
        register_finder("horoscope")


# --- Tasks, receivers and the nightly schedule ------------------------------------------------


def test_accepting_a_return_evaluates_its_quarter_after_commit(q4, admin_user) -> None:
    wirral = Council.objects.get(slug="wirral")
    ret = Return.objects.create(council=wirral, period=q4, status=ReturnStatus.SUBMITTED)
    version = ReturnVersion.objects.create(return_obj=ret, number=1, created_by=admin_user)
    ret.submitted_version = version
    ret.save()

    with committed():
        return_accept(return_obj=ret, accepted_by=admin_user)

    assert Concern.objects.filter(automatic_key="local_account").exists()


def test_the_latest_task_evaluates_the_latest_quarter_with_accepted_returns(q4, admin_user) -> None:
    from triggers.tasks import triggers_evaluate_latest_task

    accept(q4, {Council.objects.get(slug="wirral"): {}}, admin_user)

    with committed():
        triggers_evaluate_latest_task.delay()

    assert Concern.objects.filter(automatic_key="local_account").exists()


def test_new_national_data_evaluates_the_latest_quarter_after_commit(q4, admin_user) -> None:
    from returns.models import NationalImport
    from returns.signals import national_data_imported

    accept(q4, {Council.objects.get(slug="wirral"): {}}, admin_user)

    with committed():
        national_data_imported.send(sender=NationalImport, dataset="ascof_trend")

    assert Concern.objects.filter(automatic_key="local_account").exists()


def test_the_nightly_evaluation_is_scheduled_at_half_past_two() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["triggers-evaluate-nightly"]

    assert entry["task"] == "triggers.evaluate_latest"
    assert entry["schedule"].hour == {2}
    assert entry["schedule"].minute == {30}


# --- The command, on the real published 2023-24 ASCOF figures ---------------------------------


@pytest.fixture
def real_2023(table2: None, admin_user: User) -> Period:
    """Accepted 2023-24 Q4 returns for every NW council from the published ASCOF figures, as
    the demonstration data builds them (Q4 carries the year's published figure)."""
    spec = DATASETS["ascof_trend"]
    national_import(dataset="ascof_trend", path=DATA_DIR / spec.shipped_file)
    period = period_ensure(year=2023, quarter=4)
    measures = list(Measure.objects.in_return())
    figures = _published(measures)
    accept(
        period,
        {
            council: {
                m: float(v)
                for m, v in quarter_figures(figures, measures, council, period)
                if v is not None
            }
            for council in councils_in(period)
        },
        admin_user,
    )
    comparators_recompute(period=period)
    return period


def _worst_offender(period: Period) -> tuple[str, str, float]:
    """Independently of the portal's comparators: a council more than 2 MADs worse than the NW
    median on a measure with a declared polarity (the largest such distance)."""
    values: dict[Measure, dict[str, float]] = {}
    for council_name, m, value in ReturnValue.objects.filter(
        version__return_obj__period=period, value__isnull=False
    ).values_list("version__return_obj__council__name", "measure_id", "value"):
        values.setdefault(Measure.objects.get(pk=m), {})[council_name] = float(value)
    worst = ("", "", 0.0)
    for m, by_council in values.items():
        if m.polarity not in (Polarity.HIGHER, Polarity.LOWER) or len(by_council) < 8:
            continue
        median = statistics.median(by_council.values())
        mad = statistics.median(abs(v - median) for v in by_council.values())
        if not mad:
            continue
        for name, value in by_council.items():
            worse = (median - value if m.polarity == Polarity.HIGHER else value - median) / mad
            if worse > max(worst[2], 2.0):
                worst = (name, m.code, worse)
    return worst


def test_evaluate_triggers_lists_councils_far_worse_on_the_real_2023_24_figures(
    real_2023,
) -> None:
    out, err = StringIO(), StringIO()

    call_command("evaluate_triggers", "--period", "2023-24", stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    councils = set(Council.objects.values_list("name", flat=True))
    triggers = set(Trigger.objects.values_list("name", flat=True))
    assert lines
    for line in lines:
        council, trigger, reason = line.split(": ", 2)
        assert council in councils, line
        assert trigger in triggers, line
        assert reason.strip(), line
    name, code, worse = _worst_offender(real_2023)
    assert worse > 2
    pattern = re.compile(rf"^{re.escape(name)}: ASCOF Measures: {re.escape(code)} .* MADs worse")
    assert any(pattern.match(line) for line in lines), (name, code, worse)
    assert "Dry run: nothing was changed" in err.getvalue()
    assert not Concern.objects.exists()

    call_command("evaluate_triggers", "--period", "2023-24-Q4", "--commit", stdout=StringIO())

    # Read in Python: SQLite (``make test`` without DATABASE_URL) has no JSON containment.
    evidence = Concern.objects.filter(
        council__name=name, automatic_key="measure_outlier"
    ).values_list("evidence_items", flat=True)
    subjects = {item["subject"] for items in evidence for item in items}
    assert f"measure_outlier:{code}" in subjects
