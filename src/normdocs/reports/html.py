"""Reports as one self-contained HTML page: no external script, font, style or image (a
Content-Security-Policy forbids them), so the page works offline and from a file:// URL; the
catalogue's search box and filters by issuer and year run in the page; readable on a phone."""

import html
from datetime import date
from typing import Any

from normdocs.reports.cells import shown_in_file
from normdocs.reports.chart import rate_chart_svg
from normdocs.reports.model import (
    ChartBlock,
    Heading,
    PageBreak,
    Paragraph,
    Report,
    Table,
    TableBlock,
    official_date,
)

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

STYLE = """
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 1100px; padding: 1rem; font-family: "FangSong", "仿宋",
  "Noto Serif CJK SC", "Songti SC", serif; line-height: 1.6; color: #111; background: #fff; }
h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.6rem;
  text-align: center; color: #b00; margin: .5rem 0; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 1.15rem; }
.subtitle { text-align: center; margin: 0 0 1rem; }
p { text-indent: 2em; margin: .4rem 0; }
p.left { text-indent: 0; } p.right { text-align: right; } p.center { text-align: center; }
.placeholder { background: #fff3a0; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem; margin: .8rem 0; align-items: center; }
.controls input, .controls select { font-size: 1rem; padding: .35rem .5rem; border: 1px solid #888;
  border-radius: 4px; }
.controls input { flex: 1 1 16rem; min-width: 0; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { border: 1px solid #999; padding: .3rem .45rem; vertical-align: top; }
th { background: #eef2f7; font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; }
td.num { text-align: right; white-space: nowrap; }
caption { font-weight: bold; margin: .6rem 0 .3rem; }
.chart { width: 100%; max-width: 900px; height: auto; font-size: 12px; font-family: sans-serif; }
.chart .grid { stroke: #ddd; } .chart .chart-title { font-size: 15px; font-weight: bold; }
.chart .value { font-size: 10px; }
footer { margin-top: 1rem; font-size: .85rem; color: #555; text-align: center; }
@media (max-width: 700px) {
  body { padding: .6rem; }
  table.cards thead { display: none; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%;
    box-sizing: border-box; }
  table.cards tr { border: 1px solid #999; margin-bottom: .6rem; }
  table.cards td { border: none; border-bottom: 1px solid #eee; }
  table.cards td::before { content: attr(data-label) "："; font-weight: bold; }
  .wide { overflow-x: auto; }
}
"""

CATALOG_SCRIPT = """
(function () {
  var search = document.getElementById("q");
  var issuer = document.getElementById("issuer");
  var year = document.getElementById("year");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#catalog tbody tr"));
  function fold(s) { return s.toLowerCase().replace(/\\s+/g, ""); }
  var texts = rows.map(function (r) { return fold(r.textContent); });
  function apply() {
    var term = fold(search.value), who = issuer.value, when = year.value, count = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!term || texts[i].indexOf(term) >= 0) &&
        (!who || r.getAttribute("data-issuers").indexOf("|" + who + "|") >= 0) &&
        (!when || r.getAttribute("data-year") === when);
      r.hidden = !ok;
      if (ok) count++;
    }
    shown.textContent = String(count);
  }
  search.addEventListener("input", apply);
  issuer.addEventListener("change", apply);
  year.addEventListener("change", apply);
  apply();
})();
"""


