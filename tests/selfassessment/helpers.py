"""Helpers: import the demonstration ICBO review (4 levels, 12 standards, 5 key elements) open
today, and answer and submit a council's self-assessment."""

import datetime

from accounts.models import User
from authorities.models import Council
from selfassessment.models import SelfAssessment, Standard, ThematicReview
from selfassessment.services import (
    DATA_DIR,
    answer_save,
    review_import,
    self_assessment_start,
    self_assessment_submit,
)

TODAY = datetime.date.today()
FY = TODAY.year if TODAY.month >= 4 else TODAY.year - 1


def import_demo(
    file_name: str = "icbo.csv",
    *,
    title: str = "Integrated Commissioning for Better Outcomes",
    year: int = FY,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> ThematicReview:
    outcome = review_import(
        content=(DATA_DIR / file_name).read_bytes(),
        name=file_name,
        year=year,
        title=title,
        opens_on=opens_on or TODAY - datetime.timedelta(days=30),
        closes_on=closes_on or TODAY + datetime.timedelta(days=30),
        imported_by=None,
    )
    assert outcome.review is not None, outcome.problems
    return outcome.review


def standards(review: ThematicReview) -> list[Standard]:
    return list(review.standards.order_by("section__order", "order"))


def answer_all(
    sa: SelfAssessment, by: User, *, level: int = 2, levels: dict[str, int] | None = None
) -> None:
    for standard in standards(sa.review):
        answer_save(
            self_assessment=sa,
            standard=standard,
            level=(levels or {}).get(standard.code, level),
            narrative=f"How we meet {standard.code}",
            evidence="Audit report",
            links="",
            saved_by=by,
        )


def submitted(
    review: ThematicReview,
    council: Council,
    by: User,
    *,
    level: int = 2,
    levels: dict[str, int] | None = None,
) -> SelfAssessment:
    sa = self_assessment_start(review=review, council=council, started_by=by)
    answer_all(sa, by, level=level, levels=levels)
    return self_assessment_submit(self_assessment=sa, submitted_by=by)
