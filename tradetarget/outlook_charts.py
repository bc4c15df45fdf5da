"""Charts of the uncertainty page: fan, reach probability, growth models, named scenarios, sensitivity.

Same conventions as :mod:`tradetarget.charts`: each builder returns a :class:`~tradetarget.charts.Chart`
whose ``data`` is exactly what is drawn, with the shared style and source/scenario footer. Sources
are drawn side by side (one panel each), never blended.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tradetarget import model
from tradetarget.charts import COLORS, EXPORT_HEIGHT, TARGET_COLOR, Chart, _footer, _style
from tradetarget.data import Dataset
from tradetarget.outlook import METHOD_LABELS, MODELS, Risk, chance
from tradetarget.scenario import Outlook

BAND_ALPHA = {"outer": 0.16, "inner": 0.32}
SCENARIO_STYLE = {
    "As reported, Nov 2023": ("#111111", "solid"),
    "Required pace": ("#6A3D9A", "dash"),
    "Historical average": ("#2B6CB0", "dot"),
    "Pre-pledge trend": ("#4D7C0F", "dashdot"),
    "Slowdown": ("#E69F00", "longdash"),
}
USER_STYLE = ("#C8102E", "solid")


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _panels(risk: Risk) -> tuple[go.Figure, list[str]]:
    """One panel per source; each panel is named by a label inside its top-left corner."""
    sources = list(risk.by_source)
    fig = make_subplots(rows=1, cols=max(1, len(sources)), shared_yaxes=True, horizontal_spacing=0.04)
    return fig, sources


def _axis(col: int) -> str:
    return "" if col == 1 else str(col)


def _panel_label(fig: go.Figure, col: int, source: str, note: str = "") -> None:
    text = f"<b>{model.SOURCE_NAMES[source]}</b>" + (f"<br>{'<br>'.join(textwrap.wrap(note, 64))}" if note else "")
    fig.add_annotation(text=text, xref=f"x{_axis(col)} domain", yref=f"y{_axis(col)} domain", x=0.01, y=0.99,
                       xanchor="left", yanchor="top", showarrow=False, align="left",
                       font={"size": 12, "color": COLORS[source]}, bgcolor="rgba(255,255,255,0.85)")


def _target_line(fig: go.Figure, outlook: Outlook, col: int) -> None:
    fig.add_hline(y=outlook.target_usd_bn, line={"color": TARGET_COLOR, "width": 1.5}, row=1, col=col)
    fig.add_annotation(x=1, xref=f"x{_axis(col)} domain", y=outlook.target_usd_bn, yref=f"y{_axis(col)}",
                       text=f"target ${outlook.target_usd_bn:g}bn", showarrow=False, xanchor="right",
                       yanchor="bottom", font={"size": 11, "color": TARGET_COLOR})
    fig.add_vline(x=outlook.view.deadline, line={"color": "#888", "width": 1, "dash": "dot"}, row=1, col=col)


def _actuals(fig: go.Figure, dataset: Dataset, source: str, col: int, first: bool) -> pd.DataFrame:
    annual = dataset.annual(source)
    fig.add_trace(go.Scatter(
        x=annual["year"], y=annual["turnover_usd_bn"], mode="markers", name="actual",
        legendgroup="actual", showlegend=first,
        marker={"size": 8, "color": "#222", "symbol": ["circle" if s == "reported" else "circle-open"
                                                        for s in annual["status"]]},
        hovertemplate=f"{source} %{{x}} actual: $%{{y:.1f}}bn<extra></extra>",
    ), row=1, col=col)
    return annual


def _no_data(fig: go.Figure, risk: Risk) -> None:
    if not risk.by_source:
        fig.add_annotation(text="No source can be projected from this base year: "
                           + "; ".join(risk.problems.values()), xref="paper", yref="paper", x=0.5, y=0.5,
                           showarrow=False)


def _subtitle_problems(risk: Risk) -> str:
    return "".join(f" {s}: {p}" for s, p in risk.problems.items())


def chart_fan(dataset: Dataset, outlook: Outlook, risk: Risk) -> Chart:
    """Percentile bands around the constant-growth projection, from each source's own history."""
    fig, sources = _panels(risk)
    frames = []
    for col, source in enumerate(sources, start=1):
        sr = risk.by_source[source]
        fan = sr.fan.assign(source=source)
        frames.append(fan)
        first = col == 1
        color = COLORS[source]
        for band, (lo, hi) in (("outer", ("p10", "p90")), ("inner", ("p25", "p75"))):
            fig.add_trace(go.Scatter(x=fan["year"], y=fan[hi], mode="lines", line={"width": 0},
                                     showlegend=False, hoverinfo="skip", legendgroup=band), row=1, col=col)
            fig.add_trace(go.Scatter(
                x=fan["year"], y=fan[lo], mode="lines", line={"width": 0}, fill="tonexty",
                fillcolor=_rgba(color, BAND_ALPHA[band]), legendgroup=band, showlegend=first,
                name=f"{'10–90' if band == 'outer' else '25–75'}% of paths",
                customdata=fan[hi], hovertemplate=f"%{{x}}: {lo}–{hi} $%{{y:.1f}}–%{{customdata:.1f}}bn<extra></extra>",
            ), row=1, col=col)
        fig.add_trace(go.Scatter(x=fan["year"], y=fan["p50"], mode="lines", line={"color": color, "width": 2.5},
                                 name="median", legendgroup="median", showlegend=first,
                                 hovertemplate="%{x}: median $%{y:.1f}bn<extra></extra>"), row=1, col=col)
        fig.add_trace(go.Scatter(x=fan["year"], y=fan["central"], mode="lines",
                                 line={"color": color, "width": 1.5, "dash": "dash"}, legendgroup="central",
                                 name=f"{outlook.view.growth_pct:+g}% every year", showlegend=first,
                                 hovertemplate="%{x}: $%{y:.1f}bn<extra></extra>"), row=1, col=col)
        _actuals(fig, dataset, source, col, first)
        _target_line(fig, outlook, col)
        _panel_label(fig, col, source, f"chance of ${outlook.target_usd_bn:g}bn by {outlook.view.deadline}: "
                                       + risk.chance_text(source, outlook.view.deadline))
    _no_data(fig, risk)
    ceiling = max([float(f["p90"].max()) for f in frames] + [outlook.target_usd_bn * 1.3])
    fig.update_yaxes(title_text="Turnover, USD bn", row=1, col=1)
    fig.update_yaxes(range=[0, min(ceiling, outlook.target_usd_bn * 4)])
    fig.update_xaxes(dtick=4)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    method = METHOD_LABELS[risk.settings.method].split(":")[0].lower()
    subtitle = (f"{risk.settings.paths:,} simulated paths per source, centred on the slider's "
                f"{outlook.view.growth_pct:+g}% a year; spread by {method} of each source's own year-on-year "
                "growth." + _subtitle_problems(risk))
    footer = _footer(dataset, outlook)
    footer.insert(1, f"Spread: {METHOD_LABELS[risk.settings.method]} ({', '.join(risk.by_source)}; "
                  f"all annual pairs, hindsight included). Seed {risk.settings.seed}.")
    _style(fig, "How sure? A fan of simulated paths", subtitle, footer)
    return Chart("fan", "Fan chart", data[["source", "year", "p10", "p25", "p50", "p75", "p90", "central"]]
                 if frames else data, fig)


