"""Cached calls into the pure core. Pages call these, never the core's heavy paths directly.

The caches are ``st.cache_resource``: a hit returns the very object computed before, shared by every
session with the same data, with no pickling. Everything returned is therefore read-only by contract;
pages copy before they change anything (``render.table`` does).

A page reads :func:`current` once per run and calls everything through the :class:`Data` it gets.
Its ``stamp`` names the data version: the data folder, its files' modification times and the
digest of the session's upload (empty without one). The stamp, a short string, is the cache key;
the dataset itself is passed as ``_dataset``, which streamlit does not hash. So an edited data
folder or a new upload is never served from a stale cache, and sessions with the same data share
it. One string key (not the tuple it is built from) and one read per run keep streamlit's key
hashing off the profile: before, it was the largest part of a cached rerun. The cached functions are
called with keyword arguments only: for a positional one streamlit looks up the parameter's name with
``inspect.signature`` on every call (34 times a rerun of the overview).

Everything cached that holds words is cached per language too: the view carries ``lang`` (outlook, charts,
risk), and :class:`Data` carries the run's language for the tables it formats (headers, number formats).
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import os
import weakref
from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa
import streamlit as st

from tradetarget import charts, export, history_charts, outlook_charts, upload, use_python_strings, ytd_charts
from tradetarget import columns as columns_
from tradetarget import outlook as risk_model
from tradetarget.data import DATA_DIR, DATA_ENV, DATA_FILES, DataError, Dataset, load_dataset
from tradetarget.i18n import DEFAULT_LANG
from tradetarget.scenario import Outlook, View, build

use_python_strings()
T = TypeVar("T")
UPLOAD_KEY = "user_upload"
"""Session-state key of the :class:`SessionUpload` in use (absent: the shipped data)."""
UPLOAD_PARAM = "upload"
"""In the address while an upload is in use (the start of its digest): a session without that upload (another
browser, a restarted or failed-over server replica) then says the view needs it, instead of silently showing the
shipped figures."""


@dataclass(frozen=True)
class SessionUpload:
    """A validated upload kept for this browser session only; it never touches ``data/``."""

    name: str
    digest: str
    upload: upload.Upload
    lang: str = DEFAULT_LANG
    """The language its warnings were told in."""
    data: bytes = b""
    """The file's bytes (this session's own, at most ``upload.MAX_UPLOAD_BYTES``): to tell its warnings again in
    another language after a switch."""
    unit: str = upload.DEFAULT_UNIT
    """The unit chosen for the file's values (a ``unit`` column overrides it row by row)."""
    checked: upload.Checked | None = None
    """The plausibility check against the shipped data (:func:`tradetarget.upload.check`)."""
    use_anyway: frozenset[int] = frozenset()
    """Held-back lines the user accepted explicitly ("use anyway")."""

    @property
    def stamp(self) -> str:
        """The cache key of the data this upload gives: the file, its unit and the lines used anyway."""
        return f"{self.digest}:{self.unit}:{','.join(map(str, sorted(self.use_anyway)))}"

    @property
    def held_back(self) -> tuple[upload.HeldBack, ...]:
        """The rows the check held back and the user has not accepted."""
        held = self.checked.held_back if self.checked is not None else ()
        return tuple(h for h in held if h.line not in self.use_anyway)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _folder() -> Path:
    return Path(os.environ.get(DATA_ENV) or DATA_DIR)


def _folder_stamp(folder: Path) -> str:
    mtimes = ",".join(repr((folder / name).stat().st_mtime) if (folder / name).exists() else "-"
                      for name in DATA_FILES)
    return f"{folder}|{mtimes}"


@st.cache_resource(show_spinner=False, max_entries=4)
def _shipped(folder_stamp: str, folder: str) -> Dataset:
    """The shipped data, validated once per version of the files (DataError propagates to the page)."""
    return load_dataset(Path(folder))


