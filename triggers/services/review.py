"""Writes for the Planning Group's review: meetings and their decisions, the annual risk
assessment (MoU 2.1 b, i) and a council's private self-check against Table 2 (MoU 2.1 h).

Every service is atomic, keyword-only and attributed: it takes the acting person, stamps them on
the record where the model has a place for it, and leaves one history row per change (the
models' HistoricalRecords). A request the portal refuses raises :class:`ReviewRefused` with a
message for the person and writes nothing.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from accounts import access
from accounts.models import User
from authorities.models import Council
from sli_portal.history import set_history_user, without_history
from sli_portal.refusals import Refused
from triggers.models import (
    AgendaItem,
    Concern,
    Decision,
    Meeting,
    RiskAssessment,
    RiskView,
    SelfCheck,
    SelfCheckAnswer,
    SupportTier,
    Trigger,
)

DISCUSSION_FIRST = "Record the discussion with the council before taking a final view (MoU 2.1 b)"
REASONS_NEEDED = "Enter the reasons for the decision on {council}"
DECISION_NEEDED = "Choose the decision on {council}, or clear its reasons"
MEETING_LOCKED = (
    "The chair has approved this meeting's minutes, so its record can no longer be changed: "
    "record a correction instead"
)
SHARED_LOCKED = (
    "This risk assessment has been shared with the council, so it can no longer be changed"
)


class ReviewRefused(Refused):
    """A step of the review, a risk assessment or a self-check the portal refuses."""


def _save(instance: Model, *, by: User, fields: Sequence[str] | None = None) -> None:
    set_history_user(instance, by)
    instance.save(update_fields=fields)


# Meetings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionEntry:
    """The decision to record for one agenda item; an empty ``decision`` leaves it undecided."""

    item: AgendaItem
    decision: str
    reasons: str


def meeting_create(
    *, held_on: datetime.date, title: str, councils: Sequence[Council], created_by: User
) -> Meeting:
    """A Planning Group meeting with ``councils`` on its agenda, in the order given."""
    with transaction.atomic():
        meeting = Meeting(
            held_on=held_on, title=title.strip() or "SLI Planning Group", created_by=created_by
        )
        _save(meeting, by=created_by)
        _add_items(meeting, councils, by=created_by)
    return meeting


def agenda_items_add(
    *, meeting: Meeting, councils: Sequence[Council], added_by: User
) -> list[AgendaItem]:
    """Put ``councils`` on a meeting's agenda after those already there; a council already on
    the agenda is left where it is."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_locked:
            raise ReviewRefused(MEETING_LOCKED)
        return _add_items(locked, councils, by=added_by)


def _add_items(meeting: Meeting, councils: Sequence[Council], *, by: User) -> list[AgendaItem]:
    present = set(meeting.items.values_list("council_id", flat=True))
    last = meeting.items.aggregate(last=Max("order"))["last"] or 0
    added = []
    for council in councils:
        if council.pk in present:
            continue
        present.add(council.pk)
        last += 1
        item = AgendaItem(meeting=meeting, council=council, order=last)
        _save(item, by=by)
        added.append(item)
    return added


