"""The issue's journey: the regional administrator produces the Regional Account, watches its
progress while a worker renders it, checks and publishes it; a board member downloads it.
axe-core reports no WCAG 2.2 AA violation on any page visited."""

import contextlib
import threading
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import Browser, Page, expect

from accounts.models import Role
from authorities.models import Council
from reports import services
from reports.models import RegionalAccount, Status, Topic
from reports.tasks import regional_account_render_task
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_user
from tests.reports.regional_data import regional_data_fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def render_in_a_worker(account_id: int) -> threading.Thread:
    """What a Celery worker does with the queued job, in another thread and connection."""

    def work() -> None:
        try:
            services.regional_account_render(account_id=account_id)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_administrator_produces_watches_and_publishes_and_a_board_member_downloads(
    page: Page, browser: Browser, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = make_user("alex.admin@nwadass.example", Role.REGIONAL_ADMIN)
    make_user("bob.board@nwadass.example", Role.BOARD_MEMBER)
    councils = list(Council.objects.filter(slug__in=["wirral", "sefton", "halton"]))
    regional_data_fill(by=admin, councils=councils)
    queued: list[int] = []
    # The job goes to the queue; the test plays the worker below, so the page can be watched.
    monkeypatch.setattr(regional_account_render_task, "delay", queued.append)

    # The Planning Group has worded every key message but the Board's questions, which the
    # administrator words below: a version with the portal's draft cannot be published.
    for topic in Topic.values:
        if topic != Topic.BOARD:
            services.key_message_edit(
                year=2023, topic=topic, draft="", text=f"Worded: {topic}.", edited_by=admin
            )

    page.goto("/accounts/login/")
    sign_in(page, "alex.admin@nwadass.example")
    page.goto("/regional-account/2023/key-messages/board/")
    assert_accessible(page)
    page.get_by_label("Key message").fill("The Board is asked to note the Account for 2023/24.")
    page.get_by_role("button", name="Save the key message").click()
    expect(page.get_by_text("is saved.")).to_be_visible()
    assert_accessible(page)
    page.goto("/regional-account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Regional Account")
    assert_accessible(page)
    page.get_by_role("button", name="Produce a Regional Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Produce a Regional Account")
    assert_accessible(page)
    page.get_by_label("Financial year").select_option(label="2023/24")
    page.get_by_label("The whole year (the latest quarter with published data)").check()
    page.get_by_role("button", name="Produce the Regional Account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Producing version 1")
    expect(page.locator("[data-poll-message]")).to_have_text("Waiting to start")
    assert_accessible(page)
    polls: list[dict[str, Any]] = []

    def record(response: Any) -> None:
        if response.url.endswith("/status.json"):
            # The last answer's body may be gone once the page has moved on.
            with contextlib.suppress(Exception):
                polls.append(response.json())

    page.on("response", record)
    [account_id] = queued
    worker = render_in_a_worker(account_id)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Version 1: Ready to check (not published)", timeout=60_000
    )
    worker.join(timeout=60)
    assert any(not p["done"] and p["progress"] > 0 for p in polls), polls
    assert_accessible(page)
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("is published. Board members can now download it.")).to_be_visible()
    assert_accessible(page)
    account = RegionalAccount.objects.get(pk=account_id)
    assert account.status == Status.PUBLISHED

    board = browser.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    board.goto("/accounts/login/")
    sign_in(board, "bob.board@nwadass.example")
    board.goto("/regional-account/")
    assert_accessible(board)
    with board.expect_download() as download_info:
        board.get_by_role("link", name="Download the latest published Regional Account").click()
    download = download_info.value
    assert download.suggested_filename == "nw-regional-account-2023-24-v1.pdf"
    with open(download.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert len(content) == account.size
