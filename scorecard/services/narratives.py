"""Writes for a council's narrative for a quarter: drafted from the bands and edited by a person,
whose edit is never overwritten, then published."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Council
from returns.models import Period
from scorecard import suggestions
from scorecard.models import (
    Narrative,
)
from scorecard.services.common import ScorecardRefused, check_active
from scorecard.services.judgements import evidence_list
from sli_portal.history import set_history_user


def narrative_generate(*, council: Council, period: Period) -> str:
    """The narrative the bands suggest for a council and quarter (nothing is saved)."""
    rows = evidence_list(council=council, period=period)
    return suggestions.narrative_text(
        council_name=council.name, measures=[(r.measure.code, r.measure.name, r.band) for r in rows]
    )


def narrative_draft(*, council: Council, period: Period) -> Narrative:
    """Draft (or redraft) a council's narrative for a quarter from the bands.

    The generated draft is always stored as ``generated_text``. The text people read and edit
    is replaced only if nobody has edited it: a person's edit is never overwritten.
    """
    check_active(council, period)
    generated = narrative_generate(council=council, period=period)
    with transaction.atomic():
        narrative = (
            Narrative.objects.select_for_update().filter(council=council, period=period).first()
        )
        if narrative is None:
            return Narrative.objects.create(
                council=council, period=period, generated_text=generated, text=generated
            )
        if narrative.generated_text == generated:
            return narrative
        edited = narrative.edited_by_id is not None or narrative.text != narrative.generated_text
        narrative.generated_text = generated
        if not edited:
            narrative.text = generated
        narrative.save()
    return narrative


def narrative_edit(*, narrative: Narrative, text: str, edited_by: User) -> Narrative:
    """Save a person's text for the narrative. From then on a redraft keeps it."""
    text = text.strip()
    if not text:
        raise ScorecardRefused("Enter the narrative")
    with transaction.atomic():
        narrative = Narrative.objects.select_for_update().get(pk=narrative.pk)
        if narrative.text == text and narrative.edited_by_id is not None:
            return narrative
        narrative.text = text
        narrative.edited_by = edited_by
        set_history_user(narrative, edited_by)
        narrative.save()
    return narrative


def narrative_publish(*, narrative: Narrative, published_by: User) -> Narrative:
    """Publish the narrative's current text, recorded in its history as ``published_by``'s."""
    with transaction.atomic():
        narrative = Narrative.objects.select_for_update().get(pk=narrative.pk)
        if not narrative.text.strip():
            raise ScorecardRefused("Enter the narrative before publishing it")
        if narrative.published_at is not None and narrative.published_text == narrative.text:
            return narrative
        narrative.published_text = narrative.text
        narrative.published_at = timezone.now()
        set_history_user(narrative, published_by)
        narrative.save()
    return narrative


def narrative_record(
    *, council: Council, period: Period, text: str, edited_by: User, publish: bool
) -> Narrative:
    """Save a person's narrative (drafting it first if there is none yet) and, if asked,
    publish it: all or nothing."""
    with transaction.atomic():
        narrative = narrative_draft(council=council, period=period)
        narrative = narrative_edit(narrative=narrative, text=text, edited_by=edited_by)
        if publish:
            narrative = narrative_publish(narrative=narrative, published_by=edited_by)
    return narrative
