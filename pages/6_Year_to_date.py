"""Year to date: the latest running totals, every running total by month, the seed's claim, a nowcast of the
unfinished year with its back-test, and the release calendar."""

import streamlit as st

from tradetarget import columns, export, ytd, ytd_words
from tradetarget.i18n import messages
from ui import latest, render, tables
from ui.controls import current_lang

lang = current_lang()
t = messages(lang)
page = render.start(t("pages.ytd.name"))
view = page.view
sources, as_of = view.sources, view.as_of

st.title(t("pages.ytd.title"))
st.caption(t("pages.ytd.intro"))

st.subheader(t("pages.ytd.latest_heading"))
latest.cards(page)

render.chart(page, "ytd", alt=t("pages.ytd.chart_alt"))

st.subheader(t("pages.ytd.seed_heading"))
claim = ytd_words.seed_claim(page.dataset)
if claim is not None:
    st.markdown(latest.quote(claim, lang))
    st.caption(t("pages.ytd.seed_caption"))
    render.table(page.data.table(ytd_words.seed_check, lang), key="seed-check",
                 matches=st.column_config.CheckboxColumn(columns.header("matches", lang)))

st.subheader(t("pages.ytd.nowcast_heading"))
st.caption(t("pages.ytd.nowcast_caption", need=str(ytd.MIN_YEARS)))
for item in latest.latest(page).values():
    st.markdown(latest.markdown(ytd_words.nowcast_sentence(item.nowcast, lang)))

st.subheader(t("pages.ytd.backtest_heading"))
st.caption(t("pages.ytd.backtest_caption"))
render.table(page.data.table(ytd_words.backtest_table, sources, as_of, lang), key="ytd-backtest")
st.download_button(
    t("pages.ytd.download_backtest"), data=lambda: export.csv_bytes(page.data.derived(ytd.backtest_table, sources,
                                                                                       as_of),
                                  note=page.upload_note),
    file_name=tables.file_name(t, "ytd-backtest"), mime="text/csv", on_click="ignore", key="csv-ytd-backtest",
    icon=":material/table:",
)

latest.release_calendar(page)

st.subheader(t("pages.ytd.table_heading"))
render.table(page.data.table(ytd_words.running_table, sources, as_of, lang), key="running-totals",
             url=tables.link_column(lang))
st.download_button(
    t("pages.ytd.download_running"), data=lambda: export.csv_bytes(page.data.derived(ytd.year_on_year_table, sources,
                                                                                      as_of),
                                  note=page.upload_note),
    file_name=tables.file_name(t, "running-totals"), mime="text/csv", on_click="ignore", key="csv-running-totals",
    icon=":material/table:",
)
