"""Reads for the Regional Account pages. Access is decided by accounts.access: published
versions for every signed-in role, drafts (queued, rendering, rendered, failed, withdrawn) for
the Planning Group and the administrator only; a draft is a 404 to anyone else. Fixed query
counts."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import access
from accounts.access import AnyUser
from reports.assembly import years_with_data
from reports.models import RegionalAccount, Status
from sli_portal.financial_years import year_label


@dataclass(frozen=True)
class AccountList:
    published: list[RegionalAccount]
    drafts: list[RegionalAccount]
    latest: RegionalAccount | None
    may_produce: bool
    may_request: bool


def account_list(*, fetched_by: AnyUser) -> AccountList:
    """Published versions for every signed-in role, newest first; the Planning Group and the
    administrator also see every other version. Two queries."""
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
