"""Reads for the scorecard pages, each with a fixed number of queries: they only read what the
comparators module stored and what the Planning Group recorded.

``council``: a council's figures and the list of councils. ``overview``: the regional overview.
``council_scorecard``: a council's balanced scorecard. ``measure``: one measure across the
councils. ``judgements``: the history of a council's judgements and narrative. ``periods``:
which quarters a page offers. ``presentation``: how figures and ratings are written. Everything
is importable from here.
"""

from scorecard.selectors.comparators import (
    Comparator,
    figure_comparators,
    is_too_few,
    too_few_words,
)
from scorecard.selectors.council import CouncilPage, MeasureRow, council_list, council_page_get
from scorecard.selectors.council_scorecard import (
    DomainSection,
    EvidenceRow,
    ScorecardPage,
    council_scorecard_get,
    neighbour_positions,
)
from scorecard.selectors.judgements import Change, HistoryEntry, judgement_history_list
from scorecard.selectors.measure import (
    MeasureCouncilRow,
    MeasurePage,
    measure_download_rows,
    measure_page_get,
)
from scorecard.selectors.oflog import OflogPage, OflogRow, oflog_page_get
from scorecard.selectors.overview import (
    SORTS,
    OverviewCell,
    OverviewPage,
    OverviewRow,
    overview_cell,
    overview_get,
)
from scorecard.selectors.periods import (
    ScorecardPeriod,
    default_period,
    periods_with_comparators,
    scorecard_periods,
)
from scorecard.selectors.presentation import (
    NOT_PUBLISHED,
    RatingTag,
    TeascFigures,
    choice_words,
    direction_colour,
    quartile_words,
    rating_tag,
)

__all__ = [
    "Comparator",
    "figure_comparators",
    "is_too_few",
    "too_few_words",
    "NOT_PUBLISHED",
    "SORTS",
    "CouncilPage",
    "Change",
    "DomainSection",
    "EvidenceRow",
    "HistoryEntry",
    "MeasureCouncilRow",
    "MeasurePage",
    "MeasureRow",
    "OflogPage",
    "OflogRow",
    "OverviewCell",
    "OverviewPage",
    "OverviewRow",
    "RatingTag",
    "ScorecardPage",
    "ScorecardPeriod",
    "TeascFigures",
    "choice_words",
    "council_list",
    "council_page_get",
    "council_scorecard_get",
    "default_period",
    "judgement_history_list",
    "direction_colour",
    "measure_download_rows",
    "measure_page_get",
    "neighbour_positions",
    "oflog_page_get",
    "overview_cell",
    "overview_get",
    "periods_with_comparators",
    "quartile_words",
    "rating_tag",
    "scorecard_periods",
]
