"""Validate a user's uploaded CSV (our own turnover schema or a UN Comtrade export), and keep it from quietly
rewriting the verdict.

Everything here is pure: bytes in, a typed frame (the shape of ``parse_csv(..., "turnover.csv")`` plus an
``origin`` column) out, or a :class:`~tradetarget.data.DataError` whose message starts with the file name.
Nothing is evaluated, unpickled or executed; text cells (even ``<script>`` or ``=HYPERLINK(...)``) stay text.

The rules an uploaded figure passes before it feeds any answer (the command line and, later, ``add`` use the same
functions):

* **Units.** Values are given in US$ billions, 亿美元 (US$ 100 million) or US$ millions: a ``unit`` chosen for the
  file, or a ``unit`` column row by row. They are converted to billions before anything else (:func:`parse_upload`).
* **Time.** A period that has not ended, and a publication date after today, are refused
  (:mod:`tradetarget.clock`, checked in :func:`tradetarget.data.parse_csv` and again in :func:`check_rows`).
* **Plausibility.** :func:`check_rows` holds back a row that implies a change beyond +100% / −50% a year on the
  same source's previous figure, or is more than 3× or less than ⅓ of the other source's figure for the same
  period, naming the ratio and the likely unit slip. A held-back row is used only when accepted explicitly
  (:func:`apply`'s ``use_anyway``).
* **Told everywhere.** :func:`notice` is the one sentence every page banner and export carries while uploaded
  figures are in use.
* **Optional means optional.** ``source``, ``period``, the value and ``url`` are enough: a missing ``status`` reads
  "reported", a missing ``published`` "n.d.", other optional columns empty.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from tradetarget import clock, wording
from tradetarget.data import MAX_USD_BN, SCHEMAS, SOURCES, DataError, Dataset, parse_csv, parse_period, where
from tradetarget.i18n import DEFAULT_LANG, Messages, messages

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

_MB = 1024 * 1024
_LABEL = "turnover.csv"
_NUMERIC = ("turnover_usd_bn", "exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn", "growth_pct_stated")
_MAGIC = (  # the start of a binary file -> what it is (catalogue key export.upload.magic.<what>)
    (b"\x89PNG", "png"),
    (b"PK\x03\x04", "xlsx"),
    (b"PK\x05\x06", "zip"),
    (b"%PDF", "pdf"),
    (b"\xd0\xcf\x11\xe0", "office"),
    (b"GIF8", "gif"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x1f\x8b", "gzip"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DECIMAL_COMMA = re.compile(r"^[-+]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$")
_COMTRADE_PERIOD = re.compile(r"^([0-9]{4})([0-9]{2})?$")

# Comtrade Plus (camelCase) and legacy comtrade.un.org ("Trade Value (US$)") headers, compared after
# lower-casing and dropping everything but letters and digits, so "Reporter ISO" == "reporterISO".
_ALIASES = {
    "reporter": ("reporteriso", "reportercode", "reporterdesc", "reporter"),
    "partner": ("partneriso", "partnercode", "partnerdesc", "partner"),
    "flow": ("flowcode", "tradeflowcode", "flowdesc", "tradeflow"),
    "period": ("period",),
    "commodity": ("cmdcode", "commoditycode"),
    "value": ("primaryvalue", "tradevalueus"),
}
_BREAKDOWNS = {  # column -> the value meaning "all" (an empty cell also means "all")
    "partner2code": "0", "2ndpartnercode": "0", "motcode": "0", "modeoftransportcode": "0",
    "customscode": "C00", "customsproccode": "C00",
}
_COUNTRIES = {"CHN": "CHN", "156": "CHN", "CHINA": "CHN", "KAZ": "KAZ", "398": "KAZ", "KAZAKHSTAN": "KAZ"}
_FLOWS = {"M": "M", "IMPORT": "M", "1": "M", "X": "X", "EXPORT": "X", "2": "X"}
_SOURCE = {"CHN": "GACC", "KAZ": "BNS"}
_EXPORT_FLOW = {"CHN": "M", "KAZ": "X"}  # the flow that is Kazakhstan's exports to China, per reporter
# Reporter names and flow words are catalogue keys: export.upload.country.<CHN|KAZ>, export.upload.flow.<M|X>.

_TEMPLATE = (
    "source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
    "status,url,source_kind,url_secondary,published,note\n"
    "GACC,2023,41.02,16.3,24.7,32.2,reported,http://666dongdong.cn/youxi/news/2761194.html,other,,~2024-07,"
    "Copy of a People's Daily note; split from wenewsenglish.pk; the KZ ambassador attributes $41bn to GACC.\n"
    "BNS,2023,31.4,14.7,,30,reported,https://en.trend.az/casia/kazakhstan/3879898.html,press,,2024-04-01,"
    "Growth stated against a 2022 base of $24.2bn; the imports figure was truncated in the excerpt "
    "and is not filled in.\n"
)


UNITS = ("usd_bn", "usd_100m", "usd_m")
"""The units an upload may be given in: US$ billions (the default), US$ 100 million (亿美元) and US$ millions."""
DEFAULT_UNIT = "usd_bn"
DOLLARS = "usd"
"""The unit of a UN Comtrade export's values (US dollars); no unit slip is suggested for those."""
_PER_BN = {"usd_bn": 1, "usd_100m": 10, "usd_m": 1000}
"""How many of each unit make one billion US dollars."""
_USD_COLUMNS = ("turnover_usd_bn", "exports_kz_to_cn_usd_bn", "imports_kz_from_cn_usd_bn")
_UNIT_WORDS = {
    "usd_bn": ("usdbn", "bn", "b", "billion", "billions", "usdbillion", "usdbillions", "usbn", "млрд", "млрддолл",
               "млрддолларов", "млрддоллар", "миллиард", "миллиардов", "十亿美元"),
    "usd_100m": ("usd100m", "100m", "100mn", "100million", "usd100million", "亿美元", "亿", "亿美金"),
    "usd_m": ("usdm", "m", "mn", "mln", "million", "millions", "usdmillion", "usdmillions", "usdmn", "usmn", "млн",
              "млндолл", "млндолларов", "млндоллар", "миллион", "миллионов", "百万美元", "百万"),
}
_UNIT_OF = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_VALUE_ALIASES = ("value", "turnover", "value_usd_bn", "turnover_usd")
"""Headers read as ``turnover_usd_bn`` when the file has no column of that name."""
_DEFAULTS = {"status": "reported", "published": "n.d."}
"""What an upload's missing or empty optional cells read as."""

