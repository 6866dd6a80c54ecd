"""Plan pages: the list, the plan itself with its downloads, starting, importing, renaming,
publishing and archiving a plan, and what it cites (DOMAIN.md 7).

Thin views: the plan comes through the access module (``access.get_plan_or_404``), then the
form, then one service, then a redirect back to the place in the plan that changed."""

import datetime
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from accounts.ratelimit import limit_uploads
from authorities.models import Council
from improvement_plans import exports
from improvement_plans.forms import (
    CitationForm,
    ConfirmForm,
    PlanEditForm,
    PlanForm,
    PlanImportForm,
    citation_options,
)
from improvement_plans.models import Citation, Plan
from improvement_plans.selectors import plan_structure, plan_summary, plans_visible_to, summaries
from improvement_plans.services import (
    PlanImportRefused,
    PlanRefused,
    citation_add,
    citation_remove,
    plan_archive,
    plan_create,
    plan_import,
    plan_publish,
    plan_unpublish,
    plan_update,
)
from improvement_plans.validation import COLUMNS
from improvement_plans.views.citations import citable, citation_rows, cited_record
from sli_portal.spreadsheets import write_csv, write_xlsx

# Two example rows for the downloadable layout: an action over two rows of evidence.
EXAMPLE_ROWS = [
    (
        "Safeguarding Adults",
        "Improvement Area 1 – Improve the practice of safeguarding",
        1,
        "Audit safeguarding case files each quarter (see Area 1 Action 2)",
        "At least 70% of audited files rated good or better",
        "Quarterly",
    ),
    ("", "", 1, "", "Audit findings reported to the Safeguarding Adults Board", "June 2025"),
    (
        "",
        "",
        2,
        "Train team managers in the audit tool",
        "All team managers trained",
        "September 2025",
    ),
]
FILE_TYPES = {"csv": exports.CSV_TYPE, "xlsx": exports.XLSX_TYPE, "pdf": exports.PDF_TYPE}
T = TypeVar("T")


# --- Shared by the plan views -----------------------------------------------------------------


def plan_for(request: HttpRequest, pk: int, *, action: str = "view_plan") -> Plan:
    """The plan, as the access module allows it for ``action`` (``view_plan``/``edit_plan``)."""
    return access.get_plan_or_404(
        Plan.objects.select_related("council"), request.user, pk=pk, action=action
    )


