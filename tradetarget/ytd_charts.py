"""The year-to-date chart: running totals by the month they end, one series per year, GACC and BNS side by side.

The same months compare like for like: "Jan–Oct 2025" sits above "Oct" beside Jan–Oct 2024 and 2023, and a full
year is the point at December. Only stored figures are drawn; the dotted line of a year joins its published
figures and claims nothing about the months between. The seed's "+24% in ten months" is marked at the figure it
speaks of, with the change recomputed from the data beside it (the claim check).
"""

from __future__ import annotations

import pandas as pd
from babel.dates import get_month_names

from tradetarget import ledger, wording, ytd, ytd_words
from tradetarget.charts import COLORS, Chart, _footer, _lang, _styled, _trace, source_line
from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import BABEL_LOCALES, DEFAULT_LANG, Messages, messages
from tradetarget.scenario import Outlook

PANEL_GAP = 0.12
HEIGHT = 600


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:.2f})"


def _month_ticks(t: Messages) -> list[str]:
    if t.lang == DEFAULT_LANG:
        return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    if t.lang == "zh":
        return [f"{m}月" for m in range(1, 13)]
    names = get_month_names("abbreviated", context="stand-alone", locale=BABEL_LOCALES[t.lang])
    return [names[m] for m in range(1, 13)]


def chart_data(dataset: Dataset, sources: tuple[str, ...] = SOURCES, as_of=None) -> pd.DataFrame:
    """What the chart draws: every cumulative figure (running totals and the full year) of each year that has at
    least one running total, per source."""
    rows = []
    for source in sources:
        figs = ytd.figures(dataset, source, as_of)
        years = {f.year for f in figs if f.kind == "running_total"}
        for fig in figs:
            if fig.cumulative and fig.year in years:
                rows.append({"source": source, "year": fig.year, "period": fig.code, "end_month": fig.end_month,
                             "kind": fig.kind, "value_usd_bn": fig.value_usd_bn, "status": fig.status,
                             "published": fig.published, "url": fig.url, "origin": fig.origin})
    return pd.DataFrame(rows, columns=["source", "year", "period", "end_month", "kind", "value_usd_bn", "status",
                                       "published", "url", "origin"])


def _seed_note(dataset: Dataset, data: pd.DataFrame, t: Messages, panel: dict[str, int],
               top: float) -> dict | None:
    """The seed's claim at the BNS Jan–Oct 2023 figure, with the change recomputed from the data."""
    claims = dataset.claims[dataset.claims["id"] == ytd.SEED_CLAIM]
    if claims.empty or ytd.SEED_SOURCE not in panel:
        return None
    claim = claims.iloc[0]
    year, end = int(claim["year"]), int(claim["end_month"])
    point = data[(data["source"] == ytd.SEED_SOURCE) & (data["year"] == year) & (data["end_month"] == end)]
    if point.empty:
        return None
    checks = ledger.check_claims(dataset, t.lang)
    check = checks[(checks["claim_id"] == ytd.SEED_CLAIM) & (checks["source"] == ytd.SEED_SOURCE)]
    recomputed = check["recomputed"].iloc[0] if not check.empty else "—"
    ax = "" if panel[ytd.SEED_SOURCE] == 1 else str(panel[ytd.SEED_SOURCE])
    value = float(point["value_usd_bn"].iloc[0])
    # the note in data units, left of and above its point: clear of the panel's name at the top left and of the
    # markers (they climb from the lower left to December), whether the panels stand side by side or stacked
    return {"x": end, "y": value, "xref": f"x{ax}", "yref": f"y{ax}", "axref": f"x{ax}", "ayref": f"y{ax}",
            "ax": end - 3.5, "ay": value + (top - value) * 0.45,
            "text": t("ytd.chart.seed", claimed=t.rate(float(claim["claimed_growth_pct"])),
                      date=t.date(pd.Timestamp(claim["date"]).date(), "medium"), recomputed=recomputed),
            "showarrow": True, "arrowhead": 2, "arrowcolor": COLORS[ytd.SEED_SOURCE],
            "font": {"size": 12, "color": "#222"}, "bgcolor": "rgba(255,255,255,0.9)",
            "bordercolor": COLORS[ytd.SEED_SOURCE], "borderpad": 4, "align": "left",
            "name": "compact:" + t("ytd.chart.seed_short", claimed=t.rate(float(claim["claimed_growth_pct"])))}


