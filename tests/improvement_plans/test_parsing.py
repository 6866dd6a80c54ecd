"""Milestones read from timescales and targets from the expected evidence, as the Sefton plan
writes them; what cannot be read is not invented."""

import datetime
from decimal import Decimal

import pytest

from improvement_plans.parsing import parse_targets, parse_timescale


def kinds(text: str) -> list[tuple[str, str, datetime.date | None, str]]:
    return [(m.kind, m.description, m.due_date, m.recurrence) for m in parse_timescale(text)]


def test_several_dated_milestones_are_each_described() -> None:
    assert kinds(
        "New documentation completed June 2010 Staff begin use of new procedures July 2010 "
        "First full audit month August 2010"
    ) == [
        ("month", "New documentation completed", datetime.date(2010, 6, 1), ""),
        ("month", "Staff begin use of new procedures", datetime.date(2010, 7, 1), ""),
        ("month", "First full audit month", datetime.date(2010, 8, 1), ""),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quarterly", [("recurring", "Quarterly", None, "quarterly")]),
        (
            "Ongoing from March 2010",
            [("recurring", "Ongoing from March 2010", datetime.date(2010, 3, 1), "ongoing")],
        ),
        ("Completed", [("completed", "Completed", None, "")]),
        (
            "September and November 2010",
            [
                ("month", "", datetime.date(2010, 9, 1), ""),
                ("month", "", datetime.date(2010, 11, 1), ""),
            ],
        ),
        ("14 June 2010", [("date", "", datetime.date(2010, 6, 14), "")]),
        ("May – Aug 2010", [("month", "", datetime.date(2010, 8, 1), "")]),
        ("Rolling two-year programme", []),
        ("Quarter 3 2010 and Q4 2011 reports to be produced.", []),
        ("", []),
    ],
)
def test_timescales(text: str, expected: list[object]) -> None:
    assert kinds(text) == expected


def test_targets_keep_their_sentence_and_read_direction_and_value() -> None:
    text = (
        "In 20010/11 a random sample of 10% of safeguarding cases per month will be undertaken "
        "with a target that overall 70% achieve a 'good/excellent' score following the audit. "
        "A target of fewer than 5% of audited cases in this category will be set for 2010/11. "
        "This target will be set at 70% of all Protection Plans having a review within 28 days."
    )
    targets = parse_targets(text)
    assert [(t.direction, t.target_value, t.unit) for t in targets] == [
        ("at_least", Decimal(70), "percent"),
        ("fewer_than", Decimal(5), "percent"),
        ("at_least", Decimal(70), "percent"),
    ]
    assert (
        targets[1].description
        == "A target of fewer than 5% of audited cases in this category will be set for 2010/11."
    )
    assert targets[1].measure == "audited cases in this category"
    assert targets[1].due_date == datetime.date(2011, 3, 31)
    assert targets[2].measure == "all Protection Plans having a review within 28 days"


def test_figures_that_are_not_targets_are_not_invented() -> None:
    assert parse_targets("Two courses for (40) social workers have been completed.") == []
    assert parse_targets("A sample of 50% of strategy meeting minutes will be reviewed.") == []
