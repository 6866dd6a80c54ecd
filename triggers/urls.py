from django.urls import URLPattern, path

from triggers.views import concerns, meetings, queue, review

app_name = "triggers"

urlpatterns: list[URLPattern] = [
    # The Planning Group's review, meetings and the annual risk assessment (MoU 2.1 b, h).
    path("review/", queue.review, name="review"),
    path("review/act/", queue.review_act, name="review_act"),
    path("thresholds/", queue.thresholds, name="thresholds"),
    path("councils/<slug:slug>/", review.profile, name="profile"),
    path("meetings/", review.meetings, name="meetings"),
    path("meetings/<int:pk>/", review.meeting, name="meeting"),
    path("meetings/<int:pk>/minutes.<str:fmt>", review.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/attendees/", meetings.attendees, name="meeting_attendees"),
    path("meetings/<int:pk>/actions/new/", meetings.action_add, name="meeting_action_add"),
    path("meetings/<int:pk>/minutes/", meetings.minutes_edit, name="meeting_minutes_edit"),
    path(
        "meetings/<int:pk>/minutes/approve/",
        meetings.minutes_approve,
        name="meeting_minutes_approve",
    ),
    path(
        "meetings/<int:pk>/corrections/new/",
        meetings.correction_add,
        name="meeting_correction_add",
    ),
    path("councils/<slug:slug>/assessments/<int:year>/", review.assessment, name="assessment"),
    path(
        "councils/<slug:slug>/assessments/<int:year>/share/",
        review.assessment_share,
        name="assessment_share",
    ),
    path(
        "council/<slug:slug>/assessments/<int:year>/",
        review.council_assessment,
        name="council_assessment",
    ),
    path("council/<slug:slug>/self-check/<int:year>/", review.self_check, name="self_check"),
    path(
        "council/<slug:slug>/self-check/<int:year>/share/",
        review.self_check_share,
        name="self_check_share",
    ),
    path("self-checks/", review.self_checks, name="self_checks"),
    # Concerns: the Planning Group's list, raise form and concern page with its actions.
    path("concerns/", concerns.concern_list, name="concerns"),
    path("concerns/new/", concerns.raise_concern, name="concern_raise"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern"),
    path("concerns/<int:pk>/share/", concerns.share, name="concern_share"),
    path("concerns/<int:pk>/confirm/", concerns.confirm, name="concern_confirm"),
    path("concerns/<int:pk>/close/", concerns.close, name="concern_close"),
    path("concerns/<int:pk>/reopen/", concerns.reopen, name="concern_reopen"),
    path("concerns/<int:pk>/edit/", concerns.edit, name="concern_edit"),
    path("concerns/<int:pk>/attach/", concerns.attach, name="concern_attach"),
    path("concerns/<int:pk>/files/<int:file_pk>/", concerns.concern_file, name="concern_file"),
    # A council's own concerns, once shared with it, and its response; the board's summary.
    path("council/<slug:slug>/concerns/", concerns.council_concerns, name="council_concerns"),
    path("council/<slug:slug>/concerns/<int:pk>/", concerns.respond, name="concern_respond"),
    path("board-summary/", concerns.board_summary, name="board_summary"),
]
