"""Publishing from the judgements page publishes what the page shows: edits not yet saved are
saved first, never silently dropped; a form with errors publishes nothing."""

import pytest
from django.urls import reverse

from scorecard.models import Judgement, Rating
from tests.scorecard.test_judgements import form_data, period, record_all  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(period) -> str:  # noqa: F811
    return reverse("scorecard:judgements", kwargs={"slug": "wirral", "period": period.slug})


def test_publishing_with_unsaved_edits_saves_and_publishes_them(
    client_for,
    planning_group_member,
    wirral,
    period,  # noqa: F811
):
    record_all(wirral, period, planning_group_member)
    page = client_for(planning_group_member).get(_url(period)).content.decode()
    assert 'name="action" value="publish"' in page
    edited = form_data(
        rating=Rating.AMBER, **{"culture-rating": Rating.RED, "culture-commentary": "Edited."}
    )
    response = client_for(planning_group_member).post(
        _url(period), {**edited, "action": "publish"}, follow=True
    )
    culture = Judgement.objects.get(council=wirral, period=period, domain="culture")
    assert (culture.rating, culture.commentary) == (Rating.RED, "Edited.")
    assert (culture.published_rating, culture.published_commentary) == (Rating.RED, "Edited.")
    assert "Your changes are saved (" in response.content.decode()
    assert "is published: 6 domains updated" in response.content.decode()


def test_publishing_a_form_with_errors_publishes_nothing(
    client_for,
    planning_group_member,
    wirral,
    period,  # noqa: F811
):
    record_all(wirral, period, planning_group_member)
    data = form_data(**{"culture-rating": Rating.RED})
    del data["performance-rating"]
    response = client_for(planning_group_member).post(_url(period), {**data, "action": "publish"})
    assert response.status_code == 400
    assert not Judgement.objects.filter(published_at__isnull=False).exists()
    assert Judgement.objects.get(domain="culture").rating == Rating.AMBER
