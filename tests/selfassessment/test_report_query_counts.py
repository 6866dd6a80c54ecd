"""The list, moderation and regional report pages run a fixed number of queries at a small
scale (3 councils, 12 standards) and at the issue's scale (24 councils by 40 standards)."""

import datetime

import pytest
from django.urls import reverse

from authorities.models import Council
from tests.selfassessment.helpers import FY
from tests.selfassessment.test_query_counts import SCALES, fill, review_with

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scale", list(SCALES))
def test_the_planning_groups_pages_run_a_fixed_number_of_queries(
    scale, wirral, planning_group_member, client_for, django_assert_max_num_queries
) -> None:
    count, standards = SCALES[scale]
    review = review_with(standards)
    others = list(
        Council.objects.active_between(datetime.date(FY, 4, 1), datetime.date(FY + 1, 3, 31))
        .exclude(pk=wirral.pk)
        .order_by("name")[: count - 1]
    )
    fill(review, [wirral, *others], planning_group_member)
    client = client_for(planning_group_member)
    code = review.standards.order_by("section__order", "order").first().code
    pages = [
        (reverse("selfassessment:review_list", args=[review.pk]), 9),
        (reverse("selfassessment:moderate", args=[review.pk, "wirral", code]), 14),
        (reverse("selfassessment:report", args=[review.pk]), 12),
        (reverse("selfassessment:report_xlsx", args=[review.pk]), 12),
    ]
    for url, ceiling in pages:
        with django_assert_max_num_queries(ceiling):
            response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(pages[2][0]).content.decode()
    assert html.count('data-category="not_submitted"') == (standards if count < 24 else 0)
