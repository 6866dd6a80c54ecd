"""With the task broker down, an upload is refused with a clear message (not a 500) and nothing
is stored; if the broker fails after the file is stored, the upload waits for the job sweeper.
The same holds for producing a Regional Account."""

import time
from typing import Any

import pytest
from django.urls import reverse

from reports.models import RegionalAccount
from reports.services import AccountRefused, regional_account_request
from returns import services
from returns.models import ReturnUpload, ReturnValue, ReturnVersion, UploadState
from returns.tasks import return_upload_validate_task
from sli_portal.celery import broker_reachable
from tests.conftest import CLOSED_PORT, broker_at, committed
from tests.reports.regional_data import regional_data_fill
from tests.returns.files import csv_upload


def upload_url(council: Any, period: Any) -> str:
    return reverse("returns:upload", args=[council.slug, period.slug])


@pytest.mark.django_db
def test_the_broker_check_fails_fast_on_a_closed_port(broker_down: None) -> None:
    began = time.monotonic()
    assert broker_reachable(timeout=1.0) is False
    assert time.monotonic() - began < 3


@pytest.mark.django_db
def test_an_upload_is_refused_with_a_clear_message_and_nothing_stored(
    client_for: Any,
    wirral: Any,
    open_period: Any,
    wirral_lead: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_for(wirral_lead)
    with committed():  # an earlier version, checked while the broker was up
        client.post(upload_url(wirral, open_period), {"file": csv_upload(wirral, open_period)})
    earlier = ReturnVersion.objects.get()
    values = list(ReturnValue.objects.values_list("pk", "value").order_by("pk"))

    settings.BROKER_CHECK_TIMEOUT = 1.0
    began = time.monotonic()
    with broker_at(CLOSED_PORT, monkeypatch), committed():
        response = client.post(
            upload_url(wirral, open_period),
            {"file": csv_upload(wirral, open_period, **{"2C": "600.1"})},
        )
    elapsed = time.monotonic() - began

    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The portal cannot check files at the moment" in page
    assert "Your earlier versions are unchanged" in page
    assert elapsed < 5
    assert ReturnUpload.objects.count() == 1
    assert list(ReturnVersion.objects.all()) == [earlier]
    assert list(ReturnValue.objects.values_list("pk", "value").order_by("pk")) == values


@pytest.mark.django_db(transaction=True)
def test_a_broker_lost_after_the_check_leaves_the_upload_waiting(
    client_for: Any,
    wirral: Any,
    open_period: Any,
    wirral_lead: Any,
    broker_down: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(services, "broker_reachable", lambda: True)

    def refuse(upload_id: int) -> None:
        raise ConnectionError("Redis went away")

    monkeypatch.setattr(return_upload_validate_task, "delay", refuse)
    client = client_for(wirral_lead)
    response = client.post(
        upload_url(wirral, open_period), {"file": csv_upload(wirral, open_period)}
    )
    upload = ReturnUpload.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("returns:upload_status", args=[upload.pk])
    assert upload.state == UploadState.QUEUED
    assert upload.failure_message == ""
    page = client.get(response.url).content.decode()
    assert "It will be checked automatically within a few minutes" in page
    assert "Waiting to be checked" in page


@pytest.mark.django_db
def test_a_regional_account_is_refused_and_no_version_made(
    planning_group_member: Any, wirral: Any, sefton: Any, regional_admin: Any, broker_down: None
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    with pytest.raises(AccountRefused, match="cannot produce the Account at the moment"):
        regional_account_request(year=2023, requested_by=regional_admin)
    assert not RegionalAccount.objects.exists()


@pytest.mark.django_db
def test_a_regional_account_whose_message_is_lost_stays_queued(
    planning_group_member: Any,
    wirral: Any,
    sefton: Any,
    regional_admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reports.tasks import regional_account_render_task

    def refuse(account_id: int) -> None:
        raise ConnectionError("Redis went away")

    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    monkeypatch.setattr(regional_account_render_task, "delay", refuse)
    with committed():
        account = regional_account_request(year=2023, requested_by=regional_admin)
    account.refresh_from_db()
    assert account.status == "queued"
    assert account.error_message == ""
