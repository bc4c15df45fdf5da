"""Publishing from the page: the view's address, the PDF briefing button, and "Cite this view" / "Embed"."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from tradetarget import briefing, export
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


def briefing_button(page: Page) -> None:
    """"Download briefing (PDF)": the one-page A4 briefing of this view, built only when clicked."""
    url = view_url()
    stem = export.file_stem("briefing", page.outlook)
    if export.browser_path() is None:
        st.info(f"The PDF briefing draws its chart with a browser. {export.INSTALL_HINT}", icon="📄")
        return
    if (missing := briefing.missing_deps()) is not None:
        st.info(missing, icon="📄")
        return
    st.download_button(
        "Download briefing (PDF)", data=lambda: _briefing_pdf(page, url), file_name=f"{stem}.pdf",
        mime="application/pdf", on_click="ignore", key="briefing-pdf", icon=":material/picture_as_pdf:",
        help="One A4 page: the verdict per source, the one-sentence answer, the chart (vector), the KPIs, the pledge "
             "ledger's verdicts, the sources with links, and this view's link.",
    )


def _briefing_pdf(page: Page, url: str | None) -> bytes:
    core.warm_browser()
    return briefing.pdf_bytes(page.dataset, page.outlook, chart=page.data.chart("overview", page.view), url=url)


def citation(page: Page, url: str | None, day: date | None = None) -> str:
    """'China–Kazakhstan trade: the target tracker ($40bn by 2030, +24% a year, GACC and BNS). <url>.
    Accessed 29 November 2026. Data as of 2026-01.'"""
    day = day or date.today()
    view, outlook = page.view, page.outlook
    what = (f"{next(iter(outlook.answers.values())).target_words if outlook.answers else ''}, "
            f"{view.growth_pct:+g}% a year{f' from {view.base_year}' if view.base_year else ''}, "
            f"{' and '.join(view.sources)}")
    link = f" {url}." if url else ""
    return (f"China–Kazakhstan trade: the target tracker ({what}).{link} Accessed {day.day} {day:%B %Y}. "
            f"Data as of {page.dataset.data_date}.")


def embed_snippet(url: str, height: int = EMBED_HEIGHT) -> str:
    """An ``<iframe>`` of the view in streamlit's embed mode (no sidebar, no toolbar)."""
    return (f'<iframe src="{export.embed_url(url)}" width="100%" height="{height}" style="border:0" '
            f'title="China–Kazakhstan trade: the target tracker" loading="lazy"></iframe>')


def cite_and_embed(page: Page) -> None:
    """The expander with the citation line and the embed snippet for this view."""
    url = view_url()
    with st.expander("Cite this view · Embed", icon=":material/format_quote:"):
        st.caption("Cite this view")
        st.code(citation(page, url), language=None, wrap_lines=True)
        st.caption("Embed this view in a web page (streamlit's embed mode: the page without the sidebar)")
        if url is None:
            st.caption("The page's address is not known yet; reload the page to get the snippet.")
        else:
            st.code(embed_snippet(url), language="html", wrap_lines=True)
