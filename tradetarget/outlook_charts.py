"""Charts of the uncertainty page: fan, reach probability, growth models, named scenarios, the
required-growth gauge and the sensitivity tornado.

Same conventions as :mod:`tradetarget.charts`: each builder returns a :class:`~tradetarget.charts.Chart`
whose ``data`` is a long-form frame of exactly what is drawn (the CSV export) and whose figure is
drawn from that frame, with the shared style and the source/scenario footer. Sources are drawn in
separate panels or rows in their own colours, never blended.

Every builder is ``(dataset, outlook, settings) -> Chart``; ``settings`` is a
:class:`~tradetarget.outlook.ModelSettings`, or an already computed :class:`~tradetarget.outlook.Risk`
(the UI passes its cached one, so the simulation runs once per view). Figures are assembled from
plain dicts in one pass: building them trace by trace with ``make_subplots`` cost ~100 ms a chart.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd

from tradetarget import model
from tradetarget.answer import even_odds_year
from tradetarget.charts import (
    COLORS,
    EXPORT_HEIGHT,
    SCREEN_HEIGHT,
    TARGET_COLOR,
    Chart,
    _footer,
    _styled,
    _symbol,
)
from tradetarget.data import Dataset
from tradetarget.outlook import (
    DEADLINE_SWING_YEARS,
    GROWTH_SWING_PTS,
    METHOD_SENTENCES,
    MODELS,
    SLOWDOWN_HALF_LIFE,
    SLOWDOWN_LONG_RUN_PCT,
    ModelSettings,
    Risk,
    chance,
    risk,
)
from tradetarget.scenario import Outlook

BAND_ALPHA = {"outer": 0.16, "inner": 0.32}
SCENARIO_STYLE = {
    "As reported, Nov 2023": ("#111111", "solid"),
    "Required pace": ("#D95F02", "dash"),
    "Historical average": ("#8C564B", "dot"),
    "Pre-pledge trend": ("#4D7C0F", "dashdot"),
    "Slowdown": ("#E69F00", "longdash"),
}
USER_STYLE = ("#555555", "solid")
FLOW_COLORS = {"exports_usd_bn": "#4D7C0F", "imports_usd_bn": "#8C564B"}
CASE_COLORS = {"low": "#A6A6A6", "high": "#3D3D3D", "other": "#D95F02"}
"""Red and teal mean GACC and BNS everywhere; nothing else uses them."""
CASE_NAMES = {"low": "lower setting", "high": "higher setting", "other": "the other source"}
PANEL_GAP = 0.05
SCENARIO_HEIGHT = 700
"""The scenario chart lists every scenario's value inside each panel, so it needs more height on screen."""
ACTUAL_COLOR = "#222222"
NOTE_COLOR = "#555555"


