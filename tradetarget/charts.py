"""Chart builders: each chart is a long-form frame (exactly what is drawn) plus a figure.

``chart_*`` functions return a :class:`Chart`; its ``data`` is what the CSV
export writes and its ``figure`` is drawn from that frame alone. Colours,
fonts and the source/scenario footer live here, so the screen and the PNG
look the same.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tradetarget import ledger, model, screen
from tradetarget.answer import SOURCE_NAMES
from tradetarget.data import SOURCES, Dataset
from tradetarget.scenario import Outlook

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
def source_line(sources: tuple[str, ...] = SOURCES) -> str:
    """The data named in words for a slide: the sources of the view, and where their links are."""
    names = " and ".join(SOURCE_NAMES[s] for s in sources)
    return (f"Sources: {names}, compiled from official statements and the press; every figure's link is on the "
            "dashboard's Data and sources page")


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


def _style_props(title: str, subtitle: str, footer_lines: list[str], height: int) -> dict:
    """The shared look as layout properties: template, fonts, title, height, margins, legend, footer."""
    return {
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
            "pad": {"t": 14},
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


def _styled(traces: list[dict], layout: dict, title: str, subtitle: str, footer_lines: list[str],
            height: int = SCREEN_HEIGHT, **after) -> go.Figure:
    """The figure from plain trace and layout dicts, with the shared look (:func:`_style_props`) merged
    over ``layout`` and then ``after`` merged over that, validated by plotly once.

    Building a figure call by call (``add_trace``, ``update_xaxes``, ``make_subplots`` ...) validates
    the layout again at every step: two to three times the cost of a chart built for a new slider value.
    """
    style = _style_props(title, subtitle, footer_lines, height)
    layout = _layout(layout, annotations=style.pop("annotations"), **style)
    return go.Figure(data=as_lists(traces), layout=as_lists(_layout(layout, **after)))


def _footer(dataset: Dataset, outlook: Outlook | None, source: str | None = None,
            scenario_line: str | None = None, answer: bool = True, hollow: bool = True) -> list[str]:
    """Footer lines: the sources in words, the scenario and the one-sentence answer (``answer``: charts
    that draw the trade projection), the data date, and the hollow-marker key where there are such markers."""
    lines = [source or source_line(outlook.view.sources if outlook is not None else SOURCES)]
    if scenario_line is not None:
        lines.append(scenario_line)
    elif outlook is not None and answer:
        lines.append(outlook.footer)
        lines.extend(briefing_lines(outlook))
    key = " Hollow markers: provisional or uncertain figures." if hollow else ""
    lines.append(f"Data as of {dataset.data_date} (latest source page).{key}")
    user = user_supplied_keys(dataset)
    if user:
        shown = ", ".join(f"{s} {p}" for s, p in user[:6]) + (" …" if len(user) > 6 else "")
        lines.append(f"Includes USER-SUPPLIED figures (uploaded, not from the fact base; diamonds): {shown}")
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
        data["origin"] = ["user-supplied" if (s, int(y)) in user else "shipped"
                          for s, y in zip(data["source"], data["year"], strict=True)]
    for source in SOURCES:
        if f"{source.lower()}_usd_bn" in data.columns and "year" in data.columns:
            data[f"{source.lower()}_origin"] = ["user-supplied" if (source, int(y)) in user else "shipped"
                                                for y in data["year"]]
    return replace(chart, data=data)


def briefing_lines(outlook: Outlook, width: int = 190) -> list[str]:
    """The one-sentence answer, a line per source of the view (wrapped to fit under a chart)."""
    return [line for a in outlook.answers.values() for line in textwrap.wrap(a.sentence(), width)]


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
            "origin": annual.get("origin", "shipped"),
        }
    )


def _symbol(status: str, origin) -> str:
    symbol = STATUS_SYMBOL.get(status, "circle")
    return symbol.replace("circle", "diamond") if origin == "user-supplied" else symbol


def _actual_traces(rows: pd.DataFrame, axes: dict | None = None, legend: bool = True) -> list[dict]:
    """Actual annual figures; a line joins only consecutive years, so gaps stay gaps. ``axes``: the
    ``xaxis``/``yaxis`` of a panel."""
    traces = []
    for source in SOURCES:
        sub = rows[rows["source"] == source].sort_values("year")
        if sub.empty:
            continue
        years = range(int(sub["year"].min()), int(sub["year"].max()) + 1)
        full = sub.set_index("year").reindex(years)
        traces.append(
            _trace("scatter",
                x=[_mid_year(y) for y in years],
                y=full["value_usd_bn"],
                mode="lines+markers",
                connectgaps=False,
                name=f"{source} actual",
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
                customdata=[f"{s}, {o}" if o == "user-supplied" else s
                            for s, o in zip(full["status"].fillna(""), full.get("origin", pd.Series(index=full.index)),
                                            strict=True)],
                hovertemplate=f"{source} %{{x|%Y}}: $%{{y:.2f}}bn (%{{customdata}})<extra></extra>",
                **(axes or {}),
            )
        )
    return traces


def _milestone_marks(dataset: Dataset) -> tuple[dict, list[dict]]:
    """The visa-free date as a dotted line and the tourism years as shaded bands (``shapes``), named in the
    legend rather than by labels inside the plot, which covered data points at some sizes and targets."""
    shapes = [{"type": "line", "x0": VISA_FREE, "x1": VISA_FREE, "yref": "paper", "y0": 0, "y1": 1,
               "line": {"color": CATEGORY_COLORS["visa"], "width": 2, "dash": "dot"}}]
    keys = [_trace("scatter", x=[None], y=[None], mode="lines", name="Visa-free from 10 Nov 2023",
                   line={"color": CATEGORY_COLORS["visa"], "width": 2, "dash": "dot"}, hoverinfo="skip")]
    tourism = dataset.milestones[dataset.milestones["category"] == "tourism"]
    for start, end in zip(tourism["start"], tourism["end"], strict=True):
        shapes.append({"type": "rect", "x0": start, "x1": end, "yref": "paper", "y0": 0, "y1": 1,
                       "fillcolor": CATEGORY_COLORS["tourism"], "opacity": 0.12, "line": {"width": 0},
                       "layer": "below"})
    if not tourism.empty:
        names = "; ".join(f"{t.replace('Year of ', '')} ({s.year})" for s, t in zip(tourism["start"], tourism["title"],
                                                                                   strict=True))
        keys.append(_trace("scatter", x=[None], y=[None], mode="markers", name=f"Shaded: {names}",
                           marker={"symbol": "square", "size": 14, "color": CATEGORY_COLORS["tourism"],
                                   "opacity": 0.35}, hoverinfo="skip"))
    return {"annotations": [], "shapes": shapes}, keys


def chart_overview(dataset: Dataset, outlook: Outlook) -> Chart:
    """Actual turnover for the chosen sources, the projections and the target."""
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

    traces = [  # each pledge where and when it was made; a line joining them read as targets being cut
        _trace("scatter",
            x=list(steps["announced"]), y=list(steps["target_usd_bn"]), mode="markers",
            marker={"size": 9, "color": "#9A9A9A", "symbol": "triangle-up"},
            name=PLEDGES,
            customdata=list(steps["label"]),
            hovertemplate="%{customdata}: pledged %{x|%d %b %Y}<extra></extra>",
        ),
        *_actual_traces(data[data["series"] == "actual"]),
    ]
    for source, scenario in outlook.scenarios.items():
        proj = data[(data["series"] == "projection") & (data["source"] == source)]
        what_if = " (what-if)" if outlook.answers[source].what_if else ""
        traces.append(
            _trace("scatter",
                x=[_mid_year(y) for y in proj["year"]],
                y=proj["value_usd_bn"],
                mode="lines",
                name=f"{source} projection {scenario.growth_pct:+g}%/yr from {scenario.base_year}{what_if}",
                legendgroup=source,
                line={"color": COLORS[source], "width": 2, "dash": "dash"},
                hovertemplate=f"{source} projection %{{x|%Y}}: $%{{y:.1f}}bn<extra></extra>",
            )
        )
    x0, x1 = date(first_year, 1, 1), date(last_year, 12, 31)
    deadline = outlook.deadline
    if deadline is not None:
        name = f"What-if deadline {deadline}" if outlook.overridden else f"Deadline {deadline}"
        traces.append(
            _trace("scatter",
                x=[_mid_year(deadline)], y=[target], mode="markers", name=name,
                marker={"symbol": "diamond", "size": 13, "color": TARGET_COLOR},
                hovertemplate=f"{name}: ${target:g}bn<extra></extra>",
            )
        )
    marks, keys = _milestone_marks(dataset)
    traces += keys
    ymax = max(float(data["value_usd_bn"].max()), target) * 1.08
    layout = {
        "shapes": [{"type": "line", "x0": x0, "x1": x1, "y0": target, "y1": target,
                    "line": {"color": TARGET_COLOR, "width": 1.5}}, *marks["shapes"]],
        "annotations": [{"x": x0, "y": target, "text": f"Target ${target:g}bn ({_target_words(outlook)})",
                         "name": f"compact:Target ${target:g}bn",
                         "showarrow": False, "xanchor": "left", "yanchor": "bottom",
                         "font": {"size": 12, "color": TARGET_COLOR}}, *marks["annotations"]],
        "yaxis": {"title": {"text": "Turnover, USD bn"}, "range": [0, min(ymax, target * 3)], "rangemode": "tozero"},
        "xaxis": {"range": [x0, x1], "dtick": "M24", "tickformat": "%Y", "ticklabelmode": "period"},
    }
    start = f"as from {outlook.view.base_year} (a what-if)" if outlook.what_if else "from its latest annual figure"
    if len(sources) > 1:
        subtitle = f"Two sources, never blended: dashed lines project each source {start}"
    else:
        subtitle = f"{SOURCE_NAMES[sources[0]]} only: the dashed line projects it {start}"
    fig = _styled(traces, layout, "China–Kazakhstan trade turnover vs the target", subtitle,
                  _footer(dataset, outlook), legend={"orientation": "v", "x": 0.01, "y": 0.98, "yanchor": "top",
                                                     "bgcolor": "rgba(255,255,255,0.85)"}, margin={"t": 80})
    return Chart("overview", "Turnover, projection and target", data, fig)


PLEDGES = "Pledges in the ledger (when made)"


def _target_words(outlook: Outlook) -> str:
    """'by 2030, set May 2023'; a what-if deadline is named as such."""
    if outlook.overridden:
        own = "no deadline of its own" if outlook.own_deadline is None else f"its own: {outlook.own_deadline}"
        return f"what-if deadline {outlook.deadline}; {own}"
    when = "no deadline" if outlook.deadline is None else f"by {outlook.deadline}"
    return f"{when}, set {outlook.target['announced']:%b %Y}"


def chart_growth(dataset: Dataset, outlook: Outlook) -> Chart:
    """The slider rate against the required rate and each source's historical growth."""
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
    ylabels = {s: model.SOURCE_NAMES[s] for s in outlook.view.sources}
    for source in outlook.view.sources:
        hist = data[(data["source"] == source) & (data["measure"] == "historical year-on-year")]
        traces.append(
            _trace("scatter",
                x=hist["growth_pct"], y=[ylabels[source]] * len(hist), mode="markers+text",
                text=[f"{int(y)}" for y in hist["year"]], textposition="top center",
                name=f"{source} historical year-on-year", textfont={"size": 11, "color": COLORS[source]},
                marker={"size": 12, "color": COLORS[source],
                        "symbol": ["circle" if s == "reported" else "circle-open" for s in hist["status"]],
                        "line": {"width": 2, "color": COLORS[source]}},
                hovertemplate="%{text}: %{x:.1f}%<extra></extra>",
            )
        )
        req = data[(data["source"] == source) & data["measure"].str.startswith("required")]
        if not req.empty:
            traces.append(
                _trace("scatter",
                    x=req["growth_pct"], y=[ylabels[source]], mode="markers+text",
                    text=[f"required {req['growth_pct'].iloc[0]:.1f}%"], textposition="bottom center",
                    name=f"{source} required to reach the target by {outlook.deadline}",
                    textfont={"size": 12, "color": "#111"},
                    marker={"symbol": "diamond", "size": 16, "color": COLORS[source],
                            "line": {"width": 2, "color": "#111"}},
                    hovertemplate="required %{x:.2f}%<extra></extra>",
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
        "annotations": [{"x": rate, "yref": "paper", "y": 1, "text": f"slider {rate:+g}%", "showarrow": False,
                         "xanchor": side, "xshift": 4 if side == "left" else -4, "yanchor": "top",
                         "font": {"size": 12}}],
        "xaxis": {"title": {"text": "Annual growth, %"}, "ticksuffix": "%", "zeroline": False},
        "yaxis": {"range": [len(outlook.view.sources) - 0.35, -0.6]},
    }
    subtitle = "Filled: both years reported; hollow: a provisional or uncertain year. Missing years are skipped."
    fig = _styled(traces, layout, "Growth: the slider against the required pace and history", subtitle,
                  _footer(dataset, outlook), height=470, margin={"t": 140})  # room for a legend on two rows
    return Chart("growth", "Growth rates compared", data, fig)


def chart_milestones(dataset: Dataset, outlook: Outlook | None = None) -> Chart:
    """Milestones by category, on the same time axis as the annual turnover above them."""
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

    traces = _actual_traces(actual, axes={"xaxis": "x", "yaxis": "y"})
    lower = {"xaxis": "x2", "yaxis": "y2"}
    x0, x1 = date(first_year, 1, 1), date(max(ms["end"]).year + 1, 3, 31)
    categories = [c for c in ("target", "summit", "visa", "tourism", "infrastructure") if c in set(ms["category"])]
    for category in categories:
        sub = ms[ms["category"] == category]
        color = CATEGORY_COLORS[category]
        for begin, end, title in zip(sub["start"], sub["end"], sub["title"], strict=True):
            if end > begin:
                traces.append(
                    _trace("scatter",
                        x=[begin, end], y=[category, category], mode="lines",
                        line={"color": color, "width": 14}, opacity=0.35, showlegend=False,
                        hovertemplate=f"{title}<br>{begin} to {end}<extra></extra>", **lower,
                    )
                )
        traces.append(
            _trace("scatter",
                x=list(sub["start"]), y=[category] * len(sub), mode="markers+text",
                text=[_short(t) for t in sub["title"]],
                textposition=_label_lanes(list(sub["start"]), [_short(t) for t in sub["title"]], (x0, x1)),
                textfont={"size": 10, "color": color},
                marker={"size": 11, "color": color, "symbol": "diamond"},
                name=category, showlegend=False, cliponaxis=False,
                customdata=list(zip(sub["title"], [str(d) for d in sub["start"]], strict=True)),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>", **lower,
            )
        )
    layout = {  # two rows sharing the time axis, as make_subplots(rows=2, row_heights=[0.3, 0.7]) lays them out
        "xaxis": {"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", "showticklabels": False, "range": [x0, x1]},
        "yaxis": {"anchor": "x", "domain": [0.715, 1.0], "title": {"text": "USD bn"}, "rangemode": "tozero"},
        "xaxis2": {"anchor": "y2", "domain": [0.0, 1.0], "range": [x0, x1], "dtick": "M6", "tickformat": "%b<br>%Y"},
        "yaxis2": {"anchor": "x2", "domain": [0.0, 0.665], "categoryorder": "array",
                   "categoryarray": list(reversed(categories)), "range": [-0.6, len(categories) - 0.25]},
        "shapes": [{"type": "line", "x0": VISA_FREE, "x1": VISA_FREE, "y0": 0, "y1": 1, "yref": f"{y} domain",
                    "xref": x, "line": {"color": CATEGORY_COLORS["visa"], "width": 1.5, "dash": "dot"}}
                   for x, y in (("x", "y"), ("x2", "y2"))],
    }
    fig = _styled(traces, layout, "Milestones on the same time axis as turnover",
                  "Annual turnover (mid-year points) above; dated events and periods below. Dotted line: visa-free "
                  "from 10 Nov 2023", _footer(dataset, outlook, answer=False), height=840)
    return Chart("milestones", "Milestones timeline", data, fig, export_height=940)


def _label_lanes(starts: list[date], labels: list[str], bounds: tuple[date, date] | None = None,
                 days_per_char: float = 13.0) -> list[str]:
    """Place each label above/below and right/left of its marker with the least overlap (small search);
    a label is kept inside ``bounds`` (the axis range) wherever either side fits."""
    options = []
    for start, label in zip(starts, labels, strict=True):
        width = pd.Timedelta(days=days_per_char * max(len(line) for line in label.split("<br>"))).to_pytimedelta()
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
    """Wrap a title onto at most two lines of about ``width`` characters."""
    words, lines, line = title.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
        if len(lines[1]) > width:
            lines[1] = lines[1][: width - 1].rstrip() + "…"
    return "<br>".join(lines)


def chart_gap(dataset: Dataset, outlook: Outlook | None = None) -> Chart:
    """GACC and BNS side by side for the years both report, with the gap between them."""
    annual = dataset.annual()
    wide = annual.pivot(index="year", columns="source", values="turnover_usd_bn").dropna()
    status = annual.pivot(index="year", columns="source", values="status").loc[wide.index]
    data = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "gacc_usd_bn": wide["GACC"].to_numpy(),
            "bns_usd_bn": wide["BNS"].to_numpy(),
            "gap_usd_bn": (wide["GACC"] - wide["BNS"]).to_numpy(),
            "gap_pct_of_gacc": ((wide["GACC"] - wide["BNS"]) / wide["GACC"] * 100).to_numpy(),
            "gacc_status": status["GACC"].to_numpy(),
            "bns_status": status["BNS"].to_numpy(),
        }
    )
    labels = [str(y) for y in data["year"]]
    traces = []
    for source, col in (("GACC", "gacc_usd_bn"), ("BNS", "bns_usd_bn")):
        stat = data[f"{source.lower()}_status"]
        traces.append(
            _trace("bar",
                x=labels, y=data[col], name=model.SOURCE_NAMES[source],
                marker={"color": COLORS[source], "pattern": {"shape": ["" if s == "reported" else "/" for s in stat]},
                        "line": {"color": COLORS[source], "width": 1.5}},
                text=[f"${v:.1f}bn" for v in data[col]], textposition="outside",  # the hatching gives the status
                customdata=list(stat),
                hovertemplate=f"{source} %{{x}}: $%{{y:.2f}}bn (%{{customdata}})<extra></extra>",
            )
        )
    top = float(data[["gacc_usd_bn", "bns_usd_bn"]].max().max())
    layout = {
        "annotations": [{"x": position, "y": top * 1.3, "showarrow": False, "yanchor": "middle",
                         "text": f"<b>gap ${gap:.1f}bn</b><br>{pct:.0f}% of GACC", "name": f"compact:${gap:.1f}bn",
                         "font": {"size": 12}, "bgcolor": "#F2F2F2", "borderpad": 4}
                        for position, (gap, pct) in enumerate(zip(data["gap_usd_bn"], data["gap_pct_of_gacc"],
                                                                  strict=True))],
        "barmode": "group", "bargap": 0.3,
        "yaxis": {"title": {"text": "Turnover, USD bn"}, "range": [0, top * 1.45]},
        "xaxis": {"title": {"text": "Years both sources report (other years are gaps)"}, "type": "category"},
    }
    fig = _styled(traces, layout, "The mirror gap: China's customs vs Kazakhstan's statistics",
                  "Same trade, two ledgers; the gap sits mostly in Kazakhstan's recorded imports from China. "
                  "Hatched: provisional or uncertain.", _footer(dataset, outlook, answer=False, hollow=False),
                  height=520)
    return Chart("gap", "GACC vs BNS gap", data, fig)


