from django.urls import URLPattern, path

from selfassessment.views import assessments, report, reviews

app_name = "selfassessment"

urlpatterns: list[URLPattern] = [
    # The reviews by year, and the administrator's set-up of a review.
    path("", reviews.index, name="index"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/import/", reviews.review_import, name="review_import"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/copy/", reviews.review_copy, name="review_copy"),
    path("reviews/<int:pk>/export.<str:fmt>", reviews.review_export, name="review_export"),
    path("reviews/<int:pk>/sections/new/", reviews.section_add, name="section_add"),
    path("reviews/<int:pk>/standards/new/", reviews.standard_add, name="standard_add"),
    path(
        "reviews/<int:pk>/standards/<int:standard_pk>/edit/",
        reviews.standard_edit,
        name="standard_edit",
    ),
    # A council's self-assessment: its page, a page per standard, evidence files, submission,
    # sign-off and reopening.
    path("reviews/<int:pk>/<slug:slug>/", assessments.self_assessment, name="self_assessment"),
    path("reviews/<int:pk>/<slug:slug>/submit/", assessments.submit, name="submit"),
    path("reviews/<int:pk>/<slug:slug>/sign-off/", assessments.sign_off, name="sign_off"),
    path("reviews/<int:pk>/<slug:slug>/reopen/", assessments.reopen, name="reopen"),
    path("reviews/<int:pk>/<slug:slug>/standards/<str:code>/", assessments.answer, name="answer"),
    path(
        "reviews/<int:pk>/<slug:slug>/standards/<str:code>/files/<int:file_pk>/",
        assessments.evidence_file,
        name="evidence_file",
    ),
    path(
        "reviews/<int:pk>/<slug:slug>/standards/<str:code>/files/<int:file_pk>/archive/",
        assessments.evidence_file_archive,
        name="evidence_file_archive",
    ),
    # Moderation and the regional report
    path("moderation/<int:pk>/", report.review_list, name="review_list"),
    path(
        "moderation/<int:pk>/<slug:council_slug>/<str:code>/",
        report.moderate,
        name="moderate",
    ),
    path("regional-report/<int:pk>/", report.report, name="report"),
    path("regional-report/<int:pk>/edit/", report.report_edit, name="report_edit"),
    path("regional-report/<int:pk>/publish/", report.report_publish, name="report_publish"),
    path("regional-report/<int:pk>/pdf/", report.report_pdf, name="report_pdf"),
    path("regional-report/<int:pk>/xlsx/", report.report_xlsx, name="report_xlsx"),
]
