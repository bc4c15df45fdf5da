"""The one-page briefing: the current view as an A4 PDF a journalist or an analyst can file.

It carries the answer exactly as the dashboard gives it (read from the :class:`~tradetarget.scenario.Outlook`,
never recomputed): the verdict per source with its latest figure and date, the one-sentence answer, the overview
chart as vector graphics, the KPIs, the pledge ledger's verdicts, the sources with their links, the view's link
and the data date. The page is HTML and CSS laid out by WeasyPrint; the chart is kaleido's SVG, which WeasyPrint
draws as vector paths and text (no screenshot). It prints in black and white: in the page's copy of the chart the
sources differ by marker and dash as well as by colour.
"""

from __future__ import annotations

import base64
import ctypes.util
import functools
import html
import importlib.util
import re
from datetime import date

import plotly.graph_objects as go

from tradetarget import charts, export, ledger
from tradetarget.answer import SOURCE_NAMES, target_name
from tradetarget.data import Dataset
from tradetarget.scenario import Outlook

TITLE = "China–Kazakhstan trade: the target tracker"
CHART_WIDTH, CHART_HEIGHT = 1000, 455
"""The chart's layout size in the PDF: it fills the text width (180 mm), so 14 px text prints at about 7.5 pt."""
PDF_DEPS_HINT = (
    "The PDF briefing needs WeasyPrint and Pango. On Debian/Ubuntu run "
    "`sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0` (scripts/setup.sh does it)."
)
DASHES = {"GACC": ("solid", "dash"), "BNS": ("dot", "dashdot")}
"""Per source: the dash of the actual line and of the projection, so the sources differ without colour."""
LINE_KEY = {"GACC": "GACC: round markers, solid line, dashed projection.",
            "BNS": "BNS: square markers, dotted line, dash-dot projection."}
SQUARE = {"circle": "square", "circle-open": "square-open", "circle-open-dot": "square-open-dot"}


class BriefingUnavailable(RuntimeError):
    """WeasyPrint (or the Pango library it draws text with) is missing."""