def _e(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return official_date(value)
    return shown_in_file(str(value))


def _page(title: str, body: list[str], script: str = "") -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        *body,
    ]
    if script:
        parts.append(f"<script>{script}</script>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _marked(text: str) -> str:
    """Escaped text with the placeholders a person must fill highlighted."""
    import re

    from normdocs.reports.model import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN

    pattern = re.escape(PLACEHOLDER_OPEN) + ".*?" + re.escape(PLACEHOLDER_CLOSE)
    out, position = [], 0
    for match in re.finditer(pattern, text):
        out.append(_e(text[position : match.start()]))
        out.append(f'<span class="placeholder">{_e(match.group())}</span>')
        position = match.end()
    out.append(_e(text[position:]))
    return "".join(out)


def _table(table: Table, caption: str | None = None, *, cards: bool = False) -> str:
    klass = ' class="cards"' if cards else ""
    rows = [f'<div class="wide"><table{klass}>']
    if caption:
        rows.append(f"<caption>{_e(caption)}</caption>")
    rows.append("<thead><tr>" + "".join(f"<th>{_e(c.label)}</th>" for c in table.columns))
    rows.append("</tr></thead><tbody>")
    for values in table.rows:
        cells = "".join(
            f'<td data-label="{_e(c.label)}"'
            + (' class="num"' if isinstance(v, int | float) else "")
            + f">{_e(v)}</td>"
            for c, v in zip(table.columns, values, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    rows.append("</tbody></table></div>")
    return "\n".join(rows)


def report_page(report: Report) -> str:
    """Any report's paper as a page: headings, paragraphs, tables, the chart as SVG."""
    body = [f"<h1>{_e(report.title)}</h1>"]
    if report.subtitle:
        body.append(f'<p class="subtitle">{_e(report.subtitle)}</p>')
    for block in report.blocks:
        if isinstance(block, Heading):
            body.append(f"<h2>{_e(block.text)}</h2>")
        elif isinstance(block, Paragraph):
            klass = "" if block.align == "body" else f' class="{block.align}"'
            body.append(f"<p{klass}>{_marked(block.text)}</p>")
        elif isinstance(block, TableBlock):
            body.append(_table(block.table, block.caption))
        elif isinstance(block, ChartBlock):
            body.append(rate_chart_svg(block.chart))
        elif isinstance(block, PageBreak):
            body.append("<hr>")
    body.append(f"<footer>normdocs · {_e(report.as_of)}</footer>")
    return _page(report.title, body)


def catalog_page(report: Report) -> str:
    """The catalogue for the website: a search box, filters by issuer and year, one row per
    document (a card on a phone)."""
    table = report.tables[0]
    documents = report.data["documents"]
    issuers = sorted(
        {d["issuer"] for d in documents} | {n for d in documents for n in d["co_issuers"]}
    )
    years = sorted(
        {d["promulgated_on"].year for d in documents if d["promulgated_on"]}, reverse=True
    )
    body = [f"<h1>{_e(report.title)}</h1>"]
    if report.subtitle:
        body.append(f'<p class="subtitle">{_e(report.subtitle)}</p>')
    body.append('<div class="controls">')
    body.append(
        '<input id="q" type="search" placeholder="输入文件名称或文号查找" aria-label="查找">'
    )
    body.append('<select id="issuer" aria-label="制定机关"><option value="">全部制定机关</option>')
    body += [f'<option value="{_e(n)}">{_e(n)}</option>' for n in issuers]
    body.append("</select>")
    body.append('<select id="year" aria-label="公布年份"><option value="">全部年份</option>')
    body += [f'<option value="{y}">{y}年</option>' for y in years]
    body.append("</select>")
    body.append(f'<span>显示 <b id="shown">{len(documents)}</b> / {len(documents)} 件</span>')
    body.append("</div>")
    body.append('<div class="wide"><table id="catalog" class="cards">')
    body.append("<thead><tr>" + "".join(f"<th>{_e(c.label)}</th>" for c in table.columns))
    body.append("</tr></thead><tbody>")
    for values, doc in zip(table.rows, documents, strict=True):
        names = "|" + "|".join([doc["issuer"], *doc["co_issuers"]]) + "|"
        year = doc["promulgated_on"].year if doc["promulgated_on"] else ""
        cells = "".join(
            f'<td data-label="{_e(c.label)}">{_e(v)}</td>'
            for c, v in zip(table.columns, values, strict=True)
        )
        body.append(f'<tr data-issuers="{_e(names)}" data-year="{year}">{cells}</tr>')
    body.append("</tbody></table></div>")
    body.append(f"<footer>{_e(report.subtitle or '')} normdocs</footer>")
    return _page(report.title, body, CATALOG_SCRIPT)
