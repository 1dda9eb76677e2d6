"""Bar charts drawn as SVG when the site is built: no JavaScript, an accessible name and a text alternative,
and the same figures in a table beside each chart.

A chart is drawn for whatever width it is given, not scaled from a fixed drawing: it has no viewBox, its
heights are in pixels and its widths are shares of the chart's width. Each label sits on its own lines
above its bar (as tall as the language's script needs, wrapped when it is long), so a long service name
never squeezes the bars nor runs out of the chart, and every text keeps the stylesheet's size (at least
12 px) on a 390 px phone as on a desktop screen."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

BAR, GAP = 18, 12  # pixels: the bar under a label, the space before the next row
LONGEST = 70  # the widest bar, as a share (%) of the chart's width: room after it for the value


@dataclass(frozen=True)
class LabelLine:
    """A label's line for a language's fonts, in pixels at the stylesheet's 15 px, measured in Chromium
    (tests/portal/test_browser_walk.py checks every language): the tallest text box above the baseline and
    below it, plus a pixel; how far in from the chart's edge a label starts, for the strokes that reach
    past its first letter; and the characters that fit in 300 px, so that a longer label is wrapped onto
    more lines rather than cut off by the chart (an SVG clips what is outside it, and its text never wraps
    by itself)."""

    above: int = 17
    below: int = 5
    inset: int = 0
    characters: int = 38


# Nastaliq (Urdu, line-height 2.2 in the stylesheet) is twice as tall above the baseline as Latin script,
# its strokes reach 7 px past the line's start; Naskh (Arabic, Farsi) reaches twice as far below it, and
# Gujarati and Tamil a little further.
LABEL_LINES = {
    "ur": LabelLine(32, 12, 8, 42),
    "ar": LabelLine(17, 12, 2, 48),
    "fa": LabelLine(17, 12, 2, 48),
    "gu": LabelLine(below=7, characters=44),
    "ta": LabelLine(below=7, characters=32),
}


def _label(label: str, x: str, y: int, fit: LabelLine, rtl: bool) -> str:
    """A label on as many lines as it needs, each at x, the first with its baseline at y."""
    lines = textwrap.wrap(label, fit.characters, break_long_words=False, break_on_hyphens=False) or [""]
    anchor = ' text-anchor="end"' if rtl else ""
    inset = f' dx="{-fit.inset if rtl else fit.inset}"' if fit.inset else ""
    if len(lines) == 1:
        return f'<text x="{x}" y="{y}"{anchor}{inset}>{escape(label)}</text>'
    spans = "".join(
        f'<tspan x="{x}"{inset} dy="{0 if n == 0 else fit.above + fit.below}">{escape(text)}</tspan>'
        for n, text in enumerate(lines)
    )
    return f'<text y="{y}"{anchor}>{spans}</text>'


def bar_chart(
    chart_id: str, title: str, rows: list[tuple[str, float | None, str]], rtl: bool = False, lang: str = "en"
) -> Markup:
    """rows: (label, value or None when not published, the value as the reader sees it). The text
    alternative lists every label with its value, as the reader sees them. In a right-to-left language the
    bars grow from the right, with the labels above their right ends (the stylesheet draws every chart
    left to right, so the positions here are the whole of the mirroring)."""
    description = "; ".join(f"{label}: {shown}" for label, _, shown in rows)
    largest = max((value for _, value, _ in rows if value), default=1) or 1
    fit = LABEL_LINES.get(lang, LabelLine())
    line = fit.above + fit.below
    heights = [
        len(textwrap.wrap(label, fit.characters, break_long_words=False, break_on_hyphens=False) or [""])
        * line
        for label, _, _ in rows
    ]
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="100%" height="{sum(heights) + len(rows) * (BAR + GAP)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    top = 0
    for (label, value, shown), labels in zip(rows, heights, strict=True):
        width = 0.0 if not value else max(0.5, LONGEST * value / largest)
        bar_y, value_y, label_y = top + labels, top + labels + BAR - 4, top + fit.above
        top += labels + BAR + GAP
        if rtl:
            parts.append(_label(label, "100%", label_y, fit, rtl))
            start = f"{100 - width:.1f}%"
            parts.append(
                f'<rect x="{start}" y="{bar_y}" width="{width:.1f}%" height="{BAR}" class="chart-bar"/>'
            )
            value_at = f"{99 - width:.1f}%"
            parts.append(f'<text x="{value_at}" y="{value_y}" text-anchor="end">{escape(shown)}</text>')
            continue
        parts.append(_label(label, "0", label_y, fit, rtl))
        parts.append(f'<rect x="0" y="{bar_y}" width="{width:.1f}%" height="{BAR}" class="chart-bar"/>')
        parts.append(f'<text x="{width + 1:.1f}%" y="{value_y}">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
