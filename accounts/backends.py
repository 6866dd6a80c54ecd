"""Signing in by e-mail address: the sign-in form's "Email address" and password.

The address is matched in any mix of capitals, as the password reset matches it, whatever
the account's username (``createsuperuser`` asks for a username as well as an address).
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from accounts.models import User


class EmailAddressBackend(ModelBackend):
    """Django's model backend (permissions, active accounts only) with the e-mail address,
    not the username, as the name a person signs in with."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        try:
            user = User.objects.get(email__iexact=username.strip())
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            # Hash the password anyway, so an unknown address takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The name django-axes counts failed sign-ins under: the address in lower case, so
    changing its capitals does not earn an attacker more tries."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "data", request.POST).get("username")
    return raw.strip().lower() if isinstance(raw, str) else raw
