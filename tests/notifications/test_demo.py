"""The demonstration data makes the preferences page realistic, and loads twice safely."""

import pytest

from accounts.models import User
from demo.notifications import notifications_demo_load
from notifications.models import Kind, Notification, NotificationPreference
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

DEMO = "@demo.nwsli.org.uk"


def test_the_demo_users_have_recent_e_mails_and_one_choice_made_twice_safely(wirral) -> None:
    from accounts.models import Role

    make_user(f"wirral.lead{DEMO}", Role.PERFORMANCE_LEAD, wirral)
    make_user(f"board.member{DEMO}", Role.BOARD_MEMBER)

    notifications_demo_load()
    counts = (Notification.objects.count(), NotificationPreference.objects.count())
    notifications_demo_load()

    assert (Notification.objects.count(), NotificationPreference.objects.count()) == counts
    lead = User.objects.get(email=f"wirral.lead{DEMO}")
    assert NotificationPreference.objects.get(user=lead).kind == Kind.REGIONAL_ACCOUNT_PUBLISHED
    assert Notification.objects.filter(user__email=f"board.member{DEMO}").exists()
