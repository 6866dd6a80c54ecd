"""The import_review command: a dry run by default, every problem listed, --commit stores."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from selfassessment.models import ThematicReview
from selfassessment.services import DATA_DIR

pytestmark = pytest.mark.django_db

ARGS = ["--year", "2026", "--title", "ICBO", "--opens", "2026-10-01", "--closes", "2026-12-31"]


def test_a_dry_run_stores_nothing_and_commit_stores_the_review() -> None:
    out = StringIO()
    call_command("import_review", str(DATA_DIR / "icbo.csv"), *ARGS, stdout=out)
    assert "ICBO (2026/27): 4 sections, 12 standards, Levels 1 to 4." in out.getvalue()
    assert "Dry run: nothing was changed" in out.getvalue()
    assert not ThematicReview.objects.exists()

    call_command("import_review", str(DATA_DIR / "icbo.csv"), *ARGS, "--commit", stdout=StringIO())

    assert ThematicReview.objects.get().standards.count() == 12


def test_problems_are_listed_by_row_and_column(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Section,Standard code,Standard,Level 1,Level 2,Level 3\nA,1.1,S,,b,c\n")
    err = StringIO()

    with pytest.raises(CommandError, match="1 problem: nothing was imported"):
        call_command("import_review", str(bad), *ARGS, "--commit", stderr=err)

    assert err.getvalue().startswith("row 2, column Level 1: Enter the Level 1 descriptor")
