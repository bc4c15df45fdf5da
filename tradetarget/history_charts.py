"""The chart "How the answer changed": each source's shortfall to the chosen pledge on every day a figure was
published (one step per publication), from :func:`tradetarget.history.timeline`. Texts come ready-made from the
catalogue; one formatting path for every language."""

from __future__ import annotations

import pandas as pd

from tradetarget import history, published
from tradetarget.charts import COLORS, Chart, _footer, _months_axis, _styled
from tradetarget.data import Dataset
from tradetarget.i18n import messages
from tradetarget.scenario import Outlook


def chart_history(dataset: Dataset, outlook: Outlook) -> Chart:
    """Shortfall (0 once met) per source at each publication day up to the view's day, with the day each
    source's figures first showed the pledge met."""
    view = outlook.view
    t = messages(view.lang)
    target = outlook.target
    frame = history.timeline(dataset, view.target_id, view.as_of)
    frame = frame[frame["source"].isin(view.sources)].reset_index(drop=True)
    frame = frame.assign(shortfall_usd_bn=frame["shortfall"].fillna(0.0).clip(lower=0.0)).drop(columns="shortfall")
    traces, annotations = [], []
    for source in view.sources:
        rows = frame[frame["source"] == source]
        if rows.empty:
            continue
        hover = [t("charts.history.hover", source=t(f"headline.tag.{source}"), date=t.date(day),
                   status=t(f"changes.state.{status}"), value=t.money(value), year=str(year), latest=t.money(latest))
                 for day, status, value, year, latest in zip(rows["day"], rows["status"], rows["shortfall_usd_bn"],
                                                             rows["latest_year"], rows["latest_value"], strict=True)]
        traces.append({"type": "scatter", "mode": "lines+markers", "line_shape": "hv", "x": list(rows["day"]),
                       "y": list(rows["shortfall_usd_bn"]), "name": t(f"source.{source}.short"),
                       "line": {"color": COLORS[source], "width": 2.5},
                       "marker": {"color": COLORS[source], "size": 7,
                                  "symbol": ["diamond" if s == "met" else "circle" for s in rows["status"]]},
                       "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>"})
        met = history.first_known_met(rows.rename(columns={"shortfall_usd_bn": "shortfall"}), source)
        if met is not None:
            when = [w for w in map(published.parse, dataset.history["published"]) if w is not None and w.day == met]
            said = t.published(min(when, key=lambda w: w.approximate)) if when else t.date(met)
            tag = t(f"headline.tag.{source}")
            annotations.append({"x": met, "y": 0, "xref": "x", "yref": "y", "showarrow": True, "arrowhead": 2,
                                "ax": -30, "ay": -60, "xanchor": "right", "font": {"size": 12, "color": COLORS[source]},
                                "bgcolor": "rgba(255,255,255,0.85)",
                                "text": t("charts.history.first_met", source=tag, date=said),
                                "name": "compact:" + t("charts.history.first_met_short", source=tag)})
    name = outlook.answers[next(iter(outlook.answers))].target_label if outlook.answers else str(target)
    days = list(frame["day"]) or [view.as_of]
    layout = {"xaxis": {"title": {"text": t("charts.history.x")}, "type": "date",
                        **_months_axis(t, min(days), max(days), months=12)},
              "yaxis": {"title": {"text": t("charts.history.y")}, "rangemode": "tozero"},
              "showlegend": True}
    figure = _styled(traces, layout, t("charts.history.title", target=name), t("charts.history.subtitle"),
                     _footer(dataset, outlook, answer=False, hollow=False, lang=view.lang), lang=view.lang,
                     money_axes=("y",), annotations=annotations)
    data = frame.assign(day=[d.isoformat() for d in frame["day"]])
    return Chart("history", t("charts.history.title", target=name), pd.DataFrame(data), figure)
