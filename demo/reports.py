"""Demonstration data for the ``reports`` app, loaded by ``make run`` (see demo/build.py): one
published Regional Account for the last completed financial year (demo.calendar), rendered here
and now. Not rendered again while the data it was built from is unchanged (same manifest)."""

import datetime

from django.utils import timezone

from accounts.models import Membership, Role, User
from demo.calendar import demo_calendar
from reports.assembly import NoAccountData, Scope, account_assemble, manifest_digest, scope_resolve
from reports.models import KeyMessage, RegionalAccount, Status
from reports.services import (
    key_message_edit,
    regional_account_produce_now,
    regional_account_publish,
)


def demo_account_year(today: datetime.date | None = None) -> int:
    """The financial year of the demonstration's Regional Account: the last completed year on
    ``today`` (default: today), the latest whose four quarters have closed, so every council's
    returns for it are accepted. The scorecard demonstration publishes judgements and records
    Local Accounts for it; the self-assessment and support demonstrations put published
    findings, completed engagements and past events in it, so every section of the Account has
    something to show."""
    return demo_calendar(today or timezone.localdate()).last_completed_year


def key_messages_demo_write(*, scope: Scope, by: User) -> None:
    """The Planning Group's wording of each key message still the portal's draft, so that the
    demonstration's Account can be published: the draft, marked as demonstration wording."""
    writer = Membership.objects.filter(role=Role.PLANNING_GROUP).select_related("user").first()
    edited = set(KeyMessage.objects.filter(year=scope.year).values_list("topic", flat=True))
    for message in account_assemble(scope=scope).key_messages:
        if message.topic not in edited:
            key_message_edit(
                year=scope.year,
                topic=message.topic,
                draft=message.draft,
                text=f"{message.draft} (Demonstration wording.)",
                edited_by=writer.user if writer else by,
            )


def reports_demo_load(today: datetime.date | None = None) -> None:
    """The Regional Account for :func:`demo_account_year`, published. Idempotent: safe to
    rerun."""
    admin = Membership.objects.filter(role=Role.REGIONAL_ADMIN).select_related("user").first()
    if admin is None:
        return
    try:
        scope = scope_resolve(year=demo_account_year(today))
    except NoAccountData:
        return
    key_messages_demo_write(scope=scope, by=admin.user)
    digest = manifest_digest(account_assemble(scope=scope).manifest)
    same = RegionalAccount.objects.filter(
        year=scope.year,
        up_to__isnull=True,
        manifest_sha256=digest,
        status__in=[Status.RENDERED, Status.PUBLISHED],
    ).order_by("-number")
    if same.filter(status=Status.PUBLISHED).exists():
        return
    account = same.first() or regional_account_produce_now(year=scope.year, requested_by=admin.user)
    if account.status == Status.RENDERED:
        regional_account_publish(account=account, published_by=admin.user)
