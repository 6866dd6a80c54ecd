"""The self-assessment page and the answer page run a fixed number of queries, at a small scale
(3 councils, 12 standards) and at the issue's (24 councils, 40 standards), with answers,
moderation, files and events on every self-assessment."""

import datetime

import pytest
from django.urls import reverse

from authorities.models import Council
from tests.selfassessment.helpers import FY
from tests.selfassessment.test_query_counts import SCALES, fill, review_with

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 12
ANSWER_QUERIES = 14


@pytest.mark.parametrize("scale", list(SCALES))
def test_the_pages_run_a_fixed_number_of_queries(
    scale, wirral, wirral_lead, planning_group_member, client_for, django_assert_max_num_queries
) -> None:
    count, standards = SCALES[scale]
    review = review_with(standards)
    others = list(
        Council.objects.active_between(datetime.date(FY, 4, 1), datetime.date(FY + 1, 3, 31))
        .exclude(pk=wirral.pk)
        .order_by("name")[: count - 1]
    )
    fill(review, [wirral, *others], planning_group_member)
    last = review.standards.order_by("section__order", "order").last()

    for user in (wirral_lead, planning_group_member):
        client = client_for(user)
        with django_assert_max_num_queries(PAGE_QUERIES):
            page = client.get(
                reverse("selfassessment:self_assessment", args=[review.pk, wirral.slug])
            )
        assert page.status_code == 200
        assert f"{standards} of {standards} standards answered" in page.content.decode()
        with django_assert_max_num_queries(ANSWER_QUERIES):
            answer = client.get(
                reverse("selfassessment:answer", args=[review.pk, wirral.slug, last.code])
            )
        assert answer.status_code == 200
        assert "x.pdf" in answer.content.decode()
