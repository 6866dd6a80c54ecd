"""A council's self-assessment pages: who sees them, saving drafts, progress, evidence files,
submission refused with links to each missing key standard, read-only after submission,
sign-off by the director and reopening by the administrator with a reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selfassessment.models import Answer, EvidenceFile, SelfAssessment, SelfAssessmentStatus
from selfassessment.services import (
    answer_save,
    evidence_file_add,
    self_assessment_start,
    self_assessment_submit,
)
from tests.conftest import committed
from tests.selfassessment.helpers import answer_all, standards, submitted

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def page_url(review, council) -> str:
    return reverse("selfassessment:self_assessment", args=[review.pk, council.slug])


def answer_url(review, council, code: str) -> str:
    return reverse("selfassessment:answer", args=[review.pk, council.slug, code])


def key_codes(review) -> list[str]:
    return [s.code for s in standards(review) if s.is_key_element]


def test_a_council_lead_sees_progress_status_and_key_elements(
    review, wirral, wirral_lead, client_for
) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    first = standards(review)[0]
    answer_save(
        self_assessment=sa,
        standard=first,
        level=2,
        narrative="",
        evidence="",
        links="",
        saved_by=wirral_lead,
    )

    response = client_for(wirral_lead).get(page_url(review, wirral))

    assert response.status_code == 200
    text = response.content.decode()
    assert "1 of 12 standards answered" in text
    assert "Key element" in text
    assert "Not answered" in text
    assert "Draft" in text
    assert "Submit the self-assessment" in text
    assert answer_url(review, wirral, first.code) in text


@pytest.mark.parametrize(
    ("persona", "status"),
    [("sefton_lead", 404), ("board_member", 403), ("planning_group_member", 200)],
)
def test_who_may_see_a_councils_self_assessment(
    review, wirral, persona, status, client_for, request
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)

    assert client.get(page_url(review, wirral)).status_code == status
    assert client.get(answer_url(review, wirral, "1.1")).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(review, wirral, client_for) -> None:
    response = client_for(None).get(page_url(review, wirral))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_planning_group_reads_but_cannot_answer(
    review, wirral, planning_group_member, client_for
) -> None:
    client = client_for(planning_group_member)

    page = client.get(page_url(review, wirral)).content.decode()
    assert "Submit the self-assessment" not in page
    assert "Save as draft" not in client.get(answer_url(review, wirral, "1.1")).content.decode()
    response = client.post(answer_url(review, wirral, "1.1"), {"step": "answer", "level": "2"})
    assert response.status_code == 403
    assert (
        client.post(reverse("selfassessment:submit", args=[review.pk, wirral.slug])).status_code
        == 403
    )


def test_saving_a_draft_starts_the_self_assessment_and_returns_to_the_list(
    review, wirral, wirral_lead, client_for
) -> None:
    response = client_for(wirral_lead).post(
        answer_url(review, wirral, "1.1"),
        {"step": "answer", "level": "0", "narrative": "Not yet", "save": ""},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(page_url(review, wirral))
    answer = Answer.objects.get(standard__code="1.1", self_assessment__council=wirral)
    assert answer.level == 0
    assert answer.narrative == "Not yet"


def test_save_and_next_goes_to_the_next_standard(review, wirral, wirral_lead, client_for) -> None:
    codes = [s.code for s in standards(review)]

    response = client_for(wirral_lead).post(
        answer_url(review, wirral, codes[0]), {"step": "answer", "level": "3", "next": ""}
    )

    assert response["Location"] == answer_url(review, wirral, codes[1])


def test_a_bad_link_is_shown_in_the_error_summary(review, wirral, wirral_lead, client_for) -> None:
    response = client_for(wirral_lead).post(
        answer_url(review, wirral, "1.1"), {"step": "answer", "level": "2", "links": "not a link"}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert 'href="#id_links"' in text
    assert "Line 1 of the links, &#x27;not a link&#x27;, is not a web address" in text


def test_the_answer_page_offers_every_level_with_its_descriptor_and_not_yet(
    review, wirral, wirral_lead, client_for
) -> None:
    text = client_for(wirral_lead).get(answer_url(review, wirral, "1.1")).content.decode()
    descriptor = review.standards.get(code="1.1").levels.get(level=1).descriptor

    assert "Not yet at Level 1" in text
    for level in range(1, 5):
        assert f"Level {level}" in text
    assert str(descriptor)[:40] in text.replace("&#x27;", "'")


def test_submission_with_key_standards_missing_links_to_each(
    review, wirral, wirral_lead, client_for
) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    answer_save(
        self_assessment=sa,
        standard=review.standards.get(code=key_codes(review)[0]),
        level=1,
        narrative="",
        evidence="",
        links="",
        saved_by=wirral_lead,
    )

    response = client_for(wirral_lead).post(
        reverse("selfassessment:submit", args=[review.pk, wirral.slug])
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    missing = key_codes(review)[1:]
    for code in missing:
        assert f'href="{answer_url(review, wirral, code)}"' in text
    assert f'href="{answer_url(review, wirral, key_codes(review)[0])}">Answer' not in text
    sa.refresh_from_db()
    assert sa.status == SelfAssessmentStatus.DRAFT


def test_submitting_a_complete_self_assessment_makes_it_read_only(
    review, wirral, wirral_lead, client_for
) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    answer_all(sa, wirral_lead)
    client = client_for(wirral_lead)

    with committed():
        response = client.post(reverse("selfassessment:submit", args=[review.pk, wirral.slug]))

    assert response.status_code == 302
    sa.refresh_from_db()
    assert sa.status == SelfAssessmentStatus.SUBMITTED
    page = client.get(page_url(review, wirral)).content.decode()
    assert "can no longer be changed" in page
    assert "Submit the self-assessment</button>" not in page
    answer_page = client.get(answer_url(review, wirral, "1.1")).content.decode()
    assert "Save as draft" not in answer_page
    assert "Attach the file" not in answer_page
    refused = client.post(answer_url(review, wirral, "1.1"), {"step": "answer", "level": "4"})
    assert refused.status_code == 400
    assert "has been submitted, so it can no longer be changed" in refused.content.decode()
    assert sa.answers.get(standard__code="1.1").level == 2


def test_only_the_councils_director_signs_off(
    review, wirral, wirral_lead, wirral_director, client_for
) -> None:
    with committed():
        sa = submitted(review, wirral, wirral_lead)
    url = reverse("selfassessment:sign_off", args=[review.pk, wirral.slug])

    assert client_for(wirral_lead).post(url).status_code == 403
    page = client_for(wirral_director).get(page_url(review, wirral)).content.decode()
    assert "Sign off the self-assessment" in page
    response = client_for(wirral_director).post(url)

    assert response.status_code == 302
    sa.refresh_from_db()
    assert sa.signed_off_by == wirral_director


def test_sign_off_before_submission_is_refused_with_a_message(
    review, wirral, wirral_lead, wirral_director, client_for
) -> None:
    self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    client = client_for(wirral_director)

    response = client.post(
        reverse("selfassessment:sign_off", args=[review.pk, wirral.slug]), follow=True
    )

    assert "Submit the self-assessment before signing it off" in response.content.decode()


def test_the_administrator_reopens_with_a_reason(
    review, wirral, wirral_lead, regional_admin, client_for
) -> None:
    with committed():
        sa = submitted(review, wirral, wirral_lead)
    url = reverse("selfassessment:reopen", args=[review.pk, wirral.slug])
    client = client_for(regional_admin)

    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "Enter why the self-assessment is being reopened" in empty.content.decode()
    assert client.post(url, {"reason": "Wrong level on 1.1"}).status_code == 302

    sa.refresh_from_db()
    assert sa.status == SelfAssessmentStatus.REOPENED
    assert sa.reopen_reason == "Wrong level on 1.1"
    assert client_for(wirral_lead).get(url).status_code == 403


def test_reopening_a_draft_says_it_is_already_open(
    review, wirral, wirral_lead, regional_admin, client_for
) -> None:
    self_assessment_start(review=review, council=wirral, started_by=wirral_lead)

    text = (
        client_for(regional_admin)
        .get(reverse("selfassessment:reopen", args=[review.pk, wirral.slug]))
        .content.decode()
    )

    assert "already open" in text
    assert "Reopen the self-assessment</button>" not in text


def pdf(name: str = "audit.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_evidence_file_is_attached_listed_downloaded_and_removed(
    review, wirral, wirral_lead, client_for
) -> None:
    client = client_for(wirral_lead)

    response = client.post(
        answer_url(review, wirral, "1.1"), {"step": "file", "evidence-file": pdf()}
    )

    assert response.status_code == 302
    attached = EvidenceFile.objects.get()
    text = client.get(answer_url(review, wirral, "1.1")).content.decode()
    assert "audit.pdf" in text
    download_url = reverse(
        "selfassessment:evidence_file", args=[review.pk, wirral.slug, "1.1", attached.pk]
    )
    download = client.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    archive_url = reverse(
        "selfassessment:evidence_file_archive", args=[review.pk, wirral.slug, "1.1", attached.pk]
    )
    assert client.post(archive_url).status_code == 302
    attached.refresh_from_db()
    assert attached.archived_at is not None
    assert client.get(download_url).status_code == 404


def test_a_file_of_the_wrong_type_is_refused(review, wirral, wirral_lead, client_for) -> None:
    response = client_for(wirral_lead).post(
        answer_url(review, wirral, "1.1"),
        {"step": "file", "evidence-file": pdf("notes.exe", b"MZ")},
    )

    assert response.status_code == 400
    assert "The selected file must be a PDF" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused(review, wirral, wirral_lead, client_for) -> None:
    response = client_for(wirral_lead).post(
        answer_url(review, wirral, "1.1"),
        {"step": "file", "evidence-file": pdf("audit.pdf", b"plain text")},
    )

    assert response.status_code == 400
    assert "is not a real PDF" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("wirral_director", 200),
        ("planning_group_member", 200),
        ("risk_assessor", 200),
        ("regional_admin", 200),
        ("sefton_lead", 404),
        ("board_member", 403),
    ],
)
def test_evidence_file_access_by_role(
    review, wirral, wirral_lead, persona, status, client_for, request
) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    answer = answer_save(
        self_assessment=sa,
        standard=review.standards.get(code="1.1"),
        level=1,
        narrative="",
        evidence="",
        links="",
        saved_by=wirral_lead,
    )
    attached = evidence_file_add(answer=answer, file=pdf(), uploaded_by=wirral_lead)
    url = reverse("selfassessment:evidence_file", args=[review.pk, wirral.slug, "1.1", attached.pk])

    response = client_for(request.getfixturevalue(persona)).get(url)

    assert response.status_code == status


def test_only_the_council_removes_its_files(
    review, wirral, wirral_lead, planning_group_member, client_for
) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    answer = answer_save(
        self_assessment=sa,
        standard=review.standards.get(code="1.1"),
        level=1,
        narrative="",
        evidence="",
        links="",
        saved_by=wirral_lead,
    )
    attached = evidence_file_add(answer=answer, file=pdf(), uploaded_by=wirral_lead)
    url = reverse(
        "selfassessment:evidence_file_archive", args=[review.pk, wirral.slug, "1.1", attached.pk]
    )

    assert client_for(planning_group_member).post(url).status_code == 403
    assert client_for(wirral_lead).get(url).status_code == 405


def test_an_unknown_standard_is_404(review, wirral, wirral_lead, client_for) -> None:
    assert client_for(wirral_lead).get(answer_url(review, wirral, "99.9")).status_code == 404


def test_submit_and_sign_off_refuse_get(review, wirral, wirral_lead, client_for) -> None:
    client = client_for(wirral_lead)
    for name in ("submit", "sign_off"):
        url = reverse(f"selfassessment:{name}", args=[review.pk, wirral.slug])
        assert client.get(url).status_code == 405


def test_the_index_shows_a_councils_own_self_assessment(
    review, wirral, wirral_lead, client_for
) -> None:
    self_assessment_start(review=review, council=wirral, started_by=wirral_lead)

    response = client_for(wirral_lead).get(reverse("selfassessment:index"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Your council's self-assessments" in text
    assert page_url(review, wirral) in text
    assert "0 of 12 standards answered" in text
    assert reverse("selfassessment:review_list", args=[review.pk]) not in text


def test_the_index_links_the_planning_group_to_each_reviews_list(
    review, planning_group_member, client_for
) -> None:
    text = client_for(planning_group_member).get(reverse("selfassessment:index")).content.decode()

    assert reverse("selfassessment:review_list", args=[review.pk]) in text
    assert "Your council" not in text


def test_the_index_asks_anonymous_visitors_to_sign_in(client_for) -> None:
    response = client_for(None).get(reverse("selfassessment:index"))

    assert response.status_code == 302


def test_an_unknown_form_on_the_answer_page_is_refused(
    review, wirral, wirral_lead, client_for
) -> None:
    response = client_for(wirral_lead).post(answer_url(review, wirral, "1.1"), {"step": "other"})

    assert response.status_code == 400
    assert not SelfAssessment.objects.exists()


def test_submit_from_the_page_after_answering_everything(
    review, wirral, wirral_lead, client_for
) -> None:
    sa = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    answer_all(sa, wirral_lead)
    with committed():
        self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)

    again = client_for(wirral_lead).post(
        reverse("selfassessment:submit", args=[review.pk, wirral.slug])
    )

    assert again.status_code == 400
    assert "has been submitted" in again.content.decode()
