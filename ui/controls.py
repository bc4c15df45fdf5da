"""The sidebar shared by every page. Every control is bound to the URL by streamlit itself."""

from __future__ import annotations

import contextlib
import math
from datetime import date

import streamlit as st
from streamlit.errors import StreamlitAPIException

from tradetarget import clock, headline, model
from tradetarget import outlook as risk_model
from tradetarget.data import SOURCES, Dataset
from tradetarget.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, messages, supported
from tradetarget.scenario import (
    DEADLINE_RANGE,
    GROWTH_RANGE,
    GROWTH_STEP,
    SEED_VIEW,
    View,
    target_label,
    target_labels,
)
from ui import core

SOURCE_CHOICES = ("Both", *SOURCES)
KEYS = ("lang", "growth", "source", "base", "target", "deadline")
LATEST, OWN = "latest", "target"
"""The default options of "Project from" (each source's latest annual figure) and "Deadline" (the target's own)."""
DEFAULTS = {"lang": DEFAULT_LANG, "growth": model.SEED_GROWTH_PCT, "source": SOURCE_CHOICES[0], "base": LATEST,
            "target": model.DEFAULT_TARGET_ID, "deadline": OWN}


def browser_lang() -> str:
    """The browser's language when it is one of ours (``st.context.locale``), else English."""
    try:
        return supported(st.context.locale) or DEFAULT_LANG
    except Exception:  # no browser context: AppTest or a bare script run
        return DEFAULT_LANG


def current_lang() -> str:
    """The language of this run (en, ru, kk or zh); safe to call anywhere, before or after the sidebar.

    The address's ``lang`` when there is one (a junk value means English), else the language chosen
    earlier in the session, else the browser's language.
    """
    given = st.query_params.get_all("lang")
    if given:
        return given[0] if len(given) == 1 and given[0] in LANGS else DEFAULT_LANG
    chosen = st.session_state.get("lang")
    return chosen if chosen in LANGS else browser_lang()


def _lang_chosen() -> None:
    st.query_params["lang"] = st.session_state["lang"]


def language(notes: list[str] | None = None) -> str:
    """The language control, at the top of the sidebar, with the language in the address as ``lang``.

    Streamlit's own binding would keep the option's label in the address ("Русский"); the address
    keeps the code instead (``lang=ru``), so this control writes it itself. A language that did not
    come from the address (the browser's, or one chosen on another page) is written to it, so a copied
    link opens in the language it was copied in. A junk value is replaced by English, with a note.
    """
    given = st.query_params.get_all("lang")
    lang = current_lang()
    junk = bool(given) and (len(given) != 1 or given[0] not in LANGS)
    if junk or (not given and lang != DEFAULT_LANG):
        st.query_params["lang"] = lang
    st.session_state["lang"] = lang
    t = messages(lang)
    with st.sidebar:
        st.selectbox(t("controls.lang.label"), LANGS, format_func=LANG_NAMES.__getitem__, key="lang",
                     on_change=_lang_chosen, help=t("controls.lang.help"))
        if junk:
            note = t("controls.lang.junk", value=_quoted(given), shown=LANG_NAMES[lang])
            st.warning(note)
            if notes is not None:
                notes.append(note)
    return lang


def _start_label(option, lang: str = DEFAULT_LANG) -> str:
    return messages(lang)("controls.base.latest") if option == LATEST else str(option)


def _deadline_label(option, lang: str = DEFAULT_LANG) -> str:
    return messages(lang)("controls.deadline.own") if option == OWN else str(option)


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


def link_note(key: str, values: list[str], shown: str | list[str], lang: str | None = None) -> str | None:
    """Why a URL value was not used (None if it was): junk, out of range, repeated or too long.

    ``shown`` is what the widget shows; a list for a multiselect, whose URL value may repeat.
    """
    t = messages(lang or current_lang())
    if isinstance(shown, list):
        dropped = [v for v in values if v not in shown]
        if not dropped:
            return None
        return t("controls.link.dropped", key=key, value=_quoted(dropped),
                 shown=", ".join(shown) or t("controls.link.all"))
    if len(values) == 1 and _same(values[0], shown):
        return None
    text = _quoted(values)
    if len(values) > 1:
        return t("controls.link.repeated", key=key, count=len(values), value=text, shown=shown)
    return t("controls.link.junk", key=key, value=text, shown=shown)


