"""Every page a role may open is reachable by following links from that role's home page (its
service navigation included): a crawler over the access matrix's world, with the test client.

"May open" is read from the role × URL matrix (tests/access): every GET that answers 200 to the
persona. A few URLs are reached otherwise than by a link, each listed below with the reason."""

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.access.personas import PERSONAS
from tests.access.test_matrix import MATRIX
from tests.access.world import build_world

pytestmark = pytest.mark.django_db

# Reached otherwise than by following a link from a page.
NOT_LINKED = {
    # Offered on the sign-in page, so reached when signed out.
    "accounts:password_reset": "asked for from the sign-in page",
    # The example layout of a plan file: public, and linked from the import page for those
    # who may import.
    "improvement_plans:import_example": "linked from the import page",
    # The e-mailed link of a password reset and the pages of that journey after it.
    "accounts:password_reset_confirm": "opened from the e-mail",
    "accounts:password_reset_done": "shown after asking for a reset",
    "accounts:password_reset_complete": "shown after choosing a new password",
    # Polled by the page's own script while a job runs; the page itself is linked.
    "returns:upload_status_json": "polled by the upload status page",
    "reports:status_json": "polled by the Account version page",
    "returns:national_run_json": "polled by the national import run page",
    # Machine endpoints for monitors and API clients, described on linked pages.
    "operations:health": "asked by load balancers and monitors",
    "opendata:api_councils": "an API endpoint, described by the linked API documentation",
    "opendata:api_measures": "an API endpoint, described by the linked API documentation",
    "opendata:api_measure_values": "an API endpoint, described by the linked API documentation",
    "opendata:api_ratings": "an API endpoint, described by the linked API documentation",
    "opendata:schema": "read by the API documentation page's script",
}
# Offered only while a record is in the state that allows it; the world's record is in another
# state (the pages answer 200 to the role whatever the state, as the matrix shows).
STATE_DEPENDENT = {
    "returns:reopen": "offered on a submitted or accepted return; the world's is a draft",
    "selfassessment:section_add": "offered until councils start; the world's review has begun",
    "selfassessment:standard_add": "offered until councils start; the world's review has begun",
    "selfassessment:standard_edit": "offered until councils start; the world's review has begun",
    "support:engagement_match": "offered while an engagement may be matched; the world's is past",
    "triggers:concern_edit": "offered until a concern is shared with its council; the world's is",
    "triggers:meeting_minutes_approve": "offered once minutes are written; the world's have none",
    "triggers:meeting_correction_add": "offered once the minutes are approved; the world's are not",
}
# The administrator may manage any council's directory entries, but only their own councils'
# entries are listed for them: no page yet lists every council's entries.
ADMIN_UNLISTED = {
    "support:council_strengths",
    "support:strength_create",
    "support:strength_suggestions",
}
# The council's own view of what the Planning Group shared with it: the council's people reach
# it from 'Your council'; the regional reviewers, who may also open it, work from the concern,
# the risk assessment and the council's profile instead.
COUNCIL_VIEWS = {
    "triggers:council_concerns",
    "triggers:concern_respond",
    "triggers:council_assessment",
}
REVIEWERS = {"planning_group_member", "risk_assessor", "regional_admin"}
# Links not followed: the matrix's admin pages are Django's own (one entry, "admin:*").
DOWNLOADS = (".pdf", ".csv", ".xlsx", ".ics", ".json", "/file/", "/document/", "/pdf/", "/xlsx/")
PER_NAME = 2  # pages fetched for each URL name: enough to find the links a kind of page has
FETCH_LIMIT = 600


class _Links(HTMLParser):
    """The page's links, and the addresses its forms send to (a page reached by sending a form
    is reached: the upload form on a return's page, the matching tool's form)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        target = dict(attrs).get("href" if tag == "a" else "action" if tag == "form" else "")
        if target:
            self.hrefs.append(target)


def _name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return "admin:*" if match.namespace == "admin" else match.view_name


def crawl(client: Any, start: str, world_paths: set[str]) -> set[str]:
    """The URL names linked from pages reached from ``start``, following same-site links: every
    link to one of ``world_paths`` (the world's own records), and up to PER_NAME others of each
    kind of page."""
    seen: set[str] = {start}
    queue = [start]
    fetched_per_name: dict[str, int] = {}
    linked: set[str] = set()
    fetches = 0
    while queue and fetches < FETCH_LIMIT:
        url = queue.pop(0)
        response = client.get(url)
        fetches += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            parts = urlsplit(urldefrag(href)[0])
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            name = _name(parts.path)
            if name is None:
                continue
            linked.add(name)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or name == "admin:*" or parts.path.endswith(DOWNLOADS):
                continue
            seen.add(target)
            if parts.path in world_paths or fetched_per_name.get(name, 0) < PER_NAME:
                fetched_per_name[name] = fetched_per_name.get(name, 0) + 1
                queue.append(target)
    return linked


def may_open(persona: str) -> set[str]:
    return {
        name
        for name, (method, _kwargs, expected) in MATRIX.items()
        if method == "get" and expected[persona] == 200
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_role_may_open_is_reachable_from_its_home(
    persona, request, client_for, wirral, open_period, wirral_lead, planning_group_member
):
    world = build_world(wirral, open_period, wirral_lead, planning_group_member)
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    opens = may_open(persona)
    world_paths = {
        reverse(name, kwargs=MATRIX[name][1](world)) for name in opens if name != "admin:*"
    }
    linked = crawl(client, reverse("pages:home"), world_paths)
    exempt = set(NOT_LINKED) | set(STATE_DEPENDENT)
    exempt |= COUNCIL_VIEWS if persona in REVIEWERS else set()
    exempt |= ADMIN_UNLISTED if persona == "regional_admin" else set()
    unreached = sorted(opens - linked - exempt - {"pages:home"})
    assert not unreached, f"{persona} cannot reach by links: {unreached}"
