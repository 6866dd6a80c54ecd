"""Reads for the notifications pages."""

from accounts.models import User
from notifications.models import Notification

RECENT_EMAILS = 20


def notification_list(*, fetched_by: User, limit: int = RECENT_EMAILS) -> list[Notification]:
    """The last ``limit`` e-mails to ``fetched_by``, sent or waiting to be sent, newest first
    (one query)."""
    return list(Notification.objects.filter(user=fetched_by).order_by("-created_at", "-pk")[:limit])
