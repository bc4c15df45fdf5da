"""The sidebar shared by every page. Every control is bound to the URL by streamlit itself."""

from __future__ import annotations

import contextlib
import math

import streamlit as st
from streamlit.errors import StreamlitAPIException

from tradetarget import model
from tradetarget import outlook as risk_model
from tradetarget.data import SOURCES, Dataset
from tradetarget.scenario import DEADLINE_RANGE, GROWTH_RANGE, GROWTH_STEP, SEED_VIEW, View, target_label
from ui import core

SOURCE_CHOICES = ("Both", *SOURCES)
KEYS = ("growth", "source", "base", "target", "deadline")
LATEST, OWN = "latest", "target"
"""The default options of "Project from" (each source's latest annual figure) and "Deadline" (the target's own)."""
DEFAULTS = {"growth": model.SEED_GROWTH_PCT, "source": SOURCE_CHOICES[0], "base": LATEST,
            "target": model.DEFAULT_TARGET_ID, "deadline": OWN}


def current_lang() -> str:
    """The language of this run (en, ru, kk or zh); safe to call anywhere, before or after the sidebar."""
    return "en"


def _start_label(option) -> str:
    return "Latest figure" if option == LATEST else str(option)


def _deadline_label(option) -> str:
    return "The target's own" if option == OWN else str(option)


def seed_preset() -> None:
    """The seed's framing, one click away: +24% a year from 2022, as seen on 27 Nov 2023."""
    st.session_state["growth"] = float(SEED_VIEW["growth"])
    st.session_state["base"] = int(SEED_VIEW["base"])


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


def _same(raw: str, shown: str) -> bool:
    if raw == shown:
        return True
    try:
        return math.isclose(float(raw), float(shown)) and math.isfinite(float(raw))
    except ValueError:
        return False


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
    if len(values) == 1 and _same(values[0], shown):
        return None
    text = _quoted(values)
    if len(values) > 1:
        return f"Ignored the link's {key}: given {len(values)} times ('{text}'). Showing {shown}."
    return f"Ignored the link's value {key}='{text}': not valid here. Showing {shown}."


def _choices(dataset: Dataset) -> tuple[list[str], dict[str, str], list[int]]:
    """Target ids, their labels, and the years with an annual figure: the sidebar's options."""
    labels = {row["id"]: target_label(row) for _, row in dataset.targets.iterrows()}
    return list(labels), labels, sorted(set(dataset.annual()["year"].astype(int)))


def _keep_across_page_switch(labels: dict[str, str]) -> None:
    """Let a sidebar value that came from the landing link survive a page switch.

    Streamlit 1.67 drops such a value from the address when the sidebar navigation switches page, and the
    bound widget then falls back to its default although the session still holds the value (a value set
    with the control is kept). Before the widgets exist, set the session's value again, so the widget uses
    it, and put it back in the address, so a copied link is still this view. Runs only for a key the
    address lacks; a default value stays out of the address, as streamlit keeps it.
    """
    for key in KEYS:
        if key in st.query_params or key not in st.session_state:
            continue
        value = st.session_state[key]
        st.session_state[key] = value
        if value != DEFAULTS[key] and (key != "target" or value in labels):
            # on a rerun of the same page the widget is already bound and streamlit keeps the address itself
            with contextlib.suppress(StreamlitAPIException):
                st.query_params[key] = labels[value] if key == "target" else _formatted(value)


def sidebar(data: core.Data) -> View:
    """Draw the controls for this session's data and return the chosen view; note URL values not used."""
    raw = url_values()
    target_ids, labels, years = data.derived(_choices)
    _keep_across_page_switch(labels)

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
            "Project from", [LATEST, *years], format_func=_start_label, key="base", bind="query-params",
            help="By default each source is projected from its latest annual figure. A past year is a what-if: "
                 "the projection starts from that year's figure, and the actual figures after it are drawn beside "
                 "it.",
        )
        target_id = st.selectbox(
            "Target", target_ids, index=target_ids.index(model.DEFAULT_TARGET_ID),
            format_func=labels.__getitem__, key="target", bind="query-params",
            help="From the pledge ledger (data/targets.csv). The target sets the deadline.",
        )
        deadline = st.selectbox(
            "Deadline", [OWN, *range(DEADLINE_RANGE[0], DEADLINE_RANGE[1] + 1)], format_func=_deadline_label,
            key="deadline", bind="query-params",
            help="The target's own deadline, or another year as a what-if; it sets the required growth.",
        )
        st.button("Nov 2023 view: +24% from 2022", on_click=seed_preset, key="seed-preset",
                  icon=":material/history:", width="stretch",
                  help="The prime minister's framing of 27 Nov 2023: +24% a year from 2022, a what-if today.")
        shown = {
            "growth": _formatted(growth), "source": source, "base": _start_label(base_year),
            "target": labels[target_id], "deadline": _deadline_label(deadline),
        }
        for key, values in raw.items():
            note = link_note(key, values, shown[key])
            if note:
                st.warning(note)
        st.caption("The view is kept in the page address: copy it to share exactly this view.")
    sources = SOURCES if source == "Both" else (source,)
    return View(sources=sources, base_year=None if base_year == LATEST else int(base_year),
                growth_pct=float(growth), target_id=target_id, deadline=None if deadline == OWN else int(deadline))


