"""The preferences page: which e-mails a person receives, and the last ones to them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import access
from notifications.forms import NotificationPreferencesForm
from notifications.selectors import notification_list
from notifications.services import kinds_for, notification_preferences_save, preferences_of


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_choose_notifications(user):
        raise PermissionDenied
    kinds = kinds_for(user)
    current = preferences_of(user)
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None,
        kinds=kinds,
        initial={"kinds": [kind.value for kind, on in current.items() if on]},
    )
    if request.method == "POST" and form.is_valid():
        notification_preferences_save(user=user, enabled=form.cleaned_data["kinds"])
        messages.success(request, "Your e-mail choices have been saved")
        return redirect("notifications:preferences")
    recent = notification_list(fetched_by=user)
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "has_kinds": bool(kinds),
            "recent": recent,
            "email": user.email,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
