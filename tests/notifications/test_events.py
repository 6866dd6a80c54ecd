"""E-mails when something happens: a return file checked, a return accepted, a concern shared
with a council, a Regional Account published. Each goes after the change commits."""

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notification_preferences_save
from reports.models import RegionalAccount, Status, Topic
from reports.services import regional_account_publish
from returns.models import Return
from returns.services import return_accept, return_submit, return_upload_create
from tests.conftest import committed
from tests.returns.files import csv_upload
from triggers.models import Severity, Trigger, Visibility
from triggers.services.concerns import concern_raise, concern_share
from triggers.table2 import table2_load

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Safeguarding backlog reported by a whistleblower"
SECRET_EVIDENCE = "Named team manager says 140 referrals are unallocated"
SECRET_NOTE = "We would like to discuss the referrals backlog in the east locality"


def upload(council, period, user, **overrides):
    with committed():
        outcome = return_upload_create(
            council=council,
            period=period,
            file=csv_upload(council, period, **overrides),
            uploaded_by=user,
        )
    outcome.upload.refresh_from_db()
    return outcome.upload


def test_the_uploader_hears_their_file_became_a_new_version(
    wirral, open_period, wirral_lead, wirral_director, mailoutbox
) -> None:
    made = upload(wirral, open_period, wirral_lead)

    (message,) = mailoutbox
    assert message.to == ["wendy.lead@wirral.example"]
    assert message.subject == f"Wirral {open_period.label} return: your file has been checked"
    assert "no problems were found. It is now version 1 of the return." in message.body
    assert f"/returns/uploads/{made.pk}/" in message.body


def test_the_uploader_hears_their_file_had_problems(
    wirral, open_period, wirral_lead, mailoutbox
) -> None:
    upload(wirral, open_period, wirral_lead, **{"2C": "ten", "2D1": "140"})

    (message,) = mailoutbox
    assert message.subject == f"Wirral {open_period.label} return: problems found in your file"
    assert "2 problems were found" in message.body


def test_an_uploader_who_turned_it_off_hears_nothing(
    wirral, open_period, wirral_lead, mailoutbox
) -> None:
    notification_preferences_save(
        user=wirral_lead, enabled=[k for k in Kind if k != Kind.RETURN_FILE_CHECKED]
    )

    upload(wirral, open_period, wirral_lead)

    assert mailoutbox == []


def test_an_accepted_return_is_told_to_the_councils_lead_and_director(
    wirral, open_period, wirral_lead, wirral_director, sefton_lead, regional_admin, mailoutbox
) -> None:
    made = upload(wirral, open_period, wirral_lead)
    return_submit(version=made.version, submitted_by=wirral_lead)
    mailoutbox.clear()

    with committed():
        return_accept(return_obj=Return.objects.get(), accepted_by=regional_admin)

    assert sorted(m.to[0] for m in mailoutbox) == [
        "dan.director@wirral.example",
        "wendy.lead@wirral.example",
    ]
    assert mailoutbox[0].subject == f"Wirral's {open_period.label} return has been accepted"
    assert "(version 1)" in mailoutbox[0].body


@pytest.fixture
def raised(wirral, planning_group_member):
    table2_load()
    return concern_raise(
        council=wirral,
        trigger=Trigger.objects.filter(active=True).first(),
        title=SECRET_TITLE,
        evidence=SECRET_EVIDENCE,
        links=[],
        source="Whistleblower",
        raised_on=timezone.localdate(),
        raised_by=planning_group_member,
        severity=Severity.HIGH,
        visibility=Visibility.PLANNING_GROUP,
    )


def test_a_shared_concern_is_announced_without_its_content(
    raised, wirral_lead, wirral_director, sefton_lead, planning_group_member, mailoutbox
) -> None:
    with committed():
        concern_share(concern=raised, shared_by=planning_group_member, note=SECRET_NOTE)

    assert sorted(m.to[0] for m in mailoutbox) == [
        "dan.director@wirral.example",
        "wendy.lead@wirral.example",
    ]
    for message in mailoutbox:
        text = message.subject + message.body + message.alternatives[0][0]
        assert message.subject == "A concern has been shared with Wirral for discussion"
        assert f"/triggers/council/wirral/concerns/{raised.pk}/" in message.body
        for secret in (SECRET_TITLE, SECRET_EVIDENCE, SECRET_NOTE, "Whistleblower", "140"):
            assert secret not in text


def test_a_concern_share_that_rolls_back_sends_nothing(
    raised, wirral_lead, planning_group_member, mailoutbox
) -> None:
    def share_then_fail() -> None:
        with transaction.atomic():
            concern_share(concern=raised, shared_by=planning_group_member, note=SECRET_NOTE)
            raise RuntimeError("the page failed after sharing")

    with committed(), pytest.raises(RuntimeError):
        share_then_fail()

    assert mailoutbox == []


def test_a_published_regional_account_reaches_everyone_who_wants_it(
    wirral_lead, sefton_lead, board_member, planning_group_member, regional_admin, mailoutbox
) -> None:
    notification_preferences_save(user=sefton_lead, enabled=[])
    # A version whose key messages were all the Planning Group's words when it was produced.
    edited = {topic: "2025-04-01T09:00:00+00:00" for topic in Topic.values}
    account = RegionalAccount.objects.create(
        year=2024, number=2, status=Status.RENDERED, manifest={"key_messages": edited}
    )

    with committed():
        regional_account_publish(account=account, published_by=regional_admin)

    assert sorted(m.to[0] for m in mailoutbox) == [
        "alex.admin@nwadass.example",
        "bob.board@nwadass.example",
        "pat.planner@nwadass.example",
        "wendy.lead@wirral.example",
    ]
    assert mailoutbox[0].subject == "The Regional Account for 2024/25 has been published"
    assert "Version 2 of the North West Regional Account for 2024/25" in mailoutbox[0].body
    assert "https://sli.example.org.uk/regional-account/" in mailoutbox[0].body