def all_charts(dataset: Dataset, outlook: Outlook) -> list[Chart]:
    """Every dashboard chart for one view, in page order."""
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


def chart_backtest(dataset: Dataset, outlook: Outlook | None = None) -> Chart:
    """The Nov-2023 projection (24% a year from 2022) against what each source then recorded (the view's sources)."""
    sources = outlook.view.sources if outlook is not None else SOURCES
    data = ledger.backtest(dataset)
    data = data[data["source"].isin(sources)].reset_index(drop=True)
    traces = []
    for source in sources:
        sub = data[data["source"] == source]
        base = dataset.annual_value(source, model.SEED_BASE_YEAR)
        x = [_mid_year(model.SEED_BASE_YEAR), *(_mid_year(y) for y in sub["year"])]
        traces.append(_trace("scatter",
            x=x, y=[base, *sub["projected_usd_bn"]], mode="lines", name=f"{source} as projected on 27 Nov 2023",
            line={"color": COLORS[source], "dash": "dash", "width": 2}, legendgroup=source,
            hovertemplate=f"{source} projected %{{x|%Y}}: $%{{y:.1f}}bn<extra></extra>",
        ))
        actual = sub.dropna(subset=["actual_usd_bn"])
        traces.append(_trace("scatter",
            x=[_mid_year(y) for y in actual["year"]], y=actual["actual_usd_bn"].astype(float), mode="markers+text",
            name=f"{source} actual", legendgroup=source,
            marker={"size": 11, "color": COLORS[source], "line": {"width": 2, "color": COLORS[source]},
                    "symbol": [STATUS_SYMBOL.get(st, "circle") for st in actual["status"]]},
            text=[f"  {e:+.0f}%" for e in actual["error_pct"].astype(float)],
            textposition=["top right" if e < 0 else "bottom right" for e in actual["error_pct"].astype(float)],
            textfont={"color": COLORS[source], "size": 12},
            hovertemplate=f"{source} actual %{{x|%Y}}: $%{{y:.1f}}bn<extra></extra>",
        ))
    missing = data[data["status"] == "missing"]
    marks, keys = _milestone_marks(dataset)
    traces += keys
    marks["annotations"] += [
        {"x": _mid_year(year), "y": projected, "showarrow": True, "text": f"{source} {year}:<br>no figure yet",
         "arrowhead": 0, "ax": 0, "ay": 40, "font": {"size": 11, "color": COLORS[source]}}
        for source, year, projected in zip(missing["source"], missing["year"], missing["projected_usd_bn"], strict=True)
    ]
    layout = _layout(marks,
        yaxis={"title": {"text": "Turnover, USD bn"}, "rangemode": "tozero"},
        xaxis={"dtick": "M12", "tickformat": "%Y", "ticklabelmode": "period",
               "range": [date(model.SEED_BASE_YEAR, 3, 1), date(int(data["year"].max()), 12, 31)]},
    )
    fig = _styled(traces, layout, "Forecast against outcome: “+24% a year” from 27 Nov 2023",
                  "Dashed: 24% a year from each source's 2022 figure. Labels: projection error vs the actual figure "
                  "(+ means the projection was too high).",
                  _footer(dataset, None, source=source_line(sources), scenario_line=BACKTEST_SCENARIO),
                  legend={"orientation": "v", "x": 0.01, "y": 0.98, "yanchor": "top",
                          "bgcolor": "rgba(255,255,255,0.85)"}, margin={"t": 80})
    return Chart("backtest", "Forecast against outcome", data, fig)