# --- shared pieces ------------------------------------------------------------------------------------
def _risk(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Risk:
    return settings if isinstance(settings, Risk) else risk(dataset, outlook, settings)


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _ax(col: int) -> str:
    return "" if col == 1 else str(col)


def _panel_axes(n: int, x_range: list[float] | None = None) -> dict:
    """Side-by-side panels sharing the y axis (plain layout dicts, no make_subplots)."""
    n = max(1, n)
    width = (1 - PANEL_GAP * (n - 1)) / n
    layout = {}
    for i in range(n):
        ax = _ax(i + 1)
        x0 = i * (width + PANEL_GAP)
        layout[f"xaxis{ax}"] = {"domain": [x0, x0 + width], "anchor": f"y{ax}", "dtick": 5,
                                **({"range": x_range} if x_range else {})}
        layout[f"yaxis{ax}"] = {"anchor": f"x{ax}", **({"matches": "y", "showticklabels": False} if i else {})}
    return layout


def _on(col: int) -> dict:
    return {"xaxis": f"x{_ax(col)}", "yaxis": f"y{_ax(col)}"}


def _panel_label(col: int, source: str, note: str = "", width: int = 70) -> dict:
    lines = [f"<b>{model.SOURCE_NAMES[source]}</b>", *textwrap.wrap(note, width)] if note else \
        [f"<b>{model.SOURCE_NAMES[source]}</b>"]
    return {"text": "<br>".join(lines), "xref": f"x{_ax(col)} domain", "yref": f"y{_ax(col)} domain",
            "x": 0.01, "y": 0.99, "xanchor": "left", "yanchor": "top", "showarrow": False, "align": "left",
            "font": {"size": 12, "color": COLORS[source]}, "bgcolor": "rgba(255,255,255,0.85)"}


def _target_marks(col: int, outlook: Outlook) -> tuple[list[dict], list[dict]]:
    """The target as a horizontal line and the deadline in force (if any) as a dotted vertical line, labelled."""
    ax, target, deadline = _ax(col), outlook.target_usd_bn, outlook.deadline
    shapes = [{"type": "line", "xref": f"x{ax} domain", "x0": 0, "x1": 1, "yref": f"y{ax}", "y0": target,
               "y1": target, "line": {"color": TARGET_COLOR, "width": 1.5}}]
    notes = [{"text": f"target ${target:g}bn", "xref": f"x{ax} domain", "x": 0.0, "xanchor": "left", "xshift": 4,
              "yref": f"y{ax}", "y": target, "yanchor": "bottom", "showarrow": False,
              "font": {"size": 11, "color": TARGET_COLOR}, "bgcolor": "rgba(255,255,255,0.7)"}]
    if deadline is not None:
        shapes.append({"type": "line", "xref": f"x{ax}", "x0": deadline, "x1": deadline, "yref": f"y{ax} domain",
                       "y0": 0, "y1": 1, "line": {"color": "#888", "width": 1, "dash": "dot"}})
        notes.append({"text": f"{'what-if ' if outlook.overridden else ''}deadline {deadline}", "xref": f"x{ax}",
                      "x": deadline, "xanchor": "right", "xshift": -3, "yref": f"y{ax} domain", "y": 0.0,
                      "yanchor": "bottom", "showarrow": False, "font": {"size": 11, "color": "#666"},
                      "bgcolor": "rgba(255,255,255,0.7)"})
    return shapes, notes


def _actual_frame(dataset: Dataset, source: str) -> pd.DataFrame:
    annual = dataset.annual(source)
    return pd.DataFrame({"source": source, "year": annual["year"].astype(int),
                         "actual_usd_bn": annual["turnover_usd_bn"], "actual_status": annual["status"],
                         "actual_origin": annual.get("origin", "shipped")})


def _actual_trace(dataset: Dataset, rows: pd.DataFrame, col: int, first: bool,
                  name: str = "actual figure") -> dict:
    """Actual annual figures as points only (no line pretends a gap year is data); uploads are diamonds."""
    rows = rows.dropna(subset=["actual_usd_bn"])
    source = rows["source"].iloc[0] if len(rows) else ""
    origin = _actual_frame(dataset, source).set_index("year")["actual_origin"] if source else pd.Series()
    symbols = [_symbol(s, origin.get(int(y), "shipped")) for s, y in zip(rows["actual_status"], rows["year"],
                                                                         strict=True)]
    return {"type": "scatter", "x": rows["year"], "y": rows["actual_usd_bn"], "mode": "markers",
            "name": name, "legendgroup": "actual", "showlegend": first,
            "marker": {"size": 8, "color": ACTUAL_COLOR, "symbol": symbols,
                       "line": {"width": 1.5, "color": ACTUAL_COLOR}},
            "customdata": rows["actual_status"],
            "hovertemplate": f"{source} %{{x}} actual: $%{{y:.1f}}bn (%{{customdata}})<extra></extra>", **_on(col)}


def _x_range(dataset: Dataset, sources: list[str], last: int, first: int | None = None) -> list[float]:
    years = [y for s in sources for y in dataset.years(s)]
    start = min(years + ([first] if first is not None else []), default=last - 10)
    return [start - 0.6, last + 0.6]


def _problems_note(risk_: Risk) -> str:
    return "".join(f" {s}: {p}" for s, p in risk_.problems.items())


def _no_data(risk_: Risk) -> list[dict]:
    if risk_.by_source:
        return []
    text = "<br>".join(textwrap.wrap("Nothing to project: " + "; ".join(risk_.problems.values()), 90))
    return [{"text": text, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False,
             "font": {"size": 14, "color": NOTE_COLOR}}]


def _growth_words(growth_pct: float) -> str:
    """Hover text for a path year's growth; its first year has none (a JSON null would show as +0.0%)."""
    return "start of the path" if pd.isna(growth_pct) else f"growth {growth_pct:+.1f}%"


LEGEND_ROOM = {"t": 140}
"""Top margin with room for a legend that wraps to two rows on a narrow screen, clear of the subtitle."""


def _spread_lines(risk_: Risk) -> list[str]:
    """Which spread method, and each source's history behind it (wrapped for the footer)."""
    parts = [f"{s}: {len(sr.history_pct)} rates {sr.history_years[0]}–{sr.history_years[-1]}"
             for s, sr in risk_.by_source.items() if sr.history_years]
    text = (f"Spread by {METHOD_SENTENCES[risk_.settings.method]} ({'; '.join(parts)}; hindsight included). "
            f"Seed {risk_.settings.seed}.")
    return textwrap.wrap(text, 118)


def _chance_words(outlook: Outlook, risk_: Risk, source: str, spread: bool = False) -> str:
    """'chance of $40bn by 2030: 74%', 'met in 2023 (actual)', or the even-odds year without a deadline."""
    answer = risk_.by_source[source].answer
    if answer.status != "not_yet":
        return risk_.chance_text(source)
    if outlook.deadline is None:
        return f"even chance of ${outlook.target_usd_bn:g}bn by: {risk_.even_odds_text(source)}"
    rates = f" (spread from {len(risk_.by_source[source].history_pct)} past rates)" if spread else ""
    return f"chance of ${outlook.target_usd_bn:g}bn by {outlook.deadline}: {risk_.chance_text(source)}{rates}"


# --- fan ------------------------------------------------------------------------------------------------
def chart_fan(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """Percentile bands (10–90%, 25–75%) and the median of the simulated paths, per source, around the
    slider's constant growth; actual figures as points."""
    risk_ = _risk(dataset, outlook, settings)
    sources = list(risk_.by_source)
    frames = []
    for source in sources:
        fan = risk_.by_source[source].fan.assign(source=source)
        frame = _actual_frame(dataset, source).merge(fan, on=["source", "year"], how="outer")
        frames.append(frame.assign(target_usd_bn=outlook.target_usd_bn).sort_values("year"))
    columns = ["source", "year", "actual_usd_bn", "actual_status", "p10", "p25", "p50", "p75", "p90", "central",
               "target_usd_bn"]
    data = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)

    traces, shapes, notes = [], [], []
    for col, source in enumerate(sources, start=1):
        rows = data[data["source"] == source]
        fan = rows.dropna(subset=["p50"])
        color, first = COLORS[source], col == 1
        for band, (lo, hi), label in (("outer", ("p10", "p90"), "10–90% of paths"),
                                      ("inner", ("p25", "p75"), "25–75% of paths")):
            traces.append({"type": "scatter", "x": fan["year"], "y": fan[hi], "mode": "lines", "line": {"width": 0},
                           "showlegend": False, "hoverinfo": "skip", "legendgroup": band, **_on(col)})
            traces.append({"type": "scatter", "x": fan["year"], "y": fan[lo], "mode": "lines", "line": {"width": 0},
                           "fill": "tonexty", "fillcolor": _rgba(color, BAND_ALPHA[band]), "legendgroup": band,
                           "showlegend": first, "name": label, "customdata": fan[hi],
                           "hovertemplate": f"{source} %{{x}}: {label} between $%{{y:.1f}}bn and "
                                            "$%{customdata:.1f}bn<extra></extra>", **_on(col)})
        traces.append({"type": "scatter", "x": fan["year"], "y": fan["p50"], "mode": "lines",
                       "line": {"color": color, "width": 2.5}, "name": "median", "legendgroup": "median",
                       "showlegend": first, "hovertemplate": f"{source} %{{x}}: median $%{{y:.1f}}bn<extra></extra>",
                       **_on(col)})
        traces.append({"type": "scatter", "x": fan["year"], "y": fan["central"], "mode": "lines",
                       "line": {"color": color, "width": 1.5, "dash": "dash"}, "legendgroup": "central",
                       "name": f"{outlook.view.growth_pct:+g}% every year", "showlegend": first,
                       "hovertemplate": f"{source} %{{x}}: $%{{y:.1f}}bn at a constant rate<extra></extra>",
                       **_on(col)})
        traces.append(_actual_trace(dataset, rows, col, first))
        s, a = _target_marks(col, outlook)
        shapes += s
        notes += a
        notes.append(_panel_label(col, source, _chance_words(outlook, risk_, source, spread=True)))
    ceiling = max(float(data["p90"].max()) if data["p90"].notna().any() else 0.0, outlook.target_usd_bn * 1.3)
    layout = _panel_axes(len(sources), _x_range(dataset, sources, risk_.horizon))
    layout["yaxis"].update(title={"text": "Trade turnover, USD bn"}, range=[0, min(ceiling, outlook.target_usd_bn * 4)])
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_))
    method = "bootstrap" if risk_.settings.method == "bootstrap" else "fitted normal"
    subtitle = (f"{risk_.settings.paths:,} simulated paths per source around the slider's "
                f"{outlook.view.growth_pct:+g}% a year; band width from each source's own year-on-year growth "
                f"({method})." + _problems_note(risk_))
    footer = _footer(dataset, outlook)
    footer[1:1] = _spread_lines(risk_)
    fig = _styled(traces, layout, "How sure? A fan of simulated paths", subtitle, footer, margin=LEGEND_ROOM)
    return Chart("fan", "Fan chart", data, fig)


