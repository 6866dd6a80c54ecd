"""One limit on uploads per person (UPLOAD_RATE_LIMIT), across every kind of upload."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from returns.models import ReturnUpload
from tests.conftest import committed
from tests.returns.files import return_rows, to_csv

pytestmark = pytest.mark.django_db

UPLOAD_VIEWS = [
    "improvement_plans/views/plans.py",
    "returns/views.py",
    "scorecard/views/judgements.py",
    "selfassessment/views/reviews.py",
    "selfassessment/views/assessments.py",
    "triggers/views/concerns.py",
]


@pytest.fixture(autouse=True)
def _two_an_hour(settings) -> None:
    settings.UPLOAD_RATE_LIMIT = "2/h"


def _upload(client, council, period):
    rows = return_rows(council, period)
    with committed():
        return client.post(
            reverse("returns:upload", args=[council.slug, period.slug]),
            {"file": SimpleUploadedFile("return.csv", to_csv(rows)), "reason": ""},
        )


def test_over_the_limit_the_upload_is_refused_and_nothing_stored(
    client_for, wirral_lead, wirral, open_period
) -> None:
    client = client_for(wirral_lead)
    assert _upload(client, wirral, open_period).status_code == 302
    assert _upload(client, wirral, open_period).status_code == 302
    stored = ReturnUpload.objects.count()
    refused = _upload(client, wirral, open_period)
    assert refused.status_code == 429
    assert ReturnUpload.objects.count() == stored
    html = refused.content.decode()
    assert "There is a problem" in html
    assert re.search(
        r"You have uploaded 2 files in the last hour\. You can upload again after \d\d:\d\d\.", html
    )
    assert "<title>Error: " in html


def test_the_limit_is_per_person(
    client_for, wirral_lead, wirral_director, wirral, open_period
) -> None:
    lead = client_for(wirral_lead)
    for _ in range(2):
        _upload(lead, wirral, open_period)
    assert _upload(lead, wirral, open_period).status_code == 429
    assert _upload(client_for(wirral_director), wirral, open_period).status_code != 429


def test_pages_without_a_file_are_not_counted(client_for, wirral_lead, wirral, open_period) -> None:
    client = client_for(wirral_lead)
    url = reverse("returns:upload", args=[wirral.slug, open_period.slug])
    for _ in range(5):
        assert client.get(url).status_code == 200
    assert _upload(client, wirral, open_period).status_code == 302


def test_every_upload_view_uses_the_one_limit() -> None:
    """Each view that takes request.FILES is decorated with accounts.ratelimit.limit_uploads."""
    base = Path(settings.BASE_DIR)
    takers = sorted(
        str(path.relative_to(base))
        for path in base.glob("*/**/views*.py")
        if ".venv" not in path.parts and "request.FILES" in path.read_text(encoding="utf-8")
    ) + sorted(
        str(path.relative_to(base))
        for path in base.glob("*/views/*.py")
        if "request.FILES" in path.read_text(encoding="utf-8")
    )
    assert set(takers) == set(UPLOAD_VIEWS)
    for name in UPLOAD_VIEWS:
        source = (base / name).read_text(encoding="utf-8")
        functions = source.split("\n\n\n")  # top-level definitions, as ruff formats them
        for function in functions:
            if "request.FILES" in function:
                assert "@limit_uploads" in function, f"{name}: {function.splitlines()[0]}"
