"""A council's self-assessment: start, save answers as a draft, attach evidence, submit, sign
off, reopen and moderate (MoU 2.1 a; DOMAIN.md §6).

Every service is atomic, keyword-only and attributed: it locks the self-assessment, checks the
person may act (through the access module, as the views do) and that the step is allowed in its
status, saves (history keeps each version) and writes a :class:`SelfAssessmentEvent`.

When changes are allowed: a council can start, save and submit from the review's opening date
until the regional report is published. A submission after the closing date is accepted and
shown as late rather than refused (the Board wants every council's self-assessment in the
report); reminders stop at the closing date. After publication nothing changes.
"""

import datetime
import hashlib
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from accounts import access
from accounts.models import User
from authorities.models import Council
from selfassessment.models import (
    Answer,
    EvidenceFile,
    SelfAssessment,
    SelfAssessmentEvent,
    SelfAssessmentStatus,
    Standard,
    ThematicReview,
    level_label,
)
from selfassessment.services.common import SelfAssessmentRefused, event, required, save
from selfassessment.signals import self_assessment_moderated, self_assessment_submitted
from selfassessment.validation import (
    check_evidence_file,
    check_level,
    parse_links,
)
from sli_portal.attachments import ATTACHMENT_MAX_BYTES
from sli_portal.financial_years import year_bounds
from sli_portal.signals import send_signal_after_commit

TEXT_MAX = 20_000


class SubmissionIncomplete(SelfAssessmentRefused):
    """Submission refused because key standards are unanswered; ``missing`` lists them in the
    review's order, for an error summary that links to each gap."""

    def __init__(self, missing: list[Standard]) -> None:
        names = "; ".join(f"{s.code} {s.title}" for s in missing)
        super().__init__(
            f"Answer every key standard before submitting. Not yet answered: {names}",
            field="level",
        )
        self.missing = missing


def _lock(self_assessment: SelfAssessment) -> SelfAssessment:
    return (
        SelfAssessment.objects.select_for_update()
        .select_related("review", "council")
        .get(pk=self_assessment.pk)
    )


def _not_published(review: ThematicReview) -> None:
    if review.report_is_published:
        raise SelfAssessmentRefused(
            f"The regional report for {review.title} has been published, so its "
            "self-assessments can no longer be changed"
        )


def _require_editor(user: User, council: Council) -> None:
    if not access.may_act_for(user, "edit_self_assessment", council):
        raise SelfAssessmentRefused(
            f"Only {council.name}'s own performance lead or director can change its self-assessment"
        )


def _editable(sa: SelfAssessment, today: datetime.date) -> None:
    _not_published(sa.review)
    if not sa.review.has_opened(today):
        raise SelfAssessmentRefused(f"{sa.review.title} opens on {sa.review.opens_on:%-d %B %Y}")
    if sa.is_submitted:
        raise SelfAssessmentRefused(
            f"{sa.council.name}'s self-assessment has been submitted, so it can no longer be "
            "changed. Ask the regional administrator to reopen it"
        )


def self_assessment_start(
    *,
    review: ThematicReview,
    council: Council,
    started_by: User,
    today: datetime.date | None = None,
) -> SelfAssessment:
    """The council's self-assessment for the review, started (as a draft) if it has none.
    Safe to call twice. Refused for anyone but the council's own performance lead or director,
    before the review opens, after its report is published, or for a council that did not hold
    adult social care responsibility during the review's year."""
    today = today or timezone.localdate()
    _require_editor(started_by, council)
    existing = SelfAssessment.objects.filter(review=review, council=council).first()
    if existing is not None:
        return existing
    _not_published(review)
    if not review.has_opened(today):
        raise SelfAssessmentRefused(f"{review.title} opens on {review.opens_on:%-d %B %Y}")
    if not Council.objects.active_between(*year_bounds(review.year)).filter(pk=council.pk).exists():
        raise SelfAssessmentRefused(
            f"{council.name} does not hold adult social care responsibility in {review.year_label}"
        )
    sa = SelfAssessment(review=review, council=council, created_by=started_by)
    try:
        with transaction.atomic():
            save(sa, started_by, "Started")
            event(sa, SelfAssessmentEvent.Action.CREATED, started_by)
    except IntegrityError:  # started by a colleague at the same moment
        return SelfAssessment.objects.get(review=review, council=council)
    return sa


