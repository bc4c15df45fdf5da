"""PNG and CSV export.

PNGs come from kaleido, which drives a headless Chrome/Chromium. One warm
kaleido server per process keeps a browser open between exports (a cold
export starts a browser each time, which takes seconds). Without a browser,
:class:`ExportUnavailable` explains how to install one.
"""

from __future__ import annotations

import copy
import os
import shutil
import threading

import pandas as pd
import plotly.graph_objects as go

from tradetarget.charts import EXPORT_HEIGHT, EXPORT_WIDTH

BROWSER_ENV = "TRADETARGET_BROWSER"
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "Server-side PNG export needs Chrome or Chromium. On Debian/Ubuntu run "
    "`sudo apt-get install -y chromium` and restart the dashboard. "
    "The camera icon in each chart's toolbar still saves a PNG from your browser."
)
_lock = threading.Lock()
_warm = False


class ExportUnavailable(RuntimeError):
    """No browser is available for server-side PNG export."""


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


def export_figure(fig: go.Figure, width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT) -> go.Figure:
    """A copy of ``fig`` laid out for a fixed-size image."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    out.update_layout(width=width, height=height)
    return out


def png_bytes(fig: go.Figure, width: int = EXPORT_WIDTH, height: int = EXPORT_HEIGHT) -> bytes:
    """Render ``fig`` to PNG bytes with the warm browser."""
    ensure_warm_browser()
    import kaleido

    sized = export_figure(fig, width, height)
    try:
        return kaleido.calc_fig_sync(
            sized.to_dict(), opts={"format": "png", "width": width, "height": height, "scale": 1}
        )
    except Exception as exc:  # kaleido and its browser raise many types
        raise ExportUnavailable(f"PNG export failed ({type(exc).__name__}: {exc}). {INSTALL_HINT}") from exc


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``frame``; text cells that a spreadsheet would run as a formula are quoted with '."""
    safe = frame.round(4)
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
