"""The Planning Group's pages of a thematic review (MoU 2.1 a; Wirral report 2.6.1): every
council's self-assessment with its status and progress, moderation of one answer, and the
regional report (the distribution of levels per standard, strengths, areas for development,
each council's position and the Planning Group's narrative) with its publication and its PDF
and XLSX exports.

Thin views: access (accounts.access only), then form, then service, then redirect. Before
publication the regional report is for the regional roles only; a council's users see nothing
of another council's self-assessment until then.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from openpyxl import load_workbook
from openpyxl.styles import Font

from accounts import access
from selfassessment import selectors
from selfassessment.charts import categories, distribution_chart, distribution_columns
from selfassessment.forms import ModerationForm, ReportNarrativeForm
from selfassessment.models import (
    Section,
    SelfAssessment,
    Standard,
    ThematicReview,
    level_label,
)
from selfassessment.selectors import CouncilPosition, RegionalReport
from selfassessment.services import (
    SelfAssessmentRefused,
    answer_moderate,
    regional_report_publish,
    regional_report_save,
)
from sli_portal.financial_years import year_slug
from sli_portal.forms import error_list
from sli_portal.pdf import render_pdf
from sli_portal.spreadsheets import XLSX_TYPE, escape_cell, write_xlsx

# The list's status tags: the word is always shown; the colour only repeats it.
STATUS_COLOURS = {
    "Not started": "grey",
    "Draft": "yellow",
    "Reopened": "red",
    "Submitted": "blue",
    "Signed off": "green",
}


def _status(sa: SelfAssessment | None) -> str:
    if sa is None:
        return "Not started"
    if sa.is_signed_off:
        return "Signed off"
    return str(sa.get_status_display())


# Every council's self-assessment for a review --------------------------------------------------


@login_required
@require_safe
def review_list(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_list_self_assessments(request.user):
        raise PermissionDenied
    review = get_object_or_404(ThematicReview, pk=pk)
    rows = []
    for row in selectors.self_assessment_list(review=review, fetched_by=request.user):
        status = _status(row.self_assessment)
        rows.append((row, status, STATUS_COLOURS[status]))
    totals = {label: sum(1 for _, s, _ in rows if s == label) for label in STATUS_COLOURS}
    return render(
        request,
        "selfassessment/list.html",
        {
            "review": review,
            "rows": rows,
            "totals": totals,
            "may_moderate": access.can_moderate_self_assessment(request.user),
            "first_standard": Standard.objects.filter(review=review)
            .order_by("section__order", "order")
            .first(),
        },
    )


# Moderating one answer -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: int, council_slug: str, code: str) -> HttpResponse:
    council = access.get_council_or_404(
        request.user, action="moderate_self_assessment", slug=council_slug
    )
    review = get_object_or_404(ThematicReview, pk=pk)
    page = selectors.moderation_get(review=review, council=council, code=code)
    if page is None:
        raise Http404
    answer, why_not = page.answer, page.why_not
    form = None
    if answer is not None and not why_not:
        form = ModerationForm(
            request.POST if request.method == "POST" else None,
            answer=answer,
            max_level=review.max_level,
            descriptors=page.view.levels,
            initial={"level": answer.effective_level, "reasons": answer.moderation_reasons},
        )
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if form is None:
            errors.append({"message": why_not, "href": "#moderation"})
        elif form.is_valid() and _moderation_saved(request, form):
            messages.success(
                request, f"Moderated level saved for {council.name} on {page.standard.code}."
            )
            return redirect(
                "selfassessment:moderate", pk=review.pk, council_slug=council.slug, code=code
            )
        if form is not None:
            errors += error_list(form, anchor="moderation")
    return render(
        request,
        "selfassessment/moderate.html",
        {
            "review": review,
            "council": council,
            "self_assessment": page.self_assessment,
            "status": _status(page.self_assessment),
            "standard": page.standard,
            "view": page.view,
            "answer": answer,
            "claimed_label": level_label(answer.level) if answer is not None else "",
            "moderated_label": level_label(answer.moderated_level) if answer is not None else "",
            "form": form,
            "why_not": why_not,
            "errors": errors,
            "others": page.others,
        },
        status=400 if errors else 200,
    )


def _moderation_saved(request: HttpRequest, form: ModerationForm) -> bool:
    """Record the valid form's moderated level; a refusal goes on the form."""
    try:
        answer_moderate(
            answer=form.answer,
            level=form.cleaned_data["level"],
            reasons=form.cleaned_data["reasons"],
            moderated_by=access.signed_in(request),
        )
    except SelfAssessmentRefused as refused:
        refused.show_on(form)
        return False
    return True


# The regional report ---------------------------------------------------------------------------


def _review_for_report(request: HttpRequest, pk: int) -> ThematicReview:
    review = get_object_or_404(
        ThematicReview.objects.select_related("report_updated_by", "report_published_by"), pk=pk
    )
    if not access.can_view_regional_report(request.user, review):
        raise PermissionDenied
    return review


@dataclass(frozen=True)
class GridRow:
    position: CouncilPosition
    cells: list[str]


@dataclass(frozen=True)
class SectionGrid:
    """One section's standards and each council's level on them, for the position tables."""

    section: Section
    standards: list[Standard]
    rows: list[GridRow]