@transaction.atomic
def answer_save(
    *,
    self_assessment: SelfAssessment,
    standard: Standard,
    level: int | None,
    narrative: str,
    evidence: str,
    links: str,
    saved_by: User,
    today: datetime.date | None = None,
) -> Answer:
    """Save a council's answer on one standard, as a draft: the level claimed (``None`` while
    undecided, ``0`` for "Not yet at Level 1"), narrative, evidence and links (web addresses,
    one a line). A self-assessment can be saved part-answered at any time while editable.
    Refused once submitted (reopening is the administrator's), for a standard of another
    review, a level outside the review's levels, or a line of the links that is not an
    http(s) address. Saving what is already saved changes nothing."""
    today = today or timezone.localdate()
    sa = _lock(self_assessment)
    _require_editor(saved_by, sa.council)
    _editable(sa, today)
    values = _answer_values(
        sa, standard, level=level, narrative=narrative, evidence=evidence, links=links
    )
    answer = Answer.objects.filter(self_assessment=sa, standard=standard).first()
    if answer is not None and all(getattr(answer, k) == v for k, v in values.items()):
        return answer
    if answer is None:
        answer = Answer(self_assessment=sa, standard=standard)
    for key, value in values.items():
        setattr(answer, key, value)
    answer.updated_by = saved_by
    save(answer, saved_by, f"Saved: {level_label(level)}")
    event(
        sa,
        SelfAssessmentEvent.Action.SAVED,
        saved_by,
        f"{standard.code} {standard.title}: {level_label(level)}",
        answer=answer,
    )
    # Touch the self-assessment's "last changed" without a history row of its own: the
    # answer's history row is the one record of this change.
    SelfAssessment.objects.filter(pk=sa.pk).update(updated_at=timezone.now())
    return answer


def _answer_values(
    sa: SelfAssessment,
    standard: Standard,
    *,
    level: int | None,
    narrative: str,
    evidence: str,
    links: str,
) -> dict[str, object]:
    """An answer's fields as they are saved, once checked: refused for a standard of another
    review, a level outside the review's levels, a line of the links that is not an http(s)
    address, or a narrative or evidence too long."""
    if standard.review_id != sa.review_id:
        raise SelfAssessmentRefused("That standard is not part of this review", field="standard")
    problem = check_level(level, max_level=sa.review.max_level)
    if problem is not None:
        raise SelfAssessmentRefused(problem, field="level")
    link_list, problems = parse_links(links)
    if problems:
        raise SelfAssessmentRefused(problems[0], field="links")
    narrative, evidence = narrative.strip(), evidence.strip()
    for name, text in (("narrative", narrative), ("evidence", evidence)):
        if len(text) > TEXT_MAX:
            raise SelfAssessmentRefused(
                f"The {name} must be {TEXT_MAX:,} characters or fewer", field=name
            )
    return {
        "level": level,
        "narrative": narrative,
        "evidence": evidence,
        "links": "\n".join(link_list),
    }


def evidence_file_add(
    *,
    answer: Answer,
    file: UploadedFile[bytes],
    uploaded_by: User,
    today: datetime.date | None = None,
) -> EvidenceFile:
    """Attach a file of evidence to an answer. Checked first (PDF, Word, Excel, PNG or JPEG,
    content matching the name, smaller than 10 MB): refused with nothing saved. Stored under
    MEDIA_ROOT, outside the web root, by a random name; served only through an access-checked
    view. Refused when the self-assessment cannot be changed."""
    today = today or timezone.localdate()
    name = PurePath(file.name or "").name
    content = file.read(ATTACHMENT_MAX_BYTES + 1)
    problem = check_evidence_file(
        name=name, size=max(file.size or 0, len(content)), content=content
    )
    if problem is not None:
        raise SelfAssessmentRefused(problem, field="file")
    with transaction.atomic():
        sa = _lock(answer.self_assessment)
        _require_editor(uploaded_by, sa.council)
        _editable(sa, today)
        attached = EvidenceFile(
            answer=answer,
            original_name=name[:255],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=uploaded_by,
        )
        attached.file.save(name, ContentFile(content), save=False)
        try:
            with transaction.atomic():
                save(attached, uploaded_by, "Uploaded")
                event(
                    sa,
                    SelfAssessmentEvent.Action.FILE_ADDED,
                    uploaded_by,
                    f"{answer.standard.code}: {name}",
                    answer=answer,
                )
        except Exception:
            attached.file.delete(save=False)
            raise
    return attached


