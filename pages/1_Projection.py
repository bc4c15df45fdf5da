"""Projection: the year-by-year path, the slider rate against the required pace, and YTD estimates."""

from dataclasses import astuple

import streamlit as st

from tradetarget import export, model
from ui import render, tables

page = render.start("Projection")
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title("Projection, year by year")
st.caption(
    f"{outlook.footer}. Each source is projected from its own figure; the two are never blended. The shortfall "
    "columns follow one convention everywhere: positive = short of the target, negative = over it, taken from the "
    "actual figure where there is one."
)

table = page.data.derived(tables.projection, astuple(view))
render.table(page.data.table(tables.projection, astuple(view), precision=1))
st.download_button(
    "Download table as CSV", data=lambda: export.csv_bytes(table), file_name="kz-cn-trade-projection-table.csv",
    mime="text/csv", on_click="ignore", key="csv-table", icon=":material/table:",
)

st.subheader("The slider against the required pace and history")
render.chart(page, "growth", alt=f"Slider rate {view.growth_pct:+g}% against required and historical growth")
for source, answer in outlook.answers.items():
    hist = page.data.derived(model.historical_growth, source)
    past = (f"year-on-year growth in the years with two consecutive figures ranged from "
            f"{hist['growth_pct'].min():.1f}% to {hist['growth_pct'].max():.1f}%")
    if answer.required_pct is not None:
        st.markdown(f"**{source}**: {answer.required_pct:.1f}% a year {answer.start_words} reaches "
                    f"${answer.target_usd_bn:g}bn by {answer.deadline}; {past}.")
    else:
        st.markdown(f"**{source}**: required growth: {answer.required()} ({answer.verdict()}); {past}.")

st.subheader("From “+24% in ten months” to a full-year figure")
st.caption(
    "Simple: apply the year-to-date growth to the previous full year. Seasonal: divide the year-to-date value "
    "by the share the same months had in another full year of the same source. Errors are against the actual "
    "full year, where one exists."
)
render.table(page.data.table(tables.ytd_estimates, "Jan–Oct 2023"))
claim = model.SEED_GROWTH_PCT
st.markdown(
    f"The claimed **+{claim:g}%** (Kazakh-side) applied to each source's 2022 figure gives "
    + "; ".join(
        f"{s} {model.full_year_simple(v, claim):.1f} vs actual {dataset.annual_value(s, 2023):.1f}"
        for s in ("BNS", "GACC") if (v := dataset.annual_value(s, 2022)) is not None
    )
    + " (USD bn, 2023)."
)
with st.expander("Every year-to-date estimate"):
    render.table(page.data.table(tables.ytd_estimates))
