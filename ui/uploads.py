"""The upload panel of the Data & sources page: bring your own figures for this session only.

The file is validated in a widget callback, so the page run that follows already uses the merged
data. A rejected file changes nothing: the previous data (shipped, or an earlier upload) stays.
"""

from __future__ import annotations

import streamlit as st

from tradetarget import export, upload
from tradetarget.data import DataError
from ui import core, render

_ERROR_KEY = "upload_error"
_GENERATION_KEY = "upload_generation"


def _uploader_key() -> str:
    return f"uploader-{st.session_state.get(_GENERATION_KEY, 0)}"


def _on_upload() -> None:
    file = st.session_state.get(_uploader_key())
    if file is None:
        return
    data = file.getvalue()
    try:
        parsed = upload.parse_upload(data, file.name)
    except DataError as exc:
        st.session_state[_ERROR_KEY] = (file.name, exc)
        return
    st.session_state.pop(_ERROR_KEY, None)
    st.session_state[core.UPLOAD_KEY] = core.SessionUpload(file.name, core.digest(data), parsed)
    st.query_params[core.UPLOAD_PARAM] = core.digest(data)[:8]


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
    st.markdown(
        "Upload a CSV in this dashboard's own format (download the template) or a **UN Comtrade** "
        "(Comtrade Plus) export of China–Kazakhstan total trade. Valid rows are merged into **this browser "
        "session only**: an uploaded figure replaces the shipped one for the same source and period, and is "
        "marked *user-supplied* in every table, chart and export. Nothing is written to the data files. "
        f"Limit: {upload.MAX_UPLOAD_BYTES // (1024 * 1024)} MB and {upload.MAX_ROWS:,} rows."
    )
    col_up, col_template = st.columns([3, 1])
    with col_up:
        st.file_uploader(
            "Your CSV", type=["csv", "txt"], key=_uploader_key(), on_change=_on_upload,
            help="Own format: the template's columns. Comtrade: period, reporterISO/Code/Desc, partnerISO/Code/Desc, "
                 "flowCode (M/X), cmdCode TOTAL, primaryValue in US$.",
        )
    with col_template:
        st.download_button(
            "Download the template", data=upload.template_csv(), file_name="kz-cn-trade-template.csv",
            mime="text/csv", on_click="ignore", key="upload-template", icon=":material/download:",
        )

    rejected = st.session_state.get(_ERROR_KEY)
    mine: core.SessionUpload | None = st.session_state.get(core.UPLOAD_KEY)
    if rejected is not None:
        name, error = rejected
        kept = f"your earlier upload {mine.name!r}" if mine else "the shipped data"
        st.error(f"The file {name!r} was not used. Nothing changed: the dashboard still shows {kept}. "
                 "Fix these problems and upload it again:", icon=":material/error:")
        render.table(upload.problem_table(error), key="upload-problems")
    if mine is None:
        return
    rows = mine.upload.frame
    kind = "UN Comtrade export" if mine.upload.kind == "comtrade" else "own-format CSV"
    st.success(f"In use for this session: {mine.name!r} ({kind}), {len(rows)} user-supplied "
               f"row{'s' * (len(rows) != 1)}.", icon=":material/upload_file:")
    for warning in mine.upload.warnings:
        st.warning(warning)
    preview = rows.drop(columns=["line", "start_month", "end_month"], errors="ignore")
    render.table(preview, precision=3, key="upload-preview",
                 url=st.column_config.LinkColumn("Source link", display_text="open source"))
    st.button("Remove my upload and return to the shipped data", on_click=_on_reset, key="upload-reset",
              icon=":material/restart_alt:")
    st.download_button(
        "Download my rows as CSV", data=export.csv_bytes(preview), file_name="kz-cn-trade-user-supplied.csv",
        mime="text/csv", on_click="ignore", key="upload-csv", icon=":material/table:",
    )
