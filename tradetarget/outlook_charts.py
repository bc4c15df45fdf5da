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
from functools import lru_cache

import pandas as pd

from tradetarget import screen, wording
from tradetarget.answer import even_odds_year, sentence_join
from tradetarget.charts import (
    COLORS,
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    FOOTER_WIDTH,
    SCREEN_HEIGHT,
    TARGET_COLOR,
    Chart,
    _footer,
    _styled,
    _symbol,
    wrapped,
)
from tradetarget.data import Dataset
from tradetarget.i18n import Messages, messages
from tradetarget.outlook import (
    DEADLINE_SWING_YEARS,
    GROWTH_SWING_PTS,
    SLOWDOWN_HALF_LIFE,
    SLOWDOWN_LONG_RUN_PCT,
    ModelSettings,
    Risk,
    chance,
    factor_label,
    method_sentence,
    model_label,
    risk,
    scenario_label,
    year_runs,
)
from tradetarget.scenario import Outlook
from tradetarget.uncertainty import num_g, pct_f, pct_g

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
"""English names of the cases; every language's are ``outlook.case.<case>`` in the catalogue."""
PANEL_GAP = 0.05
SCENARIO_HEIGHT = 700
"""The scenario chart lists every scenario's value inside each panel, so it needs more height on screen."""
ACTUAL_COLOR = "#222222"
NOTE_COLOR = "#555555"


