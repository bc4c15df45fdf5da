"""Publishing from the page: the view's address, the PDF briefing button, "Cite this view" / "Embed", the chart-only
embed (``?embed=true&chart=overview``), "Copy link", file names in Latin letters, and the page's small style fixes."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import parse_qs, urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from tradetarget import briefing, export, outlook_charts, upload
from tradetarget import citation as citing
from tradetarget import outlook as risk_model
from tradetarget.charts import SCREEN_HEIGHT
from tradetarget.i18n import DEFAULT_LANG, messages
from ui import controls, core

if TYPE_CHECKING:
    from ui.render import Page

_NOT_VIEW = ("embed", "embed_options")
EMBED_CHARTS = {
    "overview": ("", "charts.overview.name"),
    "growth": ("Projection", "charts.growth.name"),
    "milestones": ("Milestones", "charts.milestones.name"),
    "visitors": ("Milestones", "charts.visitors.name"),
    "gap": ("Data_and_sources", "charts.gap.name"),
    "backtest": ("Pledges_and_claims", "charts.backtest.name"),
    "fan": ("Uncertainty_and_scenarios", "outlook.chart.fan.name"),
    "probability": ("Uncertainty_and_scenarios", "outlook.chart.prob.name"),
    "scenarios": ("Uncertainty_and_scenarios", "outlook.chart.scen.name"),
    "model": ("Uncertainty_and_scenarios", "outlook.chart.model.name"),
    "gauge": ("Uncertainty_and_scenarios", "outlook.chart.gauge.name"),
    "sensitivity": ("Uncertainty_and_scenarios", "outlook.chart.tornado.name"),
    "ytd": ("Year_to_date", "ytd.chart.name"),
}
"""The charts a chart-only embed can show (``?embed=true&chart=<key>``): the address path of the page that draws
the chart (classic ``pages/``: ``pages/1_Projection.py`` is served at ``/Projection``) and its name's key."""
EMBED_WIDTH, EMBED_TEXT = 1000, 170
"""The snippet's CSS ``aspect-ratio`` is this width to the chart's own screen height plus this much for the subtitle,
the source lines and the link (px at that width): a frame of that width shows the chart as drawn for a desktop page."""
EMBED_MIN_HEIGHT, EMBED_NARROW_TEXT = 640, 90
"""The snippet's ``min-height`` (px) is at least this, and the chart's phone form's height plus room for the subtitle
above it: in a narrow column the ratio alone would leave no room for the chart."""
NARROW = 640
"""Below this width (px) the chart-only embed draws the chart's phone form (CSS media query in the iframe)."""
MIN_SHARE = 0.6
"""A chart-only embed never squeezes the chart below this share of its own height: its labels would collide."""
ASCII_KEY = "ascii_names"
"""Session-state key of the "file names in Latin letters" toggle."""


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


def _app_root(url: str) -> str:
    """The app's address (scheme, host and any base path) from a page's address: ``http://h/app/Projection?x=1``
    -> ``http://h/app/``."""
    parts = urlsplit(url)
    path = parts.path
    pages = {page for page, _ in EMBED_CHARTS.values() if page}
    head, _, last = path.rstrip("/").rpartition("/") if path.rstrip("/") else ("", "", "")
    if last in pages:
        path = head
    return f"{parts.scheme}://{parts.netloc}{path.rstrip('/')}/"


def chart_url(url: str, key: str, embed: bool = True) -> str:
    """The address of chart ``key`` in the view of ``url`` (its query string, ``chart`` replaced): on the page that
    draws it, chart-only in embed mode (``embed=true``), or the page itself (``embed=False``)."""
    query = [(k, v) for k, vs in parse_qs(urlsplit(url).query, keep_blank_values=True).items() if k != "chart"
             and k not in _NOT_VIEW for v in vs]
    if embed:
        query.append(("embed", "true"))
    query.append(("chart", key))
    return export.view_url(_app_root(url) + EMBED_CHARTS[key][0], query)


def ascii_names() -> bool:
    """Whether this session asked for file names in Latin letters (the sidebar's toggle)."""
    return bool(st.session_state.get(ASCII_KEY, False))


def file_lang(lang: str) -> str:
    """The language that names downloaded files: English words (ASCII letters only) when the reader asked for Latin
    file names, else the page's language (:func:`tradetarget.export.file_stem`)."""
    return DEFAULT_LANG if ascii_names() else lang


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
    stem = export.file_stem("briefing", page.outlook, lang=file_lang(lang))
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