@functools.cache
def missing_deps() -> str | None:
    """Why a briefing cannot be made here (WeasyPrint or Pango missing), or None; checked without importing
    WeasyPrint, which takes a moment."""
    if importlib.util.find_spec("weasyprint") is None:
        return f"WeasyPrint is not installed (`pip install -e .`). {PDF_DEPS_HINT}"
    if not (ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0")):
        return PDF_DEPS_HINT
    return None


def print_figure(chart: charts.Chart) -> go.Figure:
    """A copy of the overview chart for the page: sized for the text width, without the footer the page states
    in full, and black-and-white friendly (BNS with square markers and dotted lines, GACC round and solid)."""
    spec = chart.figure.to_dict()
    layout = spec["layout"]
    layout["annotations"] = [a for a in layout.get("annotations", ())
                             if not str(a.get("text", "")).startswith("Sources")]  # the page names them
    layout.update(width=CHART_WIDTH, height=CHART_HEIGHT)
    layout.pop("title", None)  # the page sets the chart's title and subtitle as text above it (chart_heading)
    layout["margin"] = {"b": 40, "t": 16, "l": 64, "r": 20}
    # the legend above the plot, in rows: inside it would cover the early years and the target's label
    layout["legend"] = {**layout.get("legend", {}), "orientation": "h", "x": 0, "xanchor": "left", "y": 1.02,
                        "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0)", "font": {"size": 12}}
    fig = go.Figure(spec)
    for trace in fig.data:
        group = getattr(trace, "legendgroup", None)
        if group not in DASHES:
            continue
        actual, projection = DASHES[group]
        is_projection = "projection" in (trace.name or "")
        trace.line.dash = projection if is_projection else actual
        symbols = trace.marker.symbol
        if group == "BNS" and symbols is not None and not is_projection:
            symbols = [symbols] if isinstance(symbols, str) else list(symbols)
            trace.marker.symbol = [SQUARE.get(s, s) for s in symbols]
    return fig


def chart_heading(chart: charts.Chart) -> tuple[str, str]:
    """The chart's title and subtitle as plain text, for the page to set above the chart."""
    title = chart.figure.layout.title
    plain = lambda text: re.sub(r"<[^>]+>", "", text or "")  # noqa: E731
    return plain(title.text), plain(title.subtitle.text if title.subtitle else "")


def chart_svg(chart: charts.Chart) -> bytes:
    """The page's chart as SVG (the warm kaleido browser)."""
    return export.svg_bytes(print_figure(chart), CHART_WIDTH, CHART_HEIGHT)


def _e(text) -> str:
    return html.escape(str(text))


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{_e(url)}">{_e(text or url)}</a>'


def source_links(dataset: Dataset, outlook: Outlook) -> list[tuple[str, str]]:
    """(label, URL) of every figure the view's chart draws, one entry per page (its years listed), then the
    target's own source."""
    links: list[tuple[str, str]] = []
    for source in outlook.view.sources:
        annual = dataset.annual(source)
        by_url: dict[str, list[str]] = {}
        for year, url in zip(annual["year"], annual["url"], strict=True):
            if isinstance(url, str) and url:
                by_url.setdefault(url, []).append(str(int(year)))
        links.extend((f"{source} {', '.join(years)}", url) for url, years in by_url.items())
    url = outlook.target.get("url")
    if isinstance(url, str) and url:
        links.append((f"Target ({target_name(outlook.target)})", url))
    return links


def _kpis(outlook: Outlook) -> str:
    rows = []
    for source, a in outlook.answers.items():
        at = a.deadline_value
        if a.deadline is None:
            deadline = "no deadline"
        elif at is None:
            deadline = "—"
        else:
            deadline = f"${at[0]:.1f}bn" + (" (actual)" if at[1] else " (projected)")
        rows.append(
            f"<tr><th>{_e(source)}</th><td>${a.latest_value:.1f}bn ({a.latest_year}, {_e(a.latest_status)})</td>"
            f"<td>{_e(a.when())}</td><td>{_e(a.required())}</td><td>{_e(deadline)}</td></tr>")
    by = "" if outlook.deadline is None else f" by {outlook.deadline}"
    at = "the deadline" if outlook.deadline is None else str(outlook.deadline)
    return ("<table class='kpi'><thead><tr><th></th><th>Latest annual figure</th>"
            f"<th>${outlook.target_usd_bn:g}bn reached</th><th>Growth required{_e(by)}</th>"
            f"<th>Value in {_e(at)}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _ledger(dataset: Dataset, outlook: Outlook) -> str:
    view = outlook.view
    grid = ledger.verdict_matrix(dataset, view.as_of, view.sources)
    head = "".join(f"<th>{_e(c)}</th>" for c in grid.columns)
    body = "".join(
        f"<tr><th>{_e(target)}</th>{''.join(f'<td>{_e(v)}</td>' for v in row)}</tr>"
        for target, row in zip(grid.index, grid.itertuples(index=False), strict=True))
    return f"<table class='ledger'><thead><tr><th>Target</th>{head}</tr></thead><tbody>{body}</tbody></table>"


CSS = """
@page { size: A4 portrait; margin: 9mm 13mm 8mm 13mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 7.4pt; color: #222;
       line-height: 1.22; margin: 0; }
h1 { font-size: 14.5pt; margin: 0 0 1mm 0; }
h2 { font-size: 8.6pt; margin: 2.2mm 0 0.8mm 0; text-transform: uppercase; letter-spacing: 0.04em; color: #444; }
.meta { color: #555; margin: 0 0 1.6mm 0; }
.verdicts { display: flex; gap: 3mm; }
.verdict { flex: 1; border: 0.4pt solid #888; border-left: 2.2pt solid #222; padding: 1.2mm 2mm; }
.verdict b { font-size: 8.4pt; }
.verdict .v { font-size: 8.4pt; margin: 0.6mm 0; }
.verdict .f { color: #555; }
.answer { border: 0.8pt solid #222; background: #f2f2f2; padding: 1.3mm 2.2mm; margin: 1.6mm 0 1mm 0;
          font-size: 8.2pt; }
img.chart { width: 100%; display: block; margin: 0.6mm 0 0 0; }
.charttitle { margin: 1.6mm 0 0 0; font-size: 8.6pt; }
.charttitle span { font-size: 7.2pt; color: #555; }
.caption { color: #555; margin: 0.6mm 0 0 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.5mm 1.4mm; border-bottom: 0.3pt solid #bbb; }
thead th { border-bottom: 0.8pt solid #222; font-weight: bold; }
table.ledger { font-size: 6.6pt; }
table.ledger td, table.ledger th { padding: 0.3mm 1.2mm; }
table.ledger tbody th { width: 24%; }
ul.sources { margin: 0; padding: 0; list-style: none; columns: 2; column-gap: 5mm; font-size: 6.2pt; }
ul.sources li { margin: 0 0 0.3mm 0; overflow-wrap: anywhere; }
a { color: #0645ad; text-decoration: none; }
.foot { margin-top: 2mm; padding-top: 1mm; border-top: 0.4pt solid #888; color: #444; overflow-wrap: anywhere; }
"""


def briefing_html(dataset: Dataset, outlook: Outlook, chart: charts.Chart, svg: bytes, url: str | None = None,
                  day: date | None = None) -> str:
    """The page as HTML: everything read from ``outlook`` (the same sentences as the dashboard)."""
    day = day or date.today()
    view = outlook.view
    verdicts = "".join(
        f"<div class='verdict'><b>{_e(a.name)}</b><div class='v'>{_e(a.verdict().capitalize())}.</div>"
        f"<div class='f'>{_e(a.freshness())}</div></div>" for a in outlook.answers.values())
    problems = "".join(f"<p class='caption'>{_e(s)}: {_e(p)}</p>" for s, p in outlook.problems.items()
                       if s not in outlook.answers)
    start = f"as projected from {view.base_year} (what-if)" if outlook.what_if else "from each source's latest figure"
    names = " and ".join(SOURCE_NAMES[s] for s in view.sources)
    image = base64.b64encode(svg).decode("ascii")
    heading, subheading = chart_heading(chart)
    key = " ".join(LINE_KEY[s] for s in view.sources)
    sources = "".join(f"<li>{_e(label)}: {_link(link)}</li>" for label, link in source_links(dataset, outlook))
    reopen = (f"Reopen this view: {_link(url)}" if url else
              "Reopen this view: open the dashboard and set the sidebar to the scenario above.")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(TITLE)}: briefing</title>
<meta name="description" content="{_e(outlook.briefing)}"><style>{CSS}</style></head><body>
<h1>{_e(TITLE)}</h1>
<p class="meta">Has the ${outlook.target_usd_bn:g}bn target been reached, and when at
{view.growth_pct:+g}% a year {_e(start)}? Briefing of {day:%d %b %Y}; data as of {_e(dataset.data_date)}.
Figures of {_e(names)}, given per source and never blended.</p>
<div class="verdicts">{verdicts}</div>{problems}
<div class="answer"><b>In one sentence:</b> {_e(outlook.briefing)}</div>
<p class="charttitle"><b>{_e(heading)}</b><br><span>{_e(subheading)}</span></p>
<img class="chart" alt="{_e(outlook.briefing)}" src="data:image/svg+xml;base64,{image}">
<p class="caption">{_e(outlook.footer)}. {_e(key)} Hollow markers: provisional or uncertain figures.</p>
<h2>At {view.growth_pct:+g}% a year</h2>{_kpis(outlook)}
<h2>The pledge ledger, judged on each source's annual figures</h2>{_ledger(dataset, outlook)}
<h2>Sources</h2><ul class="sources">{sources}</ul>
<p class="foot">{reopen}<br>Data as of {_e(dataset.data_date)} (latest source page). Briefing created
{day.isoformat()} from the China–Kazakhstan trade-target tracker.</p>
</body></html>"""


def pdf_bytes(dataset: Dataset, outlook: Outlook, chart: charts.Chart | None = None, url: str | None = None,
              day: date | None = None) -> bytes:
    """The one-page A4 briefing as PDF bytes. ``chart``: the view's overview chart (built here if not given);
    ``url``: the view's address, printed as a link when known."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango is missing
        raise BriefingUnavailable(f"{PDF_DEPS_HINT} ({type(exc).__name__}: {exc})") from exc
    chart = chart if chart is not None else charts.chart_overview(dataset, outlook)
    page = briefing_html(dataset, outlook, chart, chart_svg(chart), url, day)
    return HTML(string=page).write_pdf()
