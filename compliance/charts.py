"""Pictures drawn on the server as inline SVG: no script, no CDN, the same markup in the admin
and in the PDFs (WeasyPrint renders inline SVG).

Each function takes words already translated by its caller and data as plain values; every
value is escaped (``format_html``). The shapes carry classes (``bar``, ``cell``, ``day``,
``event``, ``span``) so that tests count them and CSS can restyle them; colours are inline so
that a PDF needs no stylesheet. This module knows no feature.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe & Ito), one colour per series.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999",
    "#004D80",
    "#8C5E00",
    "#00664A",
    "#7A3D66",
)
ALARM = "#B00020"  # unlawful, overdue: never a palette colour
NEUTRAL = "#BBB"  # not assessed
FONT = 'font-family="sans-serif" font-size="12"'


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _svg(element_id: str, title: str, width: int, height: int, body: str) -> SafeString:
    return format_html(
        '<svg id="{}" class="dpo-chart" role="img" aria-labelledby="{}-title" '
        'viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg" {}><title id="{}-title">{}</title>{}</svg>',
        element_id,
        element_id,
        width,
        height,
        width,
        height,
        mark_safe(FONT),  # noqa: S308 - a constant
        element_id,
        title,
        mark_safe(body),  # noqa: S308 - built by format_html below
    )


def stacked_bars(
    *,
    element_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, str]],
    values: Mapping[tuple[str, str], int],
    empty: str,
    colours: Mapping[str, str] | None = None,
) -> SafeString:
    """Horizontal stacked bars: one row per category, one segment per series with a value.

    ``series`` is (key, label); ``values`` maps (category, series key) to a count. A legend
    lists the series; each segment has its own tooltip ("label: n"). ``colours`` fixes the
    colour of some series by key (e.g. red for "unlawful"); the others take the palette's.
    """
    fixed = dict(colours or {})
    fills = {key: fixed.get(key) or colour(i) for i, (key, _label) in enumerate(series)}
    label_width, bar_width, row, top = 150, 420, 24, 8
    totals = [sum(values.get((c, k), 0) for k, _ in series) for c in categories]
    biggest = max(totals, default=0)
    parts: list[str] = []
    if not categories or biggest == 0:
        parts.append(format_html('<text class="empty" x="8" y="20">{}</text>', empty))
        return _svg(element_id, title, label_width + bar_width + 60, 32, "".join(parts))
    for i, category in enumerate(categories):
        y = top + i * row
        parts.append(
            format_html(
                '<text class="category" x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 6,
                y + 15,
                category,
            )
        )
        x = float(label_width)
        for key, label in series:
            n = values.get((category, key), 0)
            if not n:
                continue
            w = round(bar_width * n / biggest, 1)
            parts.append(
                format_html(
                    '<rect class="bar" data-series="{}" x="{}" y="{}" width="{}" '
                    'height="{}" fill="{}"><title>{}: {}</title></rect>',
                    key,
                    x,
                    y + 2,
                    w,
                    row - 6,
                    fills[key],
                    label,
                    n,
                )
            )
            x = round(x + w, 1)
        parts.append(
            format_html('<text class="total" x="{}" y="{}">{}</text>', x + 4, y + 15, totals[i])
        )
    legend_y = top + len(categories) * row + 8
    legend, lines = _legend(
        series, legend_y, label_width, label_width + bar_width + 50, [fills[k] for k, _l in series]
    )
    parts.append(legend)
    height = legend_y + 20 * lines + 8
    return _svg(element_id, title, label_width + bar_width + 60, height, "".join(parts))


def text_width(text: str) -> float:
    """A rough width in pixels at 12 px: wide (CJK) characters take about twice a Latin one."""
    return sum(12.0 if ord(ch) > 0x2E80 else 6.8 for ch in text)


def _legend(
    series: Sequence[tuple[str, str]], y: int, x0: int, right: int, fills: Sequence[str]
) -> tuple[str, int]:
    """The series' colours and labels, flowing onto further lines: (markup, number of lines)."""
    placed = []
    x: float = x0
    line = 0
    for i, (_key, label) in enumerate(series):
        width = 14 + text_width(label) + 18
        if x > x0 and x + width > right:
            x, line = x0, line + 1
        placed.append((round(x), y + line * 20, fills[i], round(x) + 14, y + 9 + line * 20, label))
        x += width
    markup = format_html_join(
        "",
        '<g class="legend-item"><rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
        '<text x="{}" y="{}">{}</text></g>',
        placed,
    )
    return str(markup), line + 1 if series else 0