# --- probability ----------------------------------------------------------------------------------------
def chart_probability(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The chance that the target has been reached in some year up to each year, per source."""
    risk_ = _risk(dataset, outlook, settings)
    deadline, target = outlook.deadline, outlook.target_usd_bn
    frames = [sr.probability.assign(source=s, target_usd_bn=target, met_in_actual_figures=sr.met_year)
              for s, sr in risk_.by_source.items()]
    columns = ["source", "year", "probability", "target_usd_bn", "met_in_actual_figures"]
    data = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)

    traces, notes = [], []
    for i, (source, rows) in enumerate(data.groupby("source", sort=False)):
        traces.append({"type": "scatter", "x": rows["year"], "y": rows["probability"] * 100, "mode": "lines+markers",
                       "name": model.SOURCE_NAMES[source], "line": {"color": COLORS[source], "width": 2.5},
                       "marker": {"size": 6}, "hovertemplate": f"{source}: %{{y:.0f}}% by the end of %{{x}}"
                                                               "<extra></extra>"})
        mark = deadline if deadline is not None else even_odds_year(rows)
        at = rows.loc[rows["year"] == mark, "probability"]
        if at.empty:
            continue
        label = f"{source}: {_chance_words(outlook, risk_, source)}"
        p = float(at.iloc[0])
        short = f"{source}: {chance(p)} by {mark}" if risk_.by_source[source].answer.status == "not_yet" else label
        left = mark < (float(data["year"].min()) + float(data["year"].max())) / 2  # the label goes the roomier way
        notes.append({"x": mark, "y": p * 100, "text": label, "showarrow": True, "arrowhead": 0,
                      "ax": 20 if left else -20, "ay": (40 + 36 * i) * (1 if p >= 0.5 else -1),
                      "xanchor": "left" if left else "right", "align": "left" if left else "right",
                      "font": {"size": 12, "color": COLORS[source]}, "bgcolor": "rgba(255,255,255,0.9)",
                      "name": f"compact:{short}"})
    shapes = []
    if deadline is not None:
        shapes.append({"type": "line", "x0": deadline, "x1": deadline, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": "#888", "width": 1, "dash": "dot"}})
    layout = {"shapes": shapes, "annotations": notes + _no_data(risk_),
              "yaxis": {"title": {"text": f"Chance ${target:g}bn reached"}, "range": [-3, 103], "ticksuffix": "%"},
              "xaxis": {"title": {"text": "By the end of" + ("" if deadline is None else
                                  f" (dotted line: {'what-if ' if outlook.overridden else ''}deadline {deadline})")},
                        "dtick": 2}}
    footer = _footer(dataset, outlook, hollow=False)  # no actual markers here
    fig = _styled(traces, layout, f"Chance of ${target:g}bn, year by year",
                  f"Share of the fan's simulated paths that have been at or above ${target:g}bn in some year up to "
                  "each year; up to each source's latest annual figure, 0% or 100% from the data."
                  + _problems_note(risk_), [footer[0], *_spread_lines(risk_), *footer[1:]])
    return Chart("probability", "Reach probability", data, fig)


# --- growth model ---------------------------------------------------------------------------------------
MODEL_SUBTITLES = {
    "constant": "The same growth every year from the base-year figure.",
    "decay": "Growth starts at the slider rate and fades towards a long-run rate.",
    "trend": "A straight line through the logarithm of each source's annual figures in the window, extended.",
    "two-flow": "Kazakhstan's exports to China and imports from China grow separately; the top of the stack "
                "is turnover, the dotted line the balance (exports minus imports).",
}


def chart_models(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The chosen growth model's path per source; two-flow shows exports and imports stacked, and the balance."""
    risk_ = _risk(dataset, outlook, settings)
    name = risk_.settings.growth_model
    sources = list(risk_.by_source)
    frames = []
    for source in sources:
        sr = risk_.by_source[source]
        actual = _actual_frame(dataset, source)
        path = sr.path if sr.path is not None else pd.DataFrame(columns=["source", "year"])
        frame = actual.merge(path.assign(source=source), on=["source", "year"], how="outer")
        frames.append(frame.assign(assumption=sr.path_note, target_usd_bn=outlook.target_usd_bn).sort_values("year"))
    columns = ["source", "year", "actual_usd_bn", "actual_status", "model", "value_usd_bn", "growth_pct",
               "exports_usd_bn", "imports_usd_bn", "balance_usd_bn", "assumption", "target_usd_bn"]
    data = pd.concat(frames, ignore_index=True).reindex(columns=columns) if frames else pd.DataFrame(columns=columns)

    traces, shapes, notes = [], [], []
    low = 0.0
    for col, source in enumerate(sources, start=1):
        rows = data[data["source"] == source]
        path = rows.dropna(subset=["value_usd_bn"])
        first = col == 1
        if name == "two-flow" and len(path):
            for flow, label in (("exports_usd_bn", "Kazakhstan's exports to China"),
                                ("imports_usd_bn", "Kazakhstan's imports from China")):
                color = FLOW_COLORS[flow]
                traces.append({"type": "scatter", "x": path["year"], "y": path[flow], "mode": "lines",
                               "stackgroup": f"flows{col}", "name": label, "legendgroup": flow, "showlegend": first,
                               "line": {"color": color, "width": 1}, "fillcolor": _rgba(color, 0.45),
                               "hovertemplate": f"{source} {label} %{{x}}: $%{{y:.1f}}bn<extra></extra>", **_on(col)})
            traces.append({"type": "scatter", "x": path["year"], "y": path["balance_usd_bn"], "mode": "lines",
                           "name": "balance (exports − imports)",
                           "legendgroup": "balance", "showlegend": first,
                           "line": {"color": "#111", "width": 2, "dash": "dot"},
                           "hovertemplate": f"{source} balance %{{x}}: $%{{y:.1f}}bn<extra></extra>", **_on(col)})
            shapes.append({"type": "line", "xref": f"x{_ax(col)} domain", "x0": 0, "x1": 1, "yref": f"y{_ax(col)}",
                           "y0": 0, "y1": 0, "line": {"color": "#999", "width": 1}})
            low = min(low, float(path["balance_usd_bn"].min()))
        elif len(path):
            traces.append({"type": "scatter", "x": path["year"], "y": path["value_usd_bn"], "mode": "lines",
                           "name": f"{MODELS[name]} (projection)", "showlegend": first, "legendgroup": "path",
                           "line": {"color": COLORS[source], "width": 2.5},
                           "customdata": [_growth_words(g) for g in path["growth_pct"]],
                           "hovertemplate": f"{source} %{{x}}: $%{{y:.1f}}bn (%{{customdata}})"
                                            "<extra></extra>", **_on(col)})
        traces.append(_actual_trace(dataset, rows, col, first))
        s, a = _target_marks(col, outlook)
        shapes += s
        notes += a
        notes.append(_panel_label(col, source, risk_.by_source[source].path_note))
    top = float(data[["value_usd_bn", "actual_usd_bn"]].max().max()) if len(data) else outlook.target_usd_bn
    high = min(max(top, outlook.target_usd_bn) * 1.08, outlook.target_usd_bn * 4)
    layout = _panel_axes(len(sources), _x_range(dataset, sources, risk_.horizon))
    layout["yaxis"].update(title={"text": "USD bn, flows stacked" if name == "two-flow" else
                                  "Trade turnover, USD bn"},
                           range=[low * 1.1 if low < 0 else 0, high])
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_))
    fig = _styled(traces, layout, "Growth model: " + MODELS[name].lower(),
                  MODEL_SUBTITLES[name] + _problems_note(risk_), _footer(dataset, outlook), margin=LEGEND_ROOM)
    return Chart("model", "Growth model", data, fig)