@st.cache_resource(show_spinner=False, max_entries=32)
def _merged(stamp: str, _base: Dataset, _upload: upload.Upload, _use_anyway: frozenset[int]) -> Dataset:
    """The shipped data plus the upload's rows that pass the checks and those accepted anyway."""
    return upload.apply(_base, _upload, _use_anyway)


@dataclass(frozen=True)
class Data:
    """The data this session sees and the key of its version; every cached call goes through it.

    ``lang`` is the run's language: tables formatted here (:meth:`shown`, :meth:`table`) get their headers and
    number formats in it, and it is part of their cache key."""

    dataset: Dataset
    stamp: str
    lang: str = DEFAULT_LANG

    def derived(self, fn: Callable[..., T], *args) -> T:
        """``fn(dataset, *args)``, computed once per data version, ``fn`` and ``args``.

        For the core's tables and verdicts that a page shows as they are. ``args`` must be hashable
        by streamlit (numbers, strings, dates, tuples); the result is shared, so treat it as read-only.
        """
        return _derived(name=_name(fn), stamp=self.stamp, args=args, _dataset=self.dataset, _fn=fn)

    def outlook(self, view: View) -> Outlook:
        return _outlook(stamp=self.stamp, view=astuple(view), _dataset=self.dataset)

    def chart(self, name: str, view: View) -> charts.Chart:
        """One chart (data + figure) for a view; ``name`` is a key of ``_BUILDERS``. A chart that draws no
        projection (:data:`SOURCES_ONLY`) is cached by the view's sources alone: a slider move reuses it."""
        if name in SOURCES_ONLY:
            view = View(sources=view.sources, as_of=view.as_of, lang=view.lang)
        elif name in TARGET_ONLY:
            view = View(sources=view.sources, target_id=view.target_id, as_of=view.as_of, lang=view.lang)
        return _chart(name=name, stamp=self.stamp, view=astuple(view), _dataset=self.dataset)

    def risk(self, view: View, settings: risk_model.ModelSettings) -> risk_model.Risk:
        """Fan, probabilities, model paths, scenarios and sensitivity for a view and the page's settings."""
        return _risk(stamp=self.stamp, view=astuple(view), settings=astuple(settings), _dataset=self.dataset)

    def outlook_chart(self, name: str, view: View, settings: risk_model.ModelSettings) -> charts.Chart:
        """One chart of the uncertainty page; ``name`` is a key of ``outlook_charts.BUILDERS``."""
        return _outlook_chart(name=name, stamp=self.stamp, view=astuple(view), settings=astuple(settings),
                              _dataset=self.dataset)

    def shown(self, fn: Callable[..., pd.DataFrame], *args, precision: int = 2) -> pd.DataFrame:
        """``fn(dataset, *args)`` formatted for display by :func:`displayed`, cached like :meth:`derived`."""
        return _shown(name=_name(fn), stamp=self.stamp, args=args, precision=precision, lang=self.lang,
                      _dataset=self.dataset, _fn=fn)

    def table(self, fn: Callable[..., pd.DataFrame], *args, precision: int = 2, index: str | None = None) -> pa.Table:
        """:meth:`shown` as the Arrow table ``st.dataframe`` and ``st.table`` send (``index``: a column that
        labels the rows; default: the frame's own index), cached like :meth:`derived`.

        Given a DataFrame, streamlit converts it to Arrow on every rerun (10% of the server's busy time under
        load); given this table it only writes it out. Use :meth:`shown` for a frame the page filters first.
        """
        return _arrow(name=_name(fn), stamp=self.stamp, args=args, precision=precision, index=index,
                      lang=self.lang, _dataset=self.dataset, _fn=fn)


