"""Pages of the ``selfassessment`` app. ``reviews``: the index and the administrator's set-up of
thematic reviews; ``assessments``: a council's self-assessment, its answers and evidence files,
submission, sign-off and reopening. (Moderation and the regional report are in ``report``.)

Thin views: access (accounts.access only), then form, then service, then redirect.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS


def error_list(form: forms.Form | None, *, anchor: str) -> list[dict[str, str]]:
    """A form's errors for the GOV.UK error summary, each linked to the first input of its
    field (the first radio of a group, the day of a date); errors about the whole form link to
    ``anchor``, the form's section."""
    if form is None or not form.is_bound:
        return []
    errors = [{"message": str(m), "href": f"#{anchor}"} for m in form.non_field_errors()]
    for name, messages_ in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        bound = form[name]
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            href = f"#{bound.auto_id}_1"
        elif isinstance(widget, forms.MultiWidget):
            href = f"#{bound.auto_id}_0"
        else:
            href = f"#{bound.auto_id}"
        errors += [{"message": str(m), "href": href} for m in messages_]
    return errors
