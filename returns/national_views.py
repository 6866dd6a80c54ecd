"""The regional administrator's national imports: upload a published file, watch its import,
read and download its report. Thin: access, form, service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from accounts.ratelimit import limit_uploads
from returns.forms import NationalUploadForm
from returns.models import NationalImport, NationalImportState
from returns.national import NationalRefused, national_run_create
from returns.national.report import run_counts, run_report, run_report_csv, runs_recent

PROGRESS: dict[str, int] = {
    NationalImportState.QUEUED.value: 5,
    NationalImportState.RUNNING.value: 30,
}


def _run_for(request: access.AuthenticatedHttpRequest, pk: int) -> NationalImport:
    if not access.can_import_national_data(request.user):
        raise PermissionDenied
    return get_object_or_404(NationalImport.objects.select_related("imported_by"), pk=pk)


@login_required
@limit_uploads
@require_http_methods(["GET", "POST"])
def national_imports(request: access.AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_import_national_data(request.user):
        raise PermissionDenied
    form = NationalUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = national_run_create(
                file=form.cleaned_data["file"],
                imported_by=request.user,
                remove_missing=form.cleaned_data["remove_missing"],
            )
        except NationalRefused as refused:
            form.add_error("file", refused.message)
        else:
            if outcome.duplicate_of is not None:
                run = outcome.duplicate_of
                messages.info(
                    request,
                    f"This same file was already imported on "
                    f"{run.finished_at or run.imported_at:%-d %B %Y at %H:%M}. It was not "
                    "imported again: nothing changed.",
                )
            return redirect("returns:national_run", pk=outcome.run.pk)
    return render(
        request,
        "returns/national_imports.html",
        {"form": form, "runs": list(runs_recent())},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def national_run(request: access.AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    return render(request, "returns/national_run.html", {"report": run_report(run)})


@login_required
@require_safe
def national_run_json(request: access.AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    run = _run_for(request, pk)
    counts = ", ".join(f"{c.label.lower()}: {c.value:,}" for c in run_counts(run))
    return JsonResponse(
        {
            "state": run.state,
            "done": run.is_finished,
            "progress": 100 if run.is_finished else PROGRESS.get(run.state, 50),
            "message": f"{run.step or run.get_state_display()}. {counts}.",
            "redirect": "",
        }
    )


@login_required
@require_safe
def national_run_report(request: access.AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    response = HttpResponse(run_report_csv(run_report(run)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="national-import-{run.pk}-report.csv"'
    return response
