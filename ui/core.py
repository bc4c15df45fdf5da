"""Cached calls into the pure core. Pages call these, never the core's heavy paths directly."""

from __future__ import annotations

import streamlit as st

from tradetarget import charts, export
from tradetarget.data import Dataset, load_dataset
from tradetarget.scenario import Outlook, View, build


@st.cache_data(show_spinner=False)
def dataset() -> Dataset:
    """The shipped data, validated once per process (DataError propagates to the page)."""
    return load_dataset()


def _view(sources: tuple[str, ...], base_year: int, growth: float, target_id: str, deadline: int) -> View:
    return View(sources=sources, base_year=base_year, growth_pct=growth, target_id=target_id, deadline=deadline)


@st.cache_data(show_spinner=False, max_entries=256)
def outlook(sources: tuple[str, ...], base_year: int, growth: float, target_id: str, deadline: int) -> Outlook:
    return build(dataset(), _view(sources, base_year, growth, target_id, deadline))


@st.cache_data(show_spinner=False, max_entries=128)
def chart(name: str, sources: tuple[str, ...], base_year: int, growth: float, target_id: str, deadline: int):
    """One chart (data + figure) for a view; ``name`` is overview, growth, milestones or gap."""
    builder = {
        "overview": charts.chart_overview,
        "growth": charts.chart_growth,
        "milestones": charts.chart_milestones,
        "gap": charts.chart_gap,
    }[name]
    return builder(dataset(), outlook(sources, base_year, growth, target_id, deadline))


@st.cache_resource(show_spinner=False)
def warm_browser() -> str | None:
    """Start one kaleido browser per server process; None (with no exception) if there is none."""
    try:
        return export.ensure_warm_browser()
    except export.ExportUnavailable:
        return None