def current(lang: str | None = None) -> Data:
    """The data this session sees: shipped, or shipped plus its upload. Read it once per script run.

    ``lang``: the run's language (default: :func:`ui.controls.current_lang`). Broken shipped data raises a
    :class:`DataError` told in that language (the check runs again in it, only on that path)."""
    if lang is None:
        from ui.controls import current_lang  # ui.controls imports this module

        lang = current_lang()
    folder = _folder()
    folder_stamp = _folder_stamp(folder)
    try:
        base = _shipped(folder_stamp=folder_stamp, folder=str(folder))
    except DataError:
        if lang == DEFAULT_LANG:
            raise
        load_dataset(folder, lang=lang)  # raises the same problem in the reader's language
        raise
    mine: SessionUpload | None = st.session_state.get(UPLOAD_KEY)
    if mine is None:
        return Data(base, f"{folder_stamp}|", lang)
    stamp = f"{folder_stamp}|{mine.stamp}"
    return Data(_merged(stamp=stamp, _base=base, _upload=mine.upload, _use_anyway=mine.use_anyway), stamp, lang)


def known_on(data: Data, day: date) -> Data:
    """The session's data as it stood on ``day`` (:meth:`tradetarget.data.Dataset.as_of`): a past view."""
    stamp = f"{data.stamp}|as_of={day.isoformat()}"
    return Data(_known_on(stamp=stamp, day=day, _dataset=data.dataset), stamp, data.lang)


@st.cache_resource(show_spinner=False, max_entries=16)
def _known_on(stamp: str, day: date, _dataset: Dataset) -> Dataset:
    return _dataset.as_of(day)


_FUNCTION_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_NEXT_ID = itertools.count()


def _name(fn: Callable) -> str:
    """The cache's name for ``fn``: where it lives and a number no other function object ever gets.

    A module edited under ``streamlit run`` is imported again, and its functions are new objects, so they
    get new numbers and are not served the old functions' results, even when only a helper or a constant
    changed (``id()`` would not do: CPython reuses a freed function's address). Lambdas, nested functions,
    partials and bound methods are refused: two of them can share a name yet compute different things.
    """
    if not inspect.isfunction(fn) or "<" in fn.__qualname__ or fn.__closure__:
        raise TypeError(f"cache a module-level function, not {fn!r}")
    return f"{fn.__module__}.{fn.__qualname__}#{_FUNCTION_IDS.setdefault(fn, next(_NEXT_ID))}"


@st.cache_resource(show_spinner=False, max_entries=256)
def _derived(name: str, stamp: str, args: tuple, _dataset: Dataset, _fn: Callable):
    return _fn(_dataset, *args)


@st.cache_resource(show_spinner=False, max_entries=256)
def _shown(name: str, stamp: str, args: tuple, precision: int, lang: str, _dataset: Dataset,
           _fn: Callable) -> pd.DataFrame:
    """From the cached frame, so a page that also offers it as CSV (``derived``) computes it once."""
    return displayed(_derived(name=name, stamp=stamp, args=args, _dataset=_dataset, _fn=_fn), precision, lang)


@st.cache_resource(show_spinner=False, max_entries=256)
def _arrow(name: str, stamp: str, args: tuple, precision: int, index: str | None, lang: str, _dataset: Dataset,
           _fn: Callable) -> pa.Table:
    frame = _shown(name=name, stamp=stamp, args=args, precision=precision, lang=lang, _dataset=_dataset, _fn=_fn)
    table = pa.Table.from_pandas(frame.set_index(index) if index else frame)
    meta = {**(table.schema.metadata or {}), _NUMERIC.encode(): json.dumps(frame.attrs.get(_NUMERIC, [])).encode()}
    return table.replace_schema_metadata(meta)


@st.cache_resource(show_spinner=False, max_entries=256)
def _outlook(stamp: str, view: tuple, _dataset: Dataset) -> Outlook:
    return build(_dataset, View(*view))


_BUILDERS = {
    "overview": charts.chart_overview,
    "growth": charts.chart_growth,
    "milestones": charts.chart_milestones,
    "gap": charts.chart_gap,
    "backtest": charts.chart_backtest,
    "visitors": charts.chart_visitors,
    "ytd": ytd_charts.chart_ytd,
    "history": history_charts.chart_history,
}


