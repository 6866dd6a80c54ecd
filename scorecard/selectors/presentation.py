"""How the scorecard pages write figures and ratings: a rating as a tag that repeats it in words,
a figure's quarter of the NW values, its direction of travel, a TEASC summary in words. No
queries."""

import functools
from dataclasses import dataclass

from django.db.models import Field, Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from returns.models import Measure, Polarity
from scorecard.models import CouncilPosition, Direction, MeasureBenchmark, Rating, TeascSummary
from scorecard.selectors.comparators import too_few_words

DIRECTION_COLOURS: dict[str, str] = {
    Direction.IMPROVING: "green",
    Direction.WORSENING: "red",
    Direction.STABLE: "blue",
}
QUARTILE_WORDS = {
    1: "lowest quarter",
    2: "second-lowest quarter",
    3: "second-highest quarter",
    4: "highest quarter",
}


def quartile_words(measure: Measure, position: CouncilPosition | None) -> str:
    """The quarter of NW values a figure falls in, and which half is better when the measure
    declares a better direction."""
    if position is None or position.value_quartile is None:
        return "No figure"
    words = f"In the {QUARTILE_WORDS[position.value_quartile]} of NW values"
    if not measure.has_polarity:
        return words
    good = (
        position.value_quartile >= 3
        if measure.effective_polarity == Polarity.HIGHER
        else position.value_quartile <= 2
    )
    return f"{words} ({'better' if good else 'worse'} half)"


@functools.cache
def _choice_labels(model: type[Model], field: str) -> dict[object, object]:
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, Field), f"{field} is a relation, which has no choices"
    return dict(make_hashable(model_field.flatchoices))


def choice_words(instance: Model, field: str) -> str:
    """What ``instance.get_<field>_display()`` gives, from labels gathered once per field:
    Django gathers them on every call, which shows on pages with a row per council."""
    value = getattr(instance, field)
    labels = _choice_labels(type(instance), field)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def direction_colour(position: CouncilPosition | None) -> str:
    if position is None:
        return "grey"
    return DIRECTION_COLOURS.get(position.direction, "grey")


RATING_COLOURS: dict[str, str] = {
    Rating.GREEN: "green",
    Rating.AMBER: "yellow",
    Rating.RED: "red",
    Rating.NOT_ASSESSED: "grey",
}


@dataclass(frozen=True)
class RatingTag:
    """A rating written out, with the GOV.UK tag colour that repeats it: never colour alone."""

    value: str
    label: str
    colour: str

    @property
    def css_class(self) -> str:
        return f"govuk-tag--{self.colour}"


NOT_PUBLISHED = RatingTag("", "Not published", "grey")


@functools.cache
def rating_tag(value: str) -> RatingTag | None:
    if not value:
        return None
    return RatingTag(value, Rating(value).label, RATING_COLOURS.get(value, "grey"))


@dataclass(frozen=True)
class TeascFigures:
    """The TEASC summary in words: "15 of 20 (75%)"."""

    items: int
    better: int
    improving: int
    better_and_improving: int

    @classmethod
    def of(cls, summary: TeascSummary) -> "TeascFigures":
        return cls(summary.items, summary.better, summary.improving, summary.better_and_improving)

    def _words(self, count: int) -> str:
        if not self.items:
            return "no items with a declared better direction"
        return f"{count} of {self.items} ({round(100 * count / self.items)}%)"

    @property
    def share(self) -> float | None:
        return self.better_and_improving / self.items if self.items else None

    @property
    def better_words(self) -> str:
        return self._words(self.better)

    @property
    def improving_words(self) -> str:
        return self._words(self.improving)

    @property
    def both_words(self) -> str:
        return self._words(self.better_and_improving)


class PositionWords:
    """A row with a ``measure``, a council's ``position`` on it and the quarter's NW
    ``benchmark``, in words: the figure, its quarter of the NW values, its band and the colour
    that repeats its direction of travel. Over fewer NW figures than the small-group threshold
    no quartile, band or rank is given: the words say how many councils have a figure."""

    measure: Measure
    position: CouncilPosition | None
    benchmark: MeasureBenchmark | None

    @property
    def value(self) -> float | None:
        return self.position.value if self.position else None

    @property
    def too_few(self) -> bool:
        return self.benchmark is None or self.benchmark.too_few

    @property
    def too_few_words(self) -> str:
        return too_few_words(self.benchmark.nw_count if self.benchmark else 0)

    @property
    def comparable(self) -> bool:
        """Whether this figure has a place among enough NW figures to compare."""
        return self.value is not None and not self.too_few

    @property
    def quartile_words(self) -> str:
        if self.value is not None and self.too_few:
            return self.too_few_words
        return quartile_words(self.measure, self.position)

    @property
    def band_words(self) -> str:
        return choice_words(self.position, "band") if self.position else "No figure"

    @property
    def direction_colour(self) -> str:
        return direction_colour(self.position)