def chart_probability(dataset: Dataset, outlook: Outlook, risk: Risk) -> Chart:
    """P(target reached in some year up to year t), per source."""
    fig = go.Figure()
    frames = []
    for source, sr in risk.by_source.items():
        prob = sr.probability.assign(source=source)
        frames.append(prob)
        fig.add_trace(go.Scatter(
            x=prob["year"], y=prob["probability"] * 100, mode="lines+markers", name=model.SOURCE_NAMES[source],
            line={"color": COLORS[source], "width": 2.5}, marker={"size": 6},
            hovertemplate=f"{source}: %{{y:.0f}}% by %{{x}}<extra></extra>",
        ))
        p = risk.probability_by_deadline(source, outlook.view.deadline)
        label = (f"{source}: {chance(p)} by {outlook.view.deadline}" if sr.met_year is None
                 else f"{source}: simulated {chance(p)}; met in {sr.met_year} (actual)")
        fig.add_annotation(x=outlook.view.deadline, y=p * 100, text=label,
                           showarrow=True, arrowhead=0, ax=60, ay=-28 if source == "GACC" else 28,
                           font={"size": 12, "color": COLORS[source]}, bgcolor="rgba(255,255,255,0.85)")
    fig.add_vline(x=outlook.view.deadline, line={"color": "#888", "width": 1, "dash": "dot"})
    _no_data(fig, risk)
    fig.update_yaxes(title="Chance reached", range=[-3, 103], ticksuffix="%")
    fig.update_xaxes(title="By the end of", dtick=2)
    data = pd.concat(frames, ignore_index=True)[["source", "year", "probability"]] if frames else pd.DataFrame()
    _style(fig, f"Chance of ${outlook.target_usd_bn:g}bn, year by year",
           "Share of simulated paths (fan chart) at or above the target in some year up to each year."
           + _subtitle_problems(risk), _footer(dataset, outlook), height=540)
    return Chart("probability", "Reach probability", data, fig)


