"""Bar charts drawn as SVG when the site is built: no JavaScript, an accessible name and a text alternative,
and the same figures in a table beside each chart.

A chart is drawn for whatever width it is given, not scaled from a fixed drawing: it has no viewBox, its
heights are in pixels and its widths are shares of the chart's width. Each label sits on its own line
above its bar, so a long service name never squeezes the bars, and every text keeps the stylesheet's
size (at least 12 px) on a 390 px phone as on a desktop screen."""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

LINE, BAR, GAP = 20, 18, 12  # pixels: the label's line, the bar under it, the space before the next row
LONGEST = 70  # the widest bar, as a share (%) of the chart's width: room after it for the value


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, float | None, str]], rtl: bool = False
) -> Markup:
    """rows: (label, value or None when not published, the value as the reader sees it). The text
    alternative lists every label with its value, as the reader sees them. In a right-to-left language the
    bars grow from the right, with the labels above their right ends (the stylesheet draws every chart
    left to right, so the positions here are the whole of the mirroring)."""
    description = "; ".join(f"{label}: {shown}" for label, _, shown in rows)
    largest = max((value for _, value, _ in rows if value), default=1) or 1
    row_height = LINE + BAR + GAP
    height = len(rows) * row_height
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="100%" height="{height}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value, shown) in enumerate(rows):
        top = index * row_height
        width = 0.0 if not value else max(0.5, LONGEST * value / largest)
        bar_y, value_y = top + LINE, top + LINE + BAR - 4
        if rtl:
            parts.append(f'<text x="100%" y="{top + LINE - 5}" text-anchor="end">{escape(label)}</text>')
            start = f"{100 - width:.1f}%"
            parts.append(
                f'<rect x="{start}" y="{bar_y}" width="{width:.1f}%" height="{BAR}" class="chart-bar"/>'
            )
            value_at = f"{99 - width:.1f}%"
            parts.append(f'<text x="{value_at}" y="{value_y}" text-anchor="end">{escape(shown)}</text>')
            continue
        parts.append(f'<text x="0" y="{top + LINE - 5}">{escape(label)}</text>')
        parts.append(f'<rect x="0" y="{bar_y}" width="{width:.1f}%" height="{BAR}" class="chart-bar"/>')
        parts.append(f'<text x="{width + 1:.1f}%" y="{value_y}">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
