"""The completeness grid: councils × tiers for a quarter, for the administrator; a council sees
its own row only."""

import datetime

import pytest
from django.urls import reverse

from returns.models import Measure
from returns.selectors import completeness_grid
from returns.services import return_submit, return_upload_create
from tests.conftest import committed
from tests.factories import extra_measures
from tests.returns.files import csv_upload

pytestmark = pytest.mark.django_db


def test_grid_shows_each_status_by_tier(
    wirral, sefton, open_period, wirral_lead, sefton_lead, regional_admin
):
    extra_measures(3)
    with committed():
        wirral_upload = return_upload_create(
            council=wirral,
            period=open_period,
            file=csv_upload(wirral, open_period, **{f"NW{i:03d}": "50" for i in range(3)}),
            uploaded_by=wirral_lead,
        ).upload
    wirral_upload.refresh_from_db()
    return_submit(version=wirral_upload.version, submitted_by=wirral_lead)
    with committed():
        return_upload_create(
            council=sefton,
            period=open_period,
            file=csv_upload(sefton, open_period, NW000="", NW001="", NW002="50"),
            uploaded_by=sefton_lead,
        )
    tiers, rows = completeness_grid(fetched_by=regional_admin, period=open_period)
    assert [t for t, _ in tiers] == ["ascof", "nw"]
    by_name = {row.council.name: row for row in rows}
    assert len(rows) == 24
    assert [(c.label, c.answered, c.expected) for c in by_name["Wirral"].cells] == [
        ("Submitted", 22, 22),
        ("Submitted", 3, 3),
    ]
    assert [(c.label, c.answered) for c in by_name["Sefton"].cells] == [("Draft", 22), ("Draft", 1)]
    assert by_name["Halton"].cells[0].label == "Not started"
    late = completeness_grid(
        fetched_by=regional_admin,
        period=open_period,
        today=open_period.deadline + datetime.timedelta(days=1),
    )[1]
    assert {r.council.name: r.cells[0].label for r in late}["Halton"] == "Late"
    assert {r.council.name: r.cells[0].label for r in late}["Wirral"] == "Submitted"
    assert Measure.objects.in_return().count() == 25


def test_a_council_sees_only_its_own_row(wirral_lead, open_period, client_for):
    html = (
        client_for(wirral_lead)
        .get(reverse("returns:completeness"), {"period": open_period.slug})
        .content.decode()
    )
    assert "Wirral" in html
    assert "Sefton" not in html
    _tiers, rows = completeness_grid(fetched_by=wirral_lead, period=open_period)
    assert [r.council.name for r in rows] == ["Wirral"]


def test_councils_that_did_not_exist_in_the_quarter_are_left_out(regional_admin):
    from tests.factories import periods

    [q] = periods(2022, 1)
    names = {r.council.name for r in completeness_grid(fetched_by=regional_admin, period=q)[1]}
    assert "Cumbria" in names
    assert "Cumberland" not in names