def chart_models(dataset: Dataset, outlook: Outlook, risk: Risk) -> Chart:
    """The chosen growth model's path; the two-flow model shows exports and imports stacked, and the balance."""
    name = risk.settings.growth_model
    fig, sources = _panels(risk)
    frames = []
    for col, source in enumerate(sources, start=1):
        sr = risk.by_source[source]
        first = col == 1
        if sr.path is None:
            _panel_label(fig, col, source, sr.path_note)
            continue
        path = sr.path.assign(source=source)
        frames.append(path)
        if name == "two-flow":
            for flow, label, color in (("exports_usd_bn", "Kazakhstan's exports to China", "#4D7C0F"),
                                       ("imports_usd_bn", "Kazakhstan's imports from China", "#2B6CB0")):
                fig.add_trace(go.Scatter(x=path["year"], y=path[flow], mode="lines", stackgroup=f"flows{col}",
                                         name=label, legendgroup=flow, showlegend=first,
                                         line={"color": color, "width": 1}, fillcolor=_rgba(color, 0.45),
                                         hovertemplate=f"{label} %{{x}}: $%{{y:.1f}}bn<extra></extra>"),
                              row=1, col=col)
            fig.add_trace(go.Scatter(x=path["year"], y=path["balance_usd_bn"], mode="lines",
                                     name="trade balance (Kazakhstan's side)", legendgroup="balance",
                                     showlegend=first, line={"color": "#111", "width": 2, "dash": "dot"},
                                     hovertemplate="balance %{x}: $%{y:.1f}bn<extra></extra>"), row=1, col=col)
            fig.add_hline(y=0, line={"color": "#999", "width": 1}, row=1, col=col)
        else:
            fig.add_trace(go.Scatter(x=path["year"], y=path["value_usd_bn"], mode="lines",
                                     name=MODELS[name], showlegend=first, legendgroup="path",
                                     line={"color": COLORS[source], "width": 2.5},
                                     hovertemplate="%{x}: $%{y:.1f}bn<extra></extra>"), row=1, col=col)
        _actuals(fig, dataset, source, col, first)
        _target_line(fig, outlook, col)
        _panel_label(fig, col, source, sr.path_note)
    _no_data(fig, risk)
    fig.update_yaxes(title_text="USD bn", row=1, col=1)
    fig.update_xaxes(dtick=4)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    subtitle = MODELS[name] + (": turnover is the sum of the two flows; the balance is exports minus imports"
                               if name == "two-flow" else "") + _subtitle_problems(risk)
    _style(fig, "Growth model: " + MODELS[name].lower(), subtitle, _footer(dataset, outlook))
    return Chart("model", "Growth model", data, fig)


def chart_scenarios(dataset: Dataset, outlook: Outlook, risk: Risk) -> Chart:
    """The named scenarios and the user's own, one panel per source."""
    fig, sources = _panels(risk)
    frames = []
    for col, source in enumerate(sources, start=1):
        sc = risk.by_source[source].scenarios
        frames.append(sc)
        first = col == 1
        for name, rows in sc.groupby("scenario", sort=False):
            color, dash = SCENARIO_STYLE.get(name, USER_STYLE)
            fig.add_trace(go.Scatter(
                x=rows["year"], y=rows["value_usd_bn"], mode="lines", name=name, legendgroup=name,
                showlegend=first, line={"color": color, "dash": dash, "width": 3 if name.startswith("Yours") else 2},
                customdata=rows["assumption"],
                hovertemplate=f"{name} %{{x}}: $%{{y:.1f}}bn<br>%{{customdata}}<extra></extra>",
            ), row=1, col=col)
        _actuals(fig, dataset, source, col, first)
        _target_line(fig, outlook, col)
        _panel_label(fig, col, source)
    _no_data(fig, risk)
    ceiling = outlook.target_usd_bn * 3
    fig.update_yaxes(title_text="Turnover, USD bn", row=1, col=1)
    fig.update_yaxes(range=[0, ceiling])
    fig.update_xaxes(dtick=4)
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    footer = _footer(dataset, outlook)
    footer[1:1] = [f"{sc['source'].iloc[0]}: " + "; ".join(
        f"{name} {rows['short'].iloc[0]}" for name, rows in sc.groupby("scenario", sort=False)) for sc in frames]
    _style(fig, "Named scenarios side by side",
           "Each line starts from the source's base-year figure; hover for the exact assumption."
           + _subtitle_problems(risk), footer)
    return Chart("scenarios", "Named scenarios", data, fig)


def _reached_short(text: str) -> str:
    if text.startswith("already met"):
        return "met at base"
    if text.startswith("never") or text.startswith("not within"):
        return "never"
    return text.replace("reached in ", "")


