"""Page scaffolding and chart rendering with the exports (modebar PNG, server PNG at 2× and 1×, SVG, CSV)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.errors import StreamlitAPIException

from tradetarget import columns, export, upload
from tradetarget.answer import sentence_join
from tradetarget.charts import Chart
from tradetarget.data import DataError, Dataset
from tradetarget.i18n import DEFAULT_LANG, messages
from tradetarget.outlook import ModelSettings
from tradetarget.scenario import Outlook, View
from ui import controls, core, publish


@dataclass(frozen=True)
class Page:
    """What a page works from: this run's data, the sidebar's view and its outlook."""

    data: core.Data
    view: View
    outlook: Outlook

    @property
    def lang(self) -> str:
        """The page's language (the view's)."""
        return self.view.lang

    @property
    def dataset(self) -> Dataset:
        return self.data.dataset

    @property
    def briefing(self) -> str:
        """The one-sentence answer for the view (computed once, with the cached outlook)."""
        return self.outlook.briefing

    @property
    def upload_note(self) -> str:
        """The uploaded figures in use, as every export says it (:func:`tradetarget.upload.notice`); "" without."""
        return upload.notice(self.dataset, self.lang)


def start(title: str) -> Page:
    """Page config, data and sidebar. Stops the page with a clear message if the data is broken."""
    lang = controls.current_lang()
    t = messages(lang)
    st.set_page_config(page_title=t("ui.page_title", title=title), page_icon="📈", layout="wide")
    publish.hide_sidebar_when_embedded()
    publish.page_style(lang)
    try:
        data = core.current(lang)
    except DataError as exc:
        st.error(t("ui.data_broken", problems=str(exc)))
        st.stop()
    nav = st.sidebar.container()
    notes: list[str] = []
    day = controls.as_of(data.dataset, notes)
    if day is not None:
        data = core.known_on(data, day)
    view = controls.sidebar(data, notes)
    if day is not None:
        view = replace(view, as_of=day)
    if view.lang != data.lang:  # the language control changed this run: tables follow the view
        data = core.Data(data.dataset, data.stamp, view.lang)
    _navigation(nav, view.lang)
    publish.sidebar_share(view.lang)
    outlook = data.outlook(view)
    for note in notes:  # the link's values not used, in the main area too: a phone's sidebar starts collapsed
        st.warning(note, icon=":material/link_off:")
    _upload_note(data.dataset, view.lang)
    if day is not None:
        past_view_banner(data.dataset, day, view.lang)
    for source, problem in outlook.problems.items():
        st.warning(t("ui.source_problem", source=source, problem=problem))
    page = Page(data, view, outlook)
    if (key := publish.chart_only()) is not None:
        publish.chart_embed(page, key)  # ?embed=true&chart=<key>: that chart alone, then the page stops
    _pace_summary(outlook)
    return page


def past_view_banner(dataset: Dataset, day, lang: str = DEFAULT_LANG) -> None:
    """Say plainly that this is a past view, which figures it leaves out, and how rough dates were counted."""
    t = messages(lang)
    text = t("asof.banner", date=t.date(day))
    rough = len(dataset.approximate_dates())
    if rough:
        text += " " + t.n("asof.banner.rough", rough)
    st.info(text, icon=":material/history:")
    st.button(t("asof.today"), on_click=controls.back_to_today, key="as-of-today", icon=":material/today:")


PAGES = (
    ("dashboard.py", "overview", ":material/flag:"),
    ("pages/1_Projection.py", "projection", ":material/trending_up:"),
    ("pages/2_Milestones.py", "milestones", ":material/event:"),
    ("pages/3_Data_and_sources.py", "data", ":material/table:"),
    ("pages/4_Pledges_and_claims.py", "pledges", ":material/gavel:"),
    ("pages/5_Uncertainty_and_scenarios.py", "uncertainty", ":material/ssid_chart:"),
    ("pages/6_Year_to_date.py", "ytd", ":material/calendar_month:"),
)
"""The sidebar navigation (streamlit's own is off, ``client.showSidebarNavigation``): the first page reads
"Overview", not the file name, and each link carries the sidebar's view (language included) in its address.
The middle item names the page's label in the catalogue (``ui.nav.<name>``)."""


def page_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A page's name in the navigation, in ``lang`` ("overview" -> "Overview" / "Обзор" / "Шолу" / "总览")."""
    return messages(lang)(f"ui.nav.{name}")


def _navigation(container, lang: str = DEFAULT_LANG) -> None:
    """Links to every page, drawn at the top of the sidebar after the controls ran (so they carry this run's view)."""
    params = [(key, value) for key in (*controls.KEYS, core.UPLOAD_PARAM) for value in st.query_params.get_all(key)]
    if "lang" not in controls.KEYS and lang != DEFAULT_LANG and "lang" not in st.query_params:
        params.append(("lang", lang))
    with container:
        try:
            for path, name, icon in PAGES:
                st.page_link(path, label=page_name(name, lang), icon=icon, query_params=params or None)
        except StreamlitAPIException:
            return  # a page run as the entry script itself (AppTest.from_file on a page): its paths do not resolve
        st.divider()


def _pace_summary(outlook: Outlook) -> None:
    """The headline answer in the sidebar, so every page answers 'met, or when at this pace?'."""
    lang = outlook.view.lang
    t = messages(lang)
    with st.sidebar:
        st.subheader(t("ui.pace.heading", rate=t.rate(outlook.view.growth_pct)))
        if outlook.what_if:
            st.caption(t("ui.pace.what_if", year=str(outlook.view.base_year)))
        for source, answer in outlook.answers.items():
            target = f"${answer.target_usd_bn:g}bn" if lang == DEFAULT_LANG else t.money(answer.target_usd_bn, None)
            st.metric(t("ui.pace.reached", source=source, target=target), answer.when(),
                      help=t("ui.pace.help", verdict=t.full_stop(t.capital(answer.verdict())),
                                      detail=answer.when_help()))


def is_phone() -> bool:
    """A phone's browser (its User-Agent says "Mobi" or "Android", as MDN advises): charts take their compact form."""
    agent = st.context.headers.get("User-Agent", "")
    return "Mobi" in agent or "Android" in agent


def freshness(answer) -> str:
    """The answer's freshness line, its warning in colour when the latest figure is more than a year behind."""
    text = answer.freshness()
    return text.replace(answer.stale_note(), f":orange[{answer.stale_note()}]") if answer.stale else text


def quoted(name: str, lang: str = DEFAULT_LANG) -> str:
    """A file name quoted as the language quotes it: 'trade.csv' / «trade.csv» / “trade.csv”."""
    return repr(name) if lang == DEFAULT_LANG else messages(lang)("ui.quoted", name=name)


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "\\`*[]<>~$"})