def embed_ratio(chart_height: int) -> str:
    """The CSS ``aspect-ratio`` of a chart-only embed whose chart is ``chart_height`` px high on a desktop page."""
    return f"{EMBED_WIDTH} / {int(chart_height) + EMBED_TEXT}"


def embed_snippet(src: str, title: str, chart_height: int = SCREEN_HEIGHT, compact_height: int = SCREEN_HEIGHT) -> str:
    """An ``<iframe>`` of a chart-only embed (``src``: :func:`chart_url`) that fills the width of the column it is
    placed in and keeps its proportions with CSS ``aspect-ratio`` (no fixed height), as Our World in Data's do;
    ``min-height`` keeps a narrow column's chart (its phone form, ``compact_height`` px high) whole."""
    least = max(EMBED_MIN_HEIGHT, int(compact_height) + EMBED_NARROW_TEXT)
    return (f'<iframe src="{html.escape(src, quote=True)}" title="{html.escape(title, quote=True)}" loading="lazy" '
            f'style="width:100%;aspect-ratio:{embed_ratio(chart_height)};min-height:{least}px;border:0" '
            f'allow="clipboard-write"></iframe>')


def _chart(page: Page, key: str):
    """Chart ``key`` of this view (a chart of the uncertainty page with its default settings)."""
    if key in outlook_charts.BUILDERS:
        return page.data.outlook_chart(key, page.view, risk_model.ModelSettings())
    return page.data.chart(key, page.view)


def chart_name(key: str, lang: str = DEFAULT_LANG) -> str:
    """A chart's name in ``lang`` ("Turnover, projection and target" for ``overview``)."""
    return messages(lang)(EMBED_CHARTS[key][1])


def cite_and_embed(page: Page) -> None:
    """The expander with the link to this view (copy icon), the citation and the chart-only embed snippet."""
    lang = page.view.lang
    t = messages(lang)
    url = view_url()
    with st.expander(t("ui.cite.expander"), icon=":material/format_quote:"):
        st.caption(t("share.link.heading"))
        if url is None:
            st.caption(t("share.no_url"))
        else:
            st.code(url, language=None, wrap_lines=True)
        st.caption(t("ui.cite.heading"))
        cited = citation(page, url)
        plain, bib = st.tabs([t("cite.plain"), t("cite.bibtex")])
        plain.code(citing.plain(cited), language=None, wrap_lines=True)
        bib.code(citing.bibtex(cited), language="bibtex", wrap_lines=True)
        st.caption(t("share.embed.heading"))
        if url is None:
            st.caption(t("share.no_url"))
            return
        key = st.selectbox(t("share.embed.chart"), list(EMBED_CHARTS), key="embed-chart",
                           format_func=lambda name: chart_name(name, lang), help=t("share.embed.help"))
        title = t("share.embed.title", chart=chart_name(key, lang), site=t("export.briefing.title"))
        shown = _chart(page, key)
        heights = (shown.screen.layout.height or SCREEN_HEIGHT, shown.compact.layout.height or SCREEN_HEIGHT)
        st.code(embed_snippet(chart_url(url, key), title, *heights), language="html", wrap_lines=True)


# --- the page's small fixes, "Copy link", Latin file names, the phone's sidebar ---------------------------------
_PAGE_STYLE = """<style>
/* A table's toolbar (search, download, full screen) sits 44 px above the table: room for it, so it never covers
   the caption above the table. */
.stElementContainer:has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"]) { margin-top: 1.75rem; }
/* The copy icon in a code block's top right corner (the headline, the link, the citation): the text flows around
   it instead of under it. */
[data-testid="stCode"] code::before { content: ""; float: right; width: 2.25rem; height: 1.75rem; }
/* A metric's label and delta wrap onto a second line rather than end in an ellipsis: Russian, Kazakh and Chinese
   labels are longer than English ones, and a cut label loses the year or the target (issue 23.2). */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricDelta"],
[data-testid="stMetricDelta"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: anywhere; height: auto !important; }
/* The sidebar's answer ("2023年（实际）") in a size its 240 px column holds whole. */
[data-testid="stSidebar"] [data-testid="stMetricValue"] { font-size: 1.75rem; }
.tt-copy-link { width: 100%; min-height: 2.5rem; padding: 0.25rem 0.75rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.2); background: transparent; color: inherit; font: inherit; cursor: pointer; }
.tt-copy-link:hover, .tt-copy-link:focus-visible { border-color: #00799E; color: #00799E; }
.tt-copy-link .tt-icon { font-family: "Material Symbols Rounded"; font-size: 1.25rem; vertical-align: middle;
  line-height: 1; margin-right: 0.25rem; }
</style>"""

