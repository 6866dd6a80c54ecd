"""Suggested ratings and draft narratives: pure functions over crafted bands, no database."""

import pytest

from returns.models import Polarity
from scorecard.models import Band, Direction, Rating
from scorecard.suggestions import NO_MEASURES, Evidence, narrative_text, suggest_rating

HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER


def ev(
    code: str,
    band: str,
    direction: str = Direction.STABLE,
    *,
    polarity: str = HIGHER,
    value: float | None = 50.0,
    median: float | None = 50.0,
) -> Evidence:
    return Evidence(
        code=code,
        name=f"Measure {code}",
        polarity=polarity,
        band=band,
        direction=direction,
        value=value,
        nw_median=median,
    )


def test_a_domain_with_no_measures_is_not_assessed():
    suggestion = suggest_rating([])
    assert suggestion.rating == Rating.NOT_ASSESSED
    assert suggestion.reasons == ("No measures are mapped to this domain: judge on other evidence",)
    assert NO_MEASURES in suggestion.reasons


def test_a_domain_whose_measures_cannot_be_compared_is_not_assessed_and_says_why():
    suggestion = suggest_rating(
        [ev("1A", Band.NOT_BANDED), ev("1B", Band.NOT_BANDED), ev("1C", Band.NO_VALUE)]
    )
    assert suggestion.rating == Rating.NOT_ASSESSED
    assert suggestion.reasons == (
        "None of the 3 measures could be compared",
        "3 measures not compared: 2 have no declared better direction and 1 has no figure",
        "Judge on other evidence",
    )


def test_mostly_better_and_improving_is_green():
    suggestion = suggest_rating(
        [
            ev("1A", Band.BETTER, Direction.IMPROVING),
            ev("1B", Band.MUCH_BETTER, Direction.IMPROVING),
            ev("1C", Band.SIMILAR, Direction.STABLE),
            ev("1D", Band.SLIGHTLY_BETTER, Direction.IMPROVING),
            ev("1E", Band.SLIGHTLY_WORSE, Direction.STABLE),
            ev("2A", Band.SIMILAR, Direction.IMPROVING),
        ]
    )
    assert suggestion.rating == Rating.GREEN
    assert suggestion.reasons == (
        "1 of 6 measures worse than the NW median",
        "No measure much worse than the NW median",
        "No measure worsening",
    )


def test_a_third_worse_than_the_median_is_amber():
    suggestion = suggest_rating(
        [
            ev("1A", Band.WORSE),
            ev("1B", Band.SLIGHTLY_WORSE),
            ev("1C", Band.SIMILAR),
            ev("1D", Band.BETTER),
            ev("1E", Band.SIMILAR),
            ev("2A", Band.BETTER),
        ]
    )
    assert suggestion.rating == Rating.AMBER
    assert suggestion.reasons[0] == "2 of 6 measures worse than the NW median"


def test_one_outlier_alone_is_amber_and_named():
    suggestion = suggest_rating(
        [ev("2C", Band.MUCH_WORSE)] + [ev(f"1{c}", Band.BETTER) for c in "ABCDE"]
    )
    assert suggestion.rating == Rating.AMBER
    assert "2C much worse than the NW median" in suggestion.reasons
    assert "1 of 6 measures worse than the NW median" in suggestion.reasons


def test_most_measures_worse_with_an_outlier_is_red():
    suggestion = suggest_rating(
        [
            ev("2C", Band.MUCH_WORSE),
            ev("1A", Band.WORSE),
            ev("1B", Band.SLIGHTLY_WORSE),
            ev("1C", Band.WORSE),
            ev("1D", Band.BETTER),
            ev("1E", Band.SIMILAR),
        ]
    )
    assert suggestion.rating == Rating.RED
    assert suggestion.reasons[:2] == (
        "4 of 6 measures worse than the NW median",
        "2C much worse than the NW median",
    )


def test_two_outliers_are_red_even_when_most_measures_are_better():
    suggestion = suggest_rating(
        [ev("2B", Band.MUCH_WORSE), ev("2C", Band.MUCH_WORSE)]
        + [ev(f"1{c}", Band.MUCH_BETTER) for c in "ABCDEF"]
    )
    assert suggestion.rating == Rating.RED
    assert "2B and 2C much worse than the NW median" in suggestion.reasons


def test_half_worse_and_half_worsening_is_red():
    suggestion = suggest_rating(
        [
            ev("1A", Band.WORSE, Direction.WORSENING),
            ev("1B", Band.SLIGHTLY_WORSE, Direction.WORSENING),
            ev("1C", Band.WORSE, Direction.WORSENING),
            ev("1D", Band.BETTER, Direction.IMPROVING),
            ev("1E", Band.SIMILAR, Direction.STABLE),
            ev("2A", Band.BETTER, Direction.IMPROVING),
        ]
    )
    assert suggestion.rating == Rating.RED
    assert "3 measures worsening" in suggestion.reasons


def test_one_or_two_measures_are_too_few_to_suggest_red_by_their_share():
    suggestion = suggest_rating(
        [ev("2D2", Band.WORSE, Direction.WORSENING), ev("2D1", Band.NOT_BANDED, Direction.RISING)]
    )
    assert suggestion.rating == Rating.AMBER
    assert suggestion.reasons == (
        "1 of 1 measure worse than the NW median",
        "No measure much worse than the NW median",
        "1 measure worsening",
        "1 measure not compared: 1 has no declared better direction",
        "Only 1 measure compared: too few to suggest Red",
    )