def _crowded_above(span: pd.Series, spans: pd.DataFrame, gap: float) -> bool:
    """Whether another span overlapping ``span`` in time lies less than ``gap`` visitors above it."""
    above = spans["visitors"] - span["visitors"]
    overlap = (spans["start"] < span["end"]) & (spans["end"] > span["start"])
    return bool(((above > 0) & (above < gap) & overlap).any())


VISITOR_COLORS = {"CN->KZ": "#4D7C0F", "KZ->CN": "#8C564B"}


def chart_visitors(dataset: Dataset, outlook: Outlook | None = None) -> Chart:
    """Sourced visitor counts beside the visa-free date and the tourism years; conflicts shown side by side."""
    data = dataset.visitors.drop(columns=["line"])
    traces = []
    colors = VISITOR_COLORS  # not the sources' red and teal: these are directions, not GACC and BNS
    names = {"CN->KZ": "Chinese visitors to Kazakhstan", "KZ->CN": "Kazakh visitors to China"}
    top = float(data["visitors"].max()) * 1.35
    all_spans = data[~data["period"].str.fullmatch(r"\d{4}")]
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
                name=names[direction] + " (calendar year)", legendgroup=direction, showlegend=i == 0,
                text=[f"{r['visitors'] / 1000:,.0f}k" + ("<br>conflict" if r["conflict"] else "")],
                textposition="outside", hovertemplate=f"{r['metric']} {r['period']}: {r['visitors']:,}<extra></extra>",
            ))
        spans = sub[~sub["period"].str.fullmatch(r"\d{4}")]
        for i, (_, r) in enumerate(spans.iterrows()):
            traces.append(_trace("scatter",  # the count in the middle, below the line if another span is close above
                x=[r["start"], r["start"] + (r["end"] - r["start"]) / 2, r["end"]], y=[r["visitors"]] * 3,
                mode="lines+markers+text", line={"color": colors[direction], "width": 4},
                marker={"size": [7, 0, 7], "symbol": "line-ns-open"},
                text=["", f"{r['visitors'] / 1000:,.0f}k, {r['start']:%b}–{r['end']:%b %Y}", ""],
                textposition="bottom center" if _crowded_above(r, all_spans, 0.06 * top) else "top center",
                textfont={"color": colors[direction]},
                name=names[direction] + " (part-year span)", legendgroup=direction + "span", showlegend=i == 0,
                hovertemplate=f"{r['metric']}, {r['period']}: {r['visitors']:,}<extra></extra>",
            ))
    marks, keys = _milestone_marks(dataset)
    traces += keys
    layout = _layout(marks,
        yaxis={"title": {"text": "Visitors"}, "tickformat": "~s", "range": [0, top]},
        xaxis={"range": [date(2021, 10, 1), date(2025, 12, 31)], "dtick": "M6", "tickformat": "%b<br>%Y"},
    )
    fig = _styled(traces, layout, "Visitor flows around the visa-free regime and the tourism years",
                  "Bars: calendar-year counts (hatched where two sources conflict); segments: counts over a part-year "
                  "span. Kazakh-side sources; definitions differ.",
                  _footer(dataset, outlook, source="Sources: Kazakh official figures as reported by the news pages "
                                                   "linked on the dashboard's Milestones page", answer=False,
                          hollow=False),
                  barmode="overlay", legend={"orientation": "v", "x": 0.01, "y": 0.98, "yanchor": "top",
                                             "bgcolor": "rgba(255,255,255,0.85)"}, margin={"t": 80})
    return Chart("visitors", "Visitor flows", data, fig)
