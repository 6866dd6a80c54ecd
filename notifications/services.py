"""Writes for e-mail notifications: who receives an e-mail, recording it, and sending it.

:func:`notify` is the one way the portal e-mails a person. It picks the people whose roles the
kind is relevant to (for one council, or the whole region), leaves out those who turned the kind
off and those already e-mailed this (kind, key), and records each e-mail in the caller's
transaction. A worker sends them once that transaction commits (:func:`notifications_send`), so
a rolled-back change sends nothing, and a slow or unreachable mail server never holds up the
page that caused the e-mail.

E-mails say what happened, for which council and quarter, and link to the page; they never carry
confidential content (a concern's text, a judgement), only the link to where it can be read.
"""

import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.models import Membership, User
from authorities.models import Council
from notifications.models import (
    ALWAYS_SENT,
    KIND_ROLES,
    Kind,
    Notification,
    NotificationPreference,
)
from sli_portal.celery import send_after_commit

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """``path`` on the portal, as a link that works from an e-mail (``PORTAL_BASE_URL``)."""
    base: str = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def kinds_for(user: User) -> list[Kind]:
    """The kinds of e-mail relevant to the roles ``user`` holds that they may turn off, in the
    order of :class:`Kind`."""
    roles = {role for role, _ in access.memberships(user)}
    return [kind for kind in Kind if KIND_ROLES[kind] & roles and kind not in ALWAYS_SENT]


def preferences_of(user: User) -> dict[Kind, bool]:
    """Whether each kind relevant to ``user`` is on (the default) or turned off."""
    off = set(
        NotificationPreference.objects.filter(user=user, enabled=False).values_list(
            "kind", flat=True
        )
    )
    return {kind: kind not in off for kind in kinds_for(user)}


@transaction.atomic
def notification_preferences_save(*, user: User, enabled: Iterable[str]) -> dict[Kind, bool]:
    """Record ``user``'s choice for every kind relevant to them: the kinds in ``enabled`` on,
    the others off. Kinds not relevant to them are ignored. Returns the choice saved."""
    wanted = set(enabled)
    chosen = {kind: kind.value in wanted for kind in kinds_for(user)}
    for kind, on in chosen.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"enabled": on}
        )
    return chosen


def recipients_for(
    *, kind: Kind, council: Council | None = None, users: Iterable[User] | None = None
) -> list[User]:
    """Active people with an e-mail address who hold a role ``kind`` is relevant to (at
    ``council`` when given) and have not turned ``kind`` off; only those among ``users`` when
    given. Ordered by e-mail address."""
    memberships = Membership.objects.filter(role__in=sorted(KIND_ROLES[kind]))
    if council is not None:
        memberships = memberships.filter(council=council)
    people = User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).exclude(
        email=""
    )
    if kind not in ALWAYS_SENT:
        people = people.exclude(
            pk__in=NotificationPreference.objects.filter(kind=kind, enabled=False).values("user_id")
        )
    if users is not None:
        people = people.filter(pk__in=[user.pk for user in users])
    return list(people.order_by("email"))


def notify(
    *,
    kind: Kind,
    key: str,
    subject: str,
    paragraphs: Sequence[str],
    path: str,
    council: Council | None = None,
    users: Iterable[User] | None = None,
) -> list[User]:
    """Record an e-mail for everyone :func:`recipients_for` picks who has not already been
    e-mailed (``kind``, ``key``), and return them.

    The e-mails are recorded in the caller's transaction and handed to a worker when it commits
    (at once outside a transaction), so a change that rolls back e-mails nobody and two runs of
    a job e-mail each person once. ``paragraphs`` say what happened; the e-mail ends with a link
    to ``path``."""
    recorded: list[tuple[User, Notification]] = []
    for user in recipients_for(kind=kind, council=council, users=users):
        try:
            with transaction.atomic():
                row = Notification.objects.create(
                    user=user,
                    kind=kind,
                    key=key,
                    subject=subject[:300],
                    paragraphs=list(paragraphs),
                    path=path[:300],
                )
        except IntegrityError:  # already e-mailed, by this job's earlier run or another worker
            continue
        recorded.append((user, row))
    if recorded:
        from notifications.tasks import notifications_send_task

        send_after_commit(notifications_send_task, [row.pk for _, row in recorded])
    return [user for user, _ in recorded]


def notifications_send(*, notification_ids: Sequence[int]) -> list[int]:
    """Send each of these e-mails that has not been sent, and return the ids the mail server
    refused (counted, with the error, on each row, for the next try).

    Each row is locked while its e-mail goes, and only a row not yet sent is taken, so two
    workers never send the same e-mail and a job that runs twice sends nothing twice."""
    refused: list[int] = []
    for pk in notification_ids:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("user")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            row.attempts += 1
            try:
                _message(row).send()
            except Exception as exc:  # an unreachable mail server must not lose the others
                logger.exception("E-mail %s to %s could not be sent", row.pk, row.user.email)
                row.last_error = f"{type(exc).__name__}: {exc}"[:500]
                row.save(update_fields=["attempts", "last_error"])
                refused.append(pk)
                continue
            row.sent_at = timezone.now()
            row.last_error = ""
            row.save(update_fields=["attempts", "last_error", "sent_at"])
    return refused


def _message(row: Notification) -> EmailMultiAlternatives:
    user = row.user
    context = {
        "subject": row.subject,
        "name": user.first_name or user.get_full_name() or "colleague",
        "paragraphs": list(row.paragraphs),
        "url": absolute_url(row.path),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=render_to_string("email/notification.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("email/notification.html", context), "text/html")
    return message