MAX_RISE = 2.0
"""Hold back a figure more than twice the same source's previous one (a change above +100% a year)."""
MIN_FALL = 0.5
"""Hold back a figure less than half the same source's previous one (a change below −50% a year)."""
MAX_RATIO = 3.0
"""Hold back a figure more than 3× (or less than ⅓ of) the other source's figure for the same period."""


@dataclass(frozen=True)
class Upload:
    """A validated upload: ``frame`` has the turnover columns plus ``origin``, values in US$ billions."""

    frame: pd.DataFrame
    kind: str  # "tradetarget" or "comtrade"
    warnings: tuple[str, ...] = ()
    name: str = ""
    """The file's name as shown in messages."""
    entered: tuple[tuple[int, str, float], ...] = ()
    """(line, unit, turnover as typed) per row: the number before conversion to billions and its unit."""

    def entered_at(self, line: int) -> tuple[str, float | None]:
        """The unit a line's figure was given in and the number as typed (None if unknown)."""
        for number, unit, value in self.entered:
            if number == line:
                return unit, value
        return DEFAULT_UNIT, None


@dataclass(frozen=True)
class Finding:
    """One failed plausibility rule of a row: how it compares with another figure."""

    rule: str
    """"jump" (against the same source's previous figure) or "other_source" (the other source, same period)."""
    ratio: float
    """The row's value divided by the compared figure."""
    source: str
    period: str
    """The compared figure's period label ("2022", "Jan–Oct 2022")."""
    value: float
    """The compared figure, US$ bn."""
    years: int = 1
    """Years between the two figures (a jump is judged per year: ``ratio ** (1 / years)``)."""

    @property
    def change_pct(self) -> float:
        """The change a year the row implies (a jump), in percent."""
        return (self.ratio ** (1 / self.years) - 1) * 100


@dataclass(frozen=True)
class HeldBack:
    """A row held back by :func:`check_rows`: not used until accepted explicitly."""

    line: int
    source: str
    period: str
    value: float
    """The row's figure in US$ bn (after conversion)."""
    unit: str
    """The unit it was given in."""
    entered: float | None
    """The number as typed."""
    findings: tuple[Finding, ...]
    likely_unit: str | None
    """The unit the number was probably in (one of :data:`UNITS`), when a unit slip explains every finding."""

    @property
    def reason(self) -> str:
        return self.findings[0].rule

    @property
    def ratio(self) -> float:
        return self.findings[0].ratio

    @property
    def slip(self) -> float | None:
        """How many times too large the figure is under the likely slip (10: 亿美元 read as billions)."""
        if self.likely_unit is None or self.unit not in _PER_BN:
            return None
        return _PER_BN[self.likely_unit] / _PER_BN[self.unit]


@dataclass(frozen=True)
class Refused:
    """A row refused outright (no "use anyway"): its period has not ended, or it is published after today."""

    line: int
    source: str
    period: str
    reason: str
    """"not_ended" or "published_future"."""


@dataclass(frozen=True)
class Checked:
    """The outcome of :func:`check_rows`."""

    accepted: pd.DataFrame
    """The rows that passed, in the order given."""
    held_back: tuple[HeldBack, ...] = ()
    refused: tuple[Refused, ...] = ()

    def __iter__(self):
        """``accepted, held_back = check_rows(...)`` reads the two parts the pages and commands act on."""
        return iter((self.accepted, self.held_back))


def template_csv() -> bytes:
    """Header and two real rows (GACC 2023, BNS 2023) copied from ``data/turnover.csv``."""
    return _TEMPLATE.encode("utf-8")


