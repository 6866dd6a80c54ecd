"""``manage.py import_plan FILE --council ONS_CODE [--commit]``."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from authorities.models import Council
from improvement_plans.models import Action, Plan
from tests.improvement_plans.conftest import SEFTON_CSV

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_without_commit_it_prints_what_it_found_and_changes_nothing(sefton: Council) -> None:
    out, _ = run(str(SEFTON_CSV), "--council", sefton.ons_code)
    assert "Sefton: 5 headings, 19 improvement areas, 53 actions in 98 rows" in out
    assert "Safeguarding Adults\n  Improvement Area 1 – Improve the practice" in out
    assert "    1. Streamline and clarify risk assessment documentation." in out
    assert "    53. Widen Individual Budgets availability to more service users" in out
    assert "Checked only: nothing imported" in out
    assert not Plan.objects.exists()


def test_with_commit_it_imports_and_recognises_a_second_copy(sefton: Council) -> None:
    out, _ = run(str(SEFTON_CSV), "--council", sefton.ons_code, "--commit", "--period", "2010/11")
    plan = Plan.objects.get()
    assert f"Imported as draft plan {plan.pk}" in out
    assert plan.period_covered == "2010/11"
    assert Action.objects.in_plan(plan).count() == 53
    out, _ = run(str(SEFTON_CSV), "--council", sefton.ons_code, "--commit")
    assert "already imported" in out
    assert Plan.objects.count() == 1


def test_a_bad_file_prints_each_problem_and_exits_non_zero(sefton: Council, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Heading,Improvement area,Action,How achieved,Expected evidence,Timescale\n"
        "Safeguarding Adults,Improvement Area 1 – A,one,Do it.,x,\n"
        ",,,,more,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="2 problems found: nothing imported") as raised:
        run(str(bad), "--council", sefton.ons_code, "--commit")
    assert raised.value.returncode == 1
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_plan", str(bad), "--council", sefton.ons_code, stderr=err, stdout=StringIO()
        )
    assert err.getvalue().splitlines() == [
        "row 2, column Action: 'one' is not an action number. Enter the action's number in the plan, like 12",
        "row 3, column Action: Enter the action number. On a row that continues an action, repeat its number",
    ]
    assert not Plan.objects.exists()


def test_an_unknown_council_is_an_error() -> None:
    with pytest.raises(CommandError, match="No council has the ONS code E99"):
        run(str(SEFTON_CSV), "--council", "E99")