@transaction.atomic
def evidence_file_archive(
    *, evidence_file: EvidenceFile, archived_by: User, today: datetime.date | None = None
) -> EvidenceFile:
    """Take a file off an answer while the self-assessment can be changed. The file and its
    record are kept (archived), never deleted."""
    today = today or timezone.localdate()
    evidence_file = EvidenceFile.objects.select_related("answer__standard").get(pk=evidence_file.pk)
    sa = _lock(evidence_file.answer.self_assessment)
    _require_editor(archived_by, sa.council)
    _editable(sa, today)
    if evidence_file.archived_at is not None:
        return evidence_file
    evidence_file.archived_by = archived_by
    evidence_file.archived_at = timezone.now()
    save(evidence_file, archived_by, "Removed")
    event(
        sa,
        SelfAssessmentEvent.Action.FILE_ARCHIVED,
        archived_by,
        f"{evidence_file.answer.standard.code}: {evidence_file.original_name}",
        answer=evidence_file.answer,
    )
    return evidence_file


def missing_key_standards(self_assessment: SelfAssessment) -> list[Standard]:
    """The review's key standards the self-assessment has no level for, in the review's order."""
    answered = Answer.objects.filter(
        self_assessment=self_assessment, level__isnull=False
    ).values_list("standard_id", flat=True)
    return list(
        Standard.objects.filter(review_id=self_assessment.review_id, is_key_element=True)
        .exclude(pk__in=answered)
        .order_by("section__order", "order")
    )


def _signal_after_commit(signal: Signal, sa: SelfAssessment) -> None:
    """Tell the apps above what happened to ``sa``, with the arguments
    :mod:`selfassessment.signals` promises."""
    send_signal_after_commit(
        signal,
        sender=SelfAssessment,
        self_assessment_id=sa.pk,
        review_id=sa.review_id,
        council_id=sa.council_id,
        year=sa.review.year,
    )


@transaction.atomic
def self_assessment_submit(
    *, self_assessment: SelfAssessment, submitted_by: User, today: datetime.date | None = None
) -> SelfAssessment:
    """Submit the self-assessment; from then on it is read-only. Refused with
    :class:`SubmissionIncomplete` (listing each key standard not yet answered) while any key
    standard has no level; refused when it cannot be changed (see the module docstring). Sends
    :data:`~selfassessment.signals.self_assessment_submitted` after commit."""
    today = today or timezone.localdate()
    sa = _lock(self_assessment)
    _require_editor(submitted_by, sa.council)
    _editable(sa, today)
    missing = missing_key_standards(sa)
    if missing:
        raise SubmissionIncomplete(missing)
    sa.status = SelfAssessmentStatus.SUBMITTED
    sa.submitted_by = submitted_by
    sa.submitted_at = timezone.now()
    save(sa, submitted_by, "Submitted")
    late = today > sa.review.closes_on
    event(
        sa,
        SelfAssessmentEvent.Action.SUBMITTED,
        submitted_by,
        f"Submitted after the closing date of {sa.review.closes_on:%-d %B %Y}" if late else "",
    )
    _signal_after_commit(self_assessment_submitted, sa)
    return sa