# --- named scenarios ------------------------------------------------------------------------------------
def chart_scenarios(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The named scenarios and the user's own on one chart, one panel per source."""
    risk_ = _risk(dataset, outlook, settings)
    sources = list(risk_.by_source)
    deadline = outlook.deadline if outlook.deadline is not None else risk_.horizon  # the year values are read
    frames = []
    for source in sources:
        sc = risk_.by_source[source].scenarios.assign(status="projection")
        actual = _actual_frame(dataset, source)
        frames += [sc, pd.DataFrame({"source": source, "scenario": "actual", "assumption": "actual annual figure",
                                     "short": "", "year": actual["year"], "value_usd_bn": actual["actual_usd_bn"],
                                     "status": actual["actual_status"]})]
    columns = ["source", "scenario", "assumption", "short", "year", "value_usd_bn", "status"]
    data = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)

    traces, shapes, notes = [], [], []
    for col, source in enumerate(sources, start=1):
        rows = data[data["source"] == source]
        first = col == 1
        lines = rows[rows["scenario"] != "actual"]
        order = ["Yours", *[n for n in lines["scenario"].unique() if n != "Yours"]]  # yours underneath
        for name in order:
            line = lines[lines["scenario"] == name]
            if line.empty:
                continue
            color, dash = SCENARIO_STYLE.get(name, USER_STYLE)
            yours = name == "Yours"
            traces.append({"type": "scatter", "x": line["year"], "y": line["value_usd_bn"], "mode": "lines",
                           "name": "Yours" if yours else name,
                           "legendgroup": name, "showlegend": first, "legendrank": 900 if yours else 500,
                           "line": {"color": _rgba(color, 0.45) if yours else color, "dash": dash,
                                    "width": 7 if yours else 2},
                           "customdata": line["assumption"],
                           "hovertemplate": f"{name} %{{x}}: $%{{y:.1f}}bn<br>%{{customdata}}<extra></extra>",
                           **_on(col)})
        actual = rows[rows["scenario"] == "actual"].rename(columns={"value_usd_bn": "actual_usd_bn",
                                                                    "status": "actual_status"})
        traces.append(_actual_trace(dataset, actual, col, first))
        s, a = _target_marks(col, outlook)
        shapes += s
        notes += a
        at = lines[lines["year"] == deadline].drop_duplicates("scenario")
        listing = [f"<span style='color:{SCENARIO_STYLE.get(n, USER_STYLE)[0]}'>{n.replace(', Nov 2023', '')} "
                   f"{short}: ${v:.0f}bn</span>"
                   for n, short, v in zip(at["scenario"], at["short"], at["value_usd_bn"], strict=True)]
        label = _panel_label(col, source)
        label["text"] += f"<br>value in {deadline}, growth assumed:<br>" + "<br>".join(listing)
        notes.append(label)
    layout = _panel_axes(len(sources), _x_range(dataset, sources, risk_.horizon))
    layout["yaxis"].update(title={"text": "Trade turnover, USD bn"}, range=[0, outlook.target_usd_bn * 3])
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_))
    footer = _footer(dataset, outlook)
    footer[1:1] = textwrap.wrap(
        "As reported = the PM's +24% of 27 Nov 2023; Required = the constant rate that hits the target at the "
        "deadline; Historical average = compound mean of past year-on-year rates; Pre-pledge trend = log-linear fit "
        f"on years before 2023; Slowdown = the slider rate fading to {SLOWDOWN_LONG_RUN_PCT:+g}% (half-life "
        f"{SLOWDOWN_HALF_LIFE:g} years).", 128)
    skipped = [f"{s}: {sr.scenario_note}" for s, sr in risk_.by_source.items() if sr.scenario_note]
    fig = _styled(traces, layout, "Named scenarios side by side",
                  "Each line starts from the source's latest figure, or the what-if year (yours: where its model "
                  "starts); lines leaving "
                  "the top pass the target early." + "".join(f" Not drawn: {s}." for s in skipped)
                  + _problems_note(risk_), footer, height=SCENARIO_HEIGHT, margin=LEGEND_ROOM)
    return Chart("scenarios", "Named scenarios", data, fig)


