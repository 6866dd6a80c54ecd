"""References between actions in a plan's text ("see Area 3 Action 11", "Area 1 Actions 1 & 2",
"(for example see Area 3 Actions 16 & 17"): found in the text, stored as links to the actions
(:class:`improvement_plans.models.ActionReference`) and shown with the actions' CURRENT numbers.

Pure functions: the services store what :func:`find_phrases` finds; the pages and exports call
:func:`render_text` with the stored links and :func:`improvement_plans.numbering.plan_numbers`.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from improvement_plans.numbering import PlanNumbers

_PHRASE = re.compile(
    r"\b(?P<area_word>Areas?)\s+(?P<area>\d+)\s+(?P<action_word>Actions?)\s+"
    r"(?P<numbers>\d+(?:\s*(?:,|&|\band\b)\s*\d+)*)",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Phrase:
    """A reference phrase: its span in the text, the area number and the action numbers it
    names, and where each number sits in the text."""

    start: int
    end: int
    area_number: int
    area_span: tuple[int, int]
    action_numbers: tuple[int, ...]
    action_spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Link:
    """A stored reference as the renderer needs it: the phrase's span, which of its action
    numbers, and the action it points at."""

    start: int
    end: int
    token: int
    target_id: int


def find_phrases(text: str) -> list[Phrase]:
    """Every "Area N Action(s) M[, & and M…]" phrase in ``text``."""
    phrases = []
    for match in _PHRASE.finditer(text):
        numbers_start = match.start("numbers")
        spans = tuple(
            (numbers_start + m.start(), numbers_start + m.end())
            for m in _DIGITS.finditer(match.group("numbers"))
        )
        phrases.append(
            Phrase(
                start=match.start(),
                end=match.end(),
                area_number=int(match.group("area")),
                area_span=match.span("area"),
                action_numbers=tuple(int(text[a:b]) for a, b in spans),
                action_spans=spans,
            )
        )
    return phrases


def resolve(text: str, action_by_number: dict[int, int]) -> list[Link]:
    """The links for ``text``: each action number in a phrase that names an action of the plan
    (``action_by_number`` maps a number to an action id). A number naming no action stays
    plain text."""
    links = []
    for phrase in find_phrases(text):
        for token, number in enumerate(phrase.action_numbers):
            target = action_by_number.get(number)
            if target is not None:
                links.append(Link(phrase.start, phrase.end, token, target))
    return links


Href = Callable[[int], str]


def _default_href(action_id: int) -> str:
    return f"#action-{action_id}"


def render_text(
    text: str,
    links: Sequence[Link],
    numbers: PlanNumbers,
    *,
    href: Href | None = None,
    html: bool = True,
) -> str:
    """``text`` with every linked phrase rewritten to the actions' current numbers. With
    ``html`` the result is escaped HTML with a GOV.UK link on each action (``href`` gives its
    address, ``#action-<id>`` by default); without it, plain text. When nothing was renumbered
    the plain text is exactly ``text``. An action since removed from the plan shows as
    "[removed]"."""
    by_span: dict[tuple[int, int], dict[int, int]] = {}
    for link in links:
        by_span.setdefault((link.start, link.end), {})[link.token] = link.target_id
    parts: list[str] = []
    position = 0
    for phrase in find_phrases(text):
        targets = by_span.get((phrase.start, phrase.end))
        if not targets:
            continue
        parts.append(_plain(text[position : phrase.start], html))
        parts.append(_phrase(text, phrase, targets, numbers, href or _default_href, html))
        position = phrase.end
    parts.append(_plain(text[position:], html))
    joined = "".join(parts)
    return mark_safe(joined) if html else joined  # every part is escaped above


def _plain(text: str, html: bool) -> str:
    return str(escape(text)) if html else text


def _phrase(
    text: str,
    phrase: Phrase,
    targets: dict[int, int],
    numbers: PlanNumbers,
    href: Href,
    html: bool,
) -> str:
    areas = {
        numbers.area_of_action(target)
        for target in targets.values()
        if numbers.area_of_action(target) is not None
    }
    if len(areas) > 1:
        return _regrouped(phrase, targets, numbers, href, html)
    area = areas.pop() if areas else phrase.area_number
    # One area: replace the numbers where they stand, so the wording is kept exactly.
    pieces: list[tuple[tuple[int, int], str, int | None]] = [(phrase.area_span, str(area), None)]
    for token, span in enumerate(phrase.action_spans):
        target = targets.get(token)
        if target is None:
            pieces.append((span, text[span[0] : span[1]], None))
        elif target in numbers.actions:
            pieces.append((span, str(numbers.actions[target]), target))
        else:
            pieces.append((span, "[removed]", None))
    out: list[str] = []
    position = phrase.start
    for (start, end), shown, target in pieces:
        out.append(_plain(text[position:start], html))
        out.append(_number(shown, target, href, html))
        position = end
    out.append(_plain(text[position : phrase.end], html))
    return "".join(out)


def _number(shown: str, target: int | None, href: Href, html: bool) -> str:
    if not html:
        return shown
    if target is None:
        return str(escape(shown))
    return str(
        format_html(
            '<a class="govuk-link" href="{}" aria-label="Action {}">{}</a>',
            href(target),
            shown,
            shown,
        )
    )


def _regrouped(
    phrase: Phrase, targets: dict[int, int], numbers: PlanNumbers, href: Href, html: bool
) -> str:
    """The actions of one phrase now sit in different areas: "Area 2 Action 6 and Area 4
    Action 7"."""
    groups: dict[int, list[int]] = {}
    for token in sorted(targets):
        target = targets[token]
        area = numbers.area_of_action(target)
        if area is not None:
            groups.setdefault(area, []).append(target)
    rendered = []
    for area, members in sorted(groups.items()):
        word = "Action" if len(members) == 1 else "Actions"
        shown = " & ".join(
            _number(str(numbers.actions[t]), t, href, html)
            for t in sorted(members, key=numbers.actions.__getitem__)
        )
        rendered.append(f"Area {area} {word} {shown}")
    return " and ".join(rendered)
