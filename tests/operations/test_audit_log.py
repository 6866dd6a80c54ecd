"""The audit log: who viewed confidential material and who changed what, for the regional
administrator only, filtered, paginated, exportable, with a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessLog, User
from authorities.models import ComparatorGroup, Council
from operations import audit
from operations.views import PAGE_SIZE

ACCESS = reverse("operations:access_log")
CHANGES = reverse("operations:change_log")
CSV = reverse("operations:access_log_csv")


def _log(user: User, council: Council | None, n: int, **extra: object) -> None:
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=user,
                council=council,
                record_type=extra.get("record_type", "triggers.Concern"),
                record_id=str(1000 + i),
                action=extra.get("action", "viewed"),
            )
            for i in range(n)
        ]
    )


@pytest.mark.django_db
def test_administrator_sees_who_viewed_what_with_a_link_to_the_concern(
    client_for, regional_admin, planning_group_member, wirral
) -> None:
    _log(planning_group_member, wirral, 1)

    response = client_for(regional_admin).get(ACCESS)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pat Planner" in html
    assert "Wirral" in html
    assert reverse("triggers:concern", kwargs={"pk": 1000}) in html
    assert "1 found" in html


@pytest.mark.django_db
def test_the_log_filters_by_person_council_action_and_date(
    client_for, regional_admin, planning_group_member, risk_assessor, wirral, sefton
) -> None:
    _log(planning_group_member, wirral, 2)
    _log(risk_assessor, sefton, 3, action="downloaded", record_type="triggers.RiskAssessment")
    client = client_for(regional_admin)

    def found(**params: object) -> int:
        page = client.get(ACCESS, params).context["page"]
        return page.paginator.count

    assert found() == 5
    assert found(user=risk_assessor.pk) == 3
    assert found(council=wirral.pk) == 2
    assert found(action="downloaded") == 3
    assert found(record_type="triggers.Concern") == 2
    today = timezone.localdate()
    assert found(since_0=today.day, since_1=today.month, since_2=today.year) == 5
    tomorrow = today + datetime.timedelta(days=1)
    assert found(since_0=tomorrow.day, since_1=tomorrow.month, since_2=tomorrow.year) == 0


@pytest.mark.django_db
def test_a_backwards_date_range_is_explained(client_for, regional_admin) -> None:
    response = client_for(regional_admin).get(
        ACCESS,
        {"since_0": 10, "since_1": 3, "since_2": 2026, "until_0": 1, "until_1": 3, "until_2": 2026},
    )

    assert response.status_code == 200
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ACCESS, CHANGES, CSV])
def test_only_the_administrator_opens_the_audit_log(
    url, client_for, planning_group_member, wirral_lead, board_member
) -> None:
    for person in (planning_group_member, wirral_lead, board_member):
        assert client_for(person).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


@pytest.mark.django_db
def test_csv_export_is_the_filtered_log_and_formula_safe(
    client_for, regional_admin, planning_group_member, wirral, sefton
) -> None:
    _log(planning_group_member, wirral, 2, record_type='=HYPERLINK("http://x")')
    _log(planning_group_member, sefton, 4)

    response = client_for(regional_admin).get(CSV, {"council": wirral.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "When,Person,E-mail address,Action,Kind of record,Record,Council"
    assert len(lines) == 3
    assert all("Wirral" in line for line in lines[1:])
    assert all(",'=HYPERLINK" in line or ",\"'=HYPERLINK" in line for line in lines[1:])


@pytest.mark.django_db
def test_access_log_page_has_a_fixed_number_of_queries(
    client_for,
    regional_admin,
    planning_group_member,
    risk_assessor,
    wirral,
    sefton,
    django_assert_max_num_queries,
) -> None:
    client = client_for(regional_admin)
    _log(planning_group_member, wirral, 3)
    client.get(ACCESS)
    with django_assert_max_num_queries(12) as small:
        client.get(ACCESS)
    _log(risk_assessor, sefton, PAGE_SIZE + 10, action="downloaded")
    with django_assert_max_num_queries(12) as large:
        response = client.get(ACCESS)
    assert len(response.context["rows"]) == PAGE_SIZE
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Who changed what --------------------------------------------------------------------------


def test_every_model_kept_with_history_is_in_the_change_log() -> None:
    models = audit.history_models()
    assert "authorities.Council" in models
    assert "triggers.Concern" in models
    assert all(label.count(".") == 1 for label in models)


@pytest.mark.django_db
def test_a_change_shows_who_made_it_and_what_it_altered(client_for, regional_admin, wirral) -> None:
    wirral._history_user = regional_admin
    wirral.name = "Wirral Borough"
    wirral.save()

    response = client_for(regional_admin).get(CHANGES, {"model": "authorities.Council"})

    assert response.status_code == 200
    change = response.context["page"].object_list[0]
    assert change.user == regional_admin
    assert change.kind_display == "Changed"
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        ("name", "Wirral", "Wirral Borough")
    ]
    html = response.content.decode()
    assert "From “Wirral” to “Wirral Borough”" in html


@pytest.mark.django_db
def test_the_change_log_filters_by_person(client_for, regional_admin, risk_assessor, wirral):
    wirral._history_user = risk_assessor
    wirral.name = "Wirral Council"
    wirral.save()

    page = client_for(regional_admin).get(CHANGES, {"user": risk_assessor.pk}).context["page"]

    assert page.paginator.count == 1
    assert page.object_list[0].object_id == str(wirral.pk)


def _changes(user: User, n: int) -> None:
    """``n`` changes, alternating between two kinds of record."""
    group = ComparatorGroup.objects.first()
    council = Council.objects.order_by("pk").first()
    for i in range(n):
        record = council if i % 2 else group
        record._history_user = user
        if record is council:
            council.name = f"Council {n}-{i}"
        else:
            group.source = f"Published list, revision {n}-{i}"
        record.save()


@pytest.mark.django_db
def test_change_log_page_has_a_fixed_number_of_queries(
    client_for, regional_admin, django_assert_max_num_queries
) -> None:
    client = client_for(regional_admin)
    client.get(CHANGES)
    _changes(regional_admin, 4)
    with django_assert_max_num_queries(14) as small:
        client.get(CHANGES, {"user": regional_admin.pk})
    _changes(regional_admin, 2 * PAGE_SIZE)
    with django_assert_max_num_queries(14) as large:
        response = client.get(CHANGES, {"user": regional_admin.pk})
    assert len(response.context["page"].object_list) == PAGE_SIZE
    assert len(large.captured_queries) == len(small.captured_queries)
    kinds = {change.label for change in response.context["page"].object_list}
    assert len(kinds) == 2
