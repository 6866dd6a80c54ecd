"""Where councils stand on a measure, in words: the best band for years, better than the NW
median for years, or a newer strength; the requesting council's own figure and band."""

from authorities.models import Council
from returns.models import Measure
from scorecard.models import Band
from support.standing import Standing, own_sentence, strength_sentence

QUARTERS = ("2026/27 Q2", "2025/26 Q2", "2024/25 Q2")


def _standing(*bands: str, value: float | None = 12.5) -> Standing:
    return Standing(
        council_id=1,
        measure_code="2D1",
        periods=QUARTERS[: len(bands)],
        bands=bands,
        value=value,
        direction="improving",
    )


def test_three_years_in_the_best_band() -> None:
    standing = _standing(Band.MUCH_BETTER, Band.MUCH_BETTER, Band.MUCH_BETTER)
    assert strength_sentence("Stockport", standing) == (
        "Stockport is in the best band on 2D1 for three years (much better than the NW median "
        "in 2026/27 Q2, 2025/26 Q2, 2024/25 Q2)"
    )


def test_two_years_better_than_the_median() -> None:
    standing = _standing(Band.BETTER, Band.MUCH_BETTER, Band.SIMILAR)
    assert strength_sentence("Trafford", standing) == (
        "Trafford has been better than the NW median on 2D1 for two years (2026/27 Q2, "
        "2025/26 Q2); better in 2026/27 Q2"
    )


def test_a_newer_strength_says_where_it_was_a_year_before() -> None:
    standing = _standing(Band.BETTER, Band.SLIGHTLY_WORSE)
    assert standing.is_strong
    assert strength_sentence("Bury", standing) == (
        "Bury is better than the NW median on 2D1 in 2026/27 Q2 (a year before: slightly worse)"
    )


def test_the_requesting_councils_own_figure() -> None:
    wirral = Council(name="Wirral")
    measure = Measure(code="2D1")
    assert own_sentence(wirral, _standing(Band.WORSE), measure) == (
        "Wirral's figure on 2D1 in 2026/27 Q2 is 12.5: worse than the NW median"
    )
    assert own_sentence(wirral, _standing(Band.NOT_BANDED), measure).endswith(
        "is 12.5: not banded: no declared better direction"
    )
    assert own_sentence(wirral, None, measure) == "Wirral has no compared figure on 2D1 yet"