SOURCES_ONLY = frozenset({"milestones", "gap", "visitors", "ytd"})
"""Charts that depend on the view only through its sources: no projection, no answer in their footer."""
TARGET_ONLY = frozenset({"history"})
"""Charts that depend on the view through its sources and pledge only (no growth rate, start or deadline)."""


@st.cache_resource(show_spinner=False, max_entries=128)
def _chart(name: str, stamp: str, view: tuple, _dataset: Dataset) -> charts.Chart:
    built = _BUILDERS[name](_dataset, _outlook(stamp=stamp, view=view, _dataset=_dataset))
    return charts.mark_user_supplied(built, _dataset)


@st.cache_resource(show_spinner=False, max_entries=64)
def _risk(stamp: str, view: tuple, settings: tuple, _dataset: Dataset) -> risk_model.Risk:
    return risk_model.risk(_dataset, _outlook(stamp=stamp, view=view, _dataset=_dataset),
                           risk_model.ModelSettings(*settings))


@st.cache_resource(show_spinner=False, max_entries=128)
def _outlook_chart(name: str, stamp: str, view: tuple, settings: tuple, _dataset: Dataset) -> charts.Chart:
    built = outlook_charts.BUILDERS[name](_dataset, _outlook(stamp=stamp, view=view, _dataset=_dataset),
                                          _risk(stamp=stamp, view=view, settings=settings, _dataset=_dataset))
    return charts.mark_user_supplied(built, _dataset)


@st.cache_resource(show_spinner=False)
def warm_browser() -> str | None:
    """Start one kaleido browser per server process; None (with no exception) if there is none."""
    try:
        return export.ensure_warm_browser()
    except export.ExportUnavailable:
        return None


_DISPLAYED = "tradetarget.displayed"
_NUMERIC = "tradetarget.numeric"


def _missing(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def displayed(frame: pd.DataFrame, precision: int = 2, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """A copy for display: human headers with units, numbers as text formatted per column
    (:mod:`tradetarget.columns`; ``precision`` decimals for derived USD figures), a dash wherever a value is missing;
    headers and number formats in ``lang``."""
    columns = {}
    for name, values in frame.items():
        shown = columns_.header(str(name), lang)
        if pd.api.types.is_float_dtype(values):
            columns[shown] = ["—" if pd.isna(v) else columns_.formatted(str(name), v, precision, lang)
                              for v in values.tolist()]
        elif str(name) in columns_.COUNTS:
            columns[shown] = ["—" if _missing(v) else columns_.count(v, lang) for v in values.tolist()]
        elif values.hasnans:
            columns[shown] = pd.Series(["—" if _missing(v) else str(columns_.text_cell(str(name), v, lang))
                                        for v in values.tolist()], index=frame.index, dtype=object)
        elif lang != DEFAULT_LANG and not (pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values)):
            columns[shown] = pd.Series([columns_.text_cell(str(name), v, lang) for v in values.tolist()],
                                       index=frame.index, dtype=object)
        else:
            columns[shown] = values
    out = pd.DataFrame(columns, index=frame.index)
    out.attrs[_DISPLAYED] = True
    out.attrs[_NUMERIC] = [name for name, values in columns.items()
                           if len(frame) and all(columns_.is_number(v) for v in list(values))]
    return out


def numeric_columns(table: pd.DataFrame | pa.Table) -> list[str]:
    """The columns of a :func:`displayed` frame (or its Arrow table) whose text cells are all numbers or dashes:
    found once, when the table is formatted and cached, so a rerun only reads them."""
    if isinstance(table, pa.Table):
        stored = (table.schema.metadata or {}).get(_NUMERIC.encode())
        return json.loads(stored) if stored else []
    return list(table.attrs.get(_NUMERIC, []))


def is_displayed(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` (or the frame it was filtered from) came from :func:`displayed`."""
    return bool(frame.attrs.get(_DISPLAYED))
