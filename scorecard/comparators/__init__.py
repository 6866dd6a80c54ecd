"""The one place comparators are computed, vectorised with pandas and stored, so pages only
read what is stored here: :mod:`~scorecard.comparators.quarterly` and
:mod:`~scorecard.comparators.published` on the shared
:mod:`~scorecard.comparators.statistics`, written through
:mod:`~scorecard.comparators.storage`.

Quarterly, from accepted returns (:func:`comparators_recompute`): for every measure collected
in the return, the North West mean, median, quartiles and MAD over councils' accepted figures;
England's published figure for that financial year (or the latest earlier one, following the
measure's predecessor across the 2023 renumbering); for each council its rank in the region
(1 = best, by polarity), the quarter of NW values it falls in, its direction of travel over the
last four quarters, its distance from the NW median in MADs and its band, the same among
councils of its type; and each council's TEASC summary.

Annually, from the published national figures of all English councils
(:func:`published_comparators_recompute`): England, councils of the same type, the North West,
and each NW council's own CIPFA and NHS England peer groups; and where each NW council stands in
each.

Rules shared by both:

- **MAD** is the unscaled median of absolute deviations from the median, over the group's
  councils with a figure (Oflog's ``MADs_from_median``); a council's distance is
  (value - median) / MAD.
- **Bands** by the distance's size: under 0.5 broadly similar; 0.5 to under 1.5 slightly;
  1.5 to under 3 better or worse; 3 to 7.5 much; beyond 7.5 left for a person to describe.
  Better or worse follows the measure's polarity. The size is rounded to 9 decimal places first,
  so floating-point noise (``(7.7 - 7.6) / 0.3``) never moves a figure across an edge.
- **Never banded**: a measure without a declared polarity (``NOT_BANDED``); a group of fewer
  than 8 figures (``TOO_SMALL``); no figure (``NO_VALUE``), in that order of precedence.
- **MAD of 0** (at least half the group share the median's value): a council at the median is
  0 MADs away (``SIMILAR``); any other council is an infinite distance away, stored as no
  distance (``None``) and banded ``BEYOND``, for a person to describe.
- **Missing or suppressed figures** are left out of every group and counted: quarterly as
  positions with no value (band ``NO_VALUE``), annually in the benchmark's ``suppressed``.
- Distances are stored even for groups too small to band; the band says whether to use them.
"""

from scorecard.comparators.published import (
    COUNCIL_TYPE_BY_PREFIX,
    PublishedRecomputeResult,
    council_type_of,
    peer_groups_applicable,
    published_comparators_recompute,
    published_comparators_recompute_all,
    published_compute,
    published_years,
)
from scorecard.comparators.quarterly import (
    DIRECTION_THRESHOLD,
    RecomputeResult,
    accepted_values,
    comparators_recompute,
    compute,
    periods_with_accepted_returns,
    teasc_summaries,
)
from scorecard.comparators.statistics import (
    BAND_DECIMALS,
    POLARITIES,
    bands,
    distance_in_mads,
    group_statistics,
)
from scorecard.models import MIN_GROUP_SIZE, TREND_PERIODS

__all__ = [
    "BAND_DECIMALS",
    "COUNCIL_TYPE_BY_PREFIX",
    "DIRECTION_THRESHOLD",
    "MIN_GROUP_SIZE",
    "POLARITIES",
    "TREND_PERIODS",
    "PublishedRecomputeResult",
    "RecomputeResult",
    "accepted_values",
    "bands",
    "comparators_recompute",
    "compute",
    "council_type_of",
    "distance_in_mads",
    "group_statistics",
    "peer_groups_applicable",
    "periods_with_accepted_returns",
    "published_comparators_recompute",
    "published_comparators_recompute_all",
    "published_compute",
    "published_years",
    "teasc_summaries",
]