def parse_upload(
    data: bytes,
    filename: str,
    today: date | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_rows: int = MAX_ROWS,
    lang: str = DEFAULT_LANG,
    unit: str = DEFAULT_UNIT,
) -> Upload:
    """Validate uploaded bytes; raise only :class:`DataError`, its message starting with the file name.

    ``unit`` (one of :data:`UNITS`) is what the file's values are in, unless its ``unit`` column says otherwise
    for a row; every value is converted to US$ billions before it is checked. ``today`` defaults to
    :func:`tradetarget.clock.today`. Problems and warnings are told in ``lang``."""
    name = _display_name(filename)
    t = messages(lang)
    if unit not in _PER_BN:
        raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    try:
        return _parse(bytes(data), name, today or clock.today(), max_bytes, max_rows, t, unit)
    except DataError:
        raise
    except Exception as exc:  # a safety net: the UI must only ever see a DataError
        raise DataError(where(t, name, t("export.upload.unreadable", error=type(exc).__name__))) from None


def unit_of(text: str) -> str | None:
    """The unit a cell names ("USD bn", "bn", "亿美元", "USD 100m", "млн", ...), or None."""
    return _UNIT_OF.get(re.sub(r"[\s_.$()（）,-]", "", str(text).strip().lower()))


def check_rows(existing: pd.DataFrame, uploaded: pd.DataFrame, today: date | None = None,
               unit: str = DEFAULT_UNIT) -> Checked:
    """Which uploaded turnover rows may feed an answer: the pure rule every way in uses (pages, command line, ``add``).

    ``existing``: the figures already in use (the shipped turnover); ``uploaded``: typed turnover rows (the shape of
    ``parse_csv``), optionally with a ``unit`` and an ``entered`` column (the unit and the number as typed; default
    ``unit``, values already in US$ bn). Rows are taken oldest period first; a row that passes joins the figures
    later rows are compared with (replacing an existing figure for the same source and period), a held-back one
    does not.

    * Refused (``refused``): a period that has not ended on ``today``, or a publication date after it.
    * Held back (``held_back``): a change beyond +100% or −50% a year on the same source's previous figure (for a
      calendar year, the latest earlier year, judged per year; for a shorter period, the same months a year before,
      and no such check without them), or a ratio above 3 or below ⅓ to the other source's figure for the same
      period.
    * Everything else is ``accepted`` (original order and columns, ``unit`` and ``entered`` dropped).
    """
    today = today or clock.today()
    figures: dict[tuple, tuple[float, str]] = {}
    years: dict[str, list[int]] = {}
    for row in existing.itertuples(index=False):
        key = (row.source, int(row.year), int(row.start_month), int(row.end_month))
        if key not in figures:
            figures[key] = (float(row.turnover_usd_bn), str(row.period))
            if key[2:] == (1, 12):
                years.setdefault(row.source, []).append(key[1])
    order = sorted(range(len(uploaded)), key=lambda i: (int(uploaded["year"].iloc[i]),
                                                        int(uploaded["end_month"].iloc[i]),
                                                        int(uploaded["start_month"].iloc[i])))
    keep, held, refused = [], [], []
    for i in order:
        row = uploaded.iloc[i]
        source, year, start, end = row["source"], int(row["year"]), int(row["start_month"]), int(row["end_month"])
        line = int(row["line"]) if "line" in row and pd.notna(row["line"]) else i + 2
        if not clock.period_ended(year, end, today):
            refused.append(Refused(line, source, str(row["period"]), "not_ended"))
            continue
        if not clock.published_by(row.get("published"), today):
            refused.append(Refused(line, source, str(row["period"]), "published_future"))
            continue
        value = float(row["turnover_usd_bn"])
        findings = []
        if (start, end) == (1, 12):
            earlier = [y for y in years.get(source, []) if y < year]
            previous = (source, max(earlier), 1, 12) if earlier else None
        else:
            previous = (source, year - 1, start, end) if (source, year - 1, start, end) in figures else None
        if previous is not None:
            then, label = figures[previous]
            finding = Finding("jump", value / then, source, label, then, year - previous[1])
            if not _passes(finding):
                findings.append(finding)
        for other in SOURCES:
            if other != source and (other, year, start, end) in figures:
                then, label = figures[(other, year, start, end)]
                finding = Finding("other_source", value / then, other, label, then)
                if not _passes(finding):
                    findings.append(finding)
        if findings:
            row_unit = str(row["unit"]) if "unit" in row and isinstance(row["unit"], str) else unit
            entered = float(row["entered"]) if "entered" in row and pd.notna(row["entered"]) else None
            held.append(HeldBack(line, source, str(row["period"]), value, row_unit, entered, tuple(findings),
                                 _likely_unit(row_unit, findings)))
            continue
        keep.append(i)
        if (source, year, start, end) not in figures and (start, end) == (1, 12):
            years.setdefault(source, []).append(year)
        figures[(source, year, start, end)] = (value, str(row["period"]))
    accepted = uploaded.iloc[sorted(keep)].drop(columns=["unit", "entered"], errors="ignore")
    return Checked(accepted, tuple(sorted(held, key=lambda h: h.line)), tuple(sorted(refused, key=lambda r: r.line)))


