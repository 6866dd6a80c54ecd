"""Where no published source states a better direction, the regional administrator declares
the direction the region treats as better, with a reason, kept with its history; pages say it
is the region's; the comparators band and rank by it; a published direction cannot be
overridden."""

import pytest
from django.urls import reverse

from authorities.models import Council
from returns.models import Measure, Polarity
from returns.selectors import polarity_history
from returns.services import ReturnRefused, measure_polarity_declare
from scorecard.comparators import comparators_recompute
from scorecard.models import Band, CouncilPosition
from tests.factories import accepted_returns, periods

pytestmark = pytest.mark.django_db
REASON = "a higher proportion means more people who use services feel safe."


def feeling_safe() -> Measure:
    return Measure.objects.in_return().get(code="4A")


def test_declaring_a_direction_keeps_its_reason_and_history(regional_admin):
    measure = measure_polarity_declare(
        measure=feeling_safe(), polarity=Polarity.HIGHER, reason=REASON, declared_by=regional_admin
    )
    assert measure.polarity == Polarity.NOT_VERIFIED  # the published state is unchanged
    assert measure.polarity_is_regional
    assert measure.has_polarity
    assert measure.better_in_words.endswith(f"The region treats higher as better because {REASON}")
    measure_polarity_declare(
        measure=measure, polarity="", reason="Under review", declared_by=regional_admin
    )
    measure.refresh_from_db()
    assert not measure.has_polarity
    entries = polarity_history(measure)
    assert [(e.polarity, e.reason) for e in entries] == [
        ("No direction", "Under review"),
        ("Higher is better", REASON),
    ]
    assert entries[1].who == str(regional_admin)


def test_a_published_direction_cannot_be_overridden(regional_admin):
    published = Measure.objects.in_return().get(code="1A")
    with pytest.raises(ReturnRefused):
        measure_polarity_declare(
            measure=published, polarity=Polarity.LOWER, reason="x", declared_by=regional_admin
        )
    published.refresh_from_db()
    assert published.region_polarity == ""


def test_a_declaration_needs_a_reason(regional_admin):
    with pytest.raises(ReturnRefused, match="Enter why"):
        measure_polarity_declare(
            measure=feeling_safe(), polarity=Polarity.HIGHER, reason=" ", declared_by=regional_admin
        )
    assert feeling_safe().region_polarity == ""


def test_administrators_page_declares_and_shows_errors(regional_admin, client_for):
    client = client_for(regional_admin)
    url = reverse("returns:polarity_declare", args=[feeling_safe().pk])
    refused = client.post(url, {"polarity": Polarity.HIGHER, "reason": ""})
    assert refused.status_code == 400
    assert "Enter why the region treats this direction as better" in refused.content.decode()
    assert feeling_safe().region_polarity == ""
    done = client.post(url, {"polarity": Polarity.HIGHER, "reason": REASON})
    assert done.status_code == 302
    assert feeling_safe().region_polarity == Polarity.HIGHER
    listing = client.get(reverse("returns:polarity_list")).content.decode()
    assert "Declared by the region" in listing
    page = client.get(url).content.decode()
    assert REASON in page  # in the history table


def test_comparators_band_a_declared_measure_and_pages_say_whose_direction(
    regional_admin, client, django_capture_on_commit_callbacks
):
    quarters = periods(2023, 2)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), regional_admin)
    measure = feeling_safe()
    comparators_recompute(period=quarters[-1])
    before = set(CouncilPosition.objects.filter(measure=measure).values_list("band", flat=True))
    assert before <= {Band.NOT_BANDED.value, Band.NO_VALUE.value}
    # The declaration recomputes the comparators (in process here, a job in production).
    with django_capture_on_commit_callbacks(execute=True):
        measure_polarity_declare(
            measure=measure, polarity=Polarity.HIGHER, reason=REASON, declared_by=regional_admin
        )
    after = CouncilPosition.objects.filter(
        measure=measure, period=quarters[-1], value__isnull=False
    )
    assert after.exists()
    assert all(p.band != Band.NOT_BANDED for p in after)
    html = client.get(reverse("scorecard:measure", args=[measure.pk])).content.decode()
    assert "Declared by the region" in html
    assert f"The region treats higher as better because {REASON}" in html
