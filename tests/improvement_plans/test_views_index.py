"""The list of plans: a council's own (any status) with the links to import or start one; the
region's roles every council's; anonymous visitors and other councils published plans only."""

import pytest
from django.urls import reverse

from accounts.models import User
from authorities.models import Council
from improvement_plans.services import plan_publish
from tests.improvement_plans.conftest import build_plan

pytestmark = pytest.mark.django_db
INDEX = "/plans/"


@pytest.fixture
def plans(sefton: Council, wirral: Council, wirral_lead: User) -> dict[str, object]:
    draft = build_plan(sefton, [[1]])
    draft.title = "Sefton draft"
    draft.save()
    published = build_plan(wirral, [[1]])
    published.title = "Wirral published"
    published.save()
    plan_publish(plan=published, by=wirral_lead)
    return {"draft": draft, "published": published}


def test_a_council_sees_its_own_plans_and_others_published(
    plans: dict[str, object], sefton_lead: User, client_for
) -> None:
    assert reverse("improvement_plans:index") == INDEX
    html = client_for(sefton_lead).get(INDEX).content.decode()
    assert "Your council's plans" in html
    assert "Sefton draft" in html
    assert "Wirral published" in html
    assert reverse("improvement_plans:import") in html
    assert reverse("improvement_plans:create") in html


def test_anonymous_sees_published_plans_only(plans: dict[str, object], client_for) -> None:
    html = client_for(None).get(INDEX).content.decode()
    assert "Wirral published" in html
    assert "Sefton draft" not in html
    assert reverse("improvement_plans:import") not in html


@pytest.mark.parametrize("persona", ["planning_group_member", "board_member", "regional_admin"])
def test_the_region_sees_every_councils_plans(
    plans: dict[str, object], persona: str, request: pytest.FixtureRequest, client_for
) -> None:
    html = client_for(request.getfixturevalue(persona)).get(INDEX).content.decode()
    assert "Every council's plans" in html
    assert "Sefton draft" in html
    assert "Wirral published" in html
    assert reverse("improvement_plans:create") not in html
