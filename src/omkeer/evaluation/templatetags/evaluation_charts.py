"""Charts of the impact dashboard and the report as inline SVG with presentation attributes only (no style
attribute, no script: the pages' CSP holds, and WeasyPrint draws the same SVG in the PDF)."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from omkeer.evaluation.impact import Figure, Juniors
from omkeer.evaluation.stats import Curve

register = template.Library()

INK, MUTED, ACCENT, OTHER, GRID = "#1f2937", "#6b7280", "#0f766e", "#b45309", "#e5e7eb"
FONT = 'font-family="sans-serif" font-size="10"'


def _svg(width: int, height: int, body: list[str], label: str, kind: str = "chart-svg") -> SafeString:
    return mark_safe(  # noqa: S308 - every text in `body` went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{kind}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">{"".join(body)}</svg>'
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = MUTED) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" {FONT}>{escape(text)}</text>'


def _number(value: float) -> str:
    return f"{value:.1f}" if abs(value) < 100 else f"{value:.0f}"


@register.filter
def pvalue(value: float | None) -> str:
    """A p-value with its sign, as people read it: "= 0.004", "< 0.001" below that, "–" when there is none."""
    if value is None:
        return "–"
    return "< 0.001" if value < 0.001 else f"= {value:.3f}"


@register.simple_tag
def trend_chart(figure: Figure) -> SafeString:
    """The figure over time (periods, or intake → half-way → end), with its baseline and target as dashed lines."""
    points = figure.trend
    if not points:
        return mark_safe("")
    width, height, left, right, top, bottom = 420, 150, 36, 12, 12, 28
    values = [v for _l, v in points] + [v for v in (figure.baseline, figure.target) if v is not None]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad

    def y(value: float) -> float:
        return top + (high - value) / (high - low) * (height - top - bottom)

    def x(index: int) -> float:
        step = (width - left - right) / max(1, len(points) - 1)
        return left + (index * step if len(points) > 1 else (width - left - right) / 2)

    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="{GRID}"/>']
    for value, name, colour in ((figure.baseline, _("baseline"), MUTED), (figure.target, _("target"), ACCENT)):
        if value is not None:
            body.append(
                f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" '
                f'stroke="{colour}" stroke-dasharray="4 3"/>'
            )
            body.append(_text(width - right, y(value) - 3, f"{name} {_number(value)}", anchor="end", fill=colour))
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for i, (_l, v) in enumerate(points))
    body.append(f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="2"/>')
    for i, (name, value) in enumerate(points):
        body.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{INK}"/>')
        body.append(_text(x(i), y(value) - 6, _number(value), anchor="middle", fill=INK))
        if len(points) <= 12 or i % max(1, len(points) // 6) == 0:
            anchor = "start" if i == 0 and len(points) > 1 else "end" if i == len(points) - 1 and i else "middle"
            body.append(_text(x(i), height - bottom + 14, name, anchor=anchor))
    return _svg(width, height, body, _("%(label)s over time") % {"label": figure.label})


@register.simple_tag
def paired_chart(figure: Figure) -> SafeString:
    """How many people gave each score before (grey) and after (accent): the paired distributions."""
    before, after = figure.before_counts, figure.after_counts
    if not after:
        return mark_safe("")
    width, height, left, bottom, top = 420, 150, 24, 30, 14
    most = max([c for _p, c in before] + [c for _p, c in after] + [1])
    slot = (width - left) / len(after)
    bar = slot * 0.35
    body = []
    for i, (point, count) in enumerate(after):
        x0 = left + i * slot + slot * 0.12
        for j, (n, colour) in enumerate(((before[i][1] if before else 0, MUTED), (count, ACCENT))):
            if j == 0 and not before:
                continue
            h = (height - top - bottom) * n / most
            body.append(
                f'<rect x="{x0 + j * bar:.1f}" y="{height - bottom - h:.1f}" width="{bar - 2:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
            if n:
                body.append(_text(x0 + j * bar + bar / 2 - 1, height - bottom - h - 3, str(n), anchor="middle"))
        body.append(_text(x0 + bar, height - bottom + 13, str(point), anchor="middle", fill=INK))
    legend = [(_("before"), MUTED), (_("after"), ACCENT)] if before else [(_("answers"), ACCENT)]
    for k, (name, colour) in enumerate(legend):
        body.append(f'<rect x="{left + k * 80}" y="{height - 11}" width="9" height="9" fill="{colour}"/>')
        body.append(_text(left + k * 80 + 13, height - 3, name))
    return _svg(width, height, body, _("Distribution of answers: %(label)s") % {"label": figure.label})


@register.simple_tag
def share_bar(figure: Figure) -> SafeString:
    """A share from 0 to 100 % with its 95 % interval as a whisker."""
    if figure.value is None:
        return mark_safe("")
    width, height = 300, 22
    scale = (width - 2) / 100
    body = [
        f'<rect x="1" y="5" width="{width - 2}" height="12" fill="{GRID}"/>',
        f'<rect x="1" y="5" width="{figure.value * scale:.1f}" height="12" fill="{ACCENT}"/>',
    ]
    if figure.ci is not None:
        lo, hi = 1 + figure.ci.low * scale, 1 + figure.ci.high * scale
        body.append(f'<line x1="{lo:.1f}" y1="11" x2="{hi:.1f}" y2="11" stroke="{INK}" stroke-width="1.5"/>')
        body += [
            f'<line x1="{v:.1f}" y1="6" x2="{v:.1f}" y2="16" stroke="{INK}" stroke-width="1.5"/>' for v in (lo, hi)
        ]
    return _svg(width, height, body, f"{figure.label}: {figure.value:.0f} %", "chart-bar")


@register.simple_tag
def progress_bar(figure: Figure) -> SafeString:
    """Baseline → now → target on one line."""
    progress = figure.progress
    if progress is None:
        return mark_safe("")
    width, height = 300, 14
    done = max(0.0, min(1.0, progress))
    body = [
        f'<rect x="0" y="3" width="{width}" height="8" fill="{GRID}"/>',
        f'<rect x="0" y="3" width="{done * width:.1f}" height="8" fill="{ACCENT if progress >= 1 else INK}"/>',
    ]
    label = _("%(share)d %% of the way to the target") % {"share": round(100 * progress)}
    return _svg(width, height, body, label, "chart-bar")


def _steps(curve: Curve, values: Sequence[float], x: object, y: object) -> str:
    xs, ys = curve.times, values
    parts = [f"M{x(xs[0]):.1f},{y(ys[0]):.1f}"]  # type: ignore[operator]
    for i in range(1, len(xs)):
        parts.append(f"H{x(xs[i]):.1f} V{y(ys[i]):.1f}")  # type: ignore[operator]
    return " ".join(parts)


@register.simple_tag
def survival_chart(juniors: Juniors) -> SafeString:
    """Kaplan–Meier curves: the share still employed, day by day from the start, for both groups, with bands."""
    width, height, left, right, top, bottom = 420, 170, 36, 12, 10, 34
    end = max(1, juniors.followed_days)
    floor = min([0.5] + [min(g.curve.low) for g in (juniors.mentors, juniors.comparison) if g.curve and g.curve.low])

    def x(day: float) -> float:
        return left + min(day, end) / end * (width - left - right)

    def y(value: float) -> float:
        return top + (1 - value) / (1 - floor) * (height - top - bottom)

    body = [f'<line x1="{left}" y1="{y(floor):.1f}" x2="{width - right}" y2="{y(floor):.1f}" stroke="{GRID}"/>']
    for value in (1.0, floor + (1 - floor) / 2, floor):
        body.append(_text(left - 4, y(value) + 3, f"{100 * value:.0f}%", anchor="end"))
    for k, (group, colour) in enumerate(((juniors.mentors, ACCENT), (juniors.comparison, OTHER))):
        curve = group.curve
        if curve is None or not curve.times:
            continue
        times = [*curve.times, float(end)]
        extended = Curve(
            curve.n,
            curve.events,
            times,
            [*curve.survival, curve.survival[-1]],
            [*curve.low, curve.low[-1]],
            [*curve.high, curve.high[-1]],
        )
        body.append(
            f'<path d="{_steps(extended, extended.high, x, y)}" fill="none" stroke="{colour}" '
            f'stroke-opacity="0.35" stroke-dasharray="2 2"/>'
        )
        body.append(
            f'<path d="{_steps(extended, extended.low, x, y)}" fill="none" stroke="{colour}" '
            f'stroke-opacity="0.35" stroke-dasharray="2 2"/>'
        )
        body.append(
            f'<path d="{_steps(extended, extended.survival, x, y)}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        body.append(f'<rect x="{left + k * 160}" y="{height - 11}" width="9" height="9" fill="{colour}"/>')
        body.append(_text(left + k * 160 + 13, height - 3, f"{group.label} (n = {group.n})"))
    for month in range(0, juniors.followed_months + 1, 3):
        body.append(_text(x(month * 30.4), height - bottom + 13, _("%(n)d mo") % {"n": month}, anchor="middle"))
    return _svg(width, height, body, _("Share still employed since the start"))