def _cell(levels: tuple[int | None, int | None, int | None] | None) -> str:
    """A council's level on a standard as the position table writes it: the level counted, and
    the claim beside it when the Planning Group moderated it to another level."""
    if levels is None:
        return "–"
    claimed, moderated, effective = levels
    if effective is None:
        return "Not answered"
    if moderated is not None and moderated != claimed:
        return f"{level_label(effective)} (claimed {level_label(claimed)})"
    return level_label(effective)


def _grids(report: RegionalReport) -> list[SectionGrid]:
    grids = []
    for section in report.framework.sections:
        standards = report.framework.standards_of(section)
        rows = [
            GridRow(
                position=p,
                cells=[
                    _cell(p.levels.get(s.pk, (None, None, None)) if p.submitted else None)
                    for s in standards
                ],
            )
            for p in report.councils
        ]
        grids.append(SectionGrid(section=section, standards=standards, rows=rows))
    return grids


def _report_context(request: HttpRequest, review: ThematicReview) -> dict[str, Any]:
    report = selectors.regional_report_get(review=review, fetched_by=request.user)
    return {
        "review": review,
        "report": report,
        "chart": distribution_chart(report),
        "categories": categories(report.levels),
        "table": [(d, distribution_columns(d, report.levels)) for d in report.distributions],
        "grids": _grids(report),
        "may_write": access.can_write_regional_report(request.user),
    }


@login_required
@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_report(request, pk)
    return render(request, "selfassessment/report.html", _report_context(request, review))


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_write_regional_report(request.user):
        raise PermissionDenied
    review = get_object_or_404(ThematicReview, pk=pk)
    form = ReportNarrativeForm(
        request.POST if request.method == "POST" else None,
        initial={
            "summary": review.report_summary,
            "strengths": review.report_strengths,
            "areas_for_development": review.report_areas_for_development,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            regional_report_save(
                review=review,
                summary=form.cleaned_data["summary"],
                strengths=form.cleaned_data["strengths"],
                areas_for_development=form.cleaned_data["areas_for_development"],
                saved_by=access.signed_in(request),
            )
        except SelfAssessmentRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, "The regional report's narrative is saved.")
            return redirect("selfassessment:report", pk=review.pk)
    return render(
        request,
        "selfassessment/report_edit.html",
        {"review": review, "form": form, "errors": error_list(form, anchor="moderation")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_write_regional_report(request.user):
        raise PermissionDenied
    review = _review_for_report(request, pk)
    try:
        regional_report_publish(review=review, published_by=access.signed_in(request))
    except SelfAssessmentRefused as refused:
        context = _report_context(request, review)
        href = "#narrative" if refused.field == "summary" else "#publish"
        context["errors"] = [{"message": refused.message, "href": href}]
        return render(request, "selfassessment/report.html", context, status=400)
    messages.success(
        request, f"The regional report on {review} is published to every signed-in user."
    )
    return redirect("selfassessment:report", pk=review.pk)


def _file_stem(review: ThematicReview) -> str:
    return f"{review.slug}-{year_slug(review.year)}-regional-report"


@login_required
@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_report(request, pk)
    context = _report_context(request, review)
    content = render_pdf(
        "selfassessment/report_pdf.html",
        context,
        title=f"Regional report: {review.title} {review.year_label}",
        author="North West ADASS SLI Planning Group",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(review)}.pdf"'
    return response


POSITION_COLUMNS = [
    "Council",
    "Self-assessment",
    "Section",
    "Standard code",
    "Standard",
    "Key element",
    "Level claimed",
    "Moderated level",
    "Level counted",
]


def _distribution_sheet(report: RegionalReport) -> tuple[list[str], list[list[object]]]:
    cats = categories(report.levels)
    header = ["Standard code", "Standard", "Key element", *[c.label for c in cats]]
    rows: list[list[object]] = [
        [
            d.standard.code,
            d.standard.title,
            "Yes" if d.standard.is_key_element else "No",
            *distribution_columns(d, report.levels),
        ]
        for d in report.distributions
    ]
    return header, rows


def _position_rows(report: RegionalReport) -> list[list[object]]:
    rows: list[list[object]] = []
    for p in report.councils:
        for standard in report.framework.standards:
            claimed, moderated, effective = p.levels.get(standard.pk, (None, None, None))
            rows.append(
                [
                    p.council.name,
                    _status(p.self_assessment),
                    standard.section.title,
                    standard.code,
                    standard.title,
                    "Yes" if standard.is_key_element else "No",
                    level_label(claimed) if p.submitted else "",
                    "" if moderated is None else level_label(moderated),
                    level_label(effective) if p.submitted else "Not submitted",
                ]
            )
    return rows


@login_required
@require_safe
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_for_report(request, pk)
    report_data = selectors.regional_report_get(review=review, fetched_by=request.user)
    header, rows = _distribution_sheet(report_data)
    content = write_xlsx(header, rows, title="Distribution", text_columns=(0,))
    content = _with_sheet(content, "Positions", POSITION_COLUMNS, _position_rows(report_data))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(review)}.xlsx"'
    return response


def _with_sheet(content: bytes, title: str, header: list[str], rows: list[list[object]]) -> bytes:
    """Add a second sheet to a workbook written by ``write_xlsx``, every cell passed through
    the same ``escape_cell`` so no text can run as a formula."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.create_sheet(title[:31])
    sheet.append([escape_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if value is None else escape_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
