"""Chart builders: each chart is a long-form frame (exactly what is drawn) plus a figure.

``chart_*`` functions return a :class:`Chart`; its ``data`` is what the CSV
export writes and its ``figure`` is drawn from that frame alone. Colours,
fonts and the source/scenario footer live here, so the screen and the PNG
look the same.
"""

from __future__ import annotations

import numbers
import re
import textwrap
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date, format_interval, format_skeleton

from tradetarget import headline, ledger, model, screen, upload, wording
from tradetarget.answer import sentence_join, target_name
from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import BABEL_LOCALES, DEFAULT_LANG, Messages, messages
from tradetarget.scenario import Outlook
from tradetarget.sources import with_weak

COLORS = {"GACC": "#C8102E", "BNS": "#00799E"}
TARGET_COLOR = "#3D3D3D"
CATEGORY_COLORS = {
    "visa": "#6A3D9A",
    "tourism": "#E69F00",
    "summit": "#2B6CB0",
    "infrastructure": "#4D7C0F",
    "target": "#3D3D3D",
}
STATUS_SYMBOL = {"reported": "circle", "provisional": "circle-open", "uncertain": "circle-open-dot"}
FONT = "Inter, Helvetica, Arial, sans-serif"
EXPORT_WIDTH, EXPORT_HEIGHT = 1400, 788
SCREEN_HEIGHT = 560
GAP_NOTE_ROOM, NOTE_LETTER_PX = 760, 5.7
"""The gap chart's notes share a desktop plot's width (a 940 px chart beside the sidebar, less the axes and the
space between notes): each year's note is wrapped to its share, at about 5.7 px a Latin letter (12 px bold)."""
VISA_FREE = date(2023, 11, 10)
_AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "ticks": "", "zerolinecolor": "#EBF0F8",
         "zerolinewidth": 2, "automargin": True, "title": {"standoff": 15}}
TEMPLATE = go.layout.Template({
    "layout": {"paper_bgcolor": "white", "plot_bgcolor": "white", "hovermode": "closest",
               "hoverlabel": {"align": "left"}, "xaxis": _AXIS,
               "yaxis": {**_AXIS, "ticklabelstandoff": 6}},  # the y axis's "0" clear of the first year
    "data": {"bar": [{"marker": {"line": {"color": "white", "width": 0.5},
                                 "pattern": {"fillmode": "overlay", "size": 10, "solidity": 0.2}}}]},
})
"""The parts of plotly's "plotly_white" these charts use, validated once. Naming "plotly_white" makes
plotly deep-copy its whole template (every trace type) for each figure: ~10 ms of a chart's build."""
SEPARATORS = {"ru": ",\u00a0", "kk": ",\u00a0"}
"""plotly's decimal and thousands separators for the numbers it formats itself (ticks, hover), by language."""
CJK = re.compile(r"[\u4e00-\u9fff]")
SEED_DATE = date(2023, 11, 27)
"""The day the seed's "+24% a year" was stated (the backtest's fixed scenario)."""


def _lang(outlook: Outlook | None, lang: str = DEFAULT_LANG) -> str:
    """The language of a chart: the outlook's view's, else ``lang``."""
    return outlook.view.lang if outlook is not None else lang


def _en(t: Messages) -> bool:
    return t.lang == DEFAULT_LANG


@lru_cache(maxsize=8192)
def _money_in(lang: str, bn: float, digits: int | None, unit: bool = True) -> str:
    return messages(lang).money(bn, digits, unit)


def _money(t: Messages, bn: float, digits: int | None = 1, unit: bool = True) -> str:
    """``t.money``, remembered: Babel's compact format costs ~0.3 ms and a chart writes dozens of values."""
    return _money_in(t.lang, round(float(bn), 6), digits, unit)


def _locale(t: Messages) -> str:
    return BABEL_LOCALES[t.lang]


def _rate(t: Messages, pct: float) -> str:
    """A growth rate with its sign: "+24%", "+4,5%", "−7,5%"."""
    return t.rate(pct)


def _day(t: Messages, day: date) -> str:
    """A date in short form: "10 Nov 2023", "10 нояб. 2023 г.", "2023年11月10日"."""
    return t.date(day, "medium")


def _month(t: Messages, day: date) -> str:
    """A month and year: "May 2023", "май 2023 г.", "2023年5月"."""
    return f"{day:%b %Y}" if _en(t) else format_skeleton(_month_form(t), day, locale=_locale(t))


def _month_form(t: Messages) -> str:
    """Babel's month-and-year skeleton: abbreviated months, but whole ones in Kazakh, as its press writes them."""
    return "yMMMM" if t.lang == "kk" else "yMMM"


def _join(t: Messages, items) -> str:
    """Items of a legend entry or footer: "a; b" / "a；b"."""
    return t("charts.list_separator").join(items)


def _status(t: Messages, word) -> str:
    return word if _en(t) else wording.status(word, t.lang)


