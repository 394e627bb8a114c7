"""The bar chart of rates by issuer: a PNG drawn with matplotlib for .docx (only with a font
that has Chinese characters: never boxes in place of the labels) and an inline SVG for .html."""

import html
import io
from functools import cache

from normdocs.reports.model import NO_RATE, Chart

# Families with Chinese characters that office PCs and Linux distributions ship, in the order
# they are preferred.
CHINESE_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
COLOURS = ("#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#4bacc6")


class NoChineseFont(Exception):
    """No installed font can draw the chart's Chinese labels."""


# Files of those families, looked for when matplotlib's cached list of fonts has none of them:
# the cache is made at its first use and does not see fonts installed after it.
CHINESE_FILES = (
    "CJK",
    "SourceHan",
    "wqy",
    "DroidSansFallback",
    "simhei",
    "simsun",
    "msyh",
    "uming",
)


@cache
def chinese_font() -> str | None:
    """The first installed family of CHINESE_FAMILIES that matplotlib can use, or None."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _first_family(manager)
    if found is None:
        for path in font_manager.findSystemFonts():
            if any(part.lower() in path.lower() for part in CHINESE_FILES):
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = _first_family(manager)
    return found


def _first_family(manager: object) -> str | None:
    installed = {entry.name for entry in manager.ttflist}  # type: ignore[attr-defined]
    return next((family for family in CHINESE_FAMILIES if family in installed), None)


def rate_chart_png(chart: Chart) -> bytes:
    """A grouped bar chart of the rates (0–100 %) by issuer; a rate without denominator is no
    bar and is marked "—". Raises NoChineseFont when the labels cannot be drawn."""
    family = chinese_font()
    if family is None:
        raise NoChineseFont()
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    figure = Figure(figsize=(7.2, 4.0), dpi=150)
    axes = figure.add_subplot()
    count = max(len(chart.series), 1)
    width = 0.8 / count
    positions = range(len(chart.categories))
    for index, series in enumerate(chart.series):
        xs = [p - 0.4 + width * (index + 0.5) for p in positions]
        heights = [0.0 if v is None else v * 100 for v in series.values]
        bars = axes.bar(xs, heights, width, label=series.name, color=COLOURS[index % len(COLOURS)])
        for bar, value in zip(bars, series.values, strict=True):
            text = NO_RATE if value is None else f"{value * 100:.0f}"
            axes.annotate(
                text,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=7,
                family=family,
            )
    axes.set_xticks(list(positions), list(chart.categories), family=family, fontsize=8)
    axes.set_ylim(0, 112)
    axes.yaxis.set_major_formatter(PercentFormatter())
    axes.set_title(chart.title, family=family, fontsize=11)
    axes.legend(
        prop={"family": family, "size": 8},
        ncols=len(chart.series),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        frameon=False,
    )
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    # No software or date in the metadata: the same figures give the same bytes.
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def rate_chart_svg(chart: Chart) -> str:
    """The same chart as inline SVG; the browser draws the labels with its own fonts."""
    left, top, plot_h, group_w = 48, 30, 220, max(90, 40 * len(chart.series))
    width = left + group_w * max(len(chart.categories), 1) + 20
    height = top + plot_h + 90
    count = max(len(chart.series), 1)
    bar_w = (group_w - 20) / count
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{html.escape(chart.title)}" class="chart">',
        f'<text x="{width / 2}" y="18" text-anchor="middle" class="chart-title">'
        f"{html.escape(chart.title)}</text>",
    ]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * tick / 100
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{tick}%</text>')
    for g, category in enumerate(chart.categories):
        x0 = left + g * group_w + 10
        for s, series in enumerate(chart.series):
            value = series.values[g]
            x = x0 + s * bar_w
            h = 0 if value is None else plot_h * value
            label = NO_RATE if value is None else f"{value * 100:.0f}"
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                f"<title>{html.escape(category)} {html.escape(series.name)} {label}</title></rect>"
            )
            parts.append(
                f'<text x="{x + bar_w / 2 - 1:.1f}" y="{top + plot_h - h - 3:.1f}" '
                f'text-anchor="middle" class="value">{label}</text>'
            )
        parts.append(
            f'<text x="{x0 + (group_w - 20) / 2:.1f}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{html.escape(category)}</text>'
        )
    legend_y = top + plot_h + 44
    for s, series in enumerate(chart.series):
        x = left + s * 100
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{COLOURS[s % len(COLOURS)]}"/>'
        )
        parts.append(f'<text x="{x + 16}" y="{legend_y}">{html.escape(series.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
