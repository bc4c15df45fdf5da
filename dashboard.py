"""Overview: has the China–Kazakhstan $40bn target been reached, by which source, and when at this pace?"""

import streamlit as st

from tradetarget import ledger
from ui import publish, render

page = render.start("Overview")
dataset, view, outlook = page.dataset, page.view, page.outlook
target = outlook.target_usd_bn

st.title("China–Kazakhstan trade: the target tracker")
st.caption(
    "On 27 Nov 2023 Kazakhstan's prime minister said trade with China had grown 24% in ten months and that "
    "the $40bn goal set by the two heads of state would soon be reached. China's customs (GACC) and "
    "Kazakhstan's statistics bureau (BNS) record the same trade $6–14bn a year apart, so every answer "
    "here is given per source."
)

st.subheader(f"Has ${target:g}bn been reached?")
cols = st.columns(len(outlook.answers) or 1)
for col, answer in zip(cols, outlook.answers.values(), strict=False):
    box = st.success if answer.status == "met" else st.warning  # no red box: red means GACC in every chart
    with col:
        box(f"**{answer.name}**  \n{answer.verdict().capitalize()}.")
        st.caption(render.freshness(answer))

st.info(f"**In one sentence:** {page.briefing}", icon=":material/campaign:")
publish.briefing_button(page)

render.static_table(page.data.table(ledger.verdict_matrix, view.as_of, view.sources))
st.caption("Every target in the pledge ledger, judged on each source's annual figures, each with its own deadline. "
           "Details, quotes and claim checks: **Pledges and claims** page.")

render.chart(page, "overview", alt="Turnover by source with the projection and the target")
publish.cite_and_embed(page)

start = (f"as projected from {view.base_year} (what-if)" if outlook.what_if
         else "from each source's latest figure" if len(outlook.answers) > 1 else "from the latest figure")
st.subheader(f"At {view.growth_pct:+g}% a year, {start}")
for source, answer in outlook.answers.items():
    kpi = st.columns(4)
    kpi[0].metric(f"{source} latest: {answer.latest_year}", f"${answer.latest_value:.1f}bn",
                  help=f"{source} actual, {answer.latest_year} ({answer.latest_status})")
    kpi[1].metric(f"{source}: ${target:g}bn reached", answer.when(), help=answer.when_help())
    required = answer.required_pct
    kpi[2].metric(
        f"{source}: growth required" + ("" if answer.deadline is None else f" by {answer.deadline}"),
        answer.required(),
        delta=None if required is None else f"slider {view.growth_pct - required:+.1f} pts vs required",
        delta_color="normal",
        help="Constant annual growth from the projection's start that reaches the target exactly in the deadline "
             "year; none once the target is met or its deadline has passed.",
    )
    at = answer.deadline_value
    if answer.deadline is None:
        kpi[3].metric(f"{source}: deadline", "none", help="This target has no deadline.")
    elif at is None:
        kpi[3].metric(f"{source}: value in {answer.deadline}", "—", help=f"No {source} figure for {answer.deadline}.")
    else:
        value, actual = at
        kpi[3].metric(f"{source}: value in {answer.deadline}", f"${value:.1f}bn" + (" (actual)" if actual else ""),
                      help="The actual figure" if actual else "Projected at the slider rate")
st.caption(
    "Projection: V(t) = V0 × (1 + g)^(t − t0) from each source's latest annual figure (the jump-off), or from the "
    "chosen past year as a what-if. The $40bn-by-2030 goal was proposed against China's 2022 figure (over $31bn, "
    "GACC); the 24% was Kazakh-side (BNS) data."
)
