"""Uncertainty and scenarios: the fan, the chance of reaching the target, growth models, named scenarios,
the required pace against history, and what moves the answer."""


import pandas as pd
import streamlit as st

from tradetarget import model
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

target, deadline = outlook.target_usd_bn, view.deadline
for source, sr in risk.by_source.items():
    st.markdown(f"**{model.SOURCE_NAMES[source]}**")
    a, b, c = st.columns(3)
    a.metric(f"{source}: chance of ${target:g}bn by {deadline}",
             risk.chance_text(source, deadline),
             help=f"Share of {settings.paths:,} simulated paths at or above the target in some year up to "
                  f"{deadline}, at {view.growth_pct:+g}% a year with {source}'s own spread. If {source}'s actual "
                  "figures already reached the target, that is stated instead.")
    required = "—" if sr.required_pct is None else f"{sr.required_pct:.1f}% a year"
    b.metric(f"{source}: required pace", required,
             help=f"Constant growth from {source}'s {view.base_year} figure that reaches the target in {deadline}.")
    years = "never at this rate" if sr.years_to_target is None else (
        "already there" if sr.years_to_target == 0 else f"{sr.years_to_target} years")
    c.metric(f"{source}: years to target at {view.growth_pct:+g}%", years,
             help=f"From {source}'s latest figure ({sr.latest_year}) at the slider rate.")

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
                         assumption=st.column_config.TextColumn("assumption", width="large"))
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
