"""Six-domain judgements: the services (record, history, publish, narratives), the Planning
Group's pages, who may use them, and that internal commentary never leaks."""

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from authorities.models import Council
from returns.models import Domain, Measure, Period
from scorecard.models import (
    Band,
    CouncilPosition,
    Direction,
    Judgement,
    MeasureBenchmark,
    Narrative,
    QualityStatement,
    Rating,
)
from scorecard.services import (
    ScorecardRefused,
    judgement_record,
    narrative_draft,
    narrative_edit,
    narrative_publish,
    quality_statements_load,
    scorecard_publish,
)
from tests.conftest import make_period
from tests.factories import extra_measures

pytestmark = pytest.mark.django_db

SECRET = "Internal-only: the DASS is leaving in March"


@pytest.fixture
def statements() -> list[QualityStatement]:
    quality_statements_load()
    return list(QualityStatement.objects.all())


@pytest.fixture
def period() -> Period:
    return make_period(2023, 4, open_now=False)


def position(
    council: Council, period: Period, code: str, band: str, direction: str = Direction.STABLE
) -> CouncilPosition:
    measure = Measure.objects.in_return().get(code=code)
    MeasureBenchmark.objects.update_or_create(
        measure=measure, period=period, defaults={"nw_count": 20, "nw_median": 50.0}
    )
    return CouncilPosition.objects.update_or_create(
        council=council,
        measure=measure,
        period=period,
        defaults={"value": 61.5, "band": band, "direction": direction},
    )[0]


def record_all(council: Council, period: Period, user: Any, **overrides: Any) -> None:
    for domain in Domain.values:
        judgement_record(
            council=council,
            period=period,
            domain=domain,
            rating=overrides.get(domain, Rating.AMBER),
            commentary=f"Public commentary on {domain}",
            internal_commentary=SECRET if domain == Domain.PERFORMANCE else "",
            quality_statements=[],
            written_by=user,
        )


def form_data(rating: str = Rating.GREEN, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for domain in Domain.values:
        data[f"{domain}-rating"] = rating
        data[f"{domain}-commentary"] = f"Public commentary on {domain}"
        data[f"{domain}-internal_commentary"] = ""
    data.update(overrides)
    return data


# Quality statements


def test_quality_statements_load_the_nine_and_tag_every_domain(statements):
    assert [(s.number, s.theme) for s in statements] == [
        (1, "working_with_people"),
        (2, "working_with_people"),
        (3, "working_with_people"),
        (4, "providing_support"),
        (5, "providing_support"),
        (6, "safety"),
        (7, "safety"),
        (8, "leadership"),
        (9, "leadership"),
    ]
    assert statements[6].name == "Safeguarding"
    assert Domain.PERFORMANCE in statements[6].domains
    tagged = {d for s in statements for d in s.domains}
    assert tagged == set(Domain.values)


def test_loading_quality_statements_twice_changes_nothing(statements):
    again = quality_statements_load()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)


def test_the_command_changes_nothing_without_commit(db, capsys):
    call_command("load_quality_statements")
    assert QualityStatement.objects.count() == 0
    assert "Dry run" in capsys.readouterr().out
    call_command("load_quality_statements", "--commit")
    assert QualityStatement.objects.count() == 9


# Services


def test_recording_a_judgement_keeps_one_attributed_history_row(
    wirral, period, planning_group_member, statements
):
    judgement = judgement_record(
        council=wirral,
        period=period,
        domain=Domain.PERFORMANCE,
        rating=Rating.AMBER,
        commentary="  Improving but below the region.  ",
        internal_commentary="Watch 2C.",
        quality_statements=statements[:2],
        written_by=planning_group_member,
    )
    assert judgement.commentary == "Improving but below the region."
    assert judgement.written_by == planning_group_member
    assert not judgement.is_published
    history = list(judgement.history.all())
    assert len(history) == 1
    assert history[0].history_type == "+"
    assert history[0].history_user == planning_group_member
    assert history[0].quality_statements.count() == 2