def _passes(finding: Finding, ratio: float | None = None) -> bool:
    ratio = finding.ratio if ratio is None else ratio
    if finding.rule == "jump":
        yearly = ratio ** (1 / max(finding.years, 1))
        return MIN_FALL <= yearly <= MAX_RISE
    return 1 / MAX_RATIO <= ratio <= MAX_RATIO


def _likely_unit(unit: str, findings: list[Finding]) -> str | None:
    """The unit under which every finding would pass (the closest fit if several do), or None."""
    if unit not in _PER_BN:
        return None
    best = None
    for candidate in UNITS:
        if candidate == unit:
            continue
        factor = _PER_BN[candidate] / _PER_BN[unit]
        corrected = [f.ratio / factor for f in findings]
        if all(_passes(f, r) for f, r in zip(findings, corrected, strict=True)):
            score = sum(abs(math.log(r)) for r in corrected)
            if best is None or score < best[0]:
                best = (score, candidate)
    return None if best is None else best[1]


def check(dataset: Dataset, parsed: Upload, today: date | None = None) -> Checked:
    """:func:`check_rows` of an upload against the dataset's own (shipped) turnover, with each row's unit."""
    base = dataset.turnover
    if "origin" in base:
        base = base[base["origin"] != "user-supplied"]
    frame = parsed.frame
    units = {line: (unit, value) for line, unit, value in parsed.entered}
    lines = frame["line"].tolist() if "line" in frame else []
    frame = frame.assign(unit=[units.get(line, (DEFAULT_UNIT, None))[0] for line in lines],
                         entered=[units.get(line, (DEFAULT_UNIT, None))[1] for line in lines])
    return check_rows(base, frame, today)


def in_use(parsed: Upload, checked: Checked, use_anyway: Iterable[int] = ()) -> pd.DataFrame:
    """The uploaded rows that feed the answers: those that passed, and held-back ones accepted by line."""
    chosen = {h.line for h in checked.held_back} & {int(line) for line in use_anyway}
    frame = parsed.frame
    if frame.empty:
        return frame
    passed = set(checked.accepted["line"]) if "line" in checked.accepted else set()
    return frame[frame["line"].isin(passed | chosen)]


def merge(shipped: pd.DataFrame, upload: pd.DataFrame) -> pd.DataFrame:
    """Shipped turnover rows (``origin`` "shipped") plus uploaded rows, sorted like ``data._to_frame``.

    An uploaded row with the same source and period (year, first and last month) as a shipped row
    replaces that shipped row: the user's newer figures win. Nothing else is changed or dropped.
    """
    base = shipped.assign(origin="shipped")
    if upload.empty:
        merged = base
    else:
        if "origin" not in upload:
            upload = upload.assign(origin="user-supplied")
        replaced = set(_keys(upload))
        merged = pd.concat([base[[k not in replaced for k in _keys(base)]], upload], ignore_index=True)
    merged = merged.sort_values(["source", "annual", "year", "end_month"], ascending=[True, False, True, True])
    return merged.reset_index(drop=True)


def apply(dataset: Dataset, upload: Upload, use_anyway: Iterable[int] = (), today: date | None = None) -> Dataset:
    """The dataset with the upload's usable rows merged into its turnover (see :func:`merge`): the rows that pass
    :func:`check`, and of the held-back ones only those whose line is in ``use_anyway``. The dataset names the file
    and the lines used despite a warning (:attr:`Dataset.upload_name`), so every export can say so (:func:`notice`).
    """
    checked = check(dataset, upload, today)
    rows = in_use(upload, checked, use_anyway)
    overridden = tuple(sorted({h.line for h in checked.held_back} & set(rows.get("line", ()))))
    return replace(dataset, turnover=merge(dataset.turnover, rows), upload_name=upload.name if len(rows) else "",
                   upload_overridden=overridden)


def unit_words(unit: str, lang: str = DEFAULT_LANG) -> str:
    """A unit as the uploader offers it: "USD bn (billions)", "USD 100m (亿美元)", "USD m (millions)"."""
    return messages(lang)(f"upload.unit.{unit}")


def _unit_short(t: Messages, unit: str) -> str:
    return t(f"upload.unit.short.{unit}")


def _figure(t: Messages, source: str, period: str) -> str:
    return t("upload.figure", source=source, period=wording.period(period, t.lang))


def _ratio(t: Messages, ratio: float) -> str:
    """13.2×, 0.13×, 0.0013× (two significant digits below 1)."""
    digits = 1 if ratio >= 0.95 else max(2, 1 - math.floor(math.log10(ratio)))
    return t("upload.ratio", ratio=t.num(ratio, digits))


def _factor(t: Messages, factor: float) -> str:
    """×10, ÷10, ×1,000 ..."""
    if factor >= 1:
        return t("upload.factor.up", factor=t.num(factor, 0))
    return t("upload.factor.down", factor=t.num(1 / factor, 0))


def _comparison(t: Messages, f: Finding) -> str:
    figure, value = _figure(t, f.source, f.period), t.money(f.value, None)
    if f.rule == "other_source":
        return t("upload.held.other", ratio=_ratio(t, f.ratio), figure=figure, value=value)
    change = t.pct(f.change_pct, 0, sign=True)
    if f.years == 1:
        return t("upload.held.jump", ratio=_ratio(t, f.ratio), figure=figure, value=value, change=change)
    return t.n("upload.held.jump_years", f.years, ratio=_ratio(t, f.ratio), figure=figure, value=value, change=change)


