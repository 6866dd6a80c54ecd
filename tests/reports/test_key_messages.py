"""The Account opens with key messages: the portal drafts them from the figures, the Planning
Group edits them (the draft and every wording kept), and a version still holding a draft is
not published. A first year says so, never "0 better, 0 worse"."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.assembly import account_assemble, scope_resolve
from reports.models import KeyMessage, Status, Topic
from reports.services import (
    TEMPLATE,
    AccountRefused,
    key_message_edit,
    regional_account_produce_now,
    regional_account_publish,
)
from returns.models import Return, ReturnStatus
from scorecard.models import Judgement
from sli_portal.pdf import render_pdf_html
from tests.reports.regional_data import key_messages_edit_all, regional_data_fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    from reports import services

    def render(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        kwargs["on_pages"](2)
        return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr(services, "render_pdf", render)


def test_every_key_message_is_drafted_from_the_figures(
    planning_group_member: Any, wirral: Any, sefton: Any
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    data = account_assemble(scope=scope_resolve(year=2023))
    assert [m.topic for m in data.key_messages] == Topic.values
    assert not any(m.edited for m in data.key_messages)
    domains = data.key_messages[0].text
    assert "Compared with 2022/23 Q4" in domains
    assert "Compared with the North West median of councils' returns" in data.key_messages[1].text
    assert data.manifest["key_messages"] == dict.fromkeys(Topic.values)


def test_a_first_year_says_so_and_never_counts_zero_changes(
    planning_group_member: Any, wirral: Any
) -> None:
    data = regional_data_fill(by=planning_group_member, councils=[wirral])
    Judgement.objects.filter(period=data.last_year).delete()
    account = account_assemble(scope=scope_resolve(year=2023))
    assert not account.summary.has_previous_year
    domains = account.key_messages[0].text
    assert "This is the first year of ratings in the portal" in domains
    assert "0 worse" not in domains
    assert all(p.last_counts is None for p in account.summary.domain_positions)
    html = render_pdf_html(
        TEMPLATE,
        {"account": account, "version_number": 1, "generated_at": timezone.now()},
        title=account.title,
    )
    assert "This is the first year of published ratings in the portal" in html
    assert "0 domain ratings better" not in html


def test_a_reopened_return_is_counted_apart_from_the_accepted(
    planning_group_member: Any, wirral: Any, sefton: Any
) -> None:
    data = regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    for council, status in [(wirral, ReturnStatus.ACCEPTED), (sefton, ReturnStatus.REOPENED)]:
        Return.objects.create(council=council, period=data.period, status=status)
    account = account_assemble(scope=scope_resolve(year=2023))
    assert account.summary.accepted_returns == 1
    assert account.summary.reopened_returns == 1
    returns = next(m for m in account.key_messages if m.topic == Topic.RETURNS).text
    assert returns.startswith("1 of 24 councils' returns for 2023/24 Q4 are accepted")
    assert "1 reopened for correction (not accepted)" in returns


def test_an_edit_keeps_the_draft_and_the_history(planning_group_member: Any) -> None:
    message = key_message_edit(
        year=2023, topic=Topic.BOARD, draft="Draft.", text="First.", edited_by=planning_group_member
    )
    key_message_edit(
        year=2023,
        topic=Topic.BOARD,
        draft="Draft.",
        text="Second.",
        edited_by=planning_group_member,
    )
    message.refresh_from_db()
    assert (message.draft, message.text) == ("Draft.", "Second.")
    assert [h.text for h in message.history.order_by("history_date")] == ["First.", "Second."]


def test_the_draft_unchanged_is_refused(planning_group_member: Any) -> None:
    with pytest.raises(AccountRefused, match="Edit the portal's draft before saving"):
        key_message_edit(
            year=2023,
            topic=Topic.BOARD,
            draft="The Board is asked to note.",
            text="  The Board is asked\nto note. ",
            edited_by=planning_group_member,
        )
    assert not KeyMessage.objects.exists()


def test_publishing_is_refused_while_any_key_message_is_the_draft(
    planning_group_member: Any, regional_admin: Any, wirral: Any, no_pdf: None
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral])
    account = regional_account_produce_now(year=2023, requested_by=regional_admin)
    with pytest.raises(AccountRefused, match="are still the portal's draft"):
        regional_account_publish(account=account, published_by=regional_admin)
    account.refresh_from_db()
    assert account.status == Status.RENDERED
    key_messages_edit_all(by=planning_group_member)
    edited = regional_account_produce_now(year=2023, requested_by=regional_admin)
    assert regional_account_publish(account=edited, published_by=regional_admin).is_published


def test_the_planning_group_edits_a_key_message_on_the_web(
    planning_group_member: Any, board_member: Any, wirral: Any, client_for: Any
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral])
    client = client_for(planning_group_member)
    url = reverse("reports:key_message_edit", args=[2023, Topic.BOARD])
    draft = account_assemble(scope=scope_resolve(year=2023)).key_messages[-1].draft
    response = client.post(url, {"text": draft})
    assert response.status_code == 400
    assert "Edit the portal&#x27;s draft before saving" in response.content.decode()
    response = client.post(url, {"text": "The Board is asked to agree two themes."})
    assert response.status_code == 302
    page = client_for(board_member).get(reverse("reports:key_messages", args=[2023]))
    text = page.content.decode()
    assert "The Board is asked to agree two themes." in text
    assert "Portal draft" in text
    assert "The region by domain: number of councils at each published rating" in text
    assert reverse("reports:key_message_edit", args=[2023, Topic.BOARD]) not in text
    listing = client_for(board_member).get(reverse("reports:list")).content.decode()
    assert reverse("reports:key_messages", args=[2023]) in listing


@pytest.mark.parametrize("scale", ["one council", "the whole region"])
def test_the_key_messages_page_reads_a_fixed_number_of_queries(
    scale: str,
    planning_group_member: Any,
    wirral: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    regional_data_fill(
        by=planning_group_member, councils=[wirral] if scale == "one council" else None
    )
    client = client_for(planning_group_member)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("reports:key_messages", args=[2023]))
    assert response.status_code == 200
