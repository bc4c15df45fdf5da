"""Data & sources: every observation with its link and status, the GACC–BNS gap, and what is missing."""

import streamlit as st

from tradetarget import export, ledger
from tradetarget.data import SOURCES
from ui import render, tables, uploads

page = render.start("Data & sources")
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title("Data and sources")
st.caption(
    f"Every figure comes from a page in the fact base and carries its link and status. Nothing is "
    f"interpolated: a year with no sourced figure stays empty. Latest source page: {dataset.data_date}."
)

with st.expander("**Use your own figures**: upload a CSV or a UN Comtrade export", icon=":material/upload_file:",
                 expanded=uploads.active()):
    uploads.panel()

st.subheader("Every observation")
render.table(
    page.data.table(tables.observations, precision=3),
    url=st.column_config.LinkColumn("Source link", display_text="open source"),
    annual=st.column_config.CheckboxColumn("Full year"),
)
st.download_button(
    "Download observations as CSV", data=lambda: export.csv_bytes(page.data.derived(tables.observations)),
    file_name="kz-cn-trade-observations.csv",
    mime="text/csv", on_click="ignore", key="csv-observations", icon=":material/table:",
)
st.markdown(
    "**Status**: *reported* — the page names the statistical source; *provisional* — a compilation or "
    "preliminary figure (BNS 2024 comes from a Eurasian Development Bank compilation); *uncertain* — "
    "the page does not name the source, which is inferred from the figure's size and who said it."
)

st.subheader("Two ledgers for the same trade")
render.chart(page, "gap", alt="GACC and BNS annual turnover side by side with the gap for each year")
st.markdown("**By flow**, where both sides give the split (GACC minus BNS):")
render.table(page.data.table(ledger.flow_gaps, precision=2), key="flow-gaps")
st.markdown(
    """
Why China's customs and Kazakhstan's statistics differ, as the sources explain it:

- **The gap sits on Kazakhstan's imports from China.** Both sides' figures for Kazakh exports roughly
  match; in 2021 China reported about $14bn shipped to Kazakhstan while Kazakhstan recorded $8.2bn.
  ([desht.org](https://www.desht.org/en/post/distinctions-in-foreign-trade-statistics-with-china))
- **Official explanations**: methodology, transit recorded as export, and fraudulent or undervalued
  declarations (Ministry of Finance, via desht.org above). President Tokayev blamed contraband and customs
  corruption for a $5.7bn gap in 2021.
  ([Kursiv](https://kz.kursiv.media/en/2022-02-02/tokayev-believes-that-corruption-is-guilty-in-gap-between-kazakhstan-and-chinese-statistics/))
- **Trend**: the gap fell from $5.7bn (41.1% of China's figure) in 2021 to $5.2bn (31.9%) in 2022, then
  widened again in 2023 (Kursiv Research and the Supreme Audit Chamber).
  ([Kursiv](https://kz.kursiv.media/en/2024-09-09/who-distorts-customs-statistics-between-kazakhstan-and-china/amp))
- **Older claims**: customs data differ by $5–6bn a year, partly because of different units and goods
  nomenclature, plus corruption (KISI expert, 2017).
  ([Kazinform](https://en.inform.kz/news/chinese-goods-block-domestic-production-in-kazakhstan_a2990672/))
- **CIF/FOB valuation** is the textbook reason for mirror gaps, but no source found states it for
  Kazakhstan–China, so it is not claimed here.

Note that the Kursiv gap figures for 2021–2022 are measured on Kazakhstan's imports, not total turnover,
so they differ from the turnover gaps in the chart.
"""
)

st.subheader("What is missing")
span = range(2010, int(dataset.annual()["year"].max()) + 1)
for source in SOURCES:
    have = set(dataset.years(source))
    missing = [str(y) for y in span if y not in have]
    st.markdown(f"- **{source}**: no sourced annual figure for {', '.join(missing)}.")
st.markdown(
    """
- **BNS 2024** is provisional (EDB compilation), and no BNS figure for 2025 was found.
- **GACC 2019** was found only as "over $20bn", a bound rather than a value, so it is not charted.
- **Export/import splits**: none for GACC 2024, BNS 2024–2025, or BNS imports in 2023.
- **Year-to-date**: no BNS figures for 2024 or 2025; no GACC figure for January–October 2022.
- **Targets**: the occasion on which $35bn by 2030 was first set was not found; the $100bn goal has no year.
"""
)