def chart_ytd(dataset: Dataset, outlook: Outlook | None = None, lang: str = DEFAULT_LANG) -> Chart:
    """Running totals by month across years, one panel per source of the view (in the outlook's language)."""
    t = messages(_lang(outlook, lang))
    sources = outlook.view.sources if outlook is not None else SOURCES
    as_of = outlook.view.as_of if outlook is not None else None
    data = chart_data(dataset, sources, as_of)
    shown = [s for s in sources if (data["source"] == s).any()] or list(sources)
    panel = {source: i + 1 for i, source in enumerate(shown)}
    n = len(shown)
    width = (1 - PANEL_GAP * (n - 1)) / n
    ticks = _month_ticks(t)
    top = float(data["value_usd_bn"].max()) if not data.empty else 10.0
    layout: dict = {"annotations": [], "hovermode": "closest"}
    traces = []
    for source, col in panel.items():
        ax = "" if col == 1 else str(col)
        x0 = (col - 1) * (width + PANEL_GAP)
        layout[f"xaxis{ax}"] = {"domain": [x0, x0 + width], "anchor": f"y{ax}", "range": [0.5, 13.5],
                                "tickmode": "array", "tickvals": list(range(1, 13)), "ticktext": ticks,
                                "tickangle": 0, "tickfont": {"size": 12 if t.lang == DEFAULT_LANG else 10},
                                "title": {"text": t("ytd.chart.xaxis")}}  # room right of December: the year
        layout[f"yaxis{ax}"] = {"anchor": f"x{ax}", "range": [0, top * 1.12],
                                **({"matches": "y", "showticklabels": False} if col > 1 else
                                   {"title": {"text": t("charts.axis.turnover")}})}
        layout["annotations"].append({
            "text": f"<b>{t(f'source.{source}.short')}</b>", "xref": f"x{ax} domain", "yref": f"y{ax} domain",
            "x": 0.02, "y": 0.98, "xanchor": "left", "yanchor": "top", "showarrow": False,
            "font": {"size": 13, "color": COLORS[source]}, "bgcolor": "rgba(255,255,255,0.85)"})
        rows = data[data["source"] == source]
        years = sorted(rows["year"].unique())
        for i, year in enumerate(years):
            sub = rows[rows["year"] == year].sort_values("end_month")
            alpha = 1.0 if len(years) == 1 else 0.3 + 0.7 * i / (len(years) - 1)
            color = _rgba(COLORS[source], alpha)
            labels = [ytd_words.code_words(p, t.lang) for p in sub["period"]]
            hover = [t("ytd.chart.hover", source=source, period=label, value=ytd_words.money(v, t.lang, 2),
                       status=wording.status(s, t.lang))
                     for label, v, s in zip(labels, sub["value_usd_bn"], sub["status"], strict=True)]
            traces.append(_trace("scatter",
                x=list(sub["end_month"]), y=list(sub["value_usd_bn"]), mode="lines+markers+text",
                name=t("ytd.chart.series", source=source, year=str(year)), legendgroup=source,
                line={"color": color, "width": 1.5, "dash": "dot"},
                marker={"size": 9, "color": color, "line": {"width": 1.5, "color": COLORS[source]},
                        "symbol": ["circle" if s == "reported" else "circle-open" for s in sub["status"]]},
                text=[""] * (len(sub) - 1) + [str(year)], textposition="middle right",
                textfont={"size": 11, "color": COLORS[source]}, customdata=hover,
                hovertemplate="%{customdata}<extra></extra>", xaxis=f"x{ax}", yaxis=f"y{ax}",
            ))
    note = _seed_note(dataset, data, t, panel, top * 1.12)
    if note is not None:
        layout["annotations"].append(note)
    footer = _footer(dataset, outlook, source=source_line(tuple(shown), t.lang), answer=False, hollow=True,
                     lang=t.lang)
    footer.append(t("ytd.chart.joins"))
    fig = _styled(traces, layout, t("ytd.chart.title"), t("ytd.chart.subtitle"), footer, height=HEIGHT,
                  lang=t.lang,  # ten or so years: a column right of the panels, clear of the title and the data
                  legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"},
                  margin={"r": 130})
    return Chart("ytd", t("ytd.chart.name"), data, fig)
