"""The upload panel of the Data & sources page: bring your own figures for this session only.

The file is validated in a widget callback, so the page run that follows already uses the merged
data. A rejected file changes nothing: the previous data (shipped, or an earlier upload) stays.

Before any uploaded figure feeds an answer it passes the core's rules (:mod:`tradetarget.upload`): values are
converted from the chosen unit to US$ billions, periods that have not ended and future publication dates are
refused, and rows that fail the plausibility check are held back, each with its reason, until the user presses
"Use anyway" for it. Changing the unit reads the same file again.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from tradetarget import export, upload
from tradetarget.data import DataError
from tradetarget.i18n import DEFAULT_LANG, messages
from ui import controls, core, render

_ERROR_KEY = "upload_error"
_GENERATION_KEY = "upload_generation"
UNIT_KEY = "upload-unit"
"""The unit control's widget key (its value: one of :data:`tradetarget.upload.UNITS`)."""


def _uploader_key() -> str:
    return f"uploader-{st.session_state.get(_GENERATION_KEY, 0)}"


def _unit() -> str:
    unit = st.session_state.get(UNIT_KEY, upload.DEFAULT_UNIT)
    return unit if unit in upload.UNITS else upload.DEFAULT_UNIT


def _load(name: str, data: bytes, lang: str, unit: str) -> None:
    """Parse, convert and check a file; keep it for the session, or keep its problems (and the earlier data)."""
    try:
        parsed = upload.parse_upload(data, name, lang=lang, unit=unit)
    except DataError as exc:
        st.session_state[_ERROR_KEY] = (name, exc, lang, data, unit)
        return
    st.session_state.pop(_ERROR_KEY, None)
    st.session_state.pop(core.UPLOAD_KEY, None)  # checked against the shipped figures, not an earlier upload
    checked = upload.check(core.current(lang).dataset, parsed)
    st.session_state[core.UPLOAD_KEY] = core.SessionUpload(name, core.digest(data), parsed, lang, data, unit, checked)
    st.query_params[core.UPLOAD_PARAM] = core.digest(data)[:8]


def _on_upload() -> None:
    file = st.session_state.get(_uploader_key())
    if file is None:
        return
    _load(file.name, file.getvalue(), controls.current_lang(), _unit())


def _on_unit() -> None:
    """Read the latest file again in the newly chosen unit (the rejected one if the last try failed)."""
    rejected = st.session_state.get(_ERROR_KEY)
    mine: core.SessionUpload | None = st.session_state.get(core.UPLOAD_KEY)
    if rejected is not None:
        name, _, _, data, _ = rejected
        _load(name, data, controls.current_lang(), _unit())
    elif mine is not None and mine.data:
        _load(mine.name, mine.data, controls.current_lang(), _unit())


def _on_use(line: int, use: bool) -> None:
    """Accept a held-back row ("use anyway"), or hold it back again."""
    mine: core.SessionUpload | None = st.session_state.get(core.UPLOAD_KEY)
    if mine is None:
        return
    chosen = mine.use_anyway | {line} if use else mine.use_anyway - {line}
    st.session_state[core.UPLOAD_KEY] = replace(mine, use_anyway=frozenset(chosen))


def _error_in(rejected: tuple, lang: str) -> tuple[str, DataError]:
    """The rejected file's name and problems, told again in ``lang`` if the language changed since the upload."""
    name, error, told_in, data, unit = rejected
    if told_in != lang:
        try:
            upload.parse_upload(data, name, lang=lang, unit=unit)
        except DataError as exc:
            error = exc
            st.session_state[_ERROR_KEY] = (name, error, lang, data, unit)
    return name, error


def _warnings_in(mine: core.SessionUpload, lang: str) -> tuple[str, ...]:
    """The upload's warnings in ``lang`` (parsed again, once, after a language switch)."""
    if mine.lang == lang or not mine.upload.warnings or not mine.data:
        return mine.upload.warnings
    again = upload.parse_upload(mine.data, mine.name, lang=lang, unit=mine.unit)
    st.session_state[core.UPLOAD_KEY] = replace(mine, upload=again, lang=lang)
    return again.warnings


def _on_reset() -> None:
    st.query_params.pop(core.UPLOAD_PARAM, None)
    st.session_state.pop(core.UPLOAD_KEY, None)
    st.session_state.pop(_ERROR_KEY, None)
    st.session_state[_GENERATION_KEY] = st.session_state.get(_GENERATION_KEY, 0) + 1


def active() -> bool:
    """Whether this session has an upload in use or a rejected file to explain."""
    return core.UPLOAD_KEY in st.session_state or _ERROR_KEY in st.session_state


