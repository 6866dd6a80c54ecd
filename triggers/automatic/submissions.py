"""Finders on what councils send and publish: a quarterly return missing or late after its
deadline (keyed by the quarter), and a Local Account missing, not published or assessed as weak
(keyed by the financial year)."""

import datetime

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from authorities.models import Council
from returns.models import Period, Return, ReturnEvent, ReturnStatus
from scorecard.models import LocalAccount
from sli_portal.financial_years import year_bounds, year_label, year_slug
from triggers.automatic.registry import Finding, register_finder
from triggers.models import Automatic, Severity, Thresholds


@register_finder(Automatic.RETURN_LATE)
def late_returns(period: Period) -> list[Finding]:
    """A council active in the quarter that had not submitted its return ``late_after_days``
    after the deadline: still missing, or submitted late (dated by its first submission).
    Demonstration returns are never late: their dates are when they were generated."""
    grace = Thresholds.current().late_after_days
    due = period.deadline + datetime.timedelta(days=grace)
    if timezone.localdate() <= due:
        return []
    returns = {
        r.council_id: r
        for r in Return.objects.filter(period=period).only(
            "council_id",
            "status",
            "submitted_version_id",
            "accepted_version_id",
            "is_demonstration",
        )
    }
    first_submitted = dict(
        ReturnEvent.objects.filter(return_obj__period=period, action=ReturnEvent.Action.SUBMITTED)
        .values("return_obj__council_id")
        .annotate(first=Min("at"))
        .values_list("return_obj__council_id", "first")
    )
    findings = []
    for council in Council.objects.active_between(period.starts_on, period.ends_on):
        ret = returns.get(council.pk)
        if ret is not None and ret.is_demonstration:
            continue
        finding = _late(council, ret, first_submitted.get(council.pk), period, grace)
        if finding is not None:
            findings.append(finding)
    return findings


def _late(
    council: Council,
    ret: Return | None,
    submitted: datetime.datetime | None,
    period: Period,
    grace: int,
) -> Finding | None:
    """The finding for a council's return (``ret``, first ``submitted`` then) if it was not
    submitted ``grace`` days after the deadline."""
    due = period.deadline + datetime.timedelta(days=grace)
    was_submitted = ret is not None and (
        submitted is not None
        or ret.accepted_version_id is not None
        or ret.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
    )
    if was_submitted and submitted is None:
        return None  # submitted with no dated record (an import): not known to be late
    if was_submitted and submitted is not None:
        on = timezone.localdate(submitted)
        if on <= due:
            return None
        reasons = (
            f"{council.name}'s return for {period.label} was submitted on {on:%-d %B %Y}, "
            f"{(on - period.deadline).days} days after the deadline of "
            f"{period.deadline:%-d %B %Y}."
        )
        title = f"Return for {period.label} submitted late"
    else:
        grace_words = f" and {grace} days' grace" if grace else ""
        reasons = (
            f"{council.name} had not submitted its return for {period.label} by the "
            f"deadline of {period.deadline:%-d %B %Y}{grace_words}."
        )
        title = f"Return for {period.label} missing after the deadline"
    return Finding(
        council_id=council.pk,
        kind=Automatic.RETURN_LATE,
        key=f"return_late:{period.slug}",
        title=title,
        reasons=reasons,
        evidence_url=reverse("returns:detail", args=[council.slug, period.slug]),
        severity=Severity.LOW if was_submitted else Severity.MEDIUM,
        period=period.label,
    )


def local_account_year(period: Period, today: datetime.date | None = None) -> int:
    """The financial year whose Local Account an evaluation of ``period`` looks at: the
    period's year, unless that year has not ended ``local_account_grace_days`` before today,
    then the last one that has."""
    today = today or timezone.localdate()
    grace = datetime.timedelta(days=Thresholds.current().local_account_grace_days)
    year = period.year
    while year_bounds(year)[1] + grace >= today:
        year -= 1
    return year


@register_finder(Automatic.LOCAL_ACCOUNT)
def local_accounts(period: Period) -> list[Finding]:
    """Table 2 Other Intelligence, Local Accounts: "not doing one or vague / ambiguous / too
    ambitious": no Local Account recorded for the period's financial year, one recorded as not
    published, or one the Planning Group assessed as vague, ambiguous or too ambitious. The
    Planning Group's internal notes are not copied into the concern.

    Only a year that has ended, with the region's grace period after it, is looked at: the
    period's own financial year, or the last such year if it has not (see
    :func:`local_account_year`)."""
    year = local_account_year(period)
    accounts = {a.council_id: a for a in LocalAccount.objects.filter(year=year)}
    findings = []
    for council in Council.objects.active_between(*year_bounds(year)):
        account = accounts.get(council.pk)
        if account is None:
            title = f"No Local Account recorded for {year_label(year)}"
            reasons = (
                f"No Local Account has been recorded for {council.name} for {year_label(year)}."
            )
            severity = Severity.MEDIUM
        elif account.assessment == LocalAccount.Assessment.NOT_PUBLISHED:
            title = f"Local Account for {year_label(year)} not published"
            reasons = f"{council.name}'s Local Account for {year_label(year)} is recorded as not published."
            severity = Severity.MEDIUM
        elif account.assessment == LocalAccount.Assessment.PUBLISHED:
            continue
        else:
            assessed = account.get_assessment_display().lower()
            title = f"Local Account for {year_label(year)} assessed as {assessed}"
            reasons = (
                f"The Planning Group assessed {council.name}'s Local Account for "
                f"{year_label(year)} as {assessed}."
            )
            severity = Severity.LOW
        findings.append(
            Finding(
                council_id=council.pk,
                kind=Automatic.LOCAL_ACCOUNT,
                key=f"local_account:{year_slug(year)}",
                title=title,
                reasons=reasons,
                evidence_url=reverse("scorecard:local_accounts", args=[council.slug]),
                severity=severity,
                period=year_label(year),
            )
        )
    return findings
