"""Server-rendered SVG charts, usable in pages and PDFs. Every chart has a text alternative in
its ``aria-label`` and the page shows the same figures in a table."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

WIDTH, HEIGHT, PAD = 160, 40, 4


def _fmt(value: float | None, places: int) -> str:
    return "no figure" if value is None else f"{value:,.{places}f}"


@register.simple_tag
def sparkline(trend: list[list[object]], places: int = 1, label: str = "") -> SafeString:
    """A small line chart of a series of [period label, value] pairs."""
    points = [(str(p), float(v)) for p, v in trend if v is not None]  # type: ignore[arg-type]
    summary = "; ".join(f"{p}: {_fmt(v if v is None else float(v), places)}" for p, v in trend)  # type: ignore[arg-type]
    text = f"{label} trend: {summary}" if label else f"Trend: {summary}"
    if len(points) < 2:
        return format_html('<span class="govuk-body-s">Not enough figures for a trend</span>')
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(trend) - 1)
    coords = []
    for index, (_, value) in enumerate(trend):
        if value is None:
            continue
        x = PAD + index * step
        y = HEIGHT - PAD - (float(value) - low) / span * (HEIGHT - 2 * PAD)  # type: ignore[arg-type]
        coords.append((round(x, 1), round(y, 1)))
    path = " ".join(f"{x},{y}" for x, y in coords)
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="2.5"></circle>', coords)
    return format_html(
        '<svg class="app-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg"><polyline points="{}" fill="none" stroke="currentColor" '
        'stroke-width="2"></polyline><g fill="currentColor">{}</g></svg>',
        text,
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        path,
        dots,
    )


@register.filter
def figure(value: float | None, places: int = 1) -> str:
    return "–" if value is None else f"{float(value):,.{int(places)}f}"