_SHARE_SCRIPT = """<script>
(() => {
  if (window.__tradetargetShare) return;
  window.__tradetargetShare = true;
  const copy = async (button) => {
    const url = window.location.href;
    let done = false;
    try {
      await navigator.clipboard.writeText(url);
      done = true;
    } catch (error) {
      const area = document.createElement("textarea");
      area.value = url;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { done = document.execCommand("copy"); } catch (error2) { done = false; }
      area.remove();
    }
    const label = button.querySelector(".tt-copy-label");
    label.textContent = done ? button.dataset.done : button.dataset.failed;
    setTimeout(() => { label.textContent = button.dataset.label; }, 3000);
  };
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.tt-copy-link");
    if (button) {
      copy(button);
      return;
    }
    // streamlit's own page list closes the sidebar on a phone after a tap; st.page_link does not
    const link = event.target.closest('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]');
    if (link && window.matchMedia("(max-width: 768px)").matches) {
      setTimeout(() => document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click(), 0);
    }
  });
})();
</script>"""


UPLOAD_TYPES = ("csv", "txt")
"""The file types the Data page's uploader takes (``ui/uploads.py``), as its drop zone names them."""


def _css_text(text: str) -> str:
    """``text`` as a CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ") + '"'


def _uploader_style(lang: str) -> str:
    """The file uploader's drop zone in ``lang``: streamlit 1.67 writes its button ("Upload") and its limit line
    ("5MB per file • CSV, TXT") in English in the browser, with no argument or setting to change them, so the
    English words are drawn at size 0 and ours are drawn after them (CSS generated content)."""
    if lang == DEFAULT_LANG:
        return ""
    t = messages(lang)
    mb = t.num(upload.MAX_UPLOAD_BYTES / 2**20, None)
    button = _css_text(t("share.upload.button"))
    limit = _css_text(t("share.upload.limit", mb=mb, types=", ".join(kind.upper() for kind in UPLOAD_TYPES)))
    zone = '[data-testid="stFileUploaderDropzone"]'
    label = f'{zone} button [data-testid="stMarkdownContainer"] p'
    rule = f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span'
    return (f"{label}, {rule} {{ font-size: 0; }}\n"
            f"{label}::after {{ content: {button}; font-size: 0.875rem; }}\n"
            f"{rule}::after {{ content: {limit}; font-size: 0.875rem; }}\n")


def page_style(lang: str = DEFAULT_LANG) -> None:
    """Room for a table's toolbar above it and for a code block's copy icon beside its text, and the file uploader's
    words in ``lang`` (style only: streamlit puts it where it takes no space)."""
    st.html(_PAGE_STYLE.replace("</style>", _uploader_style(lang) + "</style>"))


def sidebar_share(lang: str = DEFAULT_LANG) -> None:
    """Under the sidebar's controls: "Copy link" (the address of this view, as the browser shows it now), and for a
    language written in other letters a toggle for file names in Latin letters (some mail gateways and websites
    mangle Cyrillic or Chinese file names). The same script closes the sidebar on a phone when a page is chosen in
    it. Only our own catalogue's words reach the HTML, escaped."""
    t = messages(lang)
    attr = {name: html.escape(t(f"share.copy.{name}"), quote=True) for name in ("label", "done", "failed", "help")}
    with st.sidebar:
        st.html(f'<button type="button" class="tt-copy-link" title="{attr["help"]}" data-label="{attr["label"]}" '
                f'data-done="{attr["done"]}" data-failed="{attr["failed"]}">'
                f'<span class="tt-icon" aria-hidden="true">&#xe157;</span> '
                f'<span class="tt-copy-label">{attr["label"]}</span></button>{_SHARE_SCRIPT}',
                unsafe_allow_javascript=True)
        if lang != DEFAULT_LANG:
            st.toggle(t("share.ascii.label"), key=ASCII_KEY, help=t("share.ascii.help"))