def test_updating_a_judgement_keeps_its_history(
    wirral, period, planning_group_member, risk_assessor, statements
):
    kwargs = {
        "council": wirral,
        "period": period,
        "domain": Domain.PERFORMANCE,
        "commentary": "First view.",
        "internal_commentary": "",
        "quality_statements": [statements[0]],
    }
    judgement_record(rating=Rating.GREEN, written_by=planning_group_member, **kwargs)
    judgement = judgement_record(
        rating=Rating.RED, written_by=risk_assessor, **{**kwargs, "commentary": "Second view."}
    )
    assert Judgement.objects.count() == 1
    assert (judgement.rating, judgement.commentary, judgement.written_by) == (
        Rating.RED,
        "Second view.",
        risk_assessor,
    )
    newest, oldest = judgement.history.all()
    assert (oldest.rating, oldest.commentary, oldest.history_user) == (
        Rating.GREEN,
        "First view.",
        planning_group_member,
    )
    assert (newest.rating, newest.history_type, newest.history_user) == (
        Rating.RED,
        "~",
        risk_assessor,
    )


def test_saving_the_same_judgement_again_writes_nothing(wirral, period, planning_group_member):
    for _ in range(2):
        judgement = judgement_record(
            council=wirral,
            period=period,
            domain=Domain.CULTURE,
            rating=Rating.GREEN,
            commentary="Engaged",
            internal_commentary="",
            quality_statements=[],
            written_by=planning_group_member,
        )
    assert judgement.history.count() == 1


def test_internal_commentary_none_leaves_it_as_it_was(wirral, period, planning_group_member):
    common = {
        "council": wirral,
        "period": period,
        "domain": Domain.LEADERSHIP,
        "rating": Rating.AMBER,
        "commentary": "",
        "quality_statements": [],
        "written_by": planning_group_member,
    }
    judgement_record(internal_commentary="Kept", **common)
    judgement = judgement_record(internal_commentary=None, **{**common, "commentary": "New"})
    assert judgement.internal_commentary == "Kept"


def test_a_council_that_did_not_exist_in_the_quarter_cannot_be_judged(planning_group_member):
    cumbria = Council.objects.get(slug="cumbria")
    with pytest.raises(ScorecardRefused, match="did not hold adult social care responsibility"):
        judgement_record(
            council=cumbria,
            period=make_period(2024, 1),
            domain=Domain.LEADERSHIP,
            rating=Rating.AMBER,
            commentary="",
            internal_commentary="",
            quality_statements=[],
            written_by=planning_group_member,
        )


def test_publishing_copies_ratings_and_public_commentary_only(
    wirral, period, planning_group_member, regional_admin
):
    record_all(wirral, period, planning_group_member, leadership=Rating.RED)
    assert scorecard_publish(council=wirral, period=period, published_by=regional_admin) == 6
    leadership = Judgement.objects.get(council=wirral, period=period, domain=Domain.LEADERSHIP)
    assert leadership.published_rating == Rating.RED
    assert leadership.published_commentary == "Public commentary on leadership"
    assert leadership.published_by == regional_admin
    assert leadership.published_at is not None
    assert leadership.history.first().history_user == regional_admin
    assert scorecard_publish(council=wirral, period=period, published_by=regional_admin) == 0


def test_a_draft_change_after_publishing_is_not_public_until_published_again(
    wirral, period, planning_group_member
):
    record_all(wirral, period, planning_group_member)
    scorecard_publish(council=wirral, period=period, published_by=planning_group_member)
    judgement = judgement_record(
        council=wirral,
        period=period,
        domain=Domain.CULTURE,
        rating=Rating.GREEN,
        commentary="Better engaged now",
        internal_commentary="",
        quality_statements=[],
        written_by=planning_group_member,
    )
    assert judgement.has_unpublished_changes
    assert judgement.published_rating == Rating.AMBER
    assert scorecard_publish(council=wirral, period=period, published_by=planning_group_member) == 1


