"""The one way the portal e-mails a person: who is picked, who is left out, the e-mails recorded, and
sending only once the change commits."""

import pytest
from django.db import transaction

from accounts.models import Role
from notifications.models import ALWAYS_SENT, Kind, Notification, NotificationPreference
from notifications.services import (
    kinds_for,
    notification_preferences_save,
    notifications_send,
    notify,
)
from tests.conftest import committed, make_user

pytestmark = pytest.mark.django_db


def send(**kwargs):
    defaults = {
        "kind": Kind.RETURN_ACCEPTED,
        "key": "return:1:accepted",
        "subject": "Wirral's 2024/25 Q1 return has been accepted",
        "paragraphs": ["The regional administrator has accepted it."],
        "path": "/returns/wirral/2024-25-Q1/",
    }
    return notify(**{**defaults, **kwargs})


def test_a_council_kind_goes_to_that_councils_lead_and_director_only(
    wirral, wirral_lead, wirral_director, sefton_lead, planning_group_member, mailoutbox
) -> None:
    with committed():
        sent = send(council=wirral)

    assert sorted(u.email for u in sent) == [
        "dan.director@wirral.example",
        "wendy.lead@wirral.example",
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "dan.director@wirral.example",
        "wendy.lead@wirral.example",
    ]
    assert all(len(m.to) == 1 for m in mailoutbox)


def test_the_e_mail_says_what_happened_and_links_to_the_page(wirral, wirral_lead, mailoutbox):
    with committed():
        send(council=wirral)

    (message,) = mailoutbox
    assert message.subject == "Wirral's 2024/25 Q1 return has been accepted"
    assert "Dear Wendy," in message.body
    assert "The regional administrator has accepted it." in message.body
    assert "https://sli.example.org.uk/returns/wirral/2024-25-Q1/" in message.body
    assert "https://sli.example.org.uk/notifications/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://sli.example.org.uk/returns/wirral/2024-25-Q1/"' in html


def test_a_person_who_turned_the_kind_off_gets_nothing(
    wirral, wirral_lead, wirral_director, mailoutbox
) -> None:
    notification_preferences_save(
        user=wirral_director, enabled=[k for k in Kind if k != Kind.RETURN_ACCEPTED]
    )

    with committed():
        sent = send(council=wirral)

    assert [u.email for u in sent] == ["wendy.lead@wirral.example"]
    assert [m.to for m in mailoutbox] == [["wendy.lead@wirral.example"]]
    assert not Notification.objects.filter(user=wirral_director).exists()


def test_the_same_key_is_sent_once(wirral, wirral_lead, mailoutbox) -> None:
    with committed():
        send(council=wirral)
    with committed():
        again = send(council=wirral)

    assert again == []
    assert len(mailoutbox) == 1
    row = Notification.objects.get()
    assert (row.user, row.kind, row.key) == (wirral_lead, Kind.RETURN_ACCEPTED, "return:1:accepted")
    assert row.subject == "Wirral's 2024/25 Q1 return has been accepted"


def test_nothing_is_sent_or_logged_when_the_transaction_rolls_back(
    wirral, wirral_lead, mailoutbox
) -> None:
    def send_then_fail() -> None:
        with transaction.atomic():
            send(council=wirral)
            raise RuntimeError("the change failed")

    with committed(), pytest.raises(RuntimeError):
        send_then_fail()

    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_nothing_is_sent_before_the_commit(wirral, wirral_lead, mailoutbox) -> None:
    send(council=wirral)  # the test's transaction never commits

    assert mailoutbox == []


def test_a_refused_send_is_kept_with_its_error_and_sent_on_the_next_try(
    wirral, wirral_lead, mailoutbox, monkeypatch
) -> None:
    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with committed():
        send(council=wirral)
    row = Notification.objects.get()
    assert (row.sent_at, row.attempts) == (None, 1)
    assert row.last_error == "ConnectionRefusedError: mail server down"

    monkeypatch.undo()
    assert notifications_send(notification_ids=[row.pk]) == []
    row.refresh_from_db()
    assert row.sent_at is not None
    assert (row.attempts, row.last_error) == (2, "")
    assert len(mailoutbox) == 1


def test_an_e_mail_already_sent_is_not_sent_again(wirral, wirral_lead, mailoutbox) -> None:
    with committed():
        send(council=wirral)
    row = Notification.objects.get()

    assert notifications_send(notification_ids=[row.pk]) == []
    assert len(mailoutbox) == 1


def test_on_a_worker_refused_e_mails_are_tried_again_later(
    wirral, wirral_lead, monkeypatch
) -> None:
    from celery.exceptions import Retry

    from notifications.tasks import notifications_send_task

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    send(council=wirral)  # recorded; the test's transaction never commits, so nothing is sent
    row = Notification.objects.get()
    retried: list[dict] = []

    def retry(**kwargs):
        retried.append(kwargs)
        return Retry()

    monkeypatch.setattr(notifications_send_task, "retry", retry)
    notifications_send_task.push_request(is_eager=False, retries=2)
    try:
        with pytest.raises(Retry):
            notifications_send_task.run([row.pk])
    finally:
        notifications_send_task.pop_request()
    assert retried == [{"args": ([row.pk],), "countdown": 240}]


def test_a_region_wide_kind_reaches_every_role_and_given_users_narrow_it(
    wirral, wirral_lead, sefton_lead, board_member, regional_admin, mailoutbox
) -> None:
    with committed():
        everyone = send(kind=Kind.REGIONAL_ACCOUNT_PUBLISHED, key="regional-account:1")
        only = send(
            kind=Kind.RETURN_FILE_CHECKED, key="upload:1", council=wirral, users=[wirral_lead]
        )

    assert {u.email for u in everyone} == {
        "wendy.lead@wirral.example",
        "sam.lead@sefton.example",
        "bob.board@nwadass.example",
        "alex.admin@nwadass.example",
    }
    assert [u.email for u in only] == ["wendy.lead@wirral.example"]


def test_inactive_people_and_people_without_an_address_are_left_out(
    wirral, wirral_lead, mailoutbox
) -> None:
    make_user("gone.lead@wirral.example", Role.PERFORMANCE_LEAD, wirral, is_active=False)

    with committed():
        sent = send(council=wirral)

    assert [u.email for u in sent] == ["wendy.lead@wirral.example"]


def test_the_kinds_offered_follow_the_roles(
    wirral_lead, wirral_director, board_member, planning_group_member
) -> None:
    # An invitation or a new role is always e-mailed, so it is not offered as a choice.
    assert kinds_for(wirral_lead) == [kind for kind in Kind if kind not in ALWAYS_SENT]
    assert Kind.RETURN_FILE_CHECKED not in kinds_for(wirral_director)
    assert Kind.CONCERN_SHARED in kinds_for(wirral_director)
    assert kinds_for(board_member) == [Kind.REGIONAL_ACCOUNT_PUBLISHED]
    assert kinds_for(planning_group_member) == [Kind.REGIONAL_ACCOUNT_PUBLISHED]


def test_saving_preferences_ignores_kinds_not_offered(board_member) -> None:
    saved = notification_preferences_save(user=board_member, enabled=[Kind.RETURN_ACCEPTED.value])

    assert saved == {Kind.REGIONAL_ACCOUNT_PUBLISHED: False}
    assert list(
        NotificationPreference.objects.filter(user=board_member).values_list("kind", "enabled")
    ) == [(Kind.REGIONAL_ACCOUNT_PUBLISHED.value, False)]
