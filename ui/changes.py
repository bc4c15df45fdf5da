"""The Data page's "What changed, and when": the answer's history chart and each figure's effect, newest first."""

from __future__ import annotations

from datetime import date

import streamlit as st

from tradetarget import comtrade, history, history_words, published, wording
from tradetarget.i18n import messages
from ui import render

SHOWN = 8
"""Changes listed openly; older ones sit in an expander."""


def section(page: render.Page) -> None:
    t = messages(page.lang)
    view = page.view
    st.subheader(t("pages.data.changes_heading"))
    answers = page.outlook.answers
    target = next(iter(answers.values())).target_label if answers else view.target_id
    st.caption(t("pages.data.changes_intro", target=target))
    render.chart(page, "history", alt=t("pages.data.history_alt"))
    found = page.data.derived(history.changes_since, date(1990, 1, 1), view.as_of)
    lines = history_words.lines(tuple(reversed(found)), page.dataset, page.lang, target_id=view.target_id)
    st.markdown("\n".join(f"- {line}" for line in lines[:SHOWN]))
    if len(lines) > SHOWN:
        with st.expander(t("pages.data.changes_older", n=str(len(lines) - SHOWN))):
            st.markdown("\n".join(f"- {line}" for line in lines[SHOWN:]))
    old = page.dataset.superseded
    if old is not None and not old.empty:
        st.markdown(f"**{t('pages.data.superseded_heading')}**")
        st.markdown("\n".join(
            f"- {t(f'headline.tag.{r.source}')} {wording.period(r.period, page.lang)}: {t.money(r.turnover_usd_bn)} "
            f"({t.published(published.parse(r.published))} → {t.published(published.parse(r.superseded))})"
            for r in old.itertuples()))


def comtrade_section(page: render.Page) -> None:
    """UN Comtrade's figures beside ours where the two differ (ours are used; Comtrade's fill gaps only)."""
    t = messages(page.lang)
    st.subheader(t("comtrade.heading"))
    rows = page.dataset.comtrade
    if rows is None or rows.empty:
        st.caption(t("comtrade.none"))
        return
    st.caption(t("comtrade.intro"))
    diff = page.data.derived(comtrade.differences)
    if diff.empty:
        st.markdown(t("comtrade.same", n=str(len(rows))))
        return
    st.markdown("\n".join(
        "- " + t("comtrade.diff", source=t(f"headline.tag.{r.source}"), period=wording.period(r.period, page.lang),
                 hand=t.money(r.hand_usd_bn, 2), comtrade=t.money(r.comtrade_usd_bn, 2),
                 difference=_signed_money(t, r.difference_usd_bn), url=r.url, comtrade_url=r.comtrade_url)
        for r in diff.itertuples()))


def _signed_money(t, bn: float) -> str:
    """"+$1.50bn" / "−$1.50bn": the sign before the amount, a true minus."""
    return ("+" if bn >= 0 else "\u2212") + t.money(abs(bn), 2)
