"""Every open data list and download runs a fixed number of queries, whatever the number of
councils, measures and quarters."""

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import Council
from returns.models import Domain, GeographyLevel, Measure, PublishedValue
from scorecard.comparators import comparators_recompute
from scorecard.models import Judgement, Rating
from tests.factories import accepted_returns, extra_measures, periods

pytestmark = pytest.mark.django_db

# (url name, format argument, query, ceiling): filters add one query each.
CASES = [
    ("opendata:api_councils", None, {}, 2),
    ("opendata:api_measures", None, {}, 2),
    ("opendata:api_measure_values", None, {}, 2),
    ("opendata:api_measure_values", None, {"council": "wirral", "measure": "NW000"}, 4),
    ("opendata:api_ratings", None, {"year": "2023"}, 2),
    ("opendata:ratings_download", "xlsx", {}, 1),
    ("opendata:measure_values_download", "csv", {}, 1),
    ("opendata:measure_values_download", "xlsx", {"measure": "NW000", "council": "wirral"}, 3),
    ("opendata:api_docs", None, {}, 0),
    ("opendata:index", None, {}, 0),
]
# The session, the user and, on pages, their memberships for the navigation.
SIGNED_IN = 3


def build(scale: int, by) -> None:
    councils = list(Council.objects.active_on(periods(2023, 1)[0].ends_on)[: 4 * scale])
    measures = extra_measures(2 * scale)
    quarters = periods(2023, scale)
    accepted_returns(councils, quarters, measures, by)
    for quarter in quarters:
        comparators_recompute(period=quarter)
        Judgement.objects.bulk_create(
            [
                Judgement(
                    council=c,
                    period=quarter,
                    domain=d,
                    rating=Rating.AMBER,
                    published_rating=Rating.GREEN,
                    published_at=timezone.now(),
                    written_by=by,
                )
                for c in councils
                for d in Domain.values
            ]
        )
    PublishedValue.objects.bulk_create(
        [
            PublishedValue(
                measure=m,
                year=2020 + y,
                level=GeographyLevel.COUNCIL,
                geography=c.ons_code,
                geography_name=c.name,
                value=50.0 + y,
                dataset="oflog_asc",
            )
            for m in measures
            for c in councils
            for y in range(scale)
        ]
    )


@pytest.mark.parametrize("scale", [1, 3])
@pytest.mark.parametrize("persona", [None, "planning_group_member"])
@pytest.mark.parametrize(("name", "fmt", "query", "ceiling"), CASES)
def test_queries_do_not_grow_with_the_data(
    scale,
    persona,
    name,
    fmt,
    query,
    ceiling,
    regional_admin,
    client_for,
    request,
    django_assert_max_num_queries,
):
    build(scale, regional_admin)
    assert Measure.objects.filter(code="NW000").exists()
    client = client_for(request.getfixturevalue(persona) if persona else None)
    url = reverse(name, args=[fmt]) if fmt else reverse(name)
    with django_assert_max_num_queries(ceiling + (SIGNED_IN if persona else 0)):
        response = client.get(url, query)
    assert response.status_code == 200