def slip_words(h: HeldBack, lang: str = DEFAULT_LANG) -> str:
    """The likely unit slip of a held-back row ("×10: looks like 亿美元 entered as billions"), or that none explains
    it."""
    t = messages(lang)
    if h.slip is None or h.likely_unit is None:
        return t("upload.held.no_slip")
    return t("upload.held.slip", factor=_factor(t, h.slip), likely=_unit_short(t, h.likely_unit),
             entered=_unit_short(t, h.unit))


def held_back_words(h: HeldBack, lang: str = DEFAULT_LANG) -> str:
    """Why a row is held back, naming the row, the ratio and the likely unit slip: "Line 2, GACC 2023: $412bn is
    13.2× GACC 2022 ($31.2bn), a change of +1,221% in a year. ×10: looks like 亿美元 entered as billions."."""
    t = messages(lang)
    entered = ""
    if h.entered is not None and h.unit in _PER_BN and h.unit != DEFAULT_UNIT:
        entered = t("upload.held.entered", number=_g(t, h.entered), unit=_unit_short(t, h.unit))
    first, *rest = [_comparison(t, f) for f in h.findings]
    comparisons = t("upload.held.both", first=first, second=rest[0]) if rest else first
    return t.full_stop(t("upload.held.row", line=str(h.line), figure=_figure(t, h.source, h.period),
                         value=t.money(h.value, None), entered=entered, comparisons=comparisons,
                         slip=slip_words(h, lang)))


def refused_words(r: Refused, lang: str = DEFAULT_LANG) -> str:
    """Why a row is refused outright (its period has not ended, or it is published after today)."""
    t = messages(lang)
    return t(f"upload.refused.{r.reason}", line=str(r.line), figure=_figure(t, r.source, r.period))


NOTICE_FIGURES = 8
"""At most this many uploaded figures are named in :func:`notice`; the rest are counted."""


def notice(dataset: Dataset, lang: str = DEFAULT_LANG, limit: int = NOTICE_FIGURES) -> str:
    """The one sentence every page and export carries while uploaded figures are in use (empty without them):
    "Includes 2 uploaded figures from 'mine.csv', not from the fact base: GACC 2023 (line 2, used despite a
    plausibility warning) and BNS 2024 (line 3)."."""
    rows = user_supplied(dataset)
    if rows.empty:
        return ""
    t = messages(lang)
    overridden = set(dataset.upload_overridden)
    lines = rows["line"].tolist() if "line" in rows else [None] * len(rows)
    figures = []
    for source, period, line in zip(rows["source"], rows["period"], lines, strict=True):
        figure = _figure(t, source, period)
        if line is not None and pd.notna(line):
            key = "upload.notice.overridden" if int(line) in overridden else "upload.notice.line"
            figure = t(key, figure=figure, line=str(int(line)))
        figures.append(figure)
    if len(figures) > limit:
        figures = [*figures[:limit], t.n("upload.notice.more", len(figures) - limit)]
    name = dataset.upload_name or t("upload.notice.unnamed")
    return t.n("upload.notice", len(rows), name=_quoted(t, name), figures=t.join(figures))


def _quoted(t: Messages, name: str) -> str:
    return repr(name) if t.lang == DEFAULT_LANG else t("ui.quoted", name=name)


def user_supplied(dataset: Dataset) -> pd.DataFrame:
    """The turnover rows that came from an upload (empty for the shipped data)."""
    frame = dataset.turnover
    if "origin" not in frame:
        return frame.iloc[0:0]
    return frame[frame["origin"] == "user-supplied"]


_GROUPS = {"label": r"(?P<file>.*?)", "line": r"(?P<line>\d+)", "column": r"(?P<column>[^'«»“”]*)",
           "problem": r"(?P<problem>.*)"}


@functools.lru_cache(maxsize=8)
def _problem_patterns(lang: str) -> tuple[re.Pattern, ...]:
    """The three forms of a placed problem (cell, line, file) in ``lang``, as patterns (from the catalogue)."""
    t = messages(lang)
    patterns = []
    for key in ("export.data.at.cell", "export.data.at.line", "export.data.at.file"):
        pattern = re.escape(t(key))
        for name, group in _GROUPS.items():
            pattern = pattern.replace(re.escape("{" + name + "}"), group)
        patterns.append(re.compile(f"^{pattern}$"))
    return tuple(patterns)