def test_publishing_is_refused_while_a_domain_has_no_judgement(
    wirral, period, planning_group_member
):
    for domain in (Domain.LEADERSHIP, Domain.PERFORMANCE, Domain.COMMISSIONING, Domain.RESOURCES):
        judgement_record(
            council=wirral,
            period=period,
            domain=domain,
            rating=Rating.GREEN,
            commentary="",
            internal_commentary="",
            quality_statements=[],
            written_by=planning_group_member,
        )
    with pytest.raises(ScorecardRefused) as refused:
        scorecard_publish(council=wirral, period=period, published_by=planning_group_member)
    assert refused.value.message == (
        "Wirral's scorecard for 2023/24 Q4 cannot be published yet: there is no judgement for "
        "National Priorities & Partnerships and Culture & Challenge. Record a judgement for "
        "every domain, then publish."
    )
    assert not Judgement.objects.filter(published_at__isnull=False).exists()


def test_the_narrative_is_drafted_from_the_bands(wirral, period):
    position(wirral, period, "2C", Band.MUCH_BETTER)
    position(wirral, period, "1A", Band.WORSE)
    narrative = narrative_draft(council=wirral, period=period)
    assert narrative.text == narrative.generated_text
    assert narrative.text.startswith("Wirral is much better than the North West median on 2C (")
    assert "worse on 1A (" in narrative.text
    assert "were not compared" in narrative.text


def test_a_redraft_never_overwrites_a_persons_edit(wirral, period, planning_group_member):
    position(wirral, period, "2C", Band.MUCH_BETTER)
    narrative = narrative_draft(council=wirral, period=period)
    narrative_edit(narrative=narrative, text="Our own words.", edited_by=planning_group_member)
    position(wirral, period, "2C", Band.WORSE)
    redrafted = narrative_draft(council=wirral, period=period)
    assert redrafted.text == "Our own words."
    assert "worse than the North West median on 2C" in redrafted.generated_text
    assert Narrative.objects.count() == 1
    assert redrafted.history.count() == 3


def test_an_unedited_narrative_follows_the_new_draft(wirral, period):
    position(wirral, period, "2C", Band.MUCH_BETTER)
    narrative_draft(council=wirral, period=period)
    position(wirral, period, "2C", Band.WORSE)
    redrafted = narrative_draft(council=wirral, period=period)
    assert redrafted.text == redrafted.generated_text
    assert "worse than the North West median on 2C" in redrafted.text


def test_publishing_the_narrative_copies_the_text(wirral, period, planning_group_member):
    narrative = narrative_draft(council=wirral, period=period)
    narrative = narrative_edit(narrative=narrative, text="Edited.", edited_by=planning_group_member)
    published = narrative_publish(narrative=narrative, published_by=planning_group_member)
    assert published.published_text == "Edited."
    assert published.published_at is not None
    assert published.history.first().history_user == planning_group_member


# Pages: who may use them

EDITORS = {
    "anonymous": 302,
    "wirral_lead": 403,
    "wirral_director": 403,
    "sefton_lead": 403,
    "planning_group_member": 200,
    "risk_assessor": 200,
    "board_member": 403,
    "regional_admin": 200,
}
PERSONAS = list(EDITORS)


def _client(request: pytest.FixtureRequest, client_for: Any, persona: str) -> Any:
    return client_for(None if persona == "anonymous" else request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["judgements", "narrative", "judgement_history"])
