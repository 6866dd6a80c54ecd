"""Council records as a user may have them: a queryset narrowed to the councils they may act
for, one record or council fetched for an action (a 404 for another council's, a 403 for a role
that may not), the signed-in user of a view and its request's type, and the log of who saw what confidential record."""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.access.roles import AnyUser, council_ids_for, may_act_at_all, may_act_for
from accounts.models import AccessLog, User
from authorities.models import Council

M = TypeVar("M", bound=Model)


def scope_to_councils(
    queryset: QuerySet[M], user: AnyUser, *, action: str, council_field: str = "council"
) -> QuerySet[M]:
    """Narrow a queryset of council records to those the user may do ``action`` for."""
    ids = council_ids_for(user, action)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{council_field}__in": ids})


def get_council_record_or_404(
    queryset: QuerySet[M],
    user: AnyUser,
    *,
    action: str,
    view_action: str = "view_return",
    council_field: str = "council",
    **lookup: Any,
) -> M:
    """Fetch one council record for ``action``.

    404 when the user may not even see it (another council's draft), 403 when they may see it
    but not do ``action`` (a read-only role), 403 for a role that never sees such records.
    """
    if not may_act_at_all(user, view_action):
        raise PermissionDenied
    visible = scope_to_councils(queryset, user, action=view_action, council_field=council_field)
    record = get_object_or_404(visible, **lookup)
    council_id = _council_id(record, council_field)
    if action != view_action and not may_act_for(user, action, council_id):
        raise PermissionDenied
    return record


def get_council_or_404(user: AnyUser, *, action: str, slug: str) -> Council:
    """A council the user may do ``action`` for, addressed by its slug."""
    if not may_act_at_all(user, action):
        raise PermissionDenied
    council = get_object_or_404(Council.objects.select_related("sub_region"), slug=slug)
    if not may_act_for(user, action, council):
        raise Http404
    return council


def _council_id(record: Model, council_field: str) -> int:
    value: Any = record
    for part in council_field.split("__"):
        value = getattr(value, part)
    return value.pk if isinstance(value, Model) else int(value)


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind ``login_required`` receives, whose ``user`` is a signed-in
    portal :class:`~accounts.models.User`. An annotation only: Django passes the ordinary
    request, and ``login_required`` is what makes the annotation true."""

    user: User


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required``."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def log_view(
    user: AnyUser, record: Model, *, council: Council | None, action: str = "viewed"
) -> None:
    """Record that ``user`` saw or downloaded a confidential record (concerns, risk
    assessments, internal commentary): who, what and when."""
    AccessLog.objects.create(
        user=user if isinstance(user, User) else None,
        action=action,
        record_type=record._meta.label,
        record_id=str(record.pk),
        council=council,
    )


def log_views(user: AnyUser, records: Iterable[Model], *, action: str = "listed") -> None:
    """Record that ``user`` saw each of ``records`` on a list page, as :func:`log_view` records
    one, in a single query so the page's query count stays fixed. Each record's council is read
    from its ``council_id``."""
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=user if isinstance(user, User) else None,
                action=action,
                record_type=record._meta.label,
                record_id=str(record.pk),
                council_id=getattr(record, "council_id", None),
            )
            for record in records
        ]
    )