def problem_table(error: DataError, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """One row per problem in a validation message (told in ``lang``): line (None for the whole file), column,
    problem."""
    rows = []
    patterns = _problem_patterns(lang)
    for text in str(error).splitlines():
        m = next((m for m in (p.match(text) for p in patterns) if m is not None), None)
        if m is None:
            rows.append({"line": None, "column": None, "problem": text})
        else:
            groups = m.groupdict()
            line = groups.get("line")
            rows.append({"line": int(line) if line else None, "column": groups.get("column"),
                         "problem": groups["problem"]})
    return pd.DataFrame(rows, columns=["line", "column", "problem"]).astype({"line": "Int64"})


def _keys(frame: pd.DataFrame) -> list[tuple]:
    return list(zip(frame["source"], frame["year"], frame["start_month"], frame["end_month"], strict=True))


def _display_name(filename: str) -> str:
    """The base name of the upload, printable and short, for messages."""
    base = re.split(r"[\\/]", str(filename or ""))[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()[:80]
    return base or "upload"


def _g(t: Messages, value: float) -> str:
    """``value`` like ``f"{value:g}"``, with the language's decimal sign ("1", "0,5")."""
    text = f"{value:g}"
    return text if t.lang == DEFAULT_LANG else t.num(value, len(text.partition(".")[2]))


def _int(t: Messages, value: int) -> str:
    """A count: "5000" in English messages as before, "5 000" in ru/kk."""
    return str(value) if t.lang == DEFAULT_LANG else t.num(value, 0)


def _parse(data: bytes, name: str, today: date, max_bytes: int, max_rows: int, t: Messages,
           unit: str = DEFAULT_UNIT) -> Upload:
    if len(data) > max_bytes:
        size = f"{len(data) / _MB:.1f}" if t.lang == DEFAULT_LANG else t.num(len(data) / _MB, 1)
        raise DataError(where(t, name, t("export.upload.too_big", size=size, limit=_g(t, max_bytes / _MB))))
    text = _decode(data, name, t)
    if not text.strip():
        raise DataError(where(t, name, t("export.data.empty")))
    breaks = text.count("\n") or text.count("\r")
    lines = breaks + (0 if text.endswith(("\n", "\r")) else 1)
    if lines - 1 > max_rows:
        raise DataError(where(t, name, t("export.upload.too_many_rows", rows=_int(t, lines - 1),
                                         limit=_int(t, max_rows))))
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise DataError(where(t, name, t("export.data.not_csv", detail=str(exc)))) from None
    keys = [_key(h) for h in rows[0]]
    if {"primaryvalue", "tradevalueus", "reportercode", "reporteriso", "reporterdesc", "reporter"} & set(keys):
        frame, warnings = _parse_comtrade(rows, keys, delimiter != ",", name, today, t)
        if unit != DEFAULT_UNIT:  # a Comtrade export is in US dollars whatever the choice
            warnings = [*warnings, where(t, name, t("upload.unit.comtrade"))]
        entered = tuple((int(line), DOLLARS, float(v) * 1e9) for line, v in zip(frame["line"], frame["turnover_usd_bn"],
                                                                                strict=True))
        kind = "comtrade"
    else:
        rows = _decimal_points(_complete(rows), delimiter != ",")
        rows, entered = _in_billions(rows, unit, name, t)
        frame, warnings = _validated(rows, name, today, t), ()
        kind = "tradetarget"
    frame = frame.assign(**{c: frame[c].astype("float64") for c in _NUMERIC}, origin="user-supplied")
    return Upload(frame=frame, kind=kind, warnings=tuple(warnings), name=name, entered=entered)


def _complete(rows: list[list[str]]) -> list[list[str]]:
    """Optional means optional: the value column under another common name, and every optional column the file
    leaves out (or leaves empty) filled in (``status`` "reported", ``published`` "n.d.", the rest empty)."""
    header = [h.strip() for h in rows[0]]
    if "turnover_usd_bn" not in header:
        alias = next((i for i, h in enumerate(header) if h.lower() in _VALUE_ALIASES), None)
        if alias is not None:
            header[alias] = "turnover_usd_bn"
    present = set(header)
    added = [c.name for c in SCHEMAS["turnover.csv"] if c.name not in present and not c.may_omit
             and (not c.required or c.name in _DEFAULTS)]
    if not added and not any(c in present for c in _DEFAULTS):
        return [header, *rows[1:]]
    at = {c: header.index(c) for c in _DEFAULTS if c in present}
    out = [header + added]
    for raw in rows[1:]:
        cells = list(raw)
        if any(cell.strip() for cell in raw) and len(raw) == len(header):
            for column, i in at.items():
                if not cells[i].strip():
                    cells[i] = _DEFAULTS[column]
            cells += [_DEFAULTS.get(c, "") for c in added]
        elif any(cell.strip() for cell in raw):
            cells += [""] * len(added)  # a short or long row: parse_csv names it with the expected count
        out.append(cells)
    return out


def _number(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _in_billions(rows: list[list[str]], unit: str, name: str, t: Messages) -> tuple[list[list[str]],
                                                                                   tuple[tuple[int, str, float], ...]]:
    """Every US$ value in billions: each row's ``unit`` cell (if the file has that column and the cell is not empty)
    or else ``unit``. Returns the rows to validate and (line, unit, turnover as typed) per row; an unknown unit is a
    :class:`DataError` naming its line."""
    header = rows[0]
    unit_at = next((i for i, h in enumerate(header) if h.strip().lower() == "unit"), None)
    usd = [i for i, h in enumerate(header) if h in _USD_COLUMNS]
    turnover = header.index("turnover_usd_bn") if "turnover_usd_bn" in header else None
    out, entered, errors = [header], [], []
    for offset, raw in enumerate(rows[1:]):
        line = offset + 2
        if not any(cell.strip() for cell in raw) or len(raw) != len(header):
            out.append(raw)
            continue
        row_unit = unit
        if unit_at is not None and raw[unit_at].strip():
            row_unit = unit_of(raw[unit_at])
            if row_unit is None:
                allowed = ", ".join(t(f"upload.unit.{u}") for u in UNITS)
                errors.append(where(t, name, t("upload.unit.unknown", value=raw[unit_at].strip(), allowed=allowed),
                                    line, header[unit_at].strip()))
                out.append(raw)
                continue
        cells = list(raw)
        for i in usd:
            number = _number(cells[i].strip())
            if number is not None and row_unit != DEFAULT_UNIT:
                cells[i] = repr(number / _PER_BN[row_unit])
        typed = _number(raw[turnover].strip()) if turnover is not None else None
        if typed is not None:
            entered.append((line, row_unit, typed))
        out.append(cells)
    if errors:
        raise DataError("\n".join(errors))
    return out, tuple(entered)


def _decode(data: bytes, name: str, t: Messages | None = None) -> str:
    """Bytes to text: UTF-16 with a BOM, else UTF-8 (BOM optional), else cp1252/Latin-1; refuse binary."""
    t = t or messages(DEFAULT_LANG)
    if not data.strip():
        raise DataError(where(t, name, t("export.data.empty")))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DataError(where(t, name, t("export.upload.binary_kind", what=t(f"export.upload.magic.{what}"))))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(where(t, name, t("export.upload.utf16"))) from None
    elif b"\x00" in data:
        raise DataError(where(t, name, t("export.upload.binary")))
    else:
        body = data.removeprefix(codecs.BOM_UTF8)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = body.decode("cp1252")
            except UnicodeDecodeError:
                text = body.decode("latin-1")
    if _CONTROL.search(text):
        raise DataError(where(t, name, t("export.upload.control")))
    return text.lstrip("\ufeff")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _code(text: str, table: dict[str, str]) -> str | None:
    """Look up a Comtrade code or name, accepting numbers saved as ``156.0`` by a spreadsheet."""
    return table.get(re.sub(r"\.0+$", "", text).upper())


def _decimal_point(cell: str) -> str:
    """``31,2`` -> ``31.2`` and ``1.234,5`` -> ``1234.5`` (for semicolon- or tab-separated files)."""
    cell = cell.strip()
    return cell.replace(".", "").replace(",", ".") if _DECIMAL_COMMA.match(cell) else cell


def _relabel(exc: DataError, name: str, t: Messages | None = None) -> DataError:
    """Rewrite parse_csv's 'turnover.csv' prefix on every line to the uploaded file's name."""
    t = t or messages(DEFAULT_LANG)
    lines = str(exc).split("\n")
    text = "\n".join(name + line[len(_LABEL):] if line.startswith(_LABEL) else line for line in lines)
    if exc.kind == "missing_columns":
        text += t("export.upload.expected_columns")
    return DataError(text, kind=exc.kind)


def _validated(rows: list[list[str]], name: str, today: date, t: Messages | None = None) -> pd.DataFrame:
    t = t or messages(DEFAULT_LANG)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    try:
        return parse_csv(buffer.getvalue().encode("utf-8"), _LABEL, today, lang=t.lang)
    except DataError as exc:
        raise _relabel(exc, name, t) from None


def _decimal_points(rows: list[list[str]], decimal_comma: bool) -> list[list[str]]:
    """Our schema from a semicolon- or tab-separated file: decimal commas in the number columns become points
    (``parse_csv`` then does all the validation)."""
    if not decimal_comma:
        return rows
    numeric = {i for i, h in enumerate(rows[0]) if h.strip() in _NUMERIC}
    return [rows[0]] + [[_decimal_point(c) if i in numeric else c for i, c in enumerate(r)] for r in rows[1:]]


def _lines(numbers: list[int], t: Messages | None = None) -> str:
    t = t or messages(DEFAULT_LANG)
    shown = ", ".join(str(n) for n in numbers[:5]) + (", …" if len(numbers) > 5 else "")
    return t.n("export.upload.lines", len(numbers), numbers=shown)


_REASONS = ("reporter", "partner", "commodity", "flow", "breakdown")
"""Why a Comtrade row is skipped (catalogue key export.upload.skip.<reason>), in the order they are checked."""


def _parse_comtrade(
    rows: list[list[str]], keys: list[str], decimal_comma: bool, name: str, today: date, t: Messages | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """A UN Comtrade export: sum imports and exports of China<->Kazakhstan TOTAL trade per reporter and period."""
    t = t or messages(DEFAULT_LANG)
    header = [h.strip() for h in rows[0]]
    present = {field: [k for k in aliases if k in keys] for field, aliases in _ALIASES.items()}
    missing = [aliases[0] for field, aliases in _ALIASES.items() if not present[field]]
    if missing:
        raise DataError(where(t, name, t("export.upload.comtrade_missing", columns=", ".join(missing))))
    original = dict(zip(keys, header, strict=True))
    skipped: dict[str, list[int]] = {}
    flows: dict[tuple[str, str], dict[str, tuple[float, int]]] = {}
    for offset, raw in enumerate(rows[1:]):
        line = offset + 2
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(keys):
            raise DataError(where(t, name, t("export.data.fields", expected=str(len(keys)), found=str(len(raw))), line))
        cells = dict(zip(keys, (c.strip() for c in raw), strict=True))
        given = {field: next((cells[k] for k in ks if cells[k]), "") for field, ks in present.items()}
        reporter, partner, flow = (_code(given[f], table) for f, table in
                                   (("reporter", _COUNTRIES), ("partner", _COUNTRIES), ("flow", _FLOWS)))
        reason = (
            "reporter" if reporter is None
            else "partner" if partner is None or partner == reporter
            else "commodity" if given["commodity"].upper() != "TOTAL"
            else "flow" if flow is None
            else "breakdown" if any(cells.get(k, "") not in ("", v) for k, v in _BREAKDOWNS.items())
            else None
        )
        if reason:
            skipped.setdefault(reason, []).append(line)
            continue
        period = _comtrade_period(cells["period"], original["period"], line, name, today, t)
        value = _comtrade_value(given["value"], original[present["value"][0]], decimal_comma, line, name, t)
        seen = flows.setdefault((reporter, period), {})
        if flow in seen:
            raise DataError(where(t, name, t("export.upload.duplicate", other=str(seen[flow][1]),
                                             country=t(f"export.upload.country.{reporter}"),
                                             flow=t(f"export.upload.flow.{flow}"), period=cells["period"]), line))
        seen[flow] = (value, line)

    warnings = [where(t, name, t.n("export.upload.skipped", len(lines), reason=t(f"export.upload.skip.{reason}"),
                                   lines=_lines(lines, t)))
                for reason, lines in skipped.items()]
    if not flows:
        raise DataError(where(t, name, t.n("export.upload.no_usable", sum(map(len, skipped.values())))))
    records, first_line = [], {}
    for (reporter, period), by_flow in flows.items():
        lines = sorted(line for _, line in by_flow.values())
        for flow in ("M", "X"):
            if flow not in by_flow:
                raise DataError(where(t, name, t("export.upload.missing_flow", flow=t(f"export.upload.flow.{flow}"),
                                                 country=t(f"export.upload.country.{reporter}"),
                                                 period=wording.period(parse_period(period, today).label, t.lang)),
                                            lines[0]))
        exports = by_flow[_EXPORT_FLOW[reporter]][0]
        imports = by_flow["X" if _EXPORT_FLOW[reporter] == "M" else "M"][0]
        source = _SOURCE[reporter]
        first_line[(source, period)] = lines[0]
        records.append([source, period, repr((exports + imports) / 1e9), repr(exports / 1e9), repr(imports / 1e9),
                        "", "reported", "https://comtradeplus.un.org/", "", "", today.isoformat(),
                        "UN Comtrade export"])
    frame = _validated([_TEMPLATE.splitlines()[0].split(","), *records], name, today, t)
    periods = [f"{y}" if a else f"{y}-{s:02d}..{y}-{e:02d}" for y, s, e, a in
               zip(frame["year"], frame["start_month"], frame["end_month"], frame["annual"], strict=True)]
    frame = frame.assign(
        line=[first_line[(src, p)] for src, p in zip(frame["source"], periods, strict=True)],
        url=f"user upload: {name}",
    )
    return frame, warnings


def _comtrade_period(raw: str, column: str, line: int, name: str, today: date, t: Messages | None = None) -> str:
    """``2023`` -> ``2023``; ``202310`` -> ``2023-10..2023-10`` (one month), checked like our periods."""
    t = t or messages(DEFAULT_LANG)

    def fail(problem: str) -> DataError:
        return DataError(where(t, name, problem, line, column))

    match = _COMTRADE_PERIOD.match(raw)
    if not match:
        raise fail(t("export.upload.period", value=raw))
    year, month = match.group(1), match.group(2)
    if month is not None and not 1 <= int(month) <= 12:
        raise fail(t("export.upload.month", value=raw, month=month))
    period = year if month is None else f"{year}-{month}..{year}-{month}"
    try:
        parse_period(period, today, t.lang, shown=raw)
    except ValueError as exc:
        raise fail(str(exc)) from None
    return period


def _comtrade_value(raw: str, column: str, decimal_comma: bool, line: int, name: str,
                    t: Messages | None = None) -> float:
    """A trade value in US dollars: a positive, finite number below MAX_USD_BN billion."""
    t = t or messages(DEFAULT_LANG)

    def fail(key: str) -> DataError:
        return DataError(where(t, name, t(key, value=raw), line, column))

    if not raw:
        raise DataError(where(t, name, t("export.data.required"), line, column))
    try:
        value = float(_decimal_point(raw) if decimal_comma else raw)
    except ValueError:
        raise fail("export.data.not_number") from None
    if not math.isfinite(value):
        raise fail("export.data.not_finite")
    if value <= 0:
        raise fail("export.upload.not_positive")
    if value / 1e9 > MAX_USD_BN:
        raise fail("export.upload.too_large")
    return value
