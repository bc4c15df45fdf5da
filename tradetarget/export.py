"""PNG, SVG, PDF and CSV export, and the names and footers of exported files.

Images come from kaleido, which drives a headless Chrome/Chromium. One warm
kaleido server per process keeps a browser open between exports (a cold
export starts a browser each time, which takes seconds). Without a browser,
:class:`ExportUnavailable` explains how to install one.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import threading
import unicodedata
from datetime import date
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go

from tradetarget import screen
from tradetarget.charts import EXPORT_HEIGHT, EXPORT_WIDTH
from tradetarget.i18n import DEFAULT_LANG, messages
from tradetarget.scenario import Outlook, View, target_label

PREFIX = "kz-cn-trade"
PNG_SCALE = 2
"""Server-side PNGs are drawn at twice the layout size (2800×1576 for the main chart), like the toolbar camera."""
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

BROWSER_ENV = "TRADETARGET_BROWSER"
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "Server-side PNG export needs Chrome or Chromium. On Debian/Ubuntu run "
    "`sudo apt-get install -y chromium` and restart the dashboard. "
    "The camera icon in each chart's toolbar still saves a PNG from your browser."
)
"""The English hint (for logs and benches); :func:`install_hint` gives it in a reader's language."""
_lock = threading.Lock()
_warm = False


class ExportUnavailable(RuntimeError):
    """No browser is available for server-side PNG export."""


def install_hint(lang: str = DEFAULT_LANG) -> str:
    """How to install a browser for server-side export, in ``lang``."""
    return messages(lang)("export.install_hint")


def browser_path() -> str | None:
    """The browser kaleido will use, or None.

    ``TRADETARGET_BROWSER`` may name a browser binary, or be ``none`` to turn
    server-side export off.
    """
    configured = os.environ.get(BROWSER_ENV)
    if configured is not None:
        if configured.strip().lower() in ("", "none"):
            return None
        return configured if os.path.exists(configured) else shutil.which(configured)
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_warm_browser() -> str:
    """Start the process-wide kaleido server once; return the browser path."""
    global _warm
    path = browser_path()
    if path is None:
        raise ExportUnavailable(INSTALL_HINT)
    with _lock:
        if not _warm:
            import kaleido

            os.environ.setdefault("BROWSER_PATH", path)
            kaleido.start_sync_server(silence_warnings=True)
            _warm = True
    return path


def stop_browser() -> None:
    """Stop the warm server (the CLI calls this before exiting)."""
    global _warm
    with _lock:
        if _warm:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _warm = False


SUBTITLE_WIDTH = 195
"""Latin letters' width of a subtitle line at export width (13 px text); a longer subtitle is wrapped."""
SUBTITLE_LINE = 17


def export_figure(fig: go.Figure, width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT) -> go.Figure:
    """A copy of ``fig`` laid out for a fixed-size image, its subtitle wrapped to the image's width (on screen
    the subtitle is a caption that the page wraps; a translated one is often too long for one line)."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    out.update_layout(width=width, height=height)
    subtitle = out.layout.title.subtitle.text
    if subtitle and "<br>" not in subtitle:
        lines = screen.wrap_lines(subtitle, screen.budget(SUBTITLE_WIDTH, screen.figure_lang(out.layout)))
        if len(lines) > 1:
            top = out.layout.margin.t if out.layout.margin.t is not None else 118
            out.update_layout(title_subtitle_text="<br>".join(lines), margin_t=top + SUBTITLE_LINE * (len(lines) - 1))
    return out


def image_bytes(fig: go.Figure, fmt: str = "png", width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT,
                scale: float = PNG_SCALE) -> bytes:
    """Render ``fig`` as PNG (at ``scale``), SVG or PDF with the warm browser. SVG and PDF are vector:
    their text stays text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
    ensure_warm_browser()
    import kaleido

    sized = export_figure(fig, width, height)
    try:
        return kaleido.calc_fig_sync(
            sized.to_dict(),
            opts={"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1},
        )
    except Exception as exc:  # kaleido and its browser raise many types
        raise ExportUnavailable(
            f"{fmt.upper()} export failed ({type(exc).__name__}: {exc}). {INSTALL_HINT}") from exc


def png_bytes(fig: go.Figure, width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT,
              scale: float = PNG_SCALE) -> bytes:
    """PNG bytes, ``width``×``height`` laid out and drawn at ``scale`` (2: print resolution)."""
    return image_bytes(fig, "png", width, height, scale)


def svg_bytes(fig: go.Figure, width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT) -> bytes:
    """SVG bytes: vector, with every label as a ``<text>`` element."""
    return image_bytes(fig, "svg", width, height)


# --- names, links and footers of exported files ---------------------------------------------------------------
_UNSAFE = re.compile(r"[^\w,]+|_+")
"""Anything but letters (any script), digits and the comma becomes a dash: no slashes, colons, quotes, spaces,
dots or ``$`` in a file name, on any system. Cyrillic and Hanzi stay (modern systems and browsers keep them)."""


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).lower()
    return re.sub(r"-{2,}", "-", _UNSAFE.sub("-", text)).strip("-")


