"""Milestones: the visa-free regime, tourism years, summits and rail links on the turnover time axis."""

import pandas as pd
import streamlit as st

from tradetarget import ledger, wording
from tradetarget.i18n import messages
from ui import controls, render, tables
from ui.controls import current_lang

lang = current_lang()
t = messages(lang)
page = render.start(t("pages.milestones.name"))
dataset, view, outlook = page.dataset, page.view, page.outlook
LINK = tables.link_column(lang)

st.title(t("pages.milestones.title"))
st.caption(t("pages.milestones.intro"))
render.chart(page, "milestones", alt=t("pages.milestones.chart_alt"))
if render.is_phone():  # the phone's chart numbers its diamonds (titles would crowd it): the key, dated and linked
    st.markdown(t("pages.milestones.key_heading"))
    st.markdown(page.data.derived(tables.milestone_key, lang))


@st.fragment
def milestone_table(milestones: pd.DataFrame, categories: pd.Series) -> None:
    """The category filter and the table it filters: changing categories reruns only this part.

    The filter's options are the data's own categories, shown in the reader's language (the address holds the
    shown names, so a link from another language is read in it first); ``categories`` holds each shown row's
    own category.
    """
    options = sorted(set(categories))
    labels = {name: wording.category(name, lang) for name in options}
    tables.keep_choices("categories", labels, tables.category_names(tuple(options)))
    raw = {key: tables.same_choices(values, labels, tables.category_names(tuple(options)))
           for key, values in controls.url_values(("categories",)).items()}
    category = st.multiselect(
        t("pages.milestones.filter"), options, key="categories", bind="query-params",
        format_func=labels.__getitem__, placeholder=t("pages.milestones.filter_all"),
    )
    for values in raw.values():
        if note := controls.link_note("categories", values, [labels[name] for name in category], lang):
            st.warning(note)
    shown = milestones[categories.isin(category).to_numpy()] if category else milestones
    render.table(
        shown,
        url=LINK,
        detail=tables.original_column("detail", lang, width="large"),
    )


milestone_table(page.data.shown(tables.milestones, lang), dataset.milestones["category"])

st.subheader(t("pages.milestones.visitors_heading"))
render.chart(page, "visitors", alt=t("pages.milestones.visitors_alt"))
conflicts = dataset.visitors[dataset.visitors["conflict"]]
if not conflicts.empty:
    comma = t("pages.list_comma")
    st.warning(t("pages.milestones.conflict", items=t("pages.list_separator").join(
        t("pages.milestones.conflict_item", period=str(p), counts=comma.join(t.num(v, 0) for v in g["visitors"]),
          metrics=comma.join(wording.metric(m, lang) for m in g["metric"]))
        for p, g in conflicts.groupby("period"))))
render.table(page.data.table(tables.visitors, lang), key="visitors", url=LINK)

st.subheader(t("pages.milestones.growth_heading"))
st.caption(t("pages.milestones.growth_caption"))
render.table(page.data.table(ledger.milestone_growth, lang, precision=1), key="milestone-growth")