def plain(text: str) -> str:
    """Text shown as it is in Markdown (an alert, a caption): a file name's ``*`` or ``[`` and a dollar sign (two
    would start a formula) are escaped. (An underscore inside a name never makes emphasis.)"""
    return text.translate(_MARKDOWN)


def _upload_note(dataset: Dataset, lang: str = DEFAULT_LANG) -> None:
    """At the top of the main area (and in the sidebar): the uploaded figures in use, naming the file and the rows
    (:func:`tradetarget.upload.notice`, the sentence every export carries too), rows held back, or that the address
    names an upload this session does not hold."""
    t = messages(lang)
    data_page = page_name("data", lang)
    mine: core.SessionUpload | None = st.session_state.get(core.UPLOAD_KEY)
    named = st.query_params.get(core.UPLOAD_PARAM)
    if named and (mine is None or not mine.digest.startswith(named)):
        st.warning(t("ui.upload.elsewhere", page=data_page), icon=":material/upload_file:")
        st.sidebar.warning(t("ui.upload.elsewhere", page=data_page), icon=":material/upload_file:")
    if mine is None:
        return
    held = len(mine.held_back)
    rows = len(upload.user_supplied(dataset))
    if rows:
        parts = [plain(upload.notice(dataset, lang)), t("upload.banner.where", page=data_page)]
        if held:
            parts.append(t.n("upload.banner.held", held))
        st.warning(sentence_join(parts, lang), icon=":material/upload_file:")
        st.sidebar.info(t.n("ui.upload.in_use", rows, name=plain(quoted(mine.name, lang)), page=data_page),
                        icon=":material/upload_file:")
    elif held:
        st.info(t.n("upload.banner.none_used", held, name=plain(quoted(mine.name, lang)), page=data_page),
                icon=":material/upload_file:")


