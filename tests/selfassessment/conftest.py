"""Fixtures for the selfassessment tests: the demonstration ICBO review, open today."""

from typing import Any

import pytest

from selfassessment.models import ThematicReview
from tests.selfassessment.helpers import import_demo


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def review(db: None) -> ThematicReview:
    return import_demo()
