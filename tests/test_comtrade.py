"""``refresh comtrade`` (issue 22, item 2): recorded responses through a mocked transport, never the network."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import urllib3

from tradetarget import comtrade
from tradetarget.cli import main
from tradetarget.data import DATA_DIR, load_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "comtrade"
TODAY = "2026-12-05"


class _Response:
    def __init__(self, status: int, body: bytes):
        self.status, self.data = status, body


@pytest.fixture(autouse=True)
def _offline_by_default(monkeypatch):
    """No test reaches the real host: any proxy-less request fails unless a test records a transport."""
    monkeypatch.setenv("TRADETARGET_TODAY", TODAY)
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    monkeypatch.delenv("https_proxy", raising=False)

    def refuse(self, method, url, fields=None, **kw):
        raise AssertionError(f"a test tried the network: {url}")

    monkeypatch.setattr(urllib3.PoolManager, "request", refuse)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def recorded(monkeypatch):
    """The transport comtradeapicall really uses (urllib3's PoolManager.request), answering from recordings."""
    calls: list[tuple[str, dict]] = []

    def answer(self, method, url, fields=None, **kw):
        calls.append((url, dict(fields or {})))
        freq = "annual" if "/C/A/" in url else "monthly"
        body = json.loads((FIXTURES / f"{freq}_{fields['reportercode']}.json").read_text())
        asked = set(fields["period"].split(","))  # the API answers only the periods asked for
        body["data"] = [r for r in body["data"] if r["period"] in asked]
        body["count"] = len(body["data"])
        return _Response(200, json.dumps(body).encode())

    monkeypatch.setattr(urllib3.PoolManager, "request", answer)
    return calls


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_annual_refresh_reads_both_reporters_and_writes_comtrade_csv(folder, recorded, capsys):
    assert main(["refresh", "comtrade", "--from", "2019", "--data-dir", str(folder)]) == 0
    assert "Wrote" in capsys.readouterr().out
    urls = {url for url, _ in recorded}
    assert urls == {"https://comtradeapi.un.org/public/v1/preview/C/A/HS"}  # no key: the public preview endpoint
    asked = {(f["reportercode"], f["partnerCode"]) for _, f in recorded}
    assert asked == {("156", "398"), ("398", "156")}
    assert all(f["cmdCode"] == "TOTAL" and f["flowCode"] == "M,X" and "subscription-key" not in f for _, f in recorded)
    text = (folder / "comtrade.csv").read_text()
    lines = text.splitlines()
    assert lines[0] == comtrade.HEADER
    gacc_2024 = next(line for line in lines if line.startswith("GACC,2024,"))
    assert gacc_2024.startswith("GACC,2024,43.82,15.9,27.92,,reported,https://comtradeapi.un.org/public/v1/preview/C/A/HS?")
    assert ",official,," in gacc_2024 and f",{TODAY}," in gacc_2024
    bns_2023 = next(line for line in lines if line.startswith("BNS,2023,"))
    assert bns_2023.startswith("BNS,2023,29.9,15.3,14.6,")  # Kazakhstan reports its exports (X) to China
    assert [line.split(",")[:2] for line in lines[1:]] == sorted(line.split(",")[:2] for line in lines[1:])


def test_hand_sourced_figures_win_and_comtrade_fills_only_gaps(folder, recorded):
    before = load_dataset(folder)
    main(["refresh", "comtrade", "--from", "2019", "--data-dir", str(folder)])
    after = load_dataset(folder)
    assert after.annual_value("BNS", 2023) == 31.4 == before.annual_value("BNS", 2023)  # ours, not Comtrade's 29.9
    assert after.annual_value("GACC", 2024) == 43.82
    assert before.annual_value("GACC", 2019) is None and after.annual_value("GACC", 2019) == pytest.approx(18.7)
    assert before.annual_value("BNS", 2019) is None and after.annual_value("BNS", 2019) == pytest.approx(14.1)
    diff = comtrade.differences(after).set_index(["source", "period"])
    assert diff.loc[("BNS", "2023"), "comtrade_usd_bn"] == pytest.approx(29.9)
    assert diff.loc[("BNS", "2023"), "hand_usd_bn"] == pytest.approx(31.4)
    assert ("GACC", "2023") not in diff.index  # 41.018 against 41.02: within $0.05bn


def test_monthly_refresh_keeps_the_annual_rows(folder, recorded):
    main(["refresh", "comtrade", "--from", "2019", "--data-dir", str(folder)])
    assert main(["refresh", "comtrade", "--from", "2025", "--monthly", "--data-dir", str(folder)]) == 0
    assert any("/C/M/" in url for url, _ in recorded)
    lines = (folder / "comtrade.csv").read_text().splitlines()
    assert any(line.startswith("GACC,2025-01..2025-01,3.3,") for line in lines)
    assert any(line.startswith("BNS,2025-02..2025-02,2.1,") for line in lines)
    assert any(line.startswith("GACC,2019,") for line in lines)
    dataset = load_dataset(folder)
    gacc = dataset.turnover[dataset.turnover["source"] == "GACC"]
    single = gacc[(gacc["start_month"] == gacc["end_month"]) & (gacc["year"] == 2025)]
    assert list(single["kind"]) == ["running_total", "month"]  # January alone is also the year's running total


def test_a_key_uses_the_full_endpoint(folder, recorded, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", "secret")
    assert main(["refresh", "comtrade", "--from", "2019", "--data-dir", str(folder)]) == 0
    assert {url for url, _ in recorded} == {"https://comtradeapi.un.org/data/v1/get/C/A/HS"}
    assert all(f["subscription-key"] == "secret" for _, f in recorded)
    assert "secret" not in (folder / "comtrade.csv").read_text()


def test_an_api_error_is_one_line_and_changes_nothing(folder, monkeypatch, capsys):
    body = (FIXTURES / "error_400.json").read_bytes()
    monkeypatch.setattr(urllib3.PoolManager, "request", lambda self, *a, **k: _Response(400, body))
    before = _files(folder)
    assert main(["refresh", "comtrade", "--data-dir", str(folder)]) == 1
    out = capsys.readouterr()
    assert out.out == "" and len(out.err.strip().splitlines()) == 1
    assert "UN Comtrade gave no usable answer" in out.err and "Invalid parameter" in out.err
    assert _files(folder) == before


def test_offline_through_a_loopback_proxy_is_one_line_and_changes_nothing(folder, monkeypatch, capsys):
    monkeypatch.undo()  # the real transport, but every request goes to a closed port on 127.0.0.1
    monkeypatch.setenv("TRADETARGET_TODAY", TODAY)
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    before = _files(folder)
    assert main(["refresh", "comtrade", "--from", "2025", "--data-dir", str(folder)]) == 1
    out = capsys.readouterr()
    assert out.out == "" and len(out.err.strip().splitlines()) == 1 and "127.0.0.1" in out.err
    assert _files(folder) == before


def test_recorded_responses_have_the_apis_record_fields():
    """The recordings carry every field of a real record (as comtradeapicall's DataFrame columns)."""
    real = (Path(__file__).parent / "fixtures" / "comtrade_annual.csv").read_text().splitlines()[0].split(",")
    for path in FIXTURES.glob("*_*.json"):
        body = json.loads(path.read_text())
        if "data" in body:
            assert set(body) == {"elapsedTime", "count", "data", "error"} and body["count"] == len(body["data"])
            assert all(list(r) == real for r in body["data"])


def test_data_page_shows_comtrade_beside_ours_where_they_differ(folder, recorded, monkeypatch):
    from tests.test_app import open_page

    main(["refresh", "comtrade", "--from", "2019", "--data-dir", str(folder)])
    monkeypatch.setenv("TRADETARGET_DATA", str(folder))
    at = open_page("pages/3_Data_and_sources.py", lang="en")
    assert "UN Comtrade beside the hand-sourced figures" in [h.value for h in at.subheader]
    lines = [m.value for m in at.markdown if "UN Comtrade $29.90bn" in m.value]
    assert lines and "BNS 2023: ours $31.40bn" in lines[0] and "difference \u2212$1.50bn" in lines[0]
