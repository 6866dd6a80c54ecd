"""Links that come from data are live only for http(s), mailto and the portal's own paths: a
'javascript:' address stored by an import or the admin is shown as text, never as a link."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from scorecard.models import LocalAccount
from sli_portal.links import safe_href
from tests.triggers.test_concerns import trigger
from triggers.models import Visibility
from triggers.services.concerns import concern_raise
from triggers.table2 import table2_load

SCRIPT = "javascript:alert(document.cookie)"


@pytest.mark.parametrize(
    "address",
    [
        "https://www.wirral.gov.uk/local-account",
        "http://example.org/a?b=c#d",
        "mailto:asc@wirral.gov.uk",
        "/returns/wirral/2026-27-q2/",
    ],
)
def test_web_and_mail_addresses_and_portal_paths_are_links(address):
    assert safe_href(address) == address


@pytest.mark.parametrize(
    "address",
    [
        SCRIPT,
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/path",
        "/\\evil.example",
        "https:/no-host",
        "www.example.org",
        "",
        None,
    ],
)
def test_anything_else_is_not_a_link(address):
    assert safe_href(address) == ""


def test_every_href_from_a_template_variable_goes_through_the_one_filter():
    """Addresses the portal builds itself (reverse(), the request's own path) may be used
    directly; anything else a template links to is first passed through safe_href."""
    built_by_the_portal = {
        "url",
        "row.scorecard_url",
        "back",
        "summary_url",
        "sa_url",
        "row.href",
        "review_url",
        "request.path",
        "prefs_url",
        "preferences_url",
        "link",  # operations/access_log.html: the record's admin page, from reverse()
        "ledger_url",
        "item.url",
        "index_url",
        "events_url",
        "error.href",
    }
    found = set()
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for variable in re.findall(r'href="\{\{\s*([^}\s|]+)\s*\}\}"', template.read_text()):
            if variable != "href":
                found.add((template.name, variable))
    assert {v for _, v in found} <= built_by_the_portal, found


@pytest.mark.django_db
def test_a_stored_javascript_local_account_address_is_shown_as_text(
    client_for, wirral, regional_admin
):
    LocalAccount.objects.create(
        council=wirral, year=2025, url=SCRIPT, assessment="published", recorded_by=regional_admin
    )
    response = client_for(regional_admin).get(
        reverse("scorecard:local_accounts", args=[wirral.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="javascript' not in html.lower()
    assert f"{SCRIPT} (not a web address, so not linked)" in html


@pytest.mark.django_db
def test_a_stored_javascript_link_on_a_concern_is_text(client_for, wirral, planning_group_member):
    table2_load()
    concern = concern_raise(
        council=wirral,
        trigger=trigger("Recruitment / retention"),
        title="Turnover of senior staff",
        evidence="Three heads of service left in a quarter.",
        links=["https://www.example.gov.uk/report"],
        source="HR Leads Group",
        raised_on=timezone.localdate(),
        severity="medium",
        visibility=Visibility.PLANNING_GROUP,
        raised_by=planning_group_member,
    )
    type(concern).objects.filter(pk=concern.pk).update(
        links=["https://www.example.gov.uk/report", SCRIPT], evidence_url=SCRIPT
    )
    page = client_for(planning_group_member).get(reverse("triggers:concern", args=[concern.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="https://www.example.gov.uk/report"' in html
    assert "javascript:" in html
    assert 'href="javascript' not in html.lower()
    assert "See the figures" not in html
