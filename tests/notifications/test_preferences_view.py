"""The preferences page: the kinds of e-mail that apply to the person, with a hint each; saving
shows a success banner; the last 20 e-mails sent to them; a fixed number of queries."""

import pytest
from django.urls import reverse

from notifications.models import ALWAYS_SENT, Kind, Notification, NotificationPreference

pytestmark = pytest.mark.django_db

URL = "/notifications/"
CHOOSABLE = [kind for kind in Kind if kind not in ALWAYS_SENT]


def test_the_url_keeps_its_name() -> None:
    assert reverse("notifications:preferences") == URL


def test_anonymous_is_sent_to_sign_in(client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_council_lead_sees_every_kind_ticked_with_its_hint(client_for, wirral_lead) -> None:
    response = client_for(wirral_lead).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose which e-mails you receive" in html or "Send me an e-mail when" in html
    for kind in CHOOSABLE:
        assert kind.label.replace("'", "&#x27;") in html
    # An invitation or a new role is always e-mailed, so it is not offered as a choice.
    assert Kind.ROLE_GIVEN.label not in html
    assert html.count('checked="checked"') == len(CHOOSABLE)
    assert "7 days and 1 day before your council&#x27;s quarterly return is due" in html
    assert "No e-mails have been sent to you yet." in html


def test_a_board_member_is_offered_only_the_regional_account(client_for, board_member) -> None:
    html = client_for(board_member).get(URL).content.decode()

    assert Kind.REGIONAL_ACCOUNT_PUBLISHED.label in html
    assert "quarterly return" not in html


def test_saving_turns_kinds_off_and_shows_a_success_banner(client_for, wirral_lead) -> None:
    client = client_for(wirral_lead)
    keep = [k.value for k in CHOOSABLE if k != Kind.REGIONAL_ACCOUNT_PUBLISHED]

    response = client.post(URL, {"kinds": keep}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert "govuk-notification-banner--success" in html
    assert "Your e-mail choices have been saved" in html
    assert html.count('checked="checked"') == len(CHOOSABLE) - 1
    assert list(
        NotificationPreference.objects.filter(user=wirral_lead, enabled=False).values_list(
            "kind", flat=True
        )
    ) == [Kind.REGIONAL_ACCOUNT_PUBLISHED.value]


def test_clearing_every_box_is_a_valid_choice(client_for, wirral_director) -> None:
    response = client_for(wirral_director).post(URL, {})

    assert response.status_code == 302
    assert not NotificationPreference.objects.filter(user=wirral_director, enabled=True).exists()


def test_a_kind_not_offered_is_refused_with_a_message_and_nothing_saved(
    client_for, board_member
) -> None:
    response = client_for(board_member).post(URL, {"kinds": [Kind.RETURN_ACCEPTED.value]})

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Select only the e-mails listed" in html
    assert not NotificationPreference.objects.exists()


def test_the_last_20_e_mails_sent_are_listed_newest_first(client_for, wirral_lead) -> None:
    for n in range(25):
        Notification.objects.create(
            user=wirral_lead,
            kind=Kind.RETURN_ACCEPTED,
            key=f"return:{n}",
            subject=f"E-mail number {n:02d}",
            path="/returns/",
        )

    html = client_for(wirral_lead).get(URL).content.decode()

    assert "E-mail number 24" in html
    assert "E-mail number 05" in html
    assert "E-mail number 04" not in html
    assert html.index("E-mail number 24") < html.index("E-mail number 23")


def test_other_peoples_e_mails_are_not_listed(client_for, wirral_lead, sefton_lead) -> None:
    Notification.objects.create(
        user=sefton_lead, kind=Kind.RETURN_ACCEPTED, key="return:1", subject="Sefton's e-mail"
    )

    html = client_for(wirral_lead).get(URL).content.decode()

    assert "Sefton&#x27;s e-mail" not in html


def test_put_is_refused(client_for, wirral_lead) -> None:
    assert client_for(wirral_lead).put(URL).status_code == 405


@pytest.mark.parametrize("rows", [1, 40])
def test_the_page_reads_a_fixed_number_of_queries(
    client_for, wirral_lead, django_assert_max_num_queries, rows
) -> None:
    for n in range(rows):
        Notification.objects.create(
            user=wirral_lead, kind=Kind.RETURN_ACCEPTED, key=f"return:{n}", subject=f"E-mail {n}"
        )
    NotificationPreference.objects.create(user=wirral_lead, kind=Kind.CONCERN_SHARED, enabled=False)
    client = client_for(wirral_lead)

    with django_assert_max_num_queries(8):
        response = client.get(URL)

    assert response.status_code == 200
