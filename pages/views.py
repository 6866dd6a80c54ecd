from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe

from accounts import access
from pages.selectors import home_get


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", home_get(fetched_by=request.user))


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
