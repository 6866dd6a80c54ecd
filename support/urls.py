from django.urls import URLPattern, path

from support.views import directory, engagements, events, ledger, table1

app_name = "support"

urlpatterns: list[URLPattern] = [
    # Table 1 and the landing page.
    path("", table1.index, name="index"),
    # The regional excellence directory: search, an entry, a council's own entries.
    path("directory/", directory.directory, name="directory"),
    path("directory/every-entry/", directory.every_strength, name="every_strength"),
    path("directory/<int:pk>/", directory.strength, name="strength"),
    path("directory/<int:pk>/endorse/", directory.strength_endorse, name="strength_endorse"),
    path("council/<slug:slug>/strengths/", directory.council_strengths, name="council_strengths"),
    path(
        "council/<slug:slug>/strengths/suggestions/",
        directory.strength_suggestions,
        name="strength_suggestions",
    ),
    path("council/<slug:slug>/strengths/new/", directory.strength_create, name="strength_create"),
    path(
        "council/<slug:slug>/strengths/<int:pk>/edit/",
        directory.strength_edit,
        name="strength_edit",
    ),
    path(
        "council/<slug:slug>/strengths/<int:pk>/publish/",
        directory.strength_publish,
        name="strength_publish",
    ),
    path(
        "council/<slug:slug>/strengths/<int:pk>/archive/",
        directory.strength_archive,
        name="strength_archive",
    ),
    # Engagements: requests, recommendations, the engagement's steps and the matching tool.
    path("engagements/", engagements.engagement_list, name="engagements"),
    path("council/<slug:slug>/request/", engagements.engagement_request, name="engagement_request"),
    path("engagements/recommend/", engagements.engagement_recommend, name="engagement_recommend"),
    path("engagements/<int:pk>/", engagements.engagement, name="engagement"),
    path("engagements/<int:pk>/match/", engagements.engagement_match, name="engagement_match"),
    path("engagements/<int:pk>/agree/", engagements.engagement_agree, name="engagement_agree"),
    path("engagements/<int:pk>/start/", engagements.engagement_start, name="engagement_start"),
    path(
        "engagements/<int:pk>/complete/",
        engagements.engagement_complete,
        name="engagement_complete",
    ),
    path(
        "engagements/<int:pk>/decline/", engagements.engagement_decline, name="engagement_decline"
    ),
    path("engagements/<int:pk>/dates/", engagements.engagement_dates, name="engagement_dates"),
    path("engagements/<int:pk>/days/", engagements.engagement_days, name="engagement_days"),
    path(
        "engagements/<int:pk>/providers/<int:provider_pk>/days/",
        engagements.engagement_provider_days,
        name="engagement_provider_days",
    ),
    path(
        "engagements/<int:pk>/feedback/",
        engagements.engagement_feedback,
        name="engagement_feedback",
    ),
    path(
        "engagements/<int:pk>/providers/<int:provider_pk>/feedback/",
        engagements.engagement_provider_feedback,
        name="engagement_provider_feedback",
    ),
    # Ledger, challenges and events
    path("ledger/", ledger.ledger, name="ledger"),
    path("ledger/<int:year>.csv", ledger.ledger_csv, name="ledger_csv"),
    path("ledger/challenges/", ledger.challenges, name="challenges"),
    path(
        "ledger/<int:year>/challenge/<slug:slug>/",
        ledger.challenge_lodge,
        name="challenge_lodge",
    ),
    path(
        "ledger/challenges/<int:pk>/resolve/",
        ledger.challenge_resolve,
        name="challenge_resolve",
    ),
    path("events/", events.events, name="events"),
    path("events/new/", events.event_create_view, name="event_create"),
    path("events/calendar.ics", events.events_ical_view, name="events_ical"),
    path("events/<int:pk>/", events.event, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/book/", events.event_book_view, name="event_book"),
    path("events/<int:pk>/funding/", events.beacon_funding, name="beacon_funding"),
    path("events/bookings/<int:pk>/cancel/", events.booking_cancel_view, name="booking_cancel"),
    path("events/bookings/<int:pk>/attendance/", events.attendance, name="attendance"),
]
