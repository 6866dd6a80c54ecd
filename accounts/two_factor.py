"""Two-factor sign-in: an authenticator app (TOTP) and single-use backup codes.

A person has two-factor sign-in on when they have a confirmed authenticator device. The set-up
device stays unconfirmed until they type a code from the app, so a half-finished set-up never
asks for a code at sign-in.
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import AnyUser
from accounts.models import User

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def has_two_factor(user: User) -> bool:
    return user.is_authenticated and bool(user_has_device(user, confirmed=True))


def signed_in_fully(user: AnyUser) -> bool:
    """Signed in, and with a code too when the person has two-factor sign-in on (django-otp's
    middleware gives the user ``is_verified``)."""
    if not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified()) or not user_has_device(user, confirmed=True)


def setup_device_for(user: User) -> TOTPDevice:
    """The unconfirmed authenticator device being set up, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth URL as a QR code: SVG markup for the page, no script, no style attribute."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg: str = image.to_string(encoding="unicode")
    return svg.replace(
        "<svg ",
        '<svg class="app-qr-code" role="img" focusable="false" '
        'aria-label="QR code to scan with your authenticator app" ',
        1,
    )


@transaction.atomic
def two_factor_confirm(*, user: User, device: TOTPDevice) -> list[str]:
    """Switch two-factor sign-in on with ``device``; return new backup codes (shown once)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_replace(user=user)


@transaction.atomic
def backup_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_turn_off(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def backup_codes_left(user: User) -> int:
    left: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return left


def throttled_until(user: User) -> str | None:
    """When a device refuses codes for a while after several wrong ones, the time it will take
    them again (HH:MM:SS, local time); None otherwise (after one or two wrong codes the wait is
    a second or two, shorter than it takes a person to type the next code)."""
    from django.utils import timezone

    for device in devices_for_user(user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("failure_count", 0) >= 3 and data.get("locked_until"):
            return timezone.localtime(data["locked_until"]).strftime("%H:%M:%S")
    return None