def agenda_decisions_record(
    *, meeting: Meeting, decisions: Sequence[DecisionEntry], decided_by: User
) -> int:
    """Record the meeting's decision on each council (no action, monitor, discuss with the
    council, recommend support, recommend intervention). Reasons are required for anything
    but "no action". Only items whose decision or reasons changed are saved, each stamped with
    ``decided_by``. Returns how many changed; refuses all if any entry is incomplete."""
    if not access.can_record_decisions(decided_by):
        raise ReviewRefused("Only the SLI Planning Group records its meeting's decisions")
    for entry in decisions:
        if entry.item.meeting_id != meeting.pk:
            raise ReviewRefused("That council is not on this meeting's agenda")
        if entry.decision and entry.decision not in Decision.values:
            raise ReviewRefused(f"Choose a decision for {entry.item.council.name}")
        if not entry.decision and entry.reasons.strip():
            raise ReviewRefused(DECISION_NEEDED.format(council=entry.item.council.name))
        if entry.decision not in ("", Decision.NO_ACTION) and not entry.reasons.strip():
            raise ReviewRefused(REASONS_NEEDED.format(council=entry.item.council.name))
    changed = 0
    with transaction.atomic():
        if Meeting.objects.select_for_update().get(pk=meeting.pk).is_locked:
            raise ReviewRefused(MEETING_LOCKED)
        items = {
            i.pk: i
            for i in AgendaItem.objects.select_for_update().filter(
                pk__in=[e.item.pk for e in decisions]
            )
        }
        for entry in decisions:
            item = items[entry.item.pk]
            reasons = entry.reasons.strip()
            if (item.decision, item.reasons) == (entry.decision, reasons):
                continue
            item.decision, item.reasons = entry.decision, reasons
            item.decided_by = decided_by if entry.decision else None
            _save(item, by=decided_by, fields=["decision", "reasons", "decided_by"])
            changed += 1
    return changed


# The annual risk assessment (MoU 2.1 b) ---------------------------------------------------------


def _lock_assessment(assessment: RiskAssessment) -> RiskAssessment:
    locked = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.shared_with_council_at is not None:
        raise ReviewRefused(SHARED_LOCKED)
    return locked


def risk_assessment_record(
    *, council: Council, year: int, concerns: Sequence[Concern], recorded_by: User
) -> RiskAssessment:
    """Start (or continue) a council's annual risk assessment for the financial year starting
    in ``year``, recording the concerns the assessor considers. Each must be about ``council``.
    The first person to record it is its assessor until someone takes the final view."""
    if any(c.council_id != council.pk for c in concerns):
        raise ReviewRefused("Choose only concerns about this council")
    with transaction.atomic():
        assessment = (
            RiskAssessment.objects.select_for_update().filter(council=council, year=year).first()
        )
        if assessment is None:
            assessment = RiskAssessment(council=council, year=year, assessor=recorded_by)
            _save(assessment, by=recorded_by)
        else:
            assessment = _lock_assessment(assessment)
        if set(assessment.concerns.values_list("pk", flat=True)) != {c.pk for c in concerns}:
            # One history row for the new set, written by the save below, not one per add/remove.
            with without_history(assessment):
                assessment.concerns.set(concerns)
            _save(assessment, by=recorded_by, fields=["updated_at"])
    return assessment


def risk_assessment_discussion_record(
    *,
    assessment: RiskAssessment,
    discussed_on: datetime.date,
    participants: str,
    record: str,
    council_position: str,
    recorded_by: User,
) -> RiskAssessment:
    """Record the assessor's discussion of the concerns with the council: when, who took part,
    what was said and the council's position. MoU 2.1 b: this comes before the final view."""
    if discussed_on > timezone.localdate():
        raise ReviewRefused("The date of the discussion must be today or in the past")
    if not participants.strip() or not record.strip():
        raise ReviewRefused("Enter who took part and a record of the discussion")
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        locked.discussed_on = discussed_on
        locked.discussion_participants = participants.strip()
        locked.discussion_record = record.strip()
        locked.council_position = council_position.strip()
        _save(locked, by=recorded_by)
    return locked


