"""Refresh from UN Comtrade with its official client, ``comtradeapicall``, into ``data/comtrade.csv``.

Both reporters are read with each other as partner: China (156) gives the China-side series (shown as GACC) and
Kazakhstan (398) the Kazakh-side one (BNS), total goods (``cmdCode`` TOTAL), imports and exports, annual and with
``monthly`` monthly. The client's records are checked and summed by the same code as a UN Comtrade upload
(:func:`tradetarget.upload.parse_upload`), then written as rows of ``turnover.csv``'s shape: source kind
``official``, the query as the URL, the retrieval day as the publication date.

Comtrade can differ from the national releases, so :func:`merge` lets a hand-sourced figure for the same source and
period always win; :func:`differences` lists where the two disagree, for the Data page. Without
``COMTRADE_API_KEY`` the public preview endpoint is used, with it the full one. The client prints its errors and
returns nothing; any such failure (offline, refused, an API error) becomes one :class:`ComtradeError`, and
nothing in ``data/`` changes. The standard ``HTTPS_PROXY`` setting is passed to the client as its proxy.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import tempfile
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from tradetarget import upload
from tradetarget.data import DataError, Dataset, parse_csv
from tradetarget.i18n import DEFAULT_LANG, messages

FILE = "comtrade.csv"
KEY_ENV = "COMTRADE_API_KEY"
REPORTERS = {"GACC": ("156", "398"), "BNS": ("398", "156")}
"""Each series' reporter and partner (M49 codes): China's own records, Kazakhstan's own records."""
PREVIEW_URL = "https://comtradeapi.un.org/public/v1/preview/C/{freq}/HS"
FULL_URL = "https://comtradeapi.un.org/data/v1/get/C/{freq}/HS"
HEADER = ("source,period,turnover_usd_bn,exports_kz_to_cn_usd_bn,imports_kz_from_cn_usd_bn,growth_pct_stated,"
          "status,url,source_kind,url_secondary,published,note,superseded")
PER_CALL = 12
"""Periods asked for in one call (the preview endpoint's own limit)."""


class ComtradeError(RuntimeError):
    """UN Comtrade could not be read: offline, refused, an API error, or nothing usable came back."""


def periods(freq: str, first_year: int, today: date) -> list[str]:
    """The periods that have ended by ``today``: years ``2023``, or months ``202301`` (``freq`` "A" or "M")."""
    if freq == "A":
        return [str(y) for y in range(first_year, today.year)]
    return [f"{y}{m:02d}" for y in range(first_year, today.year + 1) for m in range(1, 13)
            if (y, m) < (today.year, today.month)]


def query_url(freq: str, reporter: str, partner: str, chunk: list[str], full: bool) -> str:
    """The request as a URL: what a figure cites (never the key)."""
    params = {"reporterCode": reporter, "partnerCode": partner, "period": ",".join(chunk), "cmdCode": "TOTAL",
              "flowCode": "M,X", "partner2Code": "0", "customsCode": "C00", "motCode": "0"}
    return (FULL_URL if full else PREVIEW_URL).format(freq=freq) + "?" + urlencode(params)


