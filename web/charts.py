"""Charts drawn by the server as inline SVG: no script, no external library.

Every chart has a title and a description for assistive technology; the pages put a data
table beside it for screen readers.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28
# Distinguishable in colour and in print; the legend also names each series.
SERIES_COLOURS = ("#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#b7770e", "#2c3e50")


def _scale(years: list[int], peak: float) -> tuple[float, float]:
    span = max(1, years[-1] - years[0])
    return (WIDTH - LEFT - RIGHT) / span, (HEIGHT - TOP - BOTTOM) / (peak or 1)


def _axes(years: list[int], peak: float, label: str) -> list[str]:
    x_step, _ = _scale(years, peak)
    parts = [
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end">{peak:.2g}</text>',
        f'<text class="tick" x="{LEFT - 4}" y="{HEIGHT - BOTTOM}" text-anchor="end">0</text>',
        f'<text class="tick" x="{LEFT + 4}" y="{TOP + 8}">{escape(label)}</text>',
    ]
    decades = [y for y in range(years[0] - years[0] % 10, years[-1] + 1, 10) if y >= years[0]]
    for year in sorted({years[0], *decades, years[-1]}):
        x = LEFT + (year - years[0]) * x_step
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle">{year}</text>'
        )
    return parts


def line_chart(
    series: dict[str, dict[int, float]], years: list[int], *, title: str, label: str
) -> Markup:
    """Several series over the same years, one line and one dot a year each, with a legend."""
    if not years:
        return Markup("")
    peak = max((v for values in series.values() for v in values.values()), default=0.0)
    x_step, y_step = _scale(years, peak)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(label)}, {years[0]}–{years[-1]}; the table below '
        "gives every value.</desc>",
        *_axes(years, peak, label),
    ]
    for number, (name, values) in enumerate(series.items()):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        points = [
            (LEFT + (y - years[0]) * x_step, HEIGHT - BOTTOM - values.get(y, 0.0) * y_step, y)
            for y in years
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for x, y, year in points:
            value = values.get(year, 0.0)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3 if value else 1.5}" fill="{colour}">'
                f"<title>{escape(name)} {year}: {value:g}</title></circle>"
            )
        parts.append(
            f'<text class="legend" x="{LEFT + 8}" y="{TOP + 26 + 16 * number}" '
            f'fill="{colour}"{_lang(name)}>{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _lang(text: str) -> str:
    """A lang attribute for Chinese text, so that it is drawn with Chinese glyphs."""
    return ' lang="zh-Hans"' if any("\u3400" <= c <= "\u9fff" for c in text) else ""
