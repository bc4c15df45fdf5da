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

from tradetarget import charts, export, headline, ledger, sources, upload
from tradetarget.answer import target_name
from tradetarget.data import Dataset
from tradetarget.i18n import DEFAULT_LANG, messages
from tradetarget.scenario import Outlook

TITLE = "China–Kazakhstan trade: the target tracker"
"""The English title; the page takes it from the catalogue (``export.briefing.title``) in its language."""
CHART_WIDTH, CHART_HEIGHT = 1000, 455
"""The chart's layout size in the PDF: it fills the text width (180 mm), so 14 px text prints at about 7.5 pt."""
PDF_DEPS_HINT = (
    "The PDF briefing needs WeasyPrint and Pango. On Debian/Ubuntu run "
    "`sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0` (scripts/setup.sh does it)."
)
DASHES = {"GACC": ("solid", "dash"), "BNS": ("dot", "dashdot")}
"""Per source: the dash of the actual line and of the projection, so the sources differ without colour."""
LINE_KEY = {"GACC": "export.briefing.line_key.GACC", "BNS": "export.briefing.line_key.BNS"}
"""Per source: the catalogue key of how its lines print ("GACC: round markers, solid line, dashed projection.")."""
PROJECTION_MARK = "x-thin"
"""The projection's marker on paper (× marks), named by the caption (``export.briefing.line_key.*``)."""
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
                             if not export._is_footer(a)]  # the page names the sources
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
        is_projection = trace.meta == "projection"
        trace.line.dash = projection if is_projection else actual
        if is_projection:  # on paper a projection differs from the figures by its marks too, not by colour only
            trace.mode = "lines+markers"
            trace.marker = {"symbol": PROJECTION_MARK, "size": 6, "color": trace.line.color,
                            "line": {"width": 1.2, "color": trace.line.color}}
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


def _lang(outlook: Outlook, lang: str | None) -> str:
    return lang or getattr(outlook.view, "lang", DEFAULT_LANG)


def source_links(dataset: Dataset, outlook: Outlook, lang: str | None = None) -> list[sources.SourceLink]:
    """Every page the view's chart draws a figure from, one entry per page (its years listed), then the target's
    own source; each with the kind of page it is (``source_kind``): the list prints them grouped by kind, and the
    group of weak pages is headed "Weak sources"."""
    lang = _lang(outlook, lang)
    t = messages(lang)
    links: list[sources.SourceLink] = []
    for source in outlook.view.sources:
        annual = dataset.annual(source)
        kinds = annual["source_kind"] if "source_kind" in annual else [sources.UPLOADED] * len(annual)
        by_url: dict[tuple[str, str], list[str]] = {}
        for year, url, kind in zip(annual["year"], annual["url"], kinds, strict=True):
            if isinstance(url, str) and url:
                graded = kind if kind in sources.KINDS else sources.UPLOADED
                by_url.setdefault((url, graded), []).append(str(int(year)))
        links.extend(sources.SourceLink(f"{source} {', '.join(years)}", url, kind)
                     for (url, kind), years in by_url.items())
    url = outlook.target.get("url")
    if isinstance(url, str) and url:
        kind = sources.kind_of(outlook.target)
        links.append(sources.SourceLink(t("export.briefing.target_link", name=target_name(outlook.target, lang)),
                                        url, kind))
    return links


def _sources_list(dataset: Dataset, outlook: Outlook, lang: str) -> str:
    """The sources list's items, grouped by kind of page, official first, each group headed by its kind (the
    heading leads the group's first item, which keeps a Russian page on one sheet)."""
    return "".join(
        "".join(f"<li>{f'<b>{_e(sources.group_heading(kind, lang))}</b> ' if i == 0 else ''}"
                f"{_e(link.label)}: {_link(link.url)}</li>" for i, link in enumerate(links))
        for kind, links in sources.by_kind(source_links(dataset, outlook, lang)))


def _status(t, status: str) -> str:
    key = f"export.briefing.status.{status}"
    return t(key) if t.has(key) else status


