"""The Planning Group's pages for recording and publishing judgements and narratives, recording
Local Accounts, and the public list and copies of Local Accounts.

Thin views: access (accounts.access only), then form, then service, then redirect. The
judgements page's six forms are built at the foot of the module from a fixed number of queries
whatever the number of measures; the history is read by ``scorecard.selectors``.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.ratelimit import limit_uploads
from authorities.models import Council
from returns.models import Domain, Period
from returns.selectors import period_get
from scorecard import selectors, services
from scorecard.forms import JudgementForm, LocalAccountForm, NarrativeForm
from scorecard.models import Judgement, LocalAccount, Narrative, QualityStatement
from scorecard.selectors import RatingTag, rating_tag
from scorecard.selectors.demonstration import demonstration_council_ids
from scorecard.services import EvidenceRow, JudgementEntry, ScorecardRefused
from scorecard.suggestions import Suggestion
from sli_portal.attachments import stored_file_response
from sli_portal.financial_years import financial_year_of, year_label
from sli_portal.forms import error_list

FIRST_LOCAL_ACCOUNT_YEAR = 2010


def _council_and_period(
    request: HttpRequest, slug: str, period_slug: str
) -> tuple[Council, Period]:
    council = access.get_council_or_404(request.user, action="judge_council", slug=slug)
    period = period_get(period_slug)
    if period is None or not services.council_active_in(council, period):
        raise Http404
    return council, period


def _scorecard_url(name: str, council: Council, period: Period) -> str:
    return reverse(name, kwargs={"slug": council.slug, "period": period.slug})


@login_required
@require_http_methods(["GET", "POST"])
def judgements(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    council, quarter = _council_and_period(request, slug, period)
    show_internal = bool(access.can_view_internal_commentary(request.user))
    page = _judgements_page(
        council, quarter, show_internal, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and not page.errors:
        entries = [
            JudgementEntry(
                domain=s.domain,
                rating=s.form.cleaned_data["rating"],
                commentary=s.form.cleaned_data["commentary"],
                internal_commentary=s.form.cleaned_data.get("internal_commentary")
                if show_internal
                else None,
                quality_statements=[
                    page.statements[pk] for pk in s.form.cleaned_data["quality_statements"]
                ],
            )
            for s in page.sections
        ]
        if request.POST.get("action") == "publish":
            _may_publish(request)
        try:
            changed = services.scorecard_record(
                council=council,
                period=quarter,
                entries=entries,
                written_by=access.signed_in(request),
            )
        except ScorecardRefused as refused:
            page.errors.append({"message": refused.message, "href": "#main-content"})
        else:
            if request.POST.get("action") == "publish":
                return _publish(request, council, quarter, saved=changed)
            messages.success(
                request,
                f"Drafts saved for {council.name}, {quarter.label}: "
                f"{changed} domain{'s' if changed != 1 else ''} changed. "
                "Nothing is public until you publish the scorecard.",
            )
            return redirect(_scorecard_url("scorecard:judgements", council, quarter))
    return render(
        request,
        "scorecard/judgements.html",
        {"page": page, "show_internal": show_internal},
        status=400 if page.errors else 200,
    )


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    council, quarter = _council_and_period(request, slug, period)
    _may_publish(request)
    return _publish(request, council, quarter)


def _may_publish(request: HttpRequest) -> None:
    if not access.can_publish_judgement(request.user):
        raise PermissionDenied("Only the SLI Planning Group publishes scorecard ratings")


def _publish(
    request: HttpRequest, council: Council, quarter: Period, *, saved: int | None = None
) -> HttpResponse:
    """Publish the saved judgements; ``saved`` is how many domains the same request's form
    changed just before (the judgements page saves what it shows, then publishes)."""
    before = (
        ""
        if saved is None
        else f"Your changes are saved ({saved} domain{'s' if saved != 1 else ''} changed). "
    )
    try:
        published = services.scorecard_publish(
            council=council, period=quarter, published_by=access.signed_in(request)
        )
    except ScorecardRefused as refused:
        messages.error(request, before + refused.message)
    else:
        if published:
            messages.success(
                request,
                f"{before}{council.name}'s scorecard for {quarter.label} is published: "
                f"{published} domain{'s' if published != 1 else ''} updated.",
            )
        else:
            messages.info(
                request, f"{before}Nothing to publish: the published scorecard is up to date."
            )
    return redirect(_scorecard_url("scorecard:judgements", council, quarter))


@login_required
@require_http_methods(["GET", "POST"])
def narrative(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    council, quarter = _council_and_period(request, slug, period)
    here = _scorecard_url("scorecard:narrative", council, quarter)
    stored = (
        Narrative.objects.filter(council=council, period=quarter)
        .select_related("edited_by")
        .first()
    )
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "regenerate":
        drafted = services.narrative_draft(council=council, period=quarter)
        if drafted.text == drafted.generated_text:
            messages.success(
                request, "The narrative now follows the latest draft from the figures."
            )
        else:
            messages.success(
                request, "The draft from the figures is up to date. Your edited text was kept."
            )
        return redirect(here)
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                services.narrative_record(
                    council=council,
                    period=quarter,
                    text=form.cleaned_data["text"],
                    edited_by=access.signed_in(request),
                    publish=action == "publish",
                )
            except ScorecardRefused as refused:
                form.add_error("text", refused.message)
            else:
                messages.success(
                    request,
                    f"The narrative for {council.name}, {quarter.label} is "
                    f"{'published' if action == 'publish' else 'saved as a draft'}.",
                )
                return redirect(here)
    generated = services.narrative_generate(council=council, period=quarter)
    if request.method != "POST":
        form = NarrativeForm(initial={"text": stored.text if stored else generated})
    return render(
        request,
        "scorecard/narrative.html",
        {
            "council": council,
            "period": quarter,
            "form": form,
            "narrative": stored,
            "generated": generated,
            "figures_changed": stored is not None and stored.generated_text != generated,
            "is_demonstration": council.pk in demonstration_council_ids(quarter),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def judgement_history(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    council, quarter = _council_and_period(request, slug, period)
    entries = selectors.judgement_history_list(
        council=council, period=quarter, fetched_by=request.user
    )
    return render(
        request,
        "scorecard/judgements_history.html",
        {"council": council, "period": quarter, "entries": entries},
    )


@require_safe
def local_accounts(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(Council, slug=slug)
    accounts = list(LocalAccount.objects.filter(council=council).order_by("-year"))
    may_record = bool(access.can_record_local_account(request.user))
    recorded = {a.year for a in accounts}
    return render(
        request,
        "scorecard/local_accounts.html",
        {
            "council": council,
            "accounts": accounts,
            "shows_assessment": bool(access.can_view_internal_commentary(request.user)),
            "may_record": may_record,
            "years_to_record": [
                (year, year_label(year))
                for year in _recordable_years(council)
                if year not in recorded
            ][:3]
            if may_record
            else [],
        },
    )


@login_required
@limit_uploads
@require_http_methods(["GET", "POST"])
def local_account_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    council = access.get_council_or_404(request.user, action="record_local_account", slug=slug)
    if year not in _recordable_years(council):
        raise Http404
    account = LocalAccount.objects.filter(council=council, year=year).first()
    if request.method == "POST":
        form = LocalAccountForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.local_account_record(
                    council=council,
                    year=year,
                    url=form.cleaned_data["url"],
                    document=form.cleaned_data["document"] or None,
                    published_on=form.cleaned_data["published_on"],
                    assessment=form.cleaned_data["assessment"],
                    notes=form.cleaned_data["notes"],
                    recorded_by=access.signed_in(request),
                )
            except ScorecardRefused as refused:
                refused.show_on(form)
            else:
                messages.success(
                    request,
                    f"{council.name}'s Local Account for {year_label(year)} is recorded.",
                )
                return redirect("scorecard:local_accounts", slug=council.slug)
    else:
        form = LocalAccountForm(
            initial={
                "url": account.url,
                "published_on": account.published_on,
                "assessment": account.assessment,
                "notes": account.notes,
            }
            if account
            else {}
        )
    return render(
        request,
        "scorecard/local_account_edit.html",
        {
            "council": council,
            "year": year,
            "year_label": year_label(year),
            "form": form,
            "account": account,
        },
        status=400 if form.errors else 200,
    )


@require_safe
def local_account_document(request: HttpRequest, slug: str, year: int) -> FileResponse:
    """A council's Local Account as uploaded: a public document, served to anyone, but only
    through this view (never from MEDIA_URL) and only as a PDF."""
    account = get_object_or_404(
        LocalAccount.objects.select_related("council"), council__slug=slug, year=year
    )
    if not account.document:
        raise Http404
    return stored_file_response(
        account.document,
        filename=account.document_name,
        content_type="application/pdf",
        as_attachment=False,
    )


# Reads that shape the pages.


def _recordable_years(council: Council) -> list[int]:
    """Financial years, newest first, in which the council held adult social care duties, up to
    the current one."""
    current = financial_year_of(timezone.localdate())
    return [
        year
        for year in range(current, FIRST_LOCAL_ACCOUNT_YEAR - 1, -1)
        if services.council_active_in_year(council, year)
    ]


@dataclass
class DomainSection:
    domain: str
    label: str
    form: JudgementForm
    suggestion: Suggestion
    suggestion_tag: RatingTag | None
    evidence: list[EvidenceRow]
    judgement: Judgement | None

    @property
    def status(self) -> str:
        j = self.judgement
        if j is None:
            return "Not yet judged"
        if not j.is_published:
            return "Draft: not published"
        if j.has_unpublished_changes:
            return "Published, with draft changes not yet published"
        return "Published"


@dataclass
class JudgementsPage:
    council: Council
    period: Period
    sections: list[DomainSection]
    statements: dict[int, QualityStatement]
    errors: list[dict[str, str]] = field(default_factory=list)
    # The councils whose figures for the quarter are demonstration data.
    demonstration_ids: set[int] = field(default_factory=set)

    @property
    def is_demonstration(self) -> bool:
        """The council's own figures for the quarter are demonstration data."""
        return self.council.pk in self.demonstration_ids

    @property
    def demonstration_count(self) -> int:
        return len(self.demonstration_ids)

    @property
    def compared_councils(self) -> int:
        """The most councils with a figure for any one measure in the quarter."""
        return max(
            (r.benchmark.nw_count for s in self.sections for r in s.evidence if r.benchmark),
            default=0,
        )

    @property
    def missing(self) -> list[str]:
        return [s.label for s in self.sections if s.judgement is None]

    @property
    def published_at(self) -> datetime.datetime | None:
        stamps = [
            s.judgement.published_at
            for s in self.sections
            if s.judgement and s.judgement.published_at
        ]
        return max(stamps) if stamps else None


