"""Milestones: the visa-free regime, tourism years, summits and rail links on the turnover time axis."""

import streamlit as st

from ui import render

dataset, view, outlook = render.start("Milestones")

st.title("Milestones on the same time axis")
st.caption(
    "Dates from the fact base. Periods (the tourism years, multi-day summits) are bands; single days are "
    "markers. A milestone next to a change in trade is an association, not a cause."
)
render.chart("milestones", view, alt="Timeline of milestones below annual GACC and BNS turnover")

category = st.multiselect(
    "Show categories", sorted(set(dataset.milestones["category"])), key="ms_categories",
    placeholder="All categories",
)
ms = dataset.milestones
if category:
    ms = ms[ms["category"].isin(category)]
render.table(
    ms[["start", "end", "category", "title", "detail", "url"]],
    url=st.column_config.LinkColumn("source", display_text="open source"),
    detail=st.column_config.TextColumn("detail", width="large"),
)
