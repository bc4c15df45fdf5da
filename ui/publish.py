"""Publishing from the page: the view's address, the PDF briefing button, and "Cite this view" / "Embed"."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from tradetarget import briefing, export, upload
from tradetarget import citation as citing
from tradetarget.i18n import DEFAULT_LANG, messages
from ui import core

if TYPE_CHECKING:
    from ui.render import Page

EMBED_HEIGHT = 1100
"""The iframe's height in the embed snippet: the overview's answer, ledger, chart and KPIs without scrolling."""
_NOT_VIEW = ("embed", "embed_options")


def embedded() -> bool:
    """Whether the page was opened in streamlit's embed mode (``?embed=true``, as the embed snippet does).

    ``st.query_params`` hides the embed parameters, so this reads the run's raw query string."""
    query = getattr(get_script_run_ctx(), "query_string", "") or ""
    return any(v.lower() == "true" for v in parse_qs(query).get("embed", []))


def hide_sidebar_when_embedded() -> None:
    """In embed mode the sidebar starts collapsed: an embedded view shows the page's charts and answer, and
    streamlit's embed mode alone still opens the sidebar on a wide screen."""
    if embedded():
        st.set_page_config(initial_sidebar_state="collapsed")


def view_url() -> str | None:
    """This page's address with the current query string (the view), or None when the browser did not say."""
    base = st.context.url
    if not base:
        return None
    params = [(key, value) for key in st.query_params if key not in _NOT_VIEW
              for value in st.query_params.get_all(key)]
    return export.view_url(base, params)


def _missing_deps(lang: str) -> str | None:
    """Why the briefing cannot be made here (:func:`briefing.missing_deps`), told in ``lang``."""
    missing = briefing.missing_deps()
    if missing is None or lang == DEFAULT_LANG:
        return missing
    t = messages(lang)
    hint = t("ui.briefing.deps_hint")
    if missing == briefing.PDF_DEPS_HINT:
        return hint
    return t("ui.briefing.no_weasyprint", hint=hint) if missing.startswith("WeasyPrint") else missing


def briefing_button(page: Page) -> None:
    """"Download briefing (PDF)": the one-page A4 briefing of this view, built only when clicked."""
    lang = page.view.lang
    t = messages(lang)
    url = view_url()
    stem = export.file_stem("briefing", page.outlook, lang=lang)
    if export.browser_path() is None:
        st.info(t("ui.briefing.needs_browser", hint=export.install_hint(lang)), icon="📄")
        return
    if (missing := _missing_deps(lang)) is not None:
        st.info(missing, icon="📄")
        return
    st.download_button(
        t("ui.briefing.button"), data=lambda: _briefing_pdf(page, url), file_name=f"{stem}.pdf",
        mime="application/pdf", on_click="ignore", key="briefing-pdf", icon=":material/picture_as_pdf:",
        help=t("ui.briefing.help"),
    )


def _briefing_pdf(page: Page, url: str | None) -> bytes:
    core.warm_browser()
    return briefing.pdf_bytes(page.dataset, page.outlook, chart=page.data.chart("overview", page.view), url=url,
                              lang=page.view.lang)


def citation(page: Page, url: str | None, day: date | None = None) -> citing.Citation:
    """The citation of this view (:mod:`tradetarget.citation`): headline, publisher, link, data version, access date,
    and the caveats a reader must keep with the figures."""
    return citing.cite(page.dataset, page.outlook, url, day, notes=citation_notes(page))


def citation_notes(page: Page) -> tuple[str, ...]:
    """Caveats that travel with a citation: figures resting on weak sources, uploaded figures."""
    return tuple(note for note in (citing.weak_note(page.dataset, page.outlook), upload_note(page)) if note)


def upload_note(page: Page) -> str:
    """The uploaded figures the view rests on, naming the file and the rows (:func:`tradetarget.upload.notice`,
    the sentence every page and export carries); "" without an upload."""
    return upload.notice(page.dataset, page.view.lang)


def embed_snippet(url: str, height: int = EMBED_HEIGHT, lang: str = DEFAULT_LANG) -> str:
    """An ``<iframe>`` of the view in streamlit's embed mode (no sidebar, no toolbar)."""
    title = html.escape(messages(lang)("export.briefing.title"), quote=True)
    return (f'<iframe src="{export.embed_url(url)}" width="100%" height="{height}" style="border:0" '
            f'title="{title}" loading="lazy"></iframe>')


def cite_and_embed(page: Page) -> None:
    """The expander with the citation line and the embed snippet for this view."""
    lang = page.view.lang
    t = messages(lang)
    url = view_url()
    with st.expander(t("ui.cite.expander"), icon=":material/format_quote:"):
        st.caption(t("ui.cite.heading"))
        cited = citation(page, url)
        plain, bib = st.tabs([t("cite.plain"), t("cite.bibtex")])
        plain.code(citing.plain(cited), language=None, wrap_lines=True)
        bib.code(citing.bibtex(cited), language="bibtex", wrap_lines=True)
        st.caption(t("ui.embed.heading"))
        if url is None:
            st.caption(t("ui.embed.no_url"))
        else:
            st.code(embed_snippet(url, lang=lang), language="html", wrap_lines=True)
