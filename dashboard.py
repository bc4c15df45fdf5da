"""Overview: has the China–Kazakhstan $40bn target been reached, by which source, and when at this pace?"""

from datetime import date

import streamlit as st

from tradetarget import ledger, model
from ui import render

page = render.start("Overview")
dataset, view, outlook = page.dataset, page.view, page.outlook
target = outlook.target_usd_bn

st.title("China–Kazakhstan trade: the target tracker")
st.caption(
    "On 27 Nov 2023 Kazakhstan's prime minister said trade with China had grown 24% in ten months and that "
    "the $40bn goal set by the two heads of state would soon be reached. China's customs (GACC) and "
    "Kazakhstan's statistics bureau (BNS) record the same trade $7–14bn a year apart, so every answer "
    "here is given per source."
)

st.subheader(f"Has ${target:g}bn been reached?")
cols = st.columns(len(view.sources))
for col, source in zip(cols, view.sources, strict=True):
    verdict = page.data.derived(model.verdict, source, target)
    with col:
        box = st.success if verdict.met else st.warning
        box(f"**{model.SOURCE_NAMES[source]}**  \n{verdict.sentence()}")

st.info(f"**In one sentence:** {page.briefing}", icon=":material/campaign:")

render.static_table(page.data.table(ledger.verdict_matrix, view.growth_pct, date.today()))
st.caption("Every target in the pledge ledger, judged on each source's annual figures. Details, quotes and "
           "claim checks: **Pledges and claims** page.")

render.chart(page, "overview", alt="Turnover by source with the projection and the target")

st.subheader(f"At {view.growth_pct:+g}% a year from {view.base_year}")
for source, scenario in outlook.scenarios.items():
    reached = model.year_reached(scenario)
    required = model.required_growth_pct(scenario)
    kpi = st.columns(4)
    kpi[0].metric(f"{source} base", f"${scenario.base_value:.1f}bn", help=f"{source} actual, {scenario.base_year}")
    kpi[1].metric(
        f"{source}: target reached",
        reached.year if reached.status == "reached" else reached.describe(),
        help="First whole year the projection is at or above the target",
    )
    kpi[2].metric(
        f"{source}: growth required by {scenario.deadline}", f"{required:.1f}% a year",
        delta=f"slider {view.growth_pct - required:+.1f} pts vs required", delta_color="normal",
        help="Constant annual growth that reaches the target exactly in the deadline year",
    )
    kpi[3].metric(f"{source}: value in {scenario.deadline}", f"${model.value_in(scenario, scenario.deadline):.1f}bn")
st.caption(
    "Projection: V(t) = V0 × (1 + g)^(t − t0) from each source's own base-year figure. "
    "The $40bn-by-2030 goal was proposed against China's 2022 figure (over $31bn, GACC); "
    "the 24% was Kazakh-side (BNS) data."
)
