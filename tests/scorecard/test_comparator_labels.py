"""Every template that prints a comparator labels it with the statistic it is: a median says
median, a published figure says published, a neighbours' median says so; nothing calls a mean
of councils' returns the North West figure or an average."""

import re
from pathlib import Path

import pytest

from authorities.models import Council
from scorecard.selectors import figure_comparators

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# A comparator printed in a template (inside {{ }} or {% %}) and the words, one of which its
# template must use to name the statistic.
COMPARATORS: dict[str, tuple[str, ...]] = {
    r"\bnw_median\b|\.median\b|\bmedian=": ("median",),
    r"\bnw_(lower|upper)_quartile\b|_quartile=": ("quartile", "middle half"),
    r"\bengland_value\b|\bm\.england\b|\bengland=": (
        "published england figure",
        "england’s published figure",
    ),
    r"\bregion_value\b": ("published north west figure",),
    r"\bsame_type_median\b": ("same type",),
    r"\bm\.neighbours\b|\bcipfa\.median\b": ("neighbours’ median",),
}
TAG = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)


def printed_comparators(text: str) -> set[str]:
    tags = " ".join(TAG.findall(text))
    return {pattern for pattern in COMPARATORS if re.search(pattern, tags)}


def templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if "gds" not in p.parts)


def test_the_scan_finds_the_pages_that_print_comparators():
    found = {
        p.relative_to(TEMPLATES).as_posix()
        for p in templates()
        if printed_comparators(p.read_text())
    }
    assert {
        "scorecard/measure.html",
        "scorecard/_judgement_evidence.html",
        "reports/regional_account.html",
    } <= found


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_every_printed_comparator_is_labelled_with_its_statistic(path: Path):
    text = path.read_text()
    words = re.sub(r"\s+", " ", TAG.sub(" ", text)).lower().replace("'", "’")
    for pattern in printed_comparators(text):
        labels = COMPARATORS[pattern]
        assert any(label in words for label in labels), f"{path.name}: {pattern} needs {labels}"
    assert "nw_mean" not in text, "a mean of councils' returns is never printed as a comparator"
    assert "north west average" not in words
    assert "nw average" not in words


def test_the_comparator_partial_prints_labels_that_name_the_statistic():
    partial = (TEMPLATES / "scorecard" / "_comparators.html").read_text()
    assert "{{ c.label }}" in partial
    council = Council(name="Wirral", authority_type="metropolitan")
    for comparator in figure_comparators(
        council=council, benchmark=None, position=None, neighbours=None, period_label="2026/27 Q1"
    ):
        label = comparator.label.lower()
        assert "median" in label or "published" in label, comparator.label
        assert "average" not in label
