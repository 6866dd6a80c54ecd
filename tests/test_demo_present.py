"""The demonstration lives in the present: with the clock frozen at three dates, the parts of the
demonstration that depend on the day (quarters, returns in every state, published judgements,
Local Accounts and the Regional Account) are built by the demonstration's own loaders, and the
world they build is coherent on each date.

The loaders run for a subset of councils (the others are given an end date before the first
published year, so no loader finds them active) and from the Regional Account's year onwards
(``demo.calendar.ACCEPTED_FROM``), so three worlds are built in minutes rather than the whole
demonstration's many."""

import datetime

import pytest
from django.utils import timezone

import demo.calendar
from accounts.models import User
from authorities.models import Council
from demo.calendar import FIRST_PUBLISHED_YEAR, demo_calendar
from demo.measures import polarity_declarations_demo_load
from demo.reports import demo_account_year, reports_demo_load
from demo.returns import OPEN_QUARTER_PLANS, periods_ensure, returns_demo_load
from demo.scorecard import QUALITATIVE_DOMAINS, demo_scorecard_load
from demo.users import ADMIN, BOARD_MEMBER, users_ensure
from pages.selectors.regional import board_picture
from reports.models import RegionalAccount, Status
from returns.catalogue import DATA_DIR
from returns.models import Domain, Period, Return, ReturnStatus
from returns.national import DATASETS, national_import
from returns.selectors import completeness_grid
from scorecard.models import Judgement, LocalAccount, Rating
from sli_portal.financial_years import financial_year_of
from tests.conftest import committed

pytestmark = pytest.mark.django_db

# The councils of the open quarter's plans (demo.returns.OPEN_QUARTER_PLANS), Liverpool (whose
# last accepted return is reopened) and enough others for every comparator group of 8.
KEPT = {
    *OPEN_QUARTER_PLANS,
    "E08000012",  # Liverpool
    "E08000003",  # Manchester
    "E08000007",  # Stockport
    "E08000001",  # Bolton
    "E08000010",  # Wigan
}
GONE = datetime.date(2017, 3, 31)

# day: (the quarter open, its deadline passed, the last completed year, the latest quarter in
# which every council's return is accepted)
DATES = {
    # Early in 2026/27 Q2's window, before its deadline: nobody is late.
    "2026-10-20": ((2026, 2), False, 2025, (2026, 1)),
    # The day after 2026/27 Q2's deadline (14 November): the quarter's other returns are in.
    "2026-11-15": ((2026, 2), True, 2025, (2026, 1)),
    # A new financial year, two days after 2026/27 Q4's window closed: 2026/27 is complete, its
    # fourth quarter is both the Account's and the latest published, and 2027/28 Q1 is open.
    "2027-07-02": ((2027, 1), False, 2026, (2026, 4)),
}


def _frozen_at(monkeypatch: pytest.MonkeyPatch, day: datetime.date) -> None:
    """Every "today" and "now" the portal reads (django.utils.timezone) is noon on ``day``."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _build(monkeypatch: pytest.MonkeyPatch, day: datetime.date) -> list[Council]:
    """The demonstration's time-dependent parts, as demo.build.demo_load runs them."""
    _frozen_at(monkeypatch, day)
    monkeypatch.setattr(demo.calendar, "ACCEPTED_FROM", demo_calendar(day).last_completed_year)
    Council.objects.exclude(ons_code__in=KEPT).update(end_date=GONE)
    # Each step's tasks (comparators recomputed after returns are accepted) run when it
    # commits, as they do in the demonstration, before the next step reads them.
    with committed():
        spec = DATASETS["ascof_trend"]
        national_import(dataset="ascof_trend", path=DATA_DIR / spec.shipped_file)
        periods = periods_ensure()
        users_ensure()
        polarity_declarations_demo_load()
        returns_demo_load(periods)
    with committed():
        demo_scorecard_load()
    with committed():
        reports_demo_load()
    return list(Council.objects.filter(ons_code__in=KEPT))


def _period(key: tuple[int, int]) -> Period:
    return Period.objects.get(year=key[0], quarter=key[1])


