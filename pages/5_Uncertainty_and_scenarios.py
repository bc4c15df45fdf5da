"""Uncertainty and scenarios: the fan, the chance of reaching the target, growth models, named scenarios,
the required pace against history, and what moves the answer."""


import pandas as pd
import streamlit as st

from ui import controls, render

page = render.start("Uncertainty and scenarios")
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title("How sure is the answer?")
st.caption(
    "A single growth line pretends to know the future. Here the slider sets the central rate, each source's own "
    "year-on-year history sets the spread, and named scenarios show what other reasonable assumptions give. "
    "GACC and BNS are always computed separately."
)

settings = controls.model_settings(page.data)
risk = page.data.risk(view, settings)
for source, problem in risk.problems.items():
    if source not in outlook.problems:
        st.warning(f"{source}: {problem}")

target, deadline = outlook.target_usd_bn, outlook.deadline
for source, sr in risk.by_source.items():
    answer = sr.answer
    st.markdown(f"**{answer.name}**")
    a, b, c = st.columns(3)
    if deadline is None:
        a.metric(f"{source}: even chance of ${target:g}bn by", risk.even_odds_text(source),
                 help="This target has no deadline: the first year in which at least half of the "
                      f"{settings.paths:,} simulated paths have reached it (the chart by year is in the tabs).")
    else:
        a.metric(f"{source}: chance of ${target:g}bn by {deadline}", risk.chance_text(source),
                 help=f"Share of {settings.paths:,} simulated paths at or above the target in some year up to "
                      f"{deadline}, at {view.growth_pct:+g}% a year with {source}'s own spread, "
                      f"{answer.start_words}. The actual figures come first: met or missed is stated instead.")
    b.metric(f"{source}: required pace", answer.required(),
             help="Constant growth from the projection's start that reaches the target in the deadline year; "
                  "none once it is met, its deadline has passed, or it has no deadline.")
    c.metric(f"{source}: ${target:g}bn reached", answer.when(), help=answer.when_help())

TABS = ("Fan", "Scenarios", "Growth model", "Required pace", "Sensitivity")
raw_tab = controls.url_values(("chart",))
fan, scenarios, growth_model, pace, sensitivity = st.tabs(TABS, key="chart", bind="query-params")
for values in raw_tab.values():
    if note := controls.link_note("chart", values, st.session_state.get("chart", TABS[0])):
        st.warning(note)
# Only the open tab runs: its charts are built and sent, the others cost nothing on this run.
if fan.open:
    with fan:
        render.chart(page, "fan", "Fan chart of simulated turnover paths per source", settings)
        render.chart(page, "probability", "Chance the target has been reached, year by year", settings)
if scenarios.open:
    with scenarios:
        render.chart(page, "scenarios", "Named scenarios per source", settings)
        frames = [sr.scenarios.drop_duplicates("scenario")[["source", "scenario", "assumption"]]
                  for sr in risk.by_source.values()]
        if frames:
            st.markdown("**What each scenario assumes**")
            render.table(pd.concat(frames, ignore_index=True), key="scenario-assumptions",
                         assumption=st.column_config.TextColumn("Assumption", width="large"))
if growth_model.open:
    with growth_model:
        render.chart(page, "model", "The chosen growth model's path per source", settings)
if pace.open:
    with pace:
        render.chart(page, "gauge", "The required growth rate beside the slider rate and each source's past rates",
                     settings)
if sensitivity.open:
    with sensitivity:
        render.chart(page, "sensitivity", "Tornado chart of how the year reached and the deadline value move",
                     settings)