def test_two_outliers_are_red_however_few_measures_are_compared():
    suggestion = suggest_rating([ev("2B", Band.MUCH_WORSE), ev("2C", Band.MUCH_WORSE)])
    assert suggestion.rating == Rating.RED


def test_worsening_trends_alone_are_amber():
    suggestion = suggest_rating(
        [
            ev("1A", Band.BETTER, Direction.WORSENING),
            ev("1B", Band.SIMILAR, Direction.WORSENING),
            ev("1C", Band.BETTER, Direction.IMPROVING),
        ]
    )
    assert suggestion.rating == Rating.AMBER
    assert suggestion.reasons == (
        "0 of 3 measures worse than the NW median",
        "No measure much worse than the NW median",
        "2 measures worsening",
    )


@pytest.mark.parametrize(
    ("polarity", "value", "outlier"),
    [
        (LOWER, 900.0, True),  # lower is better and far above the median: worse
        (LOWER, 100.0, False),  # lower is better and far below it: better
        (HIGHER, 100.0, True),
        (HIGHER, 900.0, False),
    ],
)
def test_beyond_the_bands_is_an_outlier_only_on_the_worse_side_by_polarity(
    polarity, value, outlier
):
    evidence = ev("2C", Band.BEYOND, polarity=polarity, value=value, median=500.0)
    assert evidence.is_outlier is outlier
    suggestion = suggest_rating([evidence, ev("1A", Band.SIMILAR), ev("1B", Band.SIMILAR)])
    assert ("2C far worse than the NW median" in suggestion.reasons) is outlier
    assert suggestion.rating == (Rating.AMBER if outlier else Rating.GREEN)


def test_measures_not_compared_are_counted_with_the_reason():
    suggestion = suggest_rating(
        [
            ev("1A", Band.BETTER),
            ev("1B", Band.TOO_SMALL),
            ev("1C", Band.NOT_BANDED),
            ev("1D", Band.NO_VALUE, Direction.UNKNOWN, value=None),
        ]
    )
    assert suggestion.rating == Rating.GREEN
    assert suggestion.reasons[0] == "0 of 1 measure worse than the NW median"
    assert suggestion.reasons[-1] == (
        "3 measures not compared: 1 has no declared better direction, 1 was reported by too "
        "few councils to compare (fewer than 8) and 1 has no figure"
    )


def test_the_narrative_is_phrased_by_band_from_better_to_worse():
    text = narrative_text(
        council_name="Wirral",
        measures=[
            ("1A", "Social care-related quality of life score", Band.BETTER),
            (
                "2C",
                "Long-term support needs of older adults met by admission to residential and "
                "nursing care homes",
                Band.MUCH_BETTER,
            ),
            ("1B", "Proportion of people who use services who have control", Band.BETTER),
            ("1C", "Carer-reported quality of life", Band.SIMILAR),
            ("2B", "Proportion of older people still at home 91 days after discharge", Band.WORSE),
        ],
    )
    assert text == (
        "Wirral is much better than the North West median on 2C (long-term support needs of "
        "older adults met by admission to residential and nursing care homes); better on 1A "
        "(social care-related quality of life score) and 1B (proportion of people who use "
        "services who have control); broadly similar on 1C (carer-reported quality of life); "
        "worse on 2B (proportion of older people still at home 91 days after discharge)."
    )


def test_a_lower_is_better_measure_is_described_as_better_not_lower():
    """Bands are already phrased by polarity: 'better' means better for people, so a fall in
    admissions to care homes (lower is better) reads as better."""
    text = narrative_text(
        council_name="Wirral",
        measures=[("2C", "Admissions to residential and nursing care homes", Band.BETTER)],
    )
    assert text == (
        "Wirral is better than the North West median on 2C (admissions to residential and "
        "nursing care homes)."
    )
    assert "lower" not in text
    assert "higher" not in text


def test_measures_not_compared_are_skipped_but_counted_with_why():
    text = narrative_text(
        council_name="Sefton",
        measures=[
            ("1A", "Quality of life", Band.SIMILAR),
            ("1B", "Control", Band.NOT_BANDED),
            ("1C", "Carers", Band.NOT_BANDED),
            ("1D", "Satisfaction", Band.TOO_SMALL),
            ("1E", "Employment", Band.NO_VALUE),
        ],
    )
    assert text == (
        "Sefton is broadly similar to the North West median on 1A (quality of life). "
        "4 measures were not compared: 2 have no declared better direction, 1 was reported by "
        "too few councils to compare (fewer than 8) and 1 has no figure."
    )
    assert "control" not in text.lower()


def test_a_figure_beyond_the_bands_is_left_for_a_person_to_describe():
    text = narrative_text(council_name="Halton", measures=[("2C", "Admissions", Band.BEYOND)])
    assert text == (
        "Halton is far from the North West median (for a person to describe) on 2C (admissions)."
    )


def test_names_starting_with_an_acronym_keep_their_capitals():
    text = narrative_text(council_name="Wirral", measures=[("X1", "NHS delays", Band.WORSE)])
    assert "X1 (NHS delays)" in text


@pytest.mark.parametrize(
    ("measures", "expected"),
    [
        ([], "There are no figures to compare for Wirral."),
        (
            [("1A", "Quality of life", Band.NO_VALUE)],
            "None of Wirral's measures could be compared with the North West median. "
            "1 measure was not compared: 1 has no figure.",
        ),
    ],
)
def test_a_narrative_with_nothing_to_compare_says_so(measures, expected):
    assert narrative_text(council_name="Wirral", measures=measures) == expected