def chart(page: Page, name: str, alt: str, settings: ModelSettings | None = None) -> Chart:
    """Draw one chart with its modebar PNG, server-side PNG (2×, and 1×), SVG and CSV buttons.

    ``settings`` selects a chart of the uncertainty page. The alt text is ``alt`` followed by the
    briefing sentence. Every file is named by :func:`export.file_stem` (the chart and the view's settings
    and date), and the images carry the view's address and the download date under their footer.
    """
    lang = page.lang
    t = messages(lang)
    if settings is None:
        result = page.data.chart(name, page.view)
    else:
        result = page.data.outlook_chart(name, page.view, settings)
    stem, url = export.file_stem(result.key, page.outlook, lang=publish.file_lang(lang)), publish.view_url()
    if result.subtitle:
        st.caption(result.subtitle)
    st.plotly_chart(
        result.compact if is_phone() else result.screen, width="stretch", theme=None, key=f"chart-{name}",
        alt=t("ui.alt", alt=alt, briefing=page.briefing), config=export.modebar_config(stem, result.export_height),
    )
    st.caption("  \n".join(result.footer))
    png_col, png1_col, svg_col, csv_col, _ = st.columns([1.1, 0.8, 1.1, 1.1, 1.4])
    if export.browser_path() is None:
        with png_col:
            st.info(export.install_hint(lang), icon="🖼️")
    else:
        width, height = export.EXPORT_WIDTH, result.export_height
        with png_col:
            st.download_button(
                t("ui.download.png"), data=lambda: _image(result, url, "png", lang=lang), file_name=f"{stem}.png",
                mime="image/png", on_click="ignore", key=f"png-{name}", icon=":material/image:",
                help=t("ui.download.png_help", width=str(2 * width), height=str(2 * height)),
            )
        with png1_col:
            st.download_button(
                t("ui.download.png1"), data=lambda: _image(result, url, "png", scale=1, lang=lang),
                file_name=f"{stem}_1x.png", mime="image/png", on_click="ignore", key=f"png1-{name}",
                icon=":material/image:", help=t("ui.download.png1_help", width=str(width), height=str(height)),
            )
        with svg_col:
            st.download_button(
                t("ui.download.svg"), data=lambda: _image(result, url, "svg", lang=lang), file_name=f"{stem}.svg",
                mime="image/svg+xml", on_click="ignore", key=f"svg-{name}", icon=":material/draw:",
                help=t("ui.download.svg_help"),
            )
    with csv_col:
        st.download_button(
            t("ui.download.csv"), data=lambda: export.csv_bytes(result.data, note=page.upload_note),
            file_name=f"{stem}.csv", mime="text/csv", on_click="ignore", key=f"csv-{name}", icon=":material/table:",
            help=t("ui.download.csv_help"),
        )
    return result


def _image(result: Chart, url: str | None, fmt: str, scale: float = export.PNG_SCALE,
           lang: str = DEFAULT_LANG) -> bytes:
    core.warm_browser()
    return export.image_bytes(export.stamped(result.figure, url, lang=lang), fmt, height=result.export_height,
                              scale=scale)


WIDE_TEXT = ("period", "published")
"""Columns whose later rows hold longer text than the first ones (part-year periods, dates in words)."""


def _column_names(table: pd.DataFrame | pa.Table) -> list[str]:
    return list(table.column_names if isinstance(table, pa.Table) else table.columns)


def table(frame: pd.DataFrame | pa.Table, precision: int = 2, key: str | None = None, **column_config) -> None:
    """A read-only table where missing values show as a dash, not 'None'.

    A table from ``page.data.table`` or a frame from ``page.data.shown`` is already formatted (and cached); any
    other frame is formatted here.
    """
    lang = controls.current_lang()
    shown = (frame if isinstance(frame, pa.Table) or core.is_displayed(frame) else
             core.displayed(frame, precision, lang))
    config = {columns.header(name, lang): value for name, value in column_config.items()}
    for name in core.numeric_columns(shown):  # numbers are text (for the dash); right-align them as numbers
        config.setdefault(name, st.column_config.Column(alignment="right"))
    for name in WIDE_TEXT:  # sized from the first rows (bare years), a column cut «2010 ж. қаңтар–наурыз» short
        header = columns.header(name, lang)
        if header in _column_names(shown):
            config.setdefault(header, st.column_config.TextColumn(width="medium"))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config or None, key=key)


def static_table(table: pa.Table) -> None:
    """A plain table for a few rows whose long text wraps, labelled by its index (from ``page.data.table``)."""
    st.table(table, hide_index=False)
