"""Demonstration notification preferences and e-mails: the Wirral performance lead has
turned one kind of e-mail off, and every demonstration user has a few e-mails in their list of
recent e-mails. Safe to load twice."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from notifications.models import Kind, Notification, NotificationPreference
from returns.models import Period

DEMO_DOMAIN = "@demo.nwsli.org.uk"
COUNCIL_USERS = {
    "wirral.lead": "wirral",
    "wirral.director": "wirral",
    "sefton.lead": "sefton",
}


def notifications_demo_load() -> None:
    """Preferences and recent e-mails for the demonstration users (idempotent)."""
    users = {
        user.email.removesuffix(DEMO_DOMAIN): user
        for user in User.objects.filter(email__endswith=DEMO_DOMAIN)
    }
    lead = users.get("wirral.lead")
    if lead is not None:
        NotificationPreference.objects.get_or_create(
            user=lead, kind=Kind.REGIONAL_ACCOUNT_PUBLISHED, defaults={"enabled": False}
        )
    period = Period.objects.order_by("-year", "-quarter").first()
    councils = {c.slug: c for c in Council.objects.filter(slug__in=set(COUNCIL_USERS.values()))}
    for name, user in users.items():
        slug = COUNCIL_USERS.get(name)
        if slug and period and slug in councils:
            council = councils[slug]
            path = reverse("returns:detail", args=[council.slug, period.slug])
            _sent(
                user,
                Kind.RETURN_DEADLINE_APPROACHING,
                f"demo:period:{period.pk}:7d",
                f"Reminder: {council.name}'s {period.label} return is due on "
                f"{period.deadline:%-d %B %Y}",
                path,
                days_ago=9,
            )
            _sent(
                user,
                Kind.RETURN_DEADLINE_APPROACHING,
                f"demo:period:{period.pk}:1d",
                f"Reminder: {council.name}'s {period.label} return is due on "
                f"{period.deadline:%-d %B %Y}",
                path,
                days_ago=3,
            )
        else:
            _sent(
                user,
                Kind.REGIONAL_ACCOUNT_PUBLISHED,
                "demo:regional-account",
                "The Regional Account has been published",
                reverse("reports:list"),
                days_ago=14,
            )


def _sent(user: User, kind: Kind, key: str, subject: str, path: str, *, days_ago: int) -> None:
    """An e-mail as if sent ``days_ago`` days ago (recorded as sent: nothing goes out now)."""
    when = timezone.now() - datetime.timedelta(days=days_ago)
    row, created = Notification.objects.get_or_create(
        user=user,
        kind=kind,
        key=key,
        defaults={"subject": subject, "paragraphs": [subject], "path": path, "sent_at": when},
    )
    if created:
        Notification.objects.filter(pk=row.pk).update(created_at=when, attempts=1)