# --- the chart-only embed ----------------------------------------------------------------------------------------
_EMBED_STYLE = f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stDecoration"], [data-testid="stToolbar"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 0.25rem 0.5rem 0 !important; max-width: none !important; }}
.st-key-tt-embed-settings {{ display: none !important; }}
.st-key-tt-embed {{ flex: none !important; height: calc(100vh - 0.25rem) !important; }}
[data-testid="stLayoutWrapper"]:has(> .st-key-tt-embed-wide) {{ flex: 1 1 0 !important; min-height: 0 !important; }}
.st-key-tt-embed-wide {{ height: 100% !important; min-height: 0 !important; }}
.st-key-tt-embed-wide > .stElementContainer {{
  flex: 1 1 0 !important; min-height: 0 !important; height: 100% !important; }}
.st-key-tt-embed-wide [data-testid="stFullScreenFrame"], .st-key-tt-embed-wide .stPlotlyChart {{
  height: 100% !important; }}
.st-key-tt-embed [data-testid="stCaptionContainer"] {{ font-size: 0.75rem; }}
@media (max-width: {NARROW}px) {{
  [data-testid="stLayoutWrapper"]:has(> .st-key-tt-embed-wide) {{ display: none !important; }}
  .st-key-tt-embed {{ height: auto !important; min-height: calc(100vh - 0.25rem) !important; }}
  .st-key-tt-embed [data-testid="stCaptionContainer"] {{ font-size: 0.7rem; }} }}
@media (min-width: {NARROW + 1}px) {{
  [data-testid="stLayoutWrapper"]:has(> .st-key-tt-embed-narrow) {{ display: none !important; }} }}
</style>"""


def chart_only() -> str | None:
    """The chart a chart-only embed shows (``?embed=true&chart=overview``), or None for the whole page."""
    if not embedded():
        return None
    key = st.query_params.get("chart")
    return key if key in EMBED_CHARTS else None


def _embed_settings(page: Page, key: str) -> risk_model.ModelSettings:
    """The uncertainty page's settings for one of its charts, from the address as the page reads them: its controls
    run in a hidden container (the fan's spread for every chart; the growth model for the two it acts on)."""
    with st.container(key="tt-embed-settings"):
        method = controls.spread_method()
        if key in ("scenarios", "model"):
            return controls.model_settings(page.data, method)
        return risk_model.ModelSettings(method=method)


def chart_embed(page: Page, key: str) -> NoReturn:
    """Chart ``key`` alone, for an iframe: its title (in the figure), subtitle, the chart filling the frame's width
    and the height left by the text, its source lines and a link to the interactive view; no sidebar, no page
    chrome. Below :data:`NARROW` px the chart's phone form is shown instead (a CSS media query: a desktop browser
    in a narrow iframe says nothing else about its width). Stops the page."""
    lang = page.lang
    t = messages(lang)
    if key in outlook_charts.BUILDERS:
        result = page.data.outlook_chart(key, page.view, _embed_settings(page, key))
    else:
        result = page.data.chart(key, page.view)
    least = int(MIN_SHARE * (result.screen.layout.height or SCREEN_HEIGHT))  # a shorter frame scrolls instead
    st.html(_EMBED_STYLE.replace("</style>", f'[data-testid="stLayoutWrapper"]:has(> .st-key-tt-embed-wide) '
                                             f'{{ min-height: {least}px !important; }}\n</style>'))
    stem = export.file_stem(result.key, page.outlook, lang=file_lang(lang))
    config = export.modebar_config(stem, result.export_height)
    alt = t("ui.alt", alt=result.title, briefing=page.briefing)
    with st.container(key="tt-embed", gap="small"):
        if result.subtitle:
            st.caption(result.subtitle)
        with st.container(key="tt-embed-wide", height="stretch"):  # the frame's height left by the text
            st.plotly_chart(result.screen, width="stretch", height="stretch", theme=None, key="embed-wide", alt=alt,
                            config=config)
        with st.container(key="tt-embed-narrow"):  # the phone form at its own height: squeezed, it has no plot left
            st.plotly_chart(result.compact, width="stretch", theme=None, key="embed-narrow", alt=alt, config=config)
        st.caption("  \n".join(result.footer))
        url = view_url()
        if url:
            st.markdown(f"[{t('share.embed.open')}]({chart_url(url, key, embed=False)})")
    st.stop()
