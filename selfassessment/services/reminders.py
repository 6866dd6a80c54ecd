"""E-mail reminders before a review's closing date to councils that have not submitted.

Run daily by Celery beat (``selfassessment.send_reminders`` in ``CELERY_BEAT_SCHEDULE``, whose
``kwargs`` set the days; :data:`DEFAULT_DAYS_BEFORE` otherwise). Safe to run twice: each
(review, council, step) is recorded in :class:`ReminderSent`, and each person's e-mail through
``notifications.services.notify``, in one transaction (so a person who turned these reminders
off gets none); a worker sends the e-mails once it commits and tries a refused one again later,
and a rerun (or a second worker) sends nothing twice.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from authorities.models import Council
from notifications.models import Kind
from notifications.services import notify
from selfassessment.models import (
    ReminderSent,
    SelfAssessment,
    SelfAssessmentStatus,
    ThematicReview,
)
from sli_portal.financial_years import year_bounds

DEFAULT_DAYS_BEFORE = (14, 3)


@dataclass
class RemindersResult:
    sent: list[tuple[str, str, int]] = field(default_factory=list)  # (review, council, days)
    skipped_no_recipients: list[tuple[str, str]] = field(default_factory=list)


def _step_due(
    review: ThematicReview, today: datetime.date, days_before: Sequence[int]
) -> int | None:
    """The most urgent reminder step due today: the smallest N with closes_on - N <= today,
    while the review is open. A missed day still sends the step once."""
    if not review.is_open(today):
        return None
    left = (review.closes_on - today).days
    due = [n for n in days_before if left <= n]
    return min(due) if due else None


def _councils_to_remind(review: ThematicReview) -> list[Council]:
    submitted = SelfAssessment.objects.filter(
        review=review, status=SelfAssessmentStatus.SUBMITTED
    ).values_list("council_id", flat=True)
    return list(
        Council.objects.active_between(*year_bounds(review.year))
        .exclude(pk__in=submitted)
        .order_by("name")
    )


def _progress(review: ThematicReview) -> tuple[int, dict[int, int]]:
    total = review.standards.count()
    answered = dict(
        SelfAssessment.objects.filter(review=review)
        .annotate(n=Count("answers", filter=Q(answers__level__isnull=False)))
        .values_list("council_id", "n")
    )
    return total, answered


def _message(
    review: ThematicReview, council: Council, answered: int, total: int, left: int
) -> tuple[str, list[str]]:
    when = f"{review.closes_on:%-d %B %Y}"
    subject = f"Reminder: the {review.title} self-assessment closes on {when}"
    days = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
    paragraphs = [
        f"{council.name}'s self-assessment for the thematic review '{review.title}' "
        f"({review.year_label}) has not been submitted yet. The review closes {days}, on {when}.",
        f"{answered} of {total} standards have been answered so far. Every key standard must be "
        "answered before the self-assessment can be submitted, and the council's director then "
        "signs it off.",
        "Sign in to the NW SLI Portal to complete and submit it.",
    ]
    return subject, paragraphs


class _NoneToRemind(Exception):
    """Nobody at the council is to be e-mailed: nothing is recorded for the step."""


def self_assessment_reminders_send(
    *, today: datetime.date | None = None, days_before: Sequence[int] | None = None
) -> RemindersResult:
    """Send each council that has not submitted a reminder ``days_before`` its review closes
    (default :data:`DEFAULT_DAYS_BEFORE`), to its performance leads and directors. One e-mail
    per council and step, never twice."""
    today = today or timezone.localdate()
    configured: Sequence[int] = getattr(
        settings, "SELF_ASSESSMENT_REMINDER_DAYS", DEFAULT_DAYS_BEFORE
    )
    steps = tuple(days_before or configured)
    result = RemindersResult()
    reviews = ThematicReview.objects.filter(
        opens_on__lte=today, closes_on__gte=today, report_published_at__isnull=True
    )
    for review in reviews:
        step = _step_due(review, today, steps)
        if step is None:
            continue
        councils = _councils_to_remind(review)
        already = set(
            ReminderSent.objects.filter(review=review, days_before__lte=step).values_list(
                "council_id", flat=True
            )
        )
        councils = [c for c in councils if c.pk not in already]
        if not councils:
            continue
        total, answered = _progress(review)
        left = (review.closes_on - today).days
        for council in councils:
            subject, paragraphs = _message(
                review, council, answered.get(council.pk, 0), total, left
            )
            try:
                with transaction.atomic():
                    reminder = ReminderSent.objects.create(
                        review=review, council=council, days_before=step, recipients=""
                    )
                    to = notify(
                        kind=Kind.SELF_ASSESSMENT_DEADLINE,
                        key=f"review:{review.pk}:council:{council.pk}:{step}d",
                        council=council,
                        subject=subject,
                        paragraphs=paragraphs,
                        path=reverse(
                            "selfassessment:self_assessment", args=[review.pk, council.slug]
                        ),
                    )
                    if not to:
                        raise _NoneToRemind
                    reminder.recipients = "\n".join(user.email for user in to)
                    reminder.save(update_fields=["recipients"])
            except IntegrityError:  # another run recorded it first
                continue
            except _NoneToRemind:
                result.skipped_no_recipients.append((review.title, council.name))
                continue
            result.sent.append((review.title, council.name, step))
    return result
