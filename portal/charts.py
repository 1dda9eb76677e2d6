"""Bar charts drawn as SVG when the site is built: no JavaScript, an accessible name and a text alternative,
and the same figures in a table beside each chart."""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

WIDTH, BAR, GAP, LABEL = 720, 24, 8, 330


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, float | None, str]]) -> Markup:
    """rows: (label, value or None when not published, the value as the reader sees it). The text
    alternative lists every label with its value, as the reader sees them."""
    description = "; ".join(f"{label}: {shown}" for label, _, shown in rows)
    largest = max((value for _, value, _ in rows if value), default=1) or 1
    height = len(rows) * (BAR + GAP) + GAP
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, value, shown) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        width = 0 if not value else max(2, (WIDTH - LABEL - 90) * value / largest)
        baseline = f"{y + BAR * 0.7:.0f}"
        label_at, value_at = LABEL - 8, f"{LABEL + width + 6:.1f}"
        parts.append(f'<text x="{label_at}" y="{baseline}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" class="chart-bar"/>')
        parts.append(f'<text x="{value_at}" y="{baseline}">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