def _number(value: float, lang: str = DEFAULT_LANG) -> str:
    """24 -> '24', 7.5 -> '7p5' ('7,5' in ru/kk, '7点5' in zh), -5 -> 'minus5' (no dots or leading dashes)."""
    t = messages(lang)
    text = f"{abs(value):g}".replace(".", t("export.file.decimal"))
    return t("export.file.minus", value=text) if value < 0 else text


def _money(bn: float, lang: str) -> str:
    """The target in a file name: '40bn' in English, Babel's words otherwise ('40-млрд-долл', '400亿美元')."""
    t = messages(lang)
    if lang == DEFAULT_LANG:
        return f"{_number(bn)}bn"
    text = re.sub(r"(?<=\d)[.,](?=\d)", t("export.file.decimal"), t.money(bn, digits=None))
    return _slug(text)


def file_stem(key: str, outlook: Outlook, day: date | None = None, lang: str | None = None) -> str:
    """The name every export of a chart shares (PNG, SVG, PDF, CSV, the toolbar camera), saying what it holds:
    'kz-cn-trade_overview_bns_24pct_40bn-by-2030_2026-11-29'.

    Parts: the chart, the sources ('both', 'gacc', 'bns'), the growth rate, 'from-2022' for a what-if start, the
    target with the deadline in force ('-whatif' when overridden), and the date of the export (default: the view's).
    ``lang`` (default: the view's) words the name in that language ('кз-кнр-торговля_обзор_оба_рост-24_...',
    '中哈贸易_总览_双方_年增24_...'); the date stays ISO and the tags GACC/BNS stay Latin.
    """
    view = outlook.view
    lang = lang or getattr(view, "lang", DEFAULT_LANG)
    t = messages(lang)
    chart = t(f"export.file.chart.{key}") if t.has(f"export.file.chart.{key}") else key
    sources = t("export.file.both") if len(view.sources) > 1 else view.sources[0].lower()
    growth = t("export.file.growth", value=_number(view.growth_pct, lang))
    parts = [t("export.file.prefix"), chart, sources, growth]
    if view.base_year is not None:
        parts.append(t("export.file.from", year=str(view.base_year)))
    target = _money(outlook.target_usd_bn, lang)
    deadline = outlook.deadline
    if deadline is None:
        target = t("export.file.no_deadline", target=target)
    else:
        target = t("export.file.by", target=target, year=str(deadline))
        if outlook.overridden:
            target += t("export.file.whatif")
    parts.append(target)
    parts.append((day or view.as_of).isoformat())
    return "_".join(_slug(part) for part in parts)