def _choices(dataset: Dataset, lang: str = DEFAULT_LANG) -> tuple[list[str], dict[str, str], list[int]]:
    """Target ids, their labels, and the years with an annual figure: the sidebar's options."""
    labels = {row["id"]: target_label(row, lang=lang) for _, row in dataset.targets.iterrows()}
    return list(labels), labels, sorted(set(dataset.annual()["year"].astype(int)))


def _keep_across_page_switch(labels: dict[str, str], keys: tuple[str, ...] = KEYS[1:]) -> None:
    """Let a sidebar value that came from the landing link survive a page switch.

    Streamlit 1.67 drops such a value from the address when the sidebar navigation switches page, and the
    bound widget then falls back to its default although the session still holds the value (a value set
    with the control is kept). Before the widgets exist, set the session's value again, so the widget uses
    it, and put it back in the address, so a copied link is still this view. Runs only for a key the
    address lacks; a default value stays out of the address, as streamlit keeps it.
    """
    for key in keys:
        if key in st.query_params or key not in st.session_state:
            continue
        value = st.session_state[key]
        st.session_state[key] = value
        if value != DEFAULTS[key] and (key != "target" or value in labels):
            # on a rerun of the same page the widget is already bound and streamlit keeps the address itself
            with contextlib.suppress(StreamlitAPIException):
                st.query_params[key] = labels[value] if key == "target" else _formatted(value)


def _every_label(dataset: Dataset) -> dict[str, str]:
    """Each target label, in every language, to its target id."""
    return {label: row["id"] for _, row in dataset.targets.iterrows() for label in target_labels(row).values()}


def from_any_language(key: str, shown: dict, every) -> None:
    """Streamlit keeps an option in the address as its label, so a link holds the label of the language it
    was copied in. Opened in another language (or after a switch), match the address's label against
    every language's labels (``every()``: label → option, called only then), choose that option and rewrite
    the address in this language (``shown``: option → label). Call before the widget is drawn."""
    given = st.query_params.get_all(key)
    if len(given) != 1 or given[0] in shown.values():
        return
    option = every().get(given[0])
    if option in shown:
        st.session_state[key] = option
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[key] = shown[option]


def option_label(name: str, lang: str) -> str:
    """A growth model's or spread method's short name on its radio, and so in the address: the English
    name is the option itself ("decay"), as links have always had it."""
    return messages(lang)(f"controls.option.{name}")


def _labels_everywhere(options, label_of) -> dict[str, object]:
    return {label_of(option, lang): option for option in options for lang in LANGS}


def as_of(dataset: Dataset, notes: list[str] | None = None) -> date | None:
    """The past view's day from the sidebar's "As of" control (``?as_of=2023-11-27``), or None for today.

    A link value that is not a day the data can show (junk, a day to come, before the first pledge and figures)
    gets a note naming it, here and in the main area (``notes``), and the view is today's."""
    lang = current_lang()
    t = messages(lang)
    raw = st.query_params.get_all("as_of")
    first, last = dataset.earliest_view(), clock.today()
    if raw and (len(raw) > 1 or not _day_within(raw[0], first, last)):
        with contextlib.suppress(StreamlitAPIException):
            del st.query_params["as_of"]
        st.session_state.pop("as_of", None)
        note = t("asof.link.junk", value=_quoted(raw), first=t.date(first), last=t.date(last))
        st.sidebar.warning(note)
        if notes is not None:
            notes.append(note)
    with st.sidebar:
        day = st.date_input(t("asof.label"), value=None, min_value=first, max_value=last, key="as_of",
                            bind="query-params", format="YYYY-MM-DD", help=t("asof.help"))
    return day if isinstance(day, date) and day < last else None


def _day_within(text: str, first: date, last: date) -> bool:
    try:
        return first <= date.fromisoformat(text) <= last
    except ValueError:
        return False


def back_to_today() -> None:
    """Leave the past view (the banner's button)."""
    st.session_state["as_of"] = None