@dataclass(frozen=True)
class Cell:
    text: str
    tooltip: str
    tone: int  # index into PALETTE; -1 for a neutral cell


def matrix(
    *,
    element_id: str,
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[int, int], Cell],
    corner: str,
) -> SafeString:
    """A row × column grid; ``cells`` maps (row index, column index) to a filled cell."""
    label_width, size, head = 150, 34, 110
    parts = [format_html('<text class="corner" x="4" y="{}">{}</text>', head - 6, corner)]
    for j, name in enumerate(columns):
        x = label_width + j * size + size // 2
        parts.append(
            format_html(
                '<text class="column" transform="translate({},{}) rotate(-60)">{}</text>',
                x + 4,
                head - 4,
                name,
            )
        )
    for i, name in enumerate(rows):
        y = head + i * size
        parts.append(
            format_html(
                '<text class="row" x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 6,
                y + size // 2 + 4,
                name,
            )
        )
        for j in range(len(columns)):
            x = label_width + j * size
            cell = cells.get((i, j))
            if i == j:
                parts.append(
                    format_html(
                        '<rect class="self" x="{}" y="{}" width="{}" height="{}" fill="#eee"/>',
                        x,
                        y,
                        size,
                        size,
                    )
                )
            elif cell is None:
                parts.append(
                    format_html(
                        '<rect class="blank" x="{}" y="{}" width="{}" height="{}" fill="none" '
                        'stroke="#ddd"/>',
                        x,
                        y,
                        size,
                        size,
                    )
                )
            else:
                parts.append(
                    format_html(
                        '<g class="cell"><rect x="{}" y="{}" width="{}" height="{}" fill="{}" '
                        'stroke="#fff"><title>{}</title></rect><text x="{}" y="{}" '
                        'text-anchor="middle" fill="#fff">{}</text></g>',
                        x,
                        y,
                        size,
                        size,
                        colour(cell.tone) if cell.tone >= 0 else "#999",
                        cell.tooltip,
                        x + size / 2,
                        y + size / 2 + 4,
                        cell.text,
                    )
                )
    width = label_width + len(columns) * size + 20
    height = head + len(rows) * size + 10
    return _svg(element_id, title, width, height, "".join(parts))


@dataclass(frozen=True)
class DayEntry:
    label: str
    url: str
    tone: int  # PALETTE index; 5 (vermilion) for overdue
    short: str = ""  # what the day's box shows (the label when empty); the label is the tooltip


def month_calendar(
    *,
    element_id: str,
    title: str,
    year: int,
    month: int,
    weekdays: Sequence[str],
    entries: Mapping[date, Sequence[DayEntry]],
    today: date,
    more: str,
) -> SafeString:
    """A month grid (weeks from Monday); each day lists up to three entries as links."""
    cell_w, cell_h, head, shown = 150, 84, 22, 3
    parts = [
        format_html(
            '<text class="weekday" x="{}" y="15" text-anchor="middle">{}</text>',
            i * cell_w + cell_w // 2,
            name,
        )
        for i, name in enumerate(weekdays)
    ]
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    for w, week in enumerate(weeks):
        for d, day in enumerate(week):
            x, y = d * cell_w, head + w * cell_h
            inside = day.month == month
            parts.append(
                format_html(
                    '<g class="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}" '
                    'stroke="{}" stroke-width="{}"/><text x="{}" y="{}" fill="{}">{}</text>',
                    "day" if inside else "other-day",
                    x,
                    y,
                    cell_w,
                    cell_h,
                    "#fff" if inside else "#f6f6f6",
                    "#417690" if day == today else "#ccc",
                    2 if day == today else 1,
                    x + 4,
                    y + 14,
                    "#333" if inside else "#aaa",
                    day.day,
                )
            )
            listed = list(entries.get(day, ())) if inside else []
            for k, entry in enumerate(listed[:shown]):
                parts.append(
                    format_html(
                        '<a class="entry" href="{}"><rect x="{}" y="{}" width="{}" height="17" '
                        'rx="3" fill="{}"/><text x="{}" y="{}" fill="#fff" font-size="11">{}'
                        "</text><title>{}</title></a>",
                        entry.url,
                        x + 3,
                        y + 19 + k * 20,
                        cell_w - 6,
                        colour(entry.tone),
                        x + 6,
                        y + 31 + k * 20,
                        _clip(entry.short or entry.label, 24),
                        entry.label,
                    )
                )
            if len(listed) > shown:
                parts.append(
                    format_html(
                        '<text class="more" x="{}" y="{}" font-size="11">{}</text>',
                        x + cell_w - 6 - 40,
                        y + 14,
                        more % {"n": len(listed) - shown},
                    )
                )
            parts.append(mark_safe("</g>"))
    height = head + len(weeks) * cell_h + 2
    return _svg(element_id, title, 7 * cell_w + 2, height, "".join(parts))


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass(frozen=True)
class Span:
    start: date
    end: date
    label: str
    tone: int
    lane: int


