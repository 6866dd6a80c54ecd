"""The excellence directory's pages: search for every signed-in user, an entry's page, a
council's own entries (create, change, publish, archive), the portal's suggestions and the
Planning Group's endorsement; the refusals; a fixed number of queries."""

import pytest
from django.urls import reverse

from support.models import StrengthEntry
from tests.support.views import a_measure, published, top_quartile

pytestmark = pytest.mark.django_db


def entry_form(**extra) -> dict[str, object]:
    return {
        "topic": "Carers' assessments",
        "description": "We assess carers within 28 days.",
        "contact_role": "Head of Carers' Services",
        "evidence": "",
        "evidence_links": "",
        **extra,
    }


def test_anonymous_visitors_are_sent_to_sign_in(client_for) -> None:
    response = client_for(None).get(reverse("support:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_search_finds_published_entries_with_endorsement_in_words(
    client_for, wirral, sefton, wirral_lead, sefton_lead, board_member, planning_group_member
) -> None:
    published(wirral, wirral_lead, topic="Reablement", endorse_by=planning_group_member)
    published(sefton, sefton_lead, topic="Carers' breaks")
    client = client_for(board_member)
    page = client.get(reverse("support:directory")).content.decode()
    assert "Reablement" in page
    assert "Carers&#x27; breaks" in page
    assert "Endorsed by the Planning Group" in page
    assert "Not endorsed" in page
    found = client.get(reverse("support:directory"), {"q": "reablement"}).content.decode()
    assert "Reablement" in found
    assert "Carers&#x27; breaks" not in found
    by_council = client.get(reverse("support:directory"), {"council": "sefton"}).content.decode()
    assert "Carers&#x27; breaks" in by_council
    assert ">Reablement<" not in by_council


def test_a_council_drafts_publishes_and_archives_an_entry(client_for, wirral, wirral_lead) -> None:
    client = client_for(wirral_lead)
    response = client.post(reverse("support:strength_create", args=["wirral"]), entry_form())
    entry = StrengthEntry.objects.get(council=wirral)
    assert response["Location"] == reverse("support:strength", args=[entry.pk])
    assert entry.status == StrengthEntry.Status.DRAFT
    client.post(reverse("support:strength_publish", args=["wirral", entry.pk]))
    entry.refresh_from_db()
    assert entry.status == StrengthEntry.Status.PUBLISHED
    client.post(
        reverse("support:strength_edit", args=["wirral", entry.pk]),
        entry_form(topic="Carers' assessments within 28 days"),
    )
    entry.refresh_from_db()
    assert entry.topic == "Carers' assessments within 28 days"
    client.post(reverse("support:strength_archive", args=["wirral", entry.pk]))
    entry.refresh_from_db()
    assert entry.status == StrengthEntry.Status.ARCHIVED


def test_a_role_with_an_email_address_is_refused_with_its_message(client_for, wirral_lead) -> None:
    response = client_for(wirral_lead).post(
        reverse("support:strength_create", args=["wirral"]),
        entry_form(contact_role="jo@wirral.gov.uk"),
    )
    assert response.status_code == 400
    assert "Enter a role title, not an email address or phone number" in response.content.decode()
    assert not StrengthEntry.objects.exists()


def test_another_councils_draft_is_404_and_its_entries_page_too(
    client_for, wirral, wirral_lead, sefton_lead, planning_group_member
) -> None:
    draft = StrengthEntry.objects.create(
        council=wirral, topic="Draft", description="d", contact_role="Head", created_by=wirral_lead
    )
    sefton = client_for(sefton_lead)
    assert sefton.get(reverse("support:strength", args=[draft.pk])).status_code == 404
    assert sefton.get(reverse("support:council_strengths", args=["wirral"])).status_code == 404
    assert (
        sefton.post(reverse("support:strength_publish", args=["wirral", draft.pk])).status_code
        == 404
    )
    # The Planning Group never writes a council's entries: 403.
    planner = client_for(planning_group_member)
    assert planner.get(reverse("support:strength_create", args=["wirral"])).status_code == 403
    assert (
        client_for(wirral_lead).get(reverse("support:strength", args=[draft.pk])).status_code == 200
    )


def test_the_planning_group_endorses_and_a_council_may_not(
    client_for, wirral, wirral_lead, planning_group_member
) -> None:
    entry = published(wirral, wirral_lead, topic="Reablement")
    url = reverse("support:strength_endorse", args=[entry.pk])
    assert client_for(wirral_lead).post(url).status_code == 403
    assert client_for(planning_group_member).get(url).status_code == 405
    client_for(planning_group_member).post(url)
    entry.refresh_from_db()
    assert entry.is_endorsed
    assert entry.endorsed_by == planning_group_member


def test_suggestions_show_their_reason_and_prefill_the_form(
    client_for, wirral, wirral_lead
) -> None:
    measure = a_measure()
    top_quartile(wirral, measure)
    client = client_for(wirral_lead)
    page = client.get(reverse("support:strength_suggestions", args=["wirral"])).content.decode()
    assert "In the top quartile of North West councils on" in page
    key = f"measure:{measure.pk}"
    assert f"?suggestion={key.replace(':', '%3A')}" in page
    form = client.get(reverse("support:strength_create", args=["wirral"]), {"suggestion": key})
    assert form.context["form"].initial["measures"] == [measure.pk]
    assert "Suggested by the portal" in form.content.decode()
    client.post(
        reverse("support:strength_create", args=["wirral"]),
        entry_form(measures=[measure.pk], suggestion=key, topic=measure.name[:100]),
    )
    entry = StrengthEntry.objects.get(council=wirral)
    assert entry.source == StrengthEntry.Source.SUGGESTION
    assert entry.suggestion_basis.startswith("In the top quartile")


@pytest.mark.parametrize("scale", [1, 12])
def test_the_directory_takes_a_fixed_number_of_queries(
    scale, client_for, wirral, sefton, wirral_lead, sefton_lead, planning_group_member,
    django_assert_max_num_queries,
) -> None:  # fmt: skip
    measure = a_measure()
    for n in range(scale):
        published(wirral, wirral_lead, topic=f"Strength {n}", measures=[measure],
                  endorse_by=planning_group_member if n % 2 else None)  # fmt: skip
        published(sefton, sefton_lead, topic=f"Sefton strength {n}", measures=[measure])
    client = client_for(wirral_lead)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("support:directory"), {"measure": measure.pk})
    assert response.status_code == 200
    assert len(response.context["entries"]) == 2 * scale
