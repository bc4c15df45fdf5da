"""Pledges and claims: every target judged by each source, official claims recomputed, and the 2023 forecast."""

import streamlit as st

from tradetarget import columns, export, ledger
from tradetarget.i18n import messages
from ui import render, tables
from ui.controls import current_lang

lang = current_lang()
t = messages(lang)
page = render.start(t("pages.pledges.name"))
dataset, view, outlook = page.dataset, page.view, page.outlook
LINK, QUOTE = tables.link_column(lang), tables.original_column("quote", lang, width="large")

st.title(t("pages.pledges.title"))
st.info(page.outlook.headline, icon=":material/campaign:")

st.subheader(t("pages.pledges.verdicts_heading"))
start = (t("pages.pledges.start.what_if", year=str(view.base_year)) if view.base_year is not None
         else t("pages.pledges.start.latest"))
st.caption(t("pages.pledges.verdicts_caption", rate=tables.rate(t, view.growth_pct), start=start))
render.static_table(page.data.table(tables.verdicts, view.growth_pct, view.as_of, view.base_year,
                                    view.sources, lang, index=tables.verdict_index(lang)))

st.subheader(t("pages.pledges.ledger_heading"))
render.table(
    page.data.table(ledger.ledger_table, view.growth_pct, view.as_of, lang), key="ledger", url=LINK, quote=QUOTE,
    **{"set by": tables.original_column("set by", lang)},
)
st.caption(t("pages.pledges.ledger_caption"))

st.subheader(t("pages.pledges.claims_heading"))
claims = page.data.derived(ledger.check_claims, lang)
flagged = sorted(set(claims.loc[claims["matches_source"] == t("answer.ledger.neither"), "claim_id"]))
if flagged:
    st.warning(t("pages.pledges.claims_neither", claims=t("pages.list_comma").join(flagged)))
else:
    st.success(t("pages.pledges.claims_all_match"))
render.table(
    page.data.table(tables.claims, lang), key="claims", url=LINK, quote=QUOTE,
    who=tables.original_column("who", lang), matches=st.column_config.CheckboxColumn(columns.header("matches", lang)),
)
st.caption(t("pages.pledges.claims_caption", level=tables.plain(t, ledger.VALUE_TOLERANCE_PCT),
             points=tables.plain(t, ledger.GROWTH_TOLERANCE_PTS)))
st.download_button(
    t("pages.pledges.download_claims"), data=lambda: export.csv_bytes(claims, note=page.upload_note),
    file_name=tables.file_name(t, "claims"),
    mime="text/csv", on_click="ignore", key="csv-claims", icon=":material/table:",
)

st.subheader(t("pages.pledges.backtest_heading"))
render.chart(page, "backtest", alt=t("pages.pledges.backtest_alt"))
st.markdown(t("pages.pledges.ytd_intro"))
render.table(page.data.table(tables.ytd_estimates, "Jan–Oct 2023", lang), key="ytd-2023")
