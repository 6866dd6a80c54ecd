"""Every measure explains itself: the catalogue's definitions, numerators and denominators and
their sources are imported from the project's copy of ascof_measures.csv (the same as the
shared file), and public pages describe the source and the better direction in plain words:
no file or repository references, no LG Inform metric ids."""

import csv
import re

import pytest
from django.urls import reverse

from returns.catalogue import CURRENT_FRAMEWORK, MEASURES_CSV, OLD_FRAMEWORK
from returns.models import Measure, Polarity
from returns.national import OFLOG_FRAMEWORK

pytestmark = pytest.mark.django_db

# What public text must never show: file names, repository paths, metadata ids, addresses.
NOT_FOR_THE_PUBLIC = re.compile(
    r"\.csv|\.md|acbockmuehl|DataS-DHSC|communitiesuk|metricType|metric type \d|esd\.org|"
    r"https?://|rank_order|ASC_data|commit [0-9a-f]{7}",
    re.IGNORECASE,
)


def rows() -> list[dict[str, str]]:
    with MEASURES_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_definitions_and_their_sources_are_imported_as_published():
    for row in rows():
        measure = Measure.objects.get(code=row["code"], framework_version=row["framework_version"])
        assert measure.definition == row["definition"]
        assert measure.numerator_denominator == row["numerator_denominator"]
        assert measure.definition_source == row["definition_source"]
        assert measure.polarity == (row["polarity"] or Polarity.NOT_DECLARED)


def test_the_four_newly_verified_polarities_are_imported():
    verified = {("1D", CURRENT_FRAMEWORK), ("3D1A", CURRENT_FRAMEWORK)}
    verified |= {("1C1A", OLD_FRAMEWORK), ("3A", OLD_FRAMEWORK)}
    for code, framework in verified:
        measure = Measure.objects.get(code=code, framework_version=framework)
        assert measure.polarity == Polarity.HIGHER
        assert measure.polarity_basis


def page_text(client, measure: Measure) -> str:
    response = client.get(reverse("scorecard:measure", args=[measure.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return html.split("<main", 1)[1]


@pytest.mark.parametrize("framework", [CURRENT_FRAMEWORK, OFLOG_FRAMEWORK])
def test_every_measure_page_explains_the_measure_in_public_words(client, framework):
    for measure in Measure.objects.filter(framework_version=framework):
        text = page_text(client, measure)
        for label in (
            "Definition",
            "Numerator and denominator",
            "Unit",
            "Source collection",
            "Publisher",
            "Framework version",
            "Code history",
            "Better direction",
        ):
            if label == "Numerator and denominator" and not measure.numerator_denominator:
                continue
            assert label in text, (measure.code, label)
        assert not NOT_FOR_THE_PUBLIC.search(text), (
            measure.code,
            NOT_FOR_THE_PUBLIC.search(text),
        )
        if measure.has_published_polarity:
            assert "Published by" in text


def test_a_measure_page_names_its_collection_publisher_and_renumbering(client):
    measure = Measure.objects.get(code="3C1", framework_version=CURRENT_FRAMEWORK)
    text = page_text(client, measure)
    assert "Adult Social Care Survey (ASCS)" in text
    assert "NHS England, for the Department of Health and Social Care" in text
    assert "Numbered 3D1 until 2022-23; ASCOF was renumbered in 2023" in text
    assert "Office for Local Government" in text  # who says higher is better


def test_an_oflog_metric_is_never_called_an_ascof_measure(client):
    measure = Measure.objects.get(code="ASC5", framework_version=OFLOG_FRAMEWORK)
    text = page_text(client, measure)
    assert "ASCOF measure" not in text.replace("not an ASCOF measure", "")
    assert "Oflog adult social care metric, 2015-16 to 2022-23" in text
