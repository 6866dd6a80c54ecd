"""The Planning Group's review queue and a council's risk profile: who may see them, what they
show, their filters, the access log, and a fixed number of queries at two scales."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog, User
from authorities.models import Council
from returns.models import Domain, Return, ReturnStatus
from scorecard.models import Judgement, Rating
from tests.conftest import make_period
from triggers.models import (
    Concern,
    ConcernEvent,
    ConcernStatus,
    Meeting,
    Priority,
    ReviewPriority,
    RiskAssessment,
    Severity,
    Trigger,
    Visibility,
)
from triggers.services.queue import review_priority_set
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

COUNCIL_USERS = ["wirral_lead", "wirral_director", "sefton_lead"]
REVIEWERS = ["planning_group_member", "risk_assessor", "regional_admin"]


# Shared by the other review tests ---------------------------------------------------------------


@pytest.fixture
def table2(db: None) -> None:
    table2_load()


def trigger_in(quadrant_key: str, order: int = 1) -> Trigger:
    return Trigger.objects.get(quadrant__key=quadrant_key, order=order)


def make_concern(
    council: Council,
    *,
    quadrant: str = "outcomes",
    order: int = 1,
    severity: str = Severity.MEDIUM,
    status: str = ConcernStatus.RAISED,
    visibility: str = Visibility.PLANNING_GROUP,
    raised_on: datetime.date | None = None,
    title: str = "",
    automatic_key: str = "",
    actor: User | None = None,
) -> Concern:
    concern = Concern.objects.create(
        council=council,
        trigger=trigger_in(quadrant, order),
        title=title or f"{council.name}: a concern about {quadrant}",
        raised_on=raised_on or timezone.localdate() - datetime.timedelta(days=3),
        severity=severity,
        status=status,
        visibility=visibility,
        automatic_key=automatic_key,
        raised_by=actor,
    )
    ConcernEvent.objects.create(
        concern=concern, action=ConcernEvent.Action.RAISED, actor=actor, text="Raised"
    )
    return concern


def persona(request: pytest.FixtureRequest, name: str) -> User | None:
    return None if name == "anonymous" else request.getfixturevalue(name)


def assert_sign_in(response: Any) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def logged(user: User, record_type: str, record_id: object) -> int:
    return AccessLog.objects.filter(
        user=user, record_type=record_type, record_id=str(record_id)
    ).count()


# The review queue --------------------------------------------------------------------------------

QUEUE = reverse("triggers:review")


def test_anonymous_visitor_is_sent_to_sign_in(client_for, table2) -> None:
    assert_sign_in(client_for(None).get(QUEUE))


@pytest.mark.parametrize("name", [*COUNCIL_USERS, "board_member", "risk_assessor"])
def test_council_users_board_members_and_risk_assessors_may_not_see_the_queue(
    name, request, client_for, table2
) -> None:
    assert client_for(persona(request, name)).get(QUEUE).status_code == 403


@pytest.mark.parametrize("name", ["planning_group_member", "regional_admin"])
def test_planning_group_and_administrator_see_the_queue(name, request, client_for, table2) -> None:
    response = client_for(persona(request, name)).get(QUEUE)
    assert response.status_code == 200
    assert [q.key for q in response.context["queue"].quadrants] == [
        "outcomes",
        "resources",
        "other",
        "stakeholders",
    ]


def test_the_queue_refuses_a_post(client_for, planning_group_member, table2) -> None:
    assert client_for(planning_group_member).post(QUEUE).status_code == 405


def test_the_queue_holds_only_councils_with_open_flags_ordered_by_priority_then_new_evidence(
    client_for, planning_group_member, wirral, sefton, table2
) -> None:
    halton = Council.objects.get(slug="halton")
    bolton = Council.objects.get(slug="bolton")
    make_concern(wirral, quadrant="outcomes", severity=Severity.LOW)
    for quadrant in ("outcomes", "resources", "stakeholders"):
        make_concern(sefton, quadrant=quadrant, severity=Severity.HIGH)
    make_concern(halton, quadrant="outcomes", status=ConcernStatus.CLOSED)
    cleared = make_concern(bolton, automatic_key="measure_outlier")
    Concern.objects.filter(pk=cleared.pk).update(condition_cleared_on=timezone.localdate())
    review_priority_set(
        councils=[wirral],
        priority=Priority.NEXT_MEETING,
        reason="Falling 2C",
        set_by=planning_group_member,
    )
    rows = client_for(planning_group_member).get(QUEUE).context["queue"].rows
    assert [r.council.slug for r in rows] == ["wirral", "sefton"], "never ordered by a count"
    assert rows[1].quadrants == [
        "Outcomes",
        "Resources (Finance and People)",
        "Interface with Stakeholders",
    ]
    assert rows[0].priority_reason == "Falling 2C"


def test_new_is_what_was_raised_or_given_new_evidence_since_the_last_meeting(
    client_for, planning_group_member, wirral, table2
) -> None:
    today = timezone.localdate()
    Meeting.objects.create(
        held_on=today - datetime.timedelta(days=10), created_by=planning_group_member
    )
    Meeting.objects.create(held_on=today, created_by=planning_group_member)
    old = make_concern(wirral, raised_on=today - datetime.timedelta(days=40))
    Concern.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    fresh = make_concern(wirral, raised_on=today - datetime.timedelta(days=2))
    response = client_for(planning_group_member).get(QUEUE)
    row = next(r for r in response.context["queue"].rows if r.council == wirral)
    assert (row.total, [c.pk for c in row.new]) == (2, [fresh.pk])
    assert response.context["queue"].last_meeting.held_on == today - datetime.timedelta(days=10)


def test_filters_choose_the_councils_shown(
    client_for, planning_group_member, wirral, sefton, table2
) -> None:
    cheshire_east = Council.objects.get(slug="cheshire-east")
    make_concern(wirral, quadrant="outcomes", automatic_key="measure_outlier")
    make_concern(sefton, quadrant="resources", actor=planning_group_member)
    make_concern(cheshire_east, quadrant="resources", automatic_key="admissions_rise")
    review_priority_set(
        councils=[sefton], priority=Priority.WATCH, reason="", set_by=planning_group_member
    )
    client = client_for(planning_group_member)

    def shown(**query: object) -> set[str]:
        return {r.council.slug for r in client.get(QUEUE, query).context["queue"].rows}

    assert shown(quadrant="resources") == {"sefton", "cheshire-east"}
    assert shown(origin="automatic") == {"wirral", "cheshire-east"}
    assert shown(origin="person") == {"sefton"}
    assert shown(priority="watch") == {"sefton"}
    assert shown(trigger=trigger_in("outcomes").pk) == {"wirral"}
    assert shown(age="month") == {"wirral", "sefton", "cheshire-east"}
    assert shown(age="older") == set()
    assert shown(sub_region=wirral.sub_region_id) == {"wirral", "sefton"}
    assert shown(quadrant="resources", origin="grave") == {"sefton", "cheshire-east"}


def test_bulk_actions_set_priority_close_with_a_reason_and_refuse_a_risk_assessor(
    client_for, planning_group_member, risk_assessor, wirral, sefton, table2
) -> None:
    concern = make_concern(wirral)
    make_concern(sefton)
    act = reverse("triggers:review_act")
    client = client_for(planning_group_member)
    response = client.post(
        act, {"act-councils": [sefton.pk], "act-action": "priority", "act-priority": "with_council"}
    )
    assert response.status_code == 302
    assert ReviewPriority.objects.get(council=sefton).priority == Priority.WITH_COUNCIL
    refused = client.post(act, {"act-councils": [wirral.pk], "act-action": "close"})
    assert refused.status_code == 400
    assert "Enter the reason for closing" in refused.content.decode()
    client.post(
        act, {"act-councils": [wirral.pk], "act-action": "close", "act-reason": "Explained."}
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.events.last().text == "Explained."
    assert client_for(risk_assessor).post(act, {"councils": [sefton.pk]}).status_code == 403


def test_the_queue_page_links_each_council_to_its_profile(
    client_for, planning_group_member, wirral, table2
) -> None:
    make_concern(wirral, severity=Severity.HIGH)
    content = client_for(planning_group_member).get(QUEUE).content.decode()
    assert reverse("triggers:profile", args=["wirral"]) in content
    assert "<caption" in content
    assert ">None<" in content, "priority is written out, not only coloured"


# The risk profile -------------------------------------------------------------------------------


def profile_url(slug: str = "wirral") -> str:
    return reverse("triggers:profile", args=[slug])


def test_anonymous_visitor_is_sent_to_sign_in_from_a_profile(client_for, table2) -> None:
    assert_sign_in(client_for(None).get(profile_url()))


@pytest.mark.parametrize("name", [*COUNCIL_USERS, "board_member"])
def test_council_users_and_board_members_may_not_see_a_profile(
    name, request, client_for, table2
) -> None:
    assert client_for(persona(request, name)).get(profile_url()).status_code == 403


def test_an_unknown_council_has_no_profile(client_for, planning_group_member, table2) -> None:
    assert client_for(planning_group_member).get(profile_url("atlantis")).status_code == 404


@pytest.mark.parametrize("name", REVIEWERS)
def test_reviewers_see_a_profile_and_the_view_is_logged(
    name, request, client_for, wirral, table2
) -> None:
    user = persona(request, name)
    assert client_for(user).get(profile_url()).status_code == 200
    assert logged(user, "authorities.Council", wirral.pk) == 1


def test_the_profile_shows_concerns_by_quadrant_ratings_returns_assessments_and_history(
    client_for, risk_assessor, wirral, sefton, table2
) -> None:
    open_concern = make_concern(wirral, quadrant="resources", title="Prevention budget cut")
    make_concern(wirral, quadrant="other", status=ConcernStatus.CLOSED, title="Old worry")
    make_concern(sefton, quadrant="resources", title="Sefton's own concern")
    old, latest = make_period(2023, 4, open_now=False), make_period(2024, 1)
    Judgement.objects.create(
        council=wirral,
        period=old,
        domain=Domain.LEADERSHIP,
        rating=Rating.RED,
        published_rating=Rating.RED,
        published_at=timezone.now(),
        written_by=risk_assessor,
    )
    Judgement.objects.create(
        council=wirral,
        period=latest,
        domain=Domain.PERFORMANCE,
        rating=Rating.AMBER,
        published_rating=Rating.AMBER,
        published_at=timezone.now(),
        written_by=risk_assessor,
    )
    Judgement.objects.create(
        council=wirral,
        period=latest,
        domain=Domain.CULTURE,
        rating=Rating.GREEN,
        written_by=risk_assessor,
    )
    Return.objects.create(council=wirral, period=old, status=ReturnStatus.ACCEPTED)
    RiskAssessment.objects.create(council=wirral, year=2023, assessor=risk_assessor)
    response = client_for(risk_assessor).get(profile_url())
    page = response.context["page"]
    sections = {s.quadrant.key: [c.title for c in s.concerns] for s in page.sections}
    assert sections == {
        "outcomes": [],
        "resources": ["Prevention budget cut"],
        "other": [],
        "stakeholders": [],
    }
    assert [c.title for c in page.closed] == ["Old worry"]
    assert page.ratings.period == latest
    ratings = {d.domain: d.tag.label for d in page.ratings.domains}
    assert ratings[Domain.PERFORMANCE] == "Amber"
    assert ratings[Domain.LEADERSHIP] == "Not published", "only the latest published quarter"
    assert ratings[Domain.CULTURE] == "Not published", "a draft is not published"
    statuses = {r.period.label: r.tag.label for r in page.returns}
    assert statuses["2023/24 Q4"] == "Accepted"
    assert statuses["2024/25 Q1"] == "Not started"
    assert [a.year for a in page.assessments] == [2023]
    assert open_concern.pk in {e.concern_id for e in page.events}
    content = response.content.decode()
    assert "Sefton&#x27;s own concern" not in content
    assert "Sefton's own concern" not in content


def _world(scale: int, assessor: User) -> None:
    councils = list(Council.objects.order_by("name")[: 4 * scale])
    quadrants = ["outcomes", "resources", "other", "stakeholders"]
    for index, council in enumerate(councils):
        for n in range(scale):
            concern = make_concern(
                council,
                quadrant=quadrants[(index + n) % 4],
                severity=[Severity.LOW, Severity.MEDIUM, Severity.HIGH][n % 3],
                actor=assessor,
            )
            ConcernEvent.objects.create(
                concern=concern, action=ConcernEvent.Action.SHARED, actor=assessor
            )
    wirral = Council.objects.get(slug="wirral")
    first_year = 1990 + 10 * scale
    for n in range(2 * scale):
        make_concern(wirral, quadrant=quadrants[n % 4], actor=assessor)
        Meeting.objects.create(
            held_on=timezone.localdate() - datetime.timedelta(days=30 + n), created_by=assessor
        )
        period = make_period(first_year + n, 1, open_now=False)
        for domain in Domain.values:
            Judgement.objects.create(
                council=wirral,
                period=period,
                domain=domain,
                published_rating=Rating.GREEN,
                published_at=timezone.now(),
                written_by=assessor,
            )
        RiskAssessment.objects.create(council=wirral, year=first_year + n, assessor=assessor)
        Return.objects.create(council=wirral, period=period)


@pytest.mark.parametrize("url", [QUEUE, profile_url()], ids=["queue", "profile"])
def test_queue_and_profile_run_a_fixed_number_of_queries(
    url, client_for, planning_group_member, risk_assessor, table2
) -> None:
    client = client_for(planning_group_member)
    counts = []
    for scale in (1, 3):
        _world(scale, risk_assessor)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20


def test_review_demo_load_twice_changes_nothing(table2) -> None:
    from demo.review import review_demo_load
    from demo.users import users_ensure
    from triggers.models import AgendaItem, SelfCheck, SelfCheckAnswer

    users_ensure()
    review_demo_load()

    def counts() -> list[int]:
        return [
            RiskAssessment.objects.count(),
            RiskAssessment.history.count(),  # type: ignore[attr-defined]
            Meeting.objects.count(),
            AgendaItem.objects.count(),
            SelfCheck.objects.count(),
            SelfCheckAnswer.objects.count(),
            Concern.objects.count(),
        ]

    first = counts()
    review_demo_load()
    assert counts() == first
    assessments = list(RiskAssessment.objects.order_by("year"))
    assert any(a.final_view and a.discussed_on for a in assessments)
    assert any(not a.final_view for a in assessments)
    assert AgendaItem.objects.exclude(decision="").exists()
    assert SelfCheck.objects.exists()
