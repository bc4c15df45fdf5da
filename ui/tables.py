"""The tables the pages show, as functions of the dataset, so ``page.data.shown`` can cache them per data
version (module-level functions: the cache key is the function's qualified name), and the few number forms
the pages write in their text.

A table function that takes ``lang`` translates our own labels in it (statuses, categories, milestone titles,
visitor directions) through :mod:`tradetarget.wording`; quotes, notes, details and who said what stay as written.
``lang`` is passed positionally through ``page.data.table`` / ``shown``, so each language is cached on its own.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from functools import lru_cache

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.state.session_state_proxy import get_session_state

from tradetarget import charts, columns, ledger, model, wording, ytd_words
from tradetarget.data import Dataset
from tradetarget.i18n import DEFAULT_LANG, LANGS, Messages, messages
from tradetarget.scenario import View, build, projection_table
from tradetarget.sources import check_at_source as sources_check
from tradetarget.sources import check_words, kind_words
from ui import publish

CLAIM_COLUMNS = ["date", "who", "quote", "period", "claimed", "source", "recomputed", "matches", "matches_source",
                 "how", "url"]


def rate(t: Messages, pct: float) -> str:
    """A growth rate as the slider shows it, always signed: "+24%", "+5.5%" ("+24,5%" in ru and kk)."""
    return t.rate(pct)


def plain(t: Messages, value: float) -> str:
    """A number with no trailing zeros, as Python's ``:g`` writes it ("1.5", "1"; "1,5" in ru and kk)."""
    return f"{value:g}" if t.lang == DEFAULT_LANG else t.num(value, None)


def signed(t: Messages, value: float, digits: int = 1) -> str:
    """A signed number: "+1.5" / "-0.3" in English as before, the language's own form otherwise."""
    return f"{value:+.{digits}f}" if t.lang == DEFAULT_LANG else t.signed(value, digits)


def sentence_start(text: str, lang: str = DEFAULT_LANG) -> str:
    """A clause as the start of a sentence (English as before; elsewhere only the first letter changes,
    so a tag such as GACC or ГТУ keeps its capitals)."""
    return messages(lang).capital(text)


def original(t: Messages, header: str) -> str:
    """The header of a column shown as written in data/ (quotes, notes, details): marked as in its original
    language for a reader of another language ("Цитата (на языке оригинала)"); English as before."""
    return header if t.lang == DEFAULT_LANG else wording.original_header(header, t.lang)


def file_name(t: Messages, name: str, ext: str = "csv") -> str:
    """A page's download file name in the reader's language: "kz-cn-trade-observations.csv",
    "товарооборот-рк-кнр-наблюдения.csv", "中哈贸易-观测值.csv" (``pages.file.<name>``); in English words when the
    reader asked for file names in Latin letters (:func:`ui.publish.file_lang`)."""
    t = messages(publish.file_lang(t.lang))
    return f"{t('export.file.prefix')}-{t(f'pages.file.{name}')}.{ext}"


def link_column(lang: str = DEFAULT_LANG):
    """A table's source-link column: its header and the words each link shows, in ``lang``."""
    return st.column_config.LinkColumn(columns.header("url", lang),
                                       display_text=messages(lang)("pages.column.open_source"))


def original_column(name: str, lang: str = DEFAULT_LANG, width: str | None = None):
    """A column of text as written in data/ (quote, note, detail, who): its header marked as in the original
    language (:func:`original`)."""
    return st.column_config.TextColumn(original(messages(lang), columns.header(name, lang)), width=width)


def _mapped(frame: pd.DataFrame, column: str, fn, lang: str) -> None:
    frame[column] = [fn(v, lang) if isinstance(v, str) else v for v in frame[column].tolist()]


_DAY_SPAN = re.compile(r"^(\d{1,2} [A-Z][a-z]{2} \d{4}) – (\d{1,2} [A-Z][a-z]{2} \d{4})$")


def period(label, lang: str = DEFAULT_LANG):
    """A period of the data in ``lang``: "Jan–Oct 2023" by :func:`wording.period`, and a span of days
    ("10 Nov 2023 – 01 Apr 2024") with the language's dates; anything else as it is."""
    if lang == DEFAULT_LANG or not isinstance(label, str):
        return label
    match = _DAY_SPAN.match(label.strip())
    if match is None:
        return wording.period(label, lang)
    t = messages(lang)
    start, end = (datetime.strptime(day, "%d %b %Y").date() for day in match.groups())
    return f"{t.date(start, 'medium')}{'—' if lang == 'zh' else ' – '}{t.date(end, 'medium')}"


