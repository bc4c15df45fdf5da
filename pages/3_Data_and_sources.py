"""Data & sources: every observation with its link and status, the GACC–BNS gap, and what is missing."""

import streamlit as st

from tradetarget import columns, export, headline, ledger, wording
from tradetarget.data import SOURCES
from tradetarget.i18n import messages
from ui import changes, latest, render, tables, uploads
from ui.controls import current_lang

STATUSES = ("reported", "provisional", "uncertain")

lang = current_lang()
t = messages(lang)
page = render.start(t("pages.data.name"))
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title(t("pages.data.title"))
dates = headline.dates_words(dataset.data_dates(view.sources, view.as_of), lang)
st.caption(t.full_stop(t("pages.data.intro", date=dates)))

with st.expander(t("pages.data.upload"), icon=":material/upload_file:", expanded=uploads.active()):
    uploads.panel()

st.subheader(t("pages.data.observations_heading"))
render.table(
    page.data.table(tables.observations, lang, precision=3),
    url=tables.link_column(lang),
    annual=st.column_config.CheckboxColumn(columns.header("annual", lang)),
    note=tables.original_column("note", lang),
    url_secondary=st.column_config.LinkColumn(columns.header("url_secondary", lang),
                                              display_text=t("sources.open_secondary")),
)
st.download_button(
    t("pages.data.download_observations"),
    data=lambda: export.csv_bytes(page.data.derived(tables.observations, lang), note=page.upload_note),
    file_name=tables.file_name(t, "observations"),
    mime="text/csv", on_click="ignore", key="csv-observations", icon=":material/table:",
)
st.markdown(t("pages.data.status_legend", **{word: wording.status(word, lang) for word in STATUSES}))
st.markdown(t("sources.legend"))

st.subheader(t("sources.check.heading"))
st.caption(t("sources.check.intro"))
st.markdown(tables.check_at_source(lang))

latest.release_calendar(page)  # when each source's next figure is due, and what is overdue (issue 21)


st.subheader(t("pages.data.gap_heading"))
render.chart(page, "gap", alt=t("pages.data.gap_alt"))
st.markdown(t("pages.data.by_flow"))
render.table(page.data.table(ledger.flow_gaps, lang, precision=2), key="flow-gaps")
st.markdown(t("pages.data.why_gap"))

st.subheader(t("pages.data.missing_heading"))
span = range(2010, int(dataset.annual()["year"].max()) + 1)
for source in SOURCES:
    have = set(dataset.years(source))
    missing = [str(y) for y in span if y not in have]
    st.markdown(t("pages.data.missing_years", source=source, years=t("pages.list_comma").join(missing)))
st.markdown(t("pages.data.missing_list"))

changes.section(page)  # what each published figure changed in the answer, and the revised figures (issue 22)
changes.comtrade_section(page)  # UN Comtrade beside our figures where they differ (issue 22)
