from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import access
from pages.selectors import home_get, your_council_get


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    template, context = home_get(fetched_by=request.user, today=timezone.localdate())
    return render(request, template, context)


@require_safe
@login_required
def your_council(request: HttpRequest) -> HttpResponse:
    """The council's own area: concerns shared with it, its risk assessments and self-checks.
    Council users only (the self-check is theirs alone, MoU 2.1 h)."""
    if not access.may_act_at_all(request.user, "self_check"):
        raise PermissionDenied
    today = timezone.localdate()
    councils = your_council_get(fetched_by=request.user, today=today)
    return render(request, "pages/your_council.html", {"councils": councils, "today": today})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {
        "ask": access.who_grants_access(request.user),
        "contact": settings.SIGN_IN_HELP_CONTACT,
    }
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("500.html").render())
