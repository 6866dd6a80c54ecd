"""Reference phrases as the Sefton plan writes them are found, linked and rendered."""

from improvement_plans.numbering import PlanNumbers
from improvement_plans.references import find_phrases, render_text, resolve

SEED_PHRASES = [
    ("(see Area 3 Action 11).", 3, (11,)),
    ("outlined in Area 1 Actions 1 & 2 and Area 2 Actions 6 & 7.", 1, (1, 2)),
    ("(for example see Area 3 Actions 16 & 17. Refreshed membership", 3, (16, 17)),
    ("noted in Area 2 Action 7.", 2, (7,)),
    ("(See Area 3 Action 11).", 3, (11,)),
]


def test_the_seeds_phrasings_are_found() -> None:
    for text, area, actions in SEED_PHRASES:
        first = find_phrases(text)[0]
        assert (first.area_number, first.action_numbers) == (area, actions)
    both = find_phrases("Area 1 Actions 1 & 2 and Area 2 Actions 6 & 7")
    assert [(p.area_number, p.action_numbers) for p in both] == [(1, (1, 2)), (2, (6, 7))]


def test_improvement_areas_without_an_action_are_not_links() -> None:
    assert find_phrases("as described in Improvement Areas 1, 2, and 3 of the action plan") == []


def numbers_for(mapping: dict[int, tuple[int, int]]) -> PlanNumbers:
    """action id -> (area number, action number); area id = area number."""
    return PlanNumbers(
        areas={area: area for area, _ in mapping.values()},
        actions={pk: number for pk, (_, number) in mapping.items()},
        action_area={pk: area for pk, (area, _) in mapping.items()},
    )


def test_unchanged_numbers_render_the_text_exactly() -> None:
    text = "Progress will be evaluated through Area 1 Actions 1 & 2 and Area 2 Actions 6 & 7."
    by_number = {1: 101, 2: 102, 6: 106, 7: 107}
    links = resolve(text, by_number)
    numbers = numbers_for({101: (1, 1), 102: (1, 2), 106: (2, 6), 107: (2, 7)})
    assert render_text(text, links, numbers, html=False) == text


def test_renumbered_actions_render_with_current_numbers_as_links() -> None:
    text = "<b> (see Area 3 Action 11)"
    links = resolve(text, {11: 111})
    html = render_text(text, links, numbers_for({111: (4, 12)}), href=lambda pk: f"/a/{pk}")
    assert html == (
        '&lt;b&gt; (see Area 4 Action <a class="govuk-link" href="/a/111" '
        'aria-label="Action 12">12</a>)'
    )


def test_a_number_naming_no_action_stays_plain_text() -> None:
    text = "see Area 3 Actions 11 & 99"
    links = resolve(text, {11: 111})
    assert len(links) == 1
    assert (
        render_text(text, links, numbers_for({111: (3, 12)}), html=False)
        == "see Area 3 Actions 12 & 99"
    )