def chart_tornado(dataset: Dataset, outlook: Outlook, risk: Risk) -> Chart:
    """How far the year reached and the value at the deadline move when one input changes.

    One panel per source and measure, stacked, so the settings can be read beside each bar.
    """
    sources = list(risk.by_source)
    measures = (("year_shift", "year the target is reached: shift in years", lambda r: _reached_short(
                    r["year_reached_text"])),
                ("value_shift_usd_bn", f"value in {outlook.view.deadline}: shift in USD bn",
                 lambda r: f"${r['value_at_deadline_usd_bn']:.0f}bn"))
    panels = [(s, m) for s in sources for m in measures]
    panel_px, gap_px = 215, 70
    height = 230 + len(panels) * panel_px + max(0, len(panels) - 1) * gap_px
    plot_px = len(panels) * panel_px + max(0, len(panels) - 1) * gap_px
    fig = make_subplots(rows=max(1, len(panels)), cols=1, vertical_spacing=gap_px / max(plot_px, 1),
                        subplot_titles=[f"<b>{model.SOURCE_NAMES[s]}</b>: {m[1]}" for s, m in panels] or [""])
    for annotation in fig.layout.annotations:
        annotation.update(font={"size": 13}, x=0, xanchor="left")
    frames = {s: risk.by_source[s].sensitivity for s in sources}
    for row, (source, (shift, _, text_of)) in enumerate(panels, start=1):
        sens = frames[source]
        labels = {factor: f"<b>{factor}</b>  " + " / ".join(rows["setting"])
                  for factor, rows in sens.groupby("factor", sort=False)}
        order = [labels[f] for f in ("growth", "base year", "target", "deadline", "source") if f in labels]
        extent = max(1.0, float(sens[shift].abs().max(skipna=True) or 0))
        for case, color in (("low", "#2B6CB0"), ("high", "#C8102E"), ("other", "#777777")):
            rows = sens[sens["case"] == case]
            if rows.empty:
                continue
            fig.add_trace(go.Bar(
                y=[labels[f] for f in rows["factor"]], x=[0.0 if math.isnan(v) else v for v in rows[shift]],
                orientation="h", marker_color=color, legendgroup=case, showlegend=row == 1,
                name={"low": "first setting (lower)", "high": "second setting (higher)",
                      "other": "the other source"}[case],
                text=["" if v == 0 else text_of(r) for v, (_, r) in zip(rows[shift], rows.iterrows(), strict=True)],
                textposition="outside", cliponaxis=False, textfont={"size": 11},
                customdata=[f"{st}: {text_of(r)}" for st, (_, r) in zip(rows["setting"], rows.iterrows(),
                                                                       strict=True)],
                hovertemplate="%{customdata}<extra></extra>",
            ), row=row, col=1)
        for factor, rows in sens.groupby("factor", sort=False):
            if (rows[shift].fillna(0) == 0).all():
                fig.add_annotation(x=0, y=labels[factor], xref=f"x{_axis(row)}", yref=f"y{_axis(row)}",
                                   text="no change", showarrow=False, xanchor="left", xshift=6,
                                   font={"size": 11, "color": "#555"})
        fig.update_xaxes(range=[-extent * 1.35, extent * 1.35], row=row, col=1)
        fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], tickfont={"size": 12}, row=row, col=1)
        fig.add_vline(x=0, line={"color": "#333", "width": 1}, row=row, col=1)
    _no_data(fig, risk)
    fig.update_layout(barmode="overlay", bargap=0.3)
    fig.update_xaxes(zeroline=False)
    data = pd.concat(frames.values(), ignore_index=True) if frames else pd.DataFrame()
    baseline = "; ".join(
        f"{s} reaches it in {frames[s]['baseline_year_reached'].iloc[0]:.0f}, "
        f"${frames[s]['baseline_value_usd_bn'].iloc[0]:.0f}bn in {outlook.view.deadline}"
        for s in sources if not math.isnan(frames[s]["baseline_year_reached"].iloc[0])
    )
    _style(fig, "Sensitivity: what moves the answer",
           "One input changed at a time; bar labels give the new result. " + (f"Now: {baseline}." if baseline else ""),
           _footer(dataset, outlook), height=height)
    fig.update_layout(margin={"l": 20, "r": 60, "t": 130},
                      legend={"yref": "container", "y": 1 - 84 / height, "yanchor": "top"})
    fig.update_yaxes(automargin=True)
    return Chart("sensitivity", "Sensitivity", data, fig, export_height=max(EXPORT_HEIGHT, height))


BUILDERS = {
    "fan": chart_fan,
    "probability": chart_probability,
    "scenarios": chart_scenarios,
    "model": chart_models,
    "sensitivity": chart_tornado,
}


def outlook_charts(dataset: Dataset, outlook: Outlook, risk: Risk) -> list[Chart]:
    """Every chart of the uncertainty page, in page order."""
    return [build(dataset, outlook, risk) for build in BUILDERS.values()]
