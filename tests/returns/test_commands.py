"""The same pipeline from the command line, for returns received by e-mail."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from returns.models import Measure, ReturnUpload, ReturnVersion
from tests.returns.files import return_rows, to_csv

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_return_template_writes_the_page_template(tmp_path, wirral, open_period):
    target = tmp_path / "t.csv"
    output = run(
        "return_template",
        "--council",
        "E08000015",
        "--period",
        open_period.slug,
        "--format",
        "csv",
        "--output",
        str(target),
    )
    assert "Wrote" in output
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["council_code", "period", "measure_code"]
    items = [row for row in rows[1:] if not row[0].startswith("#")]
    assert len(items) == Measure.objects.in_return().count()
    assert {r[0] for r in items} == {"E08000015"}


def test_return_template_rejects_unknown_council_and_period(open_period):
    with pytest.raises(CommandError, match="No council"):
        run("return_template", "--council", "E99999999", "--period", open_period.slug)
    with pytest.raises(CommandError, match="No quarter"):
        run("return_template", "--council", "E08000015", "--period", "2024-Q1")


def test_import_return_prints_each_problem_and_exits_non_zero(
    tmp_path, wirral, open_period, capsys
):
    path = tmp_path / "bad.csv"
    rows = return_rows(wirral, open_period, **{"2C": "ten", "2D1": "140"})
    path.write_bytes(to_csv(rows))
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_return",
            str(path),
            "--council",
            "E08000015",
            "--period",
            open_period.slug,
            stdout=out,
        )
    assert raised.value.returncode == 2
    lines = out.getvalue().splitlines()
    row_2c = next(i for i, r in enumerate(rows) if r[2] == "2C") + 1
    assert any(
        line.startswith(f"row {row_2c} (2C), column value: ") and "'ten' is not a number" in line
        for line in lines
    )
    assert len(lines) == 2
    assert not ReturnUpload.objects.exists()


def test_import_return_changes_nothing_without_commit(
    tmp_path, wirral, open_period, regional_admin
):
    path = tmp_path / "good.csv"
    path.write_bytes(to_csv(return_rows(wirral, open_period)))
    output = run("import_return", str(path), "--council", "E08000015", "--period", open_period.slug)
    assert "nothing was stored" in output
    assert not ReturnVersion.objects.exists()
    output = run(
        "import_return",
        str(path),
        "--council",
        "E08000015",
        "--period",
        open_period.slug,
        "--commit",
    )
    assert "Stored as version 1" in output
    version = ReturnVersion.objects.get()
    assert version.created_by == regional_admin
    with pytest.raises(CommandError, match="already uploaded"):
        run(
            "import_return",
            str(path),
            "--council",
            "E08000015",
            "--period",
            open_period.slug,
            "--commit",
        )