def _judgements_page(
    council: Council, period: Period, show_internal: bool, data: Any | None
) -> JudgementsPage:
    """Six domains, each with its judgement form, the suggestion and the evidence. Seven
    queries: quality statements, judgements and their statements, measures, benchmarks,
    positions, and which councils' figures are demonstration data."""
    statements = list(QualityStatement.objects.all())
    by_domain = {
        j.domain: j
        for j in Judgement.objects.filter(council=council, period=period).prefetch_related(
            "quality_statements"
        )
    }
    rows = services.evidence_list(council=council, period=period)
    suggested = services.domain_suggestions(rows)
    sections = []
    for domain, label in Domain.choices:
        judgement = by_domain.get(domain)
        initial = (
            {
                "rating": judgement.rating,
                "commentary": judgement.commentary,
                "internal_commentary": judgement.internal_commentary if show_internal else "",
                "quality_statements": [qs.pk for qs in judgement.quality_statements.all()],
            }
            if judgement
            else {}
        )
        form = JudgementForm(
            data, initial=initial, domain=domain, statements=statements, show_internal=show_internal
        )
        suggestion = suggested[domain]
        sections.append(
            DomainSection(
                domain=domain,
                label=str(label),
                form=form,
                suggestion=suggestion,
                suggestion_tag=rating_tag(suggestion.rating),
                evidence=[r for r in rows if r.measure.scorecard_domain == domain],
                judgement=judgement,
            )
        )
    errors: list[dict[str, str]] = []
    if data is not None:
        for section in sections:
            if not section.form.is_valid():
                errors.extend(error_list(section.form, anchor=f"domain-{section.domain}"))
    return JudgementsPage(
        council=council,
        period=period,
        sections=sections,
        statements={qs.pk: qs for qs in statements},
        errors=errors,
        demonstration_ids=demonstration_council_ids(period),
    )