def fetch(freq: str, first_year: int, today: date, key: str | None = None, proxy: str | None = None,
          client=None, lang: str = DEFAULT_LANG) -> tuple[pd.DataFrame, dict[tuple[str, str], str]]:
    """Every record for both reporters (the client's own columns), and the query URL of each (reporter, period)."""
    if client is None:
        import comtradeapicall as client
    t = messages(lang)
    frames, urls = [], {}
    wanted = periods(freq, first_year, today)
    if not wanted:
        raise ComtradeError(t("comtrade.error.no_periods", year=str(first_year)))
    for source, (reporter, partner) in REPORTERS.items():
        for start in range(0, len(wanted), PER_CALL):
            chunk = wanted[start:start + PER_CALL]
            args = dict(typeCode="C", freqCode=freq, clCode="HS", period=",".join(chunk), reporterCode=reporter,
                        cmdCode="TOTAL", flowCode="M,X", partnerCode=partner, partner2Code="0", customsCode="C00",
                        motCode="0", maxRecords=500, includeDesc=True, proxy_url=proxy)
            said = io.StringIO()
            quiet = logging.getLogger("urllib3")
            level = quiet.level
            quiet.setLevel(logging.ERROR)  # its retry warnings would add lines to the one the reader gets
            try:
                with contextlib.redirect_stdout(said):
                    frame = client.getFinalData(key, **args) if key else client.previewFinalData(**args)
            except Exception as exc:
                raise ComtradeError(t("comtrade.error.api", source=source, reason=_short(str(exc)))) from None
            finally:
                quiet.setLevel(level)
            if frame is None:
                told = said.getvalue()
                reason = (t("comtrade.error.offline", host=proxy or "comtradeapi.un.org")
                          if told.startswith("Request error") else _short(told) or t("comtrade.error.no_answer"))
                raise ComtradeError(t("comtrade.error.api", source=source, reason=reason))
            frames.append(frame)
            for period in chunk:
                urls[(source, period)] = query_url(freq, reporter, partner, chunk, bool(key))
    records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if records.empty:
        raise ComtradeError(t("comtrade.error.empty"))
    return records, urls


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= 160 else line[:157] + "…"