# --- shared pieces ------------------------------------------------------------------------------------
def _risk(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Risk:
    return settings if isinstance(settings, Risk) else risk(dataset, outlook, settings)


def _t(outlook: Outlook) -> Messages:
    """The messages of the view's language (looked up once per chart)."""
    return messages(outlook.view.lang)


def _wrap(text: str, width: int, lang: str) -> list[str]:
    """Footer and label lines: English as ``textwrap`` always broke them; other languages by display width
    (Chinese between characters, a Chinese character counted as two)."""
    if lang == "en":
        return textwrap.wrap(text, width)
    return [line for line in screen.wrap_lines(text, width) if line.strip()]


@lru_cache(maxsize=8192)
def _money_text(lang: str, value: float, digits: int | None) -> str:
    return messages(lang).money(value, digits)


def _money_list(t: Messages, values, digits: int | None = 1) -> list[str]:
    """Values in USD bn as the language writes them, one per point (hover text is precomputed so ru/kk get
    decimal commas and zh 亿美元; plotly's own number format knows only one style). Babel's compact format is
    slow, so each text is cached across reruns."""
    return ["" if pd.isna(v) else _money_text(t.lang, round(float(v), 6), digits) for v in values]


def _source_name(t: Messages, source: str) -> str:
    return t(f"source.{source}.short")


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


CJK_LETTER = 1.2
"""A Chinese character at the charts' 12 px is about 1.2 times two Latin letters wide: a panel's note in Chinese
wraps sooner (a two-flow note ran past its half of the figure)."""


def _panel_label(col: int, source: str, note: str = "", width: int = 70, lang: str = "en") -> dict:
    name = f"<b>{_source_name(messages(lang), source)}</b>"
    width = int(width / CJK_LETTER) if lang == "zh" else width
    lines = [name, *_wrap(note, width, lang)] if note else [name]
    return {"text": "<br>".join(lines), "xref": f"x{_ax(col)} domain", "yref": f"y{_ax(col)} domain",
            "x": 0.01, "y": 0.99, "xanchor": "left", "yanchor": "top", "showarrow": False, "align": "left",
            "font": {"size": 12, "color": COLORS[source]}, "bgcolor": "rgba(255,255,255,0.85)"}


def _target_marks(col: int, outlook: Outlook) -> tuple[list[dict], list[dict]]:
    """The target as a horizontal line and the deadline in force (if any) as a dotted vertical line, labelled."""
    ax, target, deadline, t = _ax(col), outlook.target_usd_bn, outlook.deadline, _t(outlook)
    shapes = [{"type": "line", "xref": f"x{ax} domain", "x0": 0, "x1": 1, "yref": f"y{ax}", "y0": target,
               "y1": target, "line": {"color": TARGET_COLOR, "width": 1.5}}]
    notes = [{"text": t("outlook.chart.target", value=t.money(target, None)), "xref": f"x{ax} domain", "x": 0.0,
              "xanchor": "left", "xshift": 4,
              "yref": f"y{ax}", "y": target, "yanchor": "bottom", "showarrow": False,
              "font": {"size": 11, "color": TARGET_COLOR}, "bgcolor": "rgba(255,255,255,0.7)"}]
    if deadline is not None:
        shapes.append({"type": "line", "xref": f"x{ax}", "x0": deadline, "x1": deadline, "yref": f"y{ax} domain",
                       "y0": 0, "y1": 1, "line": {"color": "#888", "width": 1, "dash": "dot"}})
        notes.append({"text": _deadline_words(t, outlook), "xref": f"x{ax}",
                      "x": deadline, "xanchor": "right", "xshift": -3, "yref": f"y{ax} domain", "y": 0.0,
                      "yanchor": "bottom", "showarrow": False, "font": {"size": 11, "color": "#666"},
                      "bgcolor": "rgba(255,255,255,0.7)"})
    return shapes, notes


def _deadline_words(t: Messages, outlook: Outlook) -> str:
    """'deadline 2030' or 'what-if deadline 2035'."""
    return t("outlook.chart.deadline_what_if" if outlook.overridden else "outlook.chart.deadline",
             year=outlook.deadline)


def _with_key(footer: list[str], outlook: Outlook, lines: list[str]) -> list[str]:
    """The footer with ``lines`` (a chart's own key: its spread, its scenarios, its swings) after the headline,
    which :func:`~tradetarget.charts._footer` puts first and wraps to as many lines as it needs."""
    at = len(wrapped(outlook.headline, outlook.view.lang))
    return [*footer[:at], *lines, *footer[at:]]


def _actual_frame(dataset: Dataset, source: str) -> pd.DataFrame:
    annual = dataset.annual(source)
    return pd.DataFrame({"source": source, "year": annual["year"].astype(int),
                         "actual_usd_bn": annual["turnover_usd_bn"], "actual_status": annual["status"],
                         "actual_origin": annual.get("origin", "shipped")})


def _actual_trace(dataset: Dataset, rows: pd.DataFrame, col: int, first: bool, t: Messages) -> dict:
    """Actual annual figures as points only (no line pretends a gap year is data); uploads are diamonds."""
    rows = rows.dropna(subset=["actual_usd_bn"])
    source = rows["source"].iloc[0] if len(rows) else ""
    origin = _actual_frame(dataset, source).set_index("year")["actual_origin"] if source else pd.Series()
    symbols = [_symbol(s, origin.get(int(y), "shipped")) for s, y in zip(rows["actual_status"], rows["year"],
                                                                         strict=True)]
    hover = [t("outlook.chart.hover.actual", source=source, year=int(y), value=v,
               status=wording.status(s, t.lang))
             for y, v, s in zip(rows["year"], _money_list(t, rows["actual_usd_bn"]), rows["actual_status"],
                                strict=True)]
    return {"type": "scatter", "x": rows["year"], "y": rows["actual_usd_bn"], "mode": "markers",
            "name": t("outlook.chart.actual"), "legendgroup": "actual", "showlegend": first,
            "marker": {"size": 8, "color": ACTUAL_COLOR, "symbol": symbols,
                       "line": {"width": 1.5, "color": ACTUAL_COLOR}},
            "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>", **_on(col)}


def _x_range(dataset: Dataset, sources: list[str], last: int, first: int | None = None) -> list[float]:
    years = [y for s in sources for y in dataset.years(s)]
    start = min(years + ([first] if first is not None else []), default=last - 10)
    return [start - 0.6, last + 0.6]


def _problems_note(risk_: Risk) -> str:
    t = messages(risk_.lang)
    return "".join(" " + t("outlook.chart.labelled", name=s, text=p) for s, p in risk_.problems.items())


def _no_data(risk_: Risk, t: Messages) -> list[dict]:
    if risk_.by_source:
        return []
    problems = t("charts.list_separator").join(risk_.problems.values())  # "a; b" / "a；b"
    text = "<br>".join(_wrap(t("outlook.chart.nothing", problems=problems), 90, t.lang))
    return [{"text": text, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False,
             "font": {"size": 14, "color": NOTE_COLOR}}]


def _growth_words(growth_pct: float, t: Messages) -> str:
    """Hover text for a path year's growth; its first year has none (a JSON null would show as +0.0%)."""
    return t("outlook.chart.path_start") if pd.isna(growth_pct) else \
        t("outlook.chart.growth", rate=pct_f(t, growth_pct))


LABEL_CHARS = 36
"""A label on the data (the chance at the deadline) wraps beyond this many Latin letters' width, to even lines:
a long one would reach across the neighbouring years' markers."""
LABEL_ROOM_SHARE, AXIS_PAD_YEARS = 0.38, 0.6
"""The share of the chance chart's x axis a label beside its point needs (a phone's short label of
:data:`PHONE_LABEL_CHARS` with its arrow, on a 390 px screen), and the axis's padding beyond its first and last year.
The default view (a 2030 deadline, simulated to 2035) has it without widening the axis."""
PHONE_LABEL_CHARS = 15
"""A phone's short label (``compact:``) wraps beyond this many Latin letters' width, so it fits beside its point."""
LABEL_GAP_PCT, LABEL_STEP_PCT = 6, 15
"""The chance chart's labels: the first this many points under (or over) the marked chances, each next one lower
(or higher) by a label's height (two lines, about 15 points of a screen chart's axis)."""
LEGEND_ROOM = {"t": 140}
"""Top margin with room for a legend that wraps to two rows on a narrow screen, clear of the subtitle."""


def _spread_lines(risk_: Risk, t: Messages) -> list[str]:
    """Which spread method, and each source's history behind it (wrapped for the footer)."""
    parts = [t.n("outlook.chart.spread.rates", len(sr.history_pct), source=s, first=sr.history_years[0],
                 last=sr.history_years[-1])
             for s, sr in risk_.by_source.items() if sr.history_years]
    text = t("outlook.chart.spread", method=method_sentence(risk_.settings.method, t.lang),
             parts=t("charts.list_separator").join(parts),
             seed=risk_.settings.seed)
    caution = risk_.caution_text()
    return _wrap(text, 118, t.lang) + (_wrap(caution, 118, t.lang) if caution else [])


def _chance_words(outlook: Outlook, risk_: Risk, source: str) -> str:
    """'chance of $40bn by 2030: 85% (from 4 yearly changes, 2021–2024)', 'met in 2023 (actual)', or the even-odds
    year without a deadline: a simulated chance always says what it rests on."""
    answer, t = risk_.by_source[source].answer, _t(outlook)
    if answer.status != "not_yet":
        return risk_.chance_text(source)
    target = t.money(outlook.target_usd_bn, None).replace(" ", "\u00a0")  # an amount is never broken
    basis = risk_.basis_text(source)
    if outlook.deadline is None:
        return t("outlook.chart.even_chance_basis", target=target, year=risk_.even_odds_text(source), basis=basis)
    return t("outlook.chart.chance_basis", target=target, year=outlook.deadline, chance=risk_.chance_text(source),
             basis=basis)


# --- fan ------------------------------------------------------------------------------------------------
def chart_fan(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """Percentile bands (10–90%, 25–75%) and the median of the simulated paths, per source, around the
    slider's constant growth; actual figures as points."""
    risk_, t = _risk(dataset, outlook, settings), _t(outlook)
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
        years = fan["year"].astype(int).tolist()
        for band, (lo, hi) in (("outer", ("p10", "p90")), ("inner", ("p25", "p75"))):
            label = t(f"outlook.chart.band.{band}")
            hover = [t("outlook.chart.hover.band", source=source, year=y, band=label, low=low, high=high)
                     for y, low, high in zip(years, _money_list(t, fan[lo]), _money_list(t, fan[hi]), strict=True)]
            traces.append({"type": "scatter", "x": fan["year"], "y": fan[hi], "mode": "lines", "line": {"width": 0},
                           "showlegend": False, "hoverinfo": "skip", "legendgroup": band, **_on(col)})
            traces.append({"type": "scatter", "x": fan["year"], "y": fan[lo], "mode": "lines", "line": {"width": 0},
                           "fill": "tonexty", "fillcolor": _rgba(color, BAND_ALPHA[band]), "legendgroup": band,
                           "showlegend": first, "name": label, "customdata": hover,
                           "hovertemplate": "%{customdata}<extra></extra>", **_on(col)})
        median = [t("outlook.chart.hover.median", source=source, year=y, value=v)
                  for y, v in zip(years, _money_list(t, fan["p50"]), strict=True)]
        # the median is the central path itself (mirrored shocks: tradetarget.uncertainty), so one line, named so
        traces.append({"type": "scatter", "x": fan["year"], "y": fan["p50"], "mode": "lines",
                       "line": {"color": color, "width": 2.5},
                       "name": t("outlook.chart.median", rate=pct_g(t, outlook.view.growth_pct)),
                       "legendgroup": "median", "showlegend": first, "customdata": median,
                       "hovertemplate": "%{customdata}<extra></extra>", **_on(col)})
        traces.append(_actual_trace(dataset, rows, col, first, t))
        s, a = _target_marks(col, outlook)
        shapes += s
        notes += a
        notes.append(_panel_label(col, source, _chance_words(outlook, risk_, source), lang=t.lang))
    ceiling = max(float(data["p90"].max()) if data["p90"].notna().any() else 0.0, outlook.target_usd_bn * 1.3)
    layout = _panel_axes(len(sources), _x_range(dataset, sources, risk_.horizon))
    layout["yaxis"].update(title={"text": t("outlook.chart.axis.turnover")},
                           range=[0, min(ceiling, outlook.target_usd_bn * 4)])
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_, t))
    paths = f"{risk_.settings.paths:,}" if t.lang == "en" else t.num(risk_.settings.paths, 0)
    subtitle = t("outlook.chart.fan.subtitle", paths=paths, rate=pct_g(t, outlook.view.growth_pct),
                 method=t(f"outlook.method.short.{risk_.settings.method}")) + _problems_note(risk_)
    footer = _with_key(_footer(dataset, outlook), outlook, _spread_lines(risk_, t))
    fig = _styled(traces, layout, t("outlook.chart.fan.title"), subtitle, footer, margin=LEGEND_ROOM, lang=t.lang)
    return Chart("fan", t("outlook.chart.fan.name"), data, fig)