def sidebar(data: core.Data, notes: list[str] | None = None) -> View:
    """Draw the controls for this session's data and return the chosen view; note URL values not used.

    Each note is shown beside the controls and appended to ``notes`` (when given), for the page to show in its
    main area too: on a phone the sidebar starts collapsed, and a reader would silently get the defaults."""
    lang = language(notes)
    t = messages(lang)
    raw = url_values(KEYS[1:])
    target_ids, labels, years = data.derived(_choices, lang)
    from_any_language("target", labels, lambda: data.derived(_every_label))
    _keep_across_page_switch(labels)

    def start_label(option) -> str:
        return _start_label(option, lang)

    def deadline_label(option) -> str:
        return _deadline_label(option, lang)

    def source_label(option) -> str:  # the tags, not the names: a link's ?source= is the same in every language
        return t("controls.source.both") if option == "Both" else option

    with st.sidebar:
        st.header(t("controls.header"))
        growth = st.slider(
            t("controls.growth.label"), GROWTH_RANGE[0], GROWTH_RANGE[1], model.SEED_GROWTH_PCT, GROWTH_STEP,
            key="growth", bind="query-params", format="%.1f%%", help=t("controls.growth.help"),
        )
        source = st.radio(
            t("controls.source.label"), SOURCE_CHOICES, format_func=source_label, key="source",
            bind="query-params", horizontal=True, help=t("controls.source.help"),
        )
        st.caption(data.derived(headline.dataset_pace, SOURCES if source == "Both" else (source,), lang))
        base_year = st.selectbox(
            t("controls.base.label"), [LATEST, *years], format_func=start_label, key="base", bind="query-params",
            help=t("controls.base.help"),
        )
        target_id = st.selectbox(
            t("controls.target.label"), target_ids,
            index=target_ids.index(model.DEFAULT_TARGET_ID) if model.DEFAULT_TARGET_ID in target_ids else
            len(target_ids) - 1,  # a past view before the $40bn-by-2030 pledge: the newest pledge made by then
            format_func=labels.__getitem__, key="target", bind="query-params", help=t("controls.target.help"),
        )
        deadline = st.selectbox(
            t("controls.deadline.label"), [OWN, *range(DEADLINE_RANGE[0], DEADLINE_RANGE[1] + 1)],
            format_func=deadline_label, key="deadline", bind="query-params", help=t("controls.deadline.help"),
        )
        st.button(t("controls.preset.label"), on_click=seed_preset, key="seed-preset",
                  icon=":material/history:", width="stretch", help=t("controls.preset.help"))
        shown = {
            "growth": _formatted(growth), "source": source_label(source), "base": start_label(base_year),
            "target": labels[target_id], "deadline": deadline_label(deadline),
        }
        for key, values in raw.items():
            note = link_note(key, values, shown[key], lang)
            if note:
                st.warning(note)
                if notes is not None:
                    notes.append(note)
        st.caption(t("controls.address"))
    sources = SOURCES if source == "Both" else (source,)
    return View(sources=sources, base_year=None if base_year == LATEST else int(base_year),
                growth_pct=float(growth), target_id=target_id, deadline=None if deadline == OWN else int(deadline),
                lang=lang)


MODEL_KEYS = ("model", "longrun", "halflife", "window", "exports", "imports")
"""The growth model's controls: drawn only in the tabs the model acts on (Growth model, Scenarios)."""


def spread_method() -> str:
    """The fan-spread control, above the uncertainty page's chances: the spread method drives them, the fan and
    the chance chart. Bound to the URL as ``spread``; notes a link value that was not used."""
    raw = url_values(("spread",))
    t = messages(current_lang())
    from_any_language("spread", {m: option_label(m, t.lang) for m in risk_model.METHOD_LABELS},
                      lambda: _labels_everywhere(risk_model.METHOD_LABELS, option_label))
    method = st.radio(
        t("controls.spread.label"), list(risk_model.METHOD_LABELS), key="spread", bind="query-params",
        horizontal=True, format_func=lambda name: option_label(name, t.lang),
        captions=[risk_model.method_caption(name, t.lang) for name in risk_model.METHOD_LABELS],
        help=t("controls.spread.help"),
    )
    for given in raw.values():
        named = len(given) == 1 and _labels_everywhere(risk_model.METHOD_LABELS, option_label).get(given[0]) == method
        note = None if named else link_note("spread", given, option_label(method, t.lang), t.lang)
        if note:
            st.warning(note)
    return method


