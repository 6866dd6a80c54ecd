"""The regional overview: councils × six domains, published ratings only for the public, drafts
for the Planning Group, the change since last quarter in words, filters, sort, and only the
councils that existed in the quarter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import AuthorityType, Council, SubRegion
from returns.models import Domain, Measure
from scorecard.comparators import comparators_recompute
from scorecard.models import Judgement, Rating, TeascComparator, TeascSummary
from tests.factories import accepted_returns, extra_measures, periods

pytestmark = pytest.mark.django_db

URL = reverse("scorecard:overview")


def judge(council, period, domain, by, *, rating, published="", commentary="", internal=""):
    return Judgement.objects.create(
        council=council,
        period=period,
        domain=domain,
        rating=rating,
        commentary=commentary,
        internal_commentary=internal,
        published_rating=published,
        published_commentary=commentary if published else "",
        published_at=timezone.now() if published else None,
        written_by=by,
    )


def scorecard_link(slug: str) -> str:
    return reverse("scorecard:scorecard", args=[slug])


@pytest.fixture
def year(regional_admin):
    """2023/24 Q1-Q4 with Wirral published in Q3 and Q4, and draft changes in Q4."""
    quarters = periods(2023, 4)
    wirral = Council.objects.get(slug="wirral")
    sefton = Council.objects.get(slug="sefton")
    q3, q4 = quarters[2], quarters[3]
    judge(wirral, q3, Domain.LEADERSHIP, regional_admin, rating="amber", published="amber")
    judge(wirral, q3, Domain.PERFORMANCE, regional_admin, rating="green", published="green")
    judge(wirral, q4, Domain.LEADERSHIP, regional_admin, rating="green", published="green")
    judge(wirral, q4, Domain.PERFORMANCE, regional_admin, rating="green", published="green")
    # Published Amber, redrafted as Red and not yet published.
    amended = judge(wirral, q4, Domain.RESOURCES, regional_admin, rating="amber", published="amber")
    amended.rating = Rating.RED
    amended.save()
    # Never published.
    judge(sefton, q4, Domain.CULTURE, regional_admin, rating="red")
    TeascSummary.objects.create(
        council=wirral, period=q4, items=20, better=15, improving=12, better_and_improving=10
    )
    TeascSummary.objects.create(
        council=sefton, period=q4, items=20, better=4, improving=5, better_and_improving=2
    )
    TeascSummary.objects.create(
        council=wirral,
        period=q4,
        comparator=TeascComparator.ENGLAND,
        items=18,
        better=3,
        improving=12,
        better_and_improving=1,
    )
    return quarters


def test_an_empty_overview_says_so(client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 200
    assert (
        "There are no published judgements or comparator figures yet" in response.content.decode()
    )


def test_public_sees_published_ratings_as_words_and_never_drafts(year, client_for):
    html = client_for(None).get(URL).content.decode()
    assert "North West regional overview: 2023/24 Q4" in html
    assert 'govuk-tag govuk-tag--green">Green<' in html
    assert 'govuk-tag govuk-tag--yellow">Amber<' in html
    assert "Draft" not in html
    assert ">Red<" not in html
    assert "Red" not in html
    assert 'govuk-tag--grey">Not published<' in html


@pytest.mark.parametrize("persona", ["wirral_lead", "board_member", "sefton_lead"])
def test_signed_in_readers_outside_the_planning_group_see_no_drafts(
    persona, year, client_for, request
):
    response = client_for(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft" not in html
    assert "Red" not in html


@pytest.mark.parametrize("persona", ["planning_group_member", "risk_assessor", "regional_admin"])
def test_the_planning_group_sees_drafts_marked_as_drafts(persona, year, client_for, request):
    html = client_for(request.getfixturevalue(persona)).get(URL).content.decode()
    assert "Draft (not published): Red" in html
    # The published rating is still shown as published.
    assert 'govuk-tag govuk-tag--yellow">Amber<' in html
    assert html.count("Draft (not published): ") == 2


def test_the_change_since_last_quarter_is_in_words(year, client_for):
    html = client_for(None).get(URL).content.decode()
    assert "with the change since 2023/24 Q3" in html
    assert "was Amber" in html
    assert "no change" in html
    assert "not published last quarter" in html


def test_the_first_published_quarter_has_no_change_words(year, client_for):
    html = client_for(None).get(URL, {"period": "2023-24-Q3"}).content.decode()
    assert "North West regional overview: 2023/24 Q3" in html
    assert "was " not in html
    assert "no change" not in html


def test_teasc_summary_is_shown_as_counts_and_shares(year, client_for):
    html = client_for(None).get(URL).content.decode()
    assert (
        "TEASC items better than the comparator (North West median of councils’ returns), "
        "improving, and both" in html
    )
    assert "Better: 15 of 20 (75%)" in html
    assert "Improving: 12 of 20 (60%)" in html
    assert "Both: 10 of 20 (50%)" in html
    assert "No summary for this quarter" in html


def test_teasc_comparator_can_be_switched_and_the_page_says_which(year, client_for):
    html = client_for(None).get(URL, {"comparator": "england"}).content.decode()
    assert "TEASC items better than the comparator (Published England figure)" in html
    assert "Better: 3 of 18 (17%)" in html
    assert '<option value="england" selected>' in html
    # Sefton has no summary against England; an unknown comparator falls back to the default.
    assert "No summary for this quarter" in html
    html = client_for(None).get(URL, {"comparator": "mean"}).content.decode()
    assert "Better: 15 of 20 (75%)" in html


def test_default_is_the_latest_quarter_with_a_published_judgement(year, client_for, regional_admin):
    later = periods(2024, 1)[0]
    judge(Council.objects.get(slug="wirral"), later, Domain.CULTURE, regional_admin, rating="red")
    html = client_for(None).get(URL).content.decode()
    assert "North West regional overview: 2023/24 Q4" in html


def test_without_judgements_the_latest_quarter_with_comparators_is_shown(
    client_for, regional_admin
):
    quarters = periods(2023, 2)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), regional_admin)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    html = client_for(None).get(URL).content.decode()
    assert "North West regional overview: 2023/24 Q2" in html
    assert "No judgements have been published for 2023/24 Q2 yet." in html
    assert scorecard_link("wirral") in html


def test_filter_by_sub_region(year, client_for):
    merseyside = SubRegion.objects.get(name="Greater Merseyside")
    html = client_for(None).get(URL, {"sub_region": merseyside.pk}).content.decode()
    assert scorecard_link("wirral") in html
    assert scorecard_link("sefton") in html
    assert scorecard_link("bolton") not in html
    assert f'<option value="{merseyside.pk}" selected>Greater Merseyside</option>' in html


def test_filter_by_council_type(year, client_for):
    html = client_for(None).get(URL, {"type": AuthorityType.UNITARY}).content.decode()
    assert scorecard_link("blackpool") in html
    assert scorecard_link("wirral") not in html
    assert scorecard_link("lancashire") not in html


def test_unknown_filters_are_ignored(year, client_for):
    response = client_for(None).get(URL, {"type": "nonsense", "sub_region": "x", "sort": "y"})
    assert response.status_code == 200
    assert scorecard_link("wirral") in response.content.decode()


def test_a_filter_matching_no_council_says_so(year, client_for):
    merseyside = SubRegion.objects.get(name="Greater Merseyside")
    html = client_for(None).get(URL, {"type": AuthorityType.COUNTY, "sub_region": merseyside.pk})
    assert "No councils match these filters for 2023/24 Q4." in html.content.decode()


def test_signed_in_readers_may_sort_by_teasc_share_highest_first(year, client_for, board_member):
    client = client_for(board_member)
    by_name = client.get(URL).content.decode()
    assert by_name.index(scorecard_link("sefton")) < by_name.index(scorecard_link("wirral"))
    by_share = client.get(URL, {"sort": "teasc"}).content.decode()
    assert by_share.index(scorecard_link("wirral")) < by_share.index(scorecard_link("sefton"))
    # Councils without a summary come last.
    assert by_share.index(scorecard_link("sefton")) < by_share.index(scorecard_link("bolton"))
    assert 'name="sort"' in by_share


def test_the_public_overview_never_ranks_councils(year, client_for):
    by_share = client_for(None).get(URL, {"sort": "teasc"})
    html = by_share.content.decode()
    assert html.index(scorecard_link("sefton")) < html.index(scorecard_link("wirral"))
    assert by_share.context["page"].sort == "name"
    assert 'name="sort"' not in html
    assert "Share better than the comparator and improving" not in html


def test_councils_not_active_in_the_quarter_are_left_out(client_for, regional_admin):
    before, after = periods(2022, 5)[3:5]
    judge(Council.objects.get(slug="cumbria"), before, Domain.CULTURE, regional_admin,
          rating="green", published="green")  # fmt: skip
    html = client_for(None).get(URL, {"period": before.slug}).content.decode()
    assert scorecard_link("cumbria") in html
    assert scorecard_link("cumberland") not in html
    assert scorecard_link("westmorland-and-furness") not in html
    html = client_for(None).get(URL, {"period": after.slug}).content.decode()
    assert scorecard_link("cumbria") not in html
    assert scorecard_link("cumberland") in html
    assert scorecard_link("westmorland-and-furness") in html


def test_an_unknown_quarter_is_404(client_for):
    assert client_for(None).get(URL, {"period": "2099-00-Q1"}).status_code == 404
    assert client_for(None).get(URL, {"period": "nonsense"}).status_code == 404


def test_posting_is_refused(client_for):
    assert client_for(None).post(URL).status_code == 405


@pytest.mark.parametrize(
    "persona",
    [None, "wirral_lead", "sefton_lead", "board_member", "planning_group_member", "regional_admin"],
)
def test_everyone_may_read_it(persona, year, client_for, request):
    user = request.getfixturevalue(persona) if persona else None
    assert client_for(user).get(URL).status_code == 200


def test_controls_have_labels_and_the_table_a_caption(year, client_for, board_member):
    html = client_for(board_member).get(URL).content.decode()
    for control in ("period", "sub_region", "type", "sort"):
        assert f'<label class="govuk-label" for="{control}">' in html
    assert '<caption class="govuk-table__caption' in html
    assert html.count("<h1") == 1
    assert '<th scope="row"' in html
    assert '<th scope="col"' in html


# Query counts: the same ceiling at two scales of councils, measures, quarters and judgements.

OVERVIEW_QUERIES = {None: 4, "planning_group_member": 7}


def build(scale: int, by) -> None:
    quarters = periods(2021, 4 * scale)
    region, _ = SubRegion.objects.get_or_create(name="Elsewhere")
    Council.objects.bulk_create(
        [
            Council(
                ons_code=f"E0999{scale}{i:03d}",
                name=f"Test council {scale}-{i}",
                slug=f"test-council-{scale}-{i}",
                authority_type=AuthorityType.UNITARY,
                sub_region=region,
            )
            for i in range(10 * scale)
        ]
    )
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    measures = list(Measure.objects.in_return()) + extra_measures(10 * scale)
    accepted_returns(councils, quarters, measures, by)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    now = timezone.now()
    Judgement.objects.bulk_create(
        [
            Judgement(
                council=c,
                period=q,
                domain=d,
                rating=Rating.RED,
                published_rating=Rating.AMBER,
                published_at=now - datetime.timedelta(days=1),
                written_by=by,
            )
            for q in quarters[-2:]
            for c in councils
            for d in Domain.values
        ]
    )
    # Whatever the comparators stored, every council has a summary for the latest quarter.
    TeascSummary.objects.filter(period=quarters[-1]).delete()
    TeascSummary.objects.bulk_create(
        [TeascSummary(council=c, period=quarters[-1], items=20, better=10) for c in councils]
    )


@pytest.mark.parametrize("persona", [None, "planning_group_member"])
@pytest.mark.parametrize("scale", [1, 3])
def test_the_overview_runs_a_fixed_number_of_queries(
    scale, persona, request, client_for, regional_admin, django_assert_max_num_queries
):
    build(scale, regional_admin)
    client = client_for(request.getfixturevalue(persona) if persona else None)
    with django_assert_max_num_queries(OVERVIEW_QUERIES[persona]):
        response = client.get(URL, {"sort": "teasc"})
    assert response.status_code == 200
    assert response.content.decode().count(">Amber<") >= 6 * 24
