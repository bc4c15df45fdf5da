"""The year-to-date sections a page shows: the "Latest figures" of each source and the release calendar.

Every figure here comes from one :class:`tradetarget.ytd.Latest` per source, computed once per data version, view
sources and day (``page.data.derived``), and written by :mod:`tradetarget.ytd_words`; the command line's ``latest``
reads the same objects, so the overview and the CLI say the same thing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tradetarget import export, ytd, ytd_words
from tradetarget.i18n import messages
from ui import render, tables

ORANGE = ":orange[{text}]"


def _md(text: str) -> str:
    """Text for Markdown: a dollar sign stays a dollar sign (two of them would start a formula)."""
    return text.replace("$", "\\$")


def markdown(text: str) -> str:
    return _md(text)


def quote(claim: dict, lang: str) -> str:
    """A claim as a quotation in its own language, with who said it, when, and a link to the page."""
    t = messages(lang)
    when = t.date(pd.Timestamp(claim["date"]).date())
    return (f"> {_md(str(claim['quote']))}\n\n"
            f"— {_md(str(claim['who']))}, {when} · [{t('pages.column.open_source')}]({claim['url']})")


def latest(page: render.Page) -> dict[str, ytd.Latest]:
    """Each source of the view's latest figures as of the view's date (cached per data version)."""
    return page.data.derived(ytd.latest_all, page.view.sources, page.view.as_of)


def _metric(item: ytd.Latest, lang: str) -> None:
    t = messages(lang)
    if item.running is None:
        st.metric(t("ytd.latest.metric_none", source=item.source), "—")
        return
    cur, prev = item.running.current, item.running.previous
    delta = None if prev is None else t("ytd.latest.delta", change=ytd_words.rate(item.running.computed_pct, lang),
                                         previous=ytd_words.period_of(prev, lang))
    st.metric(t("ytd.latest.metric", source=item.source, period=ytd_words.period_of(cur, lang)),
              ytd_words.money(cur.value_usd_bn, lang), delta=None if delta is None else delta.replace("−", "-", 1),
              delta_color="normal", help=t("ytd.latest.help"))


def _lines(marked: tuple[tuple[str, bool], ...]) -> str:
    """A source's statements as Markdown lines; an overdue release in orange."""
    return "  \n".join(ORANGE.format(text=_md(line)) if overdue else _md(line) for line, overdue in marked)


def cards(page: render.Page) -> None:
    """One column per source: the newest running total (with its change on a year earlier) and what follows."""
    lang = page.lang
    items = latest(page)
    marked = page.data.derived(ytd_words.marked_lines, page.view.sources, page.view.as_of, lang)
    for col, item in zip(st.columns(len(items) or 1), items.values(), strict=False):
        with col:
            _metric(item, lang)
            st.caption(_lines(marked[item.source]))


def freshness(page: render.Page, answer) -> str:
    """The freshness line under a verdict: the latest annual figure and when it was published, then when the next
    annual figure is due (overdue in orange)."""
    release = latest(page)[answer.source].release("annual")
    text = _md(ytd_words.release_sentence(release, page.lang))
    overdue = _md(ytd_words.overdue_words(release, page.lang)) if release.overdue else ""
    if overdue and overdue in text:
        text = text.replace(overdue, ORANGE.format(text=overdue))
    return f"{render.freshness(answer)} {text}"


def section(page: render.Page) -> None:
    """The overview's "Latest figures": each source's newest running total and annual figure, their age, and the
    next release (overdue in orange)."""
    t = messages(page.lang)
    st.subheader(t("ytd.latest.heading"))
    st.caption(t("ytd.latest.caption", page=render.page_name("ytd", page.lang)))
    cards(page)


def release_calendar(page: render.Page, heading: bool = True) -> None:
    """The release calendar table with its basis (GACC's published calendar, linked) and a CSV download."""
    lang = page.lang
    t = messages(lang)
    if heading:
        st.subheader(t("ytd.calendar.heading"))
    st.caption(t("ytd.calendar.caption", year=str(ytd.GACC_SCHEDULE_YEAR), url=ytd.GACC_SCHEDULE_URL))
    sources, as_of = page.view.sources, page.view.as_of
    render.table(page.data.table(ytd_words.release_table, sources, as_of, lang), key="release-calendar")
    st.download_button(
        t("pages.ytd.download_calendar"),
        data=lambda: export.csv_bytes(page.data.derived(ytd.release_table, sources, as_of), note=page.upload_note),
        file_name=tables.file_name(t, "release-calendar"), mime="text/csv", on_click="ignore",
        key="csv-release-calendar", icon=":material/table:",
    )