# --- required-growth gauge ------------------------------------------------------------------------------
def _gauge_rows(risk_: Risk) -> pd.DataFrame:
    rows = []
    for source, sr in risk_.by_source.items():
        g = sr.gauge
        for _, h in g.history.iterrows():
            rows.append({"source": source, "measure": "past year-on-year growth", "year": int(h["year"]),
                         "growth_pct": h["growth_pct"], "status": h["status"], "label": str(int(h["year"]))})
        if g.average_pct is not None:
            rows.append({"source": source, "measure": "compound average of past years",
                         "year": int(g.history["year"].iloc[-1]), "growth_pct": g.average_pct, "status": "",
                         "label": f"average {g.average_pct:+.1f}%"})
        if g.required_pct is not None:
            beaten, n = g.beaten_by
            rows.append({"source": source, "measure": f"required from {g.base_year} to reach the target by "
                                                      f"{g.deadline}", "year": g.deadline,
                         "growth_pct": g.required_pct, "status": "",
                         "label": f"required {g.required_pct:+.1f}% ({beaten} of {n} past years as fast)"})
        rows.append({"source": source, "measure": "slider rate", "year": g.base_year, "growth_pct": g.slider_pct,
                     "status": "", "label": f"slider {g.slider_pct:+g}%"})
        a = g.answer
        if a is not None:
            year = a.met_year if a.met_year is not None else a.projected_year
            rows.append({"source": source, "measure": "year the target is reached", "year": year,
                         "growth_pct": g.slider_pct, "status": "", "label": _when_sentence(a)})
    return pd.DataFrame(rows, columns=["source", "measure", "year", "growth_pct", "status", "label"])


