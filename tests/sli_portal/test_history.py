"""Who made a change and why reach the history row django-simple-history writes, and a block
run without history writes no row and leaves nothing behind on the record."""

import pytest

from accounts.models import Role, User
from authorities.models import Council
from sli_portal.history import set_change_reason, set_history_user, without_history
from tests.conftest import make_user


@pytest.fixture
def admin_user(db: None) -> User:
    return make_user("ada.admin@nwadass.example", Role.REGIONAL_ADMIN)


def test_the_history_row_names_the_person_and_the_reason(wirral: Council, admin_user: User) -> None:
    wirral.note = "Renamed in the register"
    set_history_user(wirral, admin_user)
    set_change_reason(wirral, "Correcting the register")
    wirral.save()

    latest = wirral.history.latest()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == "Correcting the register"
    assert latest.note == "Renamed in the register"


def test_no_person_means_the_portal_itself(wirral: Council) -> None:
    wirral.note = "Loaded by a command"
    set_history_user(wirral, None)
    wirral.save()

    assert wirral.history.latest().history_user is None


def test_a_save_without_history_writes_no_row(wirral: Council) -> None:
    before = wirral.history.count()
    with without_history(wirral):
        wirral.note = "Not recorded"
        wirral.save()

    assert wirral.history.count() == before
    assert not hasattr(wirral, "skip_history_when_saving")
    wirral.save()
    assert wirral.history.count() == before + 1


def test_history_is_written_again_after_a_block_that_fails(wirral: Council) -> None:
    before = wirral.history.count()
    with pytest.raises(RuntimeError), without_history(wirral):
        raise RuntimeError("stopped half way")

    assert not hasattr(wirral, "skip_history_when_saving")
    wirral.save()
    assert wirral.history.count() == before + 1
