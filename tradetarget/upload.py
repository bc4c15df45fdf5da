"""Validate a user's uploaded CSV: our own turnover schema or a UN Comtrade export.

Everything here is pure: bytes in, a typed frame (the shape of ``parse_csv(..., "turnover.csv")`` plus an
``origin`` column) out, or a :class:`~tradetarget.data.DataError` whose message starts with the file name.
Nothing is evaluated, unpickled or executed; text cells (even ``<script>`` or ``=HYPERLINK(...)``) stay text.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import math
import re
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from tradetarget import wording
from tradetarget.data import MAX_USD_BN, DataError, Dataset, parse_csv, parse_period, where
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


@dataclass(frozen=True)
class Upload:
    """A validated upload: ``frame`` has the turnover columns plus ``origin``."""

    frame: pd.DataFrame
    kind: str  # "tradetarget" or "comtrade"
    warnings: tuple[str, ...] = ()


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
) -> Upload:
    """Validate uploaded bytes; raise only :class:`DataError`, its message starting with the file name.

    Problems and warnings are told in ``lang``."""
    name = _display_name(filename)
    t = messages(lang)
    try:
        return _parse(bytes(data), name, today or date.today(), max_bytes, max_rows, t)
    except DataError:
        raise
    except Exception as exc:  # a safety net: the UI must only ever see a DataError
        raise DataError(where(t, name, t("export.upload.unreadable", error=type(exc).__name__))) from None


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


def apply(dataset: Dataset, upload: Upload) -> Dataset:
    """The dataset with the upload merged into its turnover (see :func:`merge`); nothing else changes."""
    return replace(dataset, turnover=merge(dataset.turnover, upload.frame))


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


def _parse(data: bytes, name: str, today: date, max_bytes: int, max_rows: int, t: Messages) -> Upload:
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
        kind = "comtrade"
    else:
        frame, warnings = _parse_ours(rows, delimiter != ",", name, today, t), ()
        kind = "tradetarget"
    frame = frame.assign(**{c: frame[c].astype("float64") for c in _NUMERIC}, origin="user-supplied")
    return Upload(frame=frame, kind=kind, warnings=tuple(warnings))


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


def _parse_ours(rows: list[list[str]], decimal_comma: bool, name: str, today: date,
                t: Messages | None = None) -> pd.DataFrame:
    """Our schema: normalise decimal commas, then let ``parse_csv`` do all the validation."""
    if decimal_comma:
        numeric = {i for i, h in enumerate(rows[0]) if h.strip() in _NUMERIC}
        rows = [rows[0]] + [[_decimal_point(c) if i in numeric else c for i, c in enumerate(r)] for r in rows[1:]]
    return _validated(rows, name, today, t)


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
