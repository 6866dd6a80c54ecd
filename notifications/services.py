"""Writes for e-mail notifications: who receives an e-mail, the sent log, and the sending.

:func:`notify` is the one way the portal e-mails a person. It picks the people whose roles the
kind is relevant to (for one council, or the whole region), leaves out those who turned the kind
off and those already sent this (kind, key), records each e-mail in the sent log and sends it
only once the surrounding transaction commits: a rolled-back change sends nothing.

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

from accounts import access
from accounts.models import Membership, User
from authorities.models import Council
from notifications.models import KIND_ROLES, Kind, NotificationPreference, SentNotification

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """``path`` on the portal, as a link that works from an e-mail (``PORTAL_BASE_URL``)."""
    base: str = getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")
    return base.rstrip("/") + path


def kinds_for(user: User) -> list[Kind]:
    """The kinds of e-mail relevant to the roles ``user`` holds, in the order of :class:`Kind`."""
    roles = {role for role, _ in access.memberships(user)}
    return [kind for kind in Kind if KIND_ROLES[kind] & roles]


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
    people = (
        User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .exclude(email="")
        .exclude(
            pk__in=NotificationPreference.objects.filter(kind=kind, enabled=False).values("user_id")
        )
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
    """E-mail everyone :func:`recipients_for` picks who has not already been sent (``kind``,
    ``key``), and return them.

    Each e-mail is recorded in the sent log in the caller's transaction and sent when it
    commits (at once outside a transaction), so a change that rolls back sends nothing and two
    runs of a job send each e-mail once. If sending fails, its log row is removed so the next
    run tries again. ``paragraphs`` say what happened; the e-mail ends with a link to ``path``.
    """
    sent: list[tuple[User, SentNotification]] = []
    for user in recipients_for(kind=kind, council=council, users=users):
        try:
            with transaction.atomic():
                row = SentNotification.objects.create(
                    user=user, kind=kind, key=key, subject=subject[:300], path=path[:300]
                )
        except IntegrityError:  # already sent, by this job's earlier run or another worker
            continue
        sent.append((user, row))
    if sent:
        messages = [(row.pk, _message(user, subject, paragraphs, path)) for user, row in sent]
        transaction.on_commit(lambda: _send(messages))
    return [user for user, _ in sent]


def _message(
    user: User, subject: str, paragraphs: Sequence[str], path: str
) -> EmailMultiAlternatives:
    context = {
        "subject": subject,
        "name": user.first_name or user.get_full_name() or "colleague",
        "paragraphs": list(paragraphs),
        "url": absolute_url(path),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("email/notification.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("email/notification.html", context), "text/html")
    return message


def _send(messages: list[tuple[int, EmailMultiAlternatives]]) -> None:
    for row_id, message in messages:
        try:
            message.send()
        except Exception:  # an unreachable mail server must not lose the other e-mails
            logger.exception("E-mail %s to %s could not be sent", message.subject, message.to)
            SentNotification.objects.filter(pk=row_id).delete()
