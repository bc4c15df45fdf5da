"""Cached calls into the pure core. Pages call these, never the core's heavy paths directly.

The caches are ``st.cache_resource``: a hit returns the very object computed before, shared by every
session with the same data, with no pickling. Everything returned is therefore read-only by contract;
pages copy before they change anything (``render.table`` does).

Every cached call takes a data ``stamp``: the data folder, its files' modification times and
the digest of the session's upload (empty without one). The stamp is the cache key; the
dataset itself is passed as ``_data``, which streamlit does not hash. So an edited data folder
or a new upload is never served from a stale cache, and sessions with the same data share it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from tradetarget import charts, export, outlook_charts, upload
from tradetarget import outlook as risk_model
from tradetarget.data import DATA_DIR, DATA_ENV, SCHEMAS, Dataset, load_dataset
from tradetarget.scenario import Outlook, View, build, projection_table

Stamp = tuple[str, tuple[float, ...], str]
T = TypeVar("T")
UPLOAD_KEY = "user_upload"
"""Session-state key of the :class:`SessionUpload` in use (absent: the shipped data)."""


@dataclass(frozen=True)
class SessionUpload:
    """A validated upload kept for this browser session only; it never touches ``data/``."""

    name: str
    digest: str
    upload: upload.Upload


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _folder_stamp() -> tuple[str, tuple[float, ...]]:
    folder = Path(os.environ.get(DATA_ENV) or DATA_DIR)
    mtimes = tuple((folder / name).stat().st_mtime if (folder / name).exists() else -1.0 for name in SCHEMAS)
    return str(folder), mtimes


@st.cache_resource(show_spinner=False, max_entries=4)
def shipped(folder_stamp: tuple[str, tuple[float, ...]]) -> Dataset:
    """The shipped data, validated once per version of the files (DataError propagates to the page)."""
    return load_dataset(Path(folder_stamp[0]))


@st.cache_resource(show_spinner=False, max_entries=32)
def _merged(stamp: Stamp, _base: Dataset, _upload: upload.Upload) -> Dataset:
    return upload.apply(_base, _upload)


def current() -> tuple[Dataset, Stamp]:
    """The data this session sees (shipped, or shipped plus its upload) and its cache stamp."""
    folder_stamp = _folder_stamp()
    base = shipped(folder_stamp)
    mine: SessionUpload | None = st.session_state.get(UPLOAD_KEY)
    if mine is None:
        return base, (*folder_stamp, "")
    stamp = (*folder_stamp, mine.digest)
    return _merged(stamp, base, mine.upload), stamp


@st.cache_resource(show_spinner=False, max_entries=256)
def outlook(_data: Dataset, stamp: Stamp, sources: tuple[str, ...], base_year: int, growth: float,
            target_id: str, deadline: int) -> Outlook:
    view = View(sources=sources, base_year=base_year, growth_pct=growth, target_id=target_id, deadline=deadline)
    return build(_data, view)


_BUILDERS = {
    "overview": charts.chart_overview,
    "growth": charts.chart_growth,
    "milestones": charts.chart_milestones,
    "gap": charts.chart_gap,
    "backtest": charts.chart_backtest,
    "visitors": charts.chart_visitors,
}


@st.cache_resource(show_spinner=False, max_entries=128)
def chart(name: str, _data: Dataset, stamp: Stamp, sources: tuple[str, ...], base_year: int, growth: float,
          target_id: str, deadline: int) -> charts.Chart:
    """One chart (data + figure) for a view; ``name`` is a key of ``_BUILDERS``."""
    built = _BUILDERS[name](_data, outlook(_data, stamp, sources, base_year, growth, target_id, deadline))
    return charts.mark_user_supplied(built, _data)


@st.cache_resource(show_spinner=False)
def warm_browser() -> str | None:
    """Start one kaleido browser per server process; None (with no exception) if there is none."""
    try:
        return export.ensure_warm_browser()
    except export.ExportUnavailable:
        return None


@st.cache_resource(show_spinner=False, max_entries=64)
def risk(_data: Dataset, stamp: Stamp, view: tuple, settings: tuple) -> risk_model.Risk:
    """Fan, probabilities, model paths, scenarios and sensitivity for a view and the page's settings."""
    return risk_model.risk(_data, outlook(_data, stamp, *view), risk_model.ModelSettings(*settings))


@st.cache_resource(show_spinner=False, max_entries=128)
def outlook_chart(name: str, _data: Dataset, stamp: Stamp, view: tuple, settings: tuple) -> charts.Chart:
    """One chart of the uncertainty page; ``name`` is a key of ``outlook_charts.BUILDERS``."""
    built = outlook_charts.BUILDERS[name](_data, outlook(_data, stamp, *view), risk(_data, stamp, view, settings))
    return charts.mark_user_supplied(built, _data)


@st.cache_resource(show_spinner=False, max_entries=256)
def _derived(name: str, stamp: Stamp, args: tuple, _data: Dataset, _fn: Callable):
    return _fn(_data, *args)


def derived(fn: Callable[..., T], *args) -> T:
    """``fn(data, *args)`` on this session's data, computed once per data version, ``fn`` and ``args``.

    For the core's tables and verdicts that a page shows as they are. ``args`` must be hashable by
    streamlit (numbers, strings, tuples); the result is shared, so treat it as read-only.
    """
    data, stamp = current()
    return _derived(f"{fn.__module__}.{fn.__qualname__}", stamp, args, data, fn)


def _projection(data: Dataset, view: tuple) -> pd.DataFrame:
    return projection_table(data, build(data, View(*view)))


def projection(view: View) -> pd.DataFrame:
    """The year-by-year projection table for a view (read-only, shared)."""
    return derived(_projection, astuple(view))
