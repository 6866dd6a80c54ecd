"""The digest by which a national re-import knows a stored row unchanged: it covers everything
stored of the row, the database clears it whenever anything else changes the row, and a row
without one is compared in full and corrected. Long layouts are read with their quoted line
breaks, and a row with the wrong number of columns is refused by its number."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.conf import settings
from django.db import connection

from returns.models import NationalImportState, PublishedValue
from returns.national import national_import, store
from returns.national.layouts import DATASETS, PLACE, encode, file_read
from tests.returns.test_national_import import ASCOF_HEADER, ascof_file

pytestmark = pytest.mark.django_db
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
postgresql_only = pytest.mark.skipif(not POSTGRES, reason="digests are PostgreSQL's")
WIRRAL = "2022-23,Wirral,E08000015,1A,Quality of life,18.9,Council,Total,Outcome"
SEFTON = "2022-23,Sefton,E08000014,1A,Quality of life,19.1,Council,Total,Outcome"
KNOWSLEY = "2022-23,Knowsley,E08000011,1A,Quality of life,[c],Council,Total,Outcome"


def imported(tmp_path: Path, lines: list[str], name: str = "v1.csv", **options: Any) -> Any:
    path = ascof_file(tmp_path, lines, name)
    run = national_import(dataset="ascof_trend", path=path, force=True, **options).run
    assert run is not None
    assert run.state == NationalImportState.SUCCEEDED, run.failure_message
    return run


def digests_of(tmp_path: Path, lines: list[str], dataset: str = "ascof_trend") -> np.ndarray:
    read = file_read(DATASETS["ascof_trend"], ascof_file(tmp_path, lines, "d.csv").read_bytes())
    return store.row_digests(read.rows, dataset, encode(read.rows["place"]))


def test_the_digest_covers_every_stored_field_and_is_repeatable(tmp_path: Path) -> None:
    (base,) = digests_of(tmp_path, [WIRRAL])
    assert base == digests_of(tmp_path, [WIRRAL])[0] != 0
    variants = [
        WIRRAL.replace("18.9", "18.8"),  # value
        WIRRAL.replace("18.9", "[c]"),  # missing, with its reason
        WIRRAL.replace(",Wirral,", ",Wirral Council,"),  # name
        WIRRAL.replace("E08000015", "E08000014"),  # geography
        WIRRAL.replace("Council,Total", "Region,Total"),  # level
        WIRRAL.replace("2022-23", "2021-22"),  # year
        WIRRAL.replace(",1A,", ",1B,"),  # measure
    ]
    found = [digests_of(tmp_path, [line])[0] for line in variants]
    assert len({base, *found}) == len(variants) + 1
    assert digests_of(tmp_path, [WIRRAL], dataset="oflog_asc")[0] != base
    missing = [digests_of(tmp_path, [WIRRAL.replace("18.9", "[c]")])[0] for _ in range(2)]
    assert missing[0] == missing[1]
    assert digests_of(tmp_path, [WIRRAL.replace("18.9", "[x]")])[0] != missing[0]


@postgresql_only
def test_an_import_stores_each_rows_digest(tmp_path: Path) -> None:
    imported(tmp_path, [WIRRAL, SEFTON, KNOWSLEY])
    expected = dict(
        zip(
            ["E08000015", "E08000014", "E08000011"],
            digests_of(tmp_path, [WIRRAL, SEFTON, KNOWSLEY]).tolist(),
            strict=True,
        )
    )
    stored = dict(PublishedValue.objects.values_list("geography", "digest"))
    assert stored == expected


@postgresql_only
@pytest.mark.parametrize(
    "change",
    [
        {"value": 99.0},
        {"missing_reason": "suppressed [c]", "value": None},
        {"geography_name": "Wirral Borough"},
        {"reference_median": 1.0},
        {"dataset": "oflog_asc"},
    ],
)
def test_a_row_changed_otherwise_loses_its_digest_and_the_next_import_corrects_it(
    tmp_path: Path, change: dict[str, object]
) -> None:
    imported(tmp_path, [WIRRAL, SEFTON])
    PublishedValue.objects.filter(geography="E08000015").update(**change)
    edited = PublishedValue.objects.get(geography="E08000015")
    assert edited.digest is None
    run = imported(tmp_path, [WIRRAL, SEFTON])
    assert (run.rows_new, run.rows_changed, run.rows_unchanged) == (0, 1, 1)
    assert run.rows_disappearing == 0
    corrected = PublishedValue.objects.get(geography="E08000015")
    assert (corrected.value, corrected.missing_reason, corrected.dataset) == (
        18.9,
        "",
        "ascof_trend",
    )
    assert corrected.geography_name == "Wirral"
    assert corrected.digest == digests_of(tmp_path, [WIRRAL])[0]


@postgresql_only
def test_a_saved_row_loses_its_digest_even_when_the_digest_is_written_back(
    tmp_path: Path,
) -> None:
    imported(tmp_path, [WIRRAL])
    row = PublishedValue.objects.get()
    row.value = 1.0
    row.save()  # writes every column, the old digest among them
    assert PublishedValue.objects.get().digest is None
    with connection.cursor() as cursor:
        cursor.execute("UPDATE returns_publishedvalue SET geography_name = 'Renamed'")
    assert PublishedValue.objects.get().digest is None


@postgresql_only
def test_a_row_stored_without_a_digest_gets_one_without_being_counted_changed(
    tmp_path: Path,
) -> None:
    imported(tmp_path, [WIRRAL, SEFTON])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE returns_publishedvalue SET digest = NULL")
    run = imported(tmp_path, [WIRRAL, SEFTON])
    assert (run.rows_new, run.rows_changed, run.rows_unchanged) == (0, 0, 2)
    assert not PublishedValue.objects.filter(digest__isnull=True).exists()


@postgresql_only
def test_an_unchanged_reimport_stages_and_compares_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported(tmp_path, [WIRRAL, SEFTON, KNOWSLEY])

    def refuse(*args: object) -> None:
        raise AssertionError("an unchanged row was staged")

    monkeypatch.setattr(store, "_stage", refuse)
    run = imported(tmp_path, [WIRRAL, SEFTON, KNOWSLEY])
    assert (run.rows_new, run.rows_changed, run.rows_unchanged) == (0, 0, 3)


@postgresql_only
def test_only_the_changed_rows_are_staged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    imported(tmp_path, [WIRRAL, SEFTON, KNOWSLEY])
    staged: list[int] = []
    real = store._stage

    def counted(cursor: Any, rows: Any, places: Any, digests: Any, chosen: Any) -> None:
        staged.append(int(np.count_nonzero(chosen)))
        real(cursor, rows, places, digests, chosen)

    monkeypatch.setattr(store, "_stage", counted)
    lines = [WIRRAL.replace("18.9", "20.0"), SEFTON, KNOWSLEY]
    run = imported(tmp_path, lines, "v2.csv")
    assert staged == [1]
    assert (run.rows_changed, run.rows_unchanged) == (1, 2)
    assert PublishedValue.objects.get(geography="E08000015").value == 20.0


def test_a_change_a_new_row_and_a_disappearing_row_in_one_import(tmp_path: Path) -> None:
    imported(tmp_path, [WIRRAL, SEFTON, KNOWSLEY])
    halton = "2022-23,Halton,E06000006,1A,Quality of life,17.5,Council,Total,Outcome"
    run = imported(tmp_path, [WIRRAL.replace("18.9", "20.0"), KNOWSLEY, halton], "v2.csv")
    assert (run.rows_new, run.rows_changed, run.rows_unchanged) == (1, 1, 1)
    assert (run.rows_disappearing, run.rows_removed) == (1, 0)
    (gone,) = run.report["disappearing"]
    assert (gone["geography"], gone["value"]) == ("E08000014", 19.1)
    removed = imported(
        tmp_path, [WIRRAL.replace("18.9", "20.0"), KNOWSLEY, halton], "v2.csv", remove_missing=True
    )
    assert (removed.rows_disappearing, removed.rows_removed, removed.rows_unchanged) == (1, 1, 3)
    assert sorted(PublishedValue.objects.values_list("geography", flat=True)) == [
        "E06000006",
        "E08000011",
        "E08000015",
    ]


def test_a_quoted_line_break_in_a_long_layout_is_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    quoted = WIRRAL.replace("Quality of life", '"Quality\nof life"')
    path.write_text("\n".join([ASCOF_HEADER, quoted, SEFTON]) + "\n", encoding="utf-8")
    read = file_read(DATASETS["ascof_trend"], path.read_bytes())
    assert read.rows_read == 2
    assert sorted(read.rows["geography"].tolist()) == ["E08000014", "E08000015"]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("2022-23,Sefton,E08000014,1A", "row 3 has 4 columns where the header row has 9"),
        (SEFTON + ",extra", "row 3 has 10 columns where the header row has 9"),
    ],
)
def test_a_row_with_the_wrong_number_of_columns_is_refused_by_its_number(
    tmp_path: Path, line: str, found: str
) -> None:
    path = ascof_file(tmp_path, [WIRRAL, line, KNOWSLEY], "ragged.csv")
    run = national_import(dataset="ascof_trend", path=path).run
    assert run is not None
    assert run.state == NationalImportState.FAILED
    assert found in run.failure_message
    assert not PublishedValue.objects.exists()


def test_the_rows_place_stands_for_its_level_geography_name_and_reason(tmp_path: Path) -> None:
    lines = [
        WIRRAL,
        WIRRAL.replace("2022-23", "2021-22"),
        WIRRAL.replace("2022-23", "2020-21").replace("18.9", "[c]"),
        WIRRAL.replace("2022-23", "2019-20").replace(",Wirral,", ",Wirral Council,"),
        SEFTON,
    ]
    read = file_read(DATASETS["ascof_trend"], ascof_file(tmp_path, lines, "p.csv").read_bytes())
    place = read.rows["place"]
    assert place[0] == place[1]
    assert len({place[0], place[2], place[3], place[4]}) == 4
    texts = {tuple(read.rows[k][i] for k in PLACE) for i in range(len(place))}
    assert len(texts) == len(set(place.tolist()))


def test_a_column_name_the_reader_cannot_find_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "padded.csv"
    path.write_text(
        "\n".join([ASCOF_HEADER.replace("ONS Code", " ONS Code "), WIRRAL]) + "\n",
        encoding="utf-8",
    )
    run = national_import(dataset="ascof_trend", path=path).run
    assert run is not None
    assert run.state == NationalImportState.FAILED
    assert run.failure_message.startswith("The file could not be read as CSV")
    assert "ONS Code" in run.failure_message
