"""The whole demonstration world, in the order each part needs the one before it."""

from dataclasses import dataclass, field

from authorities.services import comparator_groups_load, councils_load
from demo.improvement_plans import improvement_plans_demo_load
from demo.measures import polarity_declarations_demo_load
from demo.meetings import meetings_demo_load
from demo.notifications import notifications_demo_load
from demo.operations import operations_demo_load
from demo.reports import reports_demo_load
from demo.returns import periods_ensure, regional_items_demo_load, returns_demo_load
from demo.review import review_demo_load
from demo.scorecard import demo_scorecard_load
from demo.selfassessment import selfassessment_demo_load
from demo.support import support_demo_load
from demo.triggers import triggers_demo_load
from demo.users import users_ensure
from returns.catalogue import measures_load
from returns.national import national_import_all
from triggers.table2 import table2_load


@dataclass
class DemoReport:
    users: list[tuple[str, str, str]] = field(default_factory=list)
    returns_created: int = 0


def demo_load(*, with_national_data: bool = True) -> DemoReport:
    """Everything `make run` needs: councils, measures, published figures, quarters, users and
    demonstration returns in every state, then every app's demonstration data. Safe to rerun:
    a second run creates nothing."""
    report = DemoReport()
    councils_load()
    comparator_groups_load()
    measures_load()
    # Table 2 first, so each return accepted and self-assessment submitted below is checked
    # against the automatic triggers as it would be in use.
    table2_load()
    if with_national_data:
        national_import_all()
    periods = periods_ensure()
    report.users = users_ensure()
    polarity_declarations_demo_load()
    regional_items_demo_load()
    report.returns_created = returns_demo_load(periods)
    demo_scorecard_load()
    selfassessment_demo_load()
    triggers_demo_load()
    review_demo_load()
    meetings_demo_load()
    support_demo_load()
    improvement_plans_demo_load()
    reports_demo_load()
    notifications_demo_load()
    operations_demo_load()
    return report