# --- probability ----------------------------------------------------------------------------------------
def _settled(sr, year: int) -> bool:
    """Whether the actual figures settle the chance by ``year``: met by then, or no later than the latest figure."""
    a = sr.answer
    return (a.met_year is not None and a.met_year <= year) or year <= a.latest_year


def _shown_chance(sr, year: int, p: float, risk_: Risk, t: Messages) -> str:
    """The chance by ``year`` as shown (the CSV's ``chance_shown``): rounded (:func:`~tradetarget.outlook.chance`)
    when simulated; 'reached in 2023 (actual figures)' or 'not reached by the end of 2024 (actual figures)' where
    the actual figures settle it."""
    a = sr.answer
    if a.met_year is not None and a.met_year <= year:
        return t("outlook.settled.reached", year=a.met_year)
    if year <= a.latest_year:
        return t("outlook.settled.not_reached", year=year)
    return chance(p, t.lang)


def _chance_hover(sr, year: int, shown: str, risk_: Risk, t: Messages) -> str:
    """Hover text of one year on the chance chart: a simulated chance with what it rests on, or the actual figures."""
    if _settled(sr, year):
        return t("outlook.chart.labelled", name=sr.source, text=shown)
    return t("outlook.chart.hover.probability", source=sr.source, chance=shown, year=year,
             basis=risk_.basis_text(sr.source))


def _chance_labels(outlook: Outlook, risk_: Risk, marks: list[tuple[str, int, float]], t: Messages,
                   span: list[float]) -> tuple[list[dict], list[float]]:
    """Each source's chance at its marked year (the deadline, or the even-odds year) as a label on the chance chart,
    and the x axis's years widened to hold them.

    A chance curve never falls: right of a point every curve is at or above its own value there, left of it at or
    below. So labels hang below the lowest marked chance and read rightwards, or stand above the highest and read
    leftwards; then no source's line runs through them. They are placed in the axis's units (percent), one under
    the other; the axis widens to give them :data:`LABEL_ROOM_SHARE` of its width on their side."""
    notes = []
    if not marks:
        return notes, span
    low, high = min(p for *_, p in marks), max(p for *_, p in marks)
    for k, (source, mark, p) in enumerate(marks):
        below = low >= 0.4 or (high > 0.6 and p >= 0.5)  # all under the lowest, all over the highest, or each its own
        level = (low if low >= 0.4 else p) if below else (high if high <= 0.6 else p)
        label = t("outlook.chart.labelled", name=source, text=_chance_words(outlook, risk_, source))
        label = screen.wrap(label, screen.budget(LABEL_CHARS, t.lang), balanced=True)
        answer = risk_.by_source[source].answer
        short = (t("outlook.chart.prob.short", source=source, chance=chance(p, t.lang), year=mark)
                 if answer.status == "not_yet" else t("outlook.chart.labelled", name=source,
                                                      text=risk_.even_odds_text(source) if answer.met_year is not None
                                                      else risk_.chance_text(source)))
        short = screen.wrap(short, screen.budget(PHONE_LABEL_CHARS, t.lang), balanced=True)
        # room for the label: a share of the axis (labels are as wide on a short axis as on a long one)
        start, end, share = span[0] - AXIS_PAD_YEARS, span[1] + AXIS_PAD_YEARS, LABEL_ROOM_SHARE
        if below:
            span[1] = max(span[1], (mark - share * start) / (1 - share) - AXIS_PAD_YEARS)
        else:
            span[0] = min(span[0], (mark - share * end) / (1 - share) + AXIS_PAD_YEARS)
        step = LABEL_GAP_PCT + LABEL_STEP_PCT * k
        notes.append({"x": mark, "y": p * 100, "text": label, "showarrow": True, "arrowhead": 0,
                      "ax": 10 if below else -10, "ayref": "y", "ay": level * 100 + (-step if below else step),
                      "xanchor": "left" if below else "right", "yanchor": "top" if below else "bottom",
                      "align": "left" if below else "right",
                      "font": {"size": 12, "color": COLORS[source]}, "bgcolor": "rgba(255,255,255,0.9)",
                      "name": f"compact:{short}"})
    return notes, span


