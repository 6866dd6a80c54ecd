"""The upload journey through the services: versions, submission, acceptance, reopening."""

import pytest
from django.db import transaction

from returns.models import (
    Return,
    ReturnEvent,
    ReturnStatus,
    ReturnUpload,
    ReturnValue,
    ReturnVersion,
    UploadState,
)
from returns.services import (
    ReturnRefused,
    return_accept,
    return_reopen,
    return_submit,
    return_upload_create,
)
from tests.conftest import committed, make_period
from tests.returns.files import csv_upload, xlsx_upload

pytestmark = pytest.mark.django_db


def create(**kwargs):
    with committed():
        outcome = return_upload_create(**kwargs)
    outcome.upload.refresh_from_db()
    return outcome


def upload(council, period, user, **kwargs):
    return create(
        council=council, period=period, file=csv_upload(council, period, **kwargs), uploaded_by=user
    ).upload


def test_valid_upload_becomes_version_one_with_every_value(wirral, open_period, wirral_lead):
    made = upload(wirral, open_period, wirral_lead)
    made.refresh_from_db()
    assert made.state == UploadState.VALID
    version = made.version
    assert version.number == 1
    assert version.is_complete
    assert ReturnValue.objects.filter(version=version).count() == 22
    assert float(ReturnValue.objects.get(version=version, measure__code="2C").value) == 512.3
    assert len(made.sha256) == 64
    assert made.size > 0
    assert made.original_name == "return.csv"


def test_xlsx_upload_is_read_like_csv(wirral, open_period, wirral_lead):
    outcome = create(
        council=wirral,
        period=open_period,
        file=xlsx_upload(wirral, open_period, **{"2D1": "81.5"}),
        uploaded_by=wirral_lead,
    )
    outcome.upload.refresh_from_db()
    assert outcome.upload.state == UploadState.VALID
    assert (
        float(ReturnValue.objects.get(version=outcome.upload.version, measure__code="2D1").value)
        == 81.5
    )


def test_reupload_makes_version_two_and_keeps_version_one(wirral, open_period, wirral_lead):
    first = upload(wirral, open_period, wirral_lead)
    second = create(
        council=wirral,
        period=open_period,
        file=csv_upload(wirral, open_period, **{"2C": "600.0"}),
        uploaded_by=wirral_lead,
        reason="Corrected 2C",
    ).upload
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version.number, second.version.number) == (1, 2)
    assert second.version.reason == "Corrected 2C"
    assert float(ReturnValue.objects.get(version=first.version, measure__code="2C").value) == 512.3
    assert float(ReturnValue.objects.get(version=second.version, measure__code="2C").value) == 600.0


def test_same_file_twice_is_recognised_and_stored_once(wirral, open_period, wirral_lead):
    first = create(
        council=wirral,
        period=open_period,
        file=csv_upload(wirral, open_period),
        uploaded_by=wirral_lead,
    )
    again = create(
        council=wirral,
        period=open_period,
        file=csv_upload(wirral, open_period),
        uploaded_by=wirral_lead,
    )
    assert again.duplicate_of == first.upload
    assert ReturnUpload.objects.count() == 1
    assert ReturnVersion.objects.count() == 1


def test_invalid_upload_stores_problems_and_no_version(wirral, open_period, wirral_lead):
    made = upload(wirral, open_period, wirral_lead, **{"2C": "ten", "2D1": "140"})
    made.refresh_from_db()
    assert made.state == UploadState.INVALID
    assert {p["column"] for p in made.problems} == {"value"}
    assert len(made.problems) == 2
    assert not ReturnVersion.objects.exists()
    assert not ReturnValue.objects.exists()
    assert ReturnEvent.objects.filter(action=ReturnEvent.Action.REJECTED).count() == 1


def test_blank_values_make_a_partial_draft_that_cannot_be_submitted(
    wirral, open_period, wirral_lead
):
    made = upload(wirral, open_period, wirral_lead, **{"2C": "", "1A": ""})
    made.refresh_from_db()
    version = made.version
    assert version.blank_count == 2
    assert ReturnValue.objects.get(version=version, measure__code="2C").value is None
    with pytest.raises(ReturnRefused, match="2 measure"):
        return_submit(version=version, submitted_by=wirral_lead)
    assert Return.objects.get().status == ReturnStatus.DRAFT


