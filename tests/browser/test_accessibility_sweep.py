"""An accessibility sweep of the self-assessment, support, improvement plans and Regional Account
pages as real users see them: the demonstration data (the same loaders as `make run`, without
the national figures) gives the pages realistic content, and a council performance lead, a
Planning Group member, a board member and the regional administrator each open every page of
the sweep their role may open. Each page must load (200) and axe-core must report no WCAG 2.2
AA violation on it; one empty form per app must show its error summary, axe-clean too.

The data is built once (a transactional test flushes it when it ends, so the sweep is one test)
and every page is visited even after a failure: the test fails at the end listing each failing
page with the role that saw it, so one run tells the whole story."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from authorities.models import Council
from demo.improvement_plans import WIRRAL_TITLE, improvement_plans_demo_load
from demo.returns import periods_ensure
from demo.selfassessment import selfassessment_demo_load
from demo.support import support_demo_load
from demo.users import DEMO_PASSWORD, users_ensure
from improvement_plans.models import Action, Plan, ProgressUpdate
from selfassessment.models import Answer, SelfAssessment, SelfAssessmentStatus, ThematicReview
from sli_portal.financial_years import financial_year_of
from support.models import Engagement, EngagementStatus, Event, StrengthEntry
from tests.access.world_reports import build_reports_world
from tests.browser.conftest import AXE_SCRIPT, TIMEOUT_MS, assert_accessible, sign_in
from triggers.table2 import table2_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "council performance lead"
PLANNER = "Planning Group member"
BOARD = "board member"
ADMIN = "regional administrator"
# The demonstration users (demo.users.DEMO_USERS) behind each role of the sweep.
EMAILS = {
    LEAD: "wirral.lead@demo.nwsli.org.uk",
    PLANNER: "planning.group@demo.nwsli.org.uk",
    BOARD: "board.member@demo.nwsli.org.uk",
    ADMIN: "regional.admin@demo.nwsli.org.uk",
}
EVERYONE = (LEAD, PLANNER, BOARD, ADMIN)
REGIONAL = (PLANNER, ADMIN)
NOT_BOARD = (LEAD, PLANNER, ADMIN)


@dataclass(frozen=True)
class Visit:
    """A page of the sweep: what it is called in a failure, its URL and who opens it."""

    label: str
    url: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class EmptyForm:
    """A form sent empty: the page it is on, the button that sends it, who sends it."""

    label: str
    url: str
    button: str
    role: str


def build_demo() -> dict[str, Any]:
    """The demonstration data the pages show, and the records their URLs address."""
    # Table 2 first, as `make run` loads it, so submissions are checked against the triggers.
    table2_load()
    periods_ensure()
    users_ensure()
    selfassessment_demo_load()
    support_demo_load()
    improvement_plans_demo_load()
    admin = User.objects.get(email=EMAILS[ADMIN])
    # Two stored versions (one published, one draft) rather than a real render: the status
    # pages are the same, and rendering a PDF would cost the sweep several seconds.
    accounts = build_reports_world({"reviewer": admin})
    wirral = Council.objects.get(slug="wirral")
    year = financial_year_of(timezone.localdate())
    draft = SelfAssessment.objects.select_related("review").get(
        council=wirral, review__year=year, status=SelfAssessmentStatus.DRAFT
    )
    moderated = (
        Answer.objects.filter(self_assessment__review__year=year, moderated_level__isnull=False)
        .select_related("self_assessment__review", "self_assessment__council", "standard")
        .order_by("pk")
        .first()
    )
    # The latest review whose regional report is published: what board members may read.
    last_year = (
        ThematicReview.objects.filter(report_published_at__isnull=False)
        .order_by("-year", "pk")
        .first()
    )
    plan = Plan.objects.get(council=wirral, title=WIRRAL_TITLE)
    action = Action.objects.in_plan(plan).numbered().first()
    latest_update = (
        ProgressUpdate.objects.filter(action__in=Action.objects.in_plan(plan))
        .select_related("period")
        .order_by("-period__year", "-period__quarter")
        .first()
    )
    assert latest_update is not None
    found = {
        "draft": draft,
        "standard": draft.review.standards.order_by("order").first(),
        "moderated": moderated,
        "last_year": last_year,
        "strength": StrengthEntry.objects.filter(
            council=wirral, status=StrengthEntry.Status.PUBLISHED
        ).first(),
        "engagement": Engagement.objects.filter(council=wirral).order_by("pk").first(),
        "requested": Engagement.objects.filter(status=EngagementStatus.REQUESTED)
        .order_by("pk")
        .first(),
        "event": Event.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at").first(),
        "plan": plan,
        "action": action,
        "progress_period": latest_update.period,
        "published_account": accounts["published_account"],
        "draft_account": accounts["draft_account"],
    }
    missing = [key for key, record in found.items() if record is None]
    assert not missing, f"the demonstration data has no {', '.join(missing)}"
    return found


def visits(d: dict[str, Any]) -> list[Visit]:
    draft, moderated = d["draft"], d["moderated"]
    review = moderated.self_assessment.review
    plan = d["plan"].pk
    return [
        # Thematic self-assessments
        Visit("self-assessment index", reverse("selfassessment:index"), EVERYONE),
        Visit("review page", reverse("selfassessment:review", args=[review.pk]), EVERYONE),
        Visit(
            "Wirral's self-assessment",
            reverse("selfassessment:self_assessment", args=[draft.review_id, "wirral"]),
            (LEAD, PLANNER, ADMIN),
        ),
        Visit(
            f"answer page ({d['standard'].code})",
            reverse("selfassessment:answer", args=[draft.review_id, "wirral", d["standard"].code]),
            (LEAD, PLANNER, ADMIN),
        ),
        Visit("moderation list", reverse("selfassessment:review_list", args=[review.pk]), REGIONAL),
        Visit(
            "moderation page",
            reverse(
                "selfassessment:moderate",
                args=[review.pk, moderated.self_assessment.council.slug, moderated.standard.code],
            ),
            REGIONAL,
        ),
        Visit("regional report", reverse("selfassessment:report", args=[review.pk]), REGIONAL),
        Visit(
            "published regional report",
            reverse("selfassessment:report", args=[d["last_year"].pk]),
            EVERYONE,
        ),
        Visit(
            "regional report edit",
            reverse("selfassessment:report_edit", args=[review.pk]),
            REGIONAL,
        ),
        # Support and intervention
        Visit("support index", reverse("support:index"), EVERYONE),
        Visit("excellence directory", reverse("support:directory"), EVERYONE),
        Visit("directory entry", reverse("support:strength", args=[d["strength"].pk]), EVERYONE),
        Visit(
            "Wirral's strengths",
            reverse("support:council_strengths", args=["wirral"]),
            (LEAD, ADMIN),
        ),
        Visit(
            "strength suggestions",
            reverse("support:strength_suggestions", args=["wirral"]),
            (LEAD, ADMIN),
        ),
        Visit("engagements list", reverse("support:engagements"), NOT_BOARD),
        Visit("engagement", reverse("support:engagement", args=[d["engagement"].pk]), NOT_BOARD),
        Visit(
            "matching page",
            reverse("support:engagement_match", args=[d["requested"].pk]),
            REGIONAL,
        ),
        Visit("request form", reverse("support:engagement_request", args=["wirral"]), (LEAD,)),
        Visit("recommend form", reverse("support:engagement_recommend"), REGIONAL),
        Visit("ledger", reverse("support:ledger"), NOT_BOARD),
        Visit("challenges", reverse("support:challenges"), NOT_BOARD),
        Visit("events list", reverse("support:events"), EVERYONE),
        Visit("event page", reverse("support:event", args=[d["event"].pk]), EVERYONE),
        Visit("event create", reverse("support:event_create"), (ADMIN,)),
        # Improvement plans
        Visit("improvement plans index", reverse("improvement_plans:index"), EVERYONE),
        Visit("Wirral's plan", reverse("improvement_plans:plan", args=[plan]), EVERYONE),
        Visit("plan import", reverse("improvement_plans:import"), (LEAD,)),
        Visit(
            "action edit",
            reverse("improvement_plans:action_edit", args=[plan, d["action"].pk]),
            (LEAD,),
        ),
        Visit(
            "progress quarters",
            reverse("improvement_plans:progress_quarters", args=[plan]),
            (LEAD,),
        ),
        Visit(
            f"progress page ({d['progress_period'].slug})",
            reverse("improvement_plans:progress", args=[plan, d["progress_period"].slug]),
            (LEAD,),
        ),
        Visit(
            "region summary", reverse("improvement_plans:region_summary"), (PLANNER, BOARD, ADMIN)
        ),
        # The Regional Account
        Visit("Regional Account list", reverse("reports:list"), EVERYONE),
        Visit("Regional Account generate", reverse("reports:generate"), (ADMIN,)),
        Visit(
            "published version's status",
            reverse("reports:status", args=[d["published_account"].pk]),
            EVERYONE,
        ),
        Visit(
            "draft version's status",
            reverse("reports:status", args=[d["draft_account"].pk]),
            (ADMIN,),
        ),
    ]


def empty_forms(d: dict[str, Any]) -> list[EmptyForm]:
    draft = d["draft"]
    return [
        EmptyForm(
            "answer page's evidence file form",
            reverse("selfassessment:answer", args=[draft.review_id, "wirral", d["standard"].code]),
            "Attach the file",
            LEAD,
        ),
        EmptyForm(
            "support request form",
            reverse("support:engagement_request", args=["wirral"]),
            "Send the request",
            LEAD,
        ),
        EmptyForm("plan import", reverse("improvement_plans:import"), "Import plan", LEAD),
        EmptyForm(
            "Regional Account withdraw form",
            reverse("reports:status", args=[d["published_account"].pk]),
            "Withdraw this version",
            ADMIN,
        ),
    ]


def _checked(failures: list[str], where: str, check: Callable[[], None]) -> None:
    """Run one page's checks, noting a failure (named by role and page) and carrying on."""
    try:
        check()
    except (AssertionError, PlaywrightError) as failure:
        failures.append(f"{where}: {failure}")


