"""Reads for the support app's pages, each with a fixed number of queries whatever the data:
``directory``, ``engagements``, ``ledger`` (with challenges) and ``events``. Everything is
importable from here.

Who sees what:

- the excellence directory's published entries and the events: every signed-in user;
- engagements: the receiving and providing councils' own users and the regional reviewers
  (``accounts.access.scope_engagements``);
- what lies behind a recommendation (the linked concern and risk assessment, and the reasons):
  the reviewers; the receiving council only once the concern or assessment has been shared
  with it; providers never (``accounts.access.may_see_linked_concern``). Hidden links are
  cleared on the returned engagement, so a page cannot show them by mistake;
- the ledger: every council's totals to every user who may see engagements; the breakdown by
  offer (which shows, say, an Intervention received) only for the user's own council, and all
  of it for the reviewers.
"""

from support.selectors.directory import (
    council_strength_entries,
    strength_directory_search,
    strength_entry_list,
)
from support.selectors.engagements import (
    EngagementView,
    engagement_get,
    engagement_list,
)
from support.selectors.events import (
    EventMonth,
    EventPage,
    EventRow,
    event_get,
    events_by_month,
    events_for_feed,
)
from support.selectors.ledger import (
    challenge_list,
    ledger_get,
)

__all__ = [
    "EngagementView",
    "EventMonth",
    "EventPage",
    "EventRow",
    "challenge_list",
    "council_strength_entries",
    "engagement_get",
    "engagement_list",
    "event_get",
    "events_by_month",
    "events_for_feed",
    "ledger_get",
    "strength_directory_search",
    "strength_entry_list",
]