def risk_assessment_conclude(
    *,
    assessment: RiskAssessment,
    final_view: str,
    rationale: str,
    recommended_tier: str = "",
    recommendation: str = "",
    concluded_by: User,
) -> RiskAssessment:
    """Take the final view (low, medium or high risk) with its rationale, the tier of Table 1
    recommended (none, Support (Self Help), Targeted Support or Intervention) and, in words,
    what support is recommended and why. Refused until the discussion with the council is
    recorded (MoU 2.1 b), which the database also enforces.

    Table 1's offers are the support app's: the specific offer is recorded there as a support
    engagement linked to this assessment. What the Board deems necessary the council has agreed
    to accept (MoU 2.1 i).
    """
    if final_view not in RiskView.values:
        raise ReviewRefused("Choose the final view: low, medium or high risk")
    if not rationale.strip():
        raise ReviewRefused("Enter the rationale for the final view")
    if recommended_tier and recommended_tier not in SupportTier.values:
        raise ReviewRefused("Choose a tier of Table 1, or no support or intervention")
    if recommendation.strip() and not recommended_tier:
        raise ReviewRefused("Choose the tier of Table 1 for the support you recommend")
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.discussed_on is None:
            raise ReviewRefused(DISCUSSION_FIRST)
        locked.final_view = final_view
        locked.rationale = rationale.strip()
        locked.recommended_tier = recommended_tier
        locked.recommendation = recommendation.strip()
        locked.assessor = concluded_by
        _save(locked, by=concluded_by)
    return locked


def risk_assessment_share(*, assessment: RiskAssessment, shared_by: User) -> RiskAssessment:
    """Share the concluded assessment with the council, which may then read it and respond.
    From then on it no longer changes."""
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if not locked.final_view:
            raise ReviewRefused("Take the final view before sharing the risk assessment")
        locked.shared_with_council_at = timezone.now()
        _save(locked, by=shared_by)
    return locked


def risk_assessment_respond(
    *, assessment: RiskAssessment, response: str, responded_by: User
) -> RiskAssessment:
    """Record the council's response to its shared risk assessment (a later response replaces
    the earlier one; the history keeps both)."""
    if not response.strip():
        raise ReviewRefused("Enter the council's response")
    with transaction.atomic():
        locked = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.shared_with_council_at is None:
            raise ReviewRefused("This risk assessment has not been shared with the council")
        locked.council_response = response.strip()
        locked.council_responded_at = timezone.now()
        _save(locked, by=responded_by)
    return locked


# The council's self-check (MoU 2.1 h) -----------------------------------------------------------


def self_check_save(
    *,
    council: Council,
    year: int,
    answers: Mapping[Trigger, tuple[str, str]],
    saved_by: User,
) -> SelfCheck:
    """Save a council's self-check against Table 2 for a year: ``answers`` maps a trigger to
    (answer, notes). Triggers left unanswered are left as they were; it can be saved at any
    time, shared or not. Only changed answers are written."""
    if any(a not in SelfCheckAnswer.Answer.values for a, _ in answers.values()):
        raise ReviewRefused("Choose no concern, keep under review or a concern")
    with transaction.atomic():
        check = SelfCheck.objects.select_for_update().filter(council=council, year=year).first()
        if check is None:
            check = SelfCheck(council=council, year=year, updated_by=saved_by)
            _save(check, by=saved_by)
        existing = {a.trigger_id: a for a in check.answers.all()}
        changed = False
        for trigger, (answer, notes) in answers.items():
            row = existing.get(trigger.pk) or SelfCheckAnswer(self_check=check, trigger=trigger)
            if row.pk and (row.answer, row.notes) == (answer, notes.strip()):
                continue
            row.answer, row.notes = answer, notes.strip()
            _save(row, by=saved_by)
            changed = True
        if changed:
            check.updated_by = saved_by
            _save(check, by=saved_by)
    return check


def self_check_share(*, self_check: SelfCheck, shared_by: User) -> SelfCheck:
    """Share a council's self-check with the SLI Planning Group. Until then nobody outside the
    council sees it. Every active trigger must be answered first."""
    with transaction.atomic():
        locked = SelfCheck.objects.select_for_update().get(pk=self_check.pk)
        if locked.shared_at is not None:
            return locked
        answered = set(locked.answers.values_list("trigger_id", flat=True))
        missing = Trigger.objects.filter(active=True).exclude(pk__in=answered).count()
        if missing:
            raise ReviewRefused(
                f"Answer every trigger before sharing your self-check ({missing} not answered)"
            )
        locked.shared_at = timezone.now()
        locked.updated_by = shared_by
        _save(locked, by=shared_by)
    return locked
