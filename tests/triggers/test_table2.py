import csv
from io import StringIO

import pytest
from django.core.management import call_command

from triggers.models import Quadrant, Trigger
from triggers.table2 import OUTCOMES_NOTE, TABLE2_CSV, table2_load

pytestmark = pytest.mark.django_db


def _csv_rows() -> list[dict[str, str]]:
    with TABLE2_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_table2_loads_exactly_the_mous_quadrants_and_triggers() -> None:
    result = table2_load()

    assert result.created == 4 + 21
    assert list(Quadrant.objects.values_list("key", "name")) == [
        ("outcomes", "Outcomes"),
        ("resources", "Resources (Finance and People)"),
        ("other", "Other Intelligence"),
        ("stakeholders", "Interface with Stakeholders"),
    ]
    assert Quadrant.objects.get(key="outcomes").note == OUTCOMES_NOTE
    assert "rigid formula based on % of 'red' or 'amber' measures" in OUTCOMES_NOTE
    counts = {q.key: q.triggers.count() for q in Quadrant.objects.all()}
    assert counts == {"outcomes": 4, "resources": 4, "other": 6, "stakeholders": 7}
    stored = list(
        Trigger.objects.values_list(
            "quadrant__key", "order", "name", "examples", "source", "automatic"
        )
    )
    expected = [
        (
            r["quadrant_key"],
            int(r["order"]),
            r["trigger"],
            r["examples"],
            r["source"],
            r["automatic"],
        )
        for r in _csv_rows()
    ]
    assert stored == expected


def test_table2_names_its_sources_as_the_mou_prints_them() -> None:
    table2_load()

    assert Trigger.objects.get(name="ASCOF Measures").source == "NW Performance Leads Group / UMU"
    assert Trigger.objects.get(name="Local Accounts").automatic == "local_account"
    assert Trigger.objects.get(name="Sudden political change").source == "media / local knowledge"
    assert set(Trigger.objects.exclude(automatic="").values_list("automatic", flat=True)) == {
        "measure_outlier",
        "local_measure_outlier",
        "admissions_rise",
        "unit_cost_change",
        "self_assessment_level1",
        "local_account",
        "workforce_turnover",
        "delays_social_care",
    }


def test_loading_table2_twice_changes_nothing() -> None:
    table2_load()
    history = Trigger.history.count()

    again = table2_load()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 25)
    assert Trigger.objects.count() == 21
    assert Trigger.history.count() == history


def test_an_edited_trigger_is_put_back_by_natural_key_with_its_history() -> None:
    table2_load()
    trigger = Trigger.objects.get(quadrant__key="other", order=6)
    trigger.source = "hearsay"
    trigger.save()

    result = table2_load()

    assert result.updated == 1
    assert Trigger.objects.get(pk=trigger.pk).source == "media / local knowledge"
    assert Trigger.objects.count() == 21


def test_load_triggers_command_changes_nothing_without_commit() -> None:
    out = StringIO()
    call_command("load_triggers", stdout=out)

    assert "25 created" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert not Trigger.objects.exists()

    call_command("load_triggers", "--commit", stdout=StringIO())
    assert Trigger.objects.count() == 21


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["meeting", "riskassessment", "selfcheck", "concern", "thresholds"]
)
def test_administrator_sees_the_triggers_admin_pages(model, client_for, regional_admin):
    from django.urls import reverse

    regional_admin.is_superuser = True
    regional_admin.save()
    response = client_for(regional_admin).get(reverse(f"admin:triggers_{model}_changelist"))
    assert response.status_code == 200