MODEL_KEYS = ("model", "spread", "longrun", "halflife", "window", "exports", "imports")
MODEL_CAPTIONS = {
    "constant": "the slider rate every year",
    "decay": "from the slider rate toward a long-run rate",
    "trend": "log-linear fit on a window of history",
    "two-flow": "Kazakhstan's exports and imports, each its own rate",
}
SPREAD_CAPTIONS = {
    "bootstrap": "resample each source's own year-on-year deviations",
    "normal": "normal draws with their standard deviation",
}


def model_settings(data: core.Data) -> risk_model.ModelSettings:
    """The uncertainty page's controls, bound to the URL; notes any link value that was not used."""
    raw = url_values(MODEL_KEYS)
    defaults = risk_model.ModelSettings()
    years = data.derived(_choices)[2]
    shown: dict[str, str | list[str]] = {}
    left, right = st.columns([3, 2])
    with left:
        growth_model = st.radio(
            "Growth model", list(risk_model.MODELS), key="model", bind="query-params", horizontal=True,
            captions=list(MODEL_CAPTIONS.values()),
            help="How the projection grows year by year. The fan always spreads around constant growth.",
        )
    with right:
        method = st.radio(
            "Fan spread", list(risk_model.METHOD_LABELS), key="spread", bind="query-params", horizontal=True,
            captions=list(SPREAD_CAPTIONS.values()),
            help="How the fan's band width is drawn from each source's own history.",
        )
    shown |= {"model": growth_model, "spread": method}
    values = {}
    a, b = st.columns(2)
    if growth_model == "decay":
        with a:
            values["long_run_pct"] = st.slider(
                "Long-run growth, % a year", *risk_model.LONG_RUN_RANGE, defaults.long_run_pct,
                risk_model.LONG_RUN_STEP, key="longrun", bind="query-params", format="%.1f%%")
        with b:
            values["half_life_years"] = st.slider(
                "Half-life, years", *risk_model.HALF_LIFE_RANGE, defaults.half_life_years,
                risk_model.HALF_LIFE_STEP, key="halflife", bind="query-params",
                help="Years for the gap between the current and the long-run rate to halve.")
        shown |= {"longrun": _formatted(values["long_run_pct"]), "halflife": _formatted(values["half_life_years"])}
    elif growth_model == "trend":
        with a:
            start, end = st.slider(
                "Trend window (years of history)", years[0], years[-1], (years[0], model.SEED_BASE_YEAR),
                key="window", bind="query-params",
                help="The fit uses each source's annual figures inside this window; missing years are skipped.")
        window = (min(start, end), max(start, end))
        if start > end:
            st.warning(f"The link's trend window ran backwards; using {window[0]}–{window[1]}.")
        if window[0] == window[1]:
            window = (years[0], model.SEED_BASE_YEAR)
            st.warning(f"A trend needs at least two years; using {window[0]}–{window[1]}.")
        values["trend_window"] = window
        shown["window"] = [str(start), str(end)]
    elif growth_model == "two-flow":
        with a:
            values["export_growth_pct"] = st.slider(
                "Kazakhstan's exports to China, % a year", *risk_model.FLOW_RANGE, defaults.export_growth_pct,
                risk_model.FLOW_STEP, key="exports", bind="query-params", format="%.1f%%",
                help="Mostly commodities: oil, metals, grain.")
        with b:
            values["import_growth_pct"] = st.slider(
                "Kazakhstan's imports from China, % a year", *risk_model.FLOW_RANGE, defaults.import_growth_pct,
                risk_model.FLOW_STEP, key="imports", bind="query-params", format="%.1f%%",
                help="Mostly manufactured goods.")
        shown |= {"exports": _formatted(values["export_growth_pct"]),
                  "imports": _formatted(values["import_growth_pct"])}
    for key, given in raw.items():
        if key not in shown:
            st.info(f"The link's {key} applies only to another growth model; it is not used here.")
            continue
        note = link_note(key, given, shown[key])
        if note:
            st.warning(note)
    return risk_model.ModelSettings(growth_model=growth_model, method=method, **values)
