from django.urls import URLPattern, path

from improvement_plans.views import details, plans, progress, structure

app_name = "improvement_plans"

urlpatterns: list[URLPattern] = [
    # Plans: the list, a plan's page and downloads, starting, importing and publishing a plan.
    path("", plans.index, name="index"),
    path("new/", plans.create, name="create"),
    path("import/", plans.import_plan, name="import"),
    path("import/layout.<str:fmt>", plans.import_example, name="import_example"),
    path("<int:pk>/", plans.plan, name="plan"),
    path("<int:pk>/plan.pdf", plans.plan_pdf, name="plan_pdf"),
    path("<int:pk>/plan.xlsx", plans.plan_xlsx, name="plan_xlsx"),
    path("<int:pk>/plan.csv", plans.plan_csv, name="plan_csv"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/editing/", plans.editor, name="plan_editor"),
    path("<int:pk>/publish/", plans.publish, name="plan_publish"),
    path("<int:pk>/unpublish/", plans.unpublish, name="plan_unpublish"),
    path("<int:pk>/archive/", plans.archive, name="plan_archive"),
    path("<int:pk>/cites/new/", plans.citation_new, name="citation_add"),
    path("<int:pk>/cites/<int:citation_pk>/remove/", plans.citation_delete, name="citation_remove"),
    # The plan's structure: headings, areas, actions; then each action's details.
    path("<int:pk>/headings/new/", structure.heading_new, name="heading_add"),
    path("<int:pk>/headings/<int:heading_pk>/edit/", structure.heading_edit, name="heading_edit"),
    path("<int:pk>/headings/<int:heading_pk>/move/", structure.heading_step, name="heading_move"),
    path(
        "<int:pk>/headings/<int:heading_pk>/remove/",
        structure.heading_delete,
        name="heading_remove",
    ),
    path("<int:pk>/areas/new/", structure.area_new, name="area_add"),
    path("<int:pk>/areas/<int:area_pk>/edit/", structure.area_edit, name="area_edit"),
    path("<int:pk>/areas/<int:area_pk>/move/", structure.area_relocate, name="area_move"),
    path("<int:pk>/areas/<int:area_pk>/remove/", structure.area_delete, name="area_remove"),
    path("<int:pk>/actions/new/", structure.action_new, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/edit/", structure.action_edit, name="action_edit"),
    path("<int:pk>/actions/<int:action_pk>/move/", structure.action_relocate, name="action_move"),
    path("<int:pk>/actions/<int:action_pk>/remove/", structure.action_delete, name="action_remove"),
    path(
        "<int:pk>/actions/<int:action_pk>/evidence/new/",
        details.evidence_new,
        name="evidence_add",
    ),
    path("<int:pk>/evidence/<int:evidence_pk>/edit/", details.evidence_edit, name="evidence_edit"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/remove/",
        details.evidence_delete,
        name="evidence_remove",
    ),
    path("<int:pk>/actions/<int:action_pk>/targets/new/", details.target_new, name="target_add"),
    path("<int:pk>/targets/<int:target_pk>/edit/", details.target_edit, name="target_edit"),
    path("<int:pk>/targets/<int:target_pk>/remove/", details.target_delete, name="target_remove"),
    path(
        "<int:pk>/actions/<int:action_pk>/milestones/new/",
        details.milestone_new,
        name="milestone_add",
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/edit/",
        details.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/remove/",
        details.milestone_delete,
        name="milestone_remove",
    ),
    # Progress and the regional summary
    path("summary/", progress.region_summary_page, name="region_summary"),
    path("<int:pk>/progress/", progress.quarters, name="progress_quarters"),
    path("<int:pk>/progress/<str:period_slug>/", progress.progress, name="progress"),
    path(
        "<int:pk>/progress/<str:period_slug>/areas/<int:area_pk>/",
        progress.progress_area,
        name="progress_area",
    ),
    path(
        "<int:pk>/actions/<int:action_pk>/history/",
        progress.action_history,
        name="action_history",
    ),
]
