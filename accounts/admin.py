from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accounts.forms import PersonCreationForm
from accounts.models import Membership, User
from accounts.two_factor import signed_in_fully
from sli_portal.admin import HistoryAdmin


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["council"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    inlines = [MembershipInline]
    # Adding someone asks for the address they sign in with (their username is the same).
    add_form = PersonCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin[Membership]):
    list_display = ["user", "role", "council"]
    list_filter = ["role", "council"]
    autocomplete_fields = ["user", "council"]


# --- Two-factor sign-in and the admin ---------------------------------------------------------
# A person with two-factor sign-in on may use the admin only in a session verified with a code;
# the admin's own sign-in page (which knows no codes) sends everyone to the portal's.
_admin_has_permission = admin.site.has_permission


def _has_verified_permission(request: HttpRequest) -> bool:
    return _admin_has_permission(request) and signed_in_fully(request.user)


def _sign_in_through_the_portal(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    if signed_in_fully(request.user):
        raise PermissionDenied  # signed in properly, but not an administrator
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(next_url, reverse(settings.LOGIN_URL))


admin.site.has_permission = _has_verified_permission  # type: ignore[method-assign]  # the default site's, for two-factor
admin.site.login = _sign_in_through_the_portal  # type: ignore[method-assign]  # the default site's, for two-factor