def _held_back(mine: core.SessionUpload, lang: str) -> None:
    """Each held-back row with why (ratio, likely unit slip) and its "Use anyway" button; accepted ones with theirs
    to hold them back again."""
    t = messages(lang)
    checked = mine.checked
    if checked is None or not checked.held_back:
        return
    waiting = mine.held_back
    if waiting:
        st.warning(t.n("upload.held.heading", len(waiting), name=render.plain(render.quoted(mine.name, lang))),
                   icon=":material/pan_tool:")
    for h in checked.held_back:
        text = render.plain(upload.held_back_words(h, lang))
        used = h.line in mine.use_anyway
        with st.container(border=True):
            st.markdown(t("upload.held.used", text=text) if used else text)
            st.button(t("upload.held.undo") if used else t("upload.held.use"), key=f"upload-use-{h.line}",
                      on_click=_on_use, args=(h.line, not used), help=None if used else t("upload.held.use_help"),
                      icon=":material/undo:" if used else ":material/done:", type="secondary" if used else "primary")


def _preview(mine: core.SessionUpload, lang: str):
    """The file's rows (values in US$ bn) with whether each is used."""
    t = messages(lang)
    rows = mine.upload.frame
    held = {h.line for h in mine.checked.held_back} if mine.checked is not None else set()
    state = [t("upload.preview.held") if line in held and line not in mine.use_anyway
             else t("upload.preview.anyway") if line in held else t("upload.preview.passed")
             for line in rows["line"]]
    preview = rows.drop(columns=["line", "start_month", "end_month"], errors="ignore")
    return preview.assign(**{t("upload.preview.state"): state})


def panel() -> None:
    """Unit, uploader, template, the rejected file's problems, held-back rows, and a preview of the rows."""
    lang = controls.current_lang()
    t = messages(lang)
    rows_limit = f"{upload.MAX_ROWS:,}" if lang == DEFAULT_LANG else t.num(upload.MAX_ROWS, 0)
    st.markdown(t("ui.uploads.intro", mb=str(upload.MAX_UPLOAD_BYTES // (1024 * 1024)), rows=rows_limit))
    rejected = st.session_state.get(_ERROR_KEY)
    mine: core.SessionUpload | None = st.session_state.get(core.UPLOAD_KEY)
    chosen = rejected[4] if rejected is not None else mine.unit if mine is not None else upload.DEFAULT_UNIT
    col_up, col_template = st.columns([3, 1])
    with col_up:  # the unit the file in use was read in, also after a visit to another page dropped the widget
        st.selectbox(t("upload.unit.label"), upload.UNITS, index=upload.UNITS.index(chosen), key=UNIT_KEY,
                     on_change=_on_unit, format_func=lambda unit: upload.unit_words(unit, lang),
                     help=t("upload.unit.help"))
        st.file_uploader(
            t("ui.uploads.label"), type=["csv", "txt"], key=_uploader_key(), on_change=_on_upload,
            help=t("ui.uploads.help"),
        )
    with col_template:
        st.download_button(
            t("ui.uploads.template"), data=upload.template_csv(),
            file_name=f"{t('ui.uploads.template_file')}.csv", mime="text/csv", on_click="ignore",
            key="upload-template", icon=":material/download:",
        )

    if rejected is not None:
        name, error = _error_in(rejected, lang)
        kept = (t("ui.uploads.kept_earlier", name=render.quoted(mine.name, lang)) if mine else
                t("ui.uploads.kept_shipped"))
        st.error(render.plain(t("ui.uploads.rejected", name=render.quoted(name, lang), kept=kept)),
                 icon=":material/error:")
        render.table(upload.problem_table(error, lang), key="upload-problems")
    if mine is None:
        return
    used = len(mine.upload.frame) - len(mine.held_back)
    kind = t("ui.uploads.kind.comtrade" if mine.upload.kind == "comtrade" else "ui.uploads.kind.own")
    name = render.plain(render.quoted(mine.name, lang))
    if used:
        st.success(t.n("ui.uploads.in_use", used, name=name, kind=kind), icon=":material/upload_file:")
    else:
        st.warning(t.n("upload.none_in_use", len(mine.held_back), name=name), icon=":material/upload_file:")
    _held_back(mine, lang)
    for warning in _warnings_in(mine, lang):
        st.warning(render.plain(warning))
    preview = _preview(mine, lang)
    render.table(preview, precision=3, key="upload-preview",
                 url=st.column_config.LinkColumn(t("ui.uploads.link"), display_text=t("ui.uploads.open")))
    st.button(t("ui.uploads.remove"), on_click=_on_reset, key="upload-reset", icon=":material/restart_alt:")
    st.download_button(
        t("ui.uploads.download"), data=export.csv_bytes(preview),
        file_name=f"{t('ui.uploads.rows_file')}.csv", mime="text/csv", on_click="ignore", key="upload-csv",
        icon=":material/table:",
    )
