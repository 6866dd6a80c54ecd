"""The admin's shared bases: the read-only admin (records the services write, with their checks
and history, are shown in the admin, never added, changed or deleted there) and the admin of a
model kept with history."""

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

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


class HistoryAdmin(SimpleHistoryAdmin, admin.ModelAdmin[M]):  # type: ignore[misc]  # django-simple-history is untyped
    """The admin of a model kept with history: django-simple-history's, with the model's type."""
