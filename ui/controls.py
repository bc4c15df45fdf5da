"""The sidebar shared by every page. Every control is bound to the URL by streamlit itself."""

from __future__ import annotations

import streamlit as st

from tradetarget import model
from tradetarget.data import SOURCES, Dataset
from tradetarget.scenario import DEADLINE_RANGE, GROWTH_RANGE, GROWTH_STEP, View, target_label

SOURCE_CHOICES = ("Both", *SOURCES)
KEYS = ("growth", "source", "base", "target", "deadline")


def url_values(keys: tuple[str, ...] = KEYS) -> dict[str, list[str]]:
    """The raw URL values of these parameters, read before the widgets consume them."""
    params = st.query_params
    return {key: params.get_all(key) for key in keys if key in params}


def _formatted(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]()~$#"})


def _quoted(values: list[str]) -> str:
    """Up to three values, each cut at 40 characters, with markdown escaped so a link cannot inject a link."""
    text = ", ".join(v if len(v) <= 40 else v[:40] + "…" for v in values[:3]) + (" …" if len(values) > 3 else "")
    return text.translate(_MARKDOWN)


def link_note(key: str, values: list[str], shown: str | list[str]) -> str | None:
    """Why a URL value was not used (None if it was): junk, out of range, repeated or too long.

    ``shown`` is what the widget shows; a list for a multiselect, whose URL value may repeat.
    """
    if isinstance(shown, list):
        dropped = [v for v in values if v not in shown]
        if not dropped:
            return None
        return (f"Ignored the link's {key} value(s) '{_quoted(dropped)}': not valid here. "
                f"Showing {', '.join(shown) or 'all'}.")
    if len(values) == 1 and values[0] == shown:
        return None
    text = _quoted(values)
    if len(values) > 1:
        return f"Ignored the link's {key}: given {len(values)} times ('{text}'). Showing {shown}."
    return f"Ignored the link's value {key}='{text}': not valid here. Showing {shown}."


def sidebar(dataset: Dataset) -> View:
    """Draw the controls and return the chosen view; note any URL value that was not used."""
    raw = url_values()
    targets = dataset.targets
    target_ids = list(targets["id"])
    labels = {row["id"]: target_label(row) for _, row in targets.iterrows()}
    years = sorted(set(dataset.annual()["year"].astype(int)))

    with st.sidebar:
        st.header("Scenario")
        growth = st.slider(
            "Growth, % a year", GROWTH_RANGE[0], GROWTH_RANGE[1], model.SEED_GROWTH_PCT, GROWTH_STEP,
            key="growth", bind="query-params", format="%.1f%%",
            help="Default +24%: PM Smailov's ten-month growth figure of 27 Nov 2023 (Kazakh-side data).",
        )
        source = st.radio(
            "Source", SOURCE_CHOICES, key="source", bind="query-params", horizontal=True,
            help="GACC = China's customs; BNS = Kazakhstan's Bureau of National Statistics. Never blended.",
        )
        base_year = st.selectbox(
            "Base year", years, index=years.index(model.SEED_BASE_YEAR), key="base", bind="query-params",
            help="The projection starts from the chosen source's actual figure for this year.",
        )
        target_id = st.selectbox(
            "Target", target_ids, index=target_ids.index(model.DEFAULT_TARGET_ID),
            format_func=labels.__getitem__, key="target", bind="query-params",
            help="From the pledge ledger (data/targets.csv).",
        )
        deadline = st.slider(
            "Deadline", DEADLINE_RANGE[0], DEADLINE_RANGE[1], model.DEFAULT_DEADLINE,
            key="deadline", bind="query-params",
            help="The year by which the target should be reached; sets the required growth.",
        )
        shown = {
            "growth": _formatted(growth), "source": source, "base": str(base_year),
            "target": labels[target_id], "deadline": str(deadline),
        }
        for key, values in raw.items():
            note = link_note(key, values, shown[key])
            if note:
                st.warning(note)
        st.caption("The view is kept in the page address: copy it to share exactly this view.")
    sources = SOURCES if source == "Both" else (source,)
    return View(sources=sources, base_year=int(base_year), growth_pct=float(growth), target_id=target_id,
                deadline=int(deadline))