def _months_axis(t: Messages, x0: date, x1: date, months: int = 6) -> dict:
    """A date axis ticked every ``months`` months as "Jan<br>2024". plotly names months in English only,
    so other languages get the ticks as text ("янв.<br>2024", "2024年<br>1月")."""
    if _en(t):
        return {"dtick": f"M{months}", "tickformat": "%b<br>%Y"}
    ticks, day = [], date(x0.year, 1, 1)
    while day <= x1:
        if day >= x0:
            ticks.append(day)
        month = day.month - 1 + months
        day = date(day.year + month // 12, month % 12 + 1, 1)
    if t.lang == "zh":
        text = [f"{d.year}年<br>{d.month}月" for d in ticks]
    else:
        text = [f"{format_date(d, 'LLL', locale=_locale(t))}<br>{d.year}" for d in ticks]
    return {"tickmode": "array", "tickvals": ticks, "ticktext": text}


def source_line(sources: tuple[str, ...] = SOURCES, lang: str = DEFAULT_LANG) -> str:
    """The data named in words for a slide: the sources of the view, and where their links are."""
    t = messages(lang)
    return t("charts.sources", names=t.join([t(f"source.{s}") for s in sources]))


@dataclass(frozen=True)
class Chart:
    """One dashboard chart: its data, its figure and the file name for exports."""

    key: str
    title: str
    data: pd.DataFrame
    figure: go.Figure
    export_height: int = EXPORT_HEIGHT

    @property
    def filename(self) -> str:
        return f"kz-cn-trade-{self.key}"

    @cached_property
    def screen(self) -> go.Figure:
        """The figure for a desktop page: subtitle and footer go to captions, the legend under the plot."""
        return screen.for_screen(self.figure)

    @cached_property
    def compact(self) -> go.Figure:
        """The figure for a phone (see :mod:`tradetarget.screen`)."""
        return screen.for_screen(self.figure, compact=True)

    @property
    def subtitle(self) -> str:
        return screen.subtitle(self.figure)

    @property
    def footer(self) -> list[str]:
        return screen.footer(self.figure)


def as_lists(value):
    """``value`` with every pandas Series or Index and numpy array in it (at any depth) as a list."""
    if isinstance(value, (pd.Series, pd.Index, np.ndarray)):
        return value.tolist()
    if isinstance(value, dict):
        return {key: as_lists(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [as_lists(inner) for inner in value]
    return value


def _trace(kind: str, **props) -> dict:
    """A trace spec; :func:`_styled` turns its arrays into lists and plotly validates it once there."""
    return {"type": kind, **props}


def _mid_year(year: int) -> date:
    return date(int(year), 7, 1)


def _merge(current: dict, new: dict) -> dict:
    out = dict(current)
    for key, value in new.items():
        old = current.get(key)
        out[key] = _merge(old, value) if isinstance(value, dict) and isinstance(old, dict) else value
    return out


TITLE_WIDTH, TITLE_LINE = 96, 24
"""A title wider than this many Latin letters (bold, at plotly's title size) would run off a desktop chart
(940 px beside the sidebar): it is broken into even lines (:func:`screen.balanced_lines`; fewer Cyrillic
letters, see :func:`screen.budget`)."""
FOOTER_WIDTH = {"en": 190, "ru": 176, "kk": 176, "zh": 190}
"""How many Latin letters' width a footer line may take at export size (Cyrillic letters are wider on average;
:func:`screen.text_width` already counts a Chinese character twice)."""


def _style_props(title: str, subtitle: str, footer_lines: list[str], height: int, lang: str = DEFAULT_LANG) -> dict:
    """The shared look as layout properties: template, fonts, title, height, margins, legend, footer; a chart
    in another language than English says so in ``meta`` and gets its number separators."""
    local = {} if lang == DEFAULT_LANG else {"meta": {"lang": lang}, **({"separators": SEPARATORS[lang]}
                                                                        if lang in SEPARATORS else {})}
    footer_lines = [part for line in footer_lines for part in screen.wrap_lines(line, FOOTER_WIDTH.get(lang, 190))]
    title = "<br>".join(screen.balanced_lines(title, screen.budget(TITLE_WIDTH, lang)))
    return {
        **local,
        "template": TEMPLATE,
        "font": {"family": FONT, "size": 14, "color": "#222"},
        "title": {
            "text": f"<b>{title}</b>",
            "subtitle": {"text": subtitle, "font": {"size": 13, "color": "#555"}},
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 14 + TITLE_LINE * title.count("<br>")},  # plotly puts the last line where one would go
        },
        "height": height,
        "margin": {"l": 70, "r": 30, "t": 118, "b": 84 + 17 * len(footer_lines)},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left",
                   "font": {"size": 12}},
        "hoverlabel": {"font": {"family": FONT}},
        "annotations": [{
            "text": "<br>".join(footer_lines), "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left",
            "yanchor": "top", "yshift": -62, "align": "left", "showarrow": False, "font": {"size": 11, "color": "#555"},
            "name": "footer",
        }],
    }


def _layout(current: dict, annotations: list[dict] = (), shapes: list[dict] = (), **props) -> dict:
    """``current`` updated as plotly's ``update_layout`` would (nested dicts merge, other values replace),
    with ``annotations`` and ``shapes`` appended, on plain dicts."""
    out = _merge(current, props)
    if annotations:
        out["annotations"] = [*current.get("annotations", ()), *annotations]
    if shapes:
        out["shapes"] = [*current.get("shapes", ()), *shapes]
    return out


_AXIS_KEY = re.compile(r"([xy])axis(\d*)")
MONEY_AXIS_KEYS = ("charts.axis.turnover", "charts.axis.usd_bn", "outlook.chart.axis.turnover",
                   "outlook.chart.axis.flows")
"""The axis titles that name the money unit: an axis with one of them is drawn in the language's unit."""


def _money_axes(layout: dict, t: Messages, extra: tuple[str, ...] = ()) -> set[str]:
    """The axes ("y", "y2", "x3": as traces name them) that carry US$ amounts: each titled by one of
    :data:`MONEY_AXIS_KEYS`, each that ``matches`` one of those (side-by-side panels), and ``extra`` (axes with
    no such title)."""
    titles = {t(key) for key in MONEY_AXIS_KEYS}
    axes = {m.group(1) + m.group(2): axis for key, axis in layout.items()
            if (m := _AXIS_KEY.fullmatch(key)) and isinstance(axis, dict)}
    title = lambda axis: axis.get("title") if isinstance(axis.get("title"), str) else \
        (axis.get("title") or {}).get("text")  # noqa: E731
    money = set(extra) | {ref for ref, axis in axes.items() if title(axis) in titles}
    return money | {ref for ref, axis in axes.items() if axis.get("matches") in money}


def _times(value, k: float):
    """``value`` (a number or a list of them, at any depth) times ``k``; text, dates and None as they are."""
    if isinstance(value, list):
        return [_times(v, k) for v in value]
    return value * k if isinstance(value, numbers.Real) and not isinstance(value, bool) else value


def in_money_unit(traces: list[dict], layout: dict, t: Messages, extra: tuple[str, ...] = ()) -> None:
    """Draw the money axes in the language's unit (:attr:`Messages.money_scale`: Chinese 亿美元, billions ×10), in
    place on plain trace and layout dicts: the values of traces on those axes, the axes' ranges and ticks, and the
    shapes and annotations placed in their data units. Everything else, the chart's data (CSV) too, stays in
    billions; hover and labels are written by :meth:`Messages.money` already."""
    k = t.money_scale
    money = _money_axes(layout, t, extra) if k != 1 else set()
    if not money:
        return
    for trace in traces:
        for letter in "xy":
            if trace.get(f"{letter}axis", letter) not in money:
                continue
            trace[letter] = _times(trace.get(letter), k)
            if "base" in trace and (trace.get("orientation") == "h") == (letter == "x"):
                trace["base"] = _times(trace["base"], k)
    for ref in money:
        axis = layout.get(f"{ref[0]}axis{ref[1:]}", {})
        for key in ("range", "tickvals", "dtick", "tick0"):
            if key in axis:
                axis[key] = _times(axis[key], k)
    for item in [*layout.get("shapes", ()), *layout.get("annotations", ())]:
        for letter in "xy":
            ref = item.get(f"{letter}ref", letter)
            if ref not in money:
                continue
            for key in (letter, f"{letter}0", f"{letter}1"):
                if key in item:
                    item[key] = _times(item[key], k)
            if item.get(f"a{letter}ref") == ref and f"a{letter}" in item:
                item[f"a{letter}"] = _times(item[f"a{letter}"], k)


def _styled(traces: list[dict], layout: dict, title: str, subtitle: str, footer_lines: list[str],
            height: int = SCREEN_HEIGHT, lang: str = DEFAULT_LANG, money_axes: tuple[str, ...] = (),
            **after) -> go.Figure:
    """The figure from plain trace and layout dicts, with the shared look (:func:`_style_props`) merged
    over ``layout`` and then ``after`` merged over that, validated by plotly once. Money axes are drawn in the
    language's unit (:func:`in_money_unit`; ``money_axes``: such axes that have no title naming the unit).

    Building a figure call by call (``add_trace``, ``update_xaxes``, ``make_subplots`` ...) validates
    the layout again at every step: two to three times the cost of a chart built for a new slider value.
    """
    style = _style_props(title, subtitle, footer_lines, height, lang)
    layout = _layout(layout, annotations=style.pop("annotations"), **style)
    data, layout = as_lists(traces), as_lists(_layout(layout, **after))
    in_money_unit(data, layout, messages(lang), money_axes)
    return go.Figure(data=data, layout=layout)


def _footer(dataset: Dataset, outlook: Outlook | None, source: str | None = None,
            scenario_line: str | None = None, answer: bool = True, hollow: bool = True,
            lang: str = DEFAULT_LANG) -> list[str]:
    """Footer lines: the sources in words, the scenario and the one-sentence answer (``answer``: charts
    that draw the trade projection), the data date, and the hollow-marker key where there are such markers.
    The language is the outlook's, else ``lang``."""
    lang = _lang(outlook, lang)
    t = messages(lang)
    sources = outlook.view.sources if outlook is not None else SOURCES
    headlined = outlook is not None and answer
    lines = wrapped(outlook.headline, lang) if headlined else []
    lines.append(t.full_stop(source or source_line(sources, lang)))  # a caption joins the lines: each ends a sentence
    if scenario_line is not None:
        lines.append(t.full_stop(scenario_line))
    elif headlined:
        lines.append(t.full_stop(outlook.footer))
    if headlined:  # the headline names each source's data date
        if hollow:
            lines.append(t("charts.footer.hollow"))
    else:
        as_of = outlook.view.as_of if outlook is not None else None
        dated = t.full_stop(t("charts.footer.data_date", date=headline.dates_words(dataset.data_dates(sources, as_of),
                                                                                    lang)))
        lines.append(sentence_join([dated, t("charts.footer.hollow")], lang) if hollow else dated)
    note = upload.notice(dataset, lang)  # the uploaded figures in use: the file and the rows, as every export says
    if note:
        lines.append(sentence_join([note, t("upload.notice.markers")], lang))
    return lines


def user_supplied_keys(dataset: Dataset) -> list[tuple[str, str]]:
    """(source, period) of every uploaded turnover row; empty for the shipped data."""
    frame = dataset.turnover
    if "origin" not in frame:
        return []
    rows = frame[frame["origin"] == "user-supplied"]
    return list(zip(rows["source"], rows["period"], strict=True))


def mark_user_supplied(chart: Chart, dataset: Dataset) -> Chart:
    """The chart with an ``origin`` column ("user-supplied" or "shipped") wherever its rows use turnover figures.

    Rows keyed by source and year get ``origin``; the gap chart's side-by-side columns get
    ``gacc_origin`` and ``bns_origin``. Without an upload the chart is returned unchanged.
    """
    annual = dataset.annual()
    if "origin" not in annual or not (annual["origin"] == "user-supplied").any():
        return chart
    user = {(s, int(y)) for s, y, o in zip(annual["source"], annual["year"], annual["origin"], strict=True)
            if o == "user-supplied"}
    data = chart.data.copy()
    if {"source", "year"} <= set(data.columns):
        data["origin"] = ["user-supplied" if pd.notna(y) and (s, int(y)) in user else "shipped"
                          for s, y in zip(data["source"], data["year"], strict=True)]
    for source in SOURCES:
        if f"{source.lower()}_usd_bn" in data.columns and "year" in data.columns:
            data[f"{source.lower()}_origin"] = ["user-supplied" if pd.notna(y) and (source, int(y)) in user
                                                else "shipped" for y in data["year"]]
    return replace(chart, data=data)


def wrapped(text: str, lang: str, width: int | None = None) -> list[str]:
    """``text`` in lines that fit under a chart: ``width`` in Latin letters (default: the footer's width in
    ``lang``, :data:`FOOTER_WIDTH`, so :func:`_styled` never breaks a line again), a Chinese character counting
    as two and Chinese broken between characters."""
    width = FOOTER_WIDTH.get(lang, 190) if width is None else width
    if lang == DEFAULT_LANG:
        return textwrap.wrap(text, width)
    return screen.wrap_lines(text, width)


def _actual_rows(dataset: Dataset, sources: tuple[str, ...]) -> pd.DataFrame:
    annual = dataset.annual()
    annual = annual[annual["source"].isin(sources)]
    return pd.DataFrame(
        {
            "series": "actual",
            "source": annual["source"],
            "year": annual["year"].astype(int),
            "value_usd_bn": annual["turnover_usd_bn"],
            "status": annual["status"],
            "url": annual["url"],
            "source_kind": annual.get("source_kind", ""),
            "origin": annual.get("origin", "shipped"),
        }
    )


def _symbol(status: str, origin) -> str:
    symbol = STATUS_SYMBOL.get(status, "circle")
    return symbol.replace("circle", "diamond") if origin == "user-supplied" else symbol


def _actual_traces(rows: pd.DataFrame, axes: dict | None = None, legend: bool = True,
                   lang: str = DEFAULT_LANG) -> list[dict]:
    """Actual annual figures; a line joins only consecutive years, so gaps stay gaps. ``axes``: the
    ``xaxis``/``yaxis`` of a panel. Hover values in another language than English are written out (money in
    the language's own unit), not left to plotly's number format."""
    t = messages(lang)
    traces = []
    for source in SOURCES:
        sub = rows[rows["source"] == source].sort_values("year")
        if sub.empty:
            continue
        years = range(int(sub["year"].min()), int(sub["year"].max()) + 1)
        full = sub.set_index("year").reindex(years)
        origins = full.get("origin", pd.Series(index=full.index))
        kinds = full.get("source_kind", pd.Series(index=full.index))  # a weak figure's hover says "weak source"
        if _en(t):
            customdata = [with_weak(f"{s}, {o}" if o == "user-supplied" else s, k, t.lang)
                          for s, o, k in zip(full["status"].fillna(""), origins, kinds, strict=True)]
            value, status = "$%{y:.2f}bn", "%{customdata}"
        else:
            customdata = [[_money(t, v, 2) if pd.notna(v) else "",
                           with_weak(t("charts.status_user", status=_status(t, s)) if o == "user-supplied"
                                     else _status(t, s), k, t.lang)]
                          for v, s, o, k in zip(full["value_usd_bn"], full["status"].fillna(""), origins, kinds,
                                                strict=True)]
            value, status = "%{customdata[0]}", "%{customdata[1]}"
        traces.append(
            _trace("scatter",
                x=[_mid_year(y) for y in years],
                y=full["value_usd_bn"],
                mode="lines+markers",
                connectgaps=False,
                name=t("charts.actual", source=source),
                legendgroup=source,
                showlegend=legend,
                line={"color": COLORS[source], "width": 2.5},
                marker={
                    "size": 10,
                    "color": COLORS[source],
                    "symbol": [_symbol(s, o) for s, o in zip(full["status"].fillna("reported"),
                                                             full.get("origin", pd.Series(index=full.index)),
                                                             strict=True)],
                    "line": {"width": 2, "color": COLORS[source]},
                },
                customdata=customdata,
                hovertemplate=t("charts.hover.actual", source=source, year="%{x|%Y}", value=value, status=status)
                + "<extra></extra>",
                **(axes or {}),
            )
        )
    return traces


def _tourism_name(t: Messages, row) -> str:
    """A tourism year's name for the legend: "Kazakhstan Tourism in China" in English (the legend says "Shaded:"),
    the full official name in the other languages (2024 and 2025 are different years: never swap them)."""
    if _en(t):
        return str(row["title"]).replace("Year of ", "")
    key = f"charts.tourism.{pd.Timestamp(row['start']).year}"
    return t(key) if t.has(key) else wording.milestone_title(row, t.lang)


def _milestone_marks(dataset: Dataset, lang: str = DEFAULT_LANG) -> tuple[dict, list[dict]]:
    """The visa-free date as a dotted line and the tourism years as shaded bands (``shapes``), named in the
    legend rather than by labels inside the plot, which covered data points at some sizes and targets."""
    t = messages(lang)
    shapes = [{"type": "line", "x0": VISA_FREE, "x1": VISA_FREE, "yref": "paper", "y0": 0, "y1": 1,
               "line": {"color": CATEGORY_COLORS["visa"], "width": 2, "dash": "dot"}}]
    keys = [_trace("scatter", x=[None], y=[None], mode="lines", name=t("charts.visa_free", date=_day(t, VISA_FREE)),
                   line={"color": CATEGORY_COLORS["visa"], "width": 2, "dash": "dot"}, hoverinfo="skip")]
    tourism = dataset.milestones[dataset.milestones["category"] == "tourism"]
    for start, end in zip(tourism["start"], tourism["end"], strict=True):
        shapes.append({"type": "rect", "x0": start, "x1": end, "yref": "paper", "y0": 0, "y1": 1,
                       "fillcolor": CATEGORY_COLORS["tourism"], "opacity": 0.12, "line": {"width": 0},
                       "layer": "below"})
    if not tourism.empty:
        names = _join(t, [t("charts.band", name=_tourism_name(t, row), year=str(pd.Timestamp(row["start"]).year))
                          for row in tourism.to_dict("records")])
        keys.append(_trace("scatter", x=[None], y=[None], mode="markers", name=t("charts.shaded", names=names),
                           marker={"symbol": "square", "size": 14, "color": CATEGORY_COLORS["tourism"],
                                   "opacity": 0.35}, hoverinfo="skip"))
    return {"annotations": [], "shapes": shapes}, keys


def chart_overview(dataset: Dataset, outlook: Outlook) -> Chart:
    """Actual turnover for the chosen sources, the projections and the target."""
    t = messages(outlook.view.lang)
    sources = outlook.view.sources
    actual = _actual_rows(dataset, sources)
    projections = [
        model.project(s).assign(series="projection", status="projection", url="")[
            ["series", "source", "year", "value_usd_bn", "status", "url"]
        ]
        for s in outlook.scenarios.values()
    ]
    data = pd.concat([actual, *projections], ignore_index=True)
    target = outlook.target_usd_bn
    last_year = int(data["year"].max())
    first_year = min(int(data["year"].min()), 2010)
    data = pd.concat(
        [
            data,
            pd.DataFrame(
                {
                    "series": "target",
                    "source": "",
                    "year": [first_year, last_year],
                    "value_usd_bn": target,
                    "status": "",
                    "url": outlook.target["url"],
                    "source_kind": outlook.target.get("source_kind", ""),
                }
            ),
        ],
        ignore_index=True,
    )

    steps = ledger.target_steps(dataset)
    data = pd.concat(
        [data, pd.DataFrame({"series": "pledge", "source": "", "year": [d.year for d in steps["announced"]],
                             "value_usd_bn": steps["target_usd_bn"], "status": steps["label"],
                             "url": steps["url"]})],
        ignore_index=True,
    )

    if _en(t):
        pledged = {"customdata": list(steps["label"]),
                   "hovertemplate": t("charts.pledged", target="%{customdata}", date="%{x|%d %b %Y}")}
    else:
        targets = dataset.targets.sort_values("announced")
        pledged = {"customdata": [[target_name(row, t.lang), _day(t, pd.Timestamp(row["announced"]).date())]
                                  for row in targets.to_dict("records")],
                   "hovertemplate": t("charts.pledged", target="%{customdata[0]}", date="%{customdata[1]}")}
    pledged["hovertemplate"] += "<extra></extra>"
    traces = [  # each pledge where and when it was made; a line joining them read as targets being cut
        _trace("scatter",  # the footer's key names each pledge by when it was made, on screen and in every export
            x=list(steps["announced"]), y=list(steps["target_usd_bn"]), mode="markers+text",
            marker={"size": 9, "color": "#9A9A9A", "symbol": "triangle-up"},
            text=[str(n) for n in range(1, len(steps) + 1)], textposition="bottom center",
            textfont={"size": 10, "color": "#6B6B6B"},
            meta={screen.COMPACT_TEXT: [str(n) for n in range(1, len(steps) + 1)]},  # kept on a phone too
            name=t("charts.pledges"),
            **pledged,
        ),
        *_actual_traces(data[data["series"] == "actual"], lang=t.lang),
    ]
    for source, scenario in outlook.scenarios.items():
        proj = data[(data["series"] == "projection") & (data["source"] == source)]
        key = "charts.projection_what_if" if outlook.answers[source].what_if else "charts.projection"
        if _en(t):
            value = {"hovertemplate": t("charts.hover.projection", source=source, year="%{x|%Y}",
                                        value="$%{y:.1f}bn")}
        else:
            value = {"customdata": [_money(t, v, 1) for v in proj["value_usd_bn"]],
                     "hovertemplate": t("charts.hover.projection", source=source, year="%{x|%Y}",
                                        value="%{customdata}")}
        value["hovertemplate"] += "<extra></extra>"
        traces.append(
            _trace("scatter",
                x=[_mid_year(y) for y in proj["year"]],
                y=proj["value_usd_bn"],
                mode="lines",
                name=t(key, source=source, rate=_rate(t, scenario.growth_pct), year=str(scenario.base_year)),
                legendgroup=source, meta="projection",  # the print copy styles it apart from the actual line
                line={"color": COLORS[source], "width": 2, "dash": "dash"},
                **value,
            )
        )
    x0, x1 = date(first_year, 1, 1), date(last_year, 12, 31)
    deadline = outlook.deadline
    if deadline is not None:
        name = t("charts.deadline_what_if" if outlook.overridden else "charts.deadline", year=str(deadline))
        traces.append(
            _trace("scatter",
                x=[_mid_year(deadline)], y=[target], mode="markers", name=name,
                marker={"symbol": "diamond", "size": 13, "color": TARGET_COLOR},
                hovertemplate=t("charts.hover.named", name=name, value=_money(t, target, None)) + "<extra></extra>",
            )
        )
    marks, keys = _milestone_marks(dataset, t.lang)
    traces += keys
    ymax = max(float(data["value_usd_bn"].max()), target) * 1.08
    layout = {
        "shapes": [{"type": "line", "x0": x0, "x1": x1, "y0": target, "y1": target,
                    "line": {"color": TARGET_COLOR, "width": 1.5}}, *marks["shapes"]],
        "annotations": [{"x": x0, "y": target,
                         "text": t("charts.target", value=_money(t, target, None), when=_target_words(outlook)),
                         "name": "compact:" + t("charts.target_short", value=_money(t, target, None)),
                         "showarrow": False, "xanchor": "left", "yanchor": "bottom",
                         "font": {"size": 12, "color": TARGET_COLOR}}, *marks["annotations"]],
        "yaxis": {"title": {"text": t("charts.axis.turnover")}, "range": [0, min(ymax, target * 3)],
                  "rangemode": "tozero"},
        "xaxis": {"range": [x0, x1], "dtick": "M24", "tickformat": "%Y", "ticklabelmode": "period"},
    }
    points = [(_mid_year(int(r["year"])), float(r["value_usd_bn"])) for _, r in data.iterrows()
              if r["series"] == "actual" and pd.notna(r["value_usd_bn"])]
    points += [(_mid_year(deadline), target)] if deadline is not None else []
    points += list(zip(steps["announced"], steps["target_usd_bn"], strict=True))
    y_top = min(ymax, target * 3)
    step_days = (pd.Timestamp(x1) - pd.Timestamp(x0)).days / 29  # the target's label on a phone: ~120 px from x0
    points += [(pd.Timestamp(x0) + pd.Timedelta(days=step_days * k), target + y_top * 7 / 190) for k in range(13)]
    traces[0]["meta"][screen.COMPACT_POSITION] = _clear_of(
        list(zip(steps["announced"], steps["target_usd_bn"], strict=True)), points,
        (x0, x1), (0.0, min(ymax, target * 3)))
    what_if = "_what_if" if outlook.what_if else ""
    if len(sources) > 1:
        subtitle = t(f"charts.overview.subtitle.two{what_if}", year=str(outlook.view.base_year))
    else:
        subtitle = t(f"charts.overview.subtitle.one{what_if}", source=t(f"source.{sources[0]}"),
                     year=str(outlook.view.base_year))
    fig = _styled(traces, layout, t("charts.overview.title"), subtitle,
                  [*_footer(dataset, outlook), pledge_key(ledger.target_steps(dataset, t.lang), t)], lang=t.lang,
                  legend={"orientation": "v", "x": 0.01, "y": 0.98, "yanchor": "top",
                          "bgcolor": "rgba(255,255,255,0.85)"}, margin={"t": 80})
    return Chart("overview", t("charts.overview.name"), data, fig)


def _clear_of(labelled: list[tuple], points: list[tuple], x_range: tuple, y_range: tuple,
             plot_px: tuple[int, int] = (290, 190)) -> list[str]:
    """Where each of ``labelled``'s short labels sits on a phone's plot (``plot_px`` wide and high): the side of its
    marker farthest from every other marker (``points``, each (date, value)); labels placed earlier count too."""
    days = max(1, (pd.Timestamp(x_range[1]) - pd.Timestamp(x_range[0])).days)
    span = max(1e-9, y_range[1] - y_range[0])

    def px(x, y) -> tuple[float, float]:
        return ((pd.Timestamp(x) - pd.Timestamp(x_range[0])).days / days * plot_px[0],
                (y_range[1] - y) / span * plot_px[1])

    offsets = {"bottom center": (0, 12), "top center": (0, -13), "middle left": (-11, 0), "middle right": (11, 0),
               "top right": (9, -11), "top left": (-9, -11), "bottom right": (9, 11), "bottom left": (-9, 11)}
    placed, out = [], []
    for x, y in labelled:
        cx, cy = px(x, y)
        others = [px(a, b) for a, b in points if (a, b) != (x, y)] + placed

        def room(offset, cx=cx, cy=cy, others=others) -> float:
            lx, ly = cx + offset[0], cy + offset[1]
            return min((((lx - ox) ** 2 + (ly - oy) ** 2) ** 0.5 for ox, oy in others), default=1e9)

        best = max(offsets, key=lambda k: room(offsets[k]))
        out.append(best)
        placed.append((cx + offsets[best][0], cy + offsets[best][1]))
    return out


def pledge_key(steps: pd.DataFrame, t: Messages) -> str:
    """The pledge markers' key, numbered in the order they were made, as the triangles are: "Pledges (grey
    triangles, numbered left to right): 1 $40bn by 2015, June 2011; …" (:func:`tradetarget.ledger.target_steps`
    order)."""
    items = [t("charts.pledges.item", n=str(n), target=label, date=t.month(pd.Timestamp(day).date()))
             for n, (label, day) in enumerate(zip(steps["label"], steps["announced"], strict=True), start=1)]
    return t.full_stop(t("charts.pledges.key", items=t("charts.pledges.separator").join(items)))


PLEDGES = "Pledges in the ledger (when made)"
"""The pledges' legend name in English (the chart reads ``charts.pledges`` in its language)."""


def _target_words(outlook: Outlook) -> str:
    """'by 2030, set May 2023'; a what-if deadline is named as such (in the view's language)."""
    t = messages(outlook.view.lang)
    if outlook.overridden:
        own = (t("charts.target_words.own_none") if outlook.own_deadline is None
               else t("charts.target_words.own", year=str(outlook.own_deadline)))
        return t("charts.target_words.what_if", year=str(outlook.deadline), own=own)
    key = "charts.target_words.open" if outlook.deadline is None else "charts.target_words.by"
    return t(key, year=str(outlook.deadline), month=_month(t, pd.Timestamp(outlook.target["announced"]).date()))


def chart_growth(dataset: Dataset, outlook: Outlook) -> Chart:
    """The slider rate against the required rate and each source's historical growth."""
    t = messages(outlook.view.lang)
    rows = []
    for source in outlook.view.sources:
        for _, h in model.historical_growth(dataset, source).iterrows():
            rows.append(
                {"source": source, "measure": "historical year-on-year", "year": h["year"],
                 "growth_pct": h["growth_pct"], "status": h["status"]}
            )
        answer = outlook.answers.get(source)
        if answer is not None and answer.required_pct is not None:
            rows.append({"source": source, "measure": f"required from {answer.start_year} to {answer.deadline}",
                         "year": answer.deadline, "growth_pct": answer.required_pct, "status": ""})
    rows.append({"source": "", "measure": "slider rate", "year": None,
                 "growth_pct": outlook.view.growth_pct, "status": ""})
    data = pd.DataFrame(rows, columns=["source", "measure", "year", "growth_pct", "status"])

    traces = []
    ylabels = {s: t(f"source.{s}.short") for s in outlook.view.sources}
    for source in outlook.view.sources:
        hist = data[(data["source"] == source) & (data["measure"] == "historical year-on-year")]
        if _en(t):
            hover = {"hovertemplate": t("charts.hover.named", name="%{text}", value="%{x:.1f}%")}
        else:
            hover = {"customdata": [t.pct(float(v), 1) for v in hist["growth_pct"]],
                     "hovertemplate": t("charts.hover.named", name="%{text}", value="%{customdata}")}
        hover["hovertemplate"] += "<extra></extra>"
        traces.append(
            _trace("scatter",
                x=hist["growth_pct"], y=[ylabels[source]] * len(hist), mode="markers+text",
                text=[f"{int(y)}" for y in hist["year"]], textposition="top center",
                name=t("charts.growth.history", source=source), textfont={"size": 11, "color": COLORS[source]},
                marker={"size": 12, "color": COLORS[source],
                        "symbol": ["circle" if s == "reported" else "circle-open" for s in hist["status"]],
                        "line": {"width": 2, "color": COLORS[source]}},
                **hover,
            )
        )
        req = data[(data["source"] == source) & data["measure"].str.startswith("required")]
        if not req.empty:
            required = float(req["growth_pct"].iloc[0])
            traces.append(
                _trace("scatter",
                    x=req["growth_pct"], y=[ylabels[source]], mode="markers+text",
                    text=[t("charts.growth.required", value=f"{required:.1f}%" if _en(t) else t.pct(required, 1))],
                    textposition="bottom center",
                    name=t("charts.growth.required_by", source=source, year=str(outlook.deadline)),
                    textfont={"size": 12, "color": "#111"},
                    marker={"symbol": "diamond", "size": 16, "color": COLORS[source],
                            "line": {"width": 2, "color": "#111"}},
                    hovertemplate=t("charts.growth.required", value="%{x:.2f}%" if _en(t) else t.pct(required, 2))
                    + "<extra></extra>",
                )
            )
    rate = outlook.view.growth_pct
    values = [rate, 0.0, *data["growth_pct"].dropna()]
    side = "right" if rate > (min(values) + max(values)) / 2 else "left"  # the label stays inside the plot
    layout = {
        "shapes": [{"type": "line", "x0": rate, "x1": rate, "yref": "paper", "y0": 0, "y1": 1, "layer": "below",
                    "line": {"color": "#111", "width": 2, "dash": "dash"}},
                   {"type": "line", "x0": 0, "x1": 0, "yref": "paper", "y0": 0, "y1": 1,
                    "line": {"color": "#bbb", "width": 1}}],
        "annotations": [{"x": rate, "yref": "paper", "y": 1, "text": t("charts.growth.slider", rate=_rate(t, rate)),
                         "showarrow": False, "xanchor": side, "xshift": 4 if side == "left" else -4, "yanchor": "top",
                         "font": {"size": 12}}],
        "xaxis": {"title": {"text": t("charts.axis.growth")}, "ticksuffix": "%", "zeroline": False},
        "yaxis": {"range": [len(outlook.view.sources) - 0.35, -0.6]},
    }
    fig = _styled(traces, layout, t("charts.growth.title"), t("charts.growth.subtitle"),
                  _footer(dataset, outlook), height=470, lang=t.lang,
                  margin={"t": 140})  # room for a legend on two rows
    return Chart("growth", t("charts.growth.name"), data, fig)


def chart_milestones(dataset: Dataset, outlook: Outlook | None = None, lang: str = DEFAULT_LANG) -> Chart:
    """Milestones by category, on the same time axis as the annual turnover above them (in the outlook's
    language, else ``lang``)."""
    t = messages(_lang(outlook, lang))
    ms = dataset.milestones
    start = min(ms["start"])
    first_year = start.year - 1
    sources = outlook.view.sources if outlook else SOURCES
    actual = _actual_rows(dataset, sources)
    actual = actual[actual["year"] >= first_year]
    milestone_rows = pd.DataFrame(
        {
            "series": "milestone",
            "source": "",
            "year": [s.year for s in ms["start"]],
            "value_usd_bn": None,
            "status": "",
            "url": ms["url"],
            "start": ms["start"],
            "end": ms["end"],
            "category": ms["category"],
            "title": ms["title"],
        }
    )
    data = pd.concat([actual, milestone_rows], ignore_index=True)

    traces = _actual_traces(actual, axes={"xaxis": "x", "yaxis": "y"}, lang=t.lang)
    lower = {"xaxis": "x2", "yaxis": "y2"}
    x0, x1 = date(first_year, 1, 1), date(max(ms["end"]).year + 1, 3, 31)
    categories = [c for c in ("target", "summit", "visa", "tourism", "infrastructure") if c in set(ms["category"])]
    numbers = milestone_numbers(dataset)
    lanes = {c: c if _en(t) else wording.category(c, t.lang) for c in categories}
    when = (lambda d: str(d)) if _en(t) else (lambda d: _day(t, pd.Timestamp(d).date()))
    for category in categories:
        sub = ms[ms["category"] == category]
        color = CATEGORY_COLORS[category]
        lane = lanes[category]
        titles = list(sub["title"]) if _en(t) else [wording.milestone_title(row, t.lang)
                                                          for row in sub.to_dict("records")]
        for begin, end, title in zip(sub["start"], sub["end"], titles, strict=True):
            if end > begin:
                traces.append(
                    _trace("scatter",
                        x=[begin, end], y=[lane, lane], mode="lines",
                        line={"color": color, "width": 14}, opacity=0.35, showlegend=False,
                        hovertemplate=t("charts.milestones.span", title=title, start=when(begin), end=when(end))
                        + "<extra></extra>", **lower,
                    )
                )
        labels = [_short(title) for title in titles]
        keys = [str(numbers[i]) for i in sub.index]  # on a phone: the number of the dated list under the chart
        traces.append(
            _trace("scatter",
                x=list(sub["start"]), y=[lane] * len(sub), mode="markers+text",
                text=labels,
                textposition=_label_lanes(list(sub["start"]), labels, (x0, x1)),
                meta={screen.COMPACT_TEXT: keys,
                      screen.COMPACT_POSITION: _label_lanes(list(sub["start"]), keys, (x0, x1), days_per_char=75)},
                textfont={"size": 10, "color": color},
                marker={"size": 11, "color": color, "symbol": "diamond"},
                name=lane, showlegend=False, cliponaxis=False,
                customdata=list(zip(titles, [when(d) for d in sub["start"]], strict=True)),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>", **lower,
            )
        )
    layout = {  # two rows sharing the time axis, as make_subplots(rows=2, row_heights=[0.3, 0.7]) lays them out
        "xaxis": {"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", "showticklabels": False, "range": [x0, x1]},
        "yaxis": {"anchor": "x", "domain": [0.715, 1.0], "title": {"text": t("charts.axis.usd_bn")},
                  "rangemode": "tozero"},
        "xaxis2": {"anchor": "y2", "domain": [0.0, 1.0], "range": [x0, x1], **_months_axis(t, x0, x1)},
        "yaxis2": {"anchor": "x2", "domain": [0.0, 0.665], "categoryorder": "array",
                   "categoryarray": [lanes[c] for c in reversed(categories)], "range": [-0.6, len(categories) - 0.25]},
        "shapes": [{"type": "line", "x0": VISA_FREE, "x1": VISA_FREE, "y0": 0, "y1": 1, "yref": f"{y} domain",
                    "xref": x, "line": {"color": CATEGORY_COLORS["visa"], "width": 1.5, "dash": "dot"}}
                   for x, y in (("x", "y"), ("x2", "y2"))],
    }
    fig = _styled(traces, layout, t("charts.milestones.title"),
                  t("charts.milestones.subtitle", date=_day(t, VISA_FREE)),
                  _footer(dataset, outlook, answer=False, lang=t.lang), height=840, lang=t.lang)
    return Chart("milestones", t("charts.milestones.name"), data, fig, export_height=940)


def milestone_numbers(dataset: Dataset) -> dict:
    """Each milestone's number (by its row index), 1 for the earliest: the phone's chart labels its diamonds with
    them and the page lists them, dated, under the chart (one order for both)."""
    order = dataset.milestones.sort_values(["start", "end"], kind="stable").index
    return {index: n for n, index in enumerate(order, start=1)}


def _label_lanes(starts: list[date], labels: list[str], bounds: tuple[date, date] | None = None,
                 days_per_char: float = 13.0) -> list[str]:
    """Place each label above/below and right/left of its marker with the least overlap (small search);
    a label is kept inside ``bounds`` (the axis range) wherever either side fits."""
    options = []
    for start, label in zip(starts, labels, strict=True):
        chars = max(screen.text_width(line) for line in label.split("<br>"))
        width = pd.Timedelta(days=days_per_char * chars).to_pytimedelta()
        options.append([
            (vertical, side, (start, start + width) if side == "right" else (start - width, start))
            for vertical in ("top", "bottom") for side in ("right", "left")
        ])

    def cost(choice, placed) -> int:
        vertical, _, (a0, a1) = choice
        outside = max(0, (bounds[0] - a0).days) + max(0, (a1 - bounds[1]).days) if bounds else 0
        return 100 * outside + sum(max(0, (min(a1, b1) - max(a0, b0)).days)
                                   for v, _, (b0, b1) in placed if v == vertical)

    best: dict = {"cost": None, "choice": None}

    def search(i: int, placed: list, total: int) -> None:
        if best["cost"] is not None and total >= best["cost"]:
            return
        if i == len(options):
            best["cost"], best["choice"] = total, list(placed)
            return
        for option in sorted(options[i], key=lambda o: cost(o, placed)):
            search(i + 1, [*placed, option], total + cost(option, placed))
            if best["cost"] == 0:
                return

    search(0, [], 0)
    return [f"{vertical} {side}" for vertical, side, _ in best["choice"]]


def _short(title: str, width: int = 22) -> str:
    """Wrap a title onto at most two lines of about ``width`` characters (Latin letters' width: a Chinese
    character counts as two, and Chinese breaks between characters); the rest is cut with an ellipsis."""
    title = " ".join(title.split())
    lines = screen.wrap_lines(title, width)
    if len(lines) == 2 and CJK.search(title):  # Chinese breaks anywhere: two even lines, not one character left over
        for narrower in range(-(-screen.text_width(title) // 2), width):
            even = screen.wrap_lines(title, narrower)
            if len(even) == 2:
                lines = even
                break
    if len(lines) > 2:
        lines = [lines[0], screen.shorten(title[len(lines[0]):].strip(), width)]
    return "<br>".join(lines)


def chart_gap(dataset: Dataset, outlook: Outlook | None = None, lang: str = DEFAULT_LANG) -> Chart:
    """GACC and BNS side by side for the years both report, with the gap between them (in the outlook's
    language, else ``lang``)."""
    t = messages(_lang(outlook, lang))
    annual = dataset.annual()
    wide = annual.pivot(index="year", columns="source", values="turnover_usd_bn").dropna()
    status = annual.pivot(index="year", columns="source", values="status").loc[wide.index]
    kind = (annual.pivot(index="year", columns="source", values="source_kind").loc[wide.index]
            if "source_kind" in annual else status.map(lambda _: ""))
    data = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "gacc_usd_bn": wide["GACC"].to_numpy(),
            "bns_usd_bn": wide["BNS"].to_numpy(),
            "gap_usd_bn": (wide["GACC"] - wide["BNS"]).to_numpy(),
            "gap_pct_of_gacc": ((wide["GACC"] - wide["BNS"]) / wide["GACC"] * 100).to_numpy(),
            "gacc_status": status["GACC"].to_numpy(),
            "bns_status": status["BNS"].to_numpy(),
            "gacc_source_kind": kind["GACC"].to_numpy(),
            "bns_source_kind": kind["BNS"].to_numpy(),
        }
    )
    labels = [str(y) for y in data["year"]]
    traces = []
    for source, col in (("GACC", "gacc_usd_bn"), ("BNS", "bns_usd_bn")):
        stat = data[f"{source.lower()}_status"]
        weak = data[f"{source.lower()}_source_kind"]
        if _en(t):
            hover = {"customdata": [with_weak(st, k, t.lang) for st, k in zip(stat, weak, strict=True)],
                     "hovertemplate": t("charts.hover.actual", source=source, year="%{x}",
                                        value="$%{y:.2f}bn", status="%{customdata}")}
        else:
            hover = {"customdata": [[_money(t, v, 2), with_weak(_status(t, st), k, t.lang)]
                                    for v, st, k in zip(data[col], stat, weak, strict=True)],
                     "hovertemplate": t("charts.hover.actual", source=source, year="%{x}", value="%{customdata[0]}",
                                        status="%{customdata[1]}")}
        hover["hovertemplate"] += "<extra></extra>"
        traces.append(
            _trace("bar",
                x=labels, y=data[col], name=t(f"source.{source}.short"),
                marker={"color": COLORS[source], "pattern": {"shape": ["" if s == "reported" else "/" for s in stat]},
                        "line": {"color": COLORS[source], "width": 1.5}},
                text=[_money(t, v, 1) for v in data[col]], textposition="outside",  # the hatching: the status
                **hover,
            )
        )
    top = float(data[["gacc_usd_bn", "bns_usd_bn"]].max().max())
    # each year's note wrapped to its share of the width (an amount never broken); on a phone just the amount,
    # and outside English just the number: the axis names the unit ("млрд долл.", "亿美元")
    width = screen.budget(max(10, int(GAP_NOTE_ROOM / max(1, len(data)) / NOTE_LETTER_PX)), t.lang)
    layout = {
        "annotations": [{"x": position, "y": top * 1.3, "showarrow": False, "yanchor": "middle",
                         "text": screen.wrap(t("charts.gap.note", value=_money(t, gap, 1).replace(" ", "\u00a0"),
                                               share=f"{pct:.0f}%" if _en(t) else t.pct(float(pct), 0)), width),
                         "name": "compact:" + (_money(t, gap, 1, unit=False) if _en(t) else
                                                  t.num(float(gap) * t.money_scale, 1)),
                         "font": {"size": 12}, "bgcolor": "#F2F2F2", "borderpad": 4}
                        for position, (gap, pct) in enumerate(zip(data["gap_usd_bn"], data["gap_pct_of_gacc"],
                                                                  strict=True))],
        "barmode": "group", "bargap": 0.3,
        "yaxis": {"title": {"text": t("charts.axis.turnover")}, "range": [0, top * 1.45]},
        "xaxis": {"title": {"text": t("charts.gap.xaxis")}, "type": "category"},
    }
    fig = _styled(traces, layout, t("charts.gap.title"), t("charts.gap.subtitle"),
                  _footer(dataset, outlook, answer=False, hollow=False, lang=t.lang), height=520, lang=t.lang)
    return Chart("gap", t("charts.gap.name"), data, fig)


def all_charts(dataset: Dataset, outlook: Outlook) -> list[Chart]:
    """Every dashboard chart for one view, in page order (in the view's language)."""
    return [
        chart_overview(dataset, outlook),
        chart_growth(dataset, outlook),
        chart_milestones(dataset, outlook),
        chart_gap(dataset, outlook),
        chart_backtest(dataset, outlook),
        chart_visitors(dataset, outlook),
    ]


BACKTEST_SCENARIO = ("Scenario: +24% a year from 2022 for each source, as stated on 27 Nov 2023 (fixed; the "
                     "sidebar does not change this chart)")
"""The backtest's scenario line in English (the chart reads ``charts.backtest.scenario`` in its language)."""


def chart_backtest(dataset: Dataset, outlook: Outlook | None = None, lang: str = DEFAULT_LANG) -> Chart:
    """The Nov-2023 projection (24% a year from 2022) against what each source then recorded (the view's sources;
    in the outlook's language, else ``lang``)."""
    t = messages(_lang(outlook, lang))
    seed = {"rate": _rate(t, model.SEED_GROWTH_PCT), "year": str(model.SEED_BASE_YEAR), "date": _day(t, SEED_DATE)}
    sources = outlook.view.sources if outlook is not None else SOURCES
    data = ledger.backtest(dataset)
    data = data[data["source"].isin(sources)].reset_index(drop=True)
    traces = []
    for source in sources:
        sub = data[data["source"] == source]
        base = dataset.annual_value(source, model.SEED_BASE_YEAR)
        x = [_mid_year(model.SEED_BASE_YEAR), *(_mid_year(y) for y in sub["year"])]
        projected = [base, *sub["projected_usd_bn"]]
        actual = sub.dropna(subset=["actual_usd_bn"])
        if _en(t):
            hover = [{"hovertemplate": t(key, source=source, year="%{x|%Y}", value="$%{y:.1f}bn") + "<extra></extra>"}
                     for key in ("charts.hover.projected", "charts.hover.actual_value")]
        else:
            hover = [{"customdata": [_money(t, v, 1) for v in values],
                      "hovertemplate": t(key, source=source, year="%{x|%Y}", value="%{customdata}") + "<extra></extra>"}
                     for key, values in (("charts.hover.projected", projected),
                                         ("charts.hover.actual_value", actual["actual_usd_bn"]))]
        traces.append(_trace("scatter",
            x=x, y=projected, mode="lines", name=t("charts.backtest.projected", source=source, date=seed["date"]),
            line={"color": COLORS[source], "dash": "dash", "width": 2}, legendgroup=source, **hover[0],
        ))
        errors = actual["error_pct"].astype(float)
        traces.append(_trace("scatter",
            x=[_mid_year(y) for y in actual["year"]], y=actual["actual_usd_bn"].astype(float), mode="markers+text",
            name=t("charts.actual", source=source), legendgroup=source,
            marker={"size": 11, "color": COLORS[source], "line": {"width": 2, "color": COLORS[source]},
                    "symbol": [STATUS_SYMBOL.get(st, "circle") for st in actual["status"]]},
            text=[f"  {e:+.0f}%" if _en(t) else "  " + t.pct(e, 0, sign=True) for e in errors],
            textposition=["top right" if e < 0 else "bottom right" for e in errors],
            textfont={"color": COLORS[source], "size": 12}, **hover[1],
        ))
    missing = data[data["status"] == "missing"]
    marks, keys = _milestone_marks(dataset, t.lang)
    traces += keys
    marks["annotations"] += [
        {"x": _mid_year(year), "y": projected, "showarrow": True,
         "text": t("charts.backtest.no_figure", source=source, year=str(year)),
         "arrowhead": 0, "ax": 0, "ay": 40, "font": {"size": 11, "color": COLORS[source]},
         # the last year sits at the axis's right end: the note reads leftwards from its line, never off the figure
         "xanchor": "right", "align": "right"}
        for source, year, projected in zip(missing["source"], missing["year"], missing["projected_usd_bn"], strict=True)
    ]
    layout = _layout(marks,
        yaxis={"title": {"text": t("charts.axis.turnover")}, "rangemode": "tozero"},
        xaxis={"dtick": "M12", "tickformat": "%Y", "ticklabelmode": "period",
               "range": [date(model.SEED_BASE_YEAR, 3, 1), date(int(data["year"].max()), 12, 31)]},
    )
    fig = _styled(traces, layout, t("charts.backtest.title", **seed),
                  t("charts.backtest.subtitle", growth=t.pct(model.SEED_GROWTH_PCT, 0), year=seed["year"]),
                  _footer(dataset, outlook, source=source_line(sources, t.lang),  # the view's sources' dates
                          scenario_line=t("charts.backtest.scenario", **seed), answer=False, lang=t.lang),
                  lang=t.lang, legend={"orientation": "v", "x": 0.01, "y": 0.98, "yanchor": "top",
                                       "bgcolor": "rgba(255,255,255,0.85)"}, margin={"t": 80})
    return Chart("backtest", t("charts.backtest.name"), data, fig)


VISITOR_COLORS = {"CN->KZ": "#4D7C0F", "KZ->CN": "#8C564B"}
VISITORS_X = (date(2021, 10, 1), date(2025, 12, 31))
"""The visitor chart's time axis."""


def _thousands(t: Messages, count: float) -> str:
    """A visitor count for a label: "217k", "217 тыс.", "217 мың", "21.7万"."""
    if _en(t):
        return f"{count / 1000:,.0f}k"
    if t.lang == "zh":
        return t("charts.visitors.count", value=t.num(count / 10_000, 1))
    return t("charts.visitors.count", value=t.num(count / 1000, 0))


def _direction_name(t: Messages, code: str) -> str:
    """Who travels where, for the legend: "Chinese visitors to Kazakhstan"."""
    key = "charts.visitors." + re.sub(r"[^a-z]+", "_", code.lower())
    return t(key) if t.has(key) else wording.direction(code, t.lang)


def chart_visitors(dataset: Dataset, outlook: Outlook | None = None, lang: str = DEFAULT_LANG) -> Chart:
    """Sourced visitor counts beside the visa-free date and the tourism years; conflicts shown side by side
    (in the outlook's language, else ``lang``)."""
    t = messages(_lang(outlook, lang))
    data = dataset.visitors.drop(columns=["line"])
    traces = []
    colors = VISITOR_COLORS  # not the sources' red and teal: these are directions, not GACC and BNS
    names = {code: _direction_name(t, code) for code in data["direction"].unique()}
    metric = (lambda m: m) if _en(t) else (lambda m: wording.metric(m, t.lang))
    count = (lambda v: f"{v:,}") if _en(t) else (lambda v: t.num(v, 0))
    # calendar-year bars above; part-year spans below, one row each in order of start, the count in the span's
    # label (spans of different lengths are not comparable heights): no label meets another or a bar (issue 23.3)
    is_year = data["period"].str.fullmatch(r"\d{4}")
    top = float(data.loc[is_year, "visitors"].max() if is_year.any() else data["visitors"].max()) * 1.3
    all_spans = data[~is_year].sort_values(["start", "end"], kind="stable")
    row = {index: len(all_spans) - 1 - i for i, index in enumerate(all_spans.index)}  # the earliest at the top
    for direction, sub in data.groupby("direction", sort=False):
        annual = sub[sub["period"].str.fullmatch(r"\d{4}")]
        for i, (_, r) in enumerate(annual.iterrows()):
            offset = 0
            if r["conflict"]:
                same = annual[annual["period"] == r["period"]]
                offset = (list(same.index).index(r.name) - (len(same) - 1) / 2) * 120
            traces.append(_trace("bar",
                x=[r["start"] + (r["end"] - r["start"]) / 2 + pd.Timedelta(days=offset).to_pytimedelta()],
                y=[r["visitors"]], width=[110 * 86_400_000],
                marker={"color": colors[direction], "pattern": {"shape": "x" if r["conflict"] else ""}}, opacity=0.85,
                name=t("charts.visitors.annual", name=names[direction]), legendgroup=direction, showlegend=i == 0,
                text=[_thousands(t, r["visitors"]) + ("<br>" + t("charts.visitors.conflict") if r["conflict"] else "")],
                textposition="outside",
                hovertemplate=t("charts.visitors.hover_year", metric=metric(r["metric"]), period=r["period"],
                                count=count(r["visitors"])) + "<extra></extra>",
            ))
        spans = sub[~sub["period"].str.fullmatch(r"\d{4}")]
        for i, (_, r) in enumerate(spans.iterrows()):
            start, end = pd.Timestamp(r["start"]).date(), pd.Timestamp(r["end"]).date()
            if _en(t):
                span, period = f"{r['start']:%b}–{r['end']:%b %Y}", r["period"]
            else:
                span = format_interval(start, end, _month_form(t), locale=_locale(t))
                period = format_interval(start, end, "yMMMd", locale=_locale(t))
            label = t("charts.visitors.span_label", count=_thousands(t, r["visitors"]), span=span)
            room = (VISITORS_X[1] - end).days > 300
            compact_room = (VISITORS_X[1] - end).days > 240  # a phone's label is the count alone
            traces.append(_trace("scatter",
                x=[r["start"], r["end"]], y=[row[r.name]] * 2,
                mode="lines+markers+text", line={"color": colors[direction], "width": 4}, yaxis="y2",
                marker={"size": 7, "symbol": "line-ns-open"},
                # the label after the span's end where the axis has room for it, else before its start; a phone
                # keeps the count alone (the hover and the table under the chart give the span)
                text=(["", label] if room else [label, ""]),
                textposition="middle right" if room else "middle left",
                meta={screen.COMPACT_TEXT: ["", _thousands(t, r["visitors"])] if compact_room
                      else [_thousands(t, r["visitors"]), ""],
                      screen.COMPACT_POSITION: "middle right" if compact_room else "middle left"},
                textfont={"color": colors[direction]},
                name=t("charts.visitors.span", name=names[direction]), legendgroup=direction + "span",
                showlegend=i == 0,
                hovertemplate=t("charts.visitors.hover_span", metric=metric(r["metric"]), period=period,
                                count=count(r["visitors"])) + "<extra></extra>",
            ))
    marks, keys = _milestone_marks(dataset, t.lang)
    traces += keys
    x0, x1 = VISITORS_X
    layout = _layout(marks,
        yaxis={"title": {"text": t("charts.visitors.yaxis")}, "tickformat": "~s" if _en(t) else ",",
               "range": [0, top], "domain": [0.56, 1]},
        yaxis2={"showticklabels": False, "showgrid": False, "zeroline": False,  # rows, not a scale
                "range": [-0.7, max(len(all_spans), 1) + 0.5], "domain": [0, 0.48], "anchor": "x"},
        xaxis={"range": [x0, x1], **_months_axis(t, x0, x1)},
    )
    fig = _styled(traces, layout, t("charts.visitors.title"), t("charts.visitors.subtitle"),
                  _footer(dataset, outlook, source=t("charts.visitors.sources"), answer=False, hollow=False,
                          lang=t.lang),
                  lang=t.lang, barmode="overlay")  # the legend above the plot: inside, it hid a bar's label
    return Chart("visitors", t("charts.visitors.name"), data, fig)
