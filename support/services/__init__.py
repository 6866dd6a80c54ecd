"""Writes for the support app (MoU Table 1 and 2.1 c-g, i), one module per area, all
importable from here: atomic, keyword-only, attributed; a refused request raises
:class:`SupportRefused` with a message for the person and writes nothing."""

from support.services.challenges import share_challenge_lodge, share_challenge_resolve
from support.services.common import SupportRefused
from support.services.directory import (
    strength_entry_archive,
    strength_entry_create,
    strength_entry_endorse,
    strength_entry_publish,
    strength_entry_update,
)
from support.services.engagements import (
    ALLOWED,
    KEEP,
    ProviderSpec,
    engagement_agree,
    engagement_complete,
    engagement_dates_set,
    engagement_days_record,
    engagement_decline,
    engagement_feedback_record,
    engagement_match,
    engagement_recommend,
    engagement_request,
    engagement_start,
)
from support.services.events import (
    attendance_record,
    beacon_funding_record,
    booking_cancel,
    event_book,
    event_create,
    event_update,
)
from support.services.suggestions import StrengthSuggestion, strength_suggestions
from support.table1 import table1_load

__all__ = [
    "ALLOWED",
    "KEEP",
    "ProviderSpec",
    "StrengthSuggestion",
    "SupportRefused",
    "attendance_record",
    "beacon_funding_record",
    "booking_cancel",
    "engagement_agree",
    "engagement_complete",
    "engagement_dates_set",
    "engagement_days_record",
    "engagement_decline",
    "engagement_feedback_record",
    "engagement_match",
    "engagement_recommend",
    "engagement_request",
    "engagement_start",
    "event_book",
    "event_create",
    "event_update",
    "share_challenge_lodge",
    "share_challenge_resolve",
    "strength_entry_archive",
    "strength_entry_create",
    "strength_entry_endorse",
    "strength_entry_publish",
    "strength_entry_update",
    "strength_suggestions",
    "table1_load",
]