def model_settings(data: core.Data, method: str = "bootstrap") -> risk_model.ModelSettings:
    """The growth-model controls, in the tab they act on (the Growth model chart and the scenarios' "Yours" line;
    the chances and the fan always use constant growth), bound to the URL; notes any link value that was not used.
    ``method`` is the fan spread chosen above the chances (:func:`spread_method`)."""
    raw = url_values(MODEL_KEYS)
    t = messages(current_lang())
    defaults = risk_model.ModelSettings()
    years = data.derived(_choices)[2]
    shown: dict[str, str | list[str]] = {}
    from_any_language("model", {m: option_label(m, t.lang) for m in risk_model.MODELS},
                      lambda: _labels_everywhere(risk_model.MODELS, option_label))
    growth_model = st.radio(
        t("controls.model.label"), list(risk_model.MODELS), key="model", bind="query-params", horizontal=True,
        format_func=lambda name: option_label(name, t.lang),
        captions=[risk_model.model_caption(name, t.lang) for name in risk_model.MODELS],
        help=t("outlook.ui.model_help", yours=risk_model.scenario_label("Yours", t.lang)),
    )
    shown["model"] = option_label(growth_model, t.lang)
    values = {}
    a, b = st.columns(2)
    if growth_model == "decay":
        with a:
            values["long_run_pct"] = st.slider(
                t("controls.longrun.label"), *risk_model.LONG_RUN_RANGE, defaults.long_run_pct,
                risk_model.LONG_RUN_STEP, key="longrun", bind="query-params", format="%.1f%%")
        with b:
            values["half_life_years"] = st.slider(
                t("controls.halflife.label"), *risk_model.HALF_LIFE_RANGE, defaults.half_life_years,
                risk_model.HALF_LIFE_STEP, key="halflife", bind="query-params", help=t("controls.halflife.help"))
        shown |= {"longrun": _formatted(values["long_run_pct"]), "halflife": _formatted(values["half_life_years"])}
    elif growth_model == "trend":
        with a:
            start, end = st.slider(
                t("controls.window.label"), years[0], years[-1], (years[0], model.SEED_BASE_YEAR),
                key="window", bind="query-params", help=t("controls.window.help"))
        window = (min(start, end), max(start, end))
        if start > end:
            st.warning(t("controls.window.backwards", start=window[0], end=window[1]))
        if window[0] == window[1]:
            window = (years[0], model.SEED_BASE_YEAR)
            st.warning(t("controls.window.short", start=window[0], end=window[1]))
        values["trend_window"] = window
        shown["window"] = [str(start), str(end)]
    elif growth_model == "two-flow":
        with a:
            values["export_growth_pct"] = st.slider(
                t("controls.exports.label"), *risk_model.FLOW_RANGE, defaults.export_growth_pct,
                risk_model.FLOW_STEP, key="exports", bind="query-params", format="%.1f%%",
                help=t("controls.exports.help"))
        with b:
            values["import_growth_pct"] = st.slider(
                t("controls.imports.label"), *risk_model.FLOW_RANGE, defaults.import_growth_pct,
                risk_model.FLOW_STEP, key="imports", bind="query-params", format="%.1f%%",
                help=t("controls.imports.help"))
        shown |= {"exports": _formatted(values["export_growth_pct"]),
                  "imports": _formatted(values["import_growth_pct"])}
    for key, given in raw.items():
        if key not in shown:
            st.info(t("controls.other_model", key=key))
            continue
        if key == "model" and len(given) == 1 and \
                _labels_everywhere(risk_model.MODELS, option_label).get(given[0]) == growth_model:
            continue  # the model named in any language (a link keeps the label of the language it was copied in)
        note = link_note(key, given, shown[key], t.lang)
        if note:
            st.warning(note)
    return risk_model.ModelSettings(growth_model=growth_model, method=method, **values)
