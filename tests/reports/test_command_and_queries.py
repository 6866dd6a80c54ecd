"""The management command renders as the portal does; the assembly reads a fixed number of
queries whatever the number of councils with data."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from authorities.models import Council
from reports.assembly import account_assemble, scope_resolve
from reports.management.commands.render_regional_account import year_option
from tests.reports.conftest import pdf_text
from tests.reports.regional_data import regional_data_fill

pytestmark = pytest.mark.django_db

# Eleven for the scorecard (with the Board's decision on naming Local Accounts and the nearest
# neighbours' lists), four for the public overview, one for the key messages, fourteen for the
# other apps' sections (with no published thematic review, each of which reads six more, and no
# risk assessment or concern, whose quadrants are one more).
ASSEMBLY_QUERIES = 30


def test_the_command_writes_the_account_and_says_how_big_it_is(
    planning_group_member: Any, wirral: Any, sefton: Any, tmp_path: Path
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral, sefton])
    output = tmp_path / "account.pdf"
    out = io.StringIO()
    call_command(
        "render_regional_account", "--year", "2023-24", "--output", str(output), stdout=out
    )
    content = output.read_bytes()
    assert content.startswith(b"%PDF")
    assert not (tmp_path / "account.pdf.partial").exists()
    assert f"{len(content):,} bytes" in out.getvalue()
    assert "figures as at 2023/24 Q4" in out.getvalue()
    text = pdf_text(content)
    assert "North West Regional Account 2023/24" in text
    assert "Wirral" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-25", "the second year must follow the first"),
        ("twenty", "is not a financial year"),
    ],
)
def test_a_bad_year_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        year_option(text)


def test_a_year_without_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no published scorecard or comparator data for 2030/31"):
        call_command(
            "render_regional_account", "--year", "2030-31", "--output", str(tmp_path / "x.pdf")
        )
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_quarter_is_a_clear_error(
    planning_group_member: Any, wirral: Any, tmp_path: Path
) -> None:
    regional_data_fill(by=planning_group_member, councils=[wirral], quarter=2)
    with pytest.raises(CommandError, match="2023/24 Q3 is not a quarter in the portal"):
        call_command(
            "render_regional_account",
            "--year",
            "2023/24",
            "--quarter",
            "3",
            "--output",
            str(tmp_path / "x.pdf"),
        )


@pytest.mark.parametrize("scale", ["two councils", "the whole region"])
def test_the_assembly_reads_a_fixed_number_of_queries(
    scale: str, planning_group_member: Any, django_assert_max_num_queries: Any
) -> None:
    councils = list(Council.objects.filter(slug__in=["wirral", "sefton"]))
    regional_data_fill(
        by=planning_group_member, councils=councils if scale == "two councils" else None
    )
    scope = scope_resolve(year=2023)
    with django_assert_max_num_queries(ASSEMBLY_QUERIES):
        data = account_assemble(scope=scope)
    assert len(data.councils) == 24
    with_ratings = [s for s in data.councils if s.ratings[0].commentary]
    assert len(with_ratings) == (2 if scale == "two councils" else 24)
