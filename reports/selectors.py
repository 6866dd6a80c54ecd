"""Reads for the Regional Account pages. Access is decided by accounts.access: published
versions for every signed-in role, drafts (queued, rendering, rendered, failed, withdrawn) for
the Planning Group and the administrator only; a draft is a 404 to anyone else. Fixed query
counts."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import access
from accounts.access import AnyUser
from reports.assembly import (
    KeyMessageView,
    NoAccountData,
    RegionalAccountData,
    account_assemble,
    scope_resolve,
    years_with_data,
)
from reports.models import RegionalAccount, Status, Topic
from sli_portal.financial_years import year_label


@dataclass(frozen=True)
class AccountList:
    published: list[RegionalAccount]
    drafts: list[RegionalAccount]
    latest: RegionalAccount | None
    may_produce: bool
    may_request: bool
    # Years whose key messages and regional summary the user may read on the web.
    key_message_years: list[tuple[int, str]]


def account_list(*, fetched_by: AnyUser) -> AccountList:
    """Published versions for every signed-in role, newest first; the Planning Group and the
    administrator also see every other version; board members, the Planning Group and the
    administrator the years whose key messages they can read. Three queries."""
    if not access.can_download_published_regional_account(fetched_by):
        raise PermissionDenied
    may_produce = bool(access.can_produce_regional_account(fetched_by))
    may_request = bool(access.can_request_regional_account(fetched_by))
    versions = RegionalAccount.objects.select_related(
        "generated_by", "published_by", "up_to"
    ).order_by("-year", "-number")
    if not may_request:
        versions = versions.filter(status=Status.PUBLISHED)
    rows = list(versions)
    published = [v for v in rows if v.status == Status.PUBLISHED]
    latest = max(published, key=lambda v: (v.published_at, v.pk), default=None)
    return AccountList(
        published=published,
        drafts=[v for v in rows if v.status != Status.PUBLISHED],
        latest=latest,
        may_produce=may_produce,
        may_request=may_request,
        key_message_years=(
            [(y, year_label(y)) for y in years_with_data()]
            if access.can_read_key_messages(fetched_by)
            else []
        ),
    )


def account_get(*, pk: int, fetched_by: AnyUser) -> RegionalAccount:
    """One version the user may see: 403 for a role that may see none, 404 for a draft shown to
    anyone but the Planning Group and the administrator (as another council's draft would be).
    One query."""
    if not access.can_download_published_regional_account(fetched_by):
        raise PermissionDenied
    try:
        account = RegionalAccount.objects.select_related(
            "generated_by", "published_by", "withdrawn_by", "up_to"
        ).get(pk=pk)
    except RegionalAccount.DoesNotExist as exc:
        raise Http404 from exc
    if not access.may_see_regional_account(fetched_by, published=account.is_published):
        raise Http404
    return account


def latest_published_get(*, fetched_by: AnyUser) -> RegionalAccount:
    """The version behind the stable URL: the most recently published one."""
    if not access.can_download_published_regional_account(fetched_by):
        raise PermissionDenied
    account = RegionalAccount.objects.latest_published()
    if account is None:
        raise Http404
    return account


def year_choices() -> list[tuple[str, str]]:
    """Financial years with something published to make an Account from, newest first."""
    return [(str(y), year_label(y)) for y in years_with_data()]


@dataclass(frozen=True)
class KeyMessagesPage:
    account: RegionalAccountData
    may_edit: bool
    published: RegionalAccount | None


def key_messages_get(*, year: int, fetched_by: AnyUser) -> KeyMessagesPage:
    """The key messages and regional summary of ``year``'s Account, as the next version would
    print them, with the year's latest published version if there is one. 403 for a role that
    may not read them, 404 for a year with nothing to make an Account from. The Account's
    fixed number of queries, and two more."""
    if not access.can_read_key_messages(fetched_by):
        raise PermissionDenied
    try:
        data = account_assemble(scope=scope_resolve(year=year))
    except NoAccountData as exc:
        raise Http404 from exc
    return KeyMessagesPage(
        account=data,
        may_edit=bool(access.can_edit_key_messages(fetched_by)),
        published=RegionalAccount.objects.published()
        .filter(year=year)
        .order_by("-published_at", "-pk")
        .first(),
    )


def key_message_get(*, year: int, topic: str, fetched_by: AnyUser) -> KeyMessageView:
    """One key message of ``year``'s Account for the Planning Group to edit: 403 for anyone
    else, 404 for an unknown topic or a year with nothing to make an Account from."""
    if not access.can_edit_key_messages(fetched_by):
        raise PermissionDenied
    if topic not in Topic.values:
        raise Http404
    try:
        data = account_assemble(scope=scope_resolve(year=year))
    except NoAccountData as exc:
        raise Http404 from exc
    message: KeyMessageView = next(m for m in data.key_messages if m.topic == topic)
    return message