def _kpis(outlook: Outlook, lang: str = DEFAULT_LANG) -> str:
    t = messages(lang)
    rows = []
    for source, a in outlook.answers.items():
        at = a.deadline_value
        if a.deadline is None:
            deadline = t("export.briefing.no_deadline")
        elif at is None:
            deadline = "—"
        else:
            deadline = t("export.briefing.actual" if at[1] else "export.briefing.projected", value=t.money(at[0]))
        latest = t("export.briefing.latest", value=t.money(a.latest_value), year=str(a.latest_year),
                   status=_status(t, str(a.latest_status)))
        rows.append(
            f"<tr><th>{_e(source)}</th><td>{_e(latest)}</td>"
            f"<td>{_e(a.when())}</td><td>{_e(a.required())}</td><td>{_e(deadline)}</td></tr>")
    target = t.money(outlook.target_usd_bn, digits=None)
    required = (t("export.briefing.head.required") if outlook.deadline is None else
                t("export.briefing.head.required_by", year=str(outlook.deadline)))
    at = (t("export.briefing.head.value_at_deadline") if outlook.deadline is None else
          t("export.briefing.head.value_in", year=str(outlook.deadline)))
    return (f"<table class='kpi'><thead><tr><th></th><th>{_e(t('export.briefing.head.latest'))}</th>"
            f"<th>{_e(t('export.briefing.head.reached', target=target))}</th><th>{_e(required)}</th>"
            f"<th>{_e(at)}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _verdict_matrix(dataset: Dataset, outlook: Outlook, lang: str):
    view = outlook.view
    if lang == DEFAULT_LANG:
        return ledger.verdict_matrix(dataset, view.as_of, view.sources)
    try:  # the ledger's words in the page's language, once ledger.verdict_matrix takes a lang
        return ledger.verdict_matrix(dataset, view.as_of, view.sources, lang=lang)
    except TypeError:
        return ledger.verdict_matrix(dataset, view.as_of, view.sources)


def _ledger(dataset: Dataset, outlook: Outlook, lang: str = DEFAULT_LANG) -> str:
    t = messages(lang)
    grid = _verdict_matrix(dataset, outlook, lang)
    head = "".join(f"<th>{_e(c)}</th>" for c in grid.columns)
    body = "".join(
        f"<tr><th>{_e(target)}</th>{''.join(f'<td>{_e(v)}</td>' for v in row)}</tr>"
        for target, row in zip(grid.index, grid.itertuples(index=False), strict=True))
    return (f"<table class='ledger'><thead><tr><th>{_e(t('export.briefing.head.target'))}</th>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


CSS = """
@page { size: A4 portrait; margin: 9mm 13mm 8mm 13mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", "Noto Sans SC", sans-serif;
       font-size: 7.4pt; color: #222;
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
.answer.headline { font-weight: bold; font-size: 8.8pt; background: #fff; }
.answer.upload { border: 1.2pt solid #b35900; background: #fff4e5; font-weight: bold; }
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
CJK_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "DejaVu Sans", sans-serif; }
h2 { text-transform: none; letter-spacing: 0; }
"""
"""Chinese pages: Noto Sans CJK SC first (Debian fonts-noto-cjk), so Latin and Hanzi share one face; DejaVu Sans
(which has every Kazakh letter) stays first for the other languages."""


FIT_CSS = (
    "",
    """body { font-size: 7pt; } table.ledger { font-size: 6.2pt; } ul.sources { font-size: 5.9pt; }
img.chart { width: 92%; margin-left: auto; margin-right: auto; }""",
    """body { font-size: 6.6pt; line-height: 1.18; } table.ledger { font-size: 5.9pt; } ul.sources { font-size: 5.6pt; }
h2 { margin: 1.6mm 0 0.6mm 0; } img.chart { width: 84%; margin-left: auto; margin-right: auto; }""",
    """body { font-size: 6.2pt; line-height: 1.15; } table.ledger { font-size: 5.5pt; }
ul.sources { font-size: 5.2pt; columns: 3; } h2 { margin: 1.2mm 0 0.5mm 0; }
img.chart { width: 74%; margin-left: auto; margin-right: auto; }""",
)
"""Tighter settings, tried in turn until the page fits on one sheet: Russian and Kazakh run 30–50% longer than
English. English fits at the first."""


def _sentence(t, text: str) -> str:
    """A verdict as a sentence: capital first letter and the language's full stop ("Met in 2023." / "已实现。")."""
    if t.lang == DEFAULT_LANG:
        return f"{text.capitalize()}."
    return t.full_stop(text[:1].upper() + text[1:])


def briefing_html(dataset: Dataset, outlook: Outlook, chart: charts.Chart, svg: bytes, url: str | None = None,
                  day: date | None = None, lang: str | None = None, fit: int = 0) -> str:
    """The page as HTML: everything read from ``outlook`` (the same sentences as the dashboard), in ``lang``
    (default: the view's). ``fit`` > 0 sets the page tighter (:data:`FIT_CSS`), for text that runs longer."""
    lang = _lang(outlook, lang)
    t = messages(lang)
    day = day or date.today()
    view = outlook.view
    verdicts = "".join(
        f"<div class='verdict'><b>{_e(a.name)}</b><div class='v'>{_e(_sentence(t, a.verdict()))}</div>"
        f"<div class='f'>{_e(a.freshness())}</div></div>" for a in outlook.answers.values())
    problems = "".join(f"<p class='caption'>{_e(s)}: {_e(p)}</p>" for s, p in outlook.problems.items()
                       if s not in outlook.answers)
    start = (t("export.briefing.start.whatif", year=str(view.base_year)) if outlook.what_if else
             t("export.briefing.start.latest"))
    names = t.join([t(f"source.{s}") for s in view.sources])
    image = base64.b64encode(svg).decode("ascii")
    heading, subheading = chart_heading(chart)
    key = ("" if lang == "zh" else " ").join(t(LINE_KEY[s]) for s in view.sources)
    links = _sources_list(dataset, outlook, lang)
    reopen = (t("export.briefing.reopen", link="\0") if url else t("export.briefing.reopen_unknown"))
    reopen = _e(reopen).replace("\0", _link(url)) if url else _e(reopen)
    title = t("export.briefing.title")
    rate = t.pct(view.growth_pct, 0 if float(view.growth_pct).is_integer() else 1, sign=True)
    if lang == DEFAULT_LANG:
        rate = f"{view.growth_pct:+g}%"
    dates = headline.dates_words(dataset.data_dates(view.sources, view.as_of), lang)
    meta = t("export.briefing.meta", target=t.money(outlook.target_usd_bn, digits=None), rate=rate, start=start,
             day=t.date(day), data_date=dates, names=names)
    caption = t("export.briefing.caption", footer=outlook.footer, key=key)
    foot = t("export.briefing.foot", data_date=dates, day=t.date(day))
    css = CSS + (CJK_CSS if lang == "zh" else "") + FIT_CSS[min(fit, len(FIT_CSS) - 1)]
    note = upload.notice(dataset, lang)  # uploaded figures in use: said right under the headline
    if dataset.known_on is not None:  # a past view says so first (issue 22)
        note = " ".join(part for part in (t("asof.banner", date=t.date(dataset.known_on)), note) if part)
    uploaded = f'\n<div class="answer upload">{_e(note)}</div>' if note else ""
    return f"""<!doctype html>
<html lang="{_e(lang)}"><head><meta charset="utf-8"><title>{_e(t("export.briefing.doc_title", title=title))}</title>
<meta name="description" content="{_e(outlook.briefing)}"><style>{css}</style></head><body>
<h1>{_e(title)}</h1>
<div class="answer headline">{_e(outlook.headline)}</div>{uploaded}
<p class="meta">{_e(meta)}</p>
<div class="verdicts">{verdicts}</div>{problems}
<div class="answer">{_e(t("headline.scenario", text=outlook.scenario_text))}</div>
<p class="charttitle"><b>{_e(heading)}</b><br><span>{_e(subheading)}</span></p>
<img class="chart" alt="{_e(outlook.briefing)}" src="data:image/svg+xml;base64,{image}">
<p class="caption">{_e(caption)}</p>
<h2>{_e(t("export.briefing.h.at_rate", rate=rate))}</h2>{_kpis(outlook, lang)}
<h2>{_e(t("export.briefing.h.ledger"))}</h2>{_ledger(dataset, outlook, lang)}
<h2>{_e(t("export.briefing.h.sources"))}</h2><ul class="sources">{links}</ul>
<p class="foot">{reopen}<br>{_e(foot)}</p>
</body></html>"""


def pdf_bytes(dataset: Dataset, outlook: Outlook, chart: charts.Chart | None = None, url: str | None = None,
              day: date | None = None, lang: str | None = None) -> bytes:
    """The one-page A4 briefing as PDF bytes. ``chart``: the view's overview chart (built here if not given);
    ``url``: the view's address, printed as a link when known; ``lang``: the page's language (default: the
    view's)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango is missing
        raise BriefingUnavailable(f"{PDF_DEPS_HINT} ({type(exc).__name__}: {exc})") from exc
    chart = chart if chart is not None else charts.chart_overview(dataset, outlook)
    svg = chart_svg(chart)
    for fit in range(len(FIT_CSS)):
        document = HTML(string=briefing_html(dataset, outlook, chart, svg, url, day, lang, fit)).render()
        if len(document.pages) == 1:
            break
    return document.write_pdf()