def projection(dataset: Dataset, view: tuple) -> pd.DataFrame:
    """The year-by-year projection table for a view (``dataclasses.astuple`` of a :class:`View`, with its lang)."""
    return projection_table(dataset, build(dataset, View(*view)))


def observations(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every turnover figure with its link, the kind of page it cites (in words; a weak one says "weak source",
    in every language and in the CSV) and any further link."""
    frame = dataset.turnover.drop(columns=["line", "start_month", "end_month", "superseded"], errors="ignore")
    if "source_kind" in frame:
        frame = frame.assign(source_kind=[kind_words(k, lang) for k in frame["source_kind"].tolist()])
    if "kind" in frame:  # running total, quarter, month ... in words (periods are cumulative from January)
        frame = frame.assign(kind=[ytd_words.kind_name(k, lang) for k in frame["kind"].tolist()])
    if lang != DEFAULT_LANG:
        frame = frame.copy()
        _mapped(frame, "status", wording.status, lang)
        _mapped(frame, "period", period, lang)
    return frame


def check_at_source(lang: str = DEFAULT_LANG) -> str:
    """The statistics bodies' own pages as a Markdown list, each saying when it leads to a portal rather than the
    figure (:func:`tradetarget.sources.check_at_source`)."""
    return "\n".join(f"- [{check_words(link, lang)}]({link.url})" for link in sources_check())


def milestones(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The milestones with their titles and categories in ``lang`` (the detail stays as written)."""
    frame = dataset.milestones[["start", "end", "category", "title", "detail", "url"]]
    if lang != DEFAULT_LANG:
        frame = frame.copy()
        frame["title"] = [wording.milestone_title(row, lang) for _, row in frame.iterrows()]
        _mapped(frame, "category", wording.category, lang)
    return frame


def milestone_key(dataset: Dataset, lang: str = DEFAULT_LANG) -> str:
    """The milestones as a numbered, dated Markdown list whose numbers are the phone chart's labels
    (:func:`tradetarget.charts.milestone_numbers`), each title linking to its source."""
    t = messages(lang)
    ms = dataset.milestones
    lines = {}
    for index, n in charts.milestone_numbers(dataset).items():
        row = ms.loc[index]
        start, end = pd.Timestamp(row["start"]).date(), pd.Timestamp(row["end"]).date()
        when = (t.date(start, "medium") if end <= start else
                t("pages.milestones.key_span", start=t.date(start, "medium"), end=t.date(end, "medium")))
        title = wording.milestone_title(row, lang).replace("[", "(").replace("]", ")")
        lines[n] = t("pages.milestones.key_item", n=str(n), date=when, title=title, url=row["url"])
    return "\n".join(lines[n] for n in sorted(lines))


def visitors(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    frame = dataset.visitors.drop(columns=["line", "start", "end"])
    if "source_kind" in frame:  # the kind of page in words, as the observations table says it
        frame = frame.assign(source_kind=[kind_words(k, lang) for k in frame["source_kind"].tolist()])
    if lang != DEFAULT_LANG:
        frame = frame.copy()
        _mapped(frame, "direction", wording.direction, lang)
        _mapped(frame, "metric", wording.metric, lang)
        _mapped(frame, "status", wording.status, lang)
        _mapped(frame, "period", period, lang)
    return frame


VERDICT_HEADERS = {"target": "target", "source": "source", "status": "status", "verdict": "verdict",
                   "projected": "reached"}
"""The verdict table's columns and the keys (``pages.verdicts.<key>``) of their headers."""


def verdicts(dataset: Dataset, growth_pct: float, today: date, base_year: int | None = None,
             sources: tuple[str, ...] = ("GACC", "BNS"), lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every ledger target on each source of the view: status, verdict and the year it is (or would be) reached.

    Its headers are already the shown ones (the first, the target, labels the rows): see :func:`verdict_index`.
    """
    t = messages(lang)
    table = ledger.verdict_table(dataset, growth_pct, today, base_year, lang=lang)
    return table[table["source"].isin(sources)].drop(columns=["target_id", "projected_year"]).rename(
        columns={name: t(f"pages.verdicts.{key}") for name, key in VERDICT_HEADERS.items()})


def verdict_index(lang: str = DEFAULT_LANG) -> str:
    """The header of the verdict table's row labels (its target column)."""
    return messages(lang)("pages.verdicts.target")


def claims(dataset: Dataset, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The claim checks as shown; who said it and the quote stay as written."""
    return ledger.check_claims(dataset, lang=lang)[CLAIM_COLUMNS]


def ytd_estimates(dataset: Dataset, within: str | None = None, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Every year-to-date estimate, or those of one period (``within``, as the data names it: "Jan–Oct 2023"),
    with their methods and periods in ``lang``."""
    estimates = model.ytd_estimates(dataset, lang) if lang != DEFAULT_LANG else model.ytd_estimates(dataset)
    if within is not None:
        estimates = estimates[estimates["period"] == within]
    if lang != DEFAULT_LANG:
        estimates = estimates.copy()
        _mapped(estimates, "period", period, lang)
    return estimates


@lru_cache(maxsize=8)
def category_names(options: tuple[str, ...]) -> dict[str, str]:
    """Every language's name of each milestone category, to the category (for links from another language)."""
    return {wording.category(name, lang): name for name in options for lang in LANGS}


def same_choices(values: list[str], labels: dict[str, str], every: dict[str, str]) -> list[str]:
    """A multiselect's values from a link, each named in this language (``labels``: option → shown name) when it
    is an option's name in any language (``every``: name → option)."""
    return [labels[every[v]] if every.get(v) in labels else v for v in values]


def keep_choices(key: str, labels: dict[str, str], every: dict[str, str]) -> None:
    """Before a multiselect bound to the address is drawn: a link (or a language switch) that names its options
    in another language chooses the same options and the address is rewritten in this language."""
    given = st.query_params.get_all(key)
    if not given or all(v in labels.values() for v in given):
        return
    chosen = [every[v] for v in given if every.get(v) in labels]
    if len(chosen) == len(given):
        st.session_state[key] = chosen
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[key] = [labels[option] for option in chosen]


TAB_KEYS = ("fan", "scenarios", "model", "pace", "sensitivity")
"""The uncertainty page's tabs; their names (``pages.uncertainty.tab.<key>``) are also the address's ``chart=``."""
CHART_TABS = {"fan": 0, "probability": 0, "scenarios": 1, "model": 2, "pace": 3, "gauge": 3, "sensitivity": 4}
"""A chart's key (as a chart-only embed names it, ``chart=gauge``) to the tab that shows it: a link with the key
opens that tab."""


@lru_cache(maxsize=len(LANGS))
def tab_labels(lang: str = DEFAULT_LANG) -> tuple[str, ...]:
    """The uncertainty page's tab names in ``lang`` ("Fan", "Scenarios", ... in English)."""
    t = messages(lang)
    return tuple(t(f"pages.uncertainty.tab.{key}") for key in TAB_KEYS)


@lru_cache(maxsize=1)
def _tab_positions() -> dict[str, int]:
    return CHART_TABS | {label: i for lang in LANGS for i, label in enumerate(tab_labels(lang))}


def same_tab(values: list[str], lang: str) -> list[str]:
    """Tab names from a link, each named in ``lang`` when it is a tab's name in any language or a chart's key."""
    return [tab_labels(lang)[_tab_positions()[v]] if v in _tab_positions() else v for v in values]


def keep_tab(lang: str) -> None:
    """Keep the open tab when the language changes (the tabs' state is their name): before the tabs are drawn,
    rename the session's and the address's tab to this language's name for it. A link naming a tab in another
    language, or by a chart's key (``chart=gauge``), opens that tab.

    Streamlit seeds tabs bound to the address from the address this run started with, and drops a name there
    that is no tab of this language (a link's, or the one before a language switch) although the renamed tab
    opens: a link copied then would lose ``chart``. So the renamed tab goes into the address first and the page
    runs again from there (once: the name is then this language's)."""
    labels = tab_labels(lang)
    for chosen in (st.session_state.get("chart"), st.query_params.get("chart")):
        if isinstance(chosen, str) and chosen not in labels and chosen in _tab_positions():
            label = st.session_state["chart"] = labels[_tab_positions()[chosen]]
            if label == labels[0]:  # the first tab is the default, which streamlit leaves out of the address
                return
            try:
                st.query_params["chart"] = label
            except StreamlitAPIException:  # bound to the tabs of the run before, in the other language
                with get_session_state().query_params() as params:
                    params.set_corrected_value("chart", label, "string_value")
            st.rerun()