def to_plan(plan: Plan, anchor: str = "") -> HttpResponse:
    """Back to the plan in edit mode, where every change to it is made, at ``anchor``."""
    url = reverse("improvement_plans:plan_editor", kwargs={"pk": plan.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def form_page(
    request: HttpRequest,
    plan: Plan,
    form: Form,
    *,
    back: str = "",
    intro: str = "",
    caption: str = "",
) -> HttpResponse:
    """The one page every small plan form is shown on."""
    return render(
        request,
        "improvement_plans/form.html",
        {
            "plan": plan,
            "form": form,
            "back": back or reverse("improvement_plans:plan_editor", kwargs={"pk": plan.pk}),
            "intro": intro,
            "caption": caption or f"{plan.council.name}: {plan.title}",
        },
        status=400 if form.errors else 200,
    )


def confirm_page(
    request: HttpRequest, plan: Plan, *, heading: str, what: str, warning: str, back: str
) -> HttpResponse:
    """The confirmation asked before something is removed from a plan (it is archived)."""
    return render(
        request,
        "improvement_plans/confirm.html",
        {
            "plan": plan,
            "form": ConfirmForm(),
            "heading": heading,
            "what": what,
            "warning": warning,
            "back": back,
        },
    )


def editing(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view that changes a plan: signed in, only ``methods`` (GET and POST unless given), and
    the plan taken through the access module for ``edit_plan`` before the view is given it."""

    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @require_http_methods(list(methods or ("GET", "POST")))
        @functools.wraps(view)
        def with_plan(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            return view(request, plan_for(request, pk, action="edit_plan"), **kwargs)

        return with_plan

    return wrap


def handle_form(
    request: HttpRequest,
    plan: Plan,
    form: Form,
    *,
    save: Callable[[dict[str, Any]], T],
    done: Callable[[T], tuple[str, str]],
    rename: dict[str, str] | None = None,
    caption: Callable[[], str] | None = None,
    intro: str = "",
) -> HttpResponse:
    """The plan's form page for ``form``. Once a POST is valid, ``save`` is given the cleaned
    data; ``done`` turns what it saved into the success message and the plan's anchor to go
    back to. A refusal goes on the form, on the field ``rename`` maps the service's name to."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except PlanRefused as refused:
            refused.show_on(form, rename)
        else:
            message, anchor = done(saved)
            messages.success(request, message)
            return to_plan(plan, anchor)
    return form_page(request, plan, form, intro=intro, caption=caption() if caption else "")


def handle_removal(
    request: HttpRequest,
    plan: Plan,
    *,
    remove: Callable[[], object],
    done: str,
    heading: str,
    what: str,
    warning: str,
    anchor: str,
) -> HttpResponse:
    """The confirmation page for removing something from the plan; on POST, ``remove`` it and
    go back to the plan at ``anchor`` with the message ``done`` (or the refusal)."""
    if request.method == "POST":
        try:
            remove()
        except PlanRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done)
        return to_plan(plan, anchor)
    back = reverse("improvement_plans:plan_editor", kwargs={"pk": plan.pk}) + f"#{anchor}"
    return confirm_page(request, plan, heading=heading, what=what, warning=warning, back=back)


def _editable_councils(request: HttpRequest) -> Any:
    ids = access.council_ids_for(request.user, "edit_plan")
    councils = Council.objects.order_by("name")
    return councils if ids is None else councils.filter(pk__in=ids)


def _download(name: str, content: bytes, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Reading ----------------------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every plan the viewer may read: a council's own first, then other councils' published
    plans; the regional roles see every council's."""
    rows = summaries(
        plans_visible_to(request.user).select_related("council"), today=datetime.date.today()
    )
    own_ids = access.councils_of(request.user)
    regional = access.council_ids_for(request.user, "view_plan") is None
    own = [row for row in rows if row.plan.council_id in own_ids]
    others = [row for row in rows if row.plan.council_id not in own_ids]
    return render(
        request,
        "improvement_plans/index.html",
        {
            "own": own,
            "others": others,
            "regional": regional,
            "can_create": access.can_create_plan(request.user),
        },
    )


def _plan_page(request: HttpRequest, found: Plan, template: str) -> HttpResponse:
    view = plan_structure(plan=found, fetched_by=request.user)
    summary = plan_summary(plan=found, fetched_by=request.user)
    plan_citations = citation_rows(view.citations, request.user, found.council)
    for area in view.areas:
        # What the viewer may see of what prompted each area, beside the area on the page.
        area.visible_citations = citation_rows(area.citations, request.user, found.council)
    return render(
        request,
        template,
        {"plan": found, "view": view, "summary": summary, "plan_citations": plan_citations},
    )


@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as a document: headings, areas, actions with their targets, milestones and
    latest status; an "Edit the plan" button for those who may edit it."""
    return _plan_page(request, plan_for(request, pk), "improvement_plans/plan.html")


@editing("GET", "HEAD")
def editor(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The plan in edit mode: the same plan with a control beside everything that can change."""
    return _plan_page(request, plan, "improvement_plans/plan_editor.html")


@require_safe
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = plan_for(request, pk)
    content = exports.plan_pdf(plan=found, fetched_by=request.user)
    return _download(f"{found.council.slug}-improvement-plan-{found.pk}.pdf", content, "pdf")


@require_safe
def plan_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    name, content = exports.plan_xlsx(plan=plan_for(request, pk), fetched_by=request.user)
    return _download(name, content, "xlsx")


@require_safe
def plan_csv(request: HttpRequest, pk: int) -> HttpResponse:
    name, content = exports.plan_csv(plan=plan_for(request, pk), fetched_by=request.user)
    return _download(name, content, "csv")


@require_safe
def import_example(request: HttpRequest, fmt: str) -> HttpResponse:
    """The import layout with three example rows, to fill in or copy a plan into."""
    if fmt == "csv":
        return _download("improvement-plan-layout.csv", write_csv(COLUMNS, EXAMPLE_ROWS), "csv")
    if fmt == "xlsx":
        content = write_xlsx(COLUMNS, EXAMPLE_ROWS, title="Improvement plan")
        return _download("improvement-plan-layout.xlsx", content, "xlsx")
    raise Http404


# --- Starting and importing a plan ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_plan(request.user):
        raise PermissionDenied
    councils = _editable_councils(request)
    form = PlanForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = plan_create(
                council=form.chosen_council(),
                title=data["plan_title"],
                period_covered=data["period_covered"],
                created_by=access.signed_in(request),
            )
        except PlanRefused as refused:
            refused.show_on(form, {"title": "plan_title"})
        else:
            messages.success(request, "Plan started. Add its first outcome heading.")
            return to_plan(made)
    return render(
        request,
        "improvement_plans/form.html",
        {
            "form": form,
            "back": reverse("improvement_plans:index"),
            "caption": "Improvement plans",
            "intro": "The plan stays a draft, seen only by your council and the region, until "
            "you publish it.",
        },
        status=400 if form.errors else 200,
    )


@login_required
@limit_uploads
@require_http_methods(["GET", "POST"])
def import_plan(request: HttpRequest) -> HttpResponse:
    if not access.can_create_plan(request.user):
        raise PermissionDenied
    councils = _editable_councils(request)
    form = PlanImportForm(request.POST or None, request.FILES or None, councils=councils)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            outcome = plan_import(
                council=form.chosen_council(),
                content=upload.read(),
                name=upload.name,
                by=access.signed_in(request),
                title=data["plan_title"],
                period_covered=data["period_covered"],
            )
        except PlanImportRefused as refused:
            problems = refused.problems
        else:
            if not outcome.created:
                messages.info(
                    request,
                    f"You already imported this same file on "
                    f"{outcome.plan.created_at:%-d %B %Y}. This is the plan it made; nothing "
                    "was imported again.",
                )
                return redirect("improvement_plans:plan", pk=outcome.plan.pk)
            parsed = outcome.parsed
            assert parsed is not None
            messages.success(
                request,
                f"Plan imported: {_count(len(parsed.headings), 'outcome heading')}, "
                f"{_count(len(parsed.areas), 'improvement area')} and "
                f"{_count(len(parsed.actions), 'action')}.",
            )
            return redirect("improvement_plans:plan", pk=outcome.plan.pk)
    failed = bool(form.errors or problems)
    return render(
        request,
        "improvement_plans/import.html",
        {"form": form, "problems": problems, "columns": COLUMNS},
        status=400 if failed else 200,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- The plan as a whole ----------------------------------------------------------------------


@editing()
def plan_edit(request: HttpRequest, plan: Plan) -> HttpResponse:
    initial = {"plan_title": plan.title, "period_covered": plan.period_covered}
    return handle_form(
        request,
        plan,
        PlanEditForm(request.POST or None, initial=initial),
        save=lambda data: plan_update(
            plan=plan,
            title=data["plan_title"],
            period_covered=data["period_covered"],
            updated_by=access.signed_in(request),
        ),
        done=lambda _: ("Plan's title and period saved.", ""),
        rename={"title": "plan_title"},
    )


@editing("POST")
def publish(request: HttpRequest, plan: Plan) -> HttpResponse:
    try:
        plan_publish(plan=plan, by=access.signed_in(request))
    except PlanRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Plan published: anyone can now read it.")
    return to_plan(plan)


@editing("POST")
def unpublish(request: HttpRequest, plan: Plan) -> HttpResponse:
    plan_unpublish(plan=plan, by=access.signed_in(request))
    messages.success(request, "Plan unpublished: only your council and the region can read it.")
    return to_plan(plan)


@editing()
def archive(request: HttpRequest, plan: Plan) -> HttpResponse:
    if request.method == "POST":
        plan_archive(plan=plan, by=access.signed_in(request))
        messages.success(request, f"‘{plan.title}’ archived. It is kept, with its history.")
        return redirect("improvement_plans:index")
    return confirm_page(
        request,
        plan,
        heading=f"Archive ‘{plan.title}’?",
        what="The plan leaves the list of plans. Its actions, progress and history are kept.",
        warning="Nobody, the public included, will see it again.",
        back=reverse("improvement_plans:plan_editor", kwargs={"pk": plan.pk}),
    )


# --- What prompted the plan, and the support serving it ---------------------------------------


@editing()
def citation_new(request: HttpRequest, plan: Plan) -> HttpResponse:
    view = plan_structure(plan=plan, fetched_by=request.user)
    pools = citable(plan.council)
    initial = {"area": request.GET.get("area", "")}
    form = CitationForm(
        request.POST or None, initial=initial, view=view, options=citation_options(**pools)
    )
    areas = {str(a.area.pk): a.area for a in view.areas}

    def add(data: dict[str, Any]) -> Citation:
        kind, value = form.cited_record()
        return citation_add(
            plan=plan,
            area=areas.get(data["area"]),
            domain=value if kind == "domain" else "",
            note=data["note"],
            by=access.signed_in(request),
            **cited_record(kind, value, pools),
        )

    return handle_form(
        request,
        plan,
        form,
        save=add,
        done=lambda citation: (
            "Added to what the plan cites.",
            f"area-{citation.area_id}" if citation.area_id else "cites",
        ),
        rename={"cited": "cited", "domain": "cited"},
        intro="Record what prompted the plan or one of its improvement areas, or a support "
        "engagement that serves it. A concern or risk assessment stays confidential: only "
        "your council and the region see it, even on a published plan.",
    )


@editing()
def citation_delete(request: HttpRequest, plan: Plan, citation_pk: int) -> HttpResponse:
    citation = get_object_or_404(
        Citation.objects.filter(plan=plan, archived_at__isnull=True), pk=citation_pk
    )
    if request.method == "POST":
        citation_remove(citation=citation, by=access.signed_in(request))
        messages.success(request, "Removed from what the plan cites.")
        return to_plan(plan, "cites")
    return confirm_page(
        request,
        plan,
        heading="Remove this from what the plan cites?",
        what=str(citation.cited),
        warning="The record itself is not changed.",
        back=reverse("improvement_plans:plan_editor", kwargs={"pk": plan.pk}),
    )
