"""The access module's rules, role by role (MoU 2.1; DOMAIN.md)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import access
from returns.models import Return

pytestmark = pytest.mark.django_db


def test_council_users_act_only_for_their_own_council(wirral, sefton, wirral_lead, wirral_director):
    assert access.can_upload_return(wirral_lead, wirral)
    assert not access.can_upload_return(wirral_lead, sefton)
    assert access.can_view_returns_of(wirral_director, wirral)
    assert not access.can_upload_return(wirral_director, wirral)
    assert not access.can_view_returns_of(wirral_director, sefton)


def test_regional_roles(wirral, planning_group_member, risk_assessor, board_member, regional_admin):
    assert access.can_view_returns_of(planning_group_member, wirral)
    assert access.can_view_returns_of(risk_assessor, wirral)
    assert not access.can_view_returns_of(board_member, wirral)
    assert access.can_accept_return(regional_admin)
    assert not access.can_accept_return(planning_group_member)
    assert not access.can_upload_return(regional_admin, wirral)
    assert access.can_view_completeness(planning_group_member)
    assert not access.can_view_completeness(board_member)


def test_anonymous_visitors_see_only_published_pages(wirral):
    anonymous = AnonymousUser()
    assert not access.can_view_returns_of(anonymous, wirral)
    assert not access.can_see_ranks(anonymous)
    assert not access.may_act_at_all(anonymous, "view_return")


def test_another_councils_record_is_404_and_a_read_only_role_403(
    wirral, open_period, sefton_lead, wirral_director, board_member
):
    ret = Return.objects.create(council=wirral, period=open_period)
    with pytest.raises(Http404):
        access.get_council_record_or_404(
            Return.objects.all(), sefton_lead, action="view_return", pk=ret.pk
        )
    with pytest.raises(PermissionDenied):
        access.get_council_record_or_404(
            Return.objects.all(), wirral_director, action="submit_return", pk=ret.pk
        )
    with pytest.raises(PermissionDenied):
        access.get_council_record_or_404(
            Return.objects.all(), board_member, action="view_return", pk=ret.pk
        )
    assert (
        access.get_council_record_or_404(
            Return.objects.all(), wirral_director, action="view_return", pk=ret.pk
        )
        == ret
    )


def test_scoped_querysets_start_from_the_users_councils(
    wirral, sefton, open_period, wirral_lead, planning_group_member
):
    Return.objects.create(council=wirral, period=open_period)
    Return.objects.create(council=sefton, period=open_period)
    assert list(
        access.scope_to_councils(
            Return.objects.all(), wirral_lead, action="view_return"
        ).values_list("council__name", flat=True)
    ) == ["Wirral"]
    assert (
        access.scope_to_councils(
            Return.objects.all(), planning_group_member, action="view_return"
        ).count()
        == 2
    )


def test_memberships_are_read_once_per_request(wirral_lead, django_assert_num_queries):
    with django_assert_num_queries(1):
        access.memberships(wirral_lead)
        access.memberships(wirral_lead)
