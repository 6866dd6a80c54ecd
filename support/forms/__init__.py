"""Forms for the support app's pages: the excellence directory, requests and recommendations,
the matching tool and what each side records, the reciprocity ledger's challenges and regional
events. The page copy and every error message live here, written for the person filling them
in; the rules an engagement, challenge or event keeps are the services' (``SupportRefused``)."""

from support.forms.directory import (
    DirectorySearchForm,
    StrengthEntryFilterForm,
    StrengthEntryForm,
)
from support.forms.engagements import (
    DatesForm,
    DaysForm,
    DeclineForm,
    EngagementFilterForm,
    EngagementRecommendForm,
    EngagementRequestForm,
    FeedbackForm,
)
from support.forms.events import (
    AttendanceForm,
    BeaconFundingForm,
    BookingForm,
    ChallengeLodgeForm,
    ChallengeResolveForm,
    EventForm,
)
from support.forms.matching import MatchForm, role_for_offer

__all__ = [
    "AttendanceForm",
    "BeaconFundingForm",
    "BookingForm",
    "ChallengeLodgeForm",
    "ChallengeResolveForm",
    "DatesForm",
    "DaysForm",
    "DeclineForm",
    "DirectorySearchForm",
    "EngagementFilterForm",
    "EngagementRecommendForm",
    "EngagementRequestForm",
    "EventForm",
    "FeedbackForm",
    "MatchForm",
    "StrengthEntryFilterForm",
    "StrengthEntryForm",
    "role_for_offer",
]
