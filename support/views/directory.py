"""The regional excellence directory of Table 1 (MoU 2.1 c, f): the search every signed-in
user can use, an entry's page, a council's own entries with their drafts, the portal's
suggestions and the Planning Group's endorsement.

Thin views: access (accounts.access only), then form, then service, then redirect.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from authorities.models import Council
from sli_portal.financial_years import financial_year_of, year_label
from support import selectors, services
from support.forms import DirectorySearchForm, StrengthEntryFilterForm, StrengthEntryForm
from support.models import StrengthEntry
from support.services import StrengthSuggestion, SupportRefused
from support.services.directory import ARCHIVED_LOCKED


def _entry(pk: int, **lookup: Any) -> StrengthEntry:
    entry = (
        StrengthEntry.objects.select_related("council", "endorsed_by")
        .prefetch_related("measures")
        .filter(pk=pk, **lookup)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def _council(request: HttpRequest, slug: str) -> Council:
    """A council whose entries the user writes: its own users and the administrator; 404 for
    another council's users, 403 for roles that never write entries."""
    return access.get_council_or_404(request.user, action="publish_strength", slug=slug)


def _year() -> int:
    return financial_year_of(timezone.localdate())


@login_required
@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    entries = selectors.strength_directory_search(fetched_by=request.user, **filters)
    own = Council.objects.filter(pk__in=access.councils_of(request.user)).order_by("name")
    return render(
        request,
        "support/directory.html",
        {
            "form": form,
            "entries": entries,
            "searched": bool(request.GET),
            "own_councils": [c for c in own if access.can_publish_strength(request.user, c)],
        },
    )


@login_required
@require_safe
def every_strength(request: HttpRequest) -> HttpResponse:
    """Every council's entries in every state, for the administrator."""
    if not access.can_view_every_strength(request.user):
        raise PermissionDenied
    form = StrengthEntryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    entries = selectors.strength_entry_list(fetched_by=request.user, **filters)
    return render(
        request,
        "support/every_strength.html",
        {"form": form, "entries": entries, "filtered": any(filters.values())},
    )


@login_required
@require_safe
def strength(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(pk)
    published = entry.status == StrengthEntry.Status.PUBLISHED
    if not access.may_see_strength(request.user, council_id=entry.council_id, published=published):
        raise Http404
    return render(
        request,
        "support/strength.html",
        {
            "entry": entry,
            "can_edit": access.can_publish_strength(request.user, entry.council)
            and entry.status != StrengthEntry.Status.ARCHIVED,
            "can_endorse": access.can_endorse_strength(request.user)
            and published
            and not entry.is_endorsed,
        },
    )


@login_required
@require_POST
def strength_endorse(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_endorse_strength(request.user):
        raise PermissionDenied
    entry = _entry(pk, status=StrengthEntry.Status.PUBLISHED)
    try:
        services.strength_entry_endorse(entry=entry, endorsed_by=access.signed_in(request))
    except SupportRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, f"Endorsed {entry.council.name}'s entry \u201c{entry.topic}\u201d."
        )
    return redirect("support:strength", pk=entry.pk)


@login_required
@require_safe
def council_strengths(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council(request, slug)
    return render(
        request,
        "support/council_strengths.html",
        {"council": council, "entries": selectors.council_strength_entries(council=council)},
    )


def suggestion_key(suggestion: StrengthSuggestion) -> str:
    """A suggestion's key in a link: its kind and the measure, domain or standard it is on."""
    value = suggestion.measure_id or suggestion.domain or suggestion.standard_code
    return f"{suggestion.kind}:{value}"


def _suggestions(council: Council) -> dict[str, StrengthSuggestion]:
    return {
        suggestion_key(s): s for s in services.strength_suggestions(council=council, year=_year())
    }


@login_required
@require_safe
def strength_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council(request, slug)
    return render(
        request,
        "support/strength_suggestions.html",
        {
            "council": council,
            "suggestions": list(_suggestions(council).items()),
            "year_label": year_label(_year()),
        },
    )


def _prefill(suggestion: StrengthSuggestion, key: str) -> dict[str, Any]:
    return {
        "topic": suggestion.topic,
        "measures": [suggestion.measure_id] if suggestion.measure_id else [],
        "domains": [suggestion.domain] if suggestion.domain else [],
        "evidence": suggestion.reason,
        "suggestion": key,
    }


@login_required
@require_http_methods(["GET", "POST"])
def strength_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council(request, slug)
    key = (request.POST if request.method == "POST" else request.GET).get("suggestion", "")
    # The suggestion is worked out again here, never taken from the form, so the basis an
    # entry records is always the portal's own.
    suggestion = _suggestions(council).get(key) if key else None
    if request.method == "POST":
        form = StrengthEntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = services.strength_entry_create(
                    council=council,
                    topic=data["topic"],
                    description=data["description"],
                    contact_role=data["contact_role"],
                    measures=list(data["measures"]),
                    domains=data["domains"],
                    evidence=data["evidence"],
                    evidence_links=data["evidence_links"],
                    source=StrengthEntry.Source.SUGGESTION
                    if suggestion
                    else StrengthEntry.Source.COUNCIL,
                    suggestion_basis=suggestion.reason if suggestion else "",
                    created_by=access.signed_in(request),
                )
            except SupportRefused as refused:
                refused.show_on(form)
            else:
                messages.success(
                    request, f"Saved \u201c{entry.topic}\u201d as a draft. Publish it when ready."
                )
                return redirect("support:strength", pk=entry.pk)
    else:
        form = StrengthEntryForm(initial=_prefill(suggestion, key) if suggestion else None)
    return render(
        request,
        "support/strength_form.html",
        {"council": council, "form": form, "suggestion": suggestion, "entry": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def strength_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = _council(request, slug)
    entry = _entry(pk, council=council)
    if entry.status == StrengthEntry.Status.ARCHIVED:
        messages.error(request, ARCHIVED_LOCKED)
        return redirect("support:strength", pk=entry.pk)
    if request.method == "POST":
        form = StrengthEntryForm(request.POST, editing=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.strength_entry_update(
                    entry=entry,
                    topic=data["topic"],
                    description=data["description"],
                    contact_role=data["contact_role"],
                    measures=list(data["measures"]),
                    domains=data["domains"],
                    evidence=data["evidence"],
                    evidence_links=data["evidence_links"],
                    updated_by=access.signed_in(request),
                )
            except SupportRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, f"Saved the changes to \u201c{data['topic']}\u201d.")
                return redirect("support:strength", pk=entry.pk)
    else:
        form = StrengthEntryForm(initial=StrengthEntryForm.initial_for(entry), editing=True)
    return render(
        request,
        "support/strength_form.html",
        {"council": council, "form": form, "suggestion": None, "entry": entry},
        status=400 if form.errors else 200,
    )


def _change_status(request: HttpRequest, slug: str, pk: int, *, publish: bool) -> HttpResponse:
    council = _council(request, slug)
    entry = _entry(pk, council=council)
    by = access.signed_in(request)
    try:
        if publish:
            services.strength_entry_publish(entry=entry, published_by=by)
        else:
            services.strength_entry_archive(entry=entry, archived_by=by)
    except SupportRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"Published \u201c{entry.topic}\u201d: every signed-in user can now find it."
            if publish
            else f"Archived \u201c{entry.topic}\u201d: it is no longer in the directory.",
        )
    return redirect("support:strength", pk=entry.pk)


@login_required
@require_POST
def strength_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _change_status(request, slug, pk, publish=True)


@login_required
@require_POST
def strength_archive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _change_status(request, slug, pk, publish=False)
