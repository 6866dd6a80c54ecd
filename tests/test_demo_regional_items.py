"""The demonstration's returns carry every tier the council is asked for: the region's own
AQuA and NW benchmarking items (invented, and labelled so) beside the ASCOF measures."""

import pytest

from authorities.models import Council
from demo.returns import (
    REGIONAL_FRAMEWORK,
    _published,
    demo_return,
    quarter_figures,
    quarter_months,
    regional_items_demo_load,
)
from returns.models import Measure, ReturnTier, ReturnValue, UploadState
from tests.conftest import make_period, make_user

pytestmark = pytest.mark.django_db


def test_the_regional_items_are_added_once_and_labelled_as_demonstration():
    assert regional_items_demo_load() == 4
    assert regional_items_demo_load() == 0
    items = Measure.objects.in_return().filter(framework_version=REGIONAL_FRAMEWORK)
    assert {m.tier for m in items} == {ReturnTier.AQUA, ReturnTier.NW_BENCHMARKING}
    assert all(m.name.startswith("Demonstration:") for m in items)
    assert all(m.definition.startswith("Demonstration:") for m in items)


def test_a_demonstration_return_carries_every_tier_with_months_that_make_its_quarters():
    regional_items_demo_load()
    wirral = Council.objects.get(slug="wirral")
    period = make_period(2024, 1)
    measures = list(Measure.objects.in_return())
    figures = quarter_figures(_published(measures), measures, wirral, period)
    regional = [(m, v) for m, v in figures if m.framework_version == REGIONAL_FRAMEWORK]
    assert all(v is not None for _, v in regional)
    for measure, value in regional:
        months = quarter_months(measure, value)
        assert len(months) == 3, measure.code
    lead = make_user("lead@example.org", "performance_lead", wirral)
    ret = demo_return(council=wirral, period=period, figures=figures, uploaded_by=lead)
    upload = ret.uploads.get()
    assert upload.state == UploadState.VALID, upload.problems
    stored = ReturnValue.objects.filter(version__upload=upload, value__isnull=False)
    assert {v.measure.tier for v in stored.select_related("measure")} >= {
        ReturnTier.AQUA,
        ReturnTier.NW_BENCHMARKING,
    }
    ret.refresh_from_db()
    assert ret.is_demonstration
