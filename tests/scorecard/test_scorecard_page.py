"""A council's balanced scorecard: published ratings and public commentary for everyone, the
evidence behind each domain, and internal commentary and drafts for the Planning Group only."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from authorities.models import Council
from returns.models import Domain, Measure
from scorecard.comparators import comparators_recompute
from scorecard.models import (
    Band,
    ComparatorGroup,
    Judgement,
    LocalAccount,
    Narrative,
    PublishedPosition,
    QualityStatement,
    Rating,
)
from tests.factories import accepted_returns, extra_measures, periods

pytestmark = pytest.mark.django_db

PUBLIC_COMMENTARY = "Stable leadership after the restructure."
INTERNAL = "CONFIDENTIAL: the DASS post is about to fall vacant."
DRAFT_COMMENTARY = "DRAFT-ONLY: leadership at risk from the budget gap."
DRAFT_NARRATIVE = "DRAFT-NARRATIVE: not for publication."


def url(slug: str = "wirral", **query: str) -> str:
    path = reverse("scorecard:scorecard", args=[slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def quarter(regional_admin):
    """2023/24 Q4 with Wirral's Leadership judgement published then redrafted, a never-published
    Culture draft, a narrative, a Local Account and a quality statement."""
    q4 = periods(2023, 4)[-1]
    wirral = Council.objects.get(slug="wirral")
    leadership = Judgement.objects.create(
        council=wirral,
        period=q4,
        domain=Domain.LEADERSHIP,
        rating=Rating.RED,
        commentary=DRAFT_COMMENTARY,
        internal_commentary=INTERNAL,
        published_rating=Rating.GREEN,
        published_commentary=PUBLIC_COMMENTARY,
        published_at=timezone.now(),
        written_by=regional_admin,
    )
    statement = QualityStatement.objects.create(
        theme=QualityStatement.Theme.LEADERSHIP,
        number=901,
        name="Governance, management and sustainability",
    )
    leadership.quality_statements.add(statement)
    Judgement.objects.create(
        council=wirral,
        period=q4,
        domain=Domain.CULTURE,
        rating=Rating.AMBER,
        commentary="DRAFT-CULTURE: disengaging from networks.",
        written_by=regional_admin,
    )
    Narrative.objects.create(
        council=wirral,
        period=q4,
        generated_text="Generated.",
        text=DRAFT_NARRATIVE,
        published_text="Wirral performs well on most items.",
        published_at=timezone.now(),
    )
    account = LocalAccount(
        council=wirral,
        year=2023,
        url="https://www.wirral.gov.uk/local-account",
        assessment=LocalAccount.Assessment.VAGUE,
        notes="INTERNAL-NOTE: chase the council.",
        recorded_by=regional_admin,
    )
    account.document.save("wirral-2023.pdf", ContentFile(b"%PDF-1.4"), save=False)
    account.save()
    return q4


PUBLIC_PERSONAS = [None, "wirral_lead", "wirral_director", "sefton_lead", "board_member"]
SECRETS = [INTERNAL, DRAFT_COMMENTARY, DRAFT_NARRATIVE, "DRAFT-CULTURE", "INTERNAL-NOTE", "Draft"]


@pytest.mark.parametrize("persona", PUBLIC_PERSONAS)
def test_published_rating_and_commentary_are_shown_and_nothing_internal(
    persona, quarter, client_for, request
):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wirral balanced scorecard: 2023/24 Q4" in html
    assert 'govuk-tag govuk-tag--green">Green<' in html
    assert PUBLIC_COMMENTARY in html
    assert "Governance, management and sustainability" in html
    assert "Wirral performs well on most items." in html
    for secret in SECRETS:
        assert secret not in html, secret
    assert "Red" not in html


@pytest.mark.parametrize("persona", ["planning_group_member", "risk_assessor", "regional_admin"])
def test_the_planning_group_sees_internal_commentary_and_drafts(
    persona, quarter, client_for, request
):
    html = client_for(request.getfixturevalue(persona)).get(url()).content.decode()
    assert "Internal commentary (Planning Group only)" in html
    assert INTERNAL in html
    assert "Draft (not published)" in html
    assert DRAFT_COMMENTARY in html
    assert "Draft rating: Red" in html
    assert "DRAFT-CULTURE: disengaging from networks." in html
    assert DRAFT_NARRATIVE in html
    assert "INTERNAL-NOTE: chase the council." in html
    # The published rating is still the one shown as published.
    assert 'govuk-tag govuk-tag--green">Green<' in html


def test_unpublished_domains_say_so(quarter, client_for):
    html = client_for(None).get(url()).content.decode()
    assert "No judgement has been published in this domain for 2023/24 Q4." in html
    assert html.count('govuk-tag--grey">Not published<') >= 5


def test_local_account_is_linked_with_its_assessment(quarter, client_for):
    html = client_for(None).get(url()).content.decode()
    assert "Local Account 2023/24" in html
    assert "https://www.wirral.gov.uk/local-account" in html
    assert "Vague" in html
    assert reverse("scorecard:local_account_document", args=["wirral", 2023]) in html


def test_a_quarter_without_a_local_account_says_so(client_for, regional_admin):
    q1 = periods(2022, 1)[0]
    Judgement.objects.create(
        council=Council.objects.get(slug="sefton"),
        period=q1,
        domain=Domain.PERFORMANCE,
        rating=Rating.GREEN,
        published_rating=Rating.GREEN,
        published_at=timezone.now(),
        written_by=regional_admin,
    )
    html = client_for(None).get(url("sefton")).content.decode()
    assert "No Local Account has been recorded for Sefton for 2022/23." in html
    assert "No narrative has been published for 2022/23 Q1." in html


@pytest.fixture
def figures(regional_admin):
    quarters = periods(2023, 4)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))
    accepted_returns(councils, quarters, list(Measure.objects.in_return()), regional_admin)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    return quarters


def test_evidence_lists_mapped_measures_with_comparators_and_links(figures, client_for):
    html = client_for(None).get(url()).content.decode()
    mapped = Measure.objects.in_return().exclude(scorecard_domain="")
    assert mapped.exists()
    for measure in mapped:
        assert reverse("scorecard:measure", args=[measure.pk]) + "?period=2023-24-Q4" in html
    assert "North West median of councils’ returns" in html
    assert "Published England figure" in html
    assert "Trend of" in html
    assert "compared with the North West median" in html
    assert reverse("scorecard:council", args=["wirral"]) in html


def test_public_scorecard_shows_no_ranks(figures, client_for):
    html = client_for(None).get(url()).content.decode()
    assert "ranked" not in html
    assert "(1 = best)" not in html


def test_signed_in_readers_see_ranks(figures, client_for, sefton_lead):
    html = client_for(sefton_lead).get(url()).content.decode()
    assert "ranked" in html


def test_cipfa_neighbours_come_from_the_latest_published_year_up_to_the_quarter(
    figures, client_for
):
    measure = Measure.objects.in_return().exclude(scorecard_domain="").first()
    wirral = Council.objects.get(slug="wirral")
    for year, median in ((2021, 11.0), (2022, 22.0), (2024, 44.0)):
        PublishedPosition.objects.create(
            council=wirral,
            measure=measure,
            year=year,
            group=ComparatorGroup.CIPFA,
            value=30.0,
            median=median,
            count=16,
            band=Band.SLIGHTLY_BETTER,
        )
    html = client_for(None).get(url()).content.decode()
    assert "CIPFA nearest neighbours’ median (excluding Wirral)" in html
    assert f"{22.0:.{measure.decimal_places}f}<br>" in html
    assert "Median of 16 neighbours’ published figures, 2022/23" in html
    assert "Slightly better (Wirral’s published figure for 2022/23" in html
    assert "2024/25" not in html


def test_a_council_not_active_in_the_quarter_says_so(figures, client_for):
    html = client_for(None).get(url("cumbria", period="2023-24-Q4")).content.decode()
    assert "Cumbria did not hold adult social care responsibility in 2023/24 Q4" in html


def test_a_council_with_nothing_published_says_so(client_for):
    response = client_for(None).get(url("halton"))
    assert response.status_code == 200
    assert "There is no published scorecard for Halton yet." in response.content.decode()


def test_unknown_council_or_quarter_is_404_and_post_is_405(client_for):
    client = client_for(None)
    assert client.get(url("atlantis")).status_code == 404
    assert client.get(url(period="1999-00-Q9")).status_code == 404
    assert client.post(url()).status_code == 405


@pytest.mark.parametrize(
    "persona", [*PUBLIC_PERSONAS, "planning_group_member", "risk_assessor", "regional_admin"]
)
def test_everyone_may_read_it(persona, quarter, client_for, request):
    user = request.getfixturevalue(persona) if persona else None
    assert client_for(user).get(url()).status_code == 200


def test_one_h1_and_labelled_controls(quarter, client_for):
    html = client_for(None).get(url()).content.decode()
    assert html.count("<h1") == 1
    assert '<label class="govuk-label" for="period">Quarter</label>' in html
    assert '<caption class="govuk-table__caption' in html


# Query counts: the same ceiling at two scales of measures, quarters and judgements.

SCORECARD_QUERIES = {None: 10, "planning_group_member": 13}


def build(scale: int, by) -> None:
    quarters = periods(2021, 4 * scale)
    councils = list(Council.objects.active_on(quarters[-1].ends_on))[: 8 * scale]
    measures = list(Measure.objects.in_return()) + extra_measures(10 * scale)
    for index, measure in enumerate(measures[-10 * scale :]):
        measure.scorecard_domain = Domain.values[index % 6]
    Measure.objects.bulk_update(measures[-10 * scale :], ["scorecard_domain"])
    accepted_returns(councils, quarters, measures, by)
    for quarter in quarters:
        comparators_recompute(period=quarter)
    statements = QualityStatement.objects.bulk_create(
        [
            QualityStatement(theme=QualityStatement.Theme.LEADERSHIP, number=900 + i, name=f"S{i}")
            for i in range(3 * scale)
        ]
    )
    wirral = Council.objects.get(slug="wirral")
    for quarter in quarters[-2:]:
        for domain in Domain.values:
            judgement = Judgement.objects.create(
                council=wirral,
                period=quarter,
                domain=domain,
                rating=Rating.RED,
                internal_commentary="Internal.",
                published_rating=Rating.AMBER,
                published_at=timezone.now() - datetime.timedelta(days=1),
                written_by=by,
            )
            judgement.quality_statements.set(statements)
    PublishedPosition.objects.bulk_create(
        [
            PublishedPosition(
                council=wirral, measure=m, year=year, group=ComparatorGroup.CIPFA, value=1.0
            )
            for m in measures
            for year in range(2019, 2019 + 2 * scale)
        ]
    )


@pytest.mark.parametrize("persona", [None, "planning_group_member"])
@pytest.mark.parametrize("scale", [1, 3])
def test_the_scorecard_runs_a_fixed_number_of_queries(
    scale, persona, request, client_for, regional_admin, django_assert_max_num_queries
):
    build(scale, regional_admin)
    client = client_for(request.getfixturevalue(persona) if persona else None)
    with django_assert_max_num_queries(SCORECARD_QUERIES[persona]):
        response = client.get(url())
    assert response.status_code == 200
    assert response.content.decode().count(">Amber<") == 2 * 6