def _when_sentence(a) -> str:
    """'Met in 2023 (actual: $41.0bn).' or 'At +24% a year from 2024 (latest figure): $40bn in 2026.'"""
    if a.met_year is not None:
        late = "" if a.status == "met" else f", after the {a.deadline} deadline"
        return f"Met in {a.met_year} (actual: ${a.met_value:.1f}bn{late})."
    if a.start_year is None:
        return a.when_help()
    at = f"At {a.growth_pct:+g}% a year {a.start_words} (${a.start_value:.1f}bn)"
    if a.projected == "reached":
        return f"{at}: ${a.target_usd_bn:g}bn in {a.projected_year}."
    return f"{at}: ${a.target_usd_bn:g}bn {a.when()}."


def _by(outlook: Outlook) -> str:
    if outlook.deadline is None:
        return "(no deadline)"
    return f"by {outlook.deadline}" + (" (what-if deadline)" if outlook.overridden else "")


def _start(outlook: Outlook) -> str:
    return f"its {outlook.view.base_year} figure (a what-if)" if outlook.what_if else "its latest annual figure"


def chart_gauge(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The required growth rate beside the slider rate and each source's past year-on-year rates, with the
    years to the target at the slider rate."""
    risk_ = _risk(dataset, outlook, settings)
    data = _gauge_rows(risk_)
    sources = list(risk_.by_source)
    traces, shapes, notes = [], [], []
    values = [float(v) for v in data["growth_pct"]] + [0.0]
    lo, hi = min(values), max(values)
    pad = max(3.0, (hi - lo) * 0.08)
    for row, source in enumerate(sources):
        rows = data[data["source"] == source]
        color, first = COLORS[source], row == 0
        past = rows[rows["measure"] == "past year-on-year growth"]
        if len(past):
            traces.append({"type": "bar", "orientation": "h", "y": [row], "base": [float(past["growth_pct"].min())],
                           "x": [float(past["growth_pct"].max() - past["growth_pct"].min())], "width": 0.22,
                           "marker": {"color": _rgba(color, 0.18), "line": {"width": 0}},
                           "name": "range of past years", "legendgroup": "range", "showlegend": first,
                           "hoverinfo": "skip"})
            traces.append({"type": "scatter", "x": past["growth_pct"], "y": [row] * len(past), "mode": "markers+text",
                           "text": past["label"], "textposition": "top center",
                           "textfont": {"size": 11, "color": color},
                           "marker": {"size": 11, "color": color, "line": {"width": 2, "color": color},
                                      "symbol": ["circle" if s == "reported" else "circle-open"
                                                 for s in past["status"]]},
                           "name": "past year-on-year growth (hollow: provisional/uncertain)",
                           "legendgroup": "past",
                           "showlegend": first, "customdata": past["status"],
                           "hovertemplate": f"{source} %{{text}}: %{{x:+.1f}}% (%{{customdata}})<extra></extra>"})
        below = []
        for measure, symbol, size, name in (
                ("compound average", "line-ns-open", 26, "compound average of past years"),
                ("required", "diamond", 15, "required by the deadline")):
            point = rows[rows["measure"].str.startswith(measure)]
            if point.empty:
                continue
            x = float(point["growth_pct"].iloc[0])
            traces.append({"type": "scatter", "x": [x], "y": [row], "mode": "markers", "name": name,
                           "legendgroup": measure, "showlegend": first,
                           "marker": {"symbol": symbol, "size": size, "color": "#111",
                                      "line": {"width": 3 if symbol.startswith("line") else 1.5,
                                               "color": "#111" if symbol.startswith("line") else "white"}},
                           "hovertemplate": f"{point['label'].iloc[0]}<extra></extra>"})
            below.append((x, point["label"].iloc[0]))
        for i, (x, label) in enumerate(below):  # one row each, so they never overlap at any width
            notes.append({"x": x, "y": row, "text": label, "showarrow": False, "yanchor": "top",
                          "yshift": -12 - 16 * i, "font": {"size": 12, "color": "#111"},
                          "bgcolor": "rgba(255,255,255,0.8)", "name": f"compact:{label.split(' (')[0]}"})
        sentence = rows[rows["measure"] == "years to target at the slider rate"]
        heading = f"<b>{model.SOURCE_NAMES[source]}</b>"
        if len(sentence):
            heading += "  " + sentence["label"].iloc[0]
        notes.append({"xref": "paper", "x": 0, "y": row - 0.42, "text": heading, "showarrow": False,
                      "xanchor": "left", "yanchor": "middle", "align": "left", "font": {"size": 13, "color": color},
                      "bgcolor": "white"})
    rate = outlook.view.growth_pct
    shapes.append({"type": "line", "x0": rate, "x1": rate, "yref": "paper", "y0": 0, "y1": 1,
                   "line": {"color": "#111", "width": 2, "dash": "dash"}})
    shapes.append({"type": "line", "x0": 0, "x1": 0, "yref": "paper", "y0": 0, "y1": 1,
                   "line": {"color": "#bbb", "width": 1}})
    side = "right" if rate > (lo + hi) / 2 else "left"  # the label stays inside the plot
    notes.append({"x": rate, "yref": "paper", "y": 1, "yanchor": "top", "text": f"slider {rate:+g}% a year",
                  "xanchor": side, "xshift": -4 if side == "right" else 4,
                  "showarrow": False, "font": {"size": 12, "color": "#111"}, "bgcolor": "white"})
    n = max(1, len(sources))
    layout = {"shapes": shapes, "annotations": notes + _no_data(risk_), "barmode": "overlay",
              "xaxis": {"title": {"text": "Growth of trade turnover, % a year"}, "ticksuffix": "%",
                        "range": [lo - pad, hi + pad], "zeroline": False},
              "yaxis": {"range": [n - 0.45, -0.85], "showticklabels": False, "showgrid": False}}
    target = outlook.target_usd_bn
    fig = _styled(traces, layout,
                  f"Growth needed for ${target:g}bn {_by(outlook)}, against the slider and the past",
                  f"Each source's required rate from {_start(outlook)}, beside its own past "
                  "year-on-year growth; a required rate inside the shaded range has happened before."
                  + _problems_note(risk_), _footer(dataset, outlook), margin=LEGEND_ROOM)
    return Chart("gauge", "Required growth gauge", data, fig)


# --- sensitivity tornado --------------------------------------------------------------------------------
def _reached_short(text: str) -> str:
    """An answer's :meth:`~tradetarget.answer.Answer.when` for a bar label."""
    if text.startswith("never") or text.startswith("not within"):
        return "never"
    return text


def _settings_text(factor: str, rows: pd.DataFrame) -> str:
    """'+19% a year / +29% a year': the lower setting first; a missing side is named."""
    by_case = dict(zip(rows["case"], rows["setting"], strict=True))
    if "other" in by_case:
        return by_case["other"]
    return (by_case.get("low", f"(no lower {factor})") + " / " + by_case.get("high", f"(no higher {factor})"))


def _tornado_panel(sens: pd.DataFrame, shift: str, text_of, axes: dict, first: bool) -> tuple[list[dict], list[str],
                                                                                              float]:
    """Bars of one source and one measure, sorted by the largest swing (biggest on top)."""
    labels = {factor: f"<b>{factor}</b>  " + _settings_text(factor, rows)
              for factor, rows in sens.groupby("factor", sort=False)}
    finite = sens[shift].abs().dropna()
    extent = max(1.0, float(finite.max()) if len(finite) else 1.0)
    never = sens["year_reached"].isna() & sens["baseline_year_reached"].notna() if shift == "year_shift" else \
        pd.Series(False, index=sens.index)
    length = sens[shift].where(~never, extent * 1.15).fillna(0.0)
    swing = length.abs().groupby(sens["factor"]).max()
    order = [labels[f] for f in swing.sort_values(ascending=True, kind="stable").index]
    traces = []
    for case in ("high", "other", "low"):  # in a horizontal group the first trace is drawn lowest
        rows = sens[sens["case"] == case]
        if rows.empty:
            continue
        x = length[rows.index]
        text = [text_of(r) + (" (same)" if v == 0 and not math.isnan(r[shift]) else "")
                for v, (_, r) in zip(x, rows.iterrows(), strict=True)]
        traces.append({"type": "bar", "orientation": "h", "y": [labels[f] for f in rows["factor"]], "x": x,
                       "offsetgroup": "low" if case == "low" else "high", "marker": {"color": CASE_COLORS[case]},
                       "legendgroup": case, "showlegend": first, "name": CASE_NAMES[case], "text": text,
                       "legendrank": {"low": 1, "high": 2, "other": 3}[case],
                       "textposition": "outside", "cliponaxis": False, "textfont": {"size": 11},
                       "customdata": [f"{s}: {t}" for s, t in zip(rows["setting"], text, strict=True)],
                       "hovertemplate": "%{customdata}<extra></extra>", **axes})
    return traces, order, extent


def chart_tornado(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """How far the year the target is reached and the value at the deadline move when one input changes.

    One panel per source and measure, stacked, each sorted with the largest swing on top. Swings: growth
    ±5 points, base year to the previous/next annual figure, target to the neighbouring ledger targets,
    deadline ±3 years, source to the other source's figure for the base year.
    """
    risk_ = _risk(dataset, outlook, settings)
    sources = list(risk_.by_source)
    frames = {s: risk_.by_source[s].sensitivity for s in sources}
    deadline = next((f.attrs["value_year"] for f in frames.values() if "value_year" in f.attrs), outlook.deadline)
    data = pd.concat(frames.values(), ignore_index=True) if frames else pd.DataFrame()
    measures = (("year_shift", "year the target is reached, shift in years",
                 lambda r: _reached_short(r["year_reached_text"])),
                ("value_shift_usd_bn", f"value at the deadline ({deadline}), shift in USD bn",
                 lambda r: f"${r['value_at_deadline_usd_bn']:.0f}bn"))
    panels = [(s, m) for s in sources for m in measures]
    panel_px, gap_px, top_px = 215, 78, 150
    plot_px = max(1, len(panels) * panel_px + max(0, len(panels) - 1) * gap_px)
    footer = _footer(dataset, outlook, hollow=False)  # bars only
    footer[1:1] = textwrap.wrap(
        f"Swings: growth ±{GROWTH_SWING_PTS:g} points; starting year to the source's previous/next annual figure; "
        f"target to the neighbouring targets in the pledge ledger; deadline ±{DEADLINE_SWING_YEARS} years; source = "
        "the other source's figures. A met target stays met whatever the swing.", 118)
    height = top_px + plot_px + 84 + 17 * len(footer) + 20
    traces, notes, shapes, layout = [], [], [], {}
    for i, (source, (shift, title, text_of)) in enumerate(panels):
        ax = _ax(i + 1)
        top = 1 - i * (panel_px + gap_px) / plot_px
        domain = [max(0.0, top - panel_px / plot_px), top]
        sens = frames[source]
        panel, order, extent = _tornado_panel(sens, shift, text_of, {"xaxis": f"x{ax}", "yaxis": f"y{ax}"}, i == 0)
        traces += panel
        layout[f"xaxis{ax}"] = {"anchor": f"y{ax}", "range": [-extent * 1.45, extent * 1.45], "zeroline": False}
        layout[f"yaxis{ax}"] = {"anchor": f"x{ax}", "domain": domain, "categoryorder": "array",
                                "categoryarray": order, "tickfont": {"size": 12}, "automargin": True}
        shapes.append({"type": "line", "xref": f"x{ax}", "x0": 0, "x1": 0, "yref": f"y{ax} domain", "y0": 0, "y1": 1,
                       "line": {"color": "#333", "width": 1}})
        base_year = sens["baseline_year_reached"].iloc[0] if len(sens) else math.nan
        now = (f"now {int(base_year)}" if shift == "year_shift" and not math.isnan(base_year) else
               "now never at this rate" if shift == "year_shift" else
               f"now ${sens['baseline_value_usd_bn'].iloc[0]:.0f}bn" if len(sens) else "")
        short = "year reached" if shift == "year_shift" else f"value at the deadline ({deadline})"
        notes.append({"text": f"<b>{model.SOURCE_NAMES[source]}</b>: {title} ({now})", "xref": "paper", "x": 0,
                      "name": f"compact:<b>{source}</b>: {short} ({now})",
                      "xanchor": "left", "yref": "paper", "y": domain[1], "yanchor": "bottom", "yshift": 6,
                      "showarrow": False, "font": {"size": 13, "color": COLORS[source]}})
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_), barmode="group", bargap=0.25, bargroupgap=0.05)
    fig = _styled(traces, layout, "Sensitivity: what moves the answer",
                  "One input changed at a time, everything else as chosen. Light grey: the first setting named on "
                  "the left, dark grey: the second; bar labels give the new result." + _problems_note(risk_), footer,
                  height=height, margin={"l": 20, "r": 60, "t": top_px},
                  legend={"yref": "container", "y": 1 - 84 / height, "yanchor": "top"})
    years = [c for c in ("year_reached", "baseline_year_reached", "year_shift") if c in data]
    if years:  # calendar years and whole years in the CSV, not 2024.0
        data = data.assign(**{c: data[c].round().astype("Int64") for c in years})
    return Chart("sensitivity", "Sensitivity", data, fig, export_height=max(EXPORT_HEIGHT, height))


BUILDERS = {
    "fan": chart_fan,
    "probability": chart_probability,
    "scenarios": chart_scenarios,
    "model": chart_models,
    "gauge": chart_gauge,
    "sensitivity": chart_tornado,
}
"""Key -> builder, in page order; the key is the chart's ``key`` (file name kz-cn-trade-<key>)."""


def outlook_charts(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> list[Chart]:
    """Every chart of the uncertainty page, in page order (the simulation runs once)."""
    risk_ = _risk(dataset, outlook, settings)
    return [build(dataset, outlook, risk_) for build in BUILDERS.values()]


__all__ = ["BUILDERS", "SCREEN_HEIGHT", "chart_fan", "chart_gauge", "chart_models", "chart_probability",
           "chart_scenarios", "chart_tornado", "outlook_charts"]