def _open(page: Page, visit: Visit) -> None:
    response = page.goto(visit.url)
    assert response is not None, f"{visit.url} did not answer"
    assert response.status == 200, f"{visit.url} answered {response.status}, not 200"
    assert_accessible(page)


def _send_empty(page: Page, form: EmptyForm) -> None:
    page.goto(form.url)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name=form.button, exact=True).click()
    assert posted.value.status == 400, f"{form.url} answered {posted.value.status}, not 400"
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_be_visible()
    assert_accessible(page)


def _signed_in(browser: Browser, live_server: Any, role: str) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core in every page from the start: assert_accessible then finds it there instead of
    # sending its half a megabyte again for each of the sweep's hundred pages.
    context.add_init_script(path=AXE_SCRIPT)
    page = context.new_page()
    page.goto(reverse("accounts:login"))
    sign_in(page, EMAILS[role], DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def assert_each_role_finds_them_accessible(
    browser: Browser, live_server: Any, pages: list[Visit], forms: list[EmptyForm]
) -> None:
    """Each role opens every page it may and sends its empty forms; fail at the end, listing
    every page that failed with the role that saw it."""
    failures: list[str] = []
    for role in EVERYONE:
        page = _signed_in(browser, live_server, role)
        for visit in pages:
            if role in visit.roles:
                _checked(failures, f"{role}, {visit.label}", lambda p=page, v=visit: _open(p, v))
        for form in forms:
            if form.role == role:
                _checked(
                    failures,
                    f"{role}, {form.label} sent empty",
                    lambda p=page, f=form: _send_empty(p, f),
                )
        page.context.close()
    assert not failures, f"{len(failures)} page(s) failed:\n\n" + "\n\n".join(failures)


def test_every_page_and_error_summary_is_accessible_to_each_role(
    browser: Browser, live_server: Any, reference_data: None
) -> None:
    data = build_demo()
    assert_each_role_finds_them_accessible(browser, live_server, visits(data), empty_forms(data))