def test_submit_accept_and_reopen_are_recorded(wirral, open_period, wirral_lead, regional_admin):
    version = upload(wirral, open_period, wirral_lead).version
    ret = return_submit(version=version, submitted_by=wirral_lead)
    assert ret.status == ReturnStatus.SUBMITTED
    assert return_submit(version=version, submitted_by=wirral_lead).status == ReturnStatus.SUBMITTED
    with pytest.raises(ReturnRefused, match="submitted"):
        return_upload_create(
            council=wirral,
            period=open_period,
            file=csv_upload(wirral, open_period, **{"2C": "1"}),
            uploaded_by=wirral_lead,
        )
    ret = return_accept(return_obj=ret, accepted_by=regional_admin)
    assert ret.status == ReturnStatus.ACCEPTED
    assert ret.accepted_version == version
    with pytest.raises(ReturnRefused, match="reason"):
        return_reopen(return_obj=ret, reopened_by=regional_admin, reason="  ")
    ret = return_reopen(
        return_obj=ret, reopened_by=regional_admin, reason="Figures for 2C were wrong"
    )
    assert ret.status == ReturnStatus.REOPENED
    assert ret.accepted_version == version
    actions = list(ReturnEvent.objects.order_by("pk").values_list("action", "actor__email"))
    assert actions == [
        ("uploaded", wirral_lead.email),
        ("validated", wirral_lead.email),
        ("submitted", wirral_lead.email),
        ("accepted", regional_admin.email),
        ("reopened", regional_admin.email),
    ]
    second = upload(wirral, open_period, wirral_lead, **{"2C": "530.0"})
    second.refresh_from_db()
    assert second.version.number == 2
    assert Return.objects.get().status == ReturnStatus.DRAFT


def test_only_the_latest_version_can_be_submitted(wirral, open_period, wirral_lead):
    first = upload(wirral, open_period, wirral_lead).version
    upload(wirral, open_period, wirral_lead, **{"2C": "501.0"})
    with pytest.raises(ReturnRefused, match="latest version"):
        return_submit(version=first, submitted_by=wirral_lead)


def test_upload_outside_the_window_is_refused_and_nothing_stored(wirral, wirral_lead, db):
    closed = make_period(2021, 2, open_now=False)
    with pytest.raises(ReturnRefused, match="can be uploaded from"):
        return_upload_create(
            council=wirral, period=closed, file=csv_upload(wirral, closed), uploaded_by=wirral_lead
        )
    assert not ReturnUpload.objects.exists()


def test_task_enqueued_in_a_rolled_back_transaction_never_runs(
    wirral, open_period, wirral_lead, django_capture_on_commit_callbacks
):
    def upload_then_fail() -> None:
        with transaction.atomic():
            return_upload_create(
                council=wirral,
                period=open_period,
                file=csv_upload(wirral, open_period),
                uploaded_by=wirral_lead,
            )
            raise RuntimeError("roll back")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            upload_then_fail()
    assert callbacks == []
    assert not ReturnUpload.objects.exists()


def test_validation_task_runs_once_when_delivered_twice(wirral, open_period, wirral_lead):
    from returns.services import return_upload_validate

    made = upload(wirral, open_period, wirral_lead)
    again = return_upload_validate(upload_id=made.pk)
    assert again.state == UploadState.VALID
    assert ReturnVersion.objects.count() == 1
    assert again.attempts == 1


def test_a_broker_lost_after_storing_leaves_the_upload_queued_for_the_sweeper(
    wirral, open_period, wirral_lead, monkeypatch
):
    from returns import tasks

    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.return_upload_validate_task, "delay", refuse)
    made = upload(wirral, open_period, wirral_lead)
    made.refresh_from_db()
    assert made.state == UploadState.QUEUED
    assert not ReturnVersion.objects.exists()


def test_a_crash_while_storing_leaves_a_failed_upload_and_no_values(
    wirral, open_period, wirral_lead, monkeypatch
):
    from returns import services

    def crash(*args, **kwargs):
        raise RuntimeError("worker died")

    monkeypatch.setattr(services.ReturnValue.objects, "bulk_create", crash)
    made = upload(wirral, open_period, wirral_lead)
    made.refresh_from_db()
    assert made.state == UploadState.FAILED
    assert not ReturnVersion.objects.exists()
    assert not ReturnValue.objects.exists()


def test_acceptance_tells_later_apps_only_once_it_commits(
    wirral, open_period, wirral_lead, regional_admin
):
    from returns.signals import return_accepted

    version = upload(wirral, open_period, wirral_lead).version
    ret = return_submit(version=version, submitted_by=wirral_lead)
    heard: list[dict] = []
    return_accepted.connect(lambda **kw: heard.append(kw), weak=False, dispatch_uid="t")
    try:
        with committed():
            with transaction.atomic():
                return_accept(return_obj=ret, accepted_by=regional_admin)
                transaction.set_rollback(True)
        assert heard == []
        with committed():
            return_accept(return_obj=ret, accepted_by=regional_admin)
            assert heard == []
    finally:
        return_accepted.disconnect(dispatch_uid="t")
    assert [(h["period_id"], h["council_id"]) for h in heard] == [(open_period.pk, wirral.pk)]
