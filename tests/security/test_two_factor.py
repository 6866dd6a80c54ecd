"""Two-factor sign-in: setting it up, signing in with a code, backup codes, turning it off, the
admin, and the rule that makes it required for regional roles."""

import re
from urllib.parse import urlencode, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def no_throttle(settings) -> None:
    """Codes entered in quick succession in a test are not slowed down by django-otp."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def planner_with_app(planning_group_member):
    device = two_factor.setup_device_for(planning_group_member)
    codes = two_factor.two_factor_confirm(user=planning_group_member, device=device)
    device.refresh_from_db()
    return planning_group_member, device, codes


def _password_step(client, user, next_url: str = ""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Setting it up --------------------------------------------------------------------------


def test_set_up_shows_the_key_as_text_and_a_qr_code(client_for, planning_group_member) -> None:
    response = client_for(planning_group_member).get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=planning_group_member, confirmed=False)
    assert two_factor.secret_for_display(device) in html
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.DOTALL).group(0)
    assert 'role="img"' in svg
    assert "aria-label=" in svg
    assert "style" not in svg
    assert "<script" not in svg
    assert "<path" in svg


def test_the_same_set_up_key_is_kept_until_confirmed(client_for, planning_group_member) -> None:
    client = client_for(planning_group_member)
    client.get(reverse("accounts:two_factor_setup"))
    client.get(reverse("accounts:two_factor_setup"))
    assert TOTPDevice.objects.filter(user=planning_group_member).count() == 1


def test_a_right_code_turns_it_on_and_shows_backup_codes_once(
    client_for, planning_group_member
) -> None:
    client = client_for(planning_group_member)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=planning_group_member)
    response = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    status = client.get(response["Location"]).content.decode()
    assert "Two-factor sign-in is <strong>on</strong>" in status
    codes = StaticToken.objects.filter(device__user=planning_group_member)
    assert codes.count() == two_factor.BACKUP_CODE_COUNT
    assert all(code.token in status for code in codes)
    again = client.get(reverse("accounts:two_factor")).content.decode()
    assert not any(code.token in again for code in codes)
    assert f"{two_factor.BACKUP_CODE_COUNT} backup codes left" in again


def test_a_wrong_code_does_not_turn_it_on(client_for, planning_group_member) -> None:
    client = client_for(planning_group_member)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert response.status_code == 400
    assert "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=planning_group_member).confirmed
    assert not two_factor.has_two_factor(planning_group_member)


def test_only_regional_roles_may_use_it(client_for, wirral_lead, board_member, client) -> None:
    for user in (wirral_lead, board_member):
        for name in ("accounts:two_factor", "accounts:two_factor_setup"):
            assert client_for(user).get(reverse(name)).status_code == 403
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 302


def test_footer_links_to_it_for_regional_roles_only(
    client_for, planning_group_member, wirral_lead
) -> None:
    link = f'href="{reverse("accounts:two_factor")}"'
    assert link in client_for(planning_group_member).get(reverse("pages:home")).content.decode()
    assert link not in client_for(wirral_lead).get(reverse("pages:home")).content.decode()


# --- Signing in -----------------------------------------------------------------------------


def test_without_a_device_the_password_is_enough(client, planning_group_member) -> None:
    assert _password_step(client, planning_group_member).status_code == 302
    assert _signed_in(client)


def test_with_a_device_the_password_alone_does_not_sign_in(client, planner_with_app) -> None:
    user, device, _ = planner_with_app
    response = _password_step(client, user)
    assert response["Location"] == reverse("accounts:two_factor_verify")
    assert not _signed_in(client)
    page = client.get(reverse("accounts:two_factor_verify"))
    assert "Enter the code from your authenticator app" in page.content.decode()
    assert client.get(reverse("returns:list")).status_code == 302  # still signed out


def test_a_wrong_code_does_not_sign_in(client, planner_with_app) -> None:
    user, device, _ = planner_with_app
    _password_step(client, user)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The code is not right" in html
    assert not _signed_in(client)


def test_the_right_code_signs_in_verified_and_goes_on(client, planner_with_app) -> None:
    user, device, _ = planner_with_app
    _password_step(client, user, next_url=reverse("triggers:review"))
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("triggers:review")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_backup_code_works_once(client, planner_with_app, no_throttle) -> None:
    user, _, codes = planner_with_app
    _password_step(client, user)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 302
    client.post(reverse("accounts:logout"))
    _password_step(client, user)
    reused = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert reused.status_code == 400
    assert not _signed_in(client)


def test_the_code_step_needs_the_password_step_first(client) -> None:
    response = client.get(reverse("accounts:two_factor_verify"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_the_code_step_expires(client, planner_with_app, monkeypatch) -> None:
    user, device, _ = planner_with_app
    _password_step(client, user)
    import accounts.views

    later = accounts.views.time.time() + accounts.views.PENDING_SECONDS + 1
    monkeypatch.setattr(accounts.views.time, "time", lambda: later)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    assert response["Location"] == reverse("accounts:login")
    assert not _signed_in(client)


def test_wrong_codes_are_throttled_then_locked(client, planner_with_app, settings) -> None:
    user, device, _ = planner_with_app
    _password_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("accounts:two_factor_verify"), {"code": "111111"})
        assert response.status_code == 400
    locked = client.post(reverse("accounts:two_factor_verify"), {"code": "111111"})
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    # The password step is locked too now.
    assert _password_step(client, user).status_code == 429
    assert not _signed_in(client)


def test_after_several_wrong_codes_even_the_right_one_waits(client, planner_with_app) -> None:
    """django-otp doubles the wait after each wrong code; the page says until when."""
    user, device, _ = planner_with_app
    device.throttling_failure_count = 4
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    _password_step(client, user)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 400
    assert "Too many wrong codes. Wait until" in response.content.decode()
    assert not _signed_in(client)


# --- Turning it off ---------------------------------------------------------------------------


def test_turning_off_needs_a_current_code(client_for, planner_with_app, no_throttle) -> None:
    user, device, _ = planner_with_app
    client = client_for(user)
    wrong = client.post(reverse("accounts:two_factor_disable"), {"code": "999999"})
    assert wrong.status_code == 400
    assert "The code is not right" in wrong.content.decode()
    assert two_factor.has_two_factor(user)
    right = client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device)})
    assert right.status_code == 302
    assert not two_factor.has_two_factor(user)
    assert not StaticToken.objects.filter(device__user=user).exists()


# --- Required for regional roles --------------------------------------------------------------


def test_when_required_regional_roles_without_a_device_are_sent_to_set_one_up(
    client, planning_group_member, wirral_lead, settings
) -> None:
    settings.OTP_REQUIRED_FOR_REGIONAL = True
    response = _password_step(client, planning_group_member)
    assert urlparse(response["Location"]).path == reverse("accounts:two_factor_setup")
    assert _password_step(client_for_lead := type(client)(), wirral_lead)["Location"] == reverse(
        "pages:home"
    )
    assert client_for_lead.session["_auth_user_id"] == str(wirral_lead.pk)


def test_when_required_no_other_page_opens_until_it_is_set_up(
    client_for, planning_group_member, settings
) -> None:
    settings.OTP_REQUIRED_FOR_REGIONAL = True
    client = client_for(planning_group_member)
    for url in (reverse("pages:home"), reverse("triggers:review"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:two_factor_setup") + "?" + urlencode(
            {"next": url}
        )
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    device = two_factor.setup_device_for(planning_group_member)
    set_up = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(device)})
    assert set_up.status_code == 302
    assert client.get(reverse("triggers:review")).status_code == 200


def test_when_not_required_regional_roles_go_anywhere_without_it(
    client_for, planning_group_member
) -> None:
    assert client_for(planning_group_member).get(reverse("triggers:review")).status_code == 200


# --- The admin ----------------------------------------------------------------------------------


def test_the_admin_needs_a_verified_session_from_someone_with_a_device(
    client, regional_admin
) -> None:
    device = two_factor.setup_device_for(regional_admin)
    two_factor.two_factor_confirm(user=regional_admin, device=device)
    client.force_login(regional_admin)  # a password-only session
    refused = client.get(reverse("admin:index"), follow=True)
    assert refused.redirect_chain[-1][0].startswith(reverse("accounts:two_factor_verify"))
    device.refresh_from_db()
    verified = client.post(refused.redirect_chain[-1][0], {"code": code_for(device)}, follow=True)
    assert verified.redirect_chain[-1][0] == reverse("admin:index")
    assert verified.status_code == 200


def test_the_admin_sign_in_page_sends_people_to_the_portal_sign_in(client) -> None:
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_admin_still_works_without_a_device(client_for, regional_admin) -> None:
    assert client_for(regional_admin).get(reverse("admin:index")).status_code == 200
