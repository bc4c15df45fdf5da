"""Cached calls into the pure core. Pages call these, never the core's heavy paths directly.

Every cached call takes a data ``stamp`` (the data folder and its files' modification
times), so an edited or different data folder is never served from a stale cache.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from tradetarget import charts, export, ledger
from tradetarget.data import DATA_DIR, DATA_ENV, SCHEMAS, Dataset, load_dataset
from tradetarget.scenario import Outlook, View, build

Stamp = tuple[str, tuple[float, ...]]


def data_stamp() -> Stamp:
    folder = Path(os.environ.get(DATA_ENV) or DATA_DIR)
    mtimes = tuple((folder / name).stat().st_mtime if (folder / name).exists() else -1.0 for name in SCHEMAS)
    return str(folder), mtimes


@st.cache_data(show_spinner=False, max_entries=4)
def dataset(stamp: Stamp) -> Dataset:
    """The data, validated once per version of the files (DataError propagates to the page)."""
    return load_dataset(Path(stamp[0]))


@st.cache_data(show_spinner=False, max_entries=256)
def outlook(stamp: Stamp, sources: tuple[str, ...], base_year: int, growth: float, target_id: str,
            deadline: int) -> Outlook:
    view = View(sources=sources, base_year=base_year, growth_pct=growth, target_id=target_id, deadline=deadline)
    return build(dataset(stamp), view)


_BUILDERS = {
    "overview": charts.chart_overview,
    "growth": charts.chart_growth,
    "milestones": charts.chart_milestones,
    "gap": charts.chart_gap,
    "backtest": charts.chart_backtest,
    "visitors": charts.chart_visitors,
}


@st.cache_data(show_spinner=False, max_entries=128)
def chart(name: str, stamp: Stamp, sources: tuple[str, ...], base_year: int, growth: float, target_id: str,
          deadline: int) -> charts.Chart:
    """One chart (data + figure) for a view; ``name`` is a key of ``_BUILDERS``."""
    return _BUILDERS[name](dataset(stamp), outlook(stamp, sources, base_year, growth, target_id, deadline))


@st.cache_resource(show_spinner=False)
def warm_browser() -> str | None:
    """Start one kaleido browser per server process; None (with no exception) if there is none."""
    try:
        return export.ensure_warm_browser()
    except export.ExportUnavailable:
        return None


@st.cache_data(show_spinner=False, max_entries=64)
def briefing(stamp: Stamp, target_usd_bn: float, growth: float) -> str:
    return ledger.briefing(dataset(stamp), target_usd_bn, growth)


@st.cache_data(show_spinner=False, max_entries=64)
def verdicts(stamp: Stamp, growth: float):
    return ledger.verdict_table(dataset(stamp), growth)
