"""Demonstration data for the ``selfassessment`` app, loaded by ``make run`` (see demo/build.py).

This financial year: the Board's two themes (selfassessment/data: Integrated Commissioning for
Better Outcomes and Safeguarding adults), open now, with councils' self-assessments in every
state: not started, draft (partly answered), submitted, submitted and signed off by the
director, and moderated by the Planning Group with reasons. Wirral's Safeguarding adults
self-assessment is a draft its performance lead can finish; Wirral's ICBO one is submitted and
signed off by its director; Sefton's ICBO one is submitted and moderated on two standards.

Last financial year, and the year of the demonstration's Regional Account (the last completed
year, the latest whose quarters have all closed; demo.reports): the ICBO
review (copied), every council submitted and signed off, a few answers moderated, two councils
below Level 1 on a key element (so the Table 2 Level 1 trigger has something to find), and its
regional report written and published, so board members and council users can read a published
report, the excellence directory has top-level strengths to suggest, and the Regional Account
has thematic findings to show.

Levels are realistic and repeatable: drawn from a hash of the council's and standard's codes.
Wirral's and Sefton's steps this year go through the services as their demonstration users;
other councils' records are written directly, attributed to the regional administrator as the
rest of the demonstration does (the services rightly let only a council's own users answer for
it), with history rows and events. Every text written by a "person" starts "Demonstration:".
Running this twice changes nothing.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from authorities.models import Council
from demo.reports import demo_account_year
from demo.tables import DEMO
from demo.users import ADMIN, PLANNER, SEFTON_LEAD, WIRRAL_DIRECTOR, WIRRAL_LEAD
from returns.models import Period
from selfassessment.models import (
    Answer,
    SelfAssessment,
    SelfAssessmentEvent,
    SelfAssessmentStatus,
    Standard,
    ThematicReview,
)
from selfassessment.selectors import councils_for_review, regional_report_get
from selfassessment.services import (
    DATA_DIR,
    DEMO_REVIEW_FILES,
    SelfAssessmentRefused,
    answer_moderate,
    answer_save,
    regional_report_publish,
    regional_report_save,
    review_copy,
    review_import,
    self_assessment_sign_off,
    self_assessment_start,
    self_assessment_submit,
)
from sli_portal.financial_years import financial_year_of
from triggers.automatic.evaluation import triggers_evaluate
from triggers.table2 import table2_load

WIRRAL, SEFTON = "E08000015", "E08000014"
ICBO_FILE = "icbo.csv"
SAFEGUARDING_FILE = "safeguarding-adults.csv"
# Last year's councils below Level 1 on a key element (Blackpool and Knowsley) and on which.
BELOW_LEVEL_1 = {("E06000009", "4.1"), ("E08000011", "2.1")}
# Other councils' states this year, by their place in alphabetical order.
STATES = ["not_started", "draft", "submitted", "signed_off", "submitted", "moderated"]


@dataclass(frozen=True)
class DemoUsers:
    admin: User
    planner: User
    wirral_lead: User
    wirral_director: User
    sefton_lead: User


def _hash(*parts: object) -> int:
    return int(hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def demo_level(council: Council, standard: Standard, *, year: int, max_level: int) -> int:
    """A realistic, repeatable level: most councils at Level 2 or 3, some at Level 1 or the top
    level, a council's standards leaning the same way. Never below Level 1 (that is chosen
    explicitly)."""
    lean = _hash(council.ons_code, year) % 3 - 1  # -1, 0 or +1 across the council
    roll = _hash(council.ons_code, standard.code, year) % 100
    base = 1 if roll < 20 else 2 if roll < 55 else 3 if roll < 85 else 4
    return max(1, min(max_level, base + (lean if roll % 3 == 0 else 0)))


def _users() -> DemoUsers | None:
    emails = [ADMIN, PLANNER, WIRRAL_LEAD, WIRRAL_DIRECTOR, SEFTON_LEAD]
    found = {u.email: u for u in User.objects.filter(email__in=emails)}
    if len(found) < len(emails):
        return None
    return DemoUsers(*(found[e] for e in emails))


def _window(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """This year's reviews open in September (or today, if that is earlier) and close at the
    end of January."""
    return min(datetime.date(year, 9, 1), today), datetime.date(year + 1, 1, 29)


def _review_from_file(file_name: str, *, year: int, today: datetime.date) -> ThematicReview:
    opens_on, closes_on = _window(year, today)
    outcome = review_import(
        content=(DATA_DIR / file_name).read_bytes(),
        name=file_name,
        year=year,
        title=DEMO_REVIEW_FILES[file_name],
        opens_on=opens_on,
        closes_on=closes_on,
        imported_by=None,
        description=f"{DEMO} one of the Board's two themes for the year.",
    )
    assert outcome.review is not None, outcome.problems
    return outcome.review


def _earlier_review(source: ThematicReview, year: int) -> ThematicReview:
    existing = ThematicReview.objects.filter(year=year, slug=source.slug).first()
    if existing is not None:
        return existing
    return review_copy(
        source=source,
        year=year,
        opens_on=datetime.date(year, 9, 1),
        closes_on=datetime.date(year + 1, 1, 30),
        copied_by=None,
    )


def _standards(review: ThematicReview) -> list[Standard]:
    return list(review.standards.order_by("section__order", "order"))


def _narrative(council: Council, standard: Standard, level: int) -> str:
    return (
        f"{DEMO} how {council.name} meets '{standard.title}' at Level {level}"
        if level
        else f"{DEMO} {council.name} does not yet meet the minimum on '{standard.title}'"
    )


# Councils answered through the services: Wirral and Sefton, as their own users -----------------


def _answer(
    sa: SelfAssessment, standards: list[Standard], by: User, *, year: int, only: int | None = None
) -> None:
    for standard in standards[:only]:
        level = demo_level(sa.council, standard, year=year, max_level=sa.review.max_level)
        answer_save(
            self_assessment=sa,
            standard=standard,
            level=level,
            narrative=_narrative(sa.council, standard, level),
            evidence=f"{DEMO} {standard.evidence_prompts}"[:2000],
            links="",
            saved_by=by,
        )


def _wirral_and_sefton(
    icbo: ThematicReview, safeguarding: ThematicReview, councils: dict[str, Council], u: DemoUsers
) -> None:
    wirral, sefton = councils[WIRRAL], councils[SEFTON]
    # Wirral, ICBO: submitted and signed off by its director.
    sa = self_assessment_start(review=icbo, council=wirral, started_by=u.wirral_lead)
    if not sa.is_submitted:
        _answer(sa, _standards(icbo), u.wirral_lead, year=icbo.year)
        sa = self_assessment_submit(self_assessment=sa, submitted_by=u.wirral_lead)
    if not sa.is_signed_off:
        self_assessment_sign_off(self_assessment=sa, signed_off_by=u.wirral_director)
    # Wirral, Safeguarding adults: a draft with some standards answered, for its lead to finish.
    if not SelfAssessment.objects.filter(review=safeguarding, council=wirral).exists():
        sa = self_assessment_start(review=safeguarding, council=wirral, started_by=u.wirral_lead)
        _answer(sa, _standards(safeguarding), u.wirral_lead, year=safeguarding.year, only=5)
    # Sefton, ICBO: submitted, then moderated by the Planning Group on two standards.
    sa = self_assessment_start(review=icbo, council=sefton, started_by=u.sefton_lead)
    if not sa.is_submitted:
        _answer(sa, _standards(icbo), u.sefton_lead, year=icbo.year)
        sa = self_assessment_submit(self_assessment=sa, submitted_by=u.sefton_lead)
    answers = list(sa.answers.filter(moderated_level__isnull=True).select_related("standard"))
    if sa.answers.filter(moderated_level__isnull=False).count() < 2:
        for answer in sorted(answers, key=lambda a: (-(a.level or 0), a.standard.code))[:2]:
            _moderate(answer, u.planner)


def _moderate(answer: Answer, planner: User) -> None:
    level = max(0, (answer.level or 0) - 1) if answer.level else 1
    answer_moderate(
        answer=answer,
        level=level,
        reasons=(
            f"{DEMO} the evidence shows the descriptor for Level {level} is met; that for the "
            "level claimed is not yet in place across the whole council."
        ),
        moderated_by=planner,
    )


# Other councils: written directly, attributed to the administrator -----------------------------


def _write_direct(
    review: ThematicReview,
    plans: list[tuple[Council, str]],
    u: DemoUsers,
    *,
    submitted_on: datetime.datetime,
) -> None:
    """Self-assessments for councils that have none yet, in the planned states, with their
    answers, history rows and events."""
    have = set(SelfAssessment.objects.filter(review=review).values_list("council_id", flat=True))
    plans = [(c, state) for c, state in plans if c.pk not in have and state != "not_started"]
    if not plans:
        return
    bulk_create_with_history(
        [
            _self_assessment(review, council, state, u, submitted_on, index)
            for index, (council, state) in enumerate(plans)
        ],
        SelfAssessment,
        default_user=u.admin,
        default_change_reason="Demonstration data",
    )
    sas = list(
        SelfAssessment.objects.filter(
            review=review, council__in=[c for c, _ in plans]
        ).select_related("council", "signed_off_by")
    )
    published = {c.pk for c, state in plans if state == "published"}
    standards = _standards(review)
    bulk_create_with_history(
        [
            answer
            for sa in sas
            for answer in _answers(sa, review, standards, u, published=sa.council_id in published)
        ],
        Answer,
        default_user=u.admin,
        default_change_reason="Demonstration data",
    )
    SelfAssessmentEvent.objects.bulk_create([event for sa in sas for event in _events(sa, u)])


def _self_assessment(
    review: ThematicReview,
    council: Council,
    state: str,
    u: DemoUsers,
    submitted_on: datetime.datetime,
    index: int,
) -> SelfAssessment:
    """An unsaved self-assessment in ``state``: a draft, or submitted ``index`` hours after
    ``submitted_on``, and signed off two days after it when signed off or published."""
    submitted = state != "draft"
    signed_off = state in ("signed_off", "published")
    by = _attributed(council, u)
    return SelfAssessment(
        review=review,
        council=council,
        created_by=by,
        status=SelfAssessmentStatus.SUBMITTED if submitted else SelfAssessmentStatus.DRAFT,
        submitted_by=by if submitted else None,
        submitted_at=submitted_on + datetime.timedelta(hours=index) if submitted else None,
        signed_off_by=(u.wirral_director if council.ons_code == WIRRAL else u.admin)
        if signed_off
        else None,
        signed_off_at=submitted_on + datetime.timedelta(days=2) if signed_off else None,
    )


def _answers(
    sa: SelfAssessment,
    review: ThematicReview,
    standards: list[Standard],
    u: DemoUsers,
    *,
    published: bool,
) -> list[Answer]:
    """Unsaved answers: to every standard when submitted, to the first half in a draft. A
    published year's councils of :data:`BELOW_LEVEL_1` stand below Level 1 there."""
    council = sa.council
    chosen = standards if sa.is_submitted else standards[: len(standards) // 2]
    answers = []
    for standard in chosen:
        level = (
            0
            if published and (council.ons_code, standard.code) in BELOW_LEVEL_1
            else demo_level(council, standard, year=review.year, max_level=review.max_level)
        )
        answers.append(
            Answer(
                self_assessment=sa,
                standard=standard,
                level=level,
                narrative=_narrative(council, standard, level),
                evidence=f"{DEMO} {standard.evidence_prompts}"[:2000],
                updated_by=_attributed(council, u),
            )
        )
    return answers


def _events(sa: SelfAssessment, u: DemoUsers) -> list[SelfAssessmentEvent]:
    """The events of a self-assessment written directly: created, submitted, signed off."""
    by = _attributed(sa.council, u)
    events = [SelfAssessmentEvent(self_assessment=sa, action="created", actor=by)]
    if sa.is_submitted:
        events.append(SelfAssessmentEvent(self_assessment=sa, action="submitted", actor=by))
    if sa.is_signed_off:
        events.append(
            SelfAssessmentEvent(self_assessment=sa, action="signed_off", actor=sa.signed_off_by)
        )
    return events


def _attributed(council: Council, u: DemoUsers) -> User:
    return {WIRRAL: u.wirral_lead, SEFTON: u.sefton_lead}.get(council.ons_code, u.admin)


def _moderate_some(review: ThematicReview, councils: list[Council], planner: User) -> None:
    """One answer of each council moderated down a level with reasons, unless already done."""
    answers = (
        Answer.objects.filter(
            self_assessment__review=review,
            self_assessment__council__in=councils,
            self_assessment__status=SelfAssessmentStatus.SUBMITTED,
            level__gte=2,
        )
        .select_related("standard", "self_assessment")
        .order_by("self_assessment__council__name", "-level", "standard__section__order")
    )
    done = set(
        Answer.objects.filter(
            self_assessment__review=review, moderated_level__isnull=False
        ).values_list("self_assessment__council_id", flat=True)
    )
    for answer in answers:
        council_id = answer.self_assessment.council_id
        if council_id in done:
            continue
        done.add(council_id)
        _moderate(answer, planner)


# This year and last year -------------------------------------------------------------------


def _this_year(
    review: ThematicReview, councils: list[Council], u: DemoUsers, today: datetime.date
) -> None:
    others = [c for c in councils if c.ons_code not in (WIRRAL, SEFTON)]
    plans = [(c, STATES[i % len(STATES)]) for i, c in enumerate(others)]
    submitted_on = timezone.make_aware(
        datetime.datetime.combine(
            max(review.opens_on, today - datetime.timedelta(days=10)), datetime.time(10)
        )
    )
    _write_direct(review, plans, u, submitted_on=submitted_on)
    _moderate_some(review, [c for c, state in plans if state == "moderated"], u.planner)


def _published_year(review: ThematicReview, councils: list[Council], u: DemoUsers) -> None:
    if review.report_is_published:
        return
    submitted_on = timezone.make_aware(
        datetime.datetime.combine(review.closes_on - datetime.timedelta(days=7), datetime.time(10))
    )
    _write_direct(review, [(c, "published") for c in councils], u, submitted_on=submitted_on)
    _moderate_some(review, councils[::5], u.planner)
    report = regional_report_get(review=review, fetched_by=u.planner)
    top = sorted(report.strengths, key=lambda s: -len(s.councils))[:3]
    regional_report_save(
        review=review,
        summary=(
            f"{DEMO} {report.submitted} councils completed the self-assessment on integrated "
            "commissioning. Most are at Level 2 or above on most standards; commissioning "
            "with people and providers is strongest, and market sustainability the area most "
            "councils want to develop."
        ),
        strengths=f"{DEMO} "
        + " ".join(
            f"On {s.standard.code} {s.standard.title}, "
            f"{', '.join(c.name for c in s.councils[:4])} are at Level {review.max_level}."
            for s in top
        ),
        areas_for_development=f"{DEMO} "
        + (
            " ".join(
                f"{a.standard.code} {a.standard.title}: {a.below_level_2} of {a.submitted} "
                "councils below Level 2."
                for a in report.areas_for_development[:3]
            )
            or "No standard had a third or more of councils below Level 2."
        ),
        saved_by=u.planner,
    )
    regional_report_publish(review=review, published_by=u.planner)


def _evaluate_level1(year: int) -> None:
    """Let the Table 2 Level 1 trigger see last year's failures on key elements now (it is
    otherwise evaluated when a quarter of that year next is)."""
    period = Period.objects.filter(year=year).order_by("-quarter").first()
    if period is not None:
        table2_load()
        triggers_evaluate(period=period)


def selfassessment_demo_load(today: datetime.date | None = None) -> None:
    """Load this year's two themes, and last year's and the Regional Account year's published
    ICBO reviews, with councils' self-assessments in every state (see the module docstring).
    Idempotent: safe to rerun."""
    today = today or timezone.localdate()
    u = _users()
    if u is None:
        return
    year = financial_year_of(today)
    with transaction.atomic():
        icbo = _review_from_file(ICBO_FILE, year=year, today=today)
        safeguarding = _review_from_file(SAFEGUARDING_FILE, year=year, today=today)
        # Last year's first: the Table 2 Level 1 trigger below is evaluated for it.
        years = [year - 1] + [y for y in [demo_account_year()] if y < year - 1]
        earlier = [_earlier_review(icbo, y) for y in years]
        last = earlier[0]
        councils = {c.ons_code: c for c in councils_for_review(icbo)}
        try:
            _wirral_and_sefton(icbo, safeguarding, councils, u)
        except SelfAssessmentRefused:  # the reports of this year are already published
            pass
        for review in (icbo, safeguarding):
            if not review.report_is_published:
                _this_year(review, list(councils.values()), u, today)
        published_before = last.report_is_published
        for review in earlier:
            _published_year(review, list(councils_for_review(review)), u)
    if not published_before:
        _evaluate_level1(last.year)
