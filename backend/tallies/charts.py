"""Charts drawn on the server as SVG: bars people read at a glance on a phone, no script and
no outside library. Each chart names itself for screen readers; the page prints its figures
as a table beside it.

Pure: labels and values in, SVG text out. Every text from outside goes in through
`Markup.format`, which escapes it."""

from collections.abc import Sequence

from markupsafe import Markup

from backend.vnformat import decimal, grouped

BAR = "#1f6feb"
TEXT = "#1b1f24"
MUTED = "#57606a"
FONT = Markup('font-family="system-ui, sans-serif"')


def _number(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return decimal(value, 1)
    return grouped(int(value))


def bars(items: Sequence[tuple[str, float]], *, title: str, suffix: str = "") -> Markup:
    """Horizontal bars, one row per item (label above its bar, value at its end)."""
    row, width, label_room = 34, 320, 16
    height = max(len(items), 1) * row + 8
    top = max((value for _, value in items), default=0) or 1
    parts = [_open("chart-bars", width, height, title)]
    for i, (label, value) in enumerate(items):
        y = i * row + 4
        length = max(value / top * (width - 70), 1 if value else 0)
        shown = f"{_number(value)}{suffix}"
        parts.append(Markup('<text x="0" y="{}" font-size="11" fill="{}" {}>{}</text>').format(
            y + 11, TEXT, FONT, _short(label, 52)))
        parts.append(Markup('<rect x="0" y="{}" width="{:.1f}" height="12" rx="2" fill="{}">'
                            "<title>{}: {}</title></rect>").format(
            y + label_room - 2, length, BAR, label, shown))
        parts.append(Markup('<text x="{:.1f}" y="{}" font-size="11" fill="{}" {}>{}</text>')
                     .format(length + 4, y + label_room + 8, MUTED, FONT, shown))
    return Markup("").join([*parts, Markup("</svg>")])


def columns(items: Sequence[tuple[str, float]], *, title: str) -> Markup:
    """Vertical columns over time or over scores, labels under every few columns."""
    width, height, base, left = 320, 160, 130, 28
    count = max(len(items), 1)
    step = (width - left) / count
    top = max((value for _, value in items), default=0) or 1
    every = max(1, round(count / 8))
    parts = [_open("chart-columns", width, height, title),
             Markup('<text x="0" y="10" font-size="10" fill="{}" {}>{}</text>').format(
                 MUTED, FONT, _number(top)),
             Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="0.5"/>')
             .format(left, base, width, base, MUTED)]
    for i, (label, value) in enumerate(items):
        x = left + i * step
        bar = value / top * (base - 14)
        parts.append(Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" '
                            'fill="{}"><title>{}: {}</title></rect>').format(
            x + step * 0.1, base - bar, max(step * 0.8, 0.5), bar, BAR, label, _number(value)))
        if i % every == 0:
            parts.append(Markup('<text x="{:.1f}" y="{}" font-size="9" text-anchor="middle" '
                                'fill="{}" {}>{}</text>').format(
                x + step / 2, base + 14, MUTED, FONT, _short(label, 8)))
    return Markup("").join([*parts, Markup("</svg>")])


def _open(kind: str, width: int, height: int, title: str) -> Markup:
    return Markup('<svg class="chart {}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
                  'xmlns="http://www.w3.org/2000/svg"><title>{}</title>').format(
        kind, width, height, title, title)


def _short(text: str, room: int) -> str:
    return text if len(text) <= room else text[:room - 1] + "…"
