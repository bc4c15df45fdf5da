"""Overview: has the China–Kazakhstan $40bn target been reached, by which source, and when at this pace?"""

import streamlit as st

from tradetarget import ledger, wording
from tradetarget.i18n import messages
from ui import latest, publish, render, tables
from ui.controls import current_lang

lang = current_lang()
t = messages(lang)
page = render.start(t("pages.overview.name"))
dataset, view, outlook = page.dataset, page.view, page.outlook
target = outlook.target_usd_bn
goal = t.money(target, digits=None)

st.title(t("pages.overview.title"))
st.caption(t("pages.overview.intro"))
st.markdown(f"**{t('headline.heading')}**", help=t("headline.copy_help"))
st.code(outlook.headline, language=None, wrap_lines=True)

st.subheader(t("pages.overview.reached_heading", target=goal))
cols = st.columns(len(outlook.answers) or 1)
for col, answer in zip(cols, outlook.answers.values(), strict=False):
    box = st.success if answer.status == "met" else st.warning  # no red box: red means GACC in every chart
    with col:
        verdict = tables.sentence_start(answer.verdict(), lang).removesuffix(".")  # "долл." ends its own sentence
        box(t("pages.overview.verdict_box", name=answer.name, verdict=verdict))
        st.caption(latest.freshness(page, answer))
latest.section(page)  # each source's newest running total, its age and the next release (issue 21)

st.info(t("headline.scenario", text=outlook.scenario_text), icon=":material/science:")
publish.briefing_button(page)

render.static_table(page.data.table(ledger.verdict_matrix, view.as_of, view.sources, lang))
st.caption(t("pages.overview.matrix_caption", page=t("pages.pledges.name")))

render.chart(page, "overview", alt=t("pages.overview.chart_alt"))
publish.cite_and_embed(page)

start = (t("pages.overview.start.what_if", year=str(view.base_year)) if outlook.what_if
         else t("pages.overview.start.each_latest") if len(outlook.answers) > 1 else t("pages.overview.start.latest"))
st.subheader(t("pages.overview.pace_heading", rate=tables.rate(t, view.growth_pct), start=start))
for source, answer in outlook.answers.items():
    # two metrics a row: four to a row cut "142,8 млрд долл." at 1400 px in ru/kk/zh (issue 23.2)
    kpi = [cell for _ in range(2) for cell in st.columns(2)]
    kpi[0].metric(t("pages.overview.kpi.latest", source=source, year=str(answer.latest_year)),
                  t.money(answer.latest_value),
                  help=t("pages.overview.kpi.latest_help", source=source, year=str(answer.latest_year),
                         status=wording.status(answer.latest_status, lang)))
    kpi[1].metric(t("pages.kpi.reached", source=source, target=goal), answer.when(), help=answer.when_help())
    if answer.deadline is None:  # no deadline, no required growth: the metric is left out, not shown as "none"
        kpi[2].metric(t("pages.overview.kpi.deadline", source=source), t("pages.overview.kpi.deadline_none"),
                      help=t("pages.overview.kpi.deadline_none_help"))
        continue
    required = answer.required_pct
    kpi[2].metric(
        t("pages.overview.kpi.required_by", source=source, year=str(answer.deadline)),
        answer.required(),
        delta=None if required is None else t("pages.overview.kpi.required_delta",
                                               points=tables.signed(t, view.growth_pct - required)),
        delta_color="normal",
        help=t("pages.overview.kpi.required_help"),
    )
    at = answer.deadline_value
    if at is None:
        kpi[3].metric(t("pages.overview.kpi.value_in", source=source, year=str(answer.deadline)), "—",
                      help=t("pages.overview.kpi.value_missing_help", source=source, year=str(answer.deadline)))
    else:
        value, actual = at
        kpi[3].metric(t("pages.overview.kpi.value_in", source=source, year=str(answer.deadline)),
                      t("pages.overview.kpi.value_actual", value=t.money(value)) if actual else t.money(value),
                      help=t("pages.overview.kpi.value_actual_help") if actual
                      else t("pages.overview.kpi.value_projected_help"))
st.caption(t("pages.overview.method_caption"))