def test_only_the_planning_group_and_administrator_open_the_editing_pages(
    name, persona, request, client_for, period
):
    url = reverse(f"scorecard:{name}", kwargs={"slug": "sefton", "period": period.slug})
    response = _client(request, client_for, persona).get(url)
    assert response.status_code == EDITORS[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_publishing_is_for_the_planning_group_and_administrator(
    persona, request, client_for, period
):
    url = reverse("scorecard:publish", kwargs={"slug": "wirral", "period": period.slug})
    response = _client(request, client_for, persona).post(url)
    allowed = {"planning_group_member", "regional_admin"}
    refused = 403 if persona == "risk_assessor" else EDITORS[persona]  # assessors draft only
    assert response.status_code == (302 if persona in allowed else refused)


@pytest.mark.parametrize("name", ["publish"])
def test_post_only_views_refuse_get(name, client_for, planning_group_member, period):
    url = reverse(f"scorecard:{name}", kwargs={"slug": "wirral", "period": period.slug})
    assert client_for(planning_group_member).get(url).status_code == 405


@pytest.mark.parametrize(
    "slug_period",
    [
        ("wirral", "2023-24-Q9"),
        ("wirral", "nonsense"),
        ("wirral", "2031-32-Q1"),
        ("nowhere", "2023-24-Q4"),
        ("cumbria", "2024-25-Q1"),
    ],
)
def test_bad_periods_and_councils_are_404(slug_period, client_for, planning_group_member, period):
    make_period(2024, 1)
    slug, period_slug = slug_period
    url = reverse("scorecard:judgements", kwargs={"slug": slug, "period": period_slug})
    assert client_for(planning_group_member).get(url).status_code == 404


# The judgements page


def test_the_page_shows_each_domain_with_its_suggestion_and_evidence(
    client_for, planning_group_member, wirral, period, statements
):
    position(wirral, period, "2C", Band.MUCH_WORSE, Direction.WORSENING)
    position(wirral, period, "2B", Band.WORSE)
    url = reverse("scorecard:judgements", kwargs={"slug": "wirral", "period": period.slug})
    html = client_for(planning_group_member).get(url).content.decode()
    for _domain, label in Domain.choices:
        assert label.replace("&", "&amp;") in html
    assert "Suggested from the figures:" in html
    assert "2 of 2 measures worse than the NW median" in html
    assert "2C much worse than the NW median" in html
    assert "No measures are mapped to this domain: judge on other evidence" in html
    assert "Much worse" in html
    assert "Safeguarding" in html
    assert 'type="radio"' in html
    assert "Internal commentary on" in html


def test_saving_the_six_domains_records_drafts(
    client_for, planning_group_member, wirral, period, statements
):
    url = reverse("scorecard:judgements", kwargs={"slug": "wirral", "period": period.slug})
    safeguarding = next(s for s in statements if s.number == 7)
    data = form_data(
        **{
            "culture-rating": Rating.RED,
            "performance-internal_commentary": SECRET,
            "performance-quality_statements": [str(safeguarding.pk)],
        }
    )
    response = client_for(planning_group_member).post(url, data)
    assert response.status_code == 302
    assert Judgement.objects.filter(council=wirral, period=period).count() == 6
    performance = Judgement.objects.get(domain=Domain.PERFORMANCE)
    assert performance.internal_commentary == SECRET
    assert list(performance.quality_statements.all()) == [safeguarding]
    assert Judgement.objects.get(domain=Domain.CULTURE).rating == Rating.RED
    assert not Judgement.objects.filter(published_at__isnull=False).exists()
    follow = client_for(planning_group_member).get(url).content.decode()
    assert "Draft: not published" in follow


def test_a_form_with_a_missing_rating_shows_the_error_summary_and_saves_nothing(
    client_for, planning_group_member, period
):
    url = reverse("scorecard:judgements", kwargs={"slug": "wirral", "period": period.slug})
    data = form_data()
    del data["culture-rating"]
    response = client_for(planning_group_member).post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert '<a href="#id_culture-rating_1">Select a rating for Culture &amp; Challenge</a>' in html
    assert 'id="id_culture-rating_1"' in html
    assert "<title>Error: " in html
    assert Judgement.objects.count() == 0


def test_publishing_from_the_page_reports_missing_domains(
    client_for, planning_group_member, wirral, period
):
    url = reverse("scorecard:publish", kwargs={"slug": "wirral", "period": period.slug})
    response = client_for(planning_group_member).post(url, follow=True)
    assert "cannot be published yet" in response.content.decode()


def test_publishing_from_the_page(client_for, planning_group_member, wirral, period):
    record_all(wirral, period, planning_group_member)
    url = reverse("scorecard:publish", kwargs={"slug": "wirral", "period": period.slug})
    response = client_for(planning_group_member).post(url, follow=True)
    assert "scorecard for 2023/24 Q4 is published: 6 domains updated" in response.content.decode()
    assert Judgement.objects.filter(published_by=planning_group_member).count() == 6


def test_the_narrative_page_saves_and_publishes_a_persons_text(
    client_for, planning_group_member, wirral, period
):
    position(wirral, period, "2C", Band.MUCH_BETTER)
    url = reverse("scorecard:narrative", kwargs={"slug": "wirral", "period": period.slug})
    client = client_for(planning_group_member)
    html = client.get(url).content.decode()
    assert "Draft from the figures" in html
    assert "Wirral is much better than the North West median on 2C" in html
    assert Narrative.objects.count() == 0
    assert client.post(url, {"text": "Our words.", "action": "save"}).status_code == 302
    narrative = Narrative.objects.get()
    assert (narrative.text, narrative.edited_by, narrative.published_at) == (
        "Our words.",
        planning_group_member,
        None,
    )
    assert client.post(url, {"text": "Our words.", "action": "publish"}).status_code == 302
    narrative.refresh_from_db()
    assert narrative.published_text == "Our words."
    assert client.post(url, {"action": "regenerate"}).status_code == 302
    narrative.refresh_from_db()
    assert narrative.text == "Our words."


def test_an_empty_narrative_is_refused(client_for, planning_group_member, period):
    url = reverse("scorecard:narrative", kwargs={"slug": "wirral", "period": period.slug})
    response = client_for(planning_group_member).post(url, {"text": "  ", "action": "save"})
    assert response.status_code == 400
    assert "Enter the narrative" in response.content.decode()
    assert Narrative.objects.count() == 0


def test_the_history_page_says_who_changed_what_and_when(
    client_for, planning_group_member, risk_assessor, wirral, period, statements
):
    record_all(wirral, period, planning_group_member)
    judgement_record(
        council=wirral,
        period=period,
        domain=Domain.CULTURE,
        rating=Rating.RED,
        commentary="Withdrawn from regional networks",
        internal_commentary="",
        quality_statements=[statements[8]],
        written_by=risk_assessor,
    )
    url = reverse("scorecard:judgement_history", kwargs={"slug": "wirral", "period": period.slug})
    html = client_for(planning_group_member).get(url).content.decode()
    assert "Rita Assessor" in html
    assert "Pat Planner" in html
    assert "Amber to Red" in html
    assert "9. Learning, improvement and innovation" in html
    assert "Withdrawn from regional networks" in html
    assert SECRET in html


# Internal commentary never leaks


@pytest.mark.parametrize(
    "persona", ["anonymous", "wirral_lead", "wirral_director", "sefton_lead", "board_member"]
)
def test_internal_commentary_never_reaches_anyone_outside_the_planning_group(
    persona, request, client_for, planning_group_member, wirral, period
):
    record_all(wirral, period, planning_group_member)
    scorecard_publish(council=wirral, period=period, published_by=planning_group_member)
    client = _client(request, client_for, persona)
    kwargs = {"slug": "wirral", "period": period.slug}
    urls = [
        reverse(f"scorecard:{n}", kwargs=kwargs)
        for n in ("judgements", "narrative", "judgement_history")
    ]
    urls += [
        reverse("scorecard:local_accounts", kwargs={"slug": "wirral"}),
        reverse("scorecard:council", kwargs={"slug": "wirral"}),
        reverse("scorecard:scorecard", kwargs={"slug": "wirral"}) + f"?period={period.slug}",
        reverse("scorecard:overview"),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert SECRET not in response.content.decode(), url
    assert "Public commentary on performance" in client.get(urls[5]).content.decode()


def test_the_planning_group_does_see_internal_commentary(
    client_for, planning_group_member, wirral, period
):
    record_all(wirral, period, planning_group_member)
    url = reverse("scorecard:judgements", kwargs={"slug": "wirral", "period": period.slug})
    assert SECRET in client_for(planning_group_member).get(url).content.decode()


# Query counts

CEILING = 12
SAVE_CEILING = 60  # six domains, each read, written and recorded in its history


def _build(scale: int, wirral: Council, period: Period, user: Any) -> None:
    quality_statements_load()
    extras = extra_measures(10 * scale)
    Measure.objects.filter(pk__in=[m.pk for m in extras]).update(
        scorecard_domain=Domain.COMMISSIONING
    )
    bands = [Band.MUCH_WORSE, Band.SIMILAR, Band.BETTER, Band.NOT_BANDED, Band.WORSE]
    for i, measure in enumerate(Measure.objects.in_return()):
        position(wirral, period, measure.code, bands[i % len(bands)], Direction.WORSENING)
    for round_ in range(scale):
        record_all(wirral, period, user, culture=[Rating.GREEN, Rating.RED][round_ % 2])
    for council in Council.objects.exclude(pk=wirral.pk)[: 4 * scale]:
        if council.end_date is None:
            record_all(council, period, user)
    narrative_draft(council=wirral, period=period)
    scorecard_publish(council=wirral, period=period, published_by=user)


@pytest.mark.parametrize("scale", [1, 3])
def test_the_editing_pages_use_a_fixed_number_of_queries(
    scale, client_for, planning_group_member, wirral, period, django_assert_max_num_queries
):
    _build(scale, wirral, period, planning_group_member)
    client = client_for(planning_group_member)
    kwargs = {"slug": "wirral", "period": period.slug}
    for name in ("judgements", "narrative", "judgement_history"):
        url = reverse(f"scorecard:{name}", kwargs=kwargs)
        with django_assert_max_num_queries(CEILING, info=url):
            response = client.get(url)
        assert response.status_code == 200, url
    url = reverse("scorecard:judgements", kwargs=kwargs)
    with django_assert_max_num_queries(SAVE_CEILING, info="save"):
        response = client.post(url, form_data(Rating.AMBER))
    assert response.status_code == 302


# Demonstration data


def test_demo_scorecard_is_marked_and_loading_twice_changes_nothing(regional_admin):
    from demo.scorecard import demo_scorecard_load
    from demo.users import users_ensure
    from scorecard.comparators import comparators_recompute
    from scorecard.models import LocalAccount
    from tests.factories import accepted_returns, periods

    users_ensure()
    history = periods(2023, 4)
    councils = list(Council.objects.active_on(history[-1].ends_on))
    accepted_returns(councils, history, list(Measure.objects.in_return()), regional_admin)
    for quarter in history:
        comparators_recompute(period=quarter)
    # The day 2023/24 Q4 has closed: the last completed year is 2023/24, and its fourth
    # quarter the latest in which every council's return is accepted.
    on = datetime.date(2024, 7, 20)
    report = demo_scorecard_load(on)
    assert report.published_period == "2023/24 Q4"
    judgements = Judgement.objects.filter(period=history[-1])
    assert judgements.count() == 6 * len(councils)
    assert not judgements.filter(published_at__isnull=True).exists()
    assert all(j.commentary.startswith("Demonstration commentary:") for j in judgements)
    assert judgements.exclude(internal_commentary="").exists()
    assert all(
        j.internal_commentary.startswith("Demonstration commentary:")
        for j in judgements.exclude(internal_commentary="")
    )
    assert Narrative.objects.filter(published_at__isnull=False).count() == len(councils)
    assert all(n.text.startswith("Demonstration narrative") for n in Narrative.objects.all())
    accounts = LocalAccount.objects.filter(year=2023)
    assert accounts.count() == len(councils)
    assert not accounts.exclude(url="").exists()
    assert all(a.notes.startswith("Demonstration record") for a in accounts)
    assert accounts.exclude(assessment=LocalAccount.Assessment.PUBLISHED).count() == 3

    def counts() -> tuple[int, ...]:
        return (
            Judgement.objects.count(),
            Judgement.history.count(),  # type: ignore[attr-defined]
            Narrative.history.count(),  # type: ignore[attr-defined]
            LocalAccount.history.count(),  # type: ignore[attr-defined]
            QualityStatement.objects.count(),
        )

    before = counts()
    again = demo_scorecard_load(on)
    assert counts() == before
    assert (again.judgements_changed, again.judgements_published) == (0, 0)