def view_params(dataset, view: View) -> dict[str, str]:
    """The address parameters of a view, as the sidebar writes them (defaults left out)."""
    params: dict[str, str] = {}
    if view.growth_pct != View.growth_pct:
        params["growth"] = f"{view.growth_pct:g}"
    if len(view.sources) == 1:
        params["source"] = view.sources[0]
    if view.base_year is not None:
        params["base"] = str(view.base_year)
    if view.target_id != View.target_id:
        params["target"] = target_label(dataset.target(view.target_id))
    if view.deadline is not None:
        params["deadline"] = str(view.deadline)
    if getattr(view, "lang", DEFAULT_LANG) != DEFAULT_LANG:
        params["lang"] = view.lang
    return params


def view_url(base: str, query: dict[str, str | list[str]] | str = "") -> str:
    """``base`` (the app's address, without a query) with the view's query string."""
    if not isinstance(query, str):
        query = urlencode(query, doseq=True)
    base = base.split("?", 1)[0].split("#", 1)[0]
    if not urlsplit(base).path:
        base += "/"  # http://host:8501 -> http://host:8501/
    return f"{base}?{query}" if query else base


def embed_url(url: str) -> str:
    """The view's address in streamlit's embed mode (no sidebar, no toolbar)."""
    return f"{url}{'&' if '?' in url else '?'}embed=true"


def short_url(url: str) -> str:
    """The address without its scheme and a trailing slash before the query: 'example.org/?growth=5'."""
    parts = urlsplit(url)
    text = parts.netloc + parts.path
    return text + (f"?{parts.query}" if parts.query else "")


def _is_footer(note: dict) -> bool:
    """The chart's own footer annotation (named "footer" by charts._style_props; older figures: "Sources…")."""
    return note.get("name") == "footer" or str(note.get("text", "")).startswith("Sources")


def stamped(fig: go.Figure, url: str | None = None, day: date | None = None, lang: str = DEFAULT_LANG) -> go.Figure:
    """A copy of ``fig`` with one more footer line: where the view can be reopened (when its address is known)
    and the download date, in ``lang``. The chart's own footer already names the sources in words and the data
    date."""
    t = messages(lang)
    day = day or date.today()
    parts = []
    if url:
        parts.append(t("export.footer.view", url=short_url(url)))
    parts.append(t("export.footer.downloaded", date=t.date(day)))
    line = t("export.footer.separator").join(parts)
    spec = copy.deepcopy(fig.to_dict())
    layout = spec.setdefault("layout", {})
    margin = layout.setdefault("margin", {})
    bottom = margin.get("b", 80)
    margin["b"] = bottom + 17  # the plot gives up one footer line; the image keeps its size
    notes = layout.setdefault("annotations", [])
    footer = next((a for a in notes if _is_footer(a)), None)
    if footer is not None:  # one more line of the chart's own footer (see charts._footer)
        footer["text"] = f"{footer['text']}<br>{line}"
    else:
        notes.append({"text": line, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left",
                      "yanchor": "bottom", "yshift": -(bottom + 17) + 4, "showarrow": False, "align": "left",
                      "font": {"size": 11, "color": "#555"}})
    return go.Figure(spec)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?")
"""A signed number or percentage ("+24%", "-6.5"): a spreadsheet reads it as a number, never as a formula."""


def _neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


UPLOAD_NOTE_COLUMN = "upload_note"
"""The column a CSV export gains while uploaded figures are in use (:func:`tradetarget.upload.notice`)."""


def csv_bytes(frame: pd.DataFrame, note: str = "") -> bytes:
    """UTF-8 CSV of ``frame``; text cells that a spreadsheet would run as a formula are quoted with '.

    ``note`` (the uploaded figures in use) goes into an ``upload_note`` column on every row, so no copy of the
    rows loses it."""
    safe = frame.round(4)
    if note:
        safe = safe.assign(**{UPLOAD_NOTE_COLUMN: note})
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(_neutralise)
    return safe.to_csv(index=False).encode("utf-8")


def modebar_config(filename: str, height: int = EXPORT_HEIGHT) -> dict:
    """Plotly config: the toolbar camera saves a print-quality PNG under a meaningful name."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": EXPORT_WIDTH,
            "height": height,
            "scale": 2,
        },
    }
