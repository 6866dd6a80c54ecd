"""Every page runs a fixed number of queries whatever the number of councils, measures and
quarters: measured at a small scale and again at a larger one, with the same ceiling."""

from typing import Any

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure, Return, ReturnUpload
from returns.services import return_upload_create
from scorecard.comparators import comparators_recompute
from tests.conftest import committed
from tests.factories import accepted_returns, extra_measures, periods
from tests.returns.files import csv_upload

pytestmark = pytest.mark.django_db

PAGES = [
    ("pages:home", lambda w: {}),
    ("scorecard:councils", lambda w: {}),
    ("scorecard:council", lambda w: {"slug": "wirral"}),
    ("returns:list", lambda w: {}),
    ("returns:completeness", lambda w: {}),
    ("returns:detail", lambda w: {"council_slug": "wirral", "period_slug": w["open"].slug}),
    (
        "returns:version",
        lambda w: {"council_slug": "wirral", "period_slug": w["open"].slug, "number": 1},
    ),
    (
        "returns:compare",
        lambda w: {
            "council_slug": "wirral",
            "period_slug": w["open"].slug,
            "number": 2,
            "other": 1,
        },
    ),
    ("returns:upload_status", lambda w: {"pk": w["upload"].pk}),
    ("returns:upload", lambda w: {"council_slug": "wirral", "period_slug": w["open"].slug}),
]
CEILING = 16
# The administrator's and the Planning Group's home pages read the review queue, which has its
# own fixed number of queries (tests/pages/test_home_queries.py holds them at 153 councils).
HOME_CEILING = 24


def build(scale: int, wirral_lead: Any, regional_admin: Any, open_period: Any) -> dict[str, Any]:
    councils = list(Council.objects.order_by("pk")[: 4 * scale])
    history = periods(2020, 2 * scale)
    measures = list(Measure.objects.in_return()) + extra_measures(10 * scale)
    accepted_returns(councils, history, measures, regional_admin)
    for period in history:
        comparators_recompute(period=period)
    uploads = []
    for overrides in ({}, {"2C": "499.0"}):
        with committed():
            uploads.append(
                return_upload_create(
                    council=councils[0]
                    if councils[0].slug == "wirral"
                    else Council.objects.get(slug="wirral"),
                    period=open_period,
                    file=csv_upload(Council.objects.get(slug="wirral"), open_period, **overrides),
                    uploaded_by=wirral_lead,
                ).upload
            )
    return {"open": open_period, "upload": uploads[0]}


@pytest.mark.parametrize("persona", ["wirral_lead", "regional_admin"])
@pytest.mark.parametrize("scale", [1, 3])
def test_pages_use_a_fixed_number_of_queries(
    scale,
    persona,
    request,
    client_for,
    wirral_lead,
    regional_admin,
    open_period,
    django_assert_max_num_queries,
):
    world = build(scale, wirral_lead, regional_admin, open_period)
    client = client_for(request.getfixturevalue(persona))
    assert Return.objects.count() >= 8 * scale
    assert ReturnUpload.objects.count() == 2
    for name, kwargs in PAGES:
        if persona == "regional_admin" and name == "returns:upload":
            continue
        url = reverse(name, kwargs=kwargs(world))
        ceiling = HOME_CEILING if name == "pages:home" else CEILING
        with django_assert_max_num_queries(ceiling, info=url):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("scale", [1, 3])
def test_public_council_page_query_count_is_fixed(
    scale, client_for, wirral_lead, regional_admin, open_period, django_assert_max_num_queries
):
    build(scale, wirral_lead, regional_admin, open_period)
    with django_assert_max_num_queries(8):
        response = client_for(None).get(reverse("scorecard:council", args=["wirral"]))
    assert response.status_code == 200
    assert "ranked" not in response.content.decode()
