"""The one shape of a refusal: a service refuses a request with a message written for the person
who made it and, where the message is about one form field, that field's name. Each app names
its own kind (``PlanRefused``, ``ScorecardRefused``...), so a view catches only its own."""

from django import forms


class Refused(Exception):
    """A request the portal refuses: ``message`` for the person who made it, ``field`` the form
    field it is about (None when it is about the whole request)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def show_on(self, form: forms.Form, rename: dict[str, str] | None = None) -> None:
        """Show the refusal on ``form``: on the field it names (``rename`` maps the service's
        name to the form's where they differ), otherwise on the whole form."""
        name = (rename or {}).get(self.field or "", self.field)
        form.add_error(name if name in form.fields else None, self.message)
