"""A council's self-assessment: start, draft answers, evidence files, submission (refused with
the missing key standards), sign-off by the director, reopening by the administrator with a
reason, moderation keeping both levels, and every refusal."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from selfassessment.models import (
    Answer,
    EvidenceFile,
    SelfAssessment,
    SelfAssessmentEvent,
    SelfAssessmentStatus,
)
from selfassessment.selectors import self_assessment_progress
from selfassessment.services import (
    SelfAssessmentRefused,
    SubmissionIncomplete,
    answer_moderate,
    answer_save,
    evidence_file_add,
    evidence_file_archive,
    regional_report_publish,
    regional_report_save,
    self_assessment_reopen,
    self_assessment_sign_off,
    self_assessment_start,
    self_assessment_submit,
)
from selfassessment.signals import self_assessment_moderated, self_assessment_submitted
from tests.conftest import committed
from tests.selfassessment.helpers import TODAY, answer_all, import_demo, standards, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def sa(review, wirral, wirral_lead) -> SelfAssessment:
    return self_assessment_start(review=review, council=wirral, started_by=wirral_lead)


def save(sa, by, code="1.1", level=2, **extra) -> Answer:
    standard = sa.review.standards.get(code=code)
    return answer_save(
        self_assessment=sa,
        standard=standard,
        level=level,
        narrative=extra.get("narrative", "We do this"),
        evidence=extra.get("evidence", ""),
        links=extra.get("links", ""),
        saved_by=by,
    )


def actions(sa) -> list[str]:
    return list(sa.events.order_by("pk").values_list("action", flat=True))


def test_starting_is_idempotent_and_recorded(review, wirral, wirral_lead, wirral_director) -> None:
    first = self_assessment_start(review=review, council=wirral, started_by=wirral_lead)
    again = self_assessment_start(review=review, council=wirral, started_by=wirral_director)

    assert first == again
    assert first.status == SelfAssessmentStatus.DRAFT
    assert first.history.get().history_user == wirral_lead
    assert actions(first) == [SelfAssessmentEvent.Action.CREATED]


def test_only_the_councils_own_users_start_and_change_it(
    review, wirral, sefton_lead, planning_group_member, regional_admin, board_member, sa
) -> None:
    for user in (sefton_lead, planning_group_member, regional_admin, board_member):
        with pytest.raises(
            SelfAssessmentRefused, match="Only Wirral's own performance lead or director"
        ):
            self_assessment_start(review=review, council=wirral, started_by=user)
        with pytest.raises(SelfAssessmentRefused, match="Only Wirral's own"):
            save(sa, user)


def test_a_review_not_yet_open_cannot_be_started(wirral, wirral_lead) -> None:
    later = import_demo(
        opens_on=TODAY + datetime.timedelta(days=3), closes_on=TODAY + datetime.timedelta(days=30)
    )

    with pytest.raises(SelfAssessmentRefused, match=f"opens on {later.opens_on:%-d %B %Y}"):
        self_assessment_start(review=later, council=wirral, started_by=wirral_lead)


def test_a_council_that_had_ended_cannot_start(review, regional_admin) -> None:
    from accounts.models import Role
    from authorities.models import Council
    from tests.conftest import make_user

    cumbria = Council.objects.get(slug="cumbria")
    lead = make_user("carl.lead@cumbria.example", Role.PERFORMANCE_LEAD, cumbria)

    with pytest.raises(
        SelfAssessmentRefused, match="does not hold adult social care responsibility"
    ):
        self_assessment_start(review=review, council=cumbria, started_by=lead)


def test_a_draft_is_saved_partly_answered_with_progress(sa, wirral_lead) -> None:
    answer = save(
        sa,
        wirral_lead,
        "1.1",
        3,
        evidence="Commissioning strategy 2025",
        links="https://wirral.gov.uk/strategy\n",
    )
    save(sa, wirral_lead, "1.2", None, narrative="Still gathering evidence")
    save(sa, wirral_lead, "2.2", 0)

    assert answer.level == 3
    assert answer.links == "https://wirral.gov.uk/strategy"
    assert answer.link_list == ["https://wirral.gov.uk/strategy"]
    assert answer.updated_by == wirral_lead
    progress = self_assessment_progress(self_assessment=sa)
    assert progress.text == "2 of 12 standards answered"
    assert (progress.key_answered, progress.key_total) == (1, 5)
    assert [s.code for s in progress.missing_key] == ["1.2", "2.1", "3.1", "4.1"]


def test_each_change_writes_one_history_row_and_an_event(sa, wirral_lead) -> None:
    answer = save(sa, wirral_lead, "1.1", 1)
    save(sa, wirral_lead, "1.1", 1)  # the same again: nothing changes
    save(sa, wirral_lead, "1.1", 2)

    history = list(answer.history.order_by("history_id"))
    assert [(h.level, h.history_user) for h in history] == [(1, wirral_lead), (2, wirral_lead)]
    assert actions(sa) == ["created", "saved", "saved"]
    assert sa.history.count() == 1


@pytest.mark.parametrize(
    ("level", "links", "message", "field"),
    [
        (5, "", "Choose a level from Level 1 to Level 4, or Not yet at Level 1", "level"),
        (
            2,
            "www.wirral.gov.uk",
            "Line 1 of the links, 'www.wirral.gov.uk', is not a web address",
            "links",
        ),
        (2, "javascript:alert(1)", "is not a web address", "links"),
    ],
)
def test_a_bad_level_or_link_is_refused(sa, wirral_lead, level, links, message, field) -> None:
    with pytest.raises(SelfAssessmentRefused, match=message) as refused:
        save(sa, wirral_lead, level=level, links=links)

    assert refused.value.field == field
    assert not Answer.objects.exists()


def test_a_standard_of_another_review_is_refused(sa, wirral_lead) -> None:
    other = import_demo("safeguarding-adults.csv", title="Safeguarding adults")

    with pytest.raises(SelfAssessmentRefused, match="not part of this review"):
        answer_save(
            self_assessment=sa,
            standard=other.standards.first(),
            level=1,
            narrative="",
            evidence="",
            links="",
            saved_by=wirral_lead,
        )


def test_submission_is_refused_listing_each_missing_key_standard(sa, wirral_lead) -> None:
    save(sa, wirral_lead, "1.1", 2)
    save(sa, wirral_lead, "1.3", 2)

    with pytest.raises(SubmissionIncomplete) as refused:
        self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)

    assert [(s.code, s.title) for s in refused.value.missing] == [
        ("1.2", "Commissioning promotes health, wellbeing and independence"),
        ("2.1", "Commissioning is co-produced with people, carers and communities"),
        ("3.1", "Leaders set a clear vision for commissioning across the system"),
        ("4.1", "The local market is sustainable, diverse and of good quality"),
    ]
    assert refused.value.message.startswith(
        "Answer every key standard before submitting. Not yet answered: 1.2 Commissioning "
        "promotes health, wellbeing and independence; 2.1 "
    )
    sa.refresh_from_db()
    assert sa.status == SelfAssessmentStatus.DRAFT


def test_a_key_standard_saved_without_a_level_is_still_missing(sa, wirral_lead) -> None:
    for standard in standards(sa.review):
        if standard.is_key_element:
            save(sa, wirral_lead, standard.code, None if standard.code == "3.1" else 1)

    with pytest.raises(SubmissionIncomplete) as refused:
        self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)

    assert [s.code for s in refused.value.missing] == ["3.1"]


def test_submission_with_every_key_standard_answered_makes_it_read_only(sa, wirral_lead) -> None:
    for standard in standards(sa.review):
        if standard.is_key_element:
            save(sa, wirral_lead, standard.code, 0 if standard.code == "4.1" else 2)
    received = []
    self_assessment_submitted.connect(
        lambda **kw: received.append(kw), weak=False, dispatch_uid="t"
    )
    try:
        with committed():
            done = self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)
    finally:
        self_assessment_submitted.disconnect(dispatch_uid="t")

    assert done.status == SelfAssessmentStatus.SUBMITTED
    assert done.submitted_by == wirral_lead
    assert done.submitted_at is not None
    assert not done.submitted_late
    assert received[0]["council_id"] == sa.council_id
    assert received[0]["year"] == sa.review.year
    with pytest.raises(
        SelfAssessmentRefused,
        match="has been submitted, so it can no longer be changed. Ask the regional administrator to reopen it",
    ):
        save(done, wirral_lead, "1.3", 1)
    with pytest.raises(SelfAssessmentRefused, match="has been submitted"):
        self_assessment_submit(self_assessment=done, submitted_by=wirral_lead)


def test_a_rolled_back_submission_sends_nothing(sa, wirral_lead) -> None:
    from django.db import transaction

    answer_all(sa, wirral_lead)
    received = []
    self_assessment_submitted.connect(
        lambda **kw: received.append(kw), weak=False, dispatch_uid="t"
    )
    try:
        with committed():
            with transaction.atomic():
                self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)
                transaction.set_rollback(True)
    finally:
        self_assessment_submitted.disconnect(dispatch_uid="t")

    assert received == []


def test_a_late_submission_is_accepted_and_shown_late(wirral, wirral_lead) -> None:
    closed = import_demo(
        opens_on=TODAY - datetime.timedelta(days=60), closes_on=TODAY - datetime.timedelta(days=1)
    )

    done = submitted(closed, wirral, wirral_lead)

    assert done.submitted_late
    assert done.events.get(action="submitted").text.startswith("Submitted after the closing date")


def test_only_the_councils_director_signs_off_after_submission(
    review, sa, wirral_lead, wirral_director, regional_admin, sefton, sefton_lead
) -> None:
    with pytest.raises(
        SelfAssessmentRefused, match="Submit the self-assessment before signing it off"
    ):
        self_assessment_sign_off(self_assessment=sa, signed_off_by=wirral_director)
    answer_all(sa, wirral_lead)
    self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)
    for user in (wirral_lead, regional_admin, sefton_lead):
        with pytest.raises(SelfAssessmentRefused, match="Only Wirral's director can sign off"):
            self_assessment_sign_off(self_assessment=sa, signed_off_by=user)

    signed = self_assessment_sign_off(self_assessment=sa, signed_off_by=wirral_director)

    assert signed.signed_off_by == wirral_director
    assert signed.is_signed_off
    assert actions(sa)[-1] == "signed_off"
    with pytest.raises(SelfAssessmentRefused, match="already been signed off"):
        self_assessment_sign_off(self_assessment=sa, signed_off_by=wirral_director)


def test_reopening_needs_the_administrator_and_a_reason_and_clears_the_sign_off(
    sa, wirral_lead, wirral_director, regional_admin, planning_group_member
) -> None:
    with pytest.raises(
        SelfAssessmentRefused, match="has not been submitted, so it is already open"
    ):
        self_assessment_reopen(self_assessment=sa, reason="x", reopened_by=regional_admin)
    answer_all(sa, wirral_lead)
    self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)
    self_assessment_sign_off(self_assessment=sa, signed_off_by=wirral_director)
    for user in (wirral_lead, wirral_director, planning_group_member):
        with pytest.raises(
            SelfAssessmentRefused, match="Only the regional administrator can reopen"
        ):
            self_assessment_reopen(self_assessment=sa, reason="Typo", reopened_by=user)
    with pytest.raises(
        SelfAssessmentRefused, match="Enter why the self-assessment is being reopened"
    ) as refused:
        self_assessment_reopen(self_assessment=sa, reason="  ", reopened_by=regional_admin)
    assert refused.value.field == "reason"

    reopened = self_assessment_reopen(
        self_assessment=sa, reason="Wirral asked to correct 2.2", reopened_by=regional_admin
    )

    assert reopened.status == SelfAssessmentStatus.REOPENED
    assert reopened.reopen_reason == "Wirral asked to correct 2.2"
    assert reopened.signed_off_at is None
    assert sa.history.filter(signed_off_by=wirral_director).exists()
    assert sa.events.get(action="reopened").text == "Wirral asked to correct 2.2"
    save(reopened, wirral_lead, "2.2", 3)
    again = self_assessment_submit(self_assessment=reopened, submitted_by=wirral_lead)
    assert again.status == SelfAssessmentStatus.SUBMITTED


def test_moderation_keeps_the_claim_and_needs_reasons_when_it_differs(
    review, wirral, wirral_lead, planning_group_member
) -> None:
    sa = submitted(review, wirral, wirral_lead, level=3)
    answer = sa.answers.get(standard__code="1.1")

    with pytest.raises(
        SelfAssessmentRefused,
        match="Enter the reasons for moderating 1.1 to Level 1 when the council claimed Level 3",
    ) as refused:
        answer_moderate(answer=answer, level=1, reasons="", moderated_by=planning_group_member)
    assert refused.value.field == "reasons"
    received = []
    self_assessment_moderated.connect(
        lambda **kw: received.append(kw), weak=False, dispatch_uid="t"
    )
    try:
        with committed():
            moderated = answer_moderate(
                answer=answer,
                level=1,
                reasons="No outcomes in the contracts seen",
                moderated_by=planning_group_member,
            )
    finally:
        self_assessment_moderated.disconnect(dispatch_uid="t")

    assert (moderated.level, moderated.moderated_level, moderated.effective_level) == (3, 1, 1)
    assert moderated.moderation_reasons == "No outcomes in the contracts seen"
    assert moderated.moderated_by == planning_group_member
    assert received
    assert received[0]["self_assessment_id"] == sa.pk
    assert sa.events.get(action="moderated").text == (
        "1.1: claimed Level 3, moderated Level 1. No outcomes in the contracts seen"
    )
    agreed = answer_moderate(
        answer=sa.answers.get(standard__code="1.2"),
        level=3,
        reasons="",
        moderated_by=planning_group_member,
    )
    assert agreed.moderated_level == 3
    assert agreed.moderation_reasons == ""


def test_moderation_is_refused_for_councils_drafts_and_bad_levels(
    review, sa, wirral_lead, wirral_director, planning_group_member, regional_admin
) -> None:
    answer = save(sa, wirral_lead, "1.1", 2)
    with pytest.raises(
        SelfAssessmentRefused, match="Only a submitted self-assessment can be moderated"
    ):
        answer_moderate(answer=answer, level=1, reasons="x", moderated_by=planning_group_member)
    answer_all(sa, wirral_lead)
    self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)
    for user in (wirral_lead, wirral_director):
        with pytest.raises(SelfAssessmentRefused, match="Only the SLI Planning Group"):
            answer_moderate(answer=answer, level=1, reasons="x", moderated_by=user)
    with pytest.raises(SelfAssessmentRefused, match="Choose a level from Level 1 to Level 4"):
        answer_moderate(answer=answer, level=7, reasons="x", moderated_by=regional_admin)


def evidence(
    name: str = "strategy.pdf", content: bytes = b"%PDF-1.7 strategy"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_an_evidence_file_is_stored_outside_the_web_root_by_a_random_name(
    sa, wirral_lead, settings
) -> None:
    answer = save(sa, wirral_lead)

    attached = evidence_file_add(answer=answer, file=evidence(), uploaded_by=wirral_lead)

    assert attached.original_name == "strategy.pdf"
    assert attached.size == len(b"%PDF-1.7 strategy")
    assert len(attached.sha256) == 64
    assert attached.file.name.startswith(f"selfassessment/{sa.review_id}/{sa.council_id}/")
    assert "strategy" not in attached.file.name
    assert str(attached.file.path).startswith(str(settings.MEDIA_ROOT))
    assert actions(sa)[-1] == "file_added"
    assert attached.history.get().history_user == wirral_lead


def test_a_bad_evidence_file_is_refused_with_nothing_saved(sa, wirral_lead) -> None:
    answer = save(sa, wirral_lead)

    with pytest.raises(SelfAssessmentRefused, match="not a real PDF") as refused:
        evidence_file_add(answer=answer, file=evidence(content=b"MZ\x90"), uploaded_by=wirral_lead)

    assert refused.value.field == "file"
    assert not EvidenceFile.objects.exists()


def test_an_evidence_file_is_archived_not_deleted(sa, wirral_lead, sefton_lead) -> None:
    attached = evidence_file_add(
        answer=save(sa, wirral_lead), file=evidence(), uploaded_by=wirral_lead
    )
    with pytest.raises(SelfAssessmentRefused):
        evidence_file_archive(evidence_file=attached, archived_by=sefton_lead)

    archived = evidence_file_archive(evidence_file=attached, archived_by=wirral_lead)

    assert archived.archived_at is not None
    assert archived.archived_by == wirral_lead
    assert EvidenceFile.objects.filter(pk=attached.pk).exists()
    assert archived.file.storage.exists(archived.file.name)


def test_no_file_can_be_added_after_submission(sa, wirral_lead) -> None:
    answer_all(sa, wirral_lead)
    self_assessment_submit(self_assessment=sa, submitted_by=wirral_lead)

    with pytest.raises(SelfAssessmentRefused, match="has been submitted"):
        evidence_file_add(answer=sa.answers.first(), file=evidence(), uploaded_by=wirral_lead)


def test_nothing_changes_after_the_regional_report_is_published(
    wirral, sefton, wirral_lead, sefton_lead, regional_admin, planning_group_member
) -> None:
    closed = import_demo(
        opens_on=TODAY - datetime.timedelta(days=60), closes_on=TODAY - datetime.timedelta(days=1)
    )
    done = submitted(closed, wirral, wirral_lead)
    draft = self_assessment_start(review=closed, council=sefton, started_by=sefton_lead)
    regional_report_save(
        review=closed,
        summary="Strong start",
        strengths="",
        areas_for_development="",
        saved_by=planning_group_member,
    )
    regional_report_publish(review=closed, published_by=planning_group_member)

    with pytest.raises(SelfAssessmentRefused, match="has been published"):
        save(draft, sefton_lead, "1.1", 1)
    with pytest.raises(SelfAssessmentRefused, match="has been published"):
        self_assessment_reopen(
            self_assessment=done, reason="Late change", reopened_by=regional_admin
        )
    with pytest.raises(SelfAssessmentRefused, match="has been published"):
        answer_moderate(
            answer=done.answers.first(), level=1, reasons="x", moderated_by=planning_group_member
        )


def test_the_database_refuses_a_second_self_assessment_and_an_unattributed_moderation(
    sa, wirral_lead
) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.create(review=sa.review, council=sa.council, created_by=wirral_lead)
    answer = save(sa, wirral_lead)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(moderated_level=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(level=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.filter(pk=sa.pk).update(status="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.filter(pk=sa.pk).update(signed_off_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.filter(pk=sa.pk).update(status="reopened")