def rows(records: pd.DataFrame, urls: dict[tuple[str, str], str], today: date,
         lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The records summed per reporter and period into turnover rows (by the upload's UN Comtrade reader)."""
    t = messages(lang)
    try:
        parsed = upload.parse_upload(records.to_csv(index=False).encode(), "UN Comtrade", today, lang=lang)
    except DataError as exc:
        raise ComtradeError(t("comtrade.error.records", reason=_short(str(exc).splitlines()[0]))) from None
    frame = parsed.frame
    keys = [f"{y}" if a else f"{y}{e:02d}" for y, e, a in zip(frame["year"], frame["end_month"], frame["annual"],
                                                              strict=True)]
    reporter = {source: codes[0] for source, codes in REPORTERS.items()}
    return pd.DataFrame({
        "source": frame["source"],
        "period": _raw_periods(frame),
        "turnover_usd_bn": frame["turnover_usd_bn"].round(6),
        "exports_kz_to_cn_usd_bn": frame["exports_kz_to_cn_usd_bn"].round(6),
        "imports_kz_from_cn_usd_bn": frame["imports_kz_from_cn_usd_bn"].round(6),
        "url": [urls.get((s, k), "") for s, k in zip(frame["source"], keys, strict=True)],
        "note": [f"UN Comtrade, reporter {reporter[s]}, partner {REPORTERS[s][1]}; retrieved {today.isoformat()}"
                 for s in frame["source"]],
        "published": today.isoformat(),
    }).sort_values(["source", "period"]).reset_index(drop=True)


def csv_text(frame: pd.DataFrame) -> str:
    """``data/comtrade.csv``: turnover.csv's columns, sorted by source and period, one line per figure."""
    out = io.StringIO()
    table = pd.DataFrame({
        "source": frame["source"], "period": frame["period"],
        "turnover_usd_bn": frame["turnover_usd_bn"].map(lambda v: format(v, ".12g")),
        "exports_kz_to_cn_usd_bn": frame["exports_kz_to_cn_usd_bn"].map(lambda v: format(v, ".12g")),
        "imports_kz_from_cn_usd_bn": frame["imports_kz_from_cn_usd_bn"].map(lambda v: format(v, ".12g")),
        "growth_pct_stated": "", "status": "reported", "url": frame["url"], "source_kind": "official",
        "url_secondary": "", "published": frame["published"], "note": frame["note"], "superseded": ""})
    table.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def refresh(folder: Path, freq: str = "A", first_year: int = 2010, today: date | None = None,
            key: str | None = None, proxy: str | None = None, client=None, lang: str = DEFAULT_LANG) -> Path:
    """Read UN Comtrade and replace ``folder/comtrade.csv`` (written whole, then renamed: on any failure the folder
    is as it was). Annual and monthly figures live side by side: a refresh keeps the other frequency's rows."""
    from tradetarget import clock

    today = today or clock.today()
    key = key if key is not None else os.environ.get(KEY_ENV) or None
    proxy = proxy if proxy is not None else (os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy") or None)
    records, urls = fetch(freq, first_year, today, key, proxy, client, lang)
    new = rows(records, urls, today, lang)
    path = Path(folder) / FILE
    if path.exists():
        old = load(path, today, lang)
        keep = old[~old["annual"]] if freq == "A" else old[old["annual"]]
        keep = keep.assign(period=_raw_periods(keep))[list(new.columns)]
        new = pd.concat([keep, new], ignore_index=True).sort_values(["source", "period"])
    text = csv_text(new)
    parse(text.encode(), today, lang)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".comtrade-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def parse(data: bytes, today: date | None = None, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Validate comtrade.csv's bytes by turnover.csv's rules (messages name comtrade.csv)."""
    try:
        return parse_csv(data, "turnover.csv", today, lang, shipped=True)
    except DataError as exc:
        raise DataError(str(exc).replace("turnover.csv", f"data/{FILE}")) from None


def load(path: Path, today: date | None = None, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """``comtrade.csv`` validated, in the loaded turnover frame's shape (period labels such as "Jan–Oct 2025")."""
    return parse(Path(path).read_bytes(), today, lang)


def _raw_periods(frame: pd.DataFrame) -> list[str]:
    return [f"{y}" if a else f"{y}-{s:02d}..{y}-{e:02d}" for y, s, e, a in
            zip(frame["year"], frame["start_month"], frame["end_month"], frame["annual"], strict=True)]


def merge(turnover: pd.DataFrame, comtrade: pd.DataFrame) -> pd.DataFrame:
    """The hand-sourced figures and, for a source and period none of them covers, UN Comtrade's."""
    if comtrade.empty:
        return turnover
    have = set(zip(turnover["source"], turnover["period"], strict=True))
    extra = comtrade[[(s, p) not in have for s, p in zip(comtrade["source"], comtrade["period"], strict=True)]]
    if extra.empty:
        return turnover
    merged = pd.concat([turnover, extra[turnover.columns.intersection(extra.columns)]], ignore_index=True)
    return merged.sort_values(["source", "annual", "year", "end_month"],
                              ascending=[True, False, True, True]).reset_index(drop=True)


def differences(dataset: Dataset, tolerance: float = 0.05) -> pd.DataFrame:
    """Where a hand-sourced figure and UN Comtrade's differ for the same source and period (USD bn)."""
    comtrade = dataset.comtrade
    columns = ["source", "period", "hand_usd_bn", "comtrade_usd_bn", "difference_usd_bn", "url", "comtrade_url"]
    if comtrade is None or comtrade.empty:
        return pd.DataFrame(columns=columns)
    hand = dataset.turnover[~dataset.turnover["url"].isin(set(comtrade["url"]))]
    both = hand.merge(comtrade, on=["source", "period"], suffixes=("", "_ct"))
    both = both[(both["turnover_usd_bn"] - both["turnover_usd_bn_ct"]).abs() > tolerance]
    return pd.DataFrame({"source": both["source"], "period": both["period"], "hand_usd_bn": both["turnover_usd_bn"],
                         "comtrade_usd_bn": both["turnover_usd_bn_ct"],
                         "difference_usd_bn": both["turnover_usd_bn_ct"] - both["turnover_usd_bn"],
                         "url": both["url"], "comtrade_url": both["url_ct"]}, columns=columns).reset_index(drop=True)
