"""Projection: the year-by-year path, the slider rate against the required pace, and YTD estimates."""

from dataclasses import astuple

import streamlit as st

from tradetarget import export, model
from tradetarget.i18n import messages
from ui import render, tables
from ui.controls import current_lang

lang = current_lang()
t = messages(lang)
page = render.start(t("pages.projection.name"))
dataset, view, outlook = page.dataset, page.view, page.outlook

st.title(t("pages.projection.title"))
st.caption(t("pages.projection.intro", footer=outlook.footer))

table = page.data.derived(tables.projection, astuple(view))
render.table(page.data.table(tables.projection, astuple(view), precision=1))
st.download_button(
    t("pages.projection.download_table"), data=lambda: export.csv_bytes(table, note=page.upload_note),
    file_name=tables.file_name(t, "projection"),
    mime="text/csv", on_click="ignore", key="csv-table", icon=":material/table:",
)

st.subheader(t("pages.projection.growth_heading"))
render.chart(page, "growth", alt=t("pages.projection.growth_alt", rate=tables.rate(t, view.growth_pct)))
for source, answer in outlook.answers.items():
    hist = page.data.derived(model.historical_growth, source)
    past = t("pages.projection.past_range", low=t.pct(hist["growth_pct"].min()), high=t.pct(hist["growth_pct"].max()))
    if answer.required_pct is not None:
        st.markdown(t("pages.projection.required", source=source, rate=t.pct(answer.required_pct),
                      start=answer.start_words, target=t.money(answer.target_usd_bn, digits=None),
                      year=str(answer.deadline), past=past))
    else:
        st.markdown(t("pages.projection.required_none", source=source, required=answer.required(),
                      verdict=answer.verdict(), past=past))

st.subheader(t("pages.projection.ytd_heading"))
st.caption(t("pages.projection.ytd_caption"))
render.table(page.data.table(tables.ytd_estimates, "Jan–Oct 2023", lang))
claim = model.SEED_GROWTH_PCT
st.markdown(t(
    "pages.projection.claim", claim=tables.rate(t, claim),
    items=t("pages.list_separator").join(
        t("pages.projection.claim_item", source=s, value=t.amount(model.full_year_simple(v, claim)),
          actual=t.amount(dataset.annual_value(s, 2023)))
        for s in ("BNS", "GACC") if (v := dataset.annual_value(s, 2022)) is not None
    ),
))
with st.expander(t("pages.projection.every_ytd")):
    render.table(page.data.table(tables.ytd_estimates, None, lang))
