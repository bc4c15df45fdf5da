"""Pledges and claims: every target judged by each source, official claims recomputed, and the 2023 forecast."""

import streamlit as st

from tradetarget import export, ledger
from ui import render, tables

page = render.start("Pledges and claims")
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title("Pledges and claims, judged by each source")
st.info(f"**In one sentence:** {page.briefing}", icon=":material/campaign:")

st.subheader("Every target, on each side's figures")
start = f"as projected from {view.base_year} (a what-if)" if view.base_year is not None else "from the latest figure"
st.caption(
    f"Met: an annual figure reached the target by its deadline. Missed: the deadline passed without it. "
    f"Not yet: the latest figure and the gap. *Reached* gives the actual year where there is one, else the "
    f"year at the slider rate ({view.growth_pct:+g}% a year) {start}."
)
render.static_table(page.data.table(tables.verdicts, view.growth_pct, view.as_of, view.base_year,
                                    view.sources, index="Target"))

st.subheader("The pledge ledger")
render.table(
    page.data.table(ledger.ledger_table, view.growth_pct, view.as_of), key="ledger",
    url=st.column_config.LinkColumn("Source link", display_text="open source"),
    quote=st.column_config.TextColumn("Quote", width="large"),
)
st.caption(
    "The $40bn-by-2030 goal was proposed against China's 2022 figure (over $31bn, GACC); the basis of the "
    "older goals is not stated in the sources. The older $40bn goals (2015, 2020) were not met on either side."
)

st.subheader("Claim checker")
claims = page.data.derived(ledger.check_claims)
flagged = sorted(set(claims.loc[claims["matches_source"] == "neither", "claim_id"]))
if flagged:
    st.warning(f"Claims that match neither source: {', '.join(flagged)}")
else:
    st.success("Every claim matches at least one source's figures — but not always the same source.")
render.table(
    page.data.table(tables.claims), key="claims",
    url=st.column_config.LinkColumn("Source link", display_text="open source"),
    matches=st.column_config.CheckboxColumn("Matches"),
)
st.caption(
    f"A level matches within {ledger.VALUE_TOLERANCE_PCT:g}% (rounding); a growth rate within "
    f"{ledger.GROWTH_TOLERANCE_PTS:g} point. Growth is computed from the same months a year earlier where both "
    "exist, else taken as stated by the source. The seed's +24% matches Kazakhstan's figures (+23.4%), not "
    "China's (+28.5%)."
)
st.download_button(
    "Download claim checks as CSV", data=lambda: export.csv_bytes(claims), file_name="kz-cn-trade-claim-checks.csv",
    mime="text/csv", on_click="ignore", key="csv-claims", icon=":material/table:",
)

st.subheader("Forecast against outcome")
render.chart(page, "backtest", alt="The 27 Nov 2023 projection of 24% a year against actual turnover")
st.markdown(
    "**The full-year 2023 estimate from the ten-month figure** (simple: the year-to-date growth on the previous "
    "full year; seasonal: the ten-month value divided by the ten-month share of another year):"
)
render.table(page.data.table(tables.ytd_estimates, "Jan–Oct 2023"), key="ytd-2023")
