"""The admin's shared bases: the read-only admin (records the services write, with their checks
and history, are shown in the admin, never added, changed or deleted there) and the admin of a
model kept with history."""

from typing import Any, TypeVar

from django.contrib import admin
from django.db.models import ForeignKey, Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

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


class LabelledChanges(HistoricalRecordContextHelper):  # type: ignore[misc]  # django-simple-history is untyped
    """A history page's changes in words: a choice's label rather than its stored value, a
    related record's name rather than its id, Yes or No, and "(none)" for nothing."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "(none)"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, Model):
            return str(value)
        if isinstance(field, ForeignKey):
            related = field.related_model._default_manager.filter(pk=value).first()
            return str(related) if related is not None else f"(removed record {value})"
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin, admin.ModelAdmin[M]):  # type: ignore[misc]  # django-simple-history is untyped
    """The admin of a model kept with history: django-simple-history's, with the model's type,
    its history page naming choices and related records in words."""

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: Any
    ) -> LabelledChanges:
        return LabelledChanges(self.model, historical_record)
