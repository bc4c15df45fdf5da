"""Milestones: the visa-free regime, tourism years, summits and rail links on the turnover time axis."""

import pandas as pd
import streamlit as st

from tradetarget import columns, ledger
from ui import controls, render, tables

CATEGORY = columns.header("category")
page = render.start("Milestones")
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title("Milestones on the same time axis")
st.caption(
    "Dates from the fact base. Periods (the tourism years, multi-day summits) are bands; single days are "
    "markers. A milestone next to a change in trade is an association, not a cause."
)
render.chart(page, "milestones", alt="Timeline of milestones below annual GACC and BNS turnover")


@st.fragment
def milestone_table(milestones: pd.DataFrame) -> None:
    """The category filter and the table it filters: changing categories reruns only this part."""
    raw = controls.url_values(("categories",))
    category = st.multiselect(
        "Show categories", sorted(set(milestones[CATEGORY])), key="categories", bind="query-params",
        placeholder="All categories",
    )
    for values in raw.values():
        if note := controls.link_note("categories", values, category):
            st.warning(note)
    shown = milestones[milestones[CATEGORY].isin(category)] if category else milestones
    render.table(
        shown,
        url=st.column_config.LinkColumn("Source link", display_text="open source"),
        detail=st.column_config.TextColumn("Detail", width="large"),
    )


milestone_table(page.data.shown(tables.milestones))

st.subheader("Visitor flows around the milestones")
render.chart(page, "visitors", alt="Visitor counts around the visa-free date and the tourism years")
conflicts = dataset.visitors[dataset.visitors["conflict"]]
if not conflicts.empty:
    st.warning(
        "Sources conflict: "
        + "; ".join(f"{p}: {', '.join(f'{v:,}' for v in g['visitors'])} ({', '.join(g['metric'])})"
                    for p, g in conflicts.groupby("period"))
        + ". Both are shown; the pages do not say how the definitions differ."
    )
render.table(
    page.data.table(tables.visitors), key="visitors",
    url=st.column_config.LinkColumn("Source link", display_text="open source"),
)

st.subheader("Trade growth the year before and after")
st.caption("**Association, not causation.** Many things changed at once (prices, rail capacity, sanctions "
           "re-routing); a milestone next to a change in trade does not explain it.")
render.table(page.data.table(ledger.milestone_growth, precision=1), key="milestone-growth")