@pytest.mark.parametrize("day", sorted(DATES))
def test_the_demonstration_is_coherent_on_each_date(monkeypatch, day):
    today = datetime.date.fromisoformat(day)
    open_key, deadline_passed, completed, published_key = DATES[day]
    councils = _build(monkeypatch, today)
    assert timezone.localdate() == today
    calendar = demo_calendar(today)
    assert (calendar.open_quarter, calendar.deadline_passed) == (open_key, deadline_passed)

    # Quarters from the first published year up to the current financial year.
    years = sorted(set(Period.objects.values_list("year", flat=True)))
    assert years == list(range(FIRST_PUBLISHED_YEAR, financial_year_of(today) + 1))
    assert Period.objects.get(year=open_key[0], quarter=open_key[1]).is_open(today)

    _closed_quarters_accepted(calendar.accepted_quarters, councils)
    _open_quarter_mix(_period(open_key), councils, deadline_passed, today)
    _latest_quarter_judged(_period(published_key), councils)
    _account_for_last_completed_year(completed, councils)


def _closed_quarters_accepted(quarters: list[tuple[int, int]], councils: list[Council]) -> None:
    """Every council's return is accepted in every quarter before the open one (Liverpool's
    last one reopened at its request, its accepted figures still in use); all demonstration."""
    for key in quarters:
        returns = Return.objects.filter(period=_period(key))
        assert returns.count() == len(councils), key
        assert not returns.filter(accepted_version__isnull=True).exists(), key
        assert not returns.filter(is_demonstration=False).exists(), key
    reopened = Return.objects.filter(status=ReturnStatus.REOPENED)
    assert [(r.council.name, r.period.year, r.period.quarter) for r in reopened] == [
        ("Liverpool", *quarters[-1])
    ]


def _open_quarter_mix(
    period: Period, councils: list[Council], deadline_passed: bool, today: datetime.date
) -> None:
    """A few submitted, two in progress; before the deadline nobody else has started and
    nobody is late; after it the others are accepted and the unsubmitted ones are late."""
    statuses = dict(Return.objects.filter(period=period).values_list("council__ons_code", "status"))
    submitted = {code for code, plan in OPEN_QUARTER_PLANS.items() if plan == "submit"}
    assert {c for c, s in statuses.items() if s == ReturnStatus.SUBMITTED} == submitted
    assert {c for c, s in statuses.items() if s == ReturnStatus.DRAFT} == {
        "E08000015",  # Wirral, complete and ready to submit
        "E08000009",  # Trafford, partly filled in
    }
    others = {c.ons_code for c in councils} - set(OPEN_QUARTER_PLANS)
    accepted = {c for c, s in statuses.items() if s == ReturnStatus.ACCEPTED}
    assert accepted == (others if deadline_passed else set())
    admin = User.objects.get(email=ADMIN)
    _tiers, rows = completeness_grid(fetched_by=admin, period=period, today=today)
    late = {row.council.ons_code for row in rows if row.is_late}
    assert late == ({"E08000015", "E08000009"} if deadline_passed else set())


def _latest_quarter_judged(period: Period, councils: list[Council]) -> None:
    """All six domains judged and published for every council, none "Not assessed", with
    commentary for the qualitative domains; it is the latest quarter with published ratings."""
    published = Judgement.objects.filter(period=period, published_at__isnull=False)
    assert published.count() == len(Domain.values) * len(councils)
    assert not published.filter(published_rating=Rating.NOT_ASSESSED).exists()
    for judgement in published.filter(domain__in=QUALITATIVE_DOMAINS):
        assert judgement.published_commentary.startswith("Demonstration commentary:")
    latest = (
        Judgement.objects.filter(published_at__isnull=False)
        .order_by("-period__year", "-period__quarter")
        .values_list("period_id", flat=True)
        .first()
    )
    assert latest == period.pk
    board = User.objects.get(email=BOARD_MEMBER)
    picture = board_picture(fetched_by=board)
    assert picture.period == period
    assert Rating.NOT_ASSESSED.label not in dict(picture.rating_counts)


def _account_for_last_completed_year(year: int, councils: list[Council]) -> None:
    """The published Regional Account is the last completed year's, as at its fourth quarter,
    with every council's six published ratings and Local Account; the board's home shows it."""
    assert demo_account_year() == year
    account = RegionalAccount.objects.get(status=Status.PUBLISHED)
    assert account.year == year
    manifest = account.manifest
    q4 = _period((year, 4))
    assert manifest["as_at"] == q4.slug
    as_at = [k for k in manifest["judgements_published_at"] if f"/{q4.slug}/" in k]
    assert len(as_at) == len(Domain.values) * len(councils)
    assert len(manifest["local_accounts_changed_at"]) == len(councils)
    assert LocalAccount.objects.filter(year=year).count() == len(councils)
    ratings = Judgement.objects.filter(period=q4, published_at__isnull=False)
    assert not ratings.filter(published_rating=Rating.NOT_ASSESSED).exists()
    board = User.objects.get(email=BOARD_MEMBER)
    assert board_picture(fetched_by=board).account == account
