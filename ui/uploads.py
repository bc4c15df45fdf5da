"""The upload panel of the Data & sources page: bring your own figures for this session only.

The file is validated in a widget callback, so the page run that follows already uses the merged
data. A rejected file changes nothing: the previous data (shipped, or an earlier upload) stays.
"""

from __future__ import annotations

import streamlit as st

from tradetarget import export, upload
from tradetarget.data import DataError
from tradetarget.i18n import DEFAULT_LANG, messages
from ui import controls, core, render

_ERROR_KEY = "upload_error"
_GENERATION_KEY = "upload_generation"


def _uploader_key() -> str:
    return f"uploader-{st.session_state.get(_GENERATION_KEY, 0)}"


def _on_upload() -> None:
    file = st.session_state.get(_uploader_key())
    if file is None:
        return
    data = file.getvalue()
    lang = controls.current_lang()
    try:
        parsed = upload.parse_upload(data, file.name, lang=lang)
    except DataError as exc:
        st.session_state[_ERROR_KEY] = (file.name, exc, lang, data)
        return
    st.session_state.pop(_ERROR_KEY, None)
    st.session_state[core.UPLOAD_KEY] = core.SessionUpload(file.name, core.digest(data), parsed, lang, data)
    st.query_params[core.UPLOAD_PARAM] = core.digest(data)[:8]


def _error_in(rejected: tuple, lang: str) -> tuple[str, DataError]:
    """The rejected file's name and problems, told again in ``lang`` if the language changed since the upload."""
    name, error, told_in, data = rejected
    if told_in != lang:
        try:
            upload.parse_upload(data, name, lang=lang)
        except DataError as exc:
            error = exc
            st.session_state[_ERROR_KEY] = (name, error, lang, data)
    return name, error


def _warnings_in(mine: core.SessionUpload, lang: str) -> tuple[str, ...]:
    """The upload's warnings in ``lang`` (parsed again, once, after a language switch)."""
    if mine.lang == lang or not mine.upload.warnings or not mine.data:
        return mine.upload.warnings
    again = upload.parse_upload(mine.data, mine.name, lang=lang)
    st.session_state[core.UPLOAD_KEY] = core.SessionUpload(mine.name, mine.digest, mine.upload, lang, mine.data)
    return again.warnings


def _on_reset() -> None:
    st.query_params.pop(core.UPLOAD_PARAM, None)
    st.session_state.pop(core.UPLOAD_KEY, None)
    st.session_state.pop(_ERROR_KEY, None)
    st.session_state[_GENERATION_KEY] = st.session_state.get(_GENERATION_KEY, 0) + 1


def active() -> bool:
    """Whether this session has an upload in use or a rejected file to explain."""
    return core.UPLOAD_KEY in st.session_state or _ERROR_KEY in st.session_state


def panel() -> None:
    """Uploader, template, the rejected file's problems, and a preview of the rows in use."""
    lang = controls.current_lang()
    t = messages(lang)
    rows_limit = f"{upload.MAX_ROWS:,}" if lang == DEFAULT_LANG else t.num(upload.MAX_ROWS, 0)
    st.markdown(t("ui.uploads.intro", mb=str(upload.MAX_UPLOAD_BYTES // (1024 * 1024)), rows=rows_limit))
    col_up, col_template = st.columns([3, 1])
    with col_up:
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

    rejected = st.session_state.get(_ERROR_KEY)
    mine: core.SessionUpload | None = st.session_state.get(core.UPLOAD_KEY)
    if rejected is not None:
        name, error = _error_in(rejected, lang)
        kept = (t("ui.uploads.kept_earlier", name=render.quoted(mine.name, lang)) if mine else
                t("ui.uploads.kept_shipped"))
        st.error(t("ui.uploads.rejected", name=render.quoted(name, lang), kept=kept), icon=":material/error:")
        render.table(upload.problem_table(error, lang), key="upload-problems")
    if mine is None:
        return
    rows = mine.upload.frame
    kind = t("ui.uploads.kind.comtrade" if mine.upload.kind == "comtrade" else "ui.uploads.kind.own")
    st.success(t.n("ui.uploads.in_use", len(rows), name=render.quoted(mine.name, lang), kind=kind),
               icon=":material/upload_file:")
    for warning in _warnings_in(mine, lang):
        st.warning(warning)
    preview = rows.drop(columns=["line", "start_month", "end_month"], errors="ignore")
    render.table(preview, precision=3, key="upload-preview",
                 url=st.column_config.LinkColumn(t("ui.uploads.link"), display_text=t("ui.uploads.open")))
    st.button(t("ui.uploads.remove"), on_click=_on_reset, key="upload-reset", icon=":material/restart_alt:")
    st.download_button(
        t("ui.uploads.download"), data=export.csv_bytes(preview),
        file_name=f"{t('ui.uploads.rows_file')}.csv", mime="text/csv", on_click="ignore", key="upload-csv",
        icon=":material/table:",
    )
