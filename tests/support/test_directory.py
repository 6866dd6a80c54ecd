"""The regional excellence directory: entries drafted, published, endorsed and archived, with
history; the role to contact is a role, not a person; suggestions from the portal's evidence."""

import pytest

from support import services
from support.models import StrengthEntry
from support.services import SupportRefused
from tests.support import world

pytestmark = pytest.mark.django_db


def entry(council, by, **extra) -> StrengthEntry:
    fields = {
        "council": council,
        "topic": "Reablement",
        "description": "Our reablement service",
        "contact_role": "Head of Reablement",
        "domains": ["performance"],
        "evidence_links": ["https://example.org/report"],
        "created_by": by,
    }
    return services.strength_entry_create(**{**fields, **extra})


def test_an_entry_is_drafted_published_endorsed_and_archived(
    wirral, wirral_lead, planning_group_member
) -> None:
    draft = entry(wirral, wirral_lead)
    assert draft.status == "draft"
    with pytest.raises(SupportRefused, match="Only a published entry"):
        services.strength_entry_endorse(entry=draft, endorsed_by=planning_group_member)
    published = services.strength_entry_publish(entry=draft, published_by=wirral_lead)
    endorsed = services.strength_entry_endorse(entry=published, endorsed_by=planning_group_member)
    assert (endorsed.status, endorsed.endorsed_by) == ("published", planning_group_member)
    archived = services.strength_entry_archive(entry=endorsed, archived_by=wirral_lead)
    assert (archived.status, archived.endorsed_at) == ("archived", None)
    with pytest.raises(SupportRefused, match="archived"):
        services.strength_entry_publish(entry=archived, published_by=wirral_lead)
    assert archived.history.count() == 4


def test_changing_an_endorsed_entry_lapses_the_endorsement(
    wirral, wirral_lead, planning_group_member
) -> None:
    published = services.strength_entry_publish(
        entry=entry(wirral, wirral_lead), published_by=wirral_lead
    )
    services.strength_entry_endorse(entry=published, endorsed_by=planning_group_member)
    kwargs = {
        "entry": published,
        "topic": "Reablement",
        "description": "Our reablement service",
        "contact_role": "Head of Reablement",
        "domains": ["performance"],
        "evidence_links": ["https://example.org/report"],
        "updated_by": wirral_lead,
    }
    assert services.strength_entry_update(**kwargs).is_endorsed
    changed = services.strength_entry_update(**{**kwargs, "description": "Now with more"})
    assert not changed.is_endorsed
    assert changed.status == "published"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"contact_role": "jo.bloggs@wirral.gov.uk"}, "not an email address or phone number"),
        ({"contact_role": "Call 0151 666 3650"}, "not an email address or phone number"),
        ({"domains": ["safeguarding"]}, "Not a scorecard domain"),
        ({"evidence_links": ["javascript:alert(1)"]}, "starting https://"),
        ({"topic": " "}, "Enter the topic"),
    ],
)
def test_entries_are_checked(extra, message, wirral, wirral_lead) -> None:
    with pytest.raises(SupportRefused, match=message):
        entry(wirral, wirral_lead, **extra)


def test_measures_changes_keep_one_history_row(wirral, wirral_lead) -> None:
    from returns.models import Measure

    measures = list(Measure.objects.in_return()[:2])
    created = entry(wirral, wirral_lead, measures=measures)
    assert set(created.measures.all()) == set(measures)
    assert created.history.count() == 2
    assert list(created.history.first().measures.values_list("measure_id", flat=True)) != []


def test_suggestions_from_top_quartile_green_and_top_level(regional_admin, monkeypatch) -> None:
    monkeypatch.setattr("support.evidence.top_level_standards", world.top_levels)
    w = world.build(regional_admin)
    kinds = {
        (s.kind, s.topic) for s in services.strength_suggestions(council=w.manchester, year=2025)
    }
    from returns.models import Domain

    domain = Domain(w.measure.scorecard_domain).label
    # Manchester: band better but not top quartile (no measure suggestion); Green in the
    # measure's domain; the top level of one standard.
    assert kinds == {("domain", domain), ("standard", "Reablement and hospital discharge")}
    liverpool = services.strength_suggestions(council=w.liverpool, year=2025)
    assert [(s.kind, s.measure_id) for s in liverpool] == [("measure", w.measure.pk)]
    assert "In the top quartile of North West councils" in liverpool[0].reason
    # Sefton already has an entry naming the measure: nothing more to suggest.
    assert services.strength_suggestions(council=w.sefton, year=2025) == []
    accepted = services.strength_entry_create(
        council=w.liverpool, topic=liverpool[0].topic, description="d", contact_role="Lead",
        measures=[w.measure], source="suggestion", suggestion_basis=liverpool[0].reason,
        created_by=regional_admin,
    )  # fmt: skip
    assert accepted.source == "suggestion"
    assert services.strength_suggestions(council=w.liverpool, year=2025) == []