def chart_probability(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The chance that the target has been reached in some year up to each year, per source."""
    risk_, t = _risk(dataset, outlook, settings), _t(outlook)
    deadline, target = outlook.deadline, outlook.target_usd_bn
    money = t.money(target, None)
    frames = [sr.probability.assign(source=s, target_usd_bn=target, met_in_actual_figures=sr.met_year,
                                    chance_shown=[_shown_chance(sr, int(y), p, risk_, t)
                                                  for y, p in zip(sr.probability["year"], sr.probability["probability"],
                                                                  strict=True)],
                                    yearly_changes=len(sr.history_years),
                                    changes_years=year_runs(sr.history_years, t.lang))
              for s, sr in risk_.by_source.items()]
    columns = ["source", "year", "probability", "chance_shown", "yearly_changes", "changes_years", "target_usd_bn",
               "met_in_actual_figures"]
    data = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)

    traces, marks = [], []
    for source, rows in data.groupby("source", sort=False):
        hover = [_chance_hover(risk_.by_source[source], int(y), shown, risk_, t)
                 for y, shown in zip(rows["year"], rows["chance_shown"], strict=True)]
        traces.append({"type": "scatter", "x": rows["year"], "y": rows["probability"] * 100, "mode": "lines+markers",
                       "name": _source_name(t, source), "line": {"color": COLORS[source], "width": 2.5},
                       "marker": {"size": 6}, "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>"})
        mark = deadline if deadline is not None else even_odds_year(rows)
        at = rows.loc[rows["year"] == mark, "probability"]
        if not at.empty:
            marks.append((source, mark, float(at.iloc[0])))
    notes, span = _chance_labels(outlook, risk_, marks, t, [float(data["year"].min()), float(data["year"].max())]
                                 if len(data) else [])
    shapes = []
    if deadline is not None:
        shapes.append({"type": "line", "x0": deadline, "x1": deadline, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": "#888", "width": 1, "dash": "dot"}})
    x_title = t("outlook.chart.prob.x") if deadline is None else \
        t("outlook.chart.prob.x_deadline", deadline=_deadline_words(t, outlook))
    layout = {"shapes": shapes, "annotations": notes + _no_data(risk_, t),
              "yaxis": {"title": {"text": t("outlook.chart.prob.y", target=money)}, "range": [-3, 103],
                        "ticksuffix": "%"},
              # the years, and room beside a point for its label: plotly's autorange would widen the axis further
              "xaxis": {"title": {"text": x_title}, "dtick": 2,
                        **({"range": [span[0] - AXIS_PAD_YEARS, span[1] + AXIS_PAD_YEARS]} if span else {})}}
    footer = _footer(dataset, outlook, hollow=False)  # no actual markers here
    fig = _styled(traces, layout, t("outlook.chart.prob.title", target=money),
                  t("outlook.chart.prob.subtitle", target=money) + _problems_note(risk_),
                  _with_key(footer, outlook, _spread_lines(risk_, t)), lang=t.lang)
    return Chart("probability", t("outlook.chart.prob.name"), data, fig)


# --- growth model ---------------------------------------------------------------------------------------
MODEL_SUBTITLES = {
    "constant": "The same growth every year from the base-year figure.",
    "decay": "Growth starts at the slider rate and fades towards a long-run rate.",
    "trend": "A straight line through the logarithm of each source's annual figures in the window, extended.",
    "two-flow": "Kazakhstan's exports to China and imports from China grow separately; the top of the stack "
                "is turnover, the dotted line the balance (exports minus imports).",
}
"""English subtitles; every language's are ``outlook.chart.model.subtitle.<model>`` in the catalogue."""


def chart_models(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The chosen growth model's path per source; two-flow shows exports and imports stacked, and the balance."""
    risk_, t = _risk(dataset, outlook, settings), _t(outlook)
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
            years = path["year"].astype(int).tolist()
            for flow in ("exports_usd_bn", "imports_usd_bn"):
                color, label = FLOW_COLORS[flow], t(f"outlook.chart.flow.{flow.split('_')[0]}")
                hover = [t("outlook.chart.hover.flow", source=source, flow=label, year=y, value=v)
                         for y, v in zip(years, _money_list(t, path[flow]), strict=True)]
                traces.append({"type": "scatter", "x": path["year"], "y": path[flow], "mode": "lines",
                               "stackgroup": f"flows{col}", "name": label, "legendgroup": flow, "showlegend": first,
                               "line": {"color": color, "width": 1}, "fillcolor": _rgba(color, 0.45),
                               "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>", **_on(col)})
            hover = [t("outlook.chart.hover.balance", source=source, year=y, value=v)
                     for y, v in zip(years, _money_list(t, path["balance_usd_bn"]), strict=True)]
            traces.append({"type": "scatter", "x": path["year"], "y": path["balance_usd_bn"], "mode": "lines",
                           "name": t("outlook.chart.flow.balance"),
                           "legendgroup": "balance", "showlegend": first,
                           "line": {"color": "#111", "width": 2, "dash": "dot"},
                           "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>", **_on(col)})
            shapes.append({"type": "line", "xref": f"x{_ax(col)} domain", "x0": 0, "x1": 1, "yref": f"y{_ax(col)}",
                           "y0": 0, "y1": 0, "line": {"color": "#999", "width": 1}})
            low = min(low, float(path["balance_usd_bn"].min()))
        elif len(path):
            where = [t("outlook.chart.hover.path", source=source, year=int(y), value=v)
                     for y, v in zip(path["year"], _money_list(t, path["value_usd_bn"]), strict=True)]
            traces.append({"type": "scatter", "x": path["year"], "y": path["value_usd_bn"], "mode": "lines",
                           "name": t("outlook.chart.model.projection", model=model_label(name, t.lang)),
                           "showlegend": first, "legendgroup": "path",
                           "line": {"color": COLORS[source], "width": 2.5}, "text": where,
                           "customdata": [_growth_words(g, t) for g in path["growth_pct"]],
                           "hovertemplate": "%{text} (%{customdata})<extra></extra>", **_on(col)})
        traces.append(_actual_trace(dataset, rows, col, first, t))
        s, a = _target_marks(col, outlook)
        shapes += s
        notes += a
        notes.append(_panel_label(col, source, lang=t.lang))  # the name alone: a note in the plot covered data
    # each source's assumption (a trend's years and slope, a decay's half-life) in the subtitle, under the title on
    # paper and in the caption on screen
    assumptions = [t.full_stop(t("outlook.chart.labelled", name=s, text=sr.path_note))
                   for s, sr in risk_.by_source.items() if sr.path_note]
    top = float(data[["value_usd_bn", "actual_usd_bn"]].max().max()) if len(data) else outlook.target_usd_bn
    high = min(max(top, outlook.target_usd_bn) * 1.08, outlook.target_usd_bn * 4)
    layout = _panel_axes(len(sources), _x_range(dataset, sources, risk_.horizon))
    layout["yaxis"].update(title={"text": t("outlook.chart.axis.flows") if name == "two-flow" else
                                  t("outlook.chart.axis.turnover")},
                           range=[low * 1.1 if low < 0 else 0, high])
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_, t))
    fig = _styled(traces, layout, t("outlook.chart.model.title", model=model_label(name, t.lang).lower()),
                  sentence_join([t(f"outlook.chart.model.subtitle.{name}"), *assumptions], t.lang)
                  + _problems_note(risk_), _footer(dataset, outlook),
                  margin=LEGEND_ROOM, lang=t.lang)
    return Chart("model", t("outlook.chart.model.name"), data, fig)


