"""Reads for the notifications pages."""

from django.db.models import QuerySet

from accounts.models import User
from notifications.models import SentNotification

RECENT_EMAILS = 20


def sent_notification_list(
    *, fetched_by: User, limit: int = RECENT_EMAILS
) -> list[SentNotification]:
    """The last ``limit`` e-mails sent to ``fetched_by``, newest first (one query)."""
    rows: QuerySet[SentNotification] = SentNotification.objects.filter(user=fetched_by)
    return list(rows.order_by("-sent_at", "-pk")[:limit])