@dataclass(frozen=True)
class Mark:
    on: date
    label: str
    kind: str  # a class: "event", "lead-change", "today"


def timeline(
    *,
    element_id: str,
    title: str,
    start: date,
    end: date,
    lanes: Sequence[str],
    spans: Sequence[Span],
    marks: Sequence[Mark],
) -> SafeString:
    """Dated marks on a time axis above lanes of spans (e.g. an authority's lead, a clock)."""
    label_width, width, axis_y, lane_h = 250, 700, 40, 26
    days = max((end - start).days, 1)

    def x_of(day: date) -> float:
        return round(label_width + width * max(0, min((day - start).days, days)) / days, 1)

    parts: list[str] = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#666"/>',
            label_width,
            axis_y,
            label_width + width,
            axis_y,
        )
    ]
    for year in range(start.year, end.year + 1):
        tick = date(year, 1, 1)
        if start <= tick <= end:
            parts.append(
                format_html(
                    '<g class="tick"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>'
                    '<text x="{}" y="{}" text-anchor="middle">{}</text></g>',
                    x_of(tick),
                    axis_y - 4,
                    x_of(tick),
                    axis_y + 4 + lane_h * len(lanes),
                    x_of(tick),
                    axis_y - 8,
                    year,
                )
            )
    for i, name in enumerate(lanes):
        parts.append(
            format_html(
                '<text class="lane" x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 6,
                axis_y + 18 + i * lane_h,
                name,
            )
        )
    for span in spans:
        x1, x2 = x_of(span.start), x_of(span.end)
        y = axis_y + 6 + span.lane * lane_h
        parts.append(
            format_html(
                '<g class="span"><rect x="{}" y="{}" width="{}" height="{}" rx="3" '
                'fill="{}" opacity="0.85"><title>{}: {} – {}</title></rect>'
                '<text x="{}" y="{}" fill="#fff" font-size="11">{}</text></g>',
                x1,
                y,
                max(x2 - x1, 3),
                lane_h - 8,
                colour(span.tone),
                span.label,
                span.start.isoformat(),
                span.end.isoformat(),
                x1 + 3,
                y + 13,
                span.label if x2 - x1 > 60 else "",
            )
        )
    bottom = axis_y + lane_h * len(lanes) + 8
    for k, mark in enumerate(marks):
        x = x_of(mark.on)
        stroke = {"lead-change": "#D55E00", "today": "#417690"}.get(mark.kind, "#333")
        parts.append(
            format_html(
                '<g class="{}"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-dasharray="{}"/><circle cx="{}" cy="{}" r="4" fill="{}"/>'
                "<title>{}: {}</title></g>",
                mark.kind,
                x,
                axis_y,
                x,
                bottom,
                stroke,
                "4 3" if mark.kind != "event" else "1 3",
                x,
                axis_y,
                stroke,
                mark.on.isoformat(),
                mark.label,
            )
        )
        if mark.kind != "event":
            parts.append(
                format_html(
                    '<text class="{}-label" x="{}" y="{}" fill="{}" font-size="11">{}</text>',
                    mark.kind,
                    x + 3,
                    bottom + 12 + (k % 2) * 13,
                    stroke,
                    mark.label,
                )
            )
    height = bottom + 34
    return _svg(element_id, title, label_width + width + 20, height, "".join(parts))