# --- named scenarios ------------------------------------------------------------------------------------
def chart_scenarios(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The named scenarios and the user's own on one chart, one panel per source."""
    risk_, t = _risk(dataset, outlook, settings), _t(outlook)
    sources = list(risk_.by_source)
    deadline = outlook.deadline if outlook.deadline is not None else risk_.horizon  # the year values are read
    frames = []
    for source in sources:
        sc = risk_.by_source[source].scenarios.assign(status="projection")
        actual = _actual_frame(dataset, source)
        frames += [sc, pd.DataFrame({"source": source, "scenario": "actual",
                                     "assumption": t("outlook.chart.actual_annual"),
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
            label = scenario_label(name, t.lang)
            hover = [t("outlook.chart.hover.scenario", name=label, year=int(y), value=v, assumption=a)
                     for y, v, a in zip(line["year"], _money_list(t, line["value_usd_bn"]), line["assumption"],
                                        strict=True)]
            traces.append({"type": "scatter", "x": line["year"], "y": line["value_usd_bn"], "mode": "lines",
                           "name": label,
                           "legendgroup": name, "showlegend": first, "legendrank": 900 if yours else 500,
                           "line": {"color": _rgba(color, 0.45) if yours else color, "dash": dash,
                                    "width": 7 if yours else 2},
                           "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>", **_on(col)})
        actual = rows[rows["scenario"] == "actual"].rename(columns={"value_usd_bn": "actual_usd_bn",
                                                                    "status": "actual_status"})
        traces.append(_actual_trace(dataset, actual, col, first, t))
        s, a = _target_marks(col, outlook)
        shapes += s
        notes += a
        at = lines[lines["year"] == deadline].drop_duplicates("scenario")
        listing = [f"<span style='color:{SCENARIO_STYLE.get(n, USER_STYLE)[0]}'>"
                   + t("outlook.chart.scen.listing", name=scenario_label(n, t.lang, short=True), short=short,
                       value=t.money(v, 0)) + "</span>"
                   for n, short, v in zip(at["scenario"], at["short"], at["value_usd_bn"], strict=True)]
        label = _panel_label(col, source, lang=t.lang)
        label["text"] += "<br>" + t("outlook.chart.scen.heading", year=deadline) + "<br>" + "<br>".join(listing)
        notes.append(label)
    layout = _panel_axes(len(sources), _x_range(dataset, sources, risk_.horizon))
    layout["yaxis"].update(title={"text": t("outlook.chart.axis.turnover")}, range=[0, outlook.target_usd_bn * 3])
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_, t))
    footer = _with_key(_footer(dataset, outlook), outlook,
                       _wrap(t("outlook.chart.scen.key", slow=pct_g(t, SLOWDOWN_LONG_RUN_PCT),
                               years=t.years(SLOWDOWN_HALF_LIFE)), 128, t.lang))
    skipped = [t("outlook.chart.labelled", name=s, text=sr.scenario_note)
               for s, sr in risk_.by_source.items() if sr.scenario_note]
    fig = _styled(traces, layout, t("outlook.chart.scen.title"),
                  t("outlook.chart.scen.subtitle") + "".join(t("outlook.chart.scen.not_drawn", what=s) for s in skipped)
                  + _problems_note(risk_), footer, height=SCENARIO_HEIGHT, margin=LEGEND_ROOM, lang=t.lang)
    if t.lang != "en":  # the scenario names in the reader's language in the CSV too
        data = data.assign(scenario=[scenario_label(n, t.lang) for n in data["scenario"]])
    return Chart("scenarios", t("outlook.chart.scen.name"), data, fig)


# --- required-growth gauge ------------------------------------------------------------------------------
def _gauge_rows(risk_: Risk, t: Messages) -> pd.DataFrame:
    """The gauge's rows; ``kind`` (past, average, required, slider, reached) is what the chart reads, ``measure``
    and ``label`` are the words, ``compact`` a label's phone form."""
    rows = []
    for source, sr in risk_.by_source.items():
        g = sr.gauge
        for _, h in g.history.iterrows():
            rows.append({"source": source, "kind": "past", "measure": t("outlook.chart.gauge.past"),
                         "year": int(h["year"]), "growth_pct": h["growth_pct"], "status": h["status"],
                         "label": str(int(h["year"]))})
        if g.average_pct is not None:
            label = t("outlook.chart.gauge.average_label", rate=pct_f(t, g.average_pct))
            rows.append({"source": source, "kind": "average", "measure": t("outlook.chart.gauge.average"),
                         "year": int(g.history["year"].iloc[-1]), "growth_pct": g.average_pct, "status": "",
                         "label": label, "compact": label})
        if g.required_pct is not None:
            beaten, n = g.beaten_by
            rate = pct_f(t, g.required_pct)
            rows.append({"source": source, "kind": "required",
                         "measure": t("outlook.chart.gauge.required", year=g.base_year, deadline=g.deadline),
                         "year": g.deadline, "growth_pct": g.required_pct, "status": "",
                         "label": t.n("outlook.chart.gauge.required_label", n, rate=rate, beaten=beaten),
                         "compact": t("outlook.chart.gauge.required_short", rate=rate)})
        rows.append({"source": source, "kind": "slider", "measure": t("outlook.chart.gauge.slider"),
                     "year": g.base_year, "growth_pct": g.slider_pct, "status": "",
                     "label": t("outlook.chart.gauge.slider_label", rate=pct_g(t, g.slider_pct))})
        a = g.answer
        if a is not None:
            year = a.met_year if a.met_year is not None else a.projected_year
            rows.append({"source": source, "kind": "reached", "measure": t("outlook.chart.gauge.reached"),
                         "year": year, "growth_pct": g.slider_pct, "status": "", "label": _when_sentence(a, t)})
    return pd.DataFrame(rows, columns=["source", "kind", "measure", "year", "growth_pct", "status", "label", "compact"])


def _when_sentence(a, t: Messages) -> str:
    """'Met in 2023 (actual: $41.0bn).' or 'At +24% a year from 2024 (latest figure): $40bn in 2026.'"""
    if a.met_year is not None:
        if a.status == "met":
            return t("outlook.chart.when.met", year=a.met_year, value=t.money(a.met_value))
        return t("outlook.chart.when.met_late", year=a.met_year, value=t.money(a.met_value), deadline=a.deadline)
    if a.start_year is None:
        return a.when_help()
    at = {"rate": pct_g(t, a.growth_pct), "start": a.start_words, "value": t.money(a.start_value),
          "target": t.money(a.target_usd_bn, None)}
    if a.projected == "reached":
        return t("outlook.chart.when.reached", year=a.projected_year, **at)
    return t("outlook.chart.when.other", when=a.when(), **at)


def _by(outlook: Outlook, t: Messages) -> str:
    if outlook.deadline is None:
        return t("outlook.chart.by.none")
    return t("outlook.chart.by.what_if" if outlook.overridden else "outlook.chart.by.year", year=outlook.deadline)


def _start(outlook: Outlook, t: Messages) -> str:
    return t("outlook.chart.start.what_if", year=outlook.view.base_year) if outlook.what_if else \
        t("outlook.chart.start.latest")


def chart_gauge(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """The required growth rate beside the slider rate and each source's past year-on-year rates, with the
    years to the target at the slider rate."""
    risk_, t = _risk(dataset, outlook, settings), _t(outlook)
    data = _gauge_rows(risk_, t)
    sources = list(risk_.by_source)
    traces, shapes, notes = [], [], []
    values = [float(v) for v in data["growth_pct"]] + [0.0]
    lo, hi = min(values), max(values)
    pad = max(3.0, (hi - lo) * 0.08)
    for row, source in enumerate(sources):
        rows = data[data["source"] == source]
        color, first = COLORS[source], row == 0
        past = rows[rows["kind"] == "past"]
        if len(past):
            hover = [t("outlook.chart.hover.past", source=source, year=y, rate=pct_f(t, g),
                       status=wording.status(st, t.lang))
                     for y, g, st in zip(past["label"], past["growth_pct"], past["status"], strict=True)]
            traces.append({"type": "bar", "orientation": "h", "y": [row], "base": [float(past["growth_pct"].min())],
                           "x": [float(past["growth_pct"].max() - past["growth_pct"].min())], "width": 0.22,
                           "marker": {"color": _rgba(color, 0.18), "line": {"width": 0}},
                           "name": t("outlook.chart.gauge.range"), "legendgroup": "range", "showlegend": first,
                           "hoverinfo": "skip"})
            traces.append({"type": "scatter", "x": past["growth_pct"], "y": [row] * len(past), "mode": "markers+text",
                           "text": past["label"], "textposition": "top center",
                           "textfont": {"size": 11, "color": color},
                           "marker": {"size": 11, "color": color, "line": {"width": 2, "color": color},
                                      "symbol": ["circle" if s == "reported" else "circle-open"
                                                 for s in past["status"]]},
                           "name": t("outlook.chart.gauge.past_legend"),
                           "legendgroup": "past",
                           "showlegend": first, "customdata": hover,
                           "hovertemplate": "%{customdata}<extra></extra>"})
        below = []
        for measure, kind, symbol, size in (("compound average", "average", "line-ns-open", 26),
                                            ("required", "required", "diamond", 15)):
            point = rows[rows["kind"] == kind]
            if point.empty:
                continue
            x = float(point["growth_pct"].iloc[0])
            traces.append({"type": "scatter", "x": [x], "y": [row], "mode": "markers",
                           "name": t(f"outlook.chart.gauge.{kind}_legend"),
                           "legendgroup": measure, "showlegend": first,
                           "marker": {"symbol": symbol, "size": size, "color": "#111",
                                      "line": {"width": 3 if symbol.startswith("line") else 1.5,
                                               "color": "#111" if symbol.startswith("line") else "white"}},
                           "customdata": [point["label"].iloc[0]], "hovertemplate": "%{customdata}<extra></extra>"})
            below.append((x, point["label"].iloc[0], point["compact"].iloc[0]))
        for i, (x, label, compact) in enumerate(below):  # one row each, so they never overlap at any width
            notes.append({"x": x, "y": row, "text": label, "showarrow": False, "yanchor": "top",
                          "yshift": -12 - 16 * i, "font": {"size": 12, "color": "#111"},
                          "bgcolor": "rgba(255,255,255,0.8)", "name": f"compact:{compact}"})
        heading = f"<b>{_source_name(t, source)}</b>"
        notes.append({"xref": "paper", "x": 0, "y": row - 0.42, "text": heading, "showarrow": False,
                      "xanchor": "left", "yanchor": "middle", "align": "left", "font": {"size": 13, "color": color},
                      "bgcolor": "white"})
    rate = outlook.view.growth_pct
    shapes.append({"type": "line", "x0": rate, "x1": rate, "yref": "paper", "y0": 0, "y1": 1,
                   "line": {"color": "#111", "width": 2, "dash": "dash"}})
    shapes.append({"type": "line", "x0": 0, "x1": 0, "yref": "paper", "y0": 0, "y1": 1,
                   "line": {"color": "#bbb", "width": 1}})
    side = "right" if rate > (lo + hi) / 2 else "left"  # the label stays inside the plot
    notes.append({"x": rate, "yref": "paper", "y": 1, "yanchor": "top",
                  "text": t("outlook.chart.gauge.slider_note", rate=pct_g(t, rate)),
                  "xanchor": side, "xshift": -4 if side == "right" else 4,
                  "showarrow": False, "font": {"size": 12, "color": "#111"}, "bgcolor": "white"})
    n = max(1, len(sources))
    layout = {"shapes": shapes, "annotations": notes + _no_data(risk_, t), "barmode": "overlay",
              "xaxis": {"title": {"text": t("outlook.chart.gauge.axis")}, "ticksuffix": "%",
                        "range": [lo - pad, hi + pad], "zeroline": False},
              "yaxis": {"range": [n - 0.45, -0.85], "showticklabels": False, "showgrid": False}}
    target = t.money(outlook.target_usd_bn, None)
    fig = _styled(traces, layout, t("outlook.chart.gauge.title", target=target, by=_by(outlook, t)),
                  t("outlook.chart.gauge.subtitle", start=_start(outlook, t)) + _problems_note(risk_),
                  _footer(dataset, outlook), margin=LEGEND_ROOM, lang=t.lang)
    return Chart("gauge", t("outlook.chart.gauge.name"), data.drop(columns=["kind", "compact"]), fig)


# --- sensitivity tornado --------------------------------------------------------------------------------
def _reached_short(row: pd.Series, never: set, t: Messages) -> str:
    """An answer's :meth:`~tradetarget.answer.Answer.when` for a bar label: 'never' for a swing that never
    reaches the target (at this rate, or within the model's years)."""
    if (row["factor"], row["case"]) in never:
        return t("outlook.chart.tornado.never")
    return row["year_reached_text"]


def _settings_text(factor: str, rows: pd.DataFrame, t: Messages) -> str:
    """'+19% a year / +29% a year': the lower setting first; a missing side is named."""
    by_case = dict(zip(rows["case"], rows["setting"], strict=True))
    if "other" in by_case:
        return by_case["other"]
    name = factor_label(factor, t.lang)
    return (by_case.get("low", t("outlook.chart.tornado.no_lower", factor=name)) + " / "
            + by_case.get("high", t("outlook.chart.tornado.no_higher", factor=name)))


def _tornado_panel(sens: pd.DataFrame, shift: str, text_of, axes: dict, first: bool,
                   t: Messages, plot_px: float = 500.0) -> tuple[list[dict], list[str], float]:
    """Bars of one source and one measure, sorted by the largest swing (biggest on top), and the half-width of the
    x axis that holds every bar with its label beside it (``plot_px``: the plot's width on a desktop)."""
    labels = {factor: f"<b>{factor_label(factor, t.lang)}</b>  " + _settings_text(factor, rows, t)
              for factor, rows in sens.groupby("factor", sort=False)}
    finite = sens[shift].abs().dropna()
    extent = max(1.0, float(finite.max()) if len(finite) else 1.0)
    never = sens["year_reached"].isna() & sens["baseline_year_reached"].notna() if shift == "year_shift" else \
        pd.Series(False, index=sens.index)
    length = sens[shift].where(~never, extent * 1.15).fillna(0.0)
    swing = length.abs().groupby(sens["factor"]).max()
    order = [labels[f] for f in swing.sort_values(ascending=True, kind="stable").index]
    traces, reach = [], extent * 1.2
    for case in ("high", "other", "low"):  # in a horizontal group the first trace is drawn lowest
        rows = sens[sens["case"] == case]
        if rows.empty:
            continue
        x = length[rows.index]
        same = t("outlook.chart.tornado.same")
        text = [text_of(r) + (same if v == 0 and not math.isnan(r[shift]) else "")
                for v, (_, r) in zip(x, rows.iterrows(), strict=True)]
        traces.append({"type": "bar", "orientation": "h", "y": [labels[f] for f in rows["factor"]], "x": x,
                       "offsetgroup": "low" if case == "low" else "high", "marker": {"color": CASE_COLORS[case]},
                       "legendgroup": case, "showlegend": first, "name": t(f"outlook.case.{case}"), "text": text,
                       "legendrank": {"low": 1, "high": 2, "other": 3}[case],
                       "textposition": "outside", "cliponaxis": False, "textfont": {"size": 11},
                       "customdata": [t("outlook.chart.labelled", name=s, text=x)
                                      for s, x in zip(rows["setting"], text, strict=True)],
                       "hovertemplate": "%{customdata}<extra></extra>", **axes})
        for value, label in zip(x, text, strict=True):  # (R - |v|) / 2R of the plot must hold the label
            label_px = screen.text_width(label) * BAR_LETTER_PX * screen.LETTER_WIDTH.get(t.lang, 1.0) + 8
            reach = max(reach, abs(float(value)) / max(0.2, 1 - 2 * label_px / plot_px))
    return traces, order, reach


TORNADO_ROOM, TICK_LETTER_PX, HEADING_LETTER_PX, FOOTER_LETTER_PX = 940 - 20 - 36, 5.5, 5.8, 4.9
BAR_LETTER_PX = 5.6
"""A bar's label (11 px): about this many px a Latin letter."""
"""A desktop chart is 940 px wide; the panel headings start at the plot's left edge, right of the row labels
(12 px, about 5.5 px a Latin letter, plus their standoff), and may reach the figure's right edge (13 px, about
5.8 px a Latin letter). The export's footer starts there too (11 px, about 4.9 px a Latin letter)."""


def _label_px(frames: dict[str, pd.DataFrame], t: Messages) -> float:
    """About how wide (px) the widest row label is: the plot starts right of it."""
    labels = [f"{factor_label(factor, t.lang)}  {_settings_text(factor, rows, t)}"
              for sens in frames.values() for factor, rows in sens.groupby("factor", sort=False)]
    return max((screen.text_width(label) for label in labels), default=0) * TICK_LETTER_PX \
        * screen.LETTER_WIDTH.get(t.lang, 1.0)


def _heading_width(frames: dict[str, pd.DataFrame], t: Messages) -> int:
    """How many letters of the language a panel heading holds beside the widest row label (it wraps beyond)."""
    return screen.budget(max(30, int((TORNADO_ROOM - _label_px(frames, t)) / HEADING_LETTER_PX)), t.lang)


def _footer_lines(lines: list[str], frames: dict[str, pd.DataFrame], t: Messages) -> list[str]:
    """The footer rewrapped to the room right of the row labels at export size, where it is narrower than the
    usual footer width (:data:`charts.FOOTER_WIDTH`); else as it is."""
    room = (EXPORT_WIDTH - 20 - 36 - _label_px(frames, t)) / FOOTER_LETTER_PX
    width = screen.budget(max(60, int(room)), t.lang)
    if width >= FOOTER_WIDTH.get(t.lang, 190):
        return lines
    return [part for line in lines for part in screen.wrap_lines(line, width)]


def chart_tornado(dataset: Dataset, outlook: Outlook, settings: ModelSettings | Risk) -> Chart:
    """How far the year the target is reached and the value at the deadline move when one input changes.

    One panel per source and measure, stacked, each sorted with the largest swing on top. Swings: growth
    ±5 points, base year to the previous/next annual figure, target to the neighbouring ledger targets,
    deadline ±3 years, source to the other source's figure for the base year.
    """
    risk_, t = _risk(dataset, outlook, settings), _t(outlook)
    sources = list(risk_.by_source)
    frames = {s: risk_.by_source[s].sensitivity for s in sources}
    deadline = next((f.attrs["value_year"] for f in frames.values() if "value_year" in f.attrs), outlook.deadline)
    data = pd.concat(frames.values(), ignore_index=True) if frames else pd.DataFrame()
    never = {pair for f in frames.values() for pair in f.attrs.get("never", ())}
    measures = (("year_shift", t("outlook.chart.tornado.year_title"), lambda r: _reached_short(r, never, t)),
                ("value_shift_usd_bn", t("outlook.chart.tornado.value_title", year=deadline),
                 lambda r: t.money(r["value_at_deadline_usd_bn"], 0)))
    panels = [(s, m) for s in sources for m in measures]
    panel_px, gap_px, top_px = 215, 78, 150
    plot_px = max(1, len(panels) * panel_px + max(0, len(panels) - 1) * gap_px)
    footer = _footer(dataset, outlook, hollow=False)  # bars only
    footer = _with_key(footer, outlook, _wrap(t("outlook.chart.tornado.key", points=num_g(t, GROWTH_SWING_PTS),
                                                years=t.years(DEADLINE_SWING_YEARS)), 118, t.lang))
    footer = _footer_lines(footer, frames, t)
    heading_width = _heading_width(frames, t)
    height = top_px + plot_px + 84 + 17 * len(footer) + 20
    traces, notes, shapes, layout = [], [], [], {}
    for i, (source, (shift, title, text_of)) in enumerate(panels):
        ax = _ax(i + 1)
        top = 1 - i * (panel_px + gap_px) / plot_px
        domain = [max(0.0, top - panel_px / plot_px), top]
        sens = frames[source]
        panel, order, reach = _tornado_panel(sens, shift, text_of, {"xaxis": f"x{ax}", "yaxis": f"y{ax}"}, i == 0, t,
                                             plot_px=0.8 * (TORNADO_ROOM - _label_px(frames, t)))
        traces += panel
        layout[f"xaxis{ax}"] = {"anchor": f"y{ax}", "range": [-reach, reach], "zeroline": False}
        layout[f"yaxis{ax}"] = {"anchor": f"x{ax}", "domain": domain, "categoryorder": "array",
                                "categoryarray": order, "tickfont": {"size": 12}, "automargin": True}
        shapes.append({"type": "line", "xref": f"x{ax}", "x0": 0, "x1": 0, "yref": f"y{ax} domain", "y0": 0, "y1": 1,
                       "line": {"color": "#333", "width": 1}})
        base_year = sens["baseline_year_reached"].iloc[0] if len(sens) else math.nan
        year_known = shift == "year_shift" and not math.isnan(base_year)
        now = (t("outlook.chart.tornado.now", value=t("fmt.published.year", year=str(int(base_year)))) if year_known
               else t("outlook.chart.tornado.now_never") if shift == "year_shift" else
               t("outlook.chart.tornado.now", value=t.money(sens["baseline_value_usd_bn"].iloc[0], 0)) if len(sens)
               else "")
        short = t("outlook.chart.tornado.year_short") if shift == "year_shift" else \
            t("outlook.chart.tornado.value_short", year=deadline)
        heading = t("outlook.chart.tornado.heading", name=f"<b>{_source_name(t, source)}</b>", title=title, now=now)
        heading = screen.wrap(heading, heading_width, balanced=True)
        notes.append({"text": heading, "xref": "paper", "x": 0, **({"align": "left"} if "<br>" in heading else {}),
                      "name": "compact:" + t("outlook.chart.tornado.heading", name=f"<b>{t.source(source)}</b>",
                                             title=short, now=now),
                      "xanchor": "left", "yref": "paper", "y": domain[1], "yanchor": "bottom", "yshift": 6,
                      "showarrow": False, "font": {"size": 13, "color": COLORS[source]}})
    extra = 18 * notes[0]["text"].count("<br>") if notes else 0  # a first heading on more lines: the plot lower,
    top_px, height = top_px + extra, height + extra                 # clear of the legend
    layout.update(shapes=shapes, annotations=notes + _no_data(risk_, t), barmode="group", bargap=0.25,
                  bargroupgap=0.05)
    fig = _styled(traces, layout, t("outlook.chart.tornado.title"),
                  t("outlook.chart.tornado.subtitle") + _problems_note(risk_), footer,
                  height=height, margin={"l": 20, "r": 60, "t": top_px},
                  money_axes=tuple(f"x{_ax(i + 1)}" for i, (_, (shift, _, _)) in enumerate(panels)
                                   if shift == "value_shift_usd_bn"),  # the value panels' bars, in 亿美元 in Chinese
                  legend={"yref": "container", "y": 1 - 84 / height, "yanchor": "top"}, lang=t.lang)
    years = [c for c in ("year_reached", "baseline_year_reached", "year_shift") if c in data]
    if years:  # calendar years and whole years in the CSV, not 2024.0
        data = data.assign(**{c: data[c].round().astype("Int64") for c in years})
    if t.lang != "en" and "factor" in data:  # the factors in the reader's language in the CSV too
        data = data.assign(factor=[factor_label(f, t.lang) for f in data["factor"]])
    return Chart("sensitivity", t("outlook.chart.tornado.name"), data, fig, export_height=max(EXPORT_HEIGHT, height))


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
