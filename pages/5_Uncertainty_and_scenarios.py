"""Uncertainty and scenarios: the fan, the chance of reaching the target, growth models, named scenarios,
the required pace against history, and what moves the answer."""


import pandas as pd
import streamlit as st

from tradetarget import columns
from tradetarget import outlook as risk_model
from tradetarget.i18n import messages
from ui import controls, render, tables
from ui.controls import current_lang

lang = current_lang()
t = messages(lang)
page = render.start(t("pages.uncertainty.name"))
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title(t("pages.uncertainty.title"))
st.caption(t("pages.uncertainty.intro"))

method = controls.spread_method()  # above the chances: the spread drives them, the fan and the chance chart
st.caption(risk_model.constant_note(view.growth_pct, lang))
head = st.container()  # problems, chances and their caution: drawn once the open tab has fixed the settings
settings = risk_model.ModelSettings(method=method)

TABS = tables.tab_labels(lang)
raw_tab = {key: tables.same_tab(values, lang) for key, values in controls.url_values(("chart",)).items()}
tables.keep_tab(lang)
fan, scenarios, growth_model, pace, sensitivity = st.tabs(TABS, key="chart", bind="query-params")
for values in raw_tab.values():
    if note := controls.link_note("chart", values, st.session_state.get("chart", TABS[0])):
        st.warning(note)
# Only the open tab runs: its charts are built and sent, the others cost nothing on this run. The growth model's
# controls sit in the two tabs it acts on (its own chart and the scenarios' "Yours" line).
if fan.open:
    with fan:
        render.chart(page, "fan", t("pages.uncertainty.alt.fan"), settings)
        render.chart(page, "probability", t("pages.uncertainty.alt.probability"), settings)
if scenarios.open:
    with scenarios:
        settings = controls.model_settings(page.data, method)
        render.chart(page, "scenarios", t("pages.uncertainty.alt.scenarios"), settings)
        risk = page.data.risk(view, settings)
        frames = [sr.scenarios.drop_duplicates("scenario")[["source", "scenario", "assumption"]]
                  .assign(scenario=lambda f: [risk_model.scenario_label(name, lang) for name in f["scenario"]])
                  for sr in risk.by_source.values()]
        if frames:
            st.markdown(t("pages.uncertainty.assumptions_heading"))
            render.table(pd.concat(frames, ignore_index=True), key="scenario-assumptions",
                         assumption=st.column_config.TextColumn(columns.header("assumption", lang), width="large"))
if growth_model.open:
    with growth_model:
        settings = controls.model_settings(page.data, method)
        render.chart(page, "model", t("pages.uncertainty.alt.model"), settings)
if pace.open:
    with pace:
        render.chart(page, "gauge", t("pages.uncertainty.alt.gauge"), settings)
if sensitivity.open:
    with sensitivity:
        render.chart(page, "sensitivity", t("pages.uncertainty.alt.sensitivity"), settings)

risk = page.data.risk(view, settings)  # the open tab's: one simulation per run (the chances do not depend on the model)
target, deadline = outlook.target_usd_bn, outlook.deadline
goal, paths = t.money(target, digits=None), t.num(settings.paths, 0)
with head:
    for source, problem in risk.problems.items():
        if source not in outlook.problems:
            st.warning(t("pages.source_problem", source=source, problem=problem))
    for source, sr in risk.by_source.items():
        answer = sr.answer
        st.markdown(f"**{answer.name}**")
        cols = st.columns(2 if deadline is None else 3)  # no deadline, no required pace: that metric is left out
        a, c = cols[0], cols[-1]
        if deadline is None:
            a.metric(t("pages.uncertainty.kpi.even_odds", source=source, target=goal), risk.even_odds_text(source),
                     help=t("pages.uncertainty.kpi.even_odds_help", paths=paths))
        else:
            a.metric(t("pages.uncertainty.kpi.chance", source=source, target=goal, year=str(deadline)),
                     risk.chance_text(source),
                     help=t("pages.uncertainty.kpi.chance_help", paths=paths, year=str(deadline),
                            rate=tables.rate(t, view.growth_pct), source=source, start=answer.start_words))
        if risk.simulated(source):
            a.caption(risk.basis_text(source))
        if deadline is not None:
            cols[1].metric(t("pages.uncertainty.kpi.pace", source=source), answer.required(),
                           help=t("pages.uncertainty.kpi.pace_help"))
        c.metric(t("pages.kpi.reached", source=source, target=goal), answer.when(), help=answer.when_help())
    if caution := risk.caution_text():
        st.warning(caution, icon=":material/warning:")
