"""What every self-assessment service shares: the refusal, attributed saves and events."""

from django.db.models import Model

from accounts import access
from accounts.models import User
from selfassessment.models import Answer, SelfAssessment, SelfAssessmentEvent
from sli_portal.history import set_change_reason, set_history_user
from sli_portal.refusals import Refused


class SelfAssessmentRefused(Refused):
    """A step of a thematic review or self-assessment the portal refuses."""


def save(record: Model, by: User | None, reason: str) -> None:
    """Save with the person and reason written on the history row."""
    set_history_user(record, by)
    set_change_reason(record, reason[:100])
    record.save()


def event(
    self_assessment: SelfAssessment,
    action: str,
    actor: User | None,
    text: str = "",
    *,
    answer: Answer | None = None,
) -> SelfAssessmentEvent:
    return SelfAssessmentEvent.objects.create(
        self_assessment=self_assessment, action=action, actor=actor, text=text, answer=answer
    )


def required(text: str, message: str, field: str) -> str:
    text = text.strip()
    if not text:
        raise SelfAssessmentRefused(message, field=field)
    return text


def require_manager(user: User | None) -> None:
    """Setting up reviews is the regional administrator's; ``None`` is the portal itself (demo
    data and commands)."""
    if user is not None and not access.may_act_at_all(user, "manage_reviews"):
        raise SelfAssessmentRefused("Only the regional administrator can set up thematic reviews")
