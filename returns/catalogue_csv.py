"""The measure catalogue as CSV, for the administrator: export, and import of AQuA whole-system
and NW benchmarking items (the region's own, with tier, TEASC section, periodicity and how a
quarter is made). Each row is checked by an ordinary form; problems are listed by row
and column; nothing is saved unless every row is valid."""

import csv
import io
from dataclasses import dataclass

from django import forms
from django.db import models, transaction

from returns.models import Measure
from sli_portal.spreadsheets import write_csv
from sli_portal.uploads import Problem

CATALOGUE_COLUMNS = (
    "code",
    "framework_version",
    "name",
    "tier",
    "teasc_section",
    "scorecard_domain",
    "unit",
    "unit_label",
    "polarity",
    "periodicity",
    "quarter_rule",
    "decimal_places",
    "min_value",
    "max_value",
    "collects_numerator_denominator",
    "in_return",
    "first_year",
    "definition",
    "polarity_source",
    "last_year",
    "source",
)


class YesNoField(forms.Field):
    """'yes' or 'no' (empty is no), as the catalogue CSV writes booleans."""

    def to_python(self, value: object) -> bool:
        text = str(value or "no").strip().casefold()
        if text not in ("yes", "no"):
            raise forms.ValidationError("Enter yes or no")
        return text == "yes"


class MeasureRowForm(forms.ModelForm[Measure]):
    collects_numerator_denominator = YesNoField(required=False)
    in_return = YesNoField(required=False)

    class Meta:
        model = Measure
        fields = list(CATALOGUE_COLUMNS)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        code = data.get("code")
        clash = Measure.objects.in_return().filter(code=code).exclude(pk=self.instance.pk)
        if data.get("in_return") and clash.exists():
            self.add_error(
                "code", f"A measure with the code {code} is already collected in the return"
            )
        return data


@dataclass(frozen=True)
class CatalogueImport:
    created: int
    updated: int
    problems: list[Problem]


def _cell(value: object) -> object:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "" if value is None else value


def catalogue_export() -> bytes:
    rows = [
        [_cell(getattr(m, c)) for c in CATALOGUE_COLUMNS]
        for m in Measure.objects.order_by("display_order", "code")
    ]
    return write_csv(CATALOGUE_COLUMNS, rows)


def _row_data(row: dict[str, str], existing: Measure | None) -> dict[str, object]:
    """The form's data: the file's cells, and for an existing measure its current value of any
    column the file leaves out."""
    return {c: row[c] if c in row else _kept(c, existing) for c in CATALOGUE_COLUMNS}


def _kept(column: str, existing: Measure | None) -> object:
    """A column the file leaves out: the measure's current value, or for a new measure the
    field's default (an empty cell where there is none)."""
    if existing is not None:
        return _cell(getattr(existing, column))
    field = Measure._meta.get_field(column)
    default = field.get_default() if isinstance(field, models.Field) else None
    return "" if default is None else _cell(default)


REQUIRED_COLUMNS = ("code", "framework_version", "name", "tier", "unit", "polarity", "first_year")

_Checked = list[tuple[Measure | None, MeasureRowForm]]


def catalogue_import(*, content: bytes) -> CatalogueImport:
    """Create or update measures by (code, framework version) from a catalogue CSV."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return CatalogueImport(
            0, 0, [Problem(None, None, None, "", "The file must be saved as CSV UTF-8")]
        )
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return CatalogueImport(
            0,
            0,
            [Problem(1, c, None, "", f"The file is missing the column '{c}'") for c in missing],
        )
    checked, problems = _check_rows(reader)
    if problems:
        return CatalogueImport(0, 0, problems)
    with transaction.atomic():
        for _, form in checked:
            form.save()
    created = sum(existing is None for existing, _ in checked)
    return CatalogueImport(created, len(checked) - created, [])


def _check_rows(reader: "csv.DictReader[str]") -> tuple[_Checked, list[Problem]]:
    """Each row's form with the measure it updates (None for a new one) where the row is valid,
    and every problem in the rows: a measure twice, two rows putting one code in the return,
    and each cell the form refuses."""
    problems: list[Problem] = []
    checked: _Checked = []
    seen: dict[tuple[str, str], int] = {}
    in_return: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        row = {k.strip().casefold(): (v or "").strip() for k, v in raw.items() if k}
        key = (row.get("code", ""), row.get("framework_version", ""))
        if key in seen:
            problems.append(
                Problem(number, "code", None, key[0], f"This measure is also on row {seen[key]}")
            )
            continue
        seen[key] = number
        if row.get("in_return") == "yes":
            if key[0] in in_return:
                problems.append(
                    Problem(
                        number,
                        "code",
                        None,
                        key[0],
                        f"Row {in_return[key[0]]} also puts {key[0]} in the return",
                    )
                )
            in_return.setdefault(key[0], number)
        existing = Measure.objects.filter(code=key[0], framework_version=key[1]).first()
        form = MeasureRowForm(_row_data(row, existing), instance=existing)
        if form.is_valid():
            checked.append((existing, form))
        problems += [
            Problem(number, column, None, row.get(column, ""), str(error))
            for column, errors in form.errors.items()
            for error in errors
        ]
    return checked, problems
