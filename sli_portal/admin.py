"""The one read-only admin: records the services write (with their checks and history) are
shown in the admin, never added, changed or deleted there. And the admin of records that keep
their history (``HistoryAdmin[Model]``), which shows it."""

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

if TYPE_CHECKING:
    # django-simple-history publishes no types; its admin is a ModelAdmin with a history page.
    HistoryAdmin = admin.ModelAdmin
else:
    HistoryAdmin = SimpleHistoryAdmin

M = TypeVar("M", bound=Model)


class ReadOnlyMixin:
    """Put before the admin class: ``class X(ReadOnlyMixin, HistoryAdmin[Model])``."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin[M]):
    pass
