"""The Planning Group asks for a new version of the Regional Account and checks it; only the
administrator publishes or withdraws one."""

from typing import Any

import pytest
from django.urls import reverse

from reports.models import RegionalAccount
from tests.conftest import committed
from tests.reports.test_versions import fake_render, region  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_planning_group_member_requests_a_version_and_sees_it_to_check(
    region: Any,  # noqa: F811
    planning_group_member: Any,
    board_member: Any,
    client_for: Any,
    fake_render: list,  # noqa: F811
) -> None:
    client = client_for(planning_group_member)
    listing = client.get(reverse("reports:list")).content.decode()
    assert "Produce a Regional Account" in listing
    assert "Versions not published (Planning Group and administrator only)" in listing
    with committed():
        response = client.post(reverse("reports:generate"), {"year": "2023", "quarter": "4"})
    account = RegionalAccount.objects.get()
    assert response.status_code == 302
    assert account.generated_by == planning_group_member
    status = client.get(response["Location"]).content.decode()
    assert "Version 1: Ready to check (not published)" in status
    assert "The regional administrator publishes it for the Board." in status
    assert "Publish version 1" not in status
    assert client.get(reverse("reports:download", args=[account.pk])).status_code == 200
    assert client.post(reverse("reports:publish", args=[account.pk])).status_code == 403
    board = client_for(board_member)
    assert board.get(reverse("reports:generate")).status_code == 403
    assert board.get(reverse("reports:status", args=[account.pk])).status_code == 404
