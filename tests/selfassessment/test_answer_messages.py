"""Saving an answer says what happened: nothing chosen saves nothing and says so, an answer
without a level says the standard is not answered yet, a level is saved as a draft."""

import pytest
from django.urls import reverse

from selfassessment.models import Answer
from tests.selfassessment.helpers import standards

pytestmark = pytest.mark.django_db

EMPTY = {"step": "answer", "level": "", "narrative": "", "evidence": "", "links": ""}


def _save(client, review, council, **fields):
    code = standards(review)[0].code
    url = reverse("selfassessment:answer", args=[review.pk, council.slug, code])
    response = client.post(url, {**EMPTY, **fields}, follow=True)
    assert response.status_code == 200
    return code, response.content.decode()


def test_nothing_chosen_saves_nothing_and_says_so(review, wirral, wirral_lead, client_for):
    code, html = _save(client_for(wirral_lead), review, wirral)
    assert "Success" not in html
    assert "saved as a draft" not in html
    assert (
        f"Nothing was saved for {code}: you did not choose a level or change your answer." in html
    )
    assert not Answer.objects.exists()


def test_words_without_a_level_are_saved_and_the_standard_is_not_answered(
    review, wirral, wirral_lead, client_for
):
    code, html = _save(client_for(wirral_lead), review, wirral, narrative="We are starting.")
    assert (
        f"Your answer on {code} is saved as a draft, without a level. Until you choose a level "
        "the standard is not answered."
    ) in html
    assert Answer.objects.get().narrative == "We are starting."


def test_a_chosen_level_is_saved_as_a_draft(review, wirral, wirral_lead, client_for):
    code, html = _save(client_for(wirral_lead), review, wirral, level="2")
    assert f"Your answer on {code} is saved as a draft." in html
    assert Answer.objects.get().level == 2