@transaction.atomic
def self_assessment_sign_off(
    *, self_assessment: SelfAssessment, signed_off_by: User
) -> SelfAssessment:
    """The council's director (DASS) signs off its submitted self-assessment. Refused for
    anyone but that council's director, before submission, or when already signed off."""
    sa = _lock(self_assessment)
    if not access.may_act_for(signed_off_by, "sign_off_self_assessment", sa.council):
        raise SelfAssessmentRefused(
            f"Only {sa.council.name}'s director can sign off its self-assessment"
        )
    _not_published(sa.review)
    if not sa.is_submitted:
        raise SelfAssessmentRefused("Submit the self-assessment before signing it off")
    if sa.is_signed_off:
        raise SelfAssessmentRefused("The self-assessment has already been signed off")
    sa.signed_off_by = signed_off_by
    sa.signed_off_at = timezone.now()
    save(sa, signed_off_by, "Signed off")
    event(sa, SelfAssessmentEvent.Action.SIGNED_OFF, signed_off_by)
    return sa


@transaction.atomic
def self_assessment_reopen(
    *, self_assessment: SelfAssessment, reason: str, reopened_by: User
) -> SelfAssessment:
    """Reopen a submitted self-assessment so the council can change it: the regional
    administrator's, with a reason. Its sign-off is cleared (the director signs off again after
    resubmission); history keeps the earlier sign-off. Refused after the report is published."""
    sa = _lock(self_assessment)
    if not access.may_act_for(reopened_by, "reopen_self_assessment", sa.council):
        raise SelfAssessmentRefused(
            "Only the regional administrator can reopen a submitted self-assessment"
        )
    reason = required(reason, "Enter why the self-assessment is being reopened", "reason")
    _not_published(sa.review)
    if not sa.is_submitted:
        raise SelfAssessmentRefused(
            f"{sa.council.name}'s self-assessment has not been submitted, so it is already open"
        )
    sa.status = SelfAssessmentStatus.REOPENED
    sa.reopened_by = reopened_by
    sa.reopened_at = timezone.now()
    sa.reopen_reason = reason
    sa.signed_off_by = None
    sa.signed_off_at = None
    save(sa, reopened_by, "Reopened")
    event(sa, SelfAssessmentEvent.Action.REOPENED, reopened_by, reason)
    return sa


@transaction.atomic
def answer_moderate(*, answer: Answer, level: int, reasons: str, moderated_by: User) -> Answer:
    """Record the Planning Group's moderated level on a submitted answer. The council's claim
    is kept beside it; the regional report counts the moderated level. Reasons are required
    when the moderated level differs from the claim. Moderating again replaces the moderated
    level (history keeps the earlier one). Refused for an unanswered standard, a draft or
    reopened self-assessment, or after the report is published. Sends
    :data:`~selfassessment.signals.self_assessment_moderated` after commit."""
    answer = Answer.objects.select_related("standard").get(pk=answer.pk)
    sa = _lock(answer.self_assessment)
    if not access.may_act_for(moderated_by, "moderate_self_assessment", sa.council):
        raise SelfAssessmentRefused(
            "Only the SLI Planning Group and the regional administrator can moderate "
            "self-assessments"
        )
    _not_published(sa.review)
    if not sa.is_submitted:
        raise SelfAssessmentRefused(
            "Only a submitted self-assessment can be moderated", field="level"
        )
    if answer.level is None:
        raise SelfAssessmentRefused(
            f"{sa.council.name} has not claimed a level on {answer.standard.code}", field="level"
        )
    if level is None:
        raise SelfAssessmentRefused("Choose the moderated level", field="level")
    problem = check_level(level, max_level=sa.review.max_level)
    if problem is not None:
        raise SelfAssessmentRefused(problem, field="level")
    reasons = reasons.strip()
    if level != answer.level and not reasons:
        raise SelfAssessmentRefused(
            f"Enter the reasons for moderating {answer.standard.code} to {level_label(level)} "
            f"when the council claimed {level_label(answer.level)}",
            field="reasons",
        )
    answer.moderated_level = level
    answer.moderation_reasons = reasons
    answer.moderated_by = moderated_by
    answer.moderated_at = timezone.now()
    save(answer, moderated_by, f"Moderated: {level_label(level)}")
    event(
        sa,
        SelfAssessmentEvent.Action.MODERATED,
        moderated_by,
        f"{answer.standard.code}: claimed {level_label(answer.level)}, moderated "
        f"{level_label(level)}" + (f". {reasons}" if reasons else ""),
        answer=answer,
    )
    _signal_after_commit(self_assessment_moderated, sa)
    return answer
