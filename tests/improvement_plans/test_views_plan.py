"""The plan page: its structure, numbers, reference links, targets and milestones in words,
what prompted it (confidential concerns only for those allowed), its downloads, who may read
it, and its query count at two scales."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from improvement_plans.models import Action, Plan
from improvement_plans.services import (
    citation_add,
    milestone_add,
    plan_publish,
    progress_record,
    target_add,
)
from returns.services import period_ensure
from selfassessment.models import Standard
from tests.improvement_plans.conftest import build_plan
from tests.improvement_plans.test_citation_links import engagement_for
from tests.improvement_plans.test_query_counts import bulk_plan
from tests.selfassessment.helpers import import_demo
from triggers.models import Concern, ConcernStatus, Trigger, Visibility
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db


def plan_url(plan: Plan) -> str:
    return reverse("improvement_plans:plan", kwargs={"pk": plan.pk})


def test_the_sefton_plan_shows_headings_numbered_areas_and_actions(
    sefton_plan: Plan, sefton_lead: User, client_for
) -> None:
    response = client_for(sefton_lead).get(plan_url(sefton_plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Improvement Area 1 –" in html
    assert "Improvement Area 19 –" in html
    assert "Improvement Area 20" not in html
    assert ">Action 53</h4>" in html
    assert ">Action 54</h4>" not in html
    assert "Safeguarding Adults" in html
    # It reads as a document: no control beside each action (edit mode has those), so the
    # links are the page's own, the contents and the references between actions.
    assert "Change action" not in html
    assert html.count("<a ") < 150
    editor = client_for(sefton_lead).get(
        reverse("improvement_plans:plan_editor", kwargs={"pk": sefton_plan.pk})
    )
    assert "Change action 53" in editor.content.decode()


def test_references_between_actions_link_to_the_named_actions_anchor(
    sefton_plan: Plan, sefton_lead: User, client_for
) -> None:
    html = client_for(sefton_lead).get(plan_url(sefton_plan)).content.decode()
    links = re.findall(
        r'<a class="govuk-link" href="#action-(\d+)" aria-label="Action (\d+)"', html
    )
    assert links, "the Sefton plan names other actions"
    numbers = {
        a.pk: a.number  # type: ignore[attr-defined]
        for a in Action.objects.in_plan(sefton_plan).numbered()
    }
    for pk, number in links:
        assert numbers[int(pk)] == int(number)
        assert f'id="action-{pk}"' in html


def test_targets_and_milestones_are_described_in_words(
    sefton: Council, sefton_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[2]])
    met_action, missed_action = Action.objects.in_plan(plan).order_by("order")
    met = target_add(
        action=met_action,
        measure="Reviews within 28 days",
        target_value="70",
        baseline="55",
        due_date=datetime.date(2026, 3, 31),
        by=None,
    )
    missed = target_add(
        action=missed_action,
        measure="Repeat referrals",
        target_value="10",
        direction="fewer_than",
        by=None,
    )
    milestone_add(action=met_action, kind="date", due_date=datetime.date(2020, 1, 31), by=None)
    period = period_ensure(year=2024, quarter=1)
    progress_record(
        action=met_action,
        period=period,
        status="on_track",
        actuals={met: "72"},
        commentary="Ahead of plan",
        recorded_by=sefton_lead,
    )
    progress_record(
        action=missed_action,
        period=period,
        status="off_track",
        actuals={missed: "14"},
        recorded_by=sefton_lead,
    )
    html = client_for(sefton_lead).get(plan_url(plan)).content.decode()
    assert "At least 70%" in html
    assert "55%" in html
    assert "Fewer than 10%" in html
    assert "31 March 2026" in html
    assert re.search(r"72% in 2024/25 Q1:\s*<strong[^>]*>Met</strong>", html)
    assert re.search(r"14% in 2024/25 Q1:\s*<strong[^>]*>Missed</strong>", html)
    assert "by 31 January 2020" in html
    assert ">Overdue</strong>" in html
    assert ">On track</strong> in 2024/25 Q1" in html
    assert ">Off track</strong> in 2024/25 Q1" in html
    assert "Ahead of plan" in html
    # The plan page shows the one summary partial (summary_plan.html).
    summary = html[html.index('class="app-plan-summary"') : html.index('id="heading-')]
    assert "Progress in 2024/25 Q1" in summary
    counts = dict(re.findall(r'data-status="(\w+)">.*?numeric">(\d+)</td>', summary, re.S))
    assert (counts["on_track"], counts["off_track"]) == ("1", "1")
    met = summary[summary.index('data-summary="targets-met"') :]
    assert "1 of 2" in met[: met.index("</div>")]
    missed = summary[summary.index('data-summary="targets-missed"') :]
    assert "1 of 2" in missed[: missed.index("</div>")]


def _concern(council: Council, *, shared: bool, reviewer: User) -> Concern:
    table2_load()
    return Concern.objects.create(
        council=council,
        trigger=Trigger.objects.order_by("pk")[0],
        title="Confidential: staff turnover",
        raised_on=datetime.date(2024, 6, 1),
        visibility=Visibility.SHARED if shared else Visibility.PLANNING_GROUP,
        status=ConcernStatus.SHARED if shared else ConcernStatus.RAISED,
        raised_by=reviewer,
    )


def test_a_cited_concern_is_shown_only_to_those_who_may_see_it(
    sefton: Council,
    sefton_lead: User,
    wirral_lead: User,
    planning_group_member: User,
    board_member: User,
    client_for,
) -> None:
    plan = build_plan(sefton, [[1]])
    concern = _concern(sefton, shared=True, reviewer=planning_group_member)
    citation_add(plan=plan, concern=concern, by=None)
    citation_add(plan=plan, domain="leadership", by=None)
    plan_publish(plan=plan, by=sefton_lead)

    def page(user: User | None) -> str:
        return client_for(user).get(plan_url(plan)).content.decode()

    own = page(sefton_lead)
    assert concern.title in own
    assert reverse("triggers:concern_respond", kwargs={"slug": "sefton", "pk": concern.pk}) in own
    region = page(planning_group_member)
    assert reverse("triggers:concern", kwargs={"pk": concern.pk}) in region
    for outsider in (None, wirral_lead, board_member):
        shown = page(outsider)
        assert concern.title not in shown
        assert "Leadership &amp; Governance" in shown


def test_an_unshared_concern_is_hidden_from_the_council_itself(
    sefton: Council, sefton_lead: User, planning_group_member: User, client_for
) -> None:
    plan = build_plan(sefton, [[1]])
    concern = _concern(sefton, shared=False, reviewer=planning_group_member)
    citation_add(plan=plan, concern=concern, by=None)
    assert concern.title not in client_for(sefton_lead).get(plan_url(plan)).content.decode()
    assert concern.title in client_for(planning_group_member).get(plan_url(plan)).content.decode()


@pytest.mark.parametrize(
    ("persona", "draft", "published"),
    [
        (None, 404, 200),
        ("sefton_lead", 200, 200),
        ("wirral_lead", 404, 200),
        ("planning_group_member", 200, 200),
        ("risk_assessor", 200, 200),
        ("board_member", 200, 200),
        ("regional_admin", 200, 200),
    ],
)
def test_who_may_read_a_plan(
    sefton: Council,
    sefton_lead: User,
    persona: str | None,
    draft: int,
    published: int,
    request: pytest.FixtureRequest,
    client_for,
) -> None:
    plan = build_plan(sefton, [[1]])
    client = client_for(request.getfixturevalue(persona) if persona else None)
    assert client.get(plan_url(plan)).status_code == draft
    plan_publish(plan=plan, by=sefton_lead)
    response = client.get(plan_url(plan))
    assert response.status_code == published
    editing = persona == "sefton_lead"
    html = response.content.decode()
    # The plan opens as a document: publishing and every change are in edit mode.
    assert "Publish the plan" not in html
    assert "Unpublish the plan" not in html
    editor = reverse("improvement_plans:plan_editor", kwargs={"pk": plan.pk})
    assert (f'href="{editor}">Edit the plan</a>' in html) is editing


def test_an_archived_plan_is_not_found(sefton: Council, sefton_lead: User, client_for) -> None:
    plan = build_plan(sefton, [[1]])
    Plan.objects.filter(pk=plan.pk).update(archived_at=timezone.now())
    assert client_for(sefton_lead).get(plan_url(plan)).status_code == 404


def test_the_plan_page_refuses_post(sefton: Council, sefton_lead: User, client_for) -> None:
    plan = build_plan(sefton, [[1]])
    assert client_for(sefton_lead).post(plan_url(plan)).status_code == 405


@pytest.mark.parametrize(
    ("name", "kind", "start"),
    [
        ("plan_pdf", "application/pdf", b"%PDF"),
        ("plan_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("plan_csv", "text/csv; charset=utf-8", "\ufeffHeading".encode()),
    ],
)
def test_downloads(
    sefton_plan: Plan, sefton_lead: User, name: str, kind: str, start: bytes, client_for
) -> None:
    response = client_for(sefton_lead).get(
        reverse(f"improvement_plans:{name}", kwargs={"pk": sefton_plan.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == kind
    assert response["Content-Disposition"].startswith('attachment; filename="sefton-')
    assert response.content.startswith(start)


def test_another_councils_draft_cannot_be_downloaded(
    sefton: Council, wirral_lead: User, client_for
) -> None:
    plan = build_plan(sefton, [[1]])
    url = reverse("improvement_plans:plan_csv", kwargs={"pk": plan.pk})
    assert client_for(wirral_lead).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404


# The whole page: the session and user, the plan, plan_structure (11, with a cited engagement's
# providers), plan_summary (7) and the viewer's roles, whatever the plan's size.
PLAN_PAGE_QUERIES = 24


@pytest.mark.parametrize(("areas", "actions", "quarters"), [(2, 2, 1), (20, 60, 8)])
def test_the_plan_page_takes_a_fixed_number_of_queries(
    sefton: Council,
    wirral: Council,
    sefton_lead: User,
    planning_group_member: User,
    areas: int,
    actions: int,
    quarters: int,
    client_for,
    django_assert_max_num_queries,
) -> None:
    plan = bulk_plan(sefton, sefton_lead, areas=areas, actions=actions, quarters=quarters)
    citation_add(plan=plan, domain="leadership", by=None)
    # Every kind of citation that links, so their links cost no query per citation.
    review = import_demo()
    for standard in Standard.objects.filter(review=review).order_by("pk")[:2]:
        citation_add(plan=plan, standard=standard, by=None)
    for _ in range(2):
        engagement = engagement_for(sefton, wirral, sefton_lead, planning_group_member)
        citation_add(plan=plan, engagement=engagement, by=None)
    for user in (sefton_lead, planning_group_member):
        client = client_for(user)
        with django_assert_max_num_queries(PLAN_PAGE_QUERIES):
            response = client.get(plan_url(plan))
        assert response.status_code == 200
        html = response.content.decode()
        assert f">Action {areas * actions}</h4>" in html
        assert f"Improvement Area {areas} –" in html
        assert f"{60 + (quarters - 1) * 2}% in " in html
        assert reverse("support:engagement", kwargs={"pk": engagement.pk}) in html
        # The review's report is not published: only the Planning Group may open it yet.
        report = reverse("selfassessment:report", kwargs={"pk": review.pk})
        assert (report in html) is (user == planning_group_member)
